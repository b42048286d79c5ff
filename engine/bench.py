"""``python -m engine.bench`` (``make bench``): engine throughput vs backtrader on the same bars.

1. An SMA-crossover QuantConnect algorithm (50/200-minute SMAs by rolling sums, ``set_holdings`` /
   ``liquidate`` on crosses) over one year of SPY minute bars of the synthetic demo data, end to end
   (reading the zips, slices, orders, statistics).
2. The same strategy in backtrader on the same bars (preloaded DataFrame, so backtrader's time
   excludes file parsing).
3. An empty algorithm over 10 symbols (minute trade + quote bars): data points per second.
4. Indicator update rates (``engine.indicators.bench.bench_updates``: SMA, EMA, RSI).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BENCH_TICKERS = ("SPY", "AAPL", "MSFT", "QQQ", "IBM", "GOOG", "AMZN", "TSLA", "NVDA", "META")
START, END = "2023-01-03", "2023-12-29"
FAST, SLOW = 50, 200  # minutes; the classic "golden cross" lengths (--fast/--slow to change)
_CPU: dict[str, float] = {}

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

EMPTY_ALGORITHM = """
from AlgorithmImports import *


class Empty(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2023, 1, 3)
        self.set_end_date(2023, 12, 29)
        for ticker in {tickers!r}:
            self.add_equity(ticker, Resolution.MINUTE)

    def on_data(self, data):
        pass
