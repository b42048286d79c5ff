"""Live trading fixtures: a small synthetic data folder (session), isolated deployment folders,
projects, and a live node of the organization."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PAPER = """from AlgorithmImports import *


class Paper(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if self.spy in data.bars:
            self.log(f"bar {self.time} {data.bars[self.spy].close}")
            self.plot("Prices", "SPY", data.bars[self.spy].close)
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 0.5)
"""

CRASH = """from AlgorithmImports import *


class Crashy(QCAlgorithm):
    def initialize(self):
        self.add_equity("SPY", Resolution.MINUTE)

    def on_data(self, data):
        return {}["missing"]
"""

# fails in initialize: before the engine saved any state
CRASH_AT_START = """from AlgorithmImports import *


class CrashyStart(QCAlgorithm):
    def initialize(self):
        self.add_equity("SPY", Resolution.MINUTE)
        self.threshold = {}["missing"]
"""


@pytest.fixture(scope="session")
def live_data(tmp_path_factory) -> Path:
    from engine.data.demo import generate

    folder = tmp_path_factory.mktemp("live-data")
    generate(folder, "2024-01-02", "2024-01-05", ["SPY", "QQQ"])
    folder.chmod(0o755)  # the sandbox's uid reads it (pytest makes its folders 0700)
    return folder


@pytest.fixture
def live_settings(settings, tmp_path, live_data, channel_layer_db):
    settings.QCWEB_DATA_DIR = live_data
    settings.QCWEB_LIVE_DIR = tmp_path / "live"
    # the test's own feed folders: never the developer's var/live-feed, never another worker's
    settings.QCWEB_LIVE_FEED_DIR = tmp_path / "live-feed"
    settings.QCWEB_LIVE_SNAPSHOT_SECONDS = 0.2
    # The job starts through `qcweb.sandbox` either way; where bubblewrap is missing (some
    # development machines) it runs without isolation rather than being refused.
    if shutil.which("bwrap") is None:
        settings.QCWEB_UNSAFE_NO_SANDBOX = True
    return settings


@pytest.fixture
def make_project(organization, owner):
    from projects.services import project_create

    def make(code: str = PAPER, *, name: str = "Paper", org=None, user=None):
        return project_create(
            organization=org or organization,
            owner=user or owner,
            name=name,
            files={"main.py": code},
            parameters={},
        )

    return make


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.fixture
def node(organization):
    from accounts.models import Node

    return Node.objects.create(
        organization=organization, kind=Node.Kind.LIVE, model="L-MICRO", name="L-1"
    )


@pytest.fixture
def no_enqueue(monkeypatch) -> list[int]:
    """Deployments are queued but not run (the tests run the worker body themselves)."""
    queued: list[int] = []
    monkeypatch.setattr("live.tasks.run_live_task", queued.append)
    return queued


@pytest.fixture
def live_site(live_settings, tmp_path):
    """The site served by daphne with a real Huey consumer (`tests.daphne`); yields its URL."""
    import live.tasks  # noqa: F401  (the consumer here runs the deployments)
    from tests.daphne import daphne_site

    with daphne_site(tmp_path / "huey.sqlite3") as url:
        yield url
