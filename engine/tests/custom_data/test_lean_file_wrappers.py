"""Custom types that wrap LEAN's own files: ``TradeBar().get_source`` on a copied
``SubscriptionDataConfig(config, Type, symbol)`` and ``TradeBar.parse_equity`` give the same bars
as the equity subscription itself, and readers may assign the PascalCase ``Symbol``/``Value``."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers import debug_lines, run

from engine.custom.source import CustomConfig, SubscriptionDataConfig
from engine.model import Market, Resolution, SecurityType, Symbol, TradeBar

ALGO = """
class Wrapped(PythonData):
    def get_source(self, config, date, is_live_mode):
        equity = Symbol.create(config.mapped_symbol, SecurityType.EQUITY, config.market)
        return TradeBar().get_source(SubscriptionDataConfig(config, Wrapped, equity), date, is_live_mode)
    def reader(self, config, line, date, is_live_mode):
        bar = TradeBar.parse_equity(config, line, date)
        data = Wrapped()
        data.Symbol = config.symbol
        data.time = bar.time
        data.end_time = bar.end_time
        data.Value = bar.close
        data["Volume"] = bar.volume
        return data

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE, data_normalization_mode=DataNormalizationMode.RAW).symbol
        self.wrapped = self.add_data(Wrapped, "SPY", Resolution.MINUTE).symbol
        self.same = self.differ = 0
    def on_data(self, data):
        if data.contains_key(self.wrapped) and data.bars.contains_key(self.spy):
            w, b = data[self.wrapped], data.bars[self.spy]
            if abs(w.value - b.close) < 1e-9 and w.volume == b.volume and w.end_time == b.end_time:
                self.same += 1
            else:
                self.differ += 1
    def on_end_of_algorithm(self):
        self.debug(f"same {self.same} differ {self.differ}")
"""


def test_a_custom_type_wrapping_equity_files_matches_the_equity(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.error is None, outcome.error
    line = [line.split(" ", 2)[2] for line in debug_lines(outcome) if " same " in line][0]
    assert line == "same 390 differ 0"


def test_trade_bar_source_and_equity_line():
    symbol = Symbol.create("AAPL", SecurityType.EQUITY, Market.USA)
    minute = CustomConfig(symbol, TradeBar, Resolution.MINUTE)
    source = TradeBar().get_source(minute, datetime(2014, 6, 5), False)
    assert source.source == "equity/usa/minute/aapl/20140605_trade.zip"
    daily = SubscriptionDataConfig(minute, TradeBar, symbol, resolution=Resolution.DAILY)
    assert TradeBar().get_source(daily, datetime(2014, 6, 5)).source == "equity/usa/daily/aapl.zip"
    bar = TradeBar.parse_equity(
        minute, "34260000,6450000,6460000,6440000,6455000,1200", datetime(2014, 6, 5)
    )
    assert (bar.time, bar.end_time) == (datetime(2014, 6, 5, 9, 31), datetime(2014, 6, 5, 9, 32))
    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (
        645.0,
        646.0,
        644.0,
        645.5,
        1200.0,
    )
    assert bar.symbol == symbol
    day = TradeBar.parse_equity(
        daily, "20140605 00:00,6450000,6460000,6440000,6455000,1200", datetime(2014, 6, 5)
    )
    assert day.time == datetime(2014, 6, 5) and day.period == timedelta(days=1)


def test_copied_config_keeps_the_rest():
    custom = Symbol("SPY", SecurityType.BASE, Market.USA)
    base = CustomConfig(custom, object, Resolution.MINUTE, time_zone="UTC")
    equity = Symbol.create("SPY", SecurityType.EQUITY, Market.USA)
    copy = SubscriptionDataConfig(base, TradeBar, equity)
    assert (copy.symbol, copy.type, copy.resolution, copy.time_zone) == (
        equity,
        TradeBar,
        Resolution.MINUTE,
        "UTC",
    )
    assert copy.market == "usa" and copy.mapped_symbol == "SPY"
    assert base.symbol is custom  # the original is untouched


# A custom type whose reader returns the equity's own trade bars: LEAN's Slice.Bars holds them, so
# the capacity estimate measures the custom symbol on them (custom data keeps always-open hours: it
# trades on the first pre-market bar, thinner than the equity's first regular-hours one).
BARS_TRADED = """
class Bars(PythonData):
    def get_source(self, config, date, is_live_mode):
        equity = Symbol.create(config.mapped_symbol, SecurityType.EQUITY, config.market)
        return TradeBar().get_source(SubscriptionDataConfig(config, Bars, equity), date, is_live_mode)
    def reader(self, config, line, date, is_live_mode):
        return TradeBar.parse_equity(config, line, date)

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 6, 25)
        self.set_end_date(2024, 6, 28)
        self.traded = (self.add_data(Bars, "SPY", Resolution.MINUTE) if CUSTOM
                       else self.add_equity("SPY", Resolution.MINUTE)).symbol
    def on_data(self, data):
        if not self.portfolio.invested:
            self.market_order(self.traded, 10)
"""


def test_custom_trade_bars_are_measured_by_the_capacity_estimate(tmp_path, demo_data):
    custom = run(tmp_path / "custom", BARS_TRADED.replace("CUSTOM", "True"), demo_data)
    equity = run(tmp_path / "equity", BARS_TRADED.replace("CUSTOM", "False"), demo_data)
    assert custom.error is None, custom.error
    assert equity.error is None, equity.error
    custom_stats, equity_stats = custom.result["statistics"], equity.result["statistics"]
    assert custom_stats["Lowest Capacity Asset"].startswith("SPY.Bars ")
    assert custom_stats["Estimated Strategy Capacity"] != "$0"  # no bars measured gave $0
    # the same formula on the thinner pre-market bars: a smaller estimate than the equity's
    custom_value = float(custom_stats["Estimated Strategy Capacity"].strip("$"))
    assert 0 < custom_value < float(equity_stats["Estimated Strategy Capacity"].strip("$"))
