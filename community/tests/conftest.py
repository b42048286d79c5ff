from __future__ import annotations

import pytest
from django.test import Client

from community.services import discussion_create


@pytest.fixture(autouse=True)
def _own_channel_layer(channel_layer_db):
    """Notifications go through a channel layer of this test, not the developer's var/ one."""
    return channel_layer_db


@pytest.fixture
def demo_settings(settings, tmp_path_factory):
    """A small demo data folder (SPY, the course's dates) and a results folder of this test."""
    from engine.data.demo import generate

    folder = tmp_path_factory.getbasetemp() / "community-demo-data"
    if not folder.exists():
        from datetime import date

        generate(folder, date(2023, 11, 1), date(2024, 4, 30), ["SPY"])
        folder.chmod(0o755)
    settings.QCWEB_DATA_DIR = folder
    settings.QCWEB_BACKTESTS_DIR = tmp_path_factory.mktemp("learning-results")
    settings.QCWEB_BACKTEST_MAX_SECONDS = 120
    return settings


@pytest.fixture
def moderator(make_user):
    user = make_user("mod@example.com", display_name="Mia Moderator")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def discussion(owner):
    """A discussion started by `owner`."""
    return discussion_create(
        author=owner,
        title="How do I warm up an SMA?",
        body="My `SMA(20)` is not ready on the first day.",
        tags="indicators, warm-up",
    )


# A result document in LEAN's BacktestResult shape, small enough to write by hand: the key
# statistics and a three-point equity curve.
RESULT = {
    "statistics": {
        "Net Profit": "12.5%",
        "Sharpe Ratio": "1.234",
        "Drawdown": "4.1%",
        "Total Orders": "7",
        "End Equity": "112500",
    },
    "charts": {
        "Strategy Equity": {
            "series": {
                "Equity": {
                    "values": [
                        [1704205800, 100000, 100000, 100000, 100000],
                        [1704292200, 100000, 101000, 99000, 100500],
                        [1704378600, 100500, 112500, 100500, 112500],
                    ]
                }
            }
        }
    },
}
ALGORITHM = (
    "from AlgorithmImports import *\n\n"
    "class Shared(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.add_equity('SPY')\n"
)


@pytest.fixture
def make_completed_backtest(settings, tmp_path, organization, owner):
    """A Completed backtest of a project of `organization` (or `org`), with RESULT on disk."""
    import json

    from backtests.models import Backtest
    from backtests.services import backtest_create, key_numbers
    from backtests.storage import RESULTS, output_write
    from projects.services import project_create

    settings.QCWEB_BACKTESTS_DIR = tmp_path / "backtests"

    def make(*, user=None, org=None, name="Shared SMA", code=ALGORITHM):
        project = project_create(
            organization=org or organization,
            owner=user or owner,
            name=f"Project {name}",
            files={"main.py": code},
            parameters={"fast": "30"},
        )
        backtest = backtest_create(project=project, user=user or owner, name=name)
        output_write(backtest, RESULTS, json.dumps(RESULT).encode())
        Backtest.objects.filter(pk=backtest.pk).update(
            status=Backtest.Status.COMPLETED, progress=1.0, **key_numbers(RESULT)
        )
        backtest.refresh_from_db()
        return backtest

    return make
