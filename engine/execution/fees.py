"""Fee models (LEAN Common/Orders/Fees). ``get_order_fee(parameters)`` returns ``OrderFee(CashAmount(amount, ccy))``.

User subclasses override ``get_order_fee(self, parameters)`` (or the PascalCase ``GetOrderFee``);
``parameters.security`` and ``parameters.order`` are the security and the order being filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from engine.execution.compat import user_method
from engine.execution.future_fees import future_fee_per_contract
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import Order


@dataclass(slots=True)
class CashAmount:
    amount: float
    currency: str = "USD"

    Amount = property(lambda self: self.amount)
    Currency = property(lambda self: self.currency)


class FeeAmount(float):
    """An order event's fee: a float (amount) that also answers LEAN's ``order_fee.value.amount``."""

    currency: str = "USD"

    def __new__(cls, amount: float, currency: str = "USD") -> FeeAmount:
        obj = super().__new__(cls, amount)
        obj.currency = currency
        return obj

    @property
    def value(self) -> CashAmount:
        return CashAmount(float(self), self.currency)

    Value = value


class OrderFee:
    __slots__ = ("value",)

    def __init__(self, value: CashAmount) -> None:
        self.value = value

    Value = property(lambda self: self.value)

    def __repr__(self) -> str:
        return f"OrderFee({self.value.amount} {self.value.currency})"

    def __str__(self) -> str:
        return f"{self.value.amount} {self.value.currency}"


OrderFee.ZERO = OrderFee(CashAmount(0.0, "USD"))  # type: ignore[attr-defined]
OrderFee.Zero = OrderFee.ZERO  # type: ignore[attr-defined]


class ModifiedFillQuantityOrderFee(OrderFee):
    """A fee charged in the base currency that reduces the filled quantity (Binance crypto buys)."""

    __slots__ = ("quote_currency", "contract_multiplier")

    def __init__(
        self, value: CashAmount, quote_currency: str, contract_multiplier: float = 1.0
    ) -> None:
        super().__init__(value)
        self.quote_currency = quote_currency
        self.contract_multiplier = contract_multiplier


@dataclass(slots=True)
class OrderFeeParameters:
    security: Any
    order: Order

    Security = property(lambda self: self.security)
    Order = property(lambda self: self.order)


# Enum members read once here: on Python 3.11 reading one from its class costs ~0.35 us
# (EnumType defines __getattr__, which puts every class attribute read through a Python-level
# hook), and the functions below run several times for each order.
_LIMIT_PRICED = frozenset((OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED))
_STOP_PRICED = frozenset((OrderType.STOP_MARKET, OrderType.TRAILING_STOP))
_OPTION_EXERCISE = OrderType.OPTION_EXERCISE
_FOREX_OR_CFD = frozenset((SecurityType.FOREX, SecurityType.CFD))
_OPTIONS = frozenset((SecurityType.OPTION, SecurityType.INDEX_OPTION))
_FUTURES = frozenset((SecurityType.FUTURE, SecurityType.FUTURE_OPTION))


def order_value(order: Order, security: Any) -> float:
    """LEAN ``Order.GetValue(security)``: signed value in account currency at the security's price."""
    price = security.price
    t = order.type
    if t in _LIMIT_PRICED:
        lp = order.limit_price
        price = min(lp, price) if order.quantity > 0 else max(lp, price)
    elif t in _STOP_PRICED:
        sp = order.stop_price
        price = min(sp, price) if order.quantity > 0 else max(sp, price)
    conv = getattr(security, "conversion_rate", 1.0) or 1.0
    return order.quantity * price * conv * security.symbol_properties.contract_multiplier


class FeeModel:
    """Base fee model: zero fee. Subclass and override ``get_order_fee``."""

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        return OrderFee(CashAmount(0.0, "USD"))

    def GetOrderFee(self, parameters: OrderFeeParameters) -> OrderFee:  # noqa: N802
        return self.get_order_fee(parameters)


