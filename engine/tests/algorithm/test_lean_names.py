"""LEAN names of ``AlgorithmImports`` and QCAlgorithm members that LEAN's regression algorithms use:
time zones, markets, brokerage names, order classes and requests, keyword arguments of the order
methods, utility classes (CircularQueue, SymbolCache, ...), plot_indicator."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.algorithm.imports import exported_names, install
from engine.algorithm.lean_names import CircularQueue, Extensions, SymbolCache
from engine.execution.brokerage import BrokerageName, CoinbaseBrokerageModel, brokerage_model_for
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import LimitOrder, MarketOnCloseOrder, TimeInForce
from engine.portfolio.tickets import new_submit_order_request
from engine.tests.runner.helpers import debug_lines, run

NAMES = (
    "TimeZones SubscriptionDataConfig DynamicData DefaultBrokerageModel FillModel ImmediateFillModel "
    "BuyingPowerModel FeeModel SecurityDataFilter SymbolCache IndicatorResult IAlgorithm CircularQueue "
    "FuncRiskFreeRateInterestRateModel SubmitOrderRequest OrderField LimitOrder MarketOnCloseOrder "
    "StopLimitOrder TrailingStopOrder AlgorithmMode DeploymentTarget Extensions"
).split()


def test_algorithm_imports_export_the_lean_names():
    assert set(NAMES) <= exported_names()


def test_clr_modules_export_dictionary():
    install()
    from System.Collections.Generic import Dictionary  # type: ignore[import-not-found]

    assert Dictionary[str, str]({"a": "b"}).contains_key("a")


def test_every_lean_market_and_brokerage_name():
    assert (Market.INDIA, Market.BYBIT, Market.CME, Market.HIT_BTC) == (
        "india",
        "bybit",
        "cme",
        "hitbtc",
    )
    assert (BrokerageName.AXOS, BrokerageName.BYBIT, BrokerageName.COINBASE) == (31, 29, 32)
    assert BrokerageName.Axos is BrokerageName.AXOS
    assert isinstance(
        brokerage_model_for(BrokerageName.COINBASE, 1), CoinbaseBrokerageModel
    )  # AccountType.CASH


def test_good_til_date_python_spelling():
    tif = TimeInForce.GOOD_TIL_DATE(datetime(2013, 10, 10, 12))
    assert tif.kind == TimeInForce.GTD and str(tif.expiry) == "2013-10-10"


def test_submit_order_request_takes_lean_constructor_overloads():
    t = datetime(2013, 10, 7, 14)
    plain = new_submit_order_request(
        OrderType.LIMIT, SecurityType.EQUITY, "SPY", 10, 0, 140, t, "a"
    )
    assert (plain.limit_price, plain.time, plain.tag, plain.asynchronous) == (140, t, "a", False)
    lit = new_submit_order_request(
        OrderType.LIMIT_IF_TOUCHED,
        SecurityType.EQUITY,
        "SPY",
        10,
        0,
        140,
        141,
        t,
        "b",
        asynchronous=True,
    )
    assert (lit.limit_price, lit.trigger_price, lit.tag, lit.asynchronous) == (140, 141, "b", True)


def test_circular_queue_fires_circle_completed_when_the_first_item_comes_back():
    queue = CircularQueue[OrderType]([OrderType.MARKET, OrderType.LIMIT])
    circles: list[object] = []
    queue.circle_completed += lambda sender, _args: circles.append(sender)
    assert [queue.dequeue() for _ in range(5)] == [
        OrderType.MARKET,
        OrderType.LIMIT,
        OrderType.MARKET,
        OrderType.LIMIT,
        OrderType.MARKET,
    ]
    assert circles == [queue] * 3


def test_round_to_significant_digits():
    assert Extensions.round_to_significant_digits(144.8923, 5) == pytest.approx(144.89)
    assert Extensions.round_to_significant_digits(0.0123456, 3) == pytest.approx(0.0123)


ORDERS_ALGORITHM = """
class OrdersAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.set_cash(starting_cash=100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.events = []
        self.sent = False

    def on_data(self, data):
        if self.sent:
            return
        self.sent = True
        self.set_holdings("SPY", 0.5, asynchronous=True, tag="half")
        self.limit_order(self.spy, 1, 1.0, True, "far limit")
        self.stop_limit_order(self.spy, -1, 1.0, 0.5, asynchronous=False, tag="stop limit")
        self.market_on_close_order(self.spy, 1, tag="moc")

    def on_order_event(self, order_event):
        self.events.append(order_event)
        assert order_event.ticket is not None and order_event.ticket.order_id == order_event.order_id
        self.debug(order_event.to_string())

    def on_end_of_algorithm(self):
        tickets = self.transactions.get_order_tickets()
        self.debug("async " + ",".join(str(t.submit_request.asynchronous) for t in tickets))
        self.debug("tags " + ",".join(t.tag for t in tickets))
        types = [type(self.transactions.get_order_by_id(t.order_id)).__name__ for t in tickets]
        self.debug("types " + ",".join(types))
        self.debug(f"mode {self.algorithm_mode} {self.deployment_target}")
"""


def test_order_methods_take_lean_keywords_and_events_carry_their_ticket(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ORDERS_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    lines = debug_lines(outcome)
    assert any(line.endswith("async True,True,False,False") for line in lines)
    assert any(line.endswith("tags half,far limit,stop limit,moc") for line in lines)
    assert any(
        line.endswith("types MarketOrder,LimitOrder,StopLimitOrder,MarketOnCloseOrder")
        for line in lines
    )
    assert any(line.endswith("mode Backtesting LocalPlatform") for line in lines)
    assert any("OrderID: 1 EventID: 2 Symbol: SPY Status: Filled" in line for line in lines)


def test_market_on_close_order_class_holds_the_submission_buffer():
    assert (
        MarketOnCloseOrder.submission_time_buffer
        == MarketOnCloseOrder.DEFAULT_SUBMISSION_TIME_BUFFER
    )
    assert issubclass(LimitOrder, object) and LimitOrder.__mro__[1].__name__ == "Order"


UTILITIES_ALGORITHM = """
class UtilitiesAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_time_zone(TimeZones.NEW_YORK)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        found, symbol = SymbolCache.try_get_symbol("SPY", None)
        assert found and symbol == self.spy
        self.sma = self.sma(self.spy, 5)
        self.plot_indicator("Indicators", self.sma)
        self.rate = FuncRiskFreeRateInterestRateModel(lambda dt: 0.01)
        self.count_zero = 0

    def on_data(self, data: Slice):
        if data.bars.count == 0:
            self.count_zero += 1

    def on_end_of_algorithm(self):
        self.debug(f"rate {self.rate.get_interest_rate(self.time)}")
"""


def test_symbol_cache_plot_indicator_and_bars_count(tmp_path, lean_data):
    outcome = run(tmp_path / "p", UTILITIES_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    assert any(line.endswith("rate 0.01") for line in debug_lines(outcome))
    series = outcome.result["charts"]["Indicators"]["series"]
    (name,) = series
    assert name.startswith("SMA") and len(series[name]["values"]) > 300
    assert SymbolCache.try_get_symbol("NOPE") == (False, None)


REMOVE_ALGORITHM = """
class RemoveAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.removed_at = None
        self.changes = []
        self.after = 0

    def on_data(self, data):
        if self.removed_at is None and not self.portfolio.invested:
            self.set_holdings("SPY", 0.5)
        elif self.removed_at is None and self.time.day == 8:
            assert self.remove_security("SPY", "bye")
            assert not self.remove_security("NOPE")
            self.removed_at = self.time
        elif self.removed_at is not None and data.contains_key(self.spy):
            self.after += 1

    def on_securities_changed(self, changes):
        self.changes.append((self.time, [s.symbol.value for s in changes.removed_securities]))

    def on_end_of_algorithm(self):
        orders = self.transactions.get_orders()
        self.debug(f"orders {len(orders)} last tag {orders[-1].tag} qty {self.portfolio['SPY'].quantity}")
        self.debug(f"removed {[c for c in self.changes if c[1]]} after {self.after}")
        self.debug(f"tradable {self.securities['SPY'].is_tradable}")
"""


def test_remove_security_liquidates_reports_the_removal_and_ends_the_data(tmp_path, lean_data):
    outcome = run(tmp_path / "p", REMOVE_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    lines = debug_lines(outcome)
    assert any(line.endswith("orders 2 last tag bye qty 0.0") for line in lines), lines
    removed = next(line for line in lines if " removed " in line)
    # the next step: SPY has no data any more, so it is the hourly benchmark slice at 10:00
    assert "datetime.datetime(2013, 10, 8, 10, 0), ['SPY']" in removed
    assert removed.endswith("after 0")
    assert any(line.endswith("tradable False") for line in lines)


def test_order_event_prints_as_lean():
    from engine.model.enums import OrderDirection, OrderStatus
    from engine.model.orders import OrderEvent
    from engine.model.symbol import Symbol

    event = OrderEvent(
        order_id=72,
        id=399,
        symbol=Symbol("SPY", SecurityType.EQUITY, Market.USA),
        utc_time=datetime(2013, 10, 10, 13, 31),
        status=OrderStatus.FILLED,
        direction=OrderDirection.SELL,
        fill_price=145.66360000001,
        fill_quantity=-1.0,
        order_fee=1.0,
        quantity=-1.0,
        limit_price=145.6434,
        trigger_price=144.89,
    )
    assert event.to_string() == (
        "Time: 10/10/2013 13:31:00 OrderID: 72 EventID: 399 Symbol: SPY Status: Filled Quantity: -1 "
        "FillQuantity: -1 FillPrice: $145.6636 LimitPrice: $145.6434 TriggerPrice: $144.89 OrderFee: 1 USD"
    )


BROKERAGE_ALGORITHM = """
class RefusingBrokerageModel(DefaultBrokerageModel):
    def can_submit_order(self, security: Security, order: Order, message: BrokerageMessageEvent):
        if order.quantity < 0:
            return False, BrokerageMessageEvent(BrokerageMessageType.INFORMATION, "", "no shorts")
        return True, None

    def get_benchmark(self, securities):
        return FuncBenchmark(lambda time: 0)


class BrokerageAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_brokerage_model(RefusingBrokerageModel())
        self.add_equity("SPY", Resolution.MINUTE)
        self.tickets = []

    def on_data(self, data):
        if not self.tickets:
            self.tickets = [self.market_order("SPY", 1), self.market_order("SPY", -2)]

    def on_end_of_algorithm(self):
        self.debug("refused: " + self.tickets[1].submit_request.response.error_message)
        self.debug("ticket: " + self.tickets[0].to_string())
"""


def test_a_users_brokerage_model_gets_lean_s_message_argument(tmp_path, lean_data):
    outcome = run(tmp_path / "p", BROKERAGE_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    lines = debug_lines(outcome)
    assert any(
        line.endswith(
            "refused: BrokerageModel declared unable to submit order: [2] "
            "Information - Code:  - no shorts"
        )
        for line in lines
    ), lines
    assert any("ticket: 1: " in line for line in lines)
    assert outcome.result["statistics"]["Total Orders"] == "2"
    assert outcome.result["statistics"]["Beta"] == "0"  # the zero FuncBenchmark


PARTIAL_FILL_ALGORITHM = """
class TenAtATime(FillModel):
    def __init__(self):
        self.remaining = {}

    def market_fill(self, asset, order):
        remaining = self.remaining.get(order.id, order.AbsoluteQuantity)
        fill = super().market_fill(asset, order)
        fill.fill_quantity = np.sign(order.quantity) * min(10, remaining)
        if remaining <= 10:
            fill.status = OrderStatus.FILLED
        else:
            fill.status = OrderStatus.PARTIALLY_FILLED
            self.remaining[order.id] = remaining - 10
        return fill


class PartialFillAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.MINUTE).set_fill_model(TenAtATime())
        self.fills = []

    def on_data(self, data):
        if self.transactions.orders_count == 0:
            self.market_order("SPY", 35, True)

    def on_order_event(self, order_event):
        if order_event.is_fill:
            self.fills.append((order_event.fill_quantity, order_event.order_fee))

    def on_end_of_algorithm(self):
        self.debug(f"fills {self.fills}")
