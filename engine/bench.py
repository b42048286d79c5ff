"""``python -m engine.bench`` (``make bench``): the engine against backtrader and NautilusTrader.

Every figure is a whole process started by this benchmark, one after the other on the same bars,
so the ratios compare runs under the same machine load (load average printed):

1. SMA 10/30-minute crossover (``set_holdings`` / ``liquidate`` on crosses) over one year of SPY
   minute bars of the synthetic demo data: ``python -m engine backtest`` (reading the zips, a Slice
   per minute, fills, statistics), backtrader and NautilusTrader (``--peer``; each reads the same
   bars through the engine's reader, then runs its own loop). Best of ``--repeat`` runs each.
2. Start-up: an empty algorithm over one day of SPY daily data.
3. Scaling: an empty algorithm over 1, 10 and 100 symbols of minute data for one month (data
   points per second each).
4. Peak RSS of each process; indicator update rates (``engine.indicators.bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_TICKERS = ("SPY", "AAPL", "MSFT", "QQQ", "IBM", "GOOG", "AMZN", "TSLA", "NVDA", "META")
START, END = "2023-01-03", "2023-12-29"
FAST, SLOW = 10, 30  # minutes (--fast/--slow to change)

SMA_TEMPLATE = """
from AlgorithmImports import *


class SmaCrossover(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2023, 1, 3)
        self.set_end_date(2023, 12, 29)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.window = deque(maxlen={slow})
        self.fast_sum = 0.0
        self.slow_sum = 0.0
        self.bars = 0

    def on_data(self, data):
        bar = data.bars.get(self.spy)
        if bar is None:
            return
        self.bars += 1
        close = bar.close
        w = self.window
        if len(w) == {slow}:
            self.slow_sum -= w[0]
        w.append(close)
        self.slow_sum += close
        self.fast_sum += close
        if len(w) > {fast}:
            self.fast_sum -= w[-{fast} - 1]
        if len(w) < {slow}:
            return
        fast = self.fast_sum / {fast}
        slow = self.slow_sum / {slow}
        invested = self.portfolio.invested
        if fast > slow and not invested:
            self.set_holdings(self.spy, 1.0)
        elif fast < slow and invested:
            self.liquidate(self.spy)
"""

SMA_ALGORITHM = SMA_TEMPLATE.format(fast=FAST, slow=SLOW)

SMA_INDICATOR_TEMPLATE = """
from AlgorithmImports import *


class SmaCrossoverIndicators(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2023, 1, 3)
        self.set_end_date(2023, 12, 29)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.fast = self.sma(self.spy, {fast})
        self.slow = self.sma(self.spy, {slow})

    def on_data(self, data):
        if not self.slow.is_ready:
            return
        invested = self.portfolio.invested
        if self.fast.current.value > self.slow.current.value and not invested:
            self.set_holdings(self.spy, 1.0)
        elif self.fast.current.value < self.slow.current.value and invested:
            self.liquidate(self.spy)
"""

EMPTY_TEMPLATE = """
from AlgorithmImports import *


class Empty(QCAlgorithm):
    def initialize(self):
        self.set_start_date({start})
        self.set_end_date({end})
        for ticker in {tickers!r}:
            self.add_equity(ticker, Resolution.{resolution})

    def on_data(self, data):
        pass
