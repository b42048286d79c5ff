"""Brokerage models: choose fee/fill/slippage/buying-power/settlement models and leverage together, and
answer ``can_submit_order`` / ``can_update_order`` / ``can_execute_order`` (LEAN Common/Brokerages).

``brokerage_model_for(BrokerageName.X, AccountType.Y)`` builds the model that ``set_brokerage_model``
installs; ``model.initialize_security(security)`` applies its models to a security.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from engine.common.naming import to_pascal
from engine.execution.buying_power import (
    BuyingPowerModel,
    CashBuyingPowerModel,
    SecurityMarginModel,
)
from engine.execution.crypto_futures import (
    BybitFutureMarginInterestRateModel,
    CryptoFutureMarginModel,
)
from engine.execution.fees import (
    BinanceFeeModel,
    BitfinexFeeModel,
    BybitFeeModel,
    BybitFuturesFeeModel,
    CoinbaseFeeModel,
    ConstantFeeModel,
    FeeModel,
    InteractiveBrokersFeeModel,
    KrakenFeeModel,
    OandaFeeModel,
)
from engine.execution.fills import EquityFillModel, FillModel
from engine.execution.fills.future import FutureFillModel
from engine.execution.future_margin import FutureMarginModel
from engine.execution.future_settlement import FutureSettlementModel
from engine.execution.margin_interest import NullMarginInterestRateModel
from engine.execution.settlement import DelayedSettlementModel, ImmediateSettlementModel
from engine.execution.shortable import NullShortableProvider
from engine.execution.slippage import NullSlippageModel
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import Order, TimeInForce
from engine.model.symbol import Symbol


class AccountType(IntEnum):
    MARGIN = 0
    CASH = 1


AccountType.Margin = AccountType.MARGIN  # type: ignore[attr-defined]
AccountType.Cash = AccountType.CASH  # type: ignore[attr-defined]


class BrokerageName(IntEnum):
    """LEAN's BrokerageName, every member with its value (Common/Brokerages/BrokerageName.cs)."""

    DEFAULT = 0
    QUANTCONNECT_BROKERAGE = 0
    INTERACTIVE_BROKERS_BROKERAGE = 1
    TRADIER_BROKERAGE = 2
    OANDA_BROKERAGE = 3
    FXCM_BROKERAGE = 4
    BITFINEX = 5
    BINANCE = 6
    GDAX = 12
    ALPACA = 13
    ALPHA_STREAMS = 14
    ZERODHA = 15
    SAMCO = 16
    ATREYU = 17
    TRADING_TECHNOLOGIES = 18
    KRAKEN = 19
    FTX = 20
    FTXUS = 21
    EXANTE = 22
    BINANCE_US = 23
    WOLVERINE = 24
    TD_AMERITRADE = 25
    BINANCE_FUTURES = 26
    BINANCE_COIN_FUTURES = 27
    RBI = 28
    BYBIT = 29
    EZE = 30
    AXOS = 31
    COINBASE = 32
    TRADE_STATION = 33
    TERMINAL_LINK = 34
    CHARLES_SCHWAB = 35
    TASTYTRADE = 36
    INTERACTIVE_BROKERS_FIX = 37
    DYDX = 38
    WEBULL = 39
    PUBLIC = 40
    BLOOMBERG_FIX = 41


for _m in list(BrokerageName.__members__):
    setattr(BrokerageName, to_pascal(_m.lower()), BrokerageName[_m])
BrokerageName.InteractiveBrokersBrokerage = BrokerageName.INTERACTIVE_BROKERS_BROKERAGE  # type: ignore[attr-defined]
BrokerageName.OandaBrokerage = BrokerageName.OANDA_BROKERAGE  # type: ignore[attr-defined]


class BrokerageMessageType(IntEnum):
    """LEAN Common/Brokerages/BrokerageMessageType.cs."""

    INFORMATION = 0
    WARNING = 1
    ERROR = 2
    RECONNECT = 3
    DISCONNECT = 4
    ACTION_REQUIRED = 5