def compute_fee(model: Any, security: Any, order: Order) -> OrderFee:
    """Call a (possibly user-written, possibly PascalCase) fee model and normalise the result."""
    fee = user_method(model, "get_order_fee", "GetOrderFee", FeeModel)(
        OrderFeeParameters(security, order)
    )
    if isinstance(fee, OrderFee):
        return fee
    if isinstance(fee, CashAmount):
        return OrderFee(fee)
    if isinstance(fee, int | float):  # older API returned a number
        return OrderFee(CashAmount(float(fee), "USD"))
    return OrderFee(CashAmount(float(fee.value.amount), fee.value.currency))


class NoFeeModel(FeeModel):
    pass


class ConstantFeeModel(FeeModel):
    """Fixed fee per order (``ConstantFeeModel(fee, currency="USD")``)."""

    def __init__(self, fee: float, currency: str = "USD") -> None:
        self.fee = abs(fee)
        self.currency = currency

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        return OrderFee(CashAmount(self.fee, self.currency))


class InteractiveBrokersFeeModel(FeeModel):
    """IB fixed pricing: US equities $0.005/share, $1 minimum, 0.5% of value cap (the minimum wins);
    forex 0.20 bp of value with a $2 minimum (USD)."""

    def __init__(
        self,
        monthly_forex_trade_amount_in_us_dollars: float = 0,
        monthly_options_trade_amount_in_contracts: float = 0,
    ):
        self._forex_rate = (
            0.0002 if monthly_forex_trade_amount_in_us_dollars <= 1_000_000_000 else 0.00015
        )
        self._forex_min = 2.0
        self._options_volume = monthly_options_trade_amount_in_contracts

    def _option_rate(self, premium: float) -> float:
        """Commission per contract by the monthly options volume's tier and the premium (LEAN's
        ProcessOptionsRateSchedule)."""
        if self._options_volume <= 10_000:
            return 0.65 if premium >= 0.1 else (0.5 if premium >= 0.05 else 0.25)
        if self._options_volume <= 50_000:
            return 0.5 if premium >= 0.05 else 0.25
        return 0.25 if self._options_volume <= 100_000 else 0.15

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        st = security.type
        if order.type == _OPTION_EXERCISE:
            return OrderFee(CashAmount(0.0, "USD"))
        if st in _FOREX_OR_CFD:
            value = abs(order_value(order, security))
            fee = max(self._forex_min, value * self._forex_rate / 10.0)  # 0.20 bp = 0.00002
            return OrderFee(CashAmount(fee, "USD"))
        if st in _OPTIONS:
            rate = self._option_rate(_potential_order_price(order, security))
            return OrderFee(CashAmount(max(1.0, rate * order.absolute_quantity), "USD"))
        if st in _FUTURES:
            per_contract, currency = future_fee_per_contract(security)
            return OrderFee(CashAmount(per_contract * order.absolute_quantity, currency))
        # equities: per-share fee with a minimum and a cap as a share of the order's value
        schedule = _IB_EQUITY_FEES.get(security.symbol.id.market)
        if schedule is None:
            raise KeyError(
                f"InteractiveBrokersFeeModel(): unexpected equity Market {security.symbol.id.market}"
            )
        currency, per_share, minimum, maximum_rate = schedule
        trade_value = abs(order_value(order, security))
        fee = per_share * order.absolute_quantity
        cap = maximum_rate * trade_value
        if fee < minimum:
            fee = minimum
        elif fee > cap:
            fee = cap
        return OrderFee(CashAmount(abs(fee), currency))