"""
SCALING_START, SCALING_END = (2023, 1, 3), (2023, 1, 31)  # one month of minute data
SCALING_COUNTS = (1, 10, 100)
# Single-threaded numeric libraries and a fixed hash seed for every process, as the sandbox runs
# a backtest (qcweb.sandbox), so the engine and its peers get the same conditions.
PROCESS_ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "qcweb"


def _generated(folder: Path, start: str, end: str, tickers: list[str]) -> Path:
    from engine.data import is_synthetic

    wanted = folder / "equity" / "usa" / "minute"
    if not is_synthetic(folder) or not all((wanted / t.lower()).is_dir() for t in tickers):
        from engine.data.demo import generate

        print(
            f"Generating synthetic minute data ({start}..{end}, {len(tickers)} tickers) into {folder}...",
            file=sys.stderr,
        )
        generate(folder, start, end, tickers)
    return folder


def bench_data_dir() -> Path:
    """One year of minute data for ``BENCH_TICKERS`` ($QCWEB_BENCH_DATA or the cache folder)."""
    folder = Path(os.environ.get("QCWEB_BENCH_DATA") or _cache_dir() / "bench-data")
    return _generated(folder, START, END, list(BENCH_TICKERS))


def scaling_tickers() -> list[str]:
    return list(BENCH_TICKERS) + [
        f"SYN{i:03d}" for i in range(max(SCALING_COUNTS) - len(BENCH_TICKERS))
    ]


def scaling_data_dir() -> Path:
    """One month of minute data for 100 tickers (the scaling runs)."""
    start = "-".join(f"{p:02d}" for p in SCALING_START)
    end = "-".join(f"{p:02d}" for p in SCALING_END)
    return _generated(_cache_dir() / "bench-data-100", start, end, scaling_tickers())


def _project(source: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="qcweb-bench-"))
    (folder / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


@dataclass
class Process:
    """One finished child process: wall and CPU seconds, peak RSS (MiB), its standard output."""

    wall: float
    cpu: float
    rss_mb: float
    stdout: str


# Each measured process is started by a small wrapper interpreter of its own, which waits for it
# and writes the child's wall time and rusage to the file named first. A child's ru_maxrss is not
# its own on Linux: exec records the peak RSS of the memory it replaces, and a child forked (or
# vforked) from this benchmark replaces a copy of the benchmark's, so every child read the
# benchmark's own peak (186 MiB for a 50 MiB start-up run once the peers had been loaded here).
# The wrapper's memory is that of a bare interpreter (~10 MiB), below any measured process's.
MEASURE_WRAPPER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
               "rss_kib": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, out)
"""


def run_process(args: list[str]) -> Process:
    """Run ``python ARGS`` from the repository root (so ``engine`` is this checkout's).

    The figures are the child's own (see ``MEASURE_WRAPPER``): its wall time from spawn to exit,
    its user + system CPU, its peak RSS.
    """
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, **PROCESS_ENVIRONMENT}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        figures = Path(folder) / "figures.json"
        wrapper = [sys.executable, "-I", "-S", "-c", MEASURE_WRAPPER, str(figures)]
        subprocess.run([*wrapper, sys.executable, *args], cwd=root, env=env, stdout=out, stderr=err)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
        measured = json.loads(figures.read_text()) if figures.exists() else {"code": None}
    if measured["code"] != 0:
        raise SystemExit(f"python {' '.join(args)} failed ({measured['code']}):\n{stderr[-3000:]}")
    return Process(measured["wall"], measured["cpu"], measured["rss_kib"] / 1024, stdout)


def compile_engine_bytecode() -> int:
    """Compile the engine's stale bytecode, as ``make bytecode`` does before ``make bench``; the
    number of files compiled.

    Every backtest is a fresh process and the sandbox sets ``PYTHONDONTWRITEBYTECODE``, so without
    compiled files each measured process compiled the engine's source again (about 1 s of CPU of
    the SMA run's 3.6 s), while the peers run from their installed, compiled packages."""
    import compileall
    import importlib.util

    folder = Path(__file__).resolve().parent
    stale = [
        path
        for path in folder.rglob("*.py")
        if "tests" not in path.relative_to(folder).parts
        and not _is_current(path, Path(importlib.util.cache_from_source(str(path))))
    ]
    if stale and not compileall.compile_dir(
        str(folder), quiet=1, rx=re.compile(r"[/\\]tests[/\\]")
    ):
        raise SystemExit(f"compiling the engine's bytecode in {folder} failed")
    return len(stale)


def _is_current(source: Path, compiled: Path) -> bool:
    try:
        return compiled.stat().st_mtime >= source.stat().st_mtime
    except FileNotFoundError:
        return False


