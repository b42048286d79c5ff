"""LEAN's enumerations with LEAN's numeric values (they appear in result JSON).

Each enum is an ``IntEnum`` so ``OrderStatus.FILLED == 3`` and JSON serialises the number. Both
spellings QuantConnect accepts are available: ``OrderStatus.FILLED`` (current Python API) and
``OrderStatus.Filled`` (older PascalCase API), via ``pascal_aliases``.
"""

from __future__ import annotations

from enum import IntEnum

from engine.common.naming import to_pascal


class LeanEnum(IntEnum):
    """IntEnum that prints as LEAN does (``Filled``, not ``3``)."""

    def __str__(self) -> str:
        return to_pascal(self.name.lower())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def pascal_aliases(cls: type[IntEnum]) -> type[IntEnum]:
    """Expose ``Cls.Filled`` next to ``Cls.FILLED`` (same member)."""
    for member in list(cls):
        alias = to_pascal(member.name.lower())
        if alias != member.name and not hasattr(cls, alias):
            setattr(cls, alias, member)
    return cls


@pascal_aliases
class Resolution(LeanEnum):
    TICK = 0
    SECOND = 1
    MINUTE = 2
    HOUR = 3
    DAILY = 4


@pascal_aliases
class SecurityType(LeanEnum):
    BASE = 0
    EQUITY = 1
    OPTION = 2
    COMMODITY = 3
    FOREX = 4
    FUTURE = 5
    CFD = 6
    CRYPTO = 7
    FUTURE_OPTION = 8
    INDEX = 9
    INDEX_OPTION = 10
    CRYPTO_FUTURE = 11

    @property
    def folder_name(self) -> str:
        """LEAN's lower-case name of the type, as its data folders, market hours and symbol
        properties databases spell it (``cryptofuture``, ``futureoption``)."""
        return self.name.lower().replace("_", "")


@pascal_aliases
class MarketDataType(LeanEnum):
    BASE = 0
    TRADE_BAR = 1
    TICK = 2
    AUXILIARY = 3
    QUOTE_BAR = 4
    OPTION_CHAIN = 5
    FUTURES_CHAIN = 6


@pascal_aliases
class DelistingType(LeanEnum):
    """LEAN ``DelistingType``: the warning on the delisting date, then the delisting itself."""

    WARNING = 0
    DELISTED = 1


@pascal_aliases
class SplitType(LeanEnum):
    """LEAN ``SplitType`` (Common/Data/Market/SplitType.cs): the warning the trading day before a
    split, then the split itself (``Split.type``)."""

    WARNING = 0
    SPLIT_OCCURRED = 1


@pascal_aliases
class TickType(LeanEnum):
    TRADE = 0
    QUOTE = 1
    OPEN_INTEREST = 2


@pascal_aliases
class DataNormalizationMode(LeanEnum):
    RAW = 0
    ADJUSTED = 1
    SPLIT_ADJUSTED = 2
    TOTAL_RETURN = 3
    FORWARD_PANAMA_CANAL = 4
    BACKWARDS_PANAMA_CANAL = 5
    BACKWARDS_RATIO = 6
    SCALED_RAW = 7


@pascal_aliases
class OrderType(LeanEnum):
    MARKET = 0
    LIMIT = 1
    STOP_MARKET = 2
    STOP_LIMIT = 3
    MARKET_ON_OPEN = 4
    MARKET_ON_CLOSE = 5
    OPTION_EXERCISE = 6
    LIMIT_IF_TOUCHED = 7
    COMBO_MARKET = 8
    COMBO_LIMIT = 9
    COMBO_LEG_LIMIT = 10
    TRAILING_STOP = 11


class StatusCheck(int):
    """A yes/no answer usable both as ``status.is_closed()`` (LEAN's extension method) and as a
    flag."""

    def __call__(self) -> bool:
        return bool(self)

    def __repr__(self) -> str:
        return repr(bool(self))


_YES, _NO = StatusCheck(1), StatusCheck(0)


