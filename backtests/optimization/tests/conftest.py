"""Optimization fixtures: a quick parameterized algorithm and a project with a timed backtest."""

from __future__ import annotations

import pytest

from backtests.tests.conftest import (  # noqa: F401  (fixtures shared with the backtests tests)
    bt_settings,
    demo_data,
    huey_consumer,
    make_completed,
    make_project,
    sample_result,
)
from tests.redis_server import redis_url  # noqa: F401  (a throwaway Redis server)

# Daily bars of a few weeks: a run takes about a second. `period` 3 raises, so one backtest of a
# search fails while the others go on.
PARAMETERIZED = """from AlgorithmImports import *


class Param(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 31)
        self.set_cash(100000)
        self.period = int(self.get_parameter("period", 2))
        self.weight = float(self.get_parameter("weight", 1))
        if self.period == 3:
            raise ValueError("period 3 is not supported")
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.days = 0

    def on_data(self, data):
        self.days += 1
        if self.days % self.period == 0:
            self.set_holdings(self.spy, self.weight if not self.portfolio.invested else 0)
"""


@pytest.fixture
def opt_project(make_project, make_completed, organization, owner):  # noqa: F811
    """A project with parameters `period` and `weight`, one completed 2-second backtest and
    10,000 QCC in its organization."""
    from datetime import timedelta

    from accounts.services.credit import credit_grant
    from backtests.models import Backtest

    project = make_project(PARAMETERIZED, name="Param", parameters={"period": "2", "weight": "1"})
    backtest = make_completed(project)
    finished = backtest.created + timedelta(seconds=2)
    Backtest.objects.filter(pk=backtest.pk).update(
        started_at=backtest.created, finished_at=finished
    )
    credit_grant(organization=organization, qcc=10_000, reason="tests")
    return project