for _m in list(BrokerageMessageType.__members__):
    setattr(BrokerageMessageType, to_pascal(_m.lower()), BrokerageMessageType[_m])


class BrokerageMessageEvent:
    def __init__(self, type_: str, code: str, message: str) -> None:
        self.type = type_
        self.code = code
        self.message = message

    Message = property(lambda self: self.message)

    def __str__(self) -> str:
        """LEAN's ``BrokerageMessageEvent.ToString()`` (Common/Messages/Messages.Brokerages.cs)."""
        kind = self.type
        kind = to_pascal(kind.name.lower()) if isinstance(kind, IntEnum) else str(kind)
        return f"{kind} - Code: {self.code} - {self.message}"


def _refuse(message: str, code: str = "NotSupported") -> tuple[bool, BrokerageMessageEvent]:
    return False, BrokerageMessageEvent("Warning", code, message)


_OK: tuple[bool, None] = (True, None)


class DefaultBrokerageModel:
    """LEAN's ``DefaultBrokerageModel`` (margin by default): IB fees for equities/options/futures, zero
    fee elsewhere, ``EquityFillModel`` for equities, leverage 2 (equity) / 50 (forex, CFD) / 1 (crypto)."""

    # LEAN DefaultBrokerageModel.DefaultMarketMap
    default_markets = {
        SecurityType.BASE: Market.USA,
        SecurityType.EQUITY: Market.USA,
        SecurityType.OPTION: Market.USA,
        SecurityType.FUTURE: Market.CME,
        SecurityType.FUTURE_OPTION: Market.CME,
        SecurityType.FOREX: Market.OANDA,
        SecurityType.CFD: Market.OANDA,
        SecurityType.CRYPTO: Market.COINBASE,
        SecurityType.CRYPTO_FUTURE: Market.BINANCE,
        SecurityType.INDEX: Market.USA,
        SecurityType.INDEX_OPTION: Market.USA,
    }
    required_free_buying_power_percent = 0.0

    def __init__(self, account_type: AccountType = AccountType.MARGIN) -> None:
        self.account_type = AccountType(account_type)

    # ----------------------------------------------------------------- models
    def get_leverage(self, security: Any) -> float:
        if self.account_type == AccountType.CASH:
            return 1.0
        st = security.type
        if st == SecurityType.CRYPTO_FUTURE:
            return 25.0
        if st == SecurityType.EQUITY:
            return 2.0
        if st in (SecurityType.FOREX, SecurityType.CFD):
            return 50.0
        return 1.0

    def get_fee_model(self, security: Any) -> FeeModel:
        # LEAN's DefaultBrokerageModel.GetFeeModel: index options (like indexes) trade free
        if security.type in (
            SecurityType.EQUITY,
            SecurityType.OPTION,
            SecurityType.FUTURE,
            SecurityType.FUTURE_OPTION,
        ):
            return InteractiveBrokersFeeModel()
        return ConstantFeeModel(0.0)

    def get_fill_model(self, security: Any) -> FillModel:
        # LEAN's FutureOption takes a FutureOptionFillModel, a FutureFillModel as it is
        if security.type in (SecurityType.FUTURE, SecurityType.FUTURE_OPTION):
            return FutureFillModel()
        return EquityFillModel() if security.type == SecurityType.EQUITY else FillModel()

    def get_slippage_model(self, security: Any) -> Any:
        return NullSlippageModel()

    def get_settlement_model(self, security: Any) -> Any:
        if self.account_type == AccountType.CASH and security.type in (
            SecurityType.EQUITY,
            SecurityType.OPTION,
        ):
            return DelayedSettlementModel(1)
        if security.type == SecurityType.FUTURE:
            return FutureSettlementModel()
        return ImmediateSettlementModel()

    def get_buying_power_model(self, security: Any) -> BuyingPowerModel:
        if security.type == SecurityType.FUTURE_OPTION:
            from engine.execution.future_option_margin import FuturesOptionsMarginModel

            return FuturesOptionsMarginModel(0.0, security)
        if security.type in (SecurityType.OPTION, SecurityType.INDEX_OPTION):
            from engine.execution.option_margin import OptionMarginModel

            return OptionMarginModel(self.required_free_buying_power_percent)
        if security.type == SecurityType.CRYPTO_FUTURE:
            return CryptoFutureMarginModel(self.get_leverage(security))
        if security.type == SecurityType.FUTURE:
            # LEAN's DefaultBrokerageModel.GetBuyingPowerModel: margin per contract from files
            return FutureMarginModel(0.0, security)
        if self.account_type == AccountType.CASH and security.type in (
            SecurityType.CRYPTO,
            SecurityType.FOREX,
        ):
            return CashBuyingPowerModel()
        return SecurityMarginModel(
            self.get_leverage(security), self.required_free_buying_power_percent
        )

    def get_margin_interest_rate_model(self, security: Any) -> Any:
        """LEAN: no margin interest unless the brokerage charges it (crypto futures' funding)."""
        return NullMarginInterestRateModel.INSTANCE  # type: ignore[attr-defined]

    def get_shortable_provider(self, security: Any) -> Any:
        """LEAN: everything is shortable unless the brokerage says otherwise."""
        return NullShortableProvider.INSTANCE  # type: ignore[attr-defined]

    benchmark: tuple[str, SecurityType, str] | None = ("SPY", SecurityType.EQUITY, Market.USA)

    def get_benchmark(self, securities: Any = None) -> Any:
        """LEAN ``GetBenchmark``: the brokerage's default benchmark symbol (``None``: a constant 0)."""
        if self.benchmark is None:
            return lambda t: 0.0
        ticker, security_type, market = self.benchmark
        return Symbol(ticker, security_type, market)

    def initialize_security(self, security: Any) -> None:
        """Apply this brokerage's models to ``security`` (LEAN ``BrokerageModelSecurityInitializer``)."""
        security.fill_model = self.get_fill_model(security)
        security.fee_model = self.get_fee_model(security)
        security.slippage_model = self.get_slippage_model(security)
        security.settlement_model = self.get_settlement_model(security)
        security.buying_power_model = self.get_buying_power_model(security)
        security.margin_interest_rate_model = self.get_margin_interest_rate_model(security)
        security.shortable_provider = self.get_shortable_provider(security)

    # ----------------------------------------------------------------- order checks
    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if (
            security.type in (SecurityType.FUTURE, SecurityType.FUTURE_OPTION)
            and order.type == OrderType.MARKET_ON_OPEN
        ):
            return _refuse(
                f"The {type(self).__name__} does not support MarketOnOpen orders for futures."
            )
        return _OK

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        return _OK

    def can_execute_order(self, security: Any, order: Order) -> bool:
        return True

    def apply_split(self, tickets: list[Any], split: Any) -> None:
        """Rescale open orders after a split (quantity truncated, prices x factor)."""
        factor = split.split_factor
        for ticket in tickets:
            order = ticket.order
            order.quantity = float(int(order.quantity / factor))
            for attr in ("limit_price", "stop_price", "trigger_price"):
                v = getattr(order, attr)
                if v:
                    setattr(order, attr, security_round(ticket, v * factor))
            if order.trailing_amount and not order.trailing_as_percentage:
                order.trailing_amount *= factor

    # PascalCase API
    GetBenchmark = get_benchmark
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model
    GetFillModel = get_fill_model
    GetSlippageModel = get_slippage_model
    GetSettlementModel = get_settlement_model
    GetBuyingPowerModel = get_buying_power_model
    GetShortableProvider = get_shortable_provider
    GetMarginInterestRateModel = get_margin_interest_rate_model
    CanSubmitOrder = can_submit_order
    CanUpdateOrder = can_update_order
    CanExecuteOrder = can_execute_order
    AccountType = property(lambda self: self.account_type)
    RequiredFreeBuyingPowerPercent = property(lambda self: self.required_free_buying_power_percent)