def _potential_order_price(order: Any, security: Any) -> float:
    """The premium an option order's commission tier is chosen by (LEAN's
    InteractiveBrokersFeeModel.GetPotentialOrderPrice): a market order's bid when buying and ask
    when selling, a limit order's limit, a combo limit order's group limit."""
    kind = order.type
    if kind in (
        OrderType.MARKET,
        OrderType.COMBO_MARKET,
        OrderType.MARKET_ON_OPEN,
        OrderType.MARKET_ON_CLOSE,
    ):
        return security.bid_price if order.quantity > 0 else security.ask_price
    if kind == OrderType.COMBO_LIMIT:
        manager = getattr(order, "group_order_manager", None)
        return manager.limit_price if manager is not None else 0.0
    if kind in (OrderType.TRAILING_STOP, OrderType.STOP_MARKET):
        return order.stop_price
    if kind in (
        OrderType.COMBO_LEG_LIMIT,
        OrderType.STOP_LIMIT,
        OrderType.LIMIT_IF_TOUCHED,
        OrderType.LIMIT,
    ):
        return order.limit_price
    return 0.0


# Interactive Brokers equity fees by market: currency, fee per share, minimum fee, maximum share of
# the order's value (Common/Orders/Fees/InteractiveBrokersFeeModel.cs)
_IB_EQUITY_FEES: dict[str, tuple[str, float, float, float]] = {
    Market.USA: ("USD", 0.005, 1.0, 0.005),
    Market.INDIA: ("INR", 0.01, 6.0, 20.0),
}


class AxosFeeModel(FeeModel):
    """Axos clearing: a fixed fee per share, $0.0035 unless given (Common/Orders/Fees/AxosFeeModel.cs)."""

    def __init__(self, fees_per_share: float | None = None) -> None:
        self.fees_per_share = 0.0035 if fees_per_share is None else float(fees_per_share)

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        fee = self.fees_per_share * parameters.order.absolute_quantity
        return OrderFee(CashAmount(fee, "USD"))


def _quote_side_price(security: Any, order: Order) -> float:
    if order.type == OrderType.LIMIT:
        return order.limit_price
    if order.quantity > 0:
        return security.ask_price or security.price
    return security.bid_price or security.price


def _is_maker(security: Any, order: Order) -> bool:
    """A limit order that is not marketable when placed (or post-only) provides liquidity."""
    if order.type != OrderType.LIMIT:
        return False
    if getattr(order.properties, "post_only", False):
        return True
    if order.quantity > 0:
        ask = order.submission_ask or security.ask_price or security.price
        return order.limit_price < ask
    bid = order.submission_bid or security.bid_price or security.price
    return order.limit_price > bid


class CoinbaseFeeModel(FeeModel):
    """Coinbase maker/taker fees by order date, charged in the quote currency."""

    def __init__(self, maker_fee: float | None = None, taker_fee: float | None = None) -> None:
        self.maker_fee = maker_fee
        self.taker_fee = taker_fee

    def _rates(self, when: datetime) -> tuple[float, float]:
        if self.maker_fee is not None and self.taker_fee is not None:
            return self.maker_fee, self.taker_fee
        if when < datetime(2019, 3, 23, 1, 30, tzinfo=UTC):
            return 0.0, 0.003
        if when < datetime(2019, 10, 8, 0, 30, tzinfo=UTC):
            return 0.0015, 0.0025
        return 0.006, 0.008

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        when = order.time if order.time.tzinfo else order.time.replace(tzinfo=UTC)
        maker, taker = self._rates(when)
        v = security.symbol.value
        stable = v.startswith(("USDT", "USDC", "DAI", "PAX", "GUSD")) and v.endswith(
            ("USD", "USDC", "USDT")
        )
        if stable and self.maker_fee is None:
            maker, taker = 0.0, 0.00001
        rate = maker if _is_maker(security, order) else taker
        price = security.ask_price if order.quantity > 0 else security.bid_price
        price = price or security.price
        fee = (
            price * order.absolute_quantity * rate * security.symbol_properties.contract_multiplier
        )
        return OrderFee(CashAmount(fee, security.quote_currency))


GDAXFeeModel = CoinbaseFeeModel


