"""The algorithm's one meeting point with the portfolio/execution layers.

``create_security`` builds a ``Security`` for an ``add_*`` call, ``new_portfolio`` the
``SecurityManager`` / ``SecurityPortfolioManager`` / ``SecurityTransactionManager`` trio,
``brokerage_model_for`` a brokerage model, ``hours_for`` a symbol's market hours. When those layers
are not installed yet (parallel development), minimal stand-ins keep the algorithm API and the
runner usable: prices and an empty portfolio, no order handling.
"""

from __future__ import annotations

from typing import Any

from engine.algorithm.lean_names import SymbolCache
from engine.model import SecurityType, Symbol
from engine.model.subscriptions import SubscriptionRequest

try:  # the portfolio layer
    from engine.portfolio.trading import TradingMixin  # noqa: F401

    HAVE_PORTFOLIO = True
except ModuleNotFoundError as exc:  # pragma: no cover - only while the layer is missing
    if not (exc.name or "").startswith("engine."):
        raise
    HAVE_PORTFOLIO = False

    class TradingMixin:  # type: ignore[no-redef]
        """Stand-in until ``engine.portfolio.trading`` lands."""


def hours_for(algorithm: Any, symbol: Any) -> Any:
    """``MarketHours`` of the symbol's (security type, market), from the algorithm's data folder."""
    from engine.data.market_hours import symbol_market_hours

    if not isinstance(symbol, Symbol):
        sec = algorithm.securities.get(symbol) if hasattr(algorithm.securities, "get") else None
        symbol = sec.symbol if sec is not None else Symbol(str(symbol), 1, "usa")
    database = getattr(algorithm, "market_hours_database", None)
    entry = database.override(symbol.market, symbol, symbol.security_type) if database else None
    if entry is not None:  # set by the algorithm (market_hours_database.set_entry)
        return entry.exchange_hours
    return symbol_market_hours(symbol, algorithm._data_folder)


# ---- stand-ins --------------------------------------------------------------------------------
class _StubHolding:
    quantity = 0.0
    invested = False
    average_price = 0.0
    holdings_value = 0.0
    unrealized_profit = 0.0
    Quantity = 0.0
    Invested = False


