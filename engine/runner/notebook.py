"""Run a research notebook headless: ``python -m engine.runner.notebook IN.ipynb OUT.ipynb
--data DIR [--object-store DIR] [--timeout SECONDS]``.

The notebook's kernel (ipykernel, started by nbclient as a child process) finds the data folder
and the object store through the environment ``QuantBook()`` reads (``QCWEB_DATA_DIR``,
``QCWEB_OBJECT_STORE``), so ``qb = QuantBook()`` in a cell works on the same data as a backtest.
The executed notebook (outputs included) is written to OUT; a cell that raises stops the run, and
the notebook is still written with the error in that cell's output. Exit status 0 when every
cell ran, 1 when one raised or timed out.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from engine.algorithm.quantbook import DATA_VARIABLE, OBJECT_STORE_VARIABLE


def run_notebook(
    source: Path,
    target: Path,
    *,
    data_dir: Path,
    object_store: Path | None = None,
    timeout: float = 600,
) -> bool:
    """Execute `source` into `target`; True when every cell ran."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    scratch = Path(tempfile.mkdtemp(prefix="qcweb-notebook-"))
    os.environ[DATA_VARIABLE] = str(data_dir)
    if object_store is not None:
        os.environ[OBJECT_STORE_VARIABLE] = str(object_store)
    # Jupyter and IPython keep runtime files under HOME by default; a job's HOME may not exist.
    os.environ.setdefault("HOME", str(scratch))
    os.environ["JUPYTER_RUNTIME_DIR"] = str(scratch / "runtime")
    os.environ["IPYTHONDIR"] = str(scratch / "ipython")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    # The kernel imports `AlgorithmImports` (engine/algorithm/AlgorithmImports.py) and the engine.
    package = Path(__file__).resolve().parents[1]
    paths = [str(package / "algorithm"), str(package.parent), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(source.parent)}},
    )
    ok = True
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError):
        ok = False
    nbformat.write(notebook, target)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.runner.notebook")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--object-store", type=Path)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    ok = run_notebook(
        args.source,
        args.target,
        data_dir=args.data,
        object_store=args.object_store,
        timeout=args.timeout,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