def security_round(ticket: Any, price: float) -> float:
    sec = getattr(ticket, "security", None)
    return sec.round_price(price) if sec is not None else price


_IB_TYPES = (
    SecurityType.EQUITY,
    SecurityType.FOREX,
    SecurityType.OPTION,
    SecurityType.FUTURE,
    SecurityType.FUTURE_OPTION,
    SecurityType.CFD,
    SecurityType.INDEX,
    SecurityType.INDEX_OPTION,
)
# IB forex order-size limits by base currency (minimum, maximum)
_IB_FOREX_LIMITS = {
    "AUD": (25000, 6000000),
    "CAD": (25000, 6000000),
    "CHF": (25000, 6000000),
    "CNH": (150000, 40000000),
    "CZK": (0, 0),
    "DKK": (150000, 35000000),
    "EUR": (20000, 6000000),
    "GBP": (20000, 5000000),
    "HKD": (200000, 50000000),
    "HUF": (0, 0),
    "ILS": (0, 0),
    "JPY": (2500000, 550000000),
    "MXN": (0, 0),
    "NOK": (150000, 35000000),
    "NZD": (35000, 8000000),
    "RUB": (750000, 30000000),
    "SEK": (175000, 40000000),
    "SGD": (35000, 8000000),
    "USD": (25000, 7000000),
}


