from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Membership, Organization, User
from backtests.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_creates_the_demo_user_once(capsys, bt_settings):
    # bt_settings: the session's small data folder; the default one (var/demo-data) would be
    # generated here for the whole demo range, and the demo backtest run over it (minutes).
    call_command("seed_demo")
    call_command("seed_demo")

    user = User.objects.get()
    assert user.email == DEMO_EMAIL
    assert user.check_password(DEMO_PASSWORD)
    assert Organization.objects.get().is_personal
    assert Membership.objects.get().role == "owner"
    assert f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}" in capsys.readouterr().out
