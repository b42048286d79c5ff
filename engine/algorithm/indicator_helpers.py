"""``IndicatorHelpersMixin``: QCAlgorithm's indicator and consolidator helpers (Algorithm/QCAlgorithm.Indicators.cs).

``self.sma(symbol, period, resolution=None, selector=None)`` and friends create the indicator and
``register_indicator`` it: a consolidator for the symbol at ``resolution`` (an identity consolidator
at the subscription's own resolution) updates it in step 16 of the loop, before ``on_data``.
``self.consolidate(symbol, period, handler)`` takes a ``timedelta``, a ``Resolution`` or a calendar
function; daily periods (``Resolution.DAILY``, ``timedelta(days=1)``) give session-aligned bars
(09:30-16:00 for US equities, emitted at the close). ``self.subscription_manager.add_consolidator``
registers a user-built consolidator. The runner drives ``self._consolidators`` (see
``engine.consolidators.registry``). ``warm_up_indicator``/``indicator_history`` read bars through ``history()``
(``engine.history.indicators``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.algorithm.extra_indicator_helpers import ExtraIndicatorHelpersMixin
from engine.consolidators import (
    BaseDataConsolidator,
    ConsolidatorRegistry,
    IdentityDataConsolidator,
    MarketHourAwareConsolidator,
    QuoteBarConsolidator,
    TickConsolidator,
    TickQuoteBarConsolidator,
    TradeBarConsolidator,
)
from engine.consolidators.timeless import (
    RangeConsolidator,
    RenkoConsolidator,
    VolumeRenkoConsolidator,
)
from engine.indicators import averages as av
from engine.indicators import (
    breadth,
    pairs,
    rolling,
    swing,
    time_series,
    trend,
    volatility,
    volume,
)
from engine.indicators import oscillators as osc
from engine.indicators.base import IndicatorBase, IndicatorDataPoint, MovingAverageType
from engine.model.data import BaseData, QuoteBar, Tick, TradeBar
from engine.model.enums import Resolution, SecurityType, TickType
from engine.model.field import data_type_for_selector
from engine.model.renko import RangeBar, RenkoBar, VolumeRenkoBar

_RESOLUTION_SPAN = {
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}
_QUOTE_TYPES = (SecurityType.FOREX, SecurityType.CFD)
_RESOLUTION_SUFFIX = {
    Resolution.TICK: "tick",
    Resolution.SECOND: "sec",
    Resolution.MINUTE: "min",
    Resolution.HOUR: "hr",
    Resolution.DAILY: "day",
}


class SubscriptionConsolidators(list):
    """A subscription's consolidators (LEAN's ``HashSet``: ``count`` is a property)."""

    count = property(len)
    Count = count


class SubscriptionView:
    """One entry of ``subscription_manager.subscriptions`` (LEAN's SubscriptionDataConfig): the
    request's symbol, resolution and tick type, and the consolidators this feed drives."""

    def __init__(self, request: Any, tick_type: TickType, consolidators: list[Any]) -> None:
        self.symbol = request.symbol
        self.resolution = request.resolution
        self.tick_type = tick_type
        self.fill_data_forward = request.fill_forward
        self.extended_market_hours = request.extended_market_hours
        self.data_normalization_mode = request.normalization
        self.is_internal_feed = bool(getattr(request, "internal", False))
        self.consolidators = SubscriptionConsolidators(consolidators)

    Symbol = property(lambda self: self.symbol)
    Resolution = property(lambda self: self.resolution)
    TickType = property(lambda self: self.tick_type)
    IsInternalFeed = property(lambda self: self.is_internal_feed)
    Consolidators = property(lambda self: self.consolidators)


class SubscriptionManager:
    """``self.subscription_manager``: consolidator registration and the list of subscriptions."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self.feeds_ended = False  # set by the runner once the last slice is behind

    def add_consolidator(self, symbol: Any, consolidator: Any, tick_type: Any = None) -> None:
        """LEAN's ``AddConsolidator`` (Common/Data/SubscriptionManager.cs): a consolidator of any data
        (``BaseData`` input) is fed the security type's first tick type (trades; quotes for forex/CFD);
        ``tick_type`` picks the feed explicitly."""
        algorithm = self._algorithm
        symbol = algorithm._indicator_symbol(symbol)
        if tick_type is None and getattr(consolidator, "input_type", None) is BaseData:
            tick_type = TickType.QUOTE if symbol.security_type in _QUOTE_TYPES else TickType.TRADE
        if hasattr(consolidator, "minimum_price_variation_of"):  # range bars: the security's tick
            security = (
                algorithm.securities.get(symbol) if hasattr(algorithm, "securities") else None
            )
            if security is not None:
                tick = security.symbol_properties.minimum_price_variation
                consolidator.minimum_price_variation_of = lambda _symbol: tick
        if getattr(consolidator, "exchange_hours", False) is None:
            # a market-hours-aware consolidator built with LEAN's constructor: the symbol's hours
            consolidator.exchange_hours = algorithm._hours_for(symbol)
        algorithm._consolidator_registry().add(symbol, consolidator, tick_type)

    def remove_consolidator(self, symbol: Any, consolidator: Any) -> None:
        self._algorithm._consolidator_registry().remove(
            self._algorithm._indicator_symbol(symbol), consolidator
        )

    @property
    def subscriptions(self) -> list[SubscriptionView]:
        """One entry per active feed; a symbol's consolidators are listed on its first feed (the
        trade feed, or the quote feed for forex/CFD), where LEAN pipes them by default."""
        algorithm = self._algorithm
        registry = algorithm._consolidator_registry()
        active = getattr(algorithm, "securities", None)
        views: list[SubscriptionView] = []
        if self.feeds_ended:
            return views
        seen: set[Any] = set()
        for request in getattr(algorithm, "_subscriptions", ()):
            if request.internal or (active is not None and request.symbol not in active):
                continue
            for tick_type in request.tick_types():
                first = request.symbol not in seen
                seen.add(request.symbol)
                owned = registry.for_symbol(request.symbol) if first else []
                views.append(SubscriptionView(request, tick_type, owned))
        return views

    @property
    def subscription_data_config_service(self) -> SubscriptionDataConfigService:
        return SubscriptionDataConfigService(self._algorithm)

    AddConsolidator = add_consolidator
    RemoveConsolidator = remove_consolidator
    Subscriptions = subscriptions
    SubscriptionDataConfigService = subscription_data_config_service


class SubscriptionDataConfigService:
    """``subscription_manager.subscription_data_config_service`` (LEAN's
    ISubscriptionDataConfigService): the configurations of a symbol's feeds."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def get_subscription_data_configs(
        self, symbol: Any = None, include_internal_configs: bool = False
    ) -> list[SubscriptionView]:
        algorithm = self._algorithm
        wanted = None if symbol is None else algorithm._indicator_symbol(symbol)
        configs = []
        for request in getattr(algorithm, "_subscriptions", ()):
            if request.internal and not include_internal_configs:
                continue
            if wanted is not None and request.symbol != wanted:
                continue
            configs.extend(SubscriptionView(request, t, []) for t in request.tick_types())
        for custom in getattr(algorithm, "_custom_subscriptions", None) or ():
            # add_data's feeds are listed too (LEAN keeps custom configs with the others)
            if custom.request is None or (wanted is not None and custom.symbol != wanted):
                continue
            configs.append(SubscriptionView(custom.request, TickType.TRADE, []))
        return configs

    GetSubscriptionDataConfigs = get_subscription_data_configs


