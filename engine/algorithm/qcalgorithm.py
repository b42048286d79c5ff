"""``QCAlgorithm``: the base class of user algorithms (QuantConnect's Python API).

One implementation for both spellings: every member is snake_case; ``__getattr__`` maps PascalCase
reads (``self.SetHoldings``, ``self.Portfolio``, ``self.Time``) to it. The runner detects which
event handlers the user overrode (``on_data`` or ``OnData``) with :func:`user_handler`.
The order API (``market_order`` ... ``set_holdings``, ``liquidate``) comes from ``TradingMixin``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from engine.algorithm.charts import Chart
from engine.algorithm.commands import CommandsMixin
from engine.algorithm.databases import MarketHoursDatabase, SymbolPropertiesDatabase
from engine.algorithm.future_options import FutureOptionsMixin
from engine.algorithm.futures import FuturesMixin
from engine.algorithm.indicator_helpers import IndicatorHelpersMixin
from engine.algorithm.lean_names import SymbolCache
from engine.algorithm.option_indicator_helpers import OptionIndicatorHelpersMixin
from engine.algorithm.option_models import install_option_price_models
from engine.algorithm.options import OptionsMixin
from engine.algorithm.reporting import LogEntry, Notifier, ReportingMixin
from engine.algorithm.scheduling import DateRules, ScheduleManager, TimeRules
from engine.algorithm.securities import TradingMixin, create_security, hours_for, new_portfolio
from engine.algorithm.settings import AlgorithmSettings, UniverseSettings
from engine.algorithm.signal_exports import SignalExportManager
from engine.common.clock import ns_to_local, ns_to_utc, zone
from engine.common.controls import controls_of
from engine.common.naming import to_snake
from engine.custom.mixin import CustomDataMixin
from engine.errors import AlgorithmError
from engine.framework import FrameworkMixin
from engine.history import HistoryMixin
from engine.model import Market, OrderProperties, Resolution, SecurityType, Symbol
from engine.model.enums import AlgorithmMode, DeploymentTarget
from engine.model.subscriptions import (
    DEFAULT_MARKET,
    SubscriptionRequest,
    as_normalization,
    as_resolution,
)
from engine.model.symbol import SecurityIdentifier
from engine.objectstore import ObjectStoreMixin
from engine.universe import UniverseMixin

# Event handlers the engine calls, snake_case -> PascalCase spelling.
# LEAN's bounds on a backtest's dates (Algorithm/QCAlgorithm.cs SetStartDate/SetEndDate): the
# start is not before 1900, and the end is the last moment of its day (one tick before midnight;
# a microsecond is the finest step a Python datetime has).
EARLIEST_START = datetime(1900, 1, 1)
END_OF_DAY = timedelta(days=1) - timedelta(microseconds=1)

HANDLERS = (
    "initialize",
    "on_data",
    "on_order_event",
    "on_end_of_day",
    "on_end_of_algorithm",
    "on_securities_changed",
    "on_warmup_finished",
    "on_splits",
    "on_dividends",
    "on_delistings",
    "on_symbol_changed_events",
    "on_margin_call",
    "on_margin_call_warning",
    "on_assignment_order_event",
    "on_brokerage_message",
)

RESERVED_CHARTS = {
    "Strategy Equity",
    "Benchmark",
    "Drawdown",
    "Portfolio Turnover",
    "Exposure",
    "Capacity",
    "Assets Sales Volume",
    "Portfolio Margin",
}


DERIVATIVE_TYPES = (
    SecurityType.OPTION,
    SecurityType.INDEX_OPTION,
    SecurityType.FUTURE,
    SecurityType.FUTURE_OPTION,
)


class QCAlgorithm(
    FuturesMixin,
    FutureOptionsMixin,
    FrameworkMixin,
    ReportingMixin,
    TradingMixin,
    IndicatorHelpersMixin,
    OptionIndicatorHelpersMixin,
    HistoryMixin,
    ObjectStoreMixin,
    UniverseMixin,
    CustomDataMixin,
    CommandsMixin,
    OptionsMixin,
):
    """Base class of a QuantConnect algorithm."""

    def __init__(self) -> None:
        self._qc_ready = True
        self._time_zone = "America/New_York"
        self._start_date = datetime(1998, 1, 1)
        self._end_date = (datetime.now() - timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self._now_ns: int | None = None
        self._time = self._start_date
        self._utc_ns: int | None = None
        self._utc_cached = self._start_date.replace(tzinfo=UTC)
        self._locked = False  # set after initialize: start/end/cash/time zone can no longer change
        self._live_mode = False
        # a live run's clock: (now, end or None, horizon), UTC ns, set by the runner
        self._live_span: tuple[int, int | None, timedelta] | None = None
        self.is_warming_up = False
        self._warmup_period: timedelta | None = None
        self._warmup_bars: int | None = None
        self._warmup_resolution: Resolution | None = None
        self._warmup_start: datetime | None = None
        self.settings = AlgorithmSettings()
        self.universe_settings = UniverseSettings()
        self.default_order_properties = OrderProperties()
        self.parameters: dict[str, str] = {}
        self.name = type(self).__name__
        self.tags: list[str] = []
        self._account_currency = "USD"
        self._cash = 100_000.0
        self._subscriptions: list[SubscriptionRequest] = []
        self._pending_added: list[Any] = []
        self._pending_removed: list[Any] = []  # remove_security, reported at the next step
        self._data_filters: dict[Symbol, Any] = {}  # security.set_data_filter(...)
        self._benchmark: Symbol | Any = None
        self.brokerage_model = _default_brokerage_model()
        self._account_type = "Margin"
        self._logs: list[LogEntry] = []
        self._last_debug = ""
        self._last_error = ""
        self._charts: dict[str, Chart] = {}
        self._user_series = 0
        self._series_full: set[str] = set()
        self.runtime_statistics: dict[str, str] = {}
        self.summary_statistics: dict[str, str] = {}
        self._statistics_source = None
        self._quit = False
        self._quit_message = ""
        self.schedule = ScheduleManager(self)
        self.date_rules = DateRules(self)
        self.time_rules = TimeRules(self)
        self.securities, self.portfolio, self.transactions = new_portfolio(self)
        # LEAN's engine makes its indicator-based price models, over this algorithm's
        # securities, the ones OptionPriceModels.black_scholes() and the like answer
        install_option_price_models(self)
        self._data_folder = None  # set by the runner (market hours, symbol properties)
        self.notify = Notifier(self)
        self.signal_export = SignalExportManager(self)
        self.market_hours_database = MarketHoursDatabase(self)
        self.symbol_properties_database = SymbolPropertiesDatabase(self)
        self._security_initializer: Any = None
        SymbolCache.clear()  # LEAN keeps one cache per run

    # -- PascalCase access -------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        snake = to_snake(name)
        if snake != name:
            try:
                return object.__getattribute__(self, snake)
            except AttributeError:
                pass
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    # -- time ----------------------------------------------------------------------------------
    @property
    def time(self) -> datetime:
        """Current algorithm time (naive, algorithm time zone)."""
        return self._time

    @property
    def utc_time(self) -> datetime:
        ns = self._now_ns
        if ns is not None and ns != self._utc_ns:
            self._utc_ns = ns
            self._utc_cached = ns_to_utc(ns)
        return self._utc_cached

    @property
    def _utc_time(self) -> datetime:
        return self.utc_time

    @property
    def start_date(self) -> datetime:
        return self._start_date

    @property
    def end_date(self) -> datetime:
        return self._end_date

    @property
    def time_zone(self) -> str:
        return self._time_zone

    def download(
        self,
        address: str,
        headers: Any = None,
        user_name: str | None = None,
        password: str | None = None,
    ) -> str:
        """LEAN ``Download``: the text at ``address`` (engine/algorithm/downloads.py)."""
        from engine.algorithm.downloads import download

        return download(address, headers, user_name, password)

    @property
    def live_mode(self) -> bool:
        return self._live_mode

    @property
    def algorithm_mode(self) -> AlgorithmMode:
        """LEAN ``QCAlgorithm.AlgorithmMode``: Live or Backtesting (no optimizer/research here)."""
        return AlgorithmMode.LIVE if self._live_mode else AlgorithmMode.BACKTESTING

    @property
    def deployment_target(self) -> DeploymentTarget:
        return DeploymentTarget.LOCAL_PLATFORM

    def _set_time(self, ns: int, local: datetime | None = None) -> None:
        """Runner: move the clock (UTC ns; ``local`` when already converted)."""
        self._now_ns = ns
        self._time = local if local is not None else ns_to_local(ns, self._time_zone)

    def _check_unlocked(self, what: str) -> None:
        if self._locked:
            raise AlgorithmError(f"{what}: this can only be called in initialize()")

    def set_start_date(
        self, year: int | date | datetime, month: int | None = None, day: int | None = None
    ) -> None:
        """LEAN ``SetStartDate`` (Algorithm/QCAlgorithm.cs): only the date counts (the start is
        midnight of that day in the algorithm's time zone); not before 1900-01-01 nor after
        today; ignored in live mode, whose start comes from the clock."""
        if self._live_mode:
            return
        start = _to_datetime(year, month, day)
        start = datetime(start.year, start.month, start.day)
        if start < EARLIEST_START:
            raise AlgorithmError(
                f"set_start_date({start:%Y-%m-%d}): please select a start date after "
                "January 1st, 1900."
            )
        if start.date() > self._today():
            raise AlgorithmError(
                f"set_start_date({start:%Y-%m-%d}): please select a start date before today "
                f"({self._today():%Y-%m-%d} in {self._time_zone})."
            )
        self._check_unlocked("set_start_date")
        self._start_date = start
        self._move_clock_to_start()

    def set_end_date(
        self, year: int | date | datetime, month: int | None = None, day: int | None = None
    ) -> None:
        """LEAN ``SetEndDate``: the end is the last moment of the given day (a later date is
        brought back to yesterday in the algorithm's time zone); ignored in live mode."""
        if self._live_mode:
            return
        self._check_unlocked("set_end_date")
        end = _to_datetime(year, month, day).date()
        end = min(end, self._today() - timedelta(days=1))
        self._end_date = datetime(end.year, end.month, end.day) + END_OF_DAY

    def _today(self) -> date:
        """Today's date in the algorithm's time zone (the bound LEAN puts on start/end dates)."""
        return datetime.now(zone(self._time_zone)).date()

    def _move_clock_to_start(self) -> None:
        """The clock stands at the start date, read in the algorithm's time zone (LEAN's
        ``SetDateTime(_startDate.ConvertToUtc(TimeZone))``)."""
        self._time = self._start_date
        self._utc_ns = None
        self._utc_cached = self._start_date.replace(tzinfo=zone(self._time_zone)).astimezone(UTC)

    def set_time_zone(self, time_zone: Any) -> None:
        self._check_unlocked("set_time_zone")
        name = getattr(time_zone, "key", None) or str(time_zone)

        zone(name)  # validates
        self._time_zone = name
        if self._live_span is None:
            # LEAN (Algorithm/QCAlgorithm.cs SetTimeZone): a backtest's start date was given in
            # the algorithm's time zone, so it keeps its value and is read in the new zone
            self._move_clock_to_start()
        else:
            # LEAN (Algorithm/QCAlgorithm.cs SetTimeZone): a live run's dates were set in the
            # default zone, so they are found again from the run's instants in the new one
            self._set_live_mode_start_date()

    def _set_live_mode_start_date(self) -> None:
        """A live run starts at the start of today and runs to the clock's end (LEAN's
        ``SetLiveModeStartDate``), both in the algorithm's time zone."""
        assert self._live_span is not None
        now_ns, end_ns, horizon = self._live_span
        now = ns_to_local(now_ns, self._time_zone)
        start = datetime(now.year, now.month, now.day)
        self._start_date = start
        self._end_date = (
            ns_to_local(end_ns, self._time_zone) if end_ns is not None else now + horizon
        )
        self._time = start

    def set_cash(
        self,
        currency_or_amount: Any = None,
        amount: float | None = None,
        conversion_rate: float = 0,
        *,
        starting_cash: float | None = None,
        symbol: str | None = None,
    ) -> None:
        """LEAN ``SetCash(startingCash)`` / ``SetCash(symbol, startingCash, conversionRate=0)``
        (Algorithm/QCAlgorithm.cs), positionally or with LEAN's keyword names."""
        if symbol is not None:
            currency_or_amount, amount = (
                symbol,
                (amount if starting_cash is None else starting_cash),
            )
        elif starting_cash is not None:
            if currency_or_amount is None:
                currency_or_amount = starting_cash
            else:
                amount = starting_cash
        if self._locked:
            raise AlgorithmError(
                "set_cash(): cannot change the cash available after the algorithm is initialized"
            )
        if amount is None:
            self._cash = float(currency_or_amount)
            self.portfolio.set_cash(self._cash)
        else:
            currency = str(currency_or_amount).upper()
            if currency == self._account_currency:
                self._cash = float(amount)
                self.portfolio.set_cash(self._cash)
                # cash set by currency name stays in that currency if the account one changes
                self._cash_currency_named = True
            else:
                self.portfolio.cash_book_set(currency, float(amount), conversion_rate) if hasattr(
                    self.portfolio, "cash_book_set"
                ) else self.portfolio.set_cash(currency, float(amount), conversion_rate)

    def set_account_currency(self, currency: str, starting_cash: float | None = None) -> None:
        self._check_unlocked("set_account_currency")
        self._account_currency = currency.upper()
        if hasattr(self.portfolio, "set_account_currency"):
            self.portfolio.set_account_currency(
                self._account_currency,
                keep_previous_cash=getattr(self, "_cash_currency_named", False),
            )
        if starting_cash is not None:
            self.set_cash(starting_cash)

    @property
    def account_currency(self) -> str:
        return self._account_currency

    # -- securities ------------------------------------------------------------------------------
    def add_equity(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
        data_normalization_mode: Any = None,
        **kwargs: Any,
    ) -> Any:
        return self._add_security(
            SecurityType.EQUITY,
            ticker,
            resolution,
            market,
            fill_forward,
            leverage,
            extended_market_hours,
            data_normalization_mode,
        )

    def add_forex(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        **kwargs: Any,
    ) -> Any:
        return self._add_security(
            SecurityType.FOREX, ticker, resolution, market, fill_forward, leverage, False, None
        )

    def add_crypto(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        **kwargs: Any,
    ) -> Any:
        return self._add_security(
            SecurityType.CRYPTO, ticker, resolution, market, fill_forward, leverage, False, None
        )

    def add_crypto_future(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        **kwargs: Any,
    ) -> Any:
        """LEAN ``AddCryptoFuture``: a perpetual crypto future (Binance's BTCUSD, ADAUSDT) with its
        funding rates (``MarginInterestRate``) from the market's ``margin_interest`` folder."""
        security = self._add_security(
            SecurityType.CRYPTO_FUTURE,
            ticker,
            resolution,
            market,
            fill_forward,
            leverage,
            False,
            None,
        )
        from engine.model.margin_interest import MarginInterestRate

        self._subscribe_auxiliary(MarginInterestRate, security.symbol)
        return security

    def add_cfd(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        **kwargs: Any,
    ) -> Any:
        return self._add_security(
            SecurityType.CFD, ticker, resolution, market, fill_forward, leverage, False, None
        )

    def add_index(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        **kwargs: Any,
    ) -> Any:
        return self._add_security(
            SecurityType.INDEX, ticker, resolution, market, fill_forward, 0.0, False, None
        )

    def add_security(
        self,
        security_type: Any,
        ticker: str | None = None,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
        **kwargs: Any,
    ) -> Any:
        if isinstance(security_type, Symbol):
            sym = security_type
            return self._add_security(
                sym.security_type,
                # a contract keeps its symbol: its identifier carries the expiry, strike and
                # underlying the ticker alone does not
                sym if sym.security_type in DERIVATIVE_TYPES else sym.value,
                ticker if resolution is None else resolution,
                sym.market,
                fill_forward,
                leverage,
                extended_market_hours,
                None,
            )
        return self._add_security(
            SecurityType(int(security_type)),
            str(ticker),
            resolution,
            market,
            fill_forward,
            leverage,
            extended_market_hours,
            kwargs.get("data_normalization_mode"),
        )

    def _add_security(
        self,
        security_type: SecurityType,
        ticker: str,
        resolution: Any,
        market: str | None,
        fill_forward: bool,
        leverage: float,
        extended: bool,
        normalization: Any,
    ) -> Any:
        sid = ""
        derivative = None
        if isinstance(ticker, Symbol) and ticker.security_type in DERIVATIVE_TYPES:
            # an option or future symbol is the contract itself (its identifier packs the
            # expiry, strike and underlying): kept whole
            derivative = ticker
        if isinstance(ticker, Symbol):
            market = market or ticker.market
            # a symbol keeps its identifier (a universe's selection names the security by it)
            sid = ticker.id.sid if ticker.security_type == security_type else ""
            ticker = ticker.value
        market = (market or self._default_market(security_type)).lower()
        symbol = derivative or Symbol(ticker, security_type, market, sid)
        if not sid and security_type == SecurityType.INDEX:
            # LEAN's AddIndex: Symbol.Create, whose identifier is GenerateIndex's ("SPX 31")
            symbol = Symbol.create(ticker, security_type, market)
        if not sid and security_type == SecurityType.EQUITY:
            # LEAN's AddEquity names the security by Symbol.Create, whose identifier comes from
            # the map file of the ticker as it trades today (Common/SecurityIdentifier.cs)
            symbol = Symbol(SecurityIdentifier.generate_equity(ticker, market), ticker)
        existing = self.securities.get(symbol) if symbol in self.securities else None
        if (
            existing is not None
            and not self._is_removed(existing)
            and (
                derivative is None
                or any(r.symbol == symbol and not r.internal for r in self._subscriptions)
            )
        ):
            # (a continuous future's mapped contract with only internal feeds gets its own)
            return existing
        resolution = as_resolution(
            resolution if resolution is not None else self.universe_settings.resolution
        )
        lowest = controls_of(self).lowest_resolution
        if lowest is not None and resolution < lowest:
            lowest = Resolution(lowest)
            raise AlgorithmError(
                f"{ticker}: {resolution.name.title()} resolution data is not available to this "
                f"account; the finest resolution allowed is {lowest.name.title()}."
                f"{controls_of(self).note('resolution')}"
            )
        request = SubscriptionRequest(
            symbol=symbol,
            resolution=resolution,
            fill_forward=bool(fill_forward),
            extended_market_hours=bool(extended),
            normalization=as_normalization(
                normalization
                if normalization is not None
                else self.universe_settings.data_normalization_mode
            ),
            leverage=float(leverage or 0.0),
        )
        if existing is not None:
            # adding a removed security again (LEAN's SecurityService.CreateSecurity): the same
            # security, already initialized, gets the new subscription and is tradable again
            from engine.portfolio.index import make_tradable

            make_tradable(existing)
            self._subscriptions.append(request)
            if existing in self._pending_removed:  # removed and re-added within one step
                self._pending_removed.remove(existing)
            else:
                self._pending_added.append(existing)
            return existing
        security = self._create_security(request)
        self._subscriptions.append(request)
        self._pending_added.append(security)
        return security

    def _is_removed(self, security: Any) -> bool:
        """Removed by ``remove_security``: untradable, not delisted, no data subscription left."""
        if getattr(security, "is_tradable", True) or getattr(security, "is_delisted", False):
            return False
        if getattr(security, "is_internal", False):
            return False
        return not any(r.symbol == security.symbol for r in self._subscriptions)

    def _default_market(self, security_type: SecurityType) -> str:
        """LEAN ``GetMarket``: the brokerage model's ``DefaultMarkets`` (a crypto brokerage puts
        crypto at its own market), else the engine's defaults."""
        markets = getattr(self.brokerage_model, "default_markets", None) or {}
        try:
            market = markets.get(security_type)
        except AttributeError:
            market = None
        return str(market or DEFAULT_MARKET.get(security_type, Market.USA))

    def _create_security(self, request: SubscriptionRequest) -> Any:
        """A security for ``request`` with the brokerage model's models, in ``self.securities``
        (also what the custom-data and universe mixins add securities with)."""
        return create_security(self, request)

    def set_security_initializer(self, initializer: Any) -> None:
        """``initializer(security)`` runs for every security added afterwards (after the brokerage
        model's own initialisation), e.g. to set a fee or fill model."""
        self._security_initializer = getattr(initializer, "initialize", initializer)

    @property
    def security_initializer(self) -> Any:
        """LEAN's ``SecurityInitializer``: the one set, else the brokerage model's (which this
        engine applies when it creates each security, so it adds nothing more here)."""
        from engine.portfolio.initializers import FuncSecurityInitializer

        current = self._security_initializer
        return FuncSecurityInitializer(current if current is not None else lambda security: None)

    def add_security_initializer(self, initializer: Any) -> None:
        """LEAN ``AddSecurityInitializer``: run ``initializer`` after the ones already set."""
        from engine.portfolio.initializers import CompositeSecurityInitializer

        current = self._security_initializer
        if current is None:
            self.set_security_initializer(initializer)
            return
        self._security_initializer = CompositeSecurityInitializer(current, initializer).initialize

    def remove_security(self, symbol: Any, tag: str | None = None) -> bool:
        """LEAN ``RemoveSecurity(symbol, tag=null)`` (Algorithm/QCAlgorithm.cs): cancel the open
        orders (not during warm-up), liquidate, mark the security untradable and end its data
        subscriptions; ``on_securities_changed`` reports it at the next step. The security stays in
        ``securities`` (its holdings and orders remain readable), as in LEAN."""
        security = self.securities.get(symbol) if symbol in self.securities else None
        if security is None:
            return False
        tag = "Removed" if tag is None else tag
        if not self.is_warming_up:
            self.transactions.cancel_open_orders(security.symbol, tag)
        if self.portfolio[security.symbol].invested:
            self.liquidate(security.symbol, tag=tag)
        security.is_tradable = False
        self._subscriptions[:] = [
            r for r in self._subscriptions if r.symbol != security.symbol or r.internal
        ]
        if security in self._pending_added:
            self._pending_added.remove(security)
        elif security not in self._pending_removed:
            self._pending_removed.append(security)
        return True

    def symbol(self, ticker: str) -> Symbol:
        text = str(ticker)
        if " " in text.strip() and text not in self.securities:
            # an identifier string ("ES VK2ZRH843Z7L", as a continuous future's symbol changed
            # events name contracts): LEAN's SymbolCache finds the security by its identifier
            for known in self.securities.keys():
                if str(known.id) == text.strip().upper():
                    return known
        sec = self.securities[ticker]
        return sec.symbol

    # LEAN's QCAlgorithm.CUSIP / CompositeFIGI / SEDOL / ISIN / CIK (QCAlgorithm.cs): a Symbol
    # gives its identifier, an identifier gives the Symbol (its ticker on ``trading_date``, by
    # default the algorithm's date)
    def _security_definition(self, field: str, value: Any, trading_date: Any) -> Any:
        from engine.algorithm.security_definitions import symbol_for

        if hasattr(value, "symbol") and not isinstance(value, Symbol | str):
            value = value.symbol  # a Security
        if isinstance(value, Symbol):
            return getattr(value, field)
        when = trading_date if trading_date is not None else self.time
        return symbol_for(self._data_folder, field, value, when)

    def cusip(self, value: Any, trading_date: Any = None) -> Any:
        return self._security_definition("cusip", value, trading_date)

    def composite_figi(self, value: Any, trading_date: Any = None) -> Any:
        return self._security_definition("composite_figi", value, trading_date)

    def sedol(self, value: Any, trading_date: Any = None) -> Any:
        return self._security_definition("sedol", value, trading_date)

    def isin(self, value: Any, trading_date: Any = None) -> Any:
        return self._security_definition("isin", value, trading_date)

    def cik(self, value: Any, trading_date: Any = None) -> Any:
        return self._security_definition("cik", value, trading_date)

    def _hours_for(self, symbol: Any) -> Any:
        return hours_for(self, symbol)

    def _default_hours(self) -> Any:
        return hours_for(self, Symbol("SPY", SecurityType.EQUITY, Market.USA))

    def is_market_open(self, symbol: Any) -> bool:
        """Whether the regular session is open now: LEAN's IsMarketOpen
        (Algorithm/QCAlgorithm.Trading.cs) asks ``security.IsMarketOpen(false)``, extended hours
        never count, whatever the subscription."""
        sec = self.securities[symbol]
        hours = self._hours_for(sec.symbol)
        return hours.is_open(self._utc_time, False)

    # -- benchmark and brokerage ---------------------------------------------------------------
    def set_benchmark(self, benchmark: Any, security_type: Any = None) -> None:
        self._check_unlocked("set_benchmark")
        if isinstance(benchmark, str):
            st = (
                SecurityType(int(security_type))
                if security_type is not None
                else SecurityType.EQUITY
            )
            benchmark = Symbol(benchmark, st, DEFAULT_MARKET.get(st, Market.USA))
        self._benchmark = benchmark

    @property
    def benchmark(self) -> Any:
        return self._benchmark

    def set_brokerage_model(self, model: Any, account_type: Any = None) -> None:
        self._check_unlocked("set_brokerage_model")
        from engine.algorithm.securities import brokerage_model_for

        self.brokerage_model = brokerage_model_for(model, account_type)
        self._account_type = (
            "Cash" if account_type is not None and int(account_type) == 1 else "Margin"
        )
        for security in list(self.securities.values()):  # LEAN re-initialises added securities
            self.brokerage_model.initialize_security(security)

    # -- warm-up -----------------------------------------------------------------------------------
    def set_warm_up(self, period: timedelta | int, resolution: Any = None) -> None:
        self._check_unlocked("set_warm_up")
        if isinstance(period, timedelta):
            self._warmup_period, self._warmup_bars = period, None
        else:
            self._warmup_period, self._warmup_bars = None, int(period)
        self._warmup_resolution = as_resolution(resolution) if resolution is not None else None

    set_warmup = set_warm_up

    # -- parameters ----------------------------------------------------------------------------------
    def get_parameter(self, name: str, default_value: Any = None) -> Any:
        """The parameter as a string, or converted to the default's type as LEAN's typed
        overloads (Algorithm/QCAlgorithm.cs ``GetParameter(string, int|double|decimal)``): the
        default comes back when the text does not parse as that type. An int default takes
        ``int.TryParse``'s integers only (optional sign and surrounding spaces), so "20.0" gives
        the default, as in LEAN; a float default takes ``double.TryParse`` with
        ``NumberStyles.Any`` (thousands separators, exponent)."""
        value = self.parameters.get(name)
        if value is None:
            return default_value
        if default_value is None or isinstance(default_value, str):
            return value
        if isinstance(default_value, bool):  # no LEAN overload; Python's truthy spellings
            return value.strip().lower() in ("true", "1", "yes")
        if isinstance(default_value, int):
            text = value.strip()
            if not _INTEGER.fullmatch(text):
                return default_value
            number = int(text)
            return number if _INT32_MIN <= number <= _INT32_MAX else default_value
        if isinstance(default_value, float):
            try:
                return float(value.strip().replace(",", ""))
            except ValueError:
                return default_value
        return value

    def set_parameters(self, parameters: dict[str, Any]) -> None:
        self.parameters = {str(k): str(v) for k, v in parameters.items()}

    # -- control ---------------------------------------------------------------------------------------
    def quit(self, message: str = "") -> None:
        self._quit = True
        self._quit_message = message
        if message:
            self.debug(f"Quit: {message}")

    def set_name(self, name: str) -> None:
        self.name = name

    def add_tag(self, tag: str) -> None:
        self.tags.append(tag)

    # -- default handlers (users override these) ------------------------------------------------
    def initialize(self) -> None:
        pass

    def on_data(self, data: Any) -> None:
        pass

    def on_order_event(self, order_event: Any) -> None:
        pass

    def on_end_of_algorithm(self) -> None:
        pass

    def on_securities_changed(self, changes: Any) -> None:
        pass

    def on_warmup_finished(self) -> None:
        pass

    def on_splits(self, splits: Any) -> None:
        pass

    def on_margin_call_warning(self) -> None:
        handler = user_handler(self, "on_margin_call_warning")
        if handler is not None:
            handler()

    def on_margin_call(self, requests: Any) -> Any:
        handler = user_handler(self, "on_margin_call")
        return handler(requests) if handler is not None else requests

    def on_dividends(self, dividends: Any) -> None:
        pass


def user_handler(algorithm: QCAlgorithm, name: str) -> Any:
    """The user's override of handler ``name`` (either spelling) as a bound method, or None."""
    from engine.common.naming import to_pascal

    pascal = to_pascal(name)
    if name == "on_warmup_finished":
        candidates = (name, "OnWarmupFinished", "on_warm_up_finished", "OnWarmUpFinished")
    else:
        candidates = (name, pascal)
    for cls in type(algorithm).__mro__:
        if cls is QCAlgorithm or cls is object:
            break
        for attr in candidates:
            if attr in cls.__dict__:
                return getattr(algorithm, attr)
    return None


# C#'s int.TryParse (NumberStyles.Integer): an optional sign and digits, within Int32.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def _to_datetime(year: int | date | datetime, month: int | None, day: int | None) -> datetime:
    if isinstance(year, datetime):
        return year
    if isinstance(year, date):
        return datetime(year.year, year.month, year.day)
    if month is None or day is None:
        raise AlgorithmError("expected (year, month, day) or a date")
    try:
        return datetime(int(year), int(month), int(day))
    except (TypeError, ValueError) as err:
        # as LEAN's SetStartDate(int, int, int): "Date Invalid: ..."
        raise AlgorithmError(f"Date Invalid: {err} ({year}, {month}, {day})") from None


def _default_brokerage_model() -> Any:
    from engine.algorithm.securities import brokerage_model_for

    return brokerage_model_for(None, None)
