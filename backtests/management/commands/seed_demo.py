"""`manage.py seed_demo`: the demo user (and its personal organization), market data, example
projects and a completed backtest, created once, and the Learning Center's built-in courses;
running it again changes nothing.

A backtests command because the demo spans accounts, projects and backtests.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import Organization, User
from accounts.selectors import personal_organization
from accounts.services import user_signup
from backtests.demo import seed_demo_backtests

DEMO_EMAIL = "demo@qcweb.local"
DEMO_PASSWORD = "demo-password-123"


class Command(BaseCommand):
    help = f"Create the demo user {DEMO_EMAIL} (password {DEMO_PASSWORD}) if missing."

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = user_signup(email=DEMO_EMAIL, password=DEMO_PASSWORD, display_name="Demo Trader")
            self.stdout.write(f"Created demo user {DEMO_EMAIL}")
        else:
            self.stdout.write(f"Demo user {DEMO_EMAIL} already exists")
        organization = personal_organization(user)
        if organization is not None and organization.tier == Organization.Tier.FREE:
            # The demo shows what the paid tiers allow (the REST API and the lean CLI,
            # optimization, live trading, members): Team covers it. New users start on Free.
            organization.tier = Organization.Tier.TEAM
            organization.save(update_fields=["tier"])
            self.stdout.write(f"{organization.name} is on the Team tier")
        seed_demo_backtests(user=user, stdout=self.stdout)  # market data, examples, a backtest
        # The Learning Center's built-in courses (by command name: the community app sits above
        # this one and is not imported here).
        call_command("import_courses", stdout=self.stdout)
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
