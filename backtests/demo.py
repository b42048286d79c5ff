"""Out-of-the-box demo content for `manage.py seed_demo`: market data, example projects from the
project templates, and one completed backtest (run synchronously) so a newcomer sees a full
results page at once. Running it again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.conf import settings

from accounts.models import User
from accounts.selectors import personal_organization
from backtests.data_library.services import installation_import_lean
from backtests.models import Backtest
from backtests.services import (
    backtest_create,
    backtest_dispatch,
    backtest_execute,
    ensure_data_dir,
)
from engine.data import is_synthetic
from projects.models import Project
from projects.services import PROJECT_TEMPLATES, project_create

EXAMPLES = ("sma_crossover", "buy_and_hold")
BACKTESTED = "sma_crossover"
# The example backtested on LEAN's sample data folder (SPY minute bars of 7-11 October 2013).
LEAN_SAMPLE_PROJECT = "SPY on LEAN sample data"
LEAN_SAMPLE_CODE = """from AlgorithmImports import *


class SampleDataSpy(QCAlgorithm):
    \"\"\"Buys SPY on LEAN's sample data, which has its minute bars for 7-11 October 2013.\"\"\"

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
"""


def lean_data_import(say) -> None:
    """With QCWEB_LEAN_DATA_DIR set, the installation's data folder is that LEAN folder's
    (imported through the data library, every file checked) instead of synthetic data."""
    folder = str(getattr(settings, "QCWEB_LEAN_DATA_DIR", "") or "")
    if not folder:
        return
    source = Path(folder)
    if not source.is_dir():
        say(f"QCWEB_LEAN_DATA_DIR={folder} is not a folder: using the synthetic demo data")
        return
    outcome = installation_import_lean(source)
    if outcome is None:
        say("The data folder already holds market data: QCWEB_LEAN_DATA_DIR not imported")
        return
    report, added = outcome
    say(
        f"Imported {len(report['imported'])} files ({added:,} bytes) of {source}; "
        f"{len(report['refused'])} refused (not read by this engine or not LEAN's layout)"
    )


def seed_demo_backtests(*, user: User, stdout: TextIO | None = None) -> Backtest | None:
    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    lean_data_import(say)
    data_dir = ensure_data_dir()
    say(f"Market data: {data_dir}{' (synthetic)' if is_synthetic(data_dir) else ''}")
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
    if not is_synthetic(data_dir) and (data_dir / "equity/usa/minute/spy").is_dir():
        project = Project.objects.filter(
            organization=organization, name=LEAN_SAMPLE_PROJECT
        ).first()
        if project is None:
            project = project_create(
                organization=organization,
                owner=user,
                name=LEAN_SAMPLE_PROJECT,
                files={"main.py": LEAN_SAMPLE_CODE},
            )
            say(f"Created example project {LEAN_SAMPLE_PROJECT}")
    done = Backtest.objects.filter(project=project, status=Backtest.Status.COMPLETED).first()
    if done is not None:
        return done
    name = "Demo SMA Crossover" if project == projects[BACKTESTED] else "Demo on LEAN sample data"
    backtest = backtest_create(project=project, user=user, name=name)
    # Run it here (the dispatcher marked it Running; claiming it first makes a later worker
    # pick-up of the same task a no-op).
    backtest_dispatch(organization_id=organization.pk)
    backtest_execute(backtest_id=backtest.pk)
    backtest.refresh_from_db()
    say(f"Demo backtest {backtest.name}: {backtest.get_status_display()}")
    return backtest