def engine_backtest(source: str, data: Path) -> tuple[Process, dict, int]:
    """``python -m engine backtest`` of ``source``: the process, results.json, data points."""
    project = _project(source)
    out = project / "out"
    proc = run_process(
        ["-m", "engine", "backtest", str(project), "--data", str(data), "--out", str(out)]
    )
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    points = re.search(r"([\d,]+) data points", proc.stdout)
    shutil.rmtree(project, ignore_errors=True)
    return proc, results, int(points.group(1).replace(",", "")) if points else 0


def _trade_bars(data: Path, ticker: str) -> int:
    from engine.data import read_trade_bars

    return len(read_trade_bars(data, "equity", "usa", ticker, "minute", START, END))


def _spy_frame(data: Path):  # -> pandas.DataFrame of SPY's minute bars, indexed by bar end (UTC)
    import pandas as pd

    from engine.data import read_trade_bars

    arrays = read_trade_bars(data, "equity", "usa", "SPY", "minute", START, END)
    return pd.DataFrame(
        {
            "open": arrays.open,
            "high": arrays.high,
            "low": arrays.low,
            "close": arrays.close,
            "volume": arrays.volume,
        },
        index=pd.DatetimeIndex(arrays.end.view("datetime64[ns]"), tz="UTC"),
    )


def peer_backtrader(data: Path, fast: int, slow: int) -> dict:
    """The crossover in backtrader (``order_target_percent(1.0)`` / ``close()`` on crosses)."""
    import backtrader as bt

    frame = _spy_frame(data).tz_localize(None)
    frame["openinterest"] = 0.0

    class SmaCross(bt.Strategy):
        params = (("fast", fast), ("slow", slow))

        def __init__(self) -> None:
            self.cross = bt.ind.CrossOver(
                bt.ind.SMA(period=self.p.fast), bt.ind.SMA(period=self.p.slow)
            )
            self.orders = 0

        def next(self) -> None:
            if self.cross > 0 and not self.position:
                self.order_target_percent(target=1.0)
                self.orders += 1
            elif self.cross < 0 and self.position:
                self.close()
                self.orders += 1

    started = time.perf_counter()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.PandasData(dataname=frame, timeframe=bt.TimeFrame.Minutes))
    cerebro.addstrategy(SmaCross)
    cerebro.broker.setcash(100000.0)
    strategy = cerebro.run()[0]
    return {
        "bars": len(frame),
        "loop_seconds": time.perf_counter() - started,
        "orders": strategy.orders,
        "final_value": cerebro.broker.getvalue(),
    }


