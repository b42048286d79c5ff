"""Demo data (synthetic, generated once per session) for the QuantBook tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(
    0, str(Path(__file__).resolve().parents[1] / "runner")
)  # helpers.run / write_project


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    from engine.data.demo import generate

    return generate(
        tmp_path_factory.mktemp("demo"), "2024-06-24", "2024-07-19", ["SPY", "AAPL", "MSFT"], seed=5
    )
