"""Backtest settings, read in one place (defaults here, overrides in qcweb/settings.py or env).

QCWEB_DATA_DIR              LEAN-format data folder the engine reads (default var/demo-data,
                            synthetic demo data generated on first use)
QCWEB_BACKTESTS_DIR         the worker's job folders (snapshot, sandbox output, cancel flag) and,
                            unless QCWEB_RESULTS_DIR says otherwise, results.json / log.txt
                            (var/backtests)
QCWEB_RESULTS_DIR           where the default file-system result storage keeps results.json and
                            log.txt (backtests/storage.py; STORAGES["backtest_results"] replaces it)
QCWEB_BACKTEST_MAX_SECONDS  wall-clock limit of one backtest process (default 600)
QCWEB_BACKTEST_MAX_MEMORY_MB  address-space limit of one backtest process (default 4096)
QCWEB_BACKTEST_STALE_SECONDS  a Running backtest whose worker has not reported for this long
                            is marked "worker stopped" (default 120)
QCWEB_FREE_NODE_DELAY_SECONDS  how long a backtest on a personal organization's free B-MICRO node
                            waits before it starts (default 20, QuantConnect's delay)
QCWEB_BACKTEST_SNAPSHOT_SECONDS  how often a running backtest's engine writes its state for the
                            page's partial results (default 2; 0 turns them off)
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from engine.data.demo import DEFAULT_END, DEFAULT_START, DEFAULT_TICKERS


def _get(name: str, default):
    return getattr(settings, name, default)


def data_dir() -> Path:
    return Path(_get("QCWEB_DATA_DIR", settings.VAR_DIR / "demo-data"))


def backtests_dir() -> Path:
    return Path(_get("QCWEB_BACKTESTS_DIR", settings.VAR_DIR / "backtests"))


def results_dir() -> Path:
    value = _get("QCWEB_RESULTS_DIR", None)
    return Path(value) if value else backtests_dir()


def max_seconds() -> float:
    return float(_get("QCWEB_BACKTEST_MAX_SECONDS", 600))


def max_memory_mb() -> int:
    return int(_get("QCWEB_BACKTEST_MAX_MEMORY_MB", 4096))


def snapshot_seconds() -> float:
    return float(_get("QCWEB_BACKTEST_SNAPSHOT_SECONDS", 2.0))


def free_node_delay_seconds() -> float:
    from accounts.catalog import INCLUDED_BACKTEST_NODE_DELAY_SECONDS

    return float(_get("QCWEB_FREE_NODE_DELAY_SECONDS", INCLUDED_BACKTEST_NODE_DELAY_SECONDS))


def stale_seconds() -> float:
    return float(_get("QCWEB_BACKTEST_STALE_SECONDS", 120))


# Demo data generated when QCWEB_DATA_DIR points at an empty folder: the engine's default demo
# range (2023-2024, four tickers, about 10 s once), which the project templates use.
DEMO_START = DEFAULT_START
DEMO_END = DEFAULT_END
DEMO_TICKERS = DEFAULT_TICKERS