def peer_nautilus(data: Path, fast: int, slow: int) -> dict:
    """The crossover in NautilusTrader: market orders for ~all free cash / close-all on crosses."""
    from nautilus_trader.backtest.engine import BacktestEngine, BacktestEngineConfig
    from nautilus_trader.config import LoggingConfig, StrategyConfig
    from nautilus_trader.indicators import SimpleMovingAverage
    from nautilus_trader.model.currencies import USD
    from nautilus_trader.model.data import BarType
    from nautilus_trader.model.enums import AccountType, OmsType, OrderSide
    from nautilus_trader.model.identifiers import InstrumentId, Venue
    from nautilus_trader.model.objects import Money
    from nautilus_trader.persistence.wranglers import BarDataWrangler
    from nautilus_trader.test_kit.providers import TestInstrumentProvider
    from nautilus_trader.trading.strategy import Strategy

    class SmaCrossConfig(StrategyConfig, frozen=True):
        instrument_id: InstrumentId
        bar_type: BarType
        fast: int
        slow: int

    class SmaCross(Strategy):
        def __init__(self, config: SmaCrossConfig) -> None:
            super().__init__(config)
            self.fast = SimpleMovingAverage(config.fast)
            self.slow = SimpleMovingAverage(config.slow)
            self.instrument = None

        def on_start(self) -> None:
            self.instrument = self.cache.instrument(self.config.instrument_id)
            self.register_indicator_for_bars(self.config.bar_type, self.fast)
            self.register_indicator_for_bars(self.config.bar_type, self.slow)
            self.subscribe_bars(self.config.bar_type)

        def on_bar(self, bar) -> None:
            if not self.slow.initialized:
                return
            instrument_id = self.config.instrument_id
            flat = self.portfolio.is_flat(instrument_id)
            if self.fast.value > self.slow.value and flat:
                free = self.portfolio.account(instrument_id.venue).balance_free(USD).as_double()
                quantity = int(free * 0.99 / bar.close.as_double())
                if quantity > 0:
                    self.submit_order(
                        self.order_factory.market(
                            instrument_id, OrderSide.BUY, self.instrument.make_qty(quantity)
                        )
                    )
            elif self.fast.value < self.slow.value and not flat:
                self.close_all_positions(instrument_id)

    frame = _spy_frame(data)
    instrument = TestInstrumentProvider.equity("SPY", "XNAS")
    bar_type = BarType.from_str(f"{instrument.id}-1-MINUTE-LAST-EXTERNAL")
    bars = BarDataWrangler(bar_type, instrument).process(frame)
    started = time.perf_counter()
    engine = BacktestEngine(
        BacktestEngineConfig(logging=LoggingConfig(log_level="ERROR", bypass_logging=True))
    )
    engine.add_venue(
        Venue("XNAS"),
        OmsType.NETTING,
        AccountType.CASH,
        [Money(100_000, USD)],
        base_currency=USD,
    )
    engine.add_instrument(instrument)
    engine.add_data(bars)
    engine.add_strategy(
        SmaCross(
            SmaCrossConfig(instrument_id=instrument.id, bar_type=bar_type, fast=fast, slow=slow)
        )
    )
    engine.run()
    loop = time.perf_counter() - started
    orders = len(engine.cache.orders())
    final = engine.portfolio.account(Venue("XNAS")).balance_total(USD).as_double()
    engine.dispose()
    return {"bars": len(bars), "loop_seconds": loop, "orders": orders, "final_value": final}