@pascal_aliases
class OrderStatus(LeanEnum):
    NEW = 0
    SUBMITTED = 1
    PARTIALLY_FILLED = 2
    FILLED = 3
    CANCELED = 5
    NONE = 6
    INVALID = 7
    CANCEL_PENDING = 8
    UPDATE_SUBMITTED = 9

    # LEAN's extension methods (Common/Orders/OrderExtensions.cs), called ``status.is_closed()``;
    # the answer also reads as a flag (``if status.is_closed:``)
    @property
    def is_closed(self) -> StatusCheck:
        # (the two answers are made once: the order path asks several times per order)
        return _YES if self in _CLOSED_STATUSES else _NO

    @property
    def is_open(self) -> StatusCheck:
        return _NO if self in _CLOSED_STATUSES or self is OrderStatus.NONE else _YES

    @property
    def is_fill(self) -> StatusCheck:
        return _YES if self is OrderStatus.FILLED or self is OrderStatus.PARTIALLY_FILLED else _NO


_CLOSED_STATUSES = frozenset((OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.INVALID))


@pascal_aliases
class OrderDirection(LeanEnum):
    BUY = 0
    SELL = 1
    HOLD = 2


@pascal_aliases
class InsightDirection(LeanEnum):
    DOWN = -1
    FLAT = 0
    UP = 1


@pascal_aliases
class SeriesType(LeanEnum):
    LINE = 0
    SCATTER = 1
    CANDLE = 2
    BAR = 3
    FLAG = 4
    STACKED_AREA = 5
    PIE = 6
    TREEMAP = 7
    HEATMAP = 9
    SCATTER_3D = 10


@pascal_aliases
class OrderResponseErrorCode(LeanEnum):
    """LEAN's Common/Orders/OrderResponseErrorCode.cs (values are negative)."""

    NONE = 0
    PROCESSING_ERROR = -1
    ORDER_ALREADY_EXISTS = -2
    INSUFFICIENT_BUYING_POWER = -3
    BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER = -4
    BROKERAGE_FAILED_TO_SUBMIT_ORDER = -5
    BROKERAGE_FAILED_TO_UPDATE_ORDER = -6
    BROKERAGE_HANDLER_REFUSED_TO_UPDATE_ORDER = -7
    BROKERAGE_FAILED_TO_CANCEL_ORDER = -8
    INVALID_ORDER_STATUS = -9
    UNABLE_TO_FIND_ORDER = -10
    ORDER_QUANTITY_ZERO = -11
    UNSUPPORTED_REQUEST_TYPE = -12
    PRE_ORDER_CHECKS_ERROR = -13
    MISSING_SECURITY = -14
    EXCHANGE_NOT_OPEN = -15
    SECURITY_PRICE_ZERO = -16
    FOREX_BASE_AND_QUOTE_CURRENCIES_REQUIRED = -17
    FOREX_CONVERSION_RATE_ZERO = -18
    SECURITY_HAS_NO_DATA = -19
    EXCEEDED_MAXIMUM_ORDERS = -20
    MARKET_ON_CLOSE_ORDER_TOO_LATE = -21
    INVALID_REQUEST = -22
    REQUEST_CANCELED = -23
    ALGORITHM_WARMING_UP = -24
    BROKERAGE_MODEL_REFUSED_TO_UPDATE_ORDER = -25
    QUOTE_CURRENCY_REQUIRED = -26
    CONVERSION_RATE_ZERO = -27
    NON_TRADABLE_SECURITY = -28
    NON_EXERCISABLE_SECURITY = -29
    ORDER_QUANTITY_LESS_THAN_LOT_SIZE = -30
    EXCEEDS_SHORTABLE_QUANTITY = -31
    INVALID_NEW_ORDER_STATUS = -32
    EUROPEAN_OPTION_NOT_EXPIRED_ON_EXERCISE = -33
    OPTION_ORDER_ON_STOCK_SPLIT = -34
    MARKET_ON_OPEN_NOT_ALLOWED_DURING_REGULAR_HOURS = -35
    # -1..-34 verified against LEAN's Common/Orders/OrderResponseErrorCode.cs (-30 is spelled
    # ``OrderQuantityLessThanLoteSize`` in older LEAN; both spellings are available below).


