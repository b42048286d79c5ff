"""Report benchmark: render the PDF report of a one-year minute-resolution backtest.

    python -m backtests.bench_report        (`make bench` runs it after the engine benchmark)

Runs an SMA crossover on minute SPY bars over 2023 through the engine once (synthetic demo data;
the result document is cached in var/bench/), then times the report: charts drawn by kaleido
(cold: including Chromium's start, as the first report of a worker; warm: a later report) and
the PDF laid out by WeasyPrint. Prints seconds and pages; the goal is under 5 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ALGORITHM = """from collections import deque

from AlgorithmImports import *


class BenchSma(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2023, 1, 3)
        self.set_end_date(2023, 12, 29)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.closes = deque(maxlen=390 * 10)

    def on_data(self, data):
        bar = data.bars.get(self.spy)
        if bar is None:
            return
        self.closes.append(bar.close)
        if len(self.closes) < self.closes.maxlen or self.time.minute != 0:
            return
        fast = sum(list(self.closes)[-390 * 2:]) / (390 * 2)
        slow = sum(self.closes) / len(self.closes)
        if fast > slow and not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
        elif fast < slow and self.portfolio.invested:
            self.liquidate(self.spy)
"""
START, END = "2023-01-03", "2023-12-29"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcweb.settings")
    import django

    django.setup()


def bench_result() -> dict:
    """The one-year minute backtest's result document (engine run once, then cached)."""
    from django.conf import settings

    from engine.api import run_backtest
    from engine.data.demo import generate
    from engine.runner.backtest import write_outputs

    folder = Path(settings.VAR_DIR) / "bench"
    key = hashlib.sha256(ALGORITHM.encode()).hexdigest()[:12]
    cached = folder / f"report-result-{key}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    data_dir = folder / "report-data"
    if not (data_dir / "SYNTHETIC_DATA.md").exists():
        print(f"generating one year of synthetic minute data for SPY in {data_dir} ...")
        generate(data_dir, START, END, ["SPY"])
    with tempfile.TemporaryDirectory() as project_dir:
        (Path(project_dir) / "main.py").write_text(ALGORITHM)
        started = time.perf_counter()
        outcome = run_backtest(project_dir, data_dir=data_dir)
        print(f"engine: one-year minute backtest in {time.perf_counter() - started:.1f} s")
    if outcome.error:
        raise SystemExit(f"the benchmark backtest failed: {outcome.error}")
    # The document exactly as the engine writes it for the worker (results.json).
    with tempfile.TemporaryDirectory() as out_dir:
        write_outputs(outcome, Path(out_dir))
        text = (Path(out_dir) / "results.json").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    cached.write_text(text)
    return json.loads(text)


def main() -> int:
    _setup_django()
    from backtests.report import services
    from backtests.report.pdf import browser_path, html_to_pdf

    if browser_path() is None:
        print("report bench: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    result = bench_result()
    project = SimpleNamespace(
        name="Report benchmark", description="SMA crossover on minute SPY bars, 2023."
    )
    backtest = SimpleNamespace(
        pk=0,
        name="One year, minute resolution",
        note="",
        project=project,
        project_id=0,
        backtest_id="bench",
    )
    orders = len(result.get("orders") or {})
    print(f"report bench: {START}..{END} minute SPY, {orders} orders")
    for label in ("cold (starts Chromium)", "warm"):
        started = time.perf_counter()
        html = services.render_pdf_html(backtest=backtest, result=result)
        charts = time.perf_counter() - started
        pdf, pages = html_to_pdf(html)
        total = time.perf_counter() - started
        print(
            f"report {label}: {total:.2f} s (charts + HTML {charts:.2f} s, "
            f"PDF {total - charts:.2f} s), {pages} pages, {len(pdf) / 1024:.0f} KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
