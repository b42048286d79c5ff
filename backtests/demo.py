"""Out-of-the-box demo content for `manage.py seed_demo`: market data, example projects from the
project templates, and one completed backtest (run synchronously) so a newcomer sees a full
results page at once. Running it again changes nothing."""

from __future__ import annotations

from typing import TextIO

from accounts.models import User
from accounts.selectors import personal_organization
from backtests.models import Backtest
from backtests.services import (
    backtest_create,
    backtest_dispatch,
    backtest_execute,
    ensure_data_dir,
)
from projects.models import Project
from projects.services import PROJECT_TEMPLATES, project_create

EXAMPLES = ("sma_crossover", "buy_and_hold")
BACKTESTED = "sma_crossover"


def seed_demo_backtests(*, user: User, stdout: TextIO | None = None) -> Backtest | None:
    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    data_dir = ensure_data_dir()
    say(f"Market data: {data_dir}")
    organization = personal_organization(user)
    if organization is None:
        return None
    projects: dict[str, Project] = {}
    for key in EXAMPLES:
        name = PROJECT_TEMPLATES[key].label
        project = Project.objects.filter(organization=organization, name=name).first()
        if project is None:
            project = project_create(organization=organization, owner=user, name=name, template=key)
            say(f"Created example project {name}")
        projects[key] = project
    project = projects[BACKTESTED]
    done = Backtest.objects.filter(project=project, status=Backtest.Status.COMPLETED).first()
    if done is not None:
        return done
    backtest = backtest_create(project=project, user=user, name="Demo SMA Crossover")
    # Run it here (the dispatcher marked it Running; claiming it first makes a later worker
    # pick-up of the same task a no-op).
    backtest_dispatch(organization_id=organization.pk)
    backtest_execute(backtest_id=backtest.pk)
    backtest.refresh_from_db()
    say(f"Demo backtest {backtest.name}: {backtest.get_status_display()}")
    return backtest
