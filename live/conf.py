"""Live trading settings, read in one place (defaults here, overrides in qcweb/settings.py or env).

QCWEB_LIVE_DIR              where each deployment's snapshot, saved state and log go (var/live)
QCWEB_LIVE_MAX_MEMORY_MB    address-space limit of one live engine process (default 4096)
QCWEB_LIVE_SNAPSHOT_SECONDS how often the engine writes its state for the worker (default 1)
QCWEB_LIVE_STOP_GRACE_SECONDS  after a stop request, seconds before the process is killed (5)
QCWEB_LIVE_FEED_DIR         the live folder feeds: one folder per organization id (var/live-feed)
QCWEB_LIVE_TIME_LOOP_MAXIMUM_SECONDS  a live engine whose state has not moved for this long is
                            stuck in one time step and is stopped with a runtime error (600)
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# Attempts of an automatic restart after a runtime error before the deployment stays stopped
# (QuantConnect restarts a crashed algorithm up to five times).
MAX_RESTARTS = 5
# The data feed of QuantConnect Paper Trading here: no market connection, so recorded data.
BROKERAGE = "QuantConnect Paper Trading"
# Equity points kept per deployment (the equity chart), oldest thinned first.
MAX_EQUITY_POINTS = 4000


def live_dir() -> Path:
    return Path(getattr(settings, "QCWEB_LIVE_DIR", settings.VAR_DIR / "live"))


def max_memory_mb() -> int:
    return int(getattr(settings, "QCWEB_LIVE_MAX_MEMORY_MB", 4096))


def snapshot_seconds() -> float:
    return float(getattr(settings, "QCWEB_LIVE_SNAPSHOT_SECONDS", 1.0))


def stop_grace_seconds() -> float:
    return float(getattr(settings, "QCWEB_LIVE_STOP_GRACE_SECONDS", 5.0))


# A Running deployment whose worker has not reported for this long has lost its worker: the
# periodic task resumes it elsewhere, and the page says so meanwhile.
STALE_SECONDS = 120


def time_loop_maximum_seconds() -> float:
    """LEAN stops an algorithm that spends longer than "algorithm-manager-time-loop-maximum" in
    one time step (Engine/AlgorithmTimeLimitManager.cs; QuantConnect's cloud uses 10 minutes). A
    live engine advances its state at every time step and time pulse (at least every second), so
    the worker treats a state unchanged this long as such a step."""
    return float(getattr(settings, "QCWEB_LIVE_TIME_LOOP_MAXIMUM_SECONDS", 600.0))


def feed_dir(organization_id: int) -> Path:
    """Where bars for the organization's live folder feed are written (CSV files; see
    engine.runner.livefeed.FolderFeed), read by its deployments on the folder feed."""
    base = Path(getattr(settings, "QCWEB_LIVE_FEED_DIR", settings.VAR_DIR / "live-feed"))
    return base / str(organization_id)
