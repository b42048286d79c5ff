"""Alpha models (LEAN Algorithm.Framework/Alphas): ``update(algorithm, data)`` returns insights,
``on_securities_changed(algorithm, changes)`` tracks the universe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.framework.insights import Insight, InsightCollection, InsightType, resolution_span
from engine.model.data import TradeBar
from engine.model.enums import InsightDirection, Resolution


def model_name(model: Any) -> str:
    """LEAN ``GetModelName``: the model's ``name`` if it has one, else its class name."""
    for attr in ("name", "Name"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def call(model: Any, snake: str, pascal: str, *args: Any) -> Any:
    """Call a (possibly user-written, either-spelling) model method: the most derived class defining
    either spelling wins, so a user's ``Update`` overrides the base class's ``update``."""
    for klass in type(model).__mro__:
        d = klass.__dict__
        if snake in d:
            return getattr(model, snake)(*args)
        if pascal in d:
            return getattr(model, pascal)(*args)
    fn = getattr(model, snake, None) or getattr(model, pascal, None)  # instance attributes
    return fn(*args) if fn is not None else None


def _default(fn: Any) -> Any:
    fn._qc_default = True
    return fn


def _resolution_name(resolution: Any) -> str:
    try:
        return str(Resolution(int(resolution)))
    except (TypeError, ValueError):
        return str(resolution)


class AlphaModel:
    """Base class: override ``update`` (or ``Update``) and optionally ``on_securities_changed``."""

    @_default
    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        return []

    @_default
    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        return None

    def Update(self, algorithm: Any, data: Any) -> Any:  # noqa: N802
        return self.update(algorithm, data)

    def OnSecuritiesChanged(self, algorithm: Any, changes: Any) -> None:  # noqa: N802
        self.on_securities_changed(algorithm, changes)

    Update._qc_default = True  # type: ignore[attr-defined]
    OnSecuritiesChanged._qc_default = True  # type: ignore[attr-defined]


class NullAlphaModel(AlphaModel):
    name = "NullAlphaModel"


class CompositeAlphaModel(AlphaModel):
    """Runs several alpha models; each insight keeps its own model's name as ``source_model``."""

    def __init__(self, *models: Any) -> None:
        self.alpha_models: list[Any] = []
        for m in models:
            self.alpha_models.extend(m if isinstance(m, list | tuple) else [m])
        self.name = "CompositeAlphaModel"

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        out: list[Insight] = []
        for model in self.alpha_models:
            name = model_name(model)
            for insight in call(model, "update", "Update", algorithm, data) or ():
                if not insight.source_model:
                    insight.source_model = name
                out.append(insight)
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for model in self.alpha_models:
            call(model, "on_securities_changed", "OnSecuritiesChanged", algorithm, changes)

    def add_alpha(self, model: Any) -> None:
        self.alpha_models.append(model)

    AddAlpha = add_alpha


class ConstantAlphaModel(AlphaModel):
    """The same insight for every security, re-emitted once each period has elapsed."""

    def __init__(
        self,
        type: Any,  # noqa: A002
        direction: Any,
        period: timedelta,
        magnitude: float | None = None,
        confidence: float | None = None,
        weight: float | None = None,
    ) -> None:
        self.type = InsightType(int(type))
        self.direction = InsightDirection(int(direction))
        self.period = period
        self.magnitude = magnitude
        self.confidence = confidence
        self.weight = weight
        self.securities: list[Any] = []
        self.insights_time_by_symbol: dict[Any, Any] = {}
        parts = [str(self.type), str(self.direction), _span_text(period)]
        if magnitude is not None:
            parts.append(_num(magnitude))
        if confidence is not None:
            parts.append(_num(confidence))
        self.name = f"ConstantAlphaModel({','.join(parts)})"

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        out = []
        now = algorithm.utc_time
        for security in self.securities:
            # LEAN: no insight until the security has a price
            if security.price != 0 and self.should_emit_insight(now, security.symbol):
                out.append(
                    Insight(
                        security.symbol,
                        self.period,
                        self.type,
                        self.direction,
                        self.magnitude,
                        self.confidence,
                        weight=self.weight,
                    )
                )
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for added in changes.added_securities:
            if added not in self.securities:
                self.securities.append(added)
        for removed in changes.removed_securities:
            if removed in self.securities:
                self.securities.remove(removed)
            self.insights_time_by_symbol.pop(removed.symbol, None)

    def should_emit_insight(self, utc_time: Any, symbol: Any) -> bool:
        generated = self.insights_time_by_symbol.get(symbol)
        if generated is not None and utc_time - generated < self.period:
            return False
        self.insights_time_by_symbol[symbol] = utc_time
        return True


def _span_text(span: timedelta) -> str:
    """.NET TimeSpan.ToString(): [d.]hh:mm:ss."""
    total = int(span.total_seconds())
    days, rest = divmod(total, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    text = f"{h:02d}:{m:02d}:{s:02d}"
    return f"{days}.{text}" if days else text


def _num(x: float) -> str:
    return f"{x:g}"


class EmaCrossAlphaModel(AlphaModel):
    """Up when the fast EMA crosses above the slow EMA, down when it crosses below."""

    def __init__(
        self, fast_period: int = 12, slow_period: int = 26, resolution: Any = Resolution.DAILY
    ) -> None:
        self.fast_period = fast_period
        self.slow_period = slow_period
        self.resolution = resolution
        self.prediction_interval = resolution_span(resolution) * fast_period
        self.symbol_data_by_symbol: dict[Any, dict[str, Any]] = {}
        self.name = (
            f"EmaCrossAlphaModel({fast_period},{slow_period},{_resolution_name(resolution)})"
        )

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        out = []
        for sd in self.symbol_data_by_symbol.values():
            fast, slow = sd["fast"], sd["slow"]
            if fast.is_ready and slow.is_ready:
                f, s = fast.current.value, slow.current.value
                if sd["fast_is_over_slow"]:
                    if s > f:
                        out.append(
                            Insight.price(
                                sd["symbol"], self.prediction_interval, InsightDirection.DOWN
                            )
                        )
                elif f > s:
                    out.append(
                        Insight.price(sd["symbol"], self.prediction_interval, InsightDirection.UP)
                    )
            sd["fast_is_over_slow"] = fast.current.value > slow.current.value
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for added in changes.added_securities:
            sd = self.symbol_data_by_symbol.get(added.symbol)
            if sd is None:
                self.symbol_data_by_symbol[added.symbol] = {
                    "symbol": added.symbol,
                    "fast": algorithm.ema(
                        added.symbol, self.fast_period, resolution=self.resolution
                    ),
                    "slow": algorithm.ema(
                        added.symbol, self.slow_period, resolution=self.resolution
                    ),
                    "fast_is_over_slow": False,
                }
                # LEAN's EmaCrossAlphaModel.py SymbolData: warm_up_indicator on both averages
                sd = self.symbol_data_by_symbol[added.symbol]
                algorithm.warm_up_indicator(added.symbol, sd["fast"], self.resolution)
                algorithm.warm_up_indicator(added.symbol, sd["slow"], self.resolution)
            else:
                sd["fast"].reset()
                sd["slow"].reset()
        for removed in changes.removed_securities:
            self.symbol_data_by_symbol.pop(removed.symbol, None)


class MacdAlphaModel(AlphaModel):
    """Direction of the MACD signal line relative to the price (beyond a 1% bounce threshold)."""

    def __init__(
        self,
        fast_period: int = 12,
        slow_period: int = 26,
        signal_period: int = 9,
        moving_average_type: Any = None,
        resolution: Any = Resolution.DAILY,
    ) -> None:
        from engine.indicators import MovingAverageType

        self.fast_period = fast_period
        self.slow_period = slow_period
        self.signal_period = signal_period
        self.moving_average_type = (
            MovingAverageType.EXPONENTIAL if moving_average_type is None else moving_average_type
        )
        self.resolution = resolution
        self.insight_period = resolution_span(resolution) * fast_period
        self.bounce_threshold_percent = 0.01
        self.symbol_data: dict[Any, dict[str, Any]] = {}
        self.insight_collection = InsightCollection()
        self.name = (
            f"MacdAlphaModel({fast_period},{slow_period},{signal_period},"
            f"{self.moving_average_type},{_resolution_name(resolution)})"
        )

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        out = []
        for sd in self.symbol_data.values():
            security = sd["security"]
            if security.price == 0:
                continue
            direction = InsightDirection.FLAT
            normalized = sd["macd"].signal.current.value / security.price
            if normalized > self.bounce_threshold_percent:
                direction = InsightDirection.UP
            elif normalized < -self.bounce_threshold_percent:
                direction = InsightDirection.DOWN
            if direction == sd["previous"]:
                continue
            sd["previous"] = direction
            if direction == InsightDirection.FLAT:  # a flat signal cancels, it emits nothing
                self._cancel_insights(algorithm, security.symbol)
                continue
            insight = Insight.price(security.symbol, self.insight_period, direction)
            self.insight_collection.add(insight)
            out.append(insight)
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        from engine.indicators import MovingAverageConvergenceDivergence

        for added in changes.added_securities:
            if added.symbol in self.symbol_data:
                continue
            macd = MovingAverageConvergenceDivergence(
                self.fast_period, self.slow_period, self.signal_period, self.moving_average_type
            )
            consolidator = algorithm.resolve_consolidator(added.symbol, self.resolution)
            algorithm.register_indicator(added.symbol, macd, consolidator)
            algorithm.warm_up_indicator(added.symbol, macd, self.resolution)
            self.symbol_data[added.symbol] = {
                "security": added,
                "macd": macd,
                "consolidator": consolidator,
                "previous": None,
            }
        for removed in changes.removed_securities:
            sd = self.symbol_data.pop(removed.symbol, None)
            if sd is not None:
                algorithm.subscription_manager.remove_consolidator(
                    removed.symbol, sd["consolidator"]
                )
            self._cancel_insights(algorithm, removed.symbol)

    def _cancel_insights(self, algorithm: Any, symbol: Any) -> None:
        found, insights = self.insight_collection.try_get_value(symbol)
        if found:
            algorithm.insights.cancel(insights)
            self.insight_collection.clear([symbol])


class RsiAlphaModel(AlphaModel):
    """Up when the RSI trips below 30, down when above 70 (with 35/65 hysteresis)."""

    TRIPPED_LOW, MIDDLE, TRIPPED_HIGH = 0, 1, 2

    def __init__(self, period: int = 14, resolution: Any = Resolution.DAILY) -> None:
        self.period = period
        self.resolution = resolution
        self.insight_period = resolution_span(resolution) * period
        self.symbol_data_by_symbol: dict[Any, dict[str, Any]] = {}
        self.name = f"RsiAlphaModel({period},{_resolution_name(resolution)})"

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        out = []
        for symbol, sd in self.symbol_data_by_symbol.items():
            rsi = sd["rsi"]
            previous = sd["state"]
            state = self.get_state(rsi, previous)
            if state != previous and rsi.is_ready:
                if state == self.TRIPPED_LOW:
                    out.append(Insight.price(symbol, self.insight_period, InsightDirection.UP))
                if state == self.TRIPPED_HIGH:
                    out.append(Insight.price(symbol, self.insight_period, InsightDirection.DOWN))
            sd["state"] = state
        return out

    def get_state(self, rsi: Any, previous: int) -> int:
        value = rsi.current.value
        if value > 70:
            return self.TRIPPED_HIGH
        if value < 30:
            return self.TRIPPED_LOW
        if previous == self.TRIPPED_LOW and value > 35:
            return self.MIDDLE
        if previous == self.TRIPPED_HIGH and value < 65:
            return self.MIDDLE
        return previous

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for removed in changes.removed_securities:
            sd = self.symbol_data_by_symbol.pop(removed.symbol, None)
            if sd is not None:  # the removed symbol's consolidator stops with its data
                algorithm.subscription_manager.remove_consolidator(
                    removed.symbol, sd["consolidator"]
                )
        added_symbols = []
        for added in changes.added_securities:
            if added.symbol not in self.symbol_data_by_symbol:
                from engine.indicators import MovingAverageType, RelativeStrengthIndex

                rsi = RelativeStrengthIndex(self.period, MovingAverageType.WILDERS)
                consolidator = algorithm.resolve_consolidator(added.symbol, self.resolution)
                algorithm.register_indicator(added.symbol, rsi, consolidator)
                self.symbol_data_by_symbol[added.symbol] = {
                    "rsi": rsi,
                    "consolidator": consolidator,
                    "state": self.MIDDLE,
                }
                added_symbols.append(added.symbol)
        # LEAN's RsiAlphaModel.py: ``period`` bars of history through each new symbol's consolidator
        for symbol in added_symbols:
            consolidator = self.symbol_data_by_symbol[symbol]["consolidator"]
            for bar in algorithm.history[TradeBar](symbol, self.period, self.resolution) or ():
                consolidator.update(bar)


class HistoricalReturnsAlphaModel(AlphaModel):
    """Up (down) when the ``lookback``-bar rate of change is positive (negative), magnitude the
    return, for ``lookback`` bars; a zero return cancels the symbol's insights (LEAN
    Algorithm.Framework/Alphas/HistoricalReturnsAlphaModel.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from engine.framework.insights import InsightCollection

        self.lookback = int(kwargs.get("lookback", args[0] if args else 1))
        self.resolution = kwargs.get("resolution", args[1] if len(args) > 1 else Resolution.DAILY)
        self.prediction_interval = resolution_span(self.resolution) * self.lookback
        self.symbol_data_by_symbol: dict[Any, dict[str, Any]] = {}
        self.insight_collection = InsightCollection()
        self.name = "HistoricalReturnsAlphaModel"

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        insights = []
        for symbol, sd in self.symbol_data_by_symbol.items():
            roc = sd["roc"]
            if sd["previous"] == roc.samples:  # LEAN's can_emit: a new value since the last call
                continue
            sd["previous"] = roc.samples
            if not roc.is_ready:
                continue
            magnitude = float(roc.current.value)
            if magnitude == 0:
                self.cancel_insights(algorithm, symbol)
                continue
            direction = InsightDirection.UP if magnitude > 0 else InsightDirection.DOWN
            insights.append(Insight.price(symbol, self.prediction_interval, direction, magnitude))
        self.insight_collection.add_range(insights)
        return insights

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        from engine.indicators import RateOfChange

        for removed in changes.removed_securities:
            sd = self.symbol_data_by_symbol.pop(removed.symbol, None)
            if sd is not None:
                algorithm.subscription_manager.remove_consolidator(
                    removed.symbol, sd["consolidator"]
                )
            self.cancel_insights(algorithm, removed.symbol)
        for security in changes.added_securities:
            symbol = security.symbol
            if symbol in self.symbol_data_by_symbol:
                continue
            bars = algorithm.history[TradeBar](symbol, self.lookback, self.resolution)
            if not bars:
                continue
            roc = RateOfChange(f"{symbol}.roc({self.lookback})", self.lookback)
            consolidator = algorithm.resolve_consolidator(symbol, self.resolution)
            algorithm.register_indicator(symbol, roc, consolidator)
            for bar in bars:
                roc.update(bar.end_time, bar.close)
            self.symbol_data_by_symbol[symbol] = {
                "roc": roc,
                "consolidator": consolidator,
                "previous": 0,
            }

    def cancel_insights(self, algorithm: Any, symbol: Any) -> None:
        if not self.insight_collection.contains_key(symbol):
            return
        algorithm.insights.cancel(self.insight_collection[symbol])
        self.insight_collection.clear([symbol])

    Update = update
    OnSecuritiesChanged = on_securities_changed
