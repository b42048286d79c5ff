"""Shared engine test fixtures (no Django needed).

``lean_data``: Path of the real LEAN sample data folder. Located via the environment variable
``QCWEB_LEAN_DATA``, else ``<repo>/../shared/lean-data`` (CI clones the repo with ``shared/``
beside it). Tests using the fixture are skipped when the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def lean_data_path() -> Path:
    """Where the LEAN sample data is expected (it may not exist)."""
    env = os.environ.get("QCWEB_LEAN_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "lean-data"


@pytest.fixture(scope="session")
def lean_data() -> Path:
    path = lean_data_path()
    if not path.is_dir():
        pytest.skip(f"LEAN sample data not found at {path} (set QCWEB_LEAN_DATA)")
    return path


@pytest.fixture(autouse=True)
def _test_settings() -> None:
    """Engine tests run without Django: shadow the web apps' autouse settings/cache fixture."""
