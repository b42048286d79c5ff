"""Tier rules of backtests (QuantConnect's tier features and log quotas): orders per backtest,
second and tick data, the custom series cap, the daily log quota. Each refusal names the tier that
allows more. The engine side of each rule is in engine/tests/runner/test_controls.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.limits import MB, tier_allowing_more, upgrade_hint
from accounts.models import Organization
from backtests.models import Backtest, LogUsage
from backtests.services import backtest_create
from backtests.services.execution import daily_log_bytes_left, tier_controls
from backtests.tests.conftest import run_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)


def _tier(organization, tier):
    organization.tier = tier
    organization.save(update_fields=["tier"])
    return organization


def test_the_tier_that_allows_more():
    assert tier_allowing_more("free", "api_access") == "Quant Researcher"
    assert tier_allowing_more("free", "orders_per_backtest") == "Quant Researcher"
    assert tier_allowing_more("researcher", "orders_per_backtest") == "Team"
    assert tier_allowing_more("team", "orders_per_backtest") is None  # unlimited already
    assert tier_allowing_more("free", "log_bytes_per_day") == "Team"  # Researcher: 3 MB too
    assert tier_allowing_more("free", "second_tick_data") == "Quant Researcher"
    assert tier_allowing_more("team", "coding_sessions") == "Trading Firm"
    assert tier_allowing_more("institution", "coding_sessions") is None


def test_free_backtests_get_the_order_cap_and_minute_data(organization):
    argv = tier_controls(_tier(organization, Organization.Tier.FREE))
    assert argv[argv.index("--max-orders") + 1] == "10000"
    assert argv[argv.index("--lowest-resolution") + 1] == "minute"
    notes = [argv[i + 1] for i, a in enumerate(argv) if a == "--limit-note"]
    assert notes == [
        "orders=The Quant Researcher tier and above allow more orders per backtest: "
        "upgrade Acme Capital on its Billing page.",
        "resolution=The Quant Researcher tier and above allow second and tick data: "
        "upgrade Acme Capital on its Billing page.",
    ]
    assert "--stop-past-series-cap" in argv


def test_researcher_gets_ten_million_orders_and_team_no_cap(organization):
    argv = tier_controls(_tier(organization, Organization.Tier.RESEARCHER))
    assert argv[argv.index("--max-orders") + 1] == "10000000"
    assert "--lowest-resolution" not in argv
    assert any("Team tier and above allow more orders" in a for a in argv)
    argv = tier_controls(_tier(organization, Organization.Tier.TEAM))
    assert "--max-orders" not in argv and "--lowest-resolution" not in argv
    assert "--stop-past-series-cap" in argv  # the series cap is the same on every tier


SECOND = (
    "from AlgorithmImports import *\n\n"
    "class Fine(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.set_start_date(2024, 1, 2)\n"
    "        self.set_end_date(2024, 1, 5)\n"
    "        self.add_equity('SPY', Resolution.SECOND)\n"
)


def test_second_data_on_free_is_a_runtime_error_naming_the_tier(
    bt_settings, make_project, owner, organization
):
    _tier(organization, Organization.Tier.FREE)
    backtest = run_now(backtest_create(project=make_project(SECOND, name="fine"), user=owner))
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "Second resolution data is not available" in backtest.error
    assert "The Quant Researcher tier and above allow second and tick data" in backtest.error


SERIES = (
    "from AlgorithmImports import *\n\n"
    "class Plots(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.set_start_date(2024, 1, 2)\n"
    "        self.set_end_date(2024, 1, 31)\n"
    "        self.add_equity('SPY', Resolution.DAILY)\n"
    "        self.days = 0\n"
    "    def on_data(self, data):\n"
    "        self.days += 1\n"
    "        for i in range(11):\n"
    "            self.plot('Mine', f's{i}', i)\n"
    "    def on_end_of_algorithm(self):\n"
    "        self.log(f'DAYS {self.days}')\n"
)


def test_past_the_series_cap_the_backtest_stops(bt_settings, make_project, owner):
    backtest = run_now(backtest_create(project=make_project(SERIES, name="plots"), user=owner))
    text = backtest.log_path.read_text()
    assert "Exceeded maximum series count: Each backtest can have up to 10 series" in text
    assert "DAYS 1\n" in text  # stopped on its first day


CHATTY = (
    "from AlgorithmImports import *\n\n"
    "class Chatty(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.set_start_date(2024, 1, 2)\n"
    "        self.set_end_date(2024, 1, 5)\n"
    "        self.add_equity('SPY', Resolution.DAILY)\n"
    "        for i in range(200):\n"
    "            self.log(f'line {i}')\n"
)


def test_the_daily_log_quota_counts_the_last_24_hours(
    bt_settings, make_project, owner, organization
):
    _tier(organization, Organization.Tier.FREE)  # 3 MB a day
    assert daily_log_bytes_left(organization) == 3 * MB
    # A day-old use no longer counts; today's does, even once its backtest is deleted.
    LogUsage.objects.create(
        organization=organization, bytes=3 * MB, created=timezone.now() - timedelta(hours=25)
    )
    LogUsage.objects.create(organization=organization, bytes=3 * MB - 300)
    assert daily_log_bytes_left(organization) == 300
    backtest = run_now(backtest_create(project=make_project(CHATTY, name="chatty"), user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    text = backtest.log_path.read_text()
    assert "line 0\n" in text and "line 199" not in text
    assert "reached the Free tier's daily log quota (the last 24 hours)" in text
    assert upgrade_hint(organization, "log_bytes_per_day", "more logs a day") in text
    assert "The Team tier and above allow more logs a day" in text
    used = LogUsage.objects.get(backtest_id=backtest.backtest_id).bytes
    assert used == len(text.encode())
    backtest.delete()
    assert daily_log_bytes_left(organization) == max(300 - used, 0)


def test_unlimited_tiers_have_no_daily_quota(organization):
    assert daily_log_bytes_left(_tier(organization, Organization.Tier.INSTITUTION)) is None


CHATTY_PLOTS = CHATTY + (
    "    def on_data(self, data):\n"
    "        for i in range(12):\n"
    "            self.plot('Many', f'series {i}', i)\n"
)


def test_past_the_log_limit_the_error_that_stopped_the_run_is_kept(
    bt_settings, make_project, owner, organization
):
    # the series cap stops the run after the Free tier's 10 KB of log: its error is still read
    _tier(organization, Organization.Tier.FREE)
    project = make_project(CHATTY_PLOTS.replace("range(200)", "range(2000)"), name="plots")
    backtest = run_now(backtest_create(project=project, user=owner))
    text = backtest.log_path.read_text()
    assert "line 0\n" in text and "line 1999" not in text
    assert "later lines were dropped, apart from the error after this note." in text
    assert text.rstrip().endswith(
        "ERROR:: Exceeded maximum series count: Each backtest can have up to 10 series in total."
    )


def test_a_cut_log_keeps_only_the_last_errors_each_cut_short():
    from backtests.services.execution import KEPT_ERROR_CHARS, KEPT_ERRORS, log_within_limit

    lines = [f"2024-01-02 10:00:00 line {i}" for i in range(100)]
    lines += [f"2024-01-02 11:00:00 ERROR:: failure {i} " + "x" * 3000 for i in range(30)]
    kept = log_within_limit(
        "\n".join(lines).encode(), limit=1024, tier="Free", hints=("Upgrade.", "")
    ).decode()
    tail = kept.split("LOG LIMIT:: ", 1)[1].splitlines()
    assert tail[0].endswith("apart from the errors after this note. Upgrade.")
    errors = tail[1:]
    assert len(errors) == KEPT_ERRORS and "failure 10 " in errors[0] and "failure 29 " in errors[-1]
    assert all(len(line) == KEPT_ERROR_CHARS for line in errors)
    assert "line 99" not in kept and len(kept) < 1024 + KEPT_ERRORS * (KEPT_ERROR_CHARS + 1) + 300