"""


def bench_data_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(os.environ.get("QCWEB_BENCH_DATA") or base / "qcweb" / "bench-data")
    from engine.data import is_synthetic

    if not is_synthetic(folder) or not (folder / "equity" / "usa" / "minute" / "meta").is_dir():
        from engine.data.demo import generate

        print(
            f"Generating one year of synthetic minute data for 10 tickers into {folder}...",
            file=sys.stderr,
        )
        generate(folder, START, END, list(BENCH_TICKERS))
    return folder


def _project(source: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="qcweb-bench-"))
    (folder / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


def run_engine_sma(
    data: Path, fast: int = FAST, slow: int = SLOW, indicators: bool = False
) -> tuple[float, int, dict]:
    from engine.api import run_backtest

    template = SMA_INDICATOR_TEMPLATE if indicators else SMA_TEMPLATE
    started, cpu = time.perf_counter(), time.process_time()
    outcome = run_backtest(_project(template.format(fast=fast, slow=slow)), data_dir=data)
    elapsed = time.perf_counter() - started
    _CPU["engine"] = time.process_time() - cpu
    if outcome.error:
        raise SystemExit(f"engine SMA benchmark failed: {outcome.error}")
    bars = _trade_bars(data, "SPY")
    return elapsed, bars, outcome.result.get("statistics", {})


def _trade_bars(data: Path, ticker: str) -> int:
    from engine.data import read_trade_bars

    return len(read_trade_bars(data, "equity", "usa", ticker, "minute", START, END))


def run_engine_empty(data: Path) -> tuple[float, int]:
    from engine.api import run_backtest

    started = time.perf_counter()
    outcome = run_backtest(
        _project(EMPTY_ALGORITHM.format(tickers=list(BENCH_TICKERS))), data_dir=data
    )
    elapsed = time.perf_counter() - started
    if outcome.error:
        raise SystemExit(f"engine empty benchmark failed: {outcome.error}")
    return elapsed, outcome.data_points


def run_backtrader(data: Path, fast: int = FAST, slow: int = SLOW) -> tuple[float, int] | None:
    try:
        import backtrader as bt
    except ImportError:
        return None
    import pandas as pd

    from engine.data import read_trade_bars

    arrays = read_trade_bars(data, "equity", "usa", "SPY", "minute", START, END)
    frame = pd.DataFrame(
        {
            "open": arrays.open,
            "high": arrays.high,
            "low": arrays.low,
            "close": arrays.close,
            "volume": arrays.volume,
            "openinterest": 0.0,
        },
        index=pd.DatetimeIndex(arrays.end.view("datetime64[ns]")),
    )

    class SmaCross(bt.Strategy):
        params = (("fast", fast), ("slow", slow))

        def __init__(self) -> None:
            self.cross = bt.ind.CrossOver(
                bt.ind.SMA(period=self.p.fast), bt.ind.SMA(period=self.p.slow)
            )

        def next(self) -> None:
            if self.cross > 0 and not self.position:
                self.order_target_percent(target=1.0)
            elif self.cross < 0 and self.position:
                self.close()

    started, cpu = time.perf_counter(), time.process_time()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.PandasData(dataname=frame, timeframe=bt.TimeFrame.Minutes))
    cerebro.addstrategy(SmaCross)
    cerebro.broker.setcash(100000.0)
    cerebro.run()
    _CPU["backtrader"] = time.process_time() - cpu
    return time.perf_counter() - started, len(frame)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--data", help="data folder with one year of minute data (default: generated cache)"
    )
    parser.add_argument("--skip-backtrader", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the engine SMA run (top 25)"
    )
    parser.add_argument(
        "--fast", type=int, default=FAST, help="fast SMA length in minutes (default %(default)s)"
    )
    parser.add_argument(
        "--slow", type=int, default=SLOW, help="slow SMA length in minutes (default %(default)s)"
    )
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else bench_data_dir()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run_engine_sma(data, args.fast, args.slow)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0
    # best of three: the first run also pays one-time costs (imports, calendars, file caches)
    runs = []
    for _ in range(3):
        result = run_engine_sma(data, args.fast, args.slow)
        runs.append((result, _CPU["engine"]))
    (elapsed, bars, stats), _CPU["engine"] = min(runs, key=lambda r: r[1])
    engine_rate = bars / elapsed
    print(
        f"SMA {args.fast}/{args.slow}-minute crossover on SPY minute bars of 2023 (synthetic demo data); engine: best of 3 runs"
    )
    print(
        f"engine     SMA crossover, SPY minute 2023: {bars:,} bars in {elapsed:.2f}s = {engine_rate:,.0f} bars/s "
        f"(CPU {bars / _CPU['engine']:,.0f} bars/s; orders {stats.get('Total Orders', '?')}, "
        f"net profit {stats.get('Net Profit', '?')}; each bar also brings a quote bar)"
    )
    if not args.skip_backtrader:
        bt_result = run_backtrader(data, args.fast, args.slow)
        if bt_result is None:
            print("backtrader not installed (pip install '.[bench]')")
        else:
            bt_elapsed, bt_bars = bt_result
            bt_rate = bt_bars / bt_elapsed
            print(
                f"backtrader SMA crossover, same bars:       {bt_bars:,} bars in {bt_elapsed:.2f}s = "
                f"{bt_rate:,.0f} bars/s (CPU {bt_bars / _CPU['backtrader']:,.0f} bars/s)"
            )
            cpu_ratio = (bars / _CPU["engine"]) / (bt_bars / _CPU["backtrader"])
            print(
                f"ratio engine/backtrader: {engine_rate / bt_rate:.2f}x wall, {cpu_ratio:.2f}x CPU"
            )
    elapsed_i, bars_i, stats_i = run_engine_sma(data, args.fast, args.slow, indicators=True)
    print(
        f"engine     same strategy with self.sma(...) indicators: {bars_i / elapsed_i:,.0f} bars/s "
        f"(CPU {bars_i / _CPU['engine']:,.0f} bars/s; orders {stats_i.get('Total Orders', '?')})"
    )
    empty_elapsed, points = run_engine_empty(data)
    print(
        f"engine     empty algorithm, 10 symbols minute trade+quote: {points:,} data points in "
        f"{empty_elapsed:.2f}s = {points / empty_elapsed:,.0f} points/s"
    )
    from engine.indicators.bench import bench_updates

    rates = ", ".join(f"{name} {rate:,.0f}/s" for name, rate in bench_updates().items())
    print(f"indicators indicator.update(time, value), 100,000 points, best of 3: {rates}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