class _StubSecurity:
    def __init__(self, symbol: Symbol, request: SubscriptionRequest) -> None:
        self.symbol = symbol
        self.resolution = request.resolution
        self.leverage = request.leverage or 1.0
        self.holdings = _StubHolding()
        self.price = 0.0
        self.open = self.high = self.low = self.close = self.volume = 0.0
        self.bid_price = self.ask_price = 0.0
        self.has_data = False
        self._last = None

    def update(self, data: Any) -> None:
        self._last = data
        self.has_data = True
        if hasattr(data, "bid") and not hasattr(data, "volume"):
            if data.bid is not None:
                self.bid_price = data.bid.close
            if data.ask is not None:
                self.ask_price = data.ask.close
            if self.symbol.security_type.name in ("EQUITY",):
                return
        self.price = self.close = data.value
        self.open = getattr(data, "open", data.value)
        self.high = getattr(data, "high", data.value)
        self.low = getattr(data, "low", data.value)
        self.volume = getattr(data, "volume", 0.0)

    def get_last_data(self) -> Any:
        return self._last

    @property
    def invested(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        from engine.common.naming import to_snake

        snake = to_snake(name)
        if snake != name:
            return object.__getattribute__(self, snake)
        raise AttributeError(name)


class _StubSecurities(dict):
    def contains_key(self, key: object) -> bool:
        return key in self

    ContainsKey = contains_key

    def add(self, security: Any) -> None:
        self[security.symbol] = security


class _StubPortfolio:
    def __init__(self, securities: _StubSecurities) -> None:
        self.securities = securities
        self.cash = 100_000.0
        self.total_fees = 0.0
        self.total_sale_volume = 0.0

    def set_cash(self, amount: float, *args: Any) -> None:
        self.cash = float(amount)

    @property
    def total_portfolio_value(self) -> float:
        return self.cash

    @property
    def invested(self) -> bool:
        return False

    def __getitem__(self, key: object) -> Any:
        return self.securities[key].holdings

    def __getattr__(self, name: str) -> Any:
        from engine.common.naming import to_snake

        snake = to_snake(name)
        if snake != name:
            return object.__getattribute__(self, snake)
        raise AttributeError(name)


class _StubTransactions:
    orders_count = 0

    def get_orders(self, *args: Any) -> list:
        return []

    def get_order_events(self) -> list:
        return []

    def get_open_orders(self, *args: Any) -> list:
        return []

    def process_synchronous_events(self) -> None:
        pass


class _StubBrokerage:
    name = "Default"
    account_type = "Margin"

    def get_benchmark(self, securities: Any) -> Symbol:
        return Symbol("SPY", 1, "usa")


# ---- the adapters ------------------------------------------------------------------------------
def new_portfolio(algorithm: Any) -> tuple[Any, Any, Any]:
    if not HAVE_PORTFOLIO:
        securities = _StubSecurities()
        return securities, _StubPortfolio(securities), _StubTransactions()
    from engine.portfolio.state import build_trading_state

    return build_trading_state(algorithm, "USD")


def _symbol_properties(algorithm: Any, symbol: Symbol) -> Any:
    from engine.data import symbol_properties
    from engine.model.security import SymbolProperties

    database = getattr(algorithm, "symbol_properties_database", None)
    entry = database.override(symbol.market, symbol, symbol.security_type) if database else None
    if entry is not None:  # set by the algorithm (symbol_properties_database.set_entry)
        return entry
    book = getattr(algorithm.portfolio, "cash_book", None)
    kind = symbol.security_type
    underlying = None
    if kind == SecurityType.FUTURE_OPTION and symbol.underlying is not None:
        underlying = ("future", symbol.underlying.id.symbol)
    props = symbol_properties(
        algorithm._data_folder,
        symbol.market,
        kind.folder_name,
        # a future contract has its root ticker's properties (LEAN's GetDatabaseSymbolKey), a
        # future option its options ticker's
        symbol.id.symbol
        if kind in (SecurityType.FUTURE, SecurityType.FUTURE_OPTION)
        else symbol.value,
        getattr(book, "account_currency", None) or "USD",
        underlying=underlying,
    )
    return SymbolProperties(
        description=props.description,
        quote_currency=props.quote_currency,
        contract_multiplier=props.contract_multiplier,
        minimum_price_variation=props.minimum_price_variation,
        lot_size=props.lot_size,
        market_ticker=props.market_ticker or symbol.value,
        minimum_order_size=props.minimum_order_size,
        price_magnifier=props.price_magnifier,
    )


def create_security(algorithm: Any, request: SubscriptionRequest) -> Any:
    """A ``Security`` with its subscriptions, symbol properties, market hours and the brokerage
    model's models/leverage, added to ``algorithm.securities``."""
    if not HAVE_PORTFOLIO:
        security = _StubSecurity(request.symbol, request)
        algorithm.securities.add(security)
        return security
    from engine.model import QuoteBar, TickType, TradeBar
    from engine.model.security import SubscriptionInfo
    from engine.portfolio.cashbook import CurrencyCash
    from engine.portfolio.security import Security

    symbol = request.symbol
    security_class = Security
    if symbol.security_type in (SecurityType.OPTION, SecurityType.FUTURE_OPTION):
        from engine.portfolio.option import Option

        security_class = Option
    elif symbol.security_type in (SecurityType.INDEX, SecurityType.INDEX_OPTION):
        from engine.portfolio.index import Index, IndexOption

        security_class = Index if symbol.security_type == SecurityType.INDEX else IndexOption
    elif symbol.security_type == SecurityType.FUTURE:
        from engine.portfolio.future import Future

        security_class = Future
    subscriptions = [
        SubscriptionInfo(
            QuoteBar if tick_type == TickType.QUOTE else TradeBar,
            request.resolution,
            request.extended_market_hours,
            request.internal,
            request.fill_forward,
        )
        for tick_type in request.tick_types()
    ]
    security = security_class(
        symbol,
        hours_for(algorithm, symbol),
        symbol_properties=_symbol_properties(algorithm, symbol),
        resolution=request.resolution,
        data_normalization_mode=request.normalization,
        subscriptions=subscriptions,
        account_currency=algorithm.account_currency,
        is_internal=request.internal,
        brokerage_model=algorithm.brokerage_model,
    )
    if request.leverage and symbol.security_type not in (
        SecurityType.OPTION,
        SecurityType.INDEX_OPTION,
    ):
        security.set_leverage(request.leverage)
    underlying = getattr(symbol, "underlying", None)
    if security_class is not Security and underlying is not None:
        # an option security prices and settles against its underlying security, and starts with
        # the engine's indicator-based price model for its style, as LEAN's Option constructor
        # asks its price model provider (Common/Securities/Option/Option.cs); a contract a chain
        # selects then takes the canonical's (engine/universe/manager.py)
        from engine.algorithm.option_models import default_option_price_model

        security.underlying = algorithm.securities.get(underlying)
        if hasattr(security, "price_model"):
            security.price_model = default_option_price_model(algorithm, symbol)
    security.data_filters = algorithm._data_filters  # security.set_data_filter registers here
    initializer = getattr(algorithm, "_security_initializer", None)
    if initializer is not None and not request.internal:
        initializer(security)
    if not request.internal:
        algorithm.securities.add(security)
        SymbolCache.set(symbol.value, symbol)
        # LEAN adds the quote (and, for forex/crypto, base) currency to the cash book
        cash_book = getattr(algorithm.portfolio, "cash_book", None)
        if cash_book is not None and hasattr(cash_book, "ensure"):
            # the holdings' quantity values carry the quote currency's cash, as LEAN's
            security.cash_book = cash_book
            for currency in (security.quote_currency, getattr(security, "base_currency", None)):
                if currency:
                    cash_book.ensure(currency)
            if security.type == SecurityType.CRYPTO_FUTURE:
                # LEAN's crypto future hands its currencies out as cash (an algorithm sets the
                # collateral it starts with through them)
                security.quote_currency = CurrencyCash(security.quote_currency, cash_book)
                if security.base_currency:
                    security.base_currency = CurrencyCash(security.base_currency, cash_book)
    return security


def brokerage_model_for(name: Any, account_type: Any) -> Any:
    if not HAVE_PORTFOLIO:
        return _StubBrokerage()
    from engine.execution.brokerage import DefaultBrokerageModel
    from engine.execution.brokerage import brokerage_model_for as real

    if name is None:
        return DefaultBrokerageModel()
    if not isinstance(name, int) and hasattr(name, "initialize_security"):
        return name  # a model instance
    return real(name, account_type)
