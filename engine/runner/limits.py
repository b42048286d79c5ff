"""Run supervision for the CLI: status file, cancel file, time and memory limits."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from engine.errors import BacktestStopped


def write_json_atomic(path: Path, data: dict[str, Any], default: Any = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old or the new document, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, default=default), encoding="utf-8")
    os.replace(tmp, path)


def set_memory_limit(megabytes: int) -> None:
    """Cap the process address space (``RLIMIT_AS``); allocations beyond raise MemoryError."""
    import resource

    limit = int(megabytes) * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Supervisor:
    """Progress/status reporting and stop conditions for one run.

    ``should_cancel()`` (polled by the loop) is True once the cancel file exists or the time limit
    passed; a SIGALRM a few seconds after the limit interrupts user code that never returns.
    """

    HARD_STOP_GRACE = 3

    def __init__(
        self,
        status_file: str | Path | None = None,
        cancel_file: str | Path | None = None,
        max_seconds: float | None = None,
        interval: float = 1.0,
    ) -> None:
        self.status_file = Path(status_file) if status_file else None
        self.cancel_file = Path(cancel_file) if cancel_file else None
        self.max_seconds = max_seconds
        self.interval = interval
        self.started = time.monotonic()
        self.progress = 0.0
        self.status = "Running"
        self.stop_reason = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._old_alarm: Any = None

    # -- callbacks for run_backtest --------------------------------------------------------------
    def on_progress(self, fraction: float) -> None:
        self.progress = float(fraction)

    def should_cancel(self) -> bool:
        if self.cancel_file is not None and self.cancel_file.exists():
            self.stop_reason = "cancelled"
            return True
        if self.max_seconds is not None and time.monotonic() - self.started > self.max_seconds:
            self.stop_reason = "time"
            return True
        return False

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> None:
        self.write_status()
        if self.status_file is not None:
            self._thread = threading.Thread(target=self._loop, name="qcweb-status", daemon=True)
            self._thread.start()
        if self.max_seconds is not None and hasattr(signal, "SIGALRM"):
            self._old_alarm = signal.signal(signal.SIGALRM, self._alarm)
            signal.alarm(int(self.max_seconds) + self.HARD_STOP_GRACE)

    def _alarm(self, signum: int, frame: Any) -> None:
        self.stop_reason = "time"
        raise BacktestStopped(self.time_limit_message())

    def time_limit_message(self) -> str:
        return (
            f"The backtest exceeded its time limit of {self.max_seconds:g} seconds and was stopped."
        )

    def stop(self, status: str, error: str | None = None) -> None:
        if self.max_seconds is not None and hasattr(signal, "SIGALRM"):
            signal.alarm(0)
            if self._old_alarm is not None:
                signal.signal(signal.SIGALRM, self._old_alarm)
        self.status = status
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if status == "Completed":
            self.progress = 1.0
        self.write_status(error)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.write_status()

    def write_status(self, error: str | None = None) -> None:
        if self.status_file is None:
            return
        data: dict[str, Any] = {
            "progress": round(self.progress, 4),
            "status": self.status,
            "elapsed": round(time.monotonic() - self.started, 2),
        }
        if error:
            data["error"] = error
        try:
            write_json_atomic(self.status_file, data)
        except OSError:
            pass
