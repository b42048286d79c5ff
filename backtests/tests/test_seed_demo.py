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
    organization = Organization.objects.get()
    assert organization.is_personal
    # The demo shows the API and the lean CLI, optimization and live trading: all on Team.
    assert organization.tier == Organization.Tier.TEAM
    assert Membership.objects.get().role == "owner"
    assert f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}" in capsys.readouterr().out


def test_with_a_lean_data_folder_it_imports_it_and_backtests_on_it(settings, tmp_path, capsys):
    """QCWEB_LEAN_DATA_DIR: the installation's data folder is imported from LEAN's sample data
    (a slice of it here: SPY and the market hours) instead of synthetic data."""
    import shutil

    from backtests.models import Backtest
    from backtests.tests.test_data_imports import lean_data_path

    sample = lean_data_path()
    if not (sample / "equity" / "usa" / "minute" / "spy").is_dir():
        pytest.skip(f"LEAN sample data not found at {sample}")
    lean = tmp_path / "Data"
    for rel in ("equity/usa/minute/spy", "equity/usa/map_files", "equity/usa/factor_files"):
        shutil.copytree(sample / rel, lean / rel)
    (lean / "equity/usa/daily").mkdir(parents=True)
    shutil.copy(sample / "equity/usa/daily/spy.zip", lean / "equity/usa/daily/spy.zip")
    shutil.copytree(sample / "market-hours", lean / "market-hours")
    (lean / "equity/readme.md").write_text("notes")
    settings.QCWEB_LEAN_DATA_DIR = str(lean)
    settings.QCWEB_DATA_DIR = tmp_path / "data"

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "1 refused" in out, out
    data = tmp_path / "data"
    assert (data / "equity/usa/minute/spy/20131007_trade.zip").is_file()
    assert not (data / "SYNTHETIC_DATA.md").exists()
    backtest = Backtest.objects.get()
    assert backtest.name == "Demo on LEAN sample data"
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert not backtest.synthetic_data
    assert backtest.total_orders >= 1