"""


def test_a_users_partial_fill_model_is_called_and_the_fee_comes_with_the_last_fill(
    tmp_path, lean_data
):
    outcome = run(tmp_path / "p", PARTIAL_FILL_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    line = next(line for line in debug_lines(outcome) if " fills " in line)
    assert line.endswith("fills [(10.0, 0.0), (10.0, 0.0), (10.0, 0.0), (5.0, 1.0)]"), line
    assert outcome.result["statistics"]["Total Fees"] == "$1.00"


PROPERTIES_ALGORITHM = """
class PropertiesAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE)
        self.spy.slow = self.ema(self.spy.symbol, 30)
        self.spy.add("fast", self.ema(self.spy.symbol, 10))
        self.spy["factor"] = 2
        found, value = self.spy.try_get("factor")
        assert found and value == 2 and self.spy.factor == 2
        assert self.spy.get[ExponentialMovingAverage]("fast") is self.spy.fast
        assert self.spy["slow"] is self.spy.slow
        assert self.spy.remove("factor") and not self.spy.try_get("factor")[0]
        try:
            self.spy["nothing"]
            raise AssertionError("expected a KeyError")
        except KeyError:
            pass
"""


def test_securities_take_custom_properties(tmp_path, lean_data):
    outcome = run(tmp_path / "p", PROPERTIES_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace


FILTER_ALGORITHM = """
class Before935(SecurityDataFilter):
    def filter(self, vehicle: Security, data: BaseData) -> bool:
        return data.time < datetime(2013, 10, 7, 9, 35)


class FilterAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE, fill_forward=False)
        self.spy.set_data_filter(Before935())
        self.times = []

    def on_data(self, data):
        if data.bars.contains_key("SPY"):
            self.times.append(self.time.strftime("%H:%M"))

    def on_end_of_algorithm(self):
        self.debug(f"times {self.times} price {self.spy.price}")
"""


def test_a_security_data_filter_drops_the_points_it_rejects(tmp_path, lean_data):
    outcome = run(tmp_path / "p", FILTER_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    line = next(line for line in debug_lines(outcome) if " times " in line)
    assert "times ['09:31', '09:32', '09:33', '09:34', '09:35'] price" in line, line


def test_system_random_draws_dotnet_s_seeded_sequence():
    from engine.algorithm.lean_names import Random

    assert [Random(0).next() for _ in range(1)] == [1559595546]  # .NET new Random(0).Next()
    r = Random(0)
    assert [r.next() for _ in range(3)] == [1559595546, 1755192844, 1649316166]
    assert 0 <= Random(7).next(0, 10) < 10 and 0 <= Random(7).next_double() < 1


BUYING_POWER_ALGORITHM = """
class RoundLots(BuyingPowerModel):
    def get_maximum_order_quantity_for_target_buying_power(self, parameters):
        quantity = super().get_maximum_order_quantity_for_target_buying_power(parameters).quantity
        return GetMaximumOrderQuantityResult(np.floor(quantity / 100) * 100)

    def has_sufficient_buying_power_for_order(self, parameters):
        assert parameters.order is not None and parameters.security is not None
        return HasSufficientBuyingPowerForOrderResult(True)

    def get_maintenance_margin(self, parameters):
        return MaintenanceMargin(0)

    def get_reserved_buying_power_for_position(self, parameters):
        return parameters.result_in_account_currency(0)


class BuyingPowerAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE)
        self.spy.set_buying_power_model(RoundLots())

    def on_data(self, data):
        if not self.portfolio.invested:
            quantity = self.calculate_order_quantity("SPY", 1)
            self.debug(f"quantity {quantity}")
            self.market_order("SPY", quantity * 10)  # the model always says there is enough
"""


def test_a_users_buying_power_model_written_for_lean_gets_parameter_objects(tmp_path, lean_data):
    outcome = run(tmp_path / "p", BUYING_POWER_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    assert any(line.endswith("quantity 600.0") for line in debug_lines(outcome))
    assert outcome.result["statistics"]["Total Orders"] == "1"
    (order,) = outcome.result["orders"].values()
    assert order["quantity"] == 6000 and order["status"] == 3  # filled


def test_extensions_convert_between_utc_and_an_exchange_zone():
    """LEAN's Extensions.ConvertFromUtc / ConvertToUtc (Common/Extensions.cs), as a custom fill
    model uses them to compare an order's UTC time with the exchange-local data time."""
    from datetime import UTC, datetime

    from engine.algorithm.lean_names import Extensions

    utc = datetime(2013, 10, 7, 13, 30, tzinfo=UTC)
    assert Extensions.convert_from_utc(utc, "America/New_York") == datetime(2013, 10, 7, 9, 30)
    assert Extensions.convert_from_utc(utc.replace(tzinfo=None), "America/New_York") == datetime(
        2013, 10, 7, 9, 30
    )
    back = Extensions.convert_to_utc(datetime(2013, 12, 2, 9, 30), "America/New_York")
    assert back == datetime(2013, 12, 2, 14, 30)  # standard time: UTC-5