class BinanceFeeModel(FeeModel):
    """Binance spot: 0.1% maker and taker. Buys pay in the base currency (reducing the fill quantity),
    sells in the quote currency."""

    def __init__(self, maker_fee: float = 0.001, taker_fee: float = 0.001) -> None:
        self.maker_fee = maker_fee
        self.taker_fee = taker_fee

    def rates(self, security: Any) -> tuple[float, float]:
        """(maker, taker) fee rates for ``security``."""
        return self.maker_fee, self.taker_fee

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        maker, taker = self.rates(security)
        rate = maker if _is_maker(security, order) else taker
        if security.type == SecurityType.CRYPTO_FUTURE:
            # a share of the position's value, in the contract's collateral currency (BTC for a
            # coin-margined BTCUSD, USDT for ADAUSDT), as LEAN's BinanceFeeModel
            value = security.holdings.get_quantity_value(order.absolute_quantity, security.price)
            return OrderFee(CashAmount(value.amount * rate, value.cash.symbol))
        if order.quantity > 0 and security.base_currency:
            fee = order.absolute_quantity * rate
            return ModifiedFillQuantityOrderFee(
                CashAmount(fee, security.base_currency), security.quote_currency
            )
        price = _quote_side_price(security, order)
        fee = (
            price * order.absolute_quantity * rate * security.symbol_properties.contract_multiplier
        )
        return OrderFee(CashAmount(fee, security.quote_currency))


class BinanceFuturesFeeModel(BinanceFeeModel):
    """LEAN ``BinanceFuturesFeeModel``: USDT-margined futures at 0.02% maker and 0.04% taker,
    BUSD-margined ones at 0.012% and 0.036% (tier 1)."""

    def __init__(
        self,
        maker_usdt_fee: float = 0.0002,
        taker_usdt_fee: float = 0.0004,
        maker_busd_fee: float = 0.00012,
        taker_busd_fee: float = 0.00036,
    ) -> None:
        super().__init__(maker_usdt_fee, taker_usdt_fee)
        self.maker_busd_fee = maker_busd_fee
        self.taker_busd_fee = taker_busd_fee

    def rates(self, security: Any) -> tuple[float, float]:
        if str(security.quote_currency) == "BUSD":
            return self.maker_busd_fee, self.taker_busd_fee
        return self.maker_fee, self.taker_fee


class BinanceCoinFuturesFeeModel(BinanceFeeModel):
    """LEAN ``BinanceCoinFuturesFeeModel``: coin-margined futures at 0.01% maker, 0.05% taker."""

    def __init__(self, maker_fee: float = 0.0001, taker_fee: float = 0.0005) -> None:
        super().__init__(maker_fee, taker_fee)


class BybitFeeModel(BinanceFeeModel):
    """LEAN ``BybitFeeModel``: Binance's rules (buys pay in the base currency, sells in the quote
    currency) at Bybit's non-VIP spot rates, 0.1% maker and taker."""


class BybitFuturesFeeModel(BybitFeeModel):
    """LEAN ``BybitFuturesFeeModel``: 0.02% maker, 0.055% taker."""

    def __init__(self, maker_fee: float = 0.0002, taker_fee: float = 0.00055) -> None:
        super().__init__(maker_fee, taker_fee)


class BitfinexFeeModel(FeeModel):
    """Bitfinex: 0.1% maker, 0.2% taker, quote currency."""

    maker_fee = 0.001
    taker_fee = 0.002

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        rate = self.maker_fee if _is_maker(security, order) else self.taker_fee
        price = _quote_side_price(security, order)
        return OrderFee(CashAmount(price * order.absolute_quantity * rate, security.quote_currency))


class KrakenFeeModel(FeeModel):
    """Kraken: 0.16% maker, 0.26% taker, quote currency (default tier)."""

    maker_fee = 0.0016
    taker_fee = 0.0026

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        rate = self.maker_fee if _is_maker(security, order) else self.taker_fee
        price = _quote_side_price(security, order)
        return OrderFee(CashAmount(price * order.absolute_quantity * rate, security.quote_currency))


class OandaFeeModel(FeeModel):
    """OANDA charges no commission (the cost is in the spread)."""