class InteractiveBrokersBrokerageModel(DefaultBrokerageModel):
    benchmark = None  # LEAN: a constant-zero benchmark function

    def get_leverage(self, security: Any) -> float:
        if self.account_type == AccountType.CASH:
            return 1.0
        if security.type == SecurityType.CFD:
            return 10.0
        return super().get_leverage(security)

    def get_fee_model(self, security: Any) -> FeeModel:
        return InteractiveBrokersFeeModel()

    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if security.type not in _IB_TYPES:
            return _refuse(
                f"The InteractiveBrokersBrokerageModel does not support {security.type} security type."
            )
        tif = order.time_in_force.kind
        if tif not in (TimeInForce.GTC, TimeInForce.DAY_KIND, TimeInForce.GTD):
            return _refuse(
                f"The InteractiveBrokersBrokerageModel does not support {tif} time in force."
            )
        if security.type == SecurityType.FOREX:
            ok, msg = self._forex_size(security, order.quantity)
            if not ok:
                return ok, msg
            if order.type == OrderType.MARKET_ON_OPEN:
                return _refuse(
                    "The InteractiveBrokersBrokerageModel does not support MarketOnOpen orders for Forex."
                )
        if order.type == OrderType.MARKET_ON_CLOSE and security.type not in (
            SecurityType.EQUITY,
            SecurityType.FUTURE,
            SecurityType.CFD,
        ):
            return _refuse(
                f"The InteractiveBrokersBrokerageModel does not support MarketOnClose orders for {security.type}."
            )
        if order.type == OrderType.MARKET_ON_OPEN and security.type in (
            SecurityType.EQUITY,
            SecurityType.OPTION,
        ):
            hours = security.exchange_hours
            if hours.is_open(security.local_time, False):
                return _refuse("MarketOnOpen orders are not supported during regular market hours.")
        return _OK

    def _forex_size(
        self, security: Any, quantity: float
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        base = security.base_currency or ""
        lo, hi = _IB_FOREX_LIMITS.get(base, (0, 0))
        q = abs(quantity)
        if hi and (q < lo or q > hi):
            return _refuse(
                f"The minimum and maximum limits for the allowable order size are ({lo}, {hi}){base}.",
                "OrderSizeLimit",
            )
        return _OK

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if (
            security.type == SecurityType.FOREX
            and request is not None
            and getattr(request, "quantity", None) is not None
        ):
            return self._forex_size(security, request.quantity)
        return _OK

    CanSubmitOrder = can_submit_order
    CanUpdateOrder = can_update_order
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


class OandaBrokerageModel(DefaultBrokerageModel):
    benchmark = ("EURUSD", SecurityType.FOREX, Market.OANDA)

    def __init__(self, account_type: AccountType = AccountType.MARGIN) -> None:
        if AccountType(account_type) == AccountType.CASH:
            raise ValueError("The Oanda brokerage does not currently support Cash trading.")
        super().__init__(account_type)

    def get_leverage(self, security: Any) -> float:
        return 50.0

    def get_fee_model(self, security: Any) -> FeeModel:
        return OandaFeeModel()

    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if security.type not in (SecurityType.FOREX, SecurityType.CFD):
            return _refuse(f"The Oanda brokerage does not support {security.type} security type.")
        if order.type not in (
            OrderType.MARKET,
            OrderType.LIMIT,
            OrderType.STOP_MARKET,
            OrderType.STOP_LIMIT,
        ):
            return _refuse(f"The Oanda brokerage does not support {order.type} order type.")
        if order.time_in_force.kind != TimeInForce.GTC:
            return _refuse(
                f"The Oanda brokerage does not support {order.time_in_force.kind} time in force."
            )
        return _OK

    CanSubmitOrder = can_submit_order
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


def _crypto_markets(market: str, *, futures: bool = False) -> dict[SecurityType, str]:
    """LEAN's crypto brokerages' ``DefaultMarkets``: the default map with crypto (and, for those
    that trade them, crypto futures) at the brokerage's own market."""
    markets = {**DefaultBrokerageModel.default_markets, SecurityType.CRYPTO: market}
    if futures:
        markets[SecurityType.CRYPTO_FUTURE] = market
    return markets


class _CryptoBrokerageModel(DefaultBrokerageModel):
    name = "Crypto"
    supported = (OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.STOP_MARKET)
    security_types: tuple[SecurityType, ...] = (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE)

    def get_buying_power_model(self, security: Any) -> BuyingPowerModel:
        if security.type == SecurityType.CRYPTO_FUTURE:
            return CryptoFutureMarginModel(self.get_leverage(security))
        if self.account_type == AccountType.CASH:
            return CashBuyingPowerModel()
        return SecurityMarginModel(self.get_leverage(security))

    def _minimum_size_ok(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        minimum = security.symbol_properties.minimum_order_size
        if minimum and abs(order.quantity) < minimum:
            return _refuse(
                f"The minimum order size (in quote currency) for {security.symbol.value} is {minimum}. "
                f"Order quantity was {order.quantity}.",
                "InvalidOrderSize",
            )
        return _OK

    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if security.type not in self.security_types:
            return _refuse(
                f"The {self.name} brokerage does not support {security.type} security type."
            )
        if order.type not in self.supported:
            return _refuse(f"The {self.name} brokerage does not support {order.type} order type.")
        return self._minimum_size_ok(security, order)

    CanSubmitOrder = can_submit_order
    GetBuyingPowerModel = get_buying_power_model


class CoinbaseBrokerageModel(_CryptoBrokerageModel):
    benchmark = ("BTCUSD", SecurityType.CRYPTO, Market.COINBASE)
    name = "Coinbase"
    default_markets = _crypto_markets(Market.COINBASE)

    def __init__(self, account_type: AccountType = AccountType.CASH) -> None:
        if AccountType(account_type) == AccountType.MARGIN:
            raise ValueError("The Coinbase brokerage does not currently support Margin trading.")
        super().__init__(account_type)

    def get_leverage(self, security: Any) -> float:
        return 1.0

    def get_fee_model(self, security: Any) -> FeeModel:
        return CoinbaseFeeModel()

    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if order.type == OrderType.STOP_MARKET:
            t = order.time if order.time.tzinfo else order.time.replace(tzinfo=UTC)
            if t >= datetime(2019, 3, 23, 1, 0, tzinfo=UTC):
                return _refuse(
                    "Stop Market orders are no longer supported since 2019/03/23 01:00 UTC."
                )
        return super().can_submit_order(security, order)

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if order.type == OrderType.LIMIT and order.time_in_force.kind == TimeInForce.GTC:
            return _OK
        return _refuse("Brokerage does not support update. You must cancel and re-create instead.")

    CanSubmitOrder = can_submit_order
    CanUpdateOrder = can_update_order
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


GDAXBrokerageModel = CoinbaseBrokerageModel


class BinanceBrokerageModel(_CryptoBrokerageModel):
    benchmark = ("BTCUSDC", SecurityType.CRYPTO, Market.BINANCE)
    name = "Binance"
    default_markets = _crypto_markets(Market.BINANCE, futures=True)
    supported = (OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_LIMIT)

    def __init__(self, account_type: AccountType = AccountType.CASH) -> None:
        super().__init__(account_type)

    def get_leverage(self, security: Any) -> float:
        if self.account_type == AccountType.CASH:
            return 1.0
        return 25.0 if security.type == SecurityType.CRYPTO_FUTURE else 3.0

    def get_fee_model(self, security: Any) -> FeeModel:
        return BinanceFeeModel()

    def _minimum_size_ok(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        minimum = security.symbol_properties.minimum_order_size
        if not minimum:
            return _OK
        if order.type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            price = order.limit_price
        elif order.type == OrderType.STOP_MARKET:
            price = order.stop_price
        else:
            price = security.ask_price if order.quantity > 0 else security.bid_price
            price = price or security.price
        notional = abs(order.quantity) * price
        if notional < minimum:
            return _refuse(
                f"The minimum order size (in quote currency) for {security.symbol.value} is {minimum}. "
                f"Order size was {notional}.",
                "InvalidOrderSize",
            )
        return _OK

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        return _refuse("Brokerage does not support update. You must cancel and re-create instead.")

    CanUpdateOrder = can_update_order
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


class BybitBrokerageModel(_CryptoBrokerageModel):
    """LEAN ``BybitBrokerageModel`` (Common/Brokerages/BybitBrokerageModel.cs): cash account by
    default, leverage 10 on margin, orders updatable only for crypto futures."""

    benchmark = ("BTCUSDC", SecurityType.CRYPTO, Market.BYBIT)
    name = "Bybit"
    default_markets = _crypto_markets(Market.BYBIT, futures=True)
    # custom data securities too (orders on a custom symbol linked to a Bybit pair)
    security_types = (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE, SecurityType.BASE)

    def __init__(self, account_type: AccountType = AccountType.CASH) -> None:
        super().__init__(account_type)

    def get_leverage(self, security: Any) -> float:
        if self.account_type == AccountType.CASH or security.type == SecurityType.BASE:
            return 1.0
        return 10.0

    def get_margin_interest_rate_model(self, security: Any) -> Any:
        if security.type == SecurityType.CRYPTO_FUTURE:  # perpetuals: no expiry in our symbols
            return BybitFutureMarginInterestRateModel()
        return super().get_margin_interest_rate_model(security)

    def get_fee_model(self, security: Any) -> FeeModel:
        if security.type == SecurityType.CRYPTO_FUTURE:
            return BybitFuturesFeeModel()
        if security.type == SecurityType.CRYPTO:
            return BybitFeeModel()
        return super().get_fee_model(security)

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        if security.type != SecurityType.CRYPTO_FUTURE:
            return _refuse(
                "Brokerage does not support update. You must cancel and re-create instead."
            )
        return _OK

    CanUpdateOrder = can_update_order
    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


class BitfinexBrokerageModel(_CryptoBrokerageModel):
    benchmark = ("BTCUSD", SecurityType.CRYPTO, Market.BITFINEX)
    name = "Bitfinex"
    default_markets = _crypto_markets(Market.BITFINEX)

    def get_leverage(self, security: Any) -> float:
        return 1.0 if self.account_type == AccountType.CASH else 3.3

    def get_fee_model(self, security: Any) -> FeeModel:
        return BitfinexFeeModel()

    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


class KrakenBrokerageModel(_CryptoBrokerageModel):
    benchmark = ("BTCUSD", SecurityType.CRYPTO, Market.KRAKEN)
    name = "Kraken"
    default_markets = _crypto_markets(Market.KRAKEN)

    def __init__(self, account_type: AccountType = AccountType.CASH) -> None:
        super().__init__(account_type)

    def get_leverage(self, security: Any) -> float:
        return 1.0 if self.account_type == AccountType.CASH else 5.0

    def get_fee_model(self, security: Any) -> FeeModel:
        return KrakenFeeModel()

    GetLeverage = get_leverage
    GetFeeModel = get_fee_model


_BY_NAME: dict[int, type[DefaultBrokerageModel]] = {
    BrokerageName.DEFAULT: DefaultBrokerageModel,
    BrokerageName.INTERACTIVE_BROKERS_BROKERAGE: InteractiveBrokersBrokerageModel,
    BrokerageName.OANDA_BROKERAGE: OandaBrokerageModel,
    BrokerageName.GDAX: CoinbaseBrokerageModel,
    BrokerageName.COINBASE: CoinbaseBrokerageModel,
    BrokerageName.BINANCE: BinanceBrokerageModel,
    BrokerageName.BITFINEX: BitfinexBrokerageModel,
    BrokerageName.KRAKEN: KrakenBrokerageModel,
    BrokerageName.BYBIT: BybitBrokerageModel,
}


def brokerage_model_for(
    name: BrokerageName | int | Any, account_type: AccountType | int | None = None
) -> Any:
    """LEAN ``set_brokerage_model(name, account_type=Margin)``; a model instance is returned unchanged.
    As in LEAN, Coinbase with the default Margin account raises (pass ``AccountType.CASH``)."""
    if not isinstance(name, int | BrokerageName):
        return name
    # imported here: those models subclass the ones of this module
    from engine.execution.crypto_future_brokerages import CRYPTO_FUTURE_BROKERAGES
    from engine.execution.equity_brokerages import EQUITY_BROKERAGES

    cls = (
        _BY_NAME.get(int(name))
        or CRYPTO_FUTURE_BROKERAGES.get(int(name))
        or EQUITY_BROKERAGES.get(int(name), DefaultBrokerageModel)
    )
    return cls(AccountType(AccountType.MARGIN if account_type is None else account_type))


# (function, bound, argument count) -> takes LEAN's ``out message`` argument too: every order asks
# the brokerage model, and inspect.signature costs more than the rest of the order's checks.
_TAKES_MESSAGE: dict[tuple[Any, bool, int], bool] = {}


def ask_brokerage(method: Any, *args: Any) -> tuple[bool, Any]:
    """Call ``can_submit_order``/``can_update_order`` of a brokerage model, LEAN's or a user's.

    A Python model written for LEAN takes the C# ``out BrokerageMessageEvent message`` as one more
    argument and returns ``(ok, message)`` (or only ``ok``); this passes ``None`` for it."""
    key = (getattr(method, "__func__", method), hasattr(method, "__self__"), len(args))
    try:
        extra = _TAKES_MESSAGE.get(key)
    except TypeError:  # an unhashable callable
        key, extra = None, None
    if extra is None:
        try:
            params = inspect.signature(method).parameters.values()
        except (TypeError, ValueError):
            params = []
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        extra = (
            len(positional) > len(args) and positional[len(args)].default is inspect.Parameter.empty
        )
        if key is not None:
            _TAKES_MESSAGE[key] = extra
    result = method(*args, None) if extra else method(*args)
    if isinstance(result, tuple):
        return bool(result[0]), result[1] if len(result) > 1 else None
    return bool(result), None
