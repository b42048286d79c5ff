"""Custom data linked to another security (``add_data(Type, symbol)``, LEAN's ``Symbol.CreateBase``):
its own symbol with ``underlying`` set, indicators fed from its points (identity at its resolution,
bars of its value at a longer period), and orders on it through a crypto brokerage that takes
custom securities (Bybit)."""

from __future__ import annotations

from datetime import date, datetime

from helpers import debug_lines, run

from engine.algorithm.lean_names import Extensions
from engine.model import Market, SecurityType, Symbol, TickType
from engine.model.identifier import encode_base36, pack_properties

CSV = "".join(f"2024-07-{d:02d},{v}\n" for d, v in [(1, 10), (2, 12), (3, 11), (5, 15), (8, 16)])

ALGO = """
class Weather(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource("weather.csv", SubscriptionTransportMedium.LOCAL_FILE)
    def reader(self, config, line, date, is_live):
        d, v = line.split(",")
        point = Weather()
        point.symbol = config.symbol
        point.time = datetime.strptime(d, "%Y-%m-%d")
        point.end_time = point.time + timedelta(days=1)
        point.value = float(v)
        return point

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 1)
        self.set_end_date(2024, 7, 9)
        self.set_brokerage_model(BrokerageName.BYBIT, AccountType.CASH)
        spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.w = self.add_data(Weather, spy, Resolution.DAILY).symbol
        self.debug(f"symbol {self.w.value} {self.w.security_type} {self.w.underlying} {self.w.id}")
        self.fast = self.sma(self.w, 2)
        self.slow = self.sma(self.w, 2, timedelta(days=2))
    def on_data(self, data):
        if data.contains_key(self.w):
            self.debug(f"point {self.time:%m-%d} {self.fast.current.value} {self.slow.samples}")
            if self.fast.is_ready and not self.portfolio.invested:
                self.market_order(self.w, 5)
    def on_order_event(self, event):
        self.debug(f"order {event.status} {event.fill_quantity} {event.fill_price}")
"""


def test_custom_data_on_an_underlying(tmp_path, demo_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "weather.csv").write_text(CSV)
    outcome = run(project, ALGO, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[0] == "symbol SPY Base SPY SPY.Weather"
    points = [line for line in lines if line.startswith("point")]
    # the identity SMA(2) follows every point (10, then 10 and 12, ...); the 2-day bars of the
    # value ([06-30, 07-02), [07-02, 07-04), [07-04, 07-06)) close at their period ends
    assert points == [
        "point 07-02 10.0 1",
        "point 07-03 11.0 1",
        "point 07-04 11.5 2",
        "point 07-06 13.0 3",
        "point 07-09 15.5 3",
    ]
    orders = [line for line in lines if line.startswith("order")]
    assert orders == ["order Submitted 0.0 0.0", "order Filled 5.0 12.0"]  # at the custom price


def test_create_base_links_the_underlying():
    btc = Symbol("BTCUSDT", SecurityType.CRYPTO, Market.BYBIT)

    class Quotes:
        pass

    custom = Symbol.create_base(Quotes, btc, btc.market)
    assert custom.value == "BTCUSDT"
    assert custom.security_type == SecurityType.BASE
    assert custom.market == "bybit"
    assert custom.underlying is btc and custom.has_underlying
    assert str(custom.id) == "BTCUSDT.Quotes"
    assert custom != btc
    assert Symbol.create("SPY", SecurityType.EQUITY, Market.USA).underlying is None


def test_extensions_tick_type_and_time_zone_conversion():
    assert Extensions.tick_type_to_lower(TickType.QUOTE) == "quote"
    assert Extensions.tick_type_to_lower(TickType.TRADE) == "trade"
    assert Extensions.convert_to(datetime(2022, 12, 13, 5, 0), "UTC", "America/New_York") == (
        datetime(2022, 12, 13, 0, 0)
    )
    same = datetime(2022, 12, 13, 5, 0)
    assert Extensions.convert_to(same, "UTC", "UTC") == same


def test_custom_data_on_an_underlying_is_named_as_lean_names_it(tmp_path, demo_data):
    # LEAN's Symbol.CreateBase: GenerateBase with the underlying identifier's ticker and date,
    # the type's name after a dot and the Base type's packed properties
    project = tmp_path / "p"
    project.mkdir()
    (project / "weather.csv").write_text(CSV)
    outcome = run(project, ALGO, demo_data)
    assert outcome.error is None, outcome.error
    # the demo data's SPY map file starts 2024-06-24: SPY's identifier date, kept by the custom one
    base = pack_properties(SecurityType.BASE, "usa", date(2024, 6, 24))
    assert (
        outcome.result["statistics"]["Lowest Capacity Asset"]
        == f"SPY.Weather {encode_base36(base)}"
    )
    assert encode_base36(base) == "YJKMMWTGSY90"