OrderResponseErrorCode.OrderQuantityLessThanLoteSize = (
    OrderResponseErrorCode.ORDER_QUANTITY_LESS_THAN_LOT_SIZE
)  # type: ignore[attr-defined]
OrderResponseErrorCode.ORDER_QUANTITY_LESS_THAN_LOTE_SIZE = (
    OrderResponseErrorCode.ORDER_QUANTITY_LESS_THAN_LOT_SIZE
)  # type: ignore[attr-defined]


class Market:
    """Market names as LEAN spells them (lower case strings), every constant of LEAN's
    Common/Market.cs under its Python (upper snake case) and C# (PascalCase) names."""

    USA = "usa"
    OANDA = "oanda"
    FXCM = "fxcm"
    DUKASCOPY = "dukascopy"
    BITFINEX = "bitfinex"
    GLOBEX = "cmeglobex"
    NYMEX = "nymex"
    CBOT = "cbot"
    ICE = "ice"
    CBOE = "cboe"
    CFE = "cfe"
    INDIA = "india"
    COMEX = "comex"
    CME = "cme"
    EUREX = "eurex"
    SGX = "sgx"
    HKFE = "hkfe"
    OSE = "ose"
    NYSELIFFE = "nyseliffe"
    COINBASE = "coinbase"
    GDAX = "coinbase"
    KRAKEN = "kraken"
    BITSTAMP = "bitstamp"
    OK_COIN = "okcoin"
    BITHUMB = "bithumb"
    BINANCE = "binance"
    POLONIEX = "poloniex"
    COINONE = "coinone"
    HIT_BTC = "hitbtc"
    BITTREX = "bittrex"
    FTX = "ftx"
    FTXUS = "ftxus"
    BINANCE_US = "binanceus"
    BYBIT = "bybit"
    INTERACTIVE_BROKERS = "interactivebrokers"
    DYDX = "dydx"
    KRX = "krx"
    # PascalCase spellings of the C# API
    Usa = USA
    Oanda = OANDA
    FXCM_ = FXCM
    Dukascopy = DUKASCOPY
    Bitfinex = BITFINEX
    Globex = GLOBEX
    India = INDIA
    Coinbase = COINBASE
    GDAX_ = GDAX
    Kraken = KRAKEN
    Bitstamp = BITSTAMP
    OkCoin = OK_COIN
    Bithumb = BITHUMB
    Binance = BINANCE
    Poloniex = POLONIEX
    Coinone = COINONE
    HitBTC = HIT_BTC
    Bittrex = BITTREX
    BinanceUS = BINANCE_US
    Bybit = BYBIT
    InteractiveBrokers = INTERACTIVE_BROKERS


@pascal_aliases
class DeploymentTarget(LeanEnum):
    """Where the algorithm runs (LEAN Common/Global.cs); this engine is a local platform."""

    CLOUD_PLATFORM = 0
    LOCAL_PLATFORM = 1
    PRIVATE_CLOUD_PLATFORM = 2


@pascal_aliases
class AlgorithmMode(LeanEnum):
    """LEAN Common/Global.cs ``AlgorithmMode``."""

    LIVE = 0
    OPTIMIZATION = 1
    BACKTESTING = 2
    RESEARCH = 3


@pascal_aliases
class OptionRight(LeanEnum):
    """LEAN's ``OptionRight`` (Common/Global.cs): the number packed in a SecurityIdentifier."""

    CALL = 0
    PUT = 1


@pascal_aliases
class OptionStyle(LeanEnum):
    """LEAN's ``OptionStyle``: American options exercise any day, European ones at expiry."""

    AMERICAN = 0
    EUROPEAN = 1
