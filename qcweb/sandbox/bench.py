"""Sandbox start-up cost: the same job run directly and through the sandbox, in one process.

    python -m qcweb.sandbox.bench        (`make bench` runs it)

Times `python -c pass` and `python -c "import engine.api"` (what every backtest imports first)
started as a plain child process and as a sandboxed job (bubblewrap, prlimit, setpriv, cgroup),
20 runs each, and prints the medians and the difference: the price of isolation per job.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 20


# The environment a sandboxed job gets (one thread per numeric library, fixed hash seed), so the
# difference is the sandbox's alone.
DIRECT_ENVIRONMENT = {
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def _direct(code: str) -> float:
    env = {**DIRECT_ENVIRONMENT, "PYTHONPATH": os.getcwd()}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - started


def _sandboxed(code: str, folder: Path) -> float:
    from qcweb import sandbox

    job = sandbox.Job(
        name="bench",
        argv=("-c", code),
        output=folder / "out",
        limits=sandbox.Limits(wall_seconds=60, memory_mb=2048),
    )
    started = time.perf_counter()
    with sandbox.start(job) as running:
        running.wait(60)
    elapsed = time.perf_counter() - started
    if running.returncode != 0:
        raise SystemExit(f"sandboxed job failed: {running.console_tail()}")
    return elapsed


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcweb.settings")
    import django

    django.setup()
    from qcweb import sandbox

    state = sandbox.availability()
    print(f"sandbox: {state.mode} ({state.detail})")
    if not state.isolated:
        raise SystemExit("the sandbox cannot run here: nothing to measure")
    with tempfile.TemporaryDirectory() as tmp:
        for label, code in (("python -c pass", "pass"), ("import engine.api", "import engine.api")):
            direct = statistics.median(_direct(code) for _ in range(RUNS))
            boxed = statistics.median(_sandboxed(code, Path(tmp)) for _ in range(RUNS))
            print(
                f"{label:18s} direct {direct * 1000:7.1f} ms   sandboxed {boxed * 1000:7.1f} ms"
                f"   start-up cost {(boxed - direct) * 1000:6.1f} ms per job (median of {RUNS})"
            )


if __name__ == "__main__":
    main()
