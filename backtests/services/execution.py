"""Worker side of backtests: `backtest_execute` claims a dispatched backtest, runs the engine in
its own process (`python -m engine backtest ...` with time and memory limits), follows its status
file, publishes progress, stores the outcome and key numbers, then dispatches the next one.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from backtests import conf
from backtests.fingerprint import backtest_fingerprint, data_fingerprint, engine_version
from backtests.models import Backtest
from backtests.services.core import (
    _read_json,
    backtest_dispatch,
    backtest_publish,
    snapshot_tree,
    write_snapshot,
)
from engine.data import is_synthetic

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.4
CANCEL_GRACE_SECONDS = 5  # then the process is killed (user code that never yields)
HARD_KILL_MARGIN_SECONDS = 30


# -- data -----------------------------------------------------------------------------------------
def ensure_data_dir() -> Path:
    """The data folder; generates the synthetic demo data when it is empty or missing."""
    folder = conf.data_dir()
    if folder.exists() and any(folder.iterdir()):
        return folder
    from engine.data.demo import generate

    logger.info("Generating synthetic demo data into %s", folder)
    generate(folder, conf.DEMO_START, conf.DEMO_END, list(conf.DEMO_TICKERS))
    return folder


# -- worker side ----------------------------------------------------------------------------------
def _parse_number(text: Any) -> float | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).replace("$", "").replace(",", "").replace("%", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def key_numbers(result: dict) -> dict[str, Any]:
    stats = result.get("statistics") or {}
    orders = _parse_number(stats.get("Total Orders"))
    return {
        "net_profit": _parse_number(stats.get("Net Profit")),
        "sharpe_ratio": _parse_number(stats.get("Sharpe Ratio")),
        "drawdown": _parse_number(stats.get("Drawdown")),
        "compounding_annual_return": _parse_number(stats.get("Compounding Annual Return")),
        "psr": _parse_number(stats.get("Probabilistic Sharpe Ratio")),
        "total_orders": int(orders) if orders is not None else None,
        "end_equity": _parse_number(stats.get("End Equity")),
    }


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


ENV_PASSED = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "VIRTUAL_ENV", "XDG_CACHE_HOME")


def engine_environment() -> dict[str, str]:
    """The engine process's environment: nothing secret (user code can read os.environ, so no
    SECRET_KEY, DATABASE_URL, REDIS_URL, mail passwords), and a fixed hash seed so set/dict
    iteration in user code is the same on every run (reproducible statistics)."""
    env = {k: v for k, v in os.environ.items() if k in ENV_PASSED or k.startswith("LC_")}
    env.update(
        {
            "PYTHONPATH": str(settings.BASE_DIR),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
        }
    )
    return env


def engine_command(
    backtest: Backtest, *, project_dir: Path, data_dir: Path, out_dir: Path
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "engine",
        "backtest",
        str(project_dir),
        "--data",
        str(data_dir),
        "--out",
        str(out_dir),
        "--status-file",
        str(backtest.status_path),
        "--cancel-file",
        str(backtest.cancel_path),
        "--max-seconds",
        f"{conf.max_seconds():g}",
        "--max-memory-mb",
        str(conf.max_memory_mb()),
    ]
    for key, value in sorted((backtest.parameters or {}).items()):
        command += ["--parameter", f"{key}={value}"]
    return command


def backtest_execute(*, backtest_id: int) -> None:
    """Worker body: claim the dispatched backtest, run the engine process, store the outcome,
    then start the next queued backtest of the organization."""
    now = timezone.now()
    claimed = Backtest.objects.filter(
        pk=backtest_id, status=Backtest.Status.RUNNING, started_at__isnull=True
    ).update(started_at=now, heartbeat_at=now)
    if not claimed:
        return  # cancelled or deleted meanwhile, or another worker has it
    backtest = Backtest.objects.select_related("organization").get(pk=backtest_id)
    try:
        _run_engine(backtest)
    except Exception as exc:
        logger.exception("Backtest %s failed in the worker", backtest_id)
        Backtest.objects.filter(pk=backtest_id, status=Backtest.Status.RUNNING).update(
            status=Backtest.Status.RUNTIME_ERROR,
            error=f"Internal error while running the backtest: {exc}",
            stacktrace=traceback.format_exc(),
            finished_at=timezone.now(),
        )
    finally:
        backtest_publish(backtest_id=backtest_id)
        _notify_finished(backtest_id)
        backtest_dispatch(organization_id=backtest.organization_id)


def _notify_finished(backtest_id: int) -> None:
    backtest = Backtest.objects.filter(pk=backtest_id).first()
    if backtest is None or backtest.created_by_id is None or not backtest.is_finished:
        return
    try:
        from django.urls import reverse

        from accounts.services import user_notify

        level = {"Completed": "success", "Cancelled": "info"}.get(backtest.status, "error")
        user_notify(
            user_id=backtest.created_by_id,
            text=f"Backtest {backtest.name}: {backtest.get_status_display()}",
            level=level,
            url=reverse("backtests:detail", args=[backtest.pk]),
        )
    except Exception:
        logger.exception("Could not notify about backtest %s", backtest_id)


def _run_engine(backtest: Backtest) -> None:
    directory = backtest.directory
    if directory.exists():
        shutil.rmtree(directory)
    project_dir = directory / "project"
    out_dir = backtest.results_path.parent
    write_snapshot(backtest.snapshot, project_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir = ensure_data_dir()

    data_fp = data_fingerprint(data_dir)
    engine_ver = engine_version()
    backtest.data_fingerprint = data_fp
    backtest.engine_version = engine_ver
    backtest.fingerprint = backtest_fingerprint(
        snapshot=snapshot_tree(backtest.snapshot),
        data_fp=data_fp,
        engine_ver=engine_ver,
        parameters=backtest.parameters or {},
    )
    backtest.data_dir = str(data_dir)
    backtest.synthetic_data = is_synthetic(data_dir)
    backtest.save(
        update_fields=[
            "data_fingerprint",
            "engine_version",
            "fingerprint",
            "data_dir",
            "synthetic_data",
        ]
    )

    env = engine_environment()
    command = engine_command(backtest, project_dir=project_dir, data_dir=data_dir, out_dir=out_dir)
    started = time.monotonic()
    hard_limit = conf.max_seconds() + HARD_KILL_MARGIN_SECONDS
    cancel_at: float | None = None
    killed_for: str | None = None
    last_progress = -1.0
    with open(directory / "engine-output.txt", "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=str(directory),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                state = _read_json(backtest.status_path) or {}
                progress = float(state.get("progress") or 0.0)
                fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
                if progress != last_progress:
                    fields["progress"] = min(max(progress, 0.0), 1.0)
                Backtest.objects.filter(pk=backtest.pk).update(**fields)
                if progress != last_progress:
                    last_progress = progress
                    backtest_publish(backtest_id=backtest.pk)
                if (
                    cancel_at is None
                    and Backtest.objects.filter(pk=backtest.pk, cancel_requested=True).exists()
                ):
                    backtest.cancel_path.touch()
                    cancel_at = time.monotonic()
                if cancel_at is not None and time.monotonic() - cancel_at > CANCEL_GRACE_SECONDS:
                    killed_for = "cancel"
                    _kill(process)
                elif time.monotonic() - started > hard_limit:
                    killed_for = "time"
                    _kill(process)
        except BaseException:
            _kill(process)
            raise
    _store_outcome(backtest, process.returncode, killed_for, cancelled=cancel_at is not None)


def _store_outcome(
    backtest: Backtest, returncode: int, killed_for: str | None, *, cancelled: bool
) -> None:
    result = _read_json(backtest.results_path) if returncode >= 0 else None
    state = _read_json(backtest.status_path) or {}
    error = ""
    stacktrace = ""
    if cancelled and (returncode == 3 or killed_for == "cancel" or returncode == 0 and not result):
        status = Backtest.Status.CANCELLED
    elif returncode == 0 and result is not None:
        status = Backtest.Status.COMPLETED
    elif returncode == 3:
        status = Backtest.Status.CANCELLED
    else:
        status = Backtest.Status.RUNTIME_ERROR
        if killed_for == "time":
            error = f"The backtest exceeded its time limit of {conf.max_seconds():g} seconds and was stopped."
        elif returncode < 0:
            name = (
                signal.Signals(-returncode).name
                if -returncode in signal.Signals._value2member_map_
                else str(-returncode)
            )
            error = f"The backtest process was killed ({name})"
            if -returncode == signal.SIGKILL:
                error += "; it may have run out of memory"
            error += "."
        elif result is not None and result.get("error"):
            # Paths relative to the project, as the user knows them (no server folders).
            project_prefix = f"{backtest.directory / 'project'}/"
            error = str(result.get("error")).replace(project_prefix, "")
            stacktrace = str(result.get("stacktrace") or "").replace(project_prefix, "")
        elif state.get("error"):
            error = str(state["error"])
        else:
            output = backtest.directory / "engine-output.txt"
            tail = output.read_text(errors="replace")[-4000:] if output.exists() else ""
            error = f"The backtest process stopped unexpectedly (exit status {returncode})."
            stacktrace = tail
    # Key numbers for sorting: a completed run's, or what a cancelled run had reached.
    numbers = key_numbers(result) if result else {}
    if status == Backtest.Status.CANCELLED:
        numbers = {k: v for k, v in numbers.items() if v is not None}
    elif status != Backtest.Status.COMPLETED:
        numbers = {}
    if not backtest.log_path.exists() and result is None:
        backtest.log_path.parent.mkdir(parents=True, exist_ok=True)
        backtest.log_path.write_text(f"ERROR:: {error}\n" if error else "", encoding="utf-8")
    Backtest.objects.filter(pk=backtest.pk).update(
        status=status,
        progress=1.0
        if status == Backtest.Status.COMPLETED
        else float(state.get("progress") or 0.0),
        error=error,
        stacktrace=stacktrace,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        **numbers,
    )
    for leftover in (backtest.status_path, backtest.cancel_path):
        leftover.unlink(missing_ok=True)
    _apply_log_limit(backtest)


def _apply_log_limit(backtest: Backtest) -> None:
    """Keep log.txt within the tier's `log_bytes_per_backtest` (QuantConnect drops the rest)."""
    from accounts.limits import limit_for

    limit = limit_for(backtest.organization, "log_bytes_per_backtest")
    path = backtest.log_path
    if limit is None or not path.exists() or path.stat().st_size <= limit:
        return
    data = path.read_bytes()[:limit]
    text = data.decode("utf-8", errors="ignore").rsplit("\n", 1)[0]
    note = (
        f"\nLOG LIMIT:: this backtest's log reached the {backtest.organization.get_tier_display()} "
        f"tier limit of {limit // 1024} KB; later lines were dropped.\n"
    )
    path.write_text(text + note, encoding="utf-8")