class IndicatorHelpersMixin(ExtraIndicatorHelpersMixin):
    """Mixed into QCAlgorithm. State is created lazily (QCAlgorithm.__init__ does not call it)."""

    _consolidators: ConsolidatorRegistry | None = None
    _subscription_manager: SubscriptionManager | None = None

    # -- plumbing ---------------------------------------------------------------------------------
    def _consolidator_registry(self) -> ConsolidatorRegistry:
        registry = self._consolidators
        if registry is None:
            registry = ConsolidatorRegistry(self._exchange_time_zone)
            self._consolidators = registry
        return registry

    def _exchange_time_zone(self, symbol: Any) -> str:
        try:
            return self._hours_for(symbol).time_zone
        except Exception:
            return self.time_zone

    @property
    def subscription_manager(self) -> SubscriptionManager:
        if self._subscription_manager is None:
            self._subscription_manager = SubscriptionManager(self)
        return self._subscription_manager

    def _indicator_symbol(self, symbol: Any) -> Any:
        if isinstance(symbol, str):
            return self.securities[symbol].symbol
        inner = getattr(symbol, "symbol", None)
        return inner if inner is not None and not isinstance(symbol, type(inner)) else symbol

    def _subscription_of(self, symbol: Any) -> Any:
        for request in self._subscriptions:
            if request.symbol == symbol:
                return request
        return None

    def _default_bar_type(self, symbol: Any, resolution: Resolution | None) -> type:
        for sub in getattr(self, "_custom_subscriptions", None) or ():
            # custom data: the subscription's own type (auxiliary data, a future's funding
            # rates, is not what the security's bars are made of)
            if sub.symbol == symbol and not getattr(sub.type, "is_auxiliary", False):
                return sub.type
        if resolution == Resolution.TICK:
            return Tick
        if symbol.security_type in _QUOTE_TYPES:
            return QuoteBar
        return TradeBar

    def resolve_consolidator(
        self, symbol: Any, period: Any, data_type: Any = None, tick_type: Any = None
    ) -> Any:
        """A consolidator for ``symbol`` at ``period`` (Resolution, timedelta, calendar function or
        None) of the subscription of ``tick_type`` (LEAN's CreateConsolidator in
        Algorithm/QCAlgorithm.Indicators.cs: trade or quote ticks, trade or quote bars)."""
        if isinstance(data_type, TickType):
            data_type, tick_type = None, data_type
        symbol = self._indicator_symbol(symbol)
        request = self._subscription_of(symbol)
        sub_res = request.resolution if request is not None else Resolution.MINUTE
        quote_tick = None if tick_type is None else int(tick_type) == TickType.QUOTE
        if data_type is None or data_type is BaseData:
            if sub_res != Resolution.TICK and quote_tick is not None:
                data_type = QuoteBar if quote_tick else TradeBar
            else:
                data_type = self._default_bar_type(symbol, sub_res)
        if isinstance(period, Resolution) or (
            isinstance(period, int)
            and not isinstance(period, bool)
            and 0 <= int(period) <= 4
            and not callable(period)
        ):
            res = Resolution(int(period))
            if res == sub_res:
                return IdentityDataConsolidator(data_type)
            if res == Resolution.TICK:
                raise ValueError("cannot consolidate into tick resolution")
            period = _RESOLUTION_SPAN[res]
        if period is None:
            return IdentityDataConsolidator(data_type)
        if (
            isinstance(period, timedelta)
            and request is not None
            and sub_res != Resolution.TICK
            and period == _RESOLUTION_SPAN[sub_res]
        ):
            return IdentityDataConsolidator(data_type)
        quote = data_type is QuoteBar
        if isinstance(period, timedelta) and period == timedelta(days=1):
            # as LEAN's CreateConsolidator (Algorithm/QCAlgorithm.Indicators.cs): a daily bar
            # of an extended-hours subscription spans the regular session unless the algorithm
            # turns settings.daily_consolidation_use_extended_market_hours on
            extended = (
                request is not None
                and bool(request.extended_market_hours)
                and bool(self.settings.daily_consolidation_use_extended_market_hours)
            )
            inner = QuoteBarConsolidator if quote else TradeBarConsolidator
            return MarketHourAwareConsolidator(self._hours_for(symbol), inner, extended)
        if data_type is Tick:
            if quote_tick is None:
                quote_tick = symbol.security_type in _QUOTE_TYPES
            return TickQuoteBarConsolidator(period) if quote_tick else TickConsolidator(period)
        if isinstance(period, timedelta) and not issubclass(data_type, TradeBar | QuoteBar | Tick):
            # custom data into bars of its value (LEAN's TradeBarConsolidator takes any BaseData)
            return BaseDataConsolidator(period)
        return QuoteBarConsolidator(period) if quote else TradeBarConsolidator(period)

    ResolveConsolidator = resolve_consolidator

    def consolidate(self, *args: Any) -> Any:
        """``consolidate(symbol, period, handler)``, ``(symbol, period, tick_type, handler)`` or
        ``(BarType, symbol, size, tick_type, handler)`` (QCAlgorithm.Python.cs); the handler receives
        the consolidated bar. Returns the consolidator."""
        if args and isinstance(args[0], type):
            return self._consolidate_size(*args)
        symbol, period, *rest = args
        handler = rest[-1] if rest else None
        tick_type = rest[0] if len(rest) > 1 else None
        consolidator = self.resolve_consolidator(symbol, period, None, tick_type)
        return self._register_handler(symbol, consolidator, tick_type, handler)

    def _register_handler(
        self, symbol: Any, consolidator: Any, tick_type: Any, handler: Any
    ) -> Any:
        if handler is not None:
            consolidator.data_consolidated += lambda sender, bar: handler(bar)
            self.subscription_manager.add_consolidator(symbol, consolidator, tick_type)
        return consolidator

    def _consolidate_size(
        self, bar_type: type, symbol: Any, size: float, tick_type: Any = None, handler: Any = None
    ) -> Any:
        """LEAN's ``CreateConsolidator(symbol, size, type, tickType)``: a brick / range size for Renko,
        VolumeRenko and Range bars, a bar count otherwise."""
        symbol = self._indicator_symbol(symbol)
        request = self._subscription_of(symbol)
        consolidator: Any
        if bar_type is VolumeRenkoBar:
            consolidator = VolumeRenkoConsolidator(size)
        elif bar_type is RenkoBar:
            consolidator = RenkoConsolidator(size)
        elif bar_type is RangeBar:
            consolidator = RangeConsolidator(int(size))
        elif request is not None and request.resolution == Resolution.TICK:
            quote = tick_type is not None and int(tick_type) == TickType.QUOTE
            consolidator = (
                TickQuoteBarConsolidator(int(size)) if quote else TickConsolidator(int(size))
            )
        elif bar_type is TradeBar:
            consolidator = TradeBarConsolidator(int(size))
        elif bar_type is QuoteBar:
            consolidator = QuoteBarConsolidator(int(size))
        else:
            consolidator = BaseDataConsolidator(int(size))
        return self._register_handler(symbol, consolidator, tick_type, handler)

    def register_indicator(
        self, symbol: Any, indicator: IndicatorBase, resolution: Any = None, selector: Any = None
    ) -> None:
        """Update ``indicator`` from ``symbol``'s data at ``resolution`` (Resolution, timedelta or a
        consolidator); ``selector(bar)`` picks the input (a number or a data point)."""
        symbol = self._indicator_symbol(symbol)
        if hasattr(resolution, "data_consolidated"):
            consolidator = resolution
        else:
            consolidator = self.resolve_consolidator(symbol, resolution)

        if selector is None:

            def on_bar(sender: Any, bar: Any) -> None:
                indicator.update(bar)
        else:

            def on_bar(sender: Any, bar: Any) -> None:
                picked = selector(bar)
                if isinstance(picked, BaseData):
                    indicator.update(picked)
                else:
                    indicator.update(IndicatorDataPoint(bar.symbol, bar.end_time, float(picked)))

        consolidator.data_consolidated += on_bar
        self.subscription_manager.add_consolidator(symbol, consolidator)

    def unregister_indicator(self, indicator: IndicatorBase) -> bool:
        registry = self._consolidators
        if registry is None:
            return False
        removed = False
        for symbol, items in list(registry.by_symbol.items()):
            for consolidator in list(items):
                for handler in list(consolidator.data_consolidated._handlers):
                    cells = getattr(handler, "__closure__", None) or ()
                    if any(getattr(c, "cell_contents", None) is indicator for c in cells):
                        consolidator.data_consolidated -= handler
                        removed = True
                if not consolidator.data_consolidated:
                    registry.remove(symbol, consolidator)
        return removed

    def warm_up_indicator(
        self, symbol: Any, indicator: IndicatorBase, resolution: Any = None, selector: Any = None
    ) -> None:
        """Feed ``indicator`` its ``warm_up_period`` last bars from ``history()`` (see engine.history)."""
        from engine.history.indicators import warm_up_indicator

        warm_up_indicator(self, symbol, indicator, resolution, selector)

    def indicator_history(
        self,
        indicator: IndicatorBase,
        symbol: Any,
        period: Any,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        """``IndicatorHistory`` of ``indicator`` over ``period`` bars of history (see engine.history)."""
        from engine.history.indicators import indicator_history

        return indicator_history(self, indicator, symbol, period, resolution, selector)

    def _helper(
        self, symbol: Any, indicator: IndicatorBase, resolution: Any, selector: Any = None
    ) -> Any:
        data_type = data_type_for_selector(selector)
        source = resolution
        if data_type is not None and not hasattr(resolution, "data_consolidated"):
            # LEAN's InitializeIndicator: a bid/ask field consolidates quote bars, VOLUME trade
            # bars, whatever the security's default bars are
            source = self.resolve_consolidator(symbol, resolution, data_type)
        self.register_indicator(symbol, indicator, source, selector)
        if self.settings.automatic_indicator_warm_up:
            # LEAN's InitializeIndicator: warm the new indicator up from history right away
            self.warm_up_indicator(symbol, indicator, resolution, selector)
        return indicator

    def _name(self, symbol: Any, label: str, resolution: Any) -> str:
        sym = self._indicator_symbol(symbol)
        suffix = ""
        if isinstance(resolution, Resolution):
            suffix = _RESOLUTION_SUFFIX[resolution]
        return f"{label}({getattr(sym, 'value', sym)}{'_' + suffix if suffix else ''})"

    # -- indicator helpers (LEAN names; each returns the registered indicator) ------------------------
    def arima(
        self,
        symbol: Any,
        ar_order: int,
        diff_order: int,
        ma_order: int,
        period: int,
        *args: Any,
        resolution: Any = None,
        selector: Any = None,
        intercept: bool = True,
    ) -> Any:
        """``arima(symbol, p, d, q, period[, intercept][, resolution][, selector])``."""
        rest = list(args)
        if rest and isinstance(rest[0], bool):
            intercept = rest.pop(0)
        if rest:
            resolution = rest.pop(0)
        if rest:
            selector = rest.pop(0)
        name = self._name(symbol, f"ARIMA({ar_order},{diff_order},{ma_order},{period})", resolution)
        indicator = time_series.AutoRegressiveIntegratedMovingAverage(
            name, ar_order, diff_order, ma_order, period, intercept
        )
        return self._helper(symbol, indicator, resolution, selector)

    def sma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._helper(
            symbol,
            av.SimpleMovingAverage(self._name(symbol, f"SMA{period}", resolution), period),
            resolution,
            selector,
        )

    def ema(
        self,
        symbol: Any,
        period: int,
        smoothing_factor: Any = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(smoothing_factor, Resolution) or (
            smoothing_factor is not None
            and resolution is None
            and isinstance(smoothing_factor, int)
        ):
            smoothing_factor, resolution = None, smoothing_factor
        name = self._name(symbol, f"EMA{period}", resolution)
        ind = (
            av.ExponentialMovingAverage(name, period)
            if smoothing_factor is None
            else av.ExponentialMovingAverage(name, period, float(smoothing_factor))
        )
        return self._helper(symbol, ind, resolution, selector)

    def _simple(
        self, cls: type, label: str, symbol: Any, period: int, resolution: Any, selector: Any
    ) -> Any:
        return self._helper(
            symbol, cls(self._name(symbol, label, resolution), period), resolution, selector
        )

    def lwma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.LinearWeightedMovingAverage, f"LWMA({period})", symbol, period, resolution, selector
        )

    wma = lwma

    def dema(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.DoubleExponentialMovingAverage,
            f"DEMA({period})",
            symbol,
            period,
            resolution,
            selector,
        )

    def tema(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.TripleExponentialMovingAverage,
            f"TEMA({period})",
            symbol,
            period,
            resolution,
            selector,
        )

    def kama(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.KaufmanAdaptiveMovingAverage, f"KAMA({period})", symbol, period, resolution, selector
        )

    def hma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.HullMovingAverage, f"HMA({period})", symbol, period, resolution, selector
        )

    def trima(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.TriangularMovingAverage, f"TRIMA({period})", symbol, period, resolution, selector
        )

    def wwma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            av.WildersMovingAverage, f"WWMA({period})", symbol, period, resolution, selector
        )

    def rsi(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.WILDERS,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.WILDERS, moving_average_type
        ind = osc.RelativeStrengthIndex(
            self._name(symbol, f"RSI({period},{moving_average_type})", resolution),
            period,
            moving_average_type,
        )
        return self._helper(symbol, ind, resolution, selector)

    def macd(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        signal_period: int,
        moving_average_type: Any = MovingAverageType.EXPONENTIAL,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.EXPONENTIAL, moving_average_type
        name = self._name(symbol, f"MACD({fast_period},{slow_period},{signal_period})", resolution)
        ind = osc.MovingAverageConvergenceDivergence(
            name, fast_period, slow_period, signal_period, moving_average_type
        )
        return self._helper(symbol, ind, resolution, selector)

    def bb(
        self,
        symbol: Any,
        period: int,
        k: float,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.SIMPLE, moving_average_type
        ind = volatility.BollingerBands(
            self._name(symbol, f"BB({period},{k})", resolution), period, k, moving_average_type
        )
        return self._helper(symbol, ind, resolution, selector)

    def tr(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        """LEAN ``TR``: the true range of each bar."""
        return self._helper(
            symbol, volatility.TrueRange(self._name(symbol, "TR", resolution)), resolution, selector
        )

    def atr(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        # LEAN's ATR() helper defaults to MovingAverageType.Simple; the AverageTrueRange class to Wilders
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.SIMPLE, moving_average_type
        ind = volatility.AverageTrueRange(
            self._name(symbol, f"ATR{period}", resolution), period, moving_average_type
        )
        return self._helper(symbol, ind, resolution, selector)

    def adx(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            trend.AverageDirectionalIndex, f"ADX{period}", symbol, period, resolution, selector
        )

    def sto(
        self,
        symbol: Any,
        period: int,
        k_period: int | None = None,
        d_period: int | None = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(k_period, Resolution):
            k_period, resolution = None, k_period
        k_period = k_period or period
        d_period = d_period or period
        ind = osc.Stochastic(
            self._name(symbol, f"STO({period},{k_period},{d_period})", resolution),
            period,
            k_period,
            d_period,
        )
        return self._helper(symbol, ind, resolution, selector)

    def mom(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(osc.Momentum, f"MOM{period}", symbol, period, resolution, selector)

    def roc(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(osc.RateOfChange, f"ROC{period}", symbol, period, resolution, selector)

    def rocp(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            osc.RateOfChangePercent, f"ROCP{period}", symbol, period, resolution, selector
        )

    def momp(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            osc.MomentumPercent, f"MOMP{period}", symbol, period, resolution, selector
        )

    def rocr(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            osc.RateOfChangeRatio, f"ROCR{period}", symbol, period, resolution, selector
        )

    def std(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            rolling.StandardDeviation, f"STD{period}", symbol, period, resolution, selector
        )

    def var(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(rolling.Variance, f"VAR{period}", symbol, period, resolution, selector)

    def max(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(rolling.Maximum, f"MAX{period}", symbol, period, resolution, selector)

    def min(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(rolling.Minimum, f"MIN{period}", symbol, period, resolution, selector)

    def sum(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(rolling.Sum, f"SUM{period}", symbol, period, resolution, selector)

    def mad(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            rolling.MeanAbsoluteDeviation, f"MAD{period}", symbol, period, resolution, selector
        )

    def vwap(
        self, symbol: Any, period: Any = None, resolution: Any = None, selector: Any = None
    ) -> Any:
        """``vwap(symbol)``: intraday VWAP (resets daily); ``vwap(symbol, period)``: rolling VWAP."""
        if period is None or isinstance(period, Resolution):
            ind = volume.IntradayVwap(self._name(symbol, "VWAP", None))
            return self._helper(symbol, ind, None, selector)
        ind = volume.VolumeWeightedAveragePriceIndicator(
            self._name(symbol, f"VWAP{period}", resolution), period
        )
        return self._helper(symbol, ind, resolution, selector)

    def obv(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        return self._helper(
            symbol,
            volume.OnBalanceVolume(self._name(symbol, "OBV", resolution)),
            resolution,
            selector,
        )

    def cci(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.SIMPLE, moving_average_type
        ind = osc.CommodityChannelIndex(
            self._name(symbol, f"CCI({period})", resolution), period, moving_average_type
        )
        return self._helper(symbol, ind, resolution, selector)

    def wilr(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            osc.WilliamsPercentR, f"WILR{period}", symbol, period, resolution, selector
        )

    def mass(
        self,
        symbol: Any,
        ema_period: int = 9,
        sum_period: int = 25,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self._name(symbol, f"MASS({ema_period},{sum_period})", resolution)
        return self._helper(
            symbol, swing.MassIndex(name, ema_period, sum_period), resolution, selector
        )

    def si(
        self,
        symbol: Any,
        limit_move: float,
        resolution: Any = Resolution.DAILY,
        selector: Any = None,
    ) -> Any:
        name = self._name(symbol, "SI", resolution)
        return self._helper(symbol, swing.WilderSwingIndex(name, limit_move), resolution, selector)

    def asi(
        self,
        symbol: Any,
        limit_move: float,
        resolution: Any = Resolution.DAILY,
        selector: Any = None,
    ) -> Any:
        name = self._name(symbol, "ASI", resolution)
        return self._helper(
            symbol, swing.WilderAccumulativeSwingIndex(name, limit_move), resolution, selector
        )

    def mfi(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._simple(
            osc.MoneyFlowIndex, f"MFI{period}", symbol, period, resolution, selector
        )

    def aroon(
        self,
        symbol: Any,
        up_period: int,
        down_period: Any = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(down_period, Resolution) or down_period is None:
            down_period, resolution = (
                up_period,
                down_period if down_period is not None else resolution,
            )
        ind = osc.AroonOscillator(
            self._name(symbol, f"AROON({up_period},{down_period})", resolution),
            up_period,
            down_period,
        )
        return self._helper(symbol, ind, resolution, selector)

    def dch(
        self,
        symbol: Any,
        upper_period: int,
        lower_period: Any = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(lower_period, Resolution) or lower_period is None:
            lower_period, resolution = (
                upper_period,
                lower_period if lower_period is not None else resolution,
            )
        ind = volatility.DonchianChannel(
            self._name(symbol, f"DCH({upper_period},{lower_period})", resolution),
            upper_period,
            lower_period,
        )
        return self._helper(symbol, ind, resolution, selector)

    def kch(
        self,
        symbol: Any,
        period: int,
        k: float,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.SIMPLE, moving_average_type
        ind = volatility.KeltnerChannels(
            self._name(symbol, f"KCH({period},{k})", resolution), period, k, moving_average_type
        )
        return self._helper(symbol, ind, resolution, selector)

    def ichimoku(
        self,
        symbol: Any,
        tenkan_period: int = 9,
        kijun_period: int = 26,
        senkou_a_period: int = 26,
        senkou_b_period: int = 52,
        senkou_a_delay_period: int = 26,
        senkou_b_delay_period: int = 26,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        ind = trend.IchimokuKinkoHyo(
            self._name(symbol, "ICHIMOKU", resolution),
            tenkan_period,
            kijun_period,
            senkou_a_period,
            senkou_b_period,
            senkou_a_delay_period,
            senkou_b_delay_period,
        )
        return self._helper(symbol, ind, resolution, selector)

    def psar(
        self,
        symbol: Any,
        af_start: float = 0.02,
        af_increment: float = 0.02,
        af_max: float = 0.2,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        ind = trend.ParabolicStopAndReverse(
            self._name(symbol, f"PSAR({af_start},{af_increment},{af_max})", resolution),
            af_start,
            af_increment,
            af_max,
        )
        return self._helper(symbol, ind, resolution, selector)

    def beta(self, target: Any, reference: Any, period: int, resolution: Any = None) -> Any:
        t, r = self._indicator_symbol(target), self._indicator_symbol(reference)
        ind = pairs.Beta(
            f"B({getattr(t, 'value', t)},{getattr(r, 'value', r)},{period})", t, r, period
        )
        self.register_indicator(t, ind, resolution)
        self.register_indicator(r, ind, resolution)
        return ind

    b = beta  # LEAN's B(target, reference, period, resolution)

    def _breadth(self, indicator: Any, symbols: Any, resolution: Any, selector: Any) -> Any:
        """LEAN's TRIN/ADR/ADVR helpers: one indicator over several symbols' bars."""
        for symbol in symbols:
            symbol = self._indicator_symbol(symbol)
            indicator.add(symbol)
            self.register_indicator(symbol, indicator, resolution, selector)
        return indicator

    def _breadth_name(self, symbols: Any, label: str, resolution: Any) -> str:
        if resolution is None:
            request = self._subscription_of(self._indicator_symbol(list(symbols)[0]))
            resolution = request.resolution if request is not None else None
        suffix = _RESOLUTION_SUFFIX.get(resolution, "")
        return f"{label}({suffix})".replace(")(", ",") if suffix else label

    def trin(self, symbols: Any, resolution: Any = None, selector: Any = None) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, "TRIN", resolution)
        return self._breadth(breadth.ArmsIndex(name), symbols, resolution, selector)

    def adr(self, symbols: Any, resolution: Any = None, selector: Any = None) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, "A/D Ratio", resolution)
        return self._breadth(breadth.AdvanceDeclineRatio(name), symbols, resolution, selector)

    def advr(self, symbols: Any, resolution: Any = None, selector: Any = None) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, "A/D Volume Rate", resolution)
        return self._breadth(breadth.AdvanceDeclineVolumeRatio(name), symbols, resolution, selector)

    def addiff(self, symbols: Any, resolution: Any = None, selector: Any = None) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, "A/D Difference", resolution)
        return self._breadth(breadth.AdvanceDeclineDifference(name), symbols, resolution, selector)

    def mosc(
        self,
        symbols: Any,
        fast_period: int = 19,
        slow_period: int = 39,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, f"MO({fast_period},{slow_period})", resolution)
        indicator = breadth.McClellanOscillator(name, fast_period, slow_period)
        return self._breadth(indicator, symbols, resolution, selector)

    def msi(
        self,
        symbols: Any,
        fast_period: int = 19,
        slow_period: int = 39,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        symbols = list(symbols)
        name = self._breadth_name(symbols, f"MSI({fast_period},{slow_period})", resolution)
        indicator = breadth.McClellanSummationIndex(name, fast_period, slow_period)
        return self._breadth(indicator, symbols, resolution, selector)

    ADDIFF, MOSC, MSI = addiff, mosc, msi

    def c(
        self,
        target: Any,
        reference: Any,
        period: int,
        correlation_type: Any = 0,
        resolution: Any = None,
    ) -> Any:
        if isinstance(correlation_type, Resolution):
            correlation_type, resolution = 0, correlation_type
        t, r = self._indicator_symbol(target), self._indicator_symbol(reference)
        ind = pairs.Correlation(
            f"C({getattr(t, 'value', t)},{getattr(r, 'value', r)},{period})",
            t,
            r,
            period,
            correlation_type,
        )
        self.register_indicator(t, ind, resolution)
        self.register_indicator(r, ind, resolution)
        return ind

    correlation = c

    def identity(
        self, symbol: Any, resolution: Any = None, selector: Any = None, field_name: str = ""
    ) -> Any:
        from engine.indicators.base import Identity

        return self._helper(
            symbol,
            Identity(self._name(symbol, field_name or "Identity", resolution)),
            resolution,
            selector,
        )

    # PascalCase names that QCAlgorithm's generic PascalCase mapping cannot derive (SMA -> s_m_a)
    SMA, EMA, LWMA, WMA, DEMA, TEMA, KAMA, HMA, TRIMA = (
        sma,
        ema,
        lwma,
        lwma,
        dema,
        tema,
        kama,
        hma,
        trima,
    )
    RSI, MACD, BB, ATR, ADX, STO, MOM, ROC, ROCP, ROCR = (
        rsi,
        macd,
        bb,
        atr,
        adx,
        sto,
        mom,
        roc,
        rocp,
        rocr,
    )
    STD, VAR, MAX, MIN, SUM, MAD, VWAP, OBV, CCI, WILR = (
        std,
        var,
        max,
        min,
        sum,
        mad,
        vwap,
        obv,
        cci,
        wilr,
    )
    MFI, AROON, DCH, KCH, PSAR, B, C = mfi, aroon, dch, kch, psar, beta, c
    Ichimoku = ICHIMOKU = ichimoku
