"""Reproducibility fingerprints: code snapshot + data folder + engine version + parameters.

Two backtests with the same fingerprint ran the same code on the same data with the same engine
and parameters, so their statistics are identical (the engine is deterministic).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import engine


def _sha(payload: str | bytes) -> str:
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def snapshot_fingerprint(snapshot: dict[str, str]) -> str:
    return _sha(json.dumps(snapshot, sort_keys=True, ensure_ascii=False))


def data_manifest(data_dir: Path) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime in ns) of every file of the data folder, sorted."""
    rows: list[tuple[str, int, int]] = []
    base = Path(data_dir)
    if not base.exists():
        return rows
    for root, dirs, files in os.walk(base):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            rows.append((path.relative_to(base).as_posix(), st.st_size, st.st_mtime_ns))
    return rows


_DATA_CACHE: dict[str, tuple[float, str]] = {}
DATA_CACHE_SECONDS = 60.0


def data_fingerprint(data_dir: Path, *, max_age: float = DATA_CACHE_SECONDS) -> str:
    """sha256 of the folder's manifest. Walking a large LEAN folder takes a while, so a worker
    reuses the value for `max_age` seconds (0 = always walk)."""
    key = str(Path(data_dir).resolve())
    now = time.monotonic()
    cached = _DATA_CACHE.get(key)
    if cached is not None and now - cached[0] < max_age:
        return cached[1]
    value = _sha(json.dumps(data_manifest(data_dir)))
    _DATA_CACHE[key] = (now, value)
    return value


def engine_version() -> str:
    """The engine's declared version if any, plus a hash of its source (tests excluded); a few
    milliseconds, so it is computed for every run and follows engine updates."""
    declared = getattr(engine, "__version__", "")
    root = Path(engine.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("tests/") or "/tests/" in rel:
            continue
        digest.update(rel.encode())
        digest.update(path.read_bytes())
    return f"{declared}+{digest.hexdigest()[:16]}" if declared else digest.hexdigest()[:16]


def backtest_fingerprint(
    *,
    snapshot: dict[str, str],
    data_fp: str,
    engine_ver: str,
    parameters: dict[str, str],
    period: tuple[Any, Any] = (None, None),
    account: dict[str, Any] | None = None,
) -> str:
    """What decides a run's result: code, data, engine, parameters and, when the run overrides
    the algorithm's dates or starting account, that period and account (without them the
    fingerprint is as before)."""
    identity: dict[str, Any] = {
        "code": snapshot_fingerprint(snapshot),
        "data": data_fp,
        "engine": engine_ver,
        "parameters": {str(k): str(v) for k, v in sorted(parameters.items())},
    }
    if any(day is not None for day in period):
        identity["period"] = [str(day) if day is not None else None for day in period]
    if account:
        identity["account"] = account
    return _sha(json.dumps(identity, sort_keys=True))