PEERS = {"backtrader": peer_backtrader, "nautilus_trader": peer_nautilus}


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _best(runs: list) -> object:
    return min(runs, key=lambda run: run[0].wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--data", help="data folder with one year of minute data (default: generated cache)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is shown)")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--peer", choices=sorted(PEERS), help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", action="store_true", help="pyinstrument (or cProfile) of the engine SMA run"
    )
    parser.add_argument(
        "--fast", type=int, default=FAST, help="fast SMA length in minutes (default %(default)s)"
    )
    parser.add_argument(
        "--slow", type=int, default=SLOW, help="slow SMA length in minutes (default %(default)s)"
    )
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else bench_data_dir()
    if args.peer:  # a child process of the benchmark: one peer's run, as one line of JSON
        print(json.dumps(PEERS[args.peer](data, args.fast, args.slow)))
        return 0
    sma_source = SMA_TEMPLATE.format(fast=args.fast, slow=args.slow)
    compiled = compile_engine_bytecode()
    if args.profile:
        return _profile(sma_source, data)
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; whole processes, "
        f"best of {args.repeat}; SMA {args.fast}/{args.slow}-minute crossover, SPY minute bars "
        f"{START}..{END} (synthetic); engine bytecode compiled first"
        + (f" ({compiled} stale files)" if compiled else " (up to date)")
    )
    peers = [] if args.skip_peers else [p for p in PEERS if _installed(p)]
    missing = [] if args.skip_peers else sorted(set(PEERS) - set(peers))
    runs: dict[str, list] = {"engine": [], **{p: [] for p in peers}}
    for _ in range(args.repeat):  # interleaved, so a load spike hits every contender alike
        proc, results, _points = engine_backtest(sma_source, data)
        runs["engine"].append((proc, results.get("statistics", {})))
        for peer in peers:
            child = run_process(
                [
                    "-m",
                    "engine.bench",
                    "--peer",
                    peer,
                    "--data",
                    str(data),
                    "--fast",
                    str(args.fast),
                    "--slow",
                    str(args.slow),
                ]
            )
            runs[peer].append((child, json.loads(child.stdout.strip().splitlines()[-1])))
    bars = _trade_bars(data, "SPY")
    engine_proc, stats = _best(runs["engine"])
    rate = bars / engine_proc.wall
    print(
        f"  engine           {bars:,} bars in {engine_proc.wall:6.2f}s = {rate:9,.0f} bars/s "
        f"(CPU {engine_proc.cpu:.2f}s), "
        f"peak RSS {engine_proc.rss_mb:5.0f} MiB (orders {stats.get('Total Orders', '?')}, "
        f"net profit {stats.get('Net Profit', '?')})"
    )
    targets = {"backtrader": 4.0, "nautilus_trader": 2.0}
    for peer in peers:
        proc, info = _best(runs[peer])
        peer_rate = info["bars"] / proc.wall
        print(
            f"  {peer:<16} {info['bars']:,} bars in {proc.wall:6.2f}s = {peer_rate:9,.0f} bars/s "
            f"(CPU {proc.cpu:.2f}s), "
            f"peak RSS {proc.rss_mb:5.0f} MiB (its loop alone {info['loop_seconds']:.2f}s; "
            f"orders {info['orders']}, final value {info['final_value']:,.0f})"
        )
    for peer in peers:
        proc, info = _best(runs[peer])
        ratio = rate / (info["bars"] / proc.wall)
        cpu_ratio = (bars / engine_proc.cpu) / (info["bars"] / proc.cpu)
        print(
            f"  ratio engine/{peer}: {ratio:.2f}x whole process wall, {cpu_ratio:.2f}x CPU "
            f"(target >= {targets[peer]:.0f}x; on a loaded machine the CPU ratio is the steadier)"
        )
    for peer in missing:
        print(f"  {peer} is not installed (pip install '.[bench]')")
    startup = [
        engine_backtest(
            EMPTY_TEMPLATE.format(
                start="2023, 6, 1", end="2023, 6, 1", tickers=["SPY"], resolution="DAILY"
            ),
            data,
        )[0]
        for _ in range(args.repeat)
    ]
    best = min(startup, key=lambda p: p.wall)
    print(
        f"start-up: empty algorithm, SPY daily, one day: {best.wall:.2f}s wall, CPU {best.cpu:.2f}s "
        f"(peak RSS {best.rss_mb:.0f} MiB; target <= 0.5 s)"
    )
    if not args.skip_scaling:
        scaling_data = scaling_data_dir()
        tickers = scaling_tickers()
        start = ", ".join(map(str, SCALING_START))
        end = ", ".join(map(str, SCALING_END))
        print("scaling: empty algorithm, minute trade+quote bars, one month")
        for count in SCALING_COUNTS:
            source = EMPTY_TEMPLATE.format(
                start=start, end=end, tickers=tickers[:count], resolution="MINUTE"
            )
            proc, _results, points = engine_backtest(source, scaling_data)
            print(
                f"  {count:>3} symbols: {points:>10,} data points in {proc.wall:6.2f}s = "
                f"{points / proc.wall:9,.0f} points/s (CPU {proc.cpu:.2f}s = {points / proc.cpu:,.0f} "
                f"points/s), peak RSS {proc.rss_mb:5.0f} MiB"
            )
    from engine.indicators.bench import bench_updates

    rates = ", ".join(f"{name} {rate:,.0f}/s" for name, rate in bench_updates().items())
    print(f"indicators: indicator.update(time, value), 100,000 points, best of 3: {rates}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


def _profile(source: str, data: Path) -> int:
    """Profile the engine's SMA run in this process (pyinstrument when installed)."""
    from engine.api import run_backtest

    project = _project(source)
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run_backtest(project, data_dir=data)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return 0
    profiler = Profiler()
    profiler.start()
    run_backtest(project, data_dir=data)
    profiler.stop()
    print(profiler.output_text(color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
