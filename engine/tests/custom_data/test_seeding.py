"""Security seeding: FuncSecuritySeeder, the initializers, get_last_known_price(s), Compression."""

from __future__ import annotations

from datetime import datetime

from helpers import debug_lines, run

from engine.data.compression import Compression, unzip_data
from engine.model import Market, SecurityType, Symbol, TradeBar
from engine.portfolio.initializers import (
    CompositeSecurityInitializer,
    FuncSecurityInitializer,
    FuncSecuritySeeder,
)

SEEDED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 9)
        self.set_end_date(2024, 7, 10)
        self.set_security_initializer(BrokerageModelSecurityInitializer(
            self.brokerage_model, FuncSecuritySeeder(self.get_last_known_prices)))
        self.add_equity("SPY", Resolution.MINUTE)
        self.add_equity("AAPL", Resolution.DAILY)
        self.prices = {s: self.securities[s].price for s in ("SPY", "AAPL")}
        bars = self.history(["SPY"], 1, Resolution.MINUTE)
        self.last_minute = float(bars["close"].iloc[-1])
        self.last_ask = float(bars["askclose"].iloc[-1])
        self.last_daily = float(self.history(["AAPL"], 1, Resolution.DAILY)["close"].iloc[-1])
        self.single = self.get_last_known_price(self.securities["SPY"])
        self.quit()
    def on_end_of_algorithm(self):
        spy = self.securities["SPY"]
        self.debug(f"spy {self.prices['SPY'] == self.last_minute} {spy.ask_price == self.last_ask} "
                   f"{spy.has_data} aapl {self.prices['AAPL'] == self.last_daily} "
                   f"single {type(self.single).__name__} {self.single.close == self.last_minute}")
"""


def test_a_seeded_security_has_the_last_known_prices_before_the_start(tmp_path, demo_data):
    outcome = run(tmp_path / "p", SEEDED, demo_data)
    assert outcome.error is None, outcome.error
    assert (
        debug_lines(outcome)[0].split(" ", 2)[2]
        == "spy True True True aapl True single TradeBar True"
    )


UNSEEDED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 9)
        self.set_end_date(2024, 7, 10)
        self.add_equity("SPY", Resolution.MINUTE)
        self.debug(f"price {self.securities['SPY'].price} {self.securities['SPY'].has_data}")
        self.quit()
"""


def test_without_a_seeder_a_new_security_has_no_price(tmp_path, demo_data):
    outcome = run(tmp_path / "p", UNSEEDED, demo_data)
    assert debug_lines(outcome)[0].split(" ", 2)[2] == "price 0.0 False"


class _Security:
    def __init__(self) -> None:
        self.symbol = Symbol.create("SPY", SecurityType.EQUITY, Market.USA)
        self.seen: list = []

    def set_market_price(self, point) -> None:
        self.seen.append(point)


def _bar(close: float) -> TradeBar:
    time = datetime(2024, 7, 8, 15, 59)
    return TradeBar(
        time, Symbol.create("SPY", SecurityType.EQUITY, Market.USA), close, close, close, close, 100
    )


def test_func_security_seeder_takes_one_point_or_many_and_reports_failures():
    security = _Security()
    assert FuncSecuritySeeder(lambda s: _bar(1.0)).seed_security(security) is True
    assert FuncSecuritySeeder(lambda s: [_bar(2.0), _bar(3.0)]).seed_security(security) is True
    assert [p.close for p in security.seen] == [1.0, 2.0, 3.0]
    assert FuncSecuritySeeder(lambda s: []).seed_security(security) is False
    assert FuncSecuritySeeder(lambda s: 1 / 0).seed_security(security) is False


def test_composite_initializer_runs_its_parts_in_order():
    calls: list[str] = []
    composite = CompositeSecurityInitializer(
        FuncSecurityInitializer(lambda s: calls.append("a")), lambda s: calls.append("b")
    )
    composite.add_security_initializer(FuncSecurityInitializer(lambda s: calls.append("c")))
    composite.initialize(_Security())
    assert calls == ["a", "b", "c"]


def test_compression_zip_bytes_round_trips_a_list_of_byte_values():
    payload = list(b"2024-07-08,1\n")
    archive = Compression.zip_bytes(payload, "data")
    assert archive[:2] == b"PK"
    assert unzip_data(archive) == {"data": b"2024-07-08,1\n"}
