"""Backtest test fixtures: small synthetic data (session), isolated result folders, projects.

ALGORITHMS holds small algorithms for the demo data range 2024-01-02..2024-02-29 (SPY, AAPL).
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_START = "2024-01-02"
DATA_END = "2024-02-29"

SMA = """from AlgorithmImports import *


class SmaAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 2, 28)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.fast_period = int(self.get_parameter("fast", 30))
        self.closes = []

    def on_data(self, data):
        bar = data.bars.get(self.spy)
        if bar is None:
            return
        self.closes.append(bar.close)
        if len(self.closes) < 120:
            return
        fast = sum(self.closes[-self.fast_period:]) / self.fast_period
        slow = sum(self.closes[-120:]) / 120
        if self.time.minute == 0:
            self.plot("Moving averages", "fast", fast)
            self.plot("Moving averages", "slow", slow)
        if fast > slow and not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
            self.log(f"buy at {bar.close}")
        elif fast < slow and self.portfolio.invested:
            self.liquidate(self.spy)
"""

ALGORITHMS = {
    "sma": SMA,
    "syntax_error": "from AlgorithmImports import *\n\nclass Broken(QCAlgorithm):\n    def initialize(self)\n        pass\n",
    "forbidden_import": (
        "from AlgorithmImports import *\nimport subprocess\n\n"
        "class Sneaky(QCAlgorithm):\n    def initialize(self):\n        self.set_start_date(2024, 1, 2)\n"
        "        self.set_end_date(2024, 1, 10)\n"
    ),
    "on_data_exception": (
        "from AlgorithmImports import *\n\n"
        "class Crashy(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        self.set_start_date(2024, 1, 2)\n"
        "        self.set_end_date(2024, 1, 10)\n"
        "        self.add_equity('SPY', Resolution.DAILY)\n"
        "\n"
        "    def on_data(self, data):\n"
        "        x = {}\n"
        "        return x['missing']\n"
    ),
    "infinite_loop": (
        "from AlgorithmImports import *\n\n"
        "class Forever(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        self.set_start_date(2024, 1, 2)\n"
        "        self.set_end_date(2024, 1, 10)\n"
        "        self.add_equity('SPY', Resolution.DAILY)\n"
        "\n"
        "    def on_data(self, data):\n"
        "        n = 0\n"
        "        while True:\n"
        "            n += 1\n"
    ),
    "memory_hog": (
        "from AlgorithmImports import *\n\n"
        "class Hungry(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        self.set_start_date(2024, 1, 2)\n"
        "        self.set_end_date(2024, 1, 10)\n"
        "        self.add_equity('SPY', Resolution.DAILY)\n"
        "\n"
        "    def on_data(self, data):\n"
        "        hoard = []\n"
        "        while True:\n"
        "            hoard.append(bytearray(64 * 1024 * 1024))\n"
    ),
}


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    from engine.data.demo import generate

    folder = tmp_path_factory.mktemp("demo-data")
    generate(folder, DATA_START, DATA_END, ["SPY", "AAPL"])
    folder.chmod(0o755)  # the sandbox's uid reads it (pytest makes its folders 0700)
    return folder


@pytest.fixture
def bt_settings(settings, tmp_path, demo_data, channel_layer_db):
    settings.QCWEB_DATA_DIR = demo_data
    settings.QCWEB_BACKTESTS_DIR = tmp_path / "backtests"
    settings.QCWEB_BACKTEST_MAX_SECONDS = 60
    settings.QCWEB_BACKTEST_MAX_MEMORY_MB = 4096
    return settings


@pytest.fixture
def make_project(organization, owner):
    from projects.services import project_create

    def make(
        code: str = SMA, *, name: str = "Algo", parameters: dict | None = None, org=None, user=None
    ):
        return project_create(
            organization=org or organization,
            owner=user or owner,
            name=name,
            files={"main.py": code},
            parameters=parameters or {},
        )

    return make


@pytest.fixture
def project(make_project):
    return make_project(SMA, name="SMA test", parameters={"fast": "30"})


def run_now(backtest):
    """Dispatch and run one backtest in this thread (what the Huey worker does)."""
    from backtests.models import Backtest
    from backtests.services import backtest_dispatch, backtest_execute

    backtest_dispatch(organization_id=backtest.organization_id)
    backtest_execute(backtest_id=backtest.pk)
    return Backtest.objects.get(pk=backtest.pk)


@pytest.fixture(scope="session")
def sample_result(tmp_path_factory, demo_data) -> dict:
    """A real result document of the SMA algorithm (engine run in-process once per session)."""
    from engine.api import run_backtest

    project_dir = tmp_path_factory.mktemp("sample-project")
    (project_dir / "main.py").write_text(SMA)
    outcome = run_backtest(project_dir, data_dir=demo_data, parameters={"fast": "30"})
    assert outcome.error is None, outcome.error
    import json

    from engine.runner.backtest import write_outputs

    out_dir = tmp_path_factory.mktemp("sample-out")
    write_outputs(outcome, out_dir)  # the document exactly as the engine writes it
    return json.loads((out_dir / "results.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_completed(bt_settings, owner, sample_result):
    """A Completed backtest of `project` with the sample result on disk (no engine run)."""
    import json

    from backtests.models import Backtest
    from backtests.services import backtest_create, key_numbers

    def make(project, *, name: str | None = None, result: dict | None = None, user=None):
        from backtests.storage import LOG, RESULTS, output_write

        backtest = backtest_create(project=project, user=user or owner, name=name)
        document = result or sample_result
        output_write(backtest, RESULTS, json.dumps(document).encode())
        output_write(backtest, LOG, ("\n".join(document.get("logs") or []) + "\n").encode())
        Backtest.objects.filter(pk=backtest.pk).update(
            status=Backtest.Status.COMPLETED, progress=1.0, **key_numbers(document)
        )
        backtest.refresh_from_db()
        return backtest

    return make


@pytest.fixture
def huey_consumer(tmp_path):
    """A real Huey consumer (2 worker threads) on an isolated SQLite queue file."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
    consumer = HUEY.create_consumer(
        workers=2, worker_type="thread", periodic=False, check_worker_health=False
    )
    consumer._set_signal_handlers = lambda: None  # pytest owns the main thread's signals
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.storage.close()
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate


def wait_until(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


# A backtest that takes a few seconds of wall time (a pause per daily bar), trading and logging
# every day: its page has partial results to show while it runs.
SLOW = """import time as clock

from AlgorithmImports import *


class Slow(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 2, 28)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.pause = float(self.get_parameter("pause", 0.25))

    def on_data(self, data):
        clock.sleep(self.pause)
        self.log(f"day {self.time.date()} close {self.securities[self.spy].price}")
        if self.portfolio.invested:
            self.liquidate(self.spy)
        else:
            self.set_holdings(self.spy, 0.5)
"""


@pytest.fixture
def backtest_site(bt_settings, tmp_path):
    """The site served by daphne (websockets included) with a real Huey consumer running the
    backtests it queues (`tests.daphne`); yields its URL."""
    import backtests.tasks  # noqa: F401  (the consumer here runs the backtests)
    from tests.daphne import daphne_site

    with daphne_site(tmp_path / "huey.sqlite3") as url:
        yield url
