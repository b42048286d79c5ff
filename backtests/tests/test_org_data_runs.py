"""A backtest reads its organization's imported data laid over the installation's data folder
(through the sandbox's read-only mounts); another organization's backtest does not see it."""

from __future__ import annotations

import pytest

from backtests.data_library.services import import_table
from backtests.services import backtest_create
from backtests.tests.conftest import run_now
from qcweb import sandbox

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db(transaction=True)]

ALGORITHM = """from AlgorithmImports import *


class UsesImported(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 12)
        self.set_cash(100000)
        self.xyz = self.add_equity("XYZ", Resolution.DAILY).symbol
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol

    def on_data(self, data):
        bar = data.bars.get(self.xyz)
        if bar is not None:
            self.log(f"XYZ close {bar.close}")
        if data.bars.get(self.spy) is not None:
            self.log("SPY bar")
"""


def write_csv(tmp_path):
    rows = ["date,open,high,low,close,volume"]
    for day, close in zip(range(2, 13), range(50, 61), strict=False):
        rows.append(f"2024-01-{day:02d},{close},{close + 1},{close - 1},{close},1000")
    path = tmp_path / "xyz.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_backtest_reads_the_organizations_imported_data(
    bt_settings, tmp_path, organization, owner, make_project, make_user
):
    report, _ = import_table(
        write_csv(tmp_path),
        organization=organization,
        options={"asset_class": "equity", "symbol": "xyz", "resolution": "daily"},
    )
    assert report["refused"] == []
    backtest = run_now(backtest_create(project=make_project(ALGORITHM), user=owner))
    log = backtest.log_path.read_text()
    assert backtest.status == "Completed", (backtest.error, log[-2000:])
    closes = [line.split("XYZ close ")[1] for line in log.splitlines() if "XYZ close " in line]
    assert closes and closes[0] in ("50", "50.0")
    assert "SPY bar" in log  # the installation's data is still there
    assert backtest.isolated == (sandbox.availability().isolated)
    # the results page names the datasets it read, linked to their pages
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(owner)
    page = client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    section = page.split('id="datasets-used"', 1)[1].split("</section>", 1)[0]
    assert reverse("datasets:symbol", args=["equity", "usa", "xyz"]) in section
    assert "organization's import" in section
    assert reverse("datasets:symbol", args=["equity", "usa", "spy"]) in section
    assert "installation" in section

    # another organization's backtest of the same code has no XYZ data
    from accounts.services import organization_create

    other_owner = make_user("other@example.com")
    other = organization_create(owner=other_owner, name="Other org")
    project = make_project(ALGORITHM, org=other, user=other_owner)
    other_run = run_now(backtest_create(project=project, user=other_owner))
    other_log = other_run.log_path.read_text() + (other_run.error or "")
    assert "XYZ close" not in other_log
    assert backtest.data_fingerprint != other_run.data_fingerprint


def test_layer_plan_binds_whole_entries_and_merges_shared_folders(tmp_path):
    base, top = tmp_path / "base", tmp_path / "top"
    for path in ("equity/usa/daily/spy.zip", "equity/usa/daily/aapl.zip", "forex/x.zip"):
        (base / path).parent.mkdir(parents=True, exist_ok=True)
        (base / path).write_text("base")
    for path in ("equity/usa/daily/spy.zip", "equity/usa/daily/xyz.zip", "crypto/c.zip"):
        (top / path).parent.mkdir(parents=True, exist_ok=True)
        (top / path).write_text("top")
    plan = dict(sandbox.layer_plan(base, top))
    assert plan[""] is None and plan["equity"] is None and plan["equity/usa/daily"] is None
    assert plan["equity/usa/daily/spy.zip"] == top / "equity/usa/daily/spy.zip"  # top wins
    assert plan["equity/usa/daily/aapl.zip"] == base / "equity/usa/daily/aapl.zip"
    assert plan["equity/usa/daily/xyz.zip"] == top / "equity/usa/daily/xyz.zip"
    assert plan["forex"] == base / "forex" and plan["crypto"] == top / "crypto"
    assert "forex/x.zip" not in plan  # bound whole with its folder
