"""History-driven indicator helpers: ``warm_up_indicator`` and ``indicator_history``
(Algorithm/QCAlgorithm.Indicators.cs ``WarmUpIndicator`` / ``IndicatorHistory``)."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from engine.indicators.base import IndicatorBase, IndicatorDataPoint
from engine.model import QuoteBar, Resolution, Symbol, TradeBar
from engine.model.enums import SecurityType
from engine.model.field import data_type_for_selector
from engine.model.subscriptions import as_resolution

if TYPE_CHECKING:
    import pandas as pd

_SPAN = {
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}


def _bar_type(symbol: Symbol) -> type:
    return QuoteBar if symbol.security_type in (SecurityType.FOREX, SecurityType.CFD) else TradeBar


def _feed(indicator: IndicatorBase, bars: list, selector: Any) -> None:
    for bar in bars:
        if selector is None:
            indicator.update(bar)
        else:
            picked = selector(bar)
            if isinstance(picked, IndicatorDataPoint) or hasattr(picked, "end_time"):
                indicator.update(picked)
            else:
                indicator.update(IndicatorDataPoint(bar.symbol, bar.end_time, float(picked)))


def _plan(algorithm: Any, symbol: Symbol, resolution: Any) -> tuple[Resolution, Any]:
    """(resolution to read, consolidator or None) for a Resolution / timedelta / None argument."""
    if resolution is None:
        req = algorithm._subscription_of(symbol)
        return (req.resolution if req is not None else Resolution.MINUTE), None
    if isinstance(resolution, timedelta):
        for res, span in _SPAN.items():
            if span == resolution:
                return res, None
        req = algorithm._subscription_of(symbol)
        base = req.resolution if req is not None else Resolution.MINUTE
        if base == Resolution.TICK or _SPAN[base] > resolution:
            base = Resolution.MINUTE
        return base, algorithm.resolve_consolidator(symbol, resolution)
    return as_resolution(resolution), None


def _bars(
    algorithm: Any, symbol: Symbol, resolution: Any, bar_count: int, selector: Any = None
) -> list:
    res, consolidator = _plan(algorithm, symbol, resolution)
    # a bid/ask field reads quote bars, VOLUME trade bars (Common/Field.cs selectors)
    bar_type = data_type_for_selector(selector) or _bar_type(symbol)
    if consolidator is None:
        return algorithm.history[bar_type](symbol, bar_count, res)
    ratio = max(1, int(round(resolution / _SPAN[res])))
    out: list = []
    consolidator.data_consolidated += lambda sender, bar: out.append(bar)
    for bar in algorithm.history[bar_type](symbol, bar_count * ratio, res):
        consolidator.update(bar)
    return out


def warm_up_indicator(
    algorithm: Any,
    symbol: Any,
    indicator: IndicatorBase,
    resolution: Any = None,
    selector: Any = None,
) -> None:
    """Feed ``indicator`` its ``warm_up_period`` last bars of ``symbol`` (before the algorithm time)."""
    symbols = symbol if isinstance(symbol, list | tuple) else [symbol]
    period = int(getattr(indicator, "warm_up_period", 0) or 0)
    if period <= 0:
        return
    for sym in symbols:
        sym = algorithm._indicator_symbol(sym)
        _feed(indicator, _bars(algorithm, sym, resolution, period, selector), selector)


def _key(name: str) -> str:
    """Sub-indicator names match whatever their spelling: ``upper_band``, ``UpperBand``, ``upperband``."""
    return str(name).replace("_", "").lower()


class IndicatorDataPoints:
    """One time of an ``IndicatorHistory`` (LEAN's ``IndicatorDataPoints``): ``current`` and each
    sub-indicator's data point, by attribute or ``points["upper_band"]``; its value is ``current``'s."""

    def __init__(self, time: Any, end_time: Any, points: dict[str, IndicatorDataPoint]) -> None:
        self.time = time
        self.end_time = end_time
        self._points = points

    def __getitem__(self, name: str) -> IndicatorDataPoint | None:
        return self._points.get(_key(name))

    def __getattr__(self, name: str) -> Any:
        points = self.__dict__.get("_points", {})
        if _key(name) in points:
            return points[_key(name)]
        raise AttributeError(f"'IndicatorDataPoints' object has no attribute '{name}'")

    @property
    def value(self) -> float:
        return self._points["current"].value

    Value = value

    def __float__(self) -> float:
        return float(self.value)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, IndicatorDataPoints):
            return self is other
        try:
            return self.value == float(other)
        except (TypeError, ValueError):
            return NotImplemented

    __hash__ = object.__hash__

    def __str__(self) -> str:
        parts = ", ".join(f"{k}: {p.value:g}" for k, p in sorted(self._points.items()))
        return f"{self.end_time} {parts}"

    __repr__ = __str__


class IndicatorHistory:
    """LEAN's ``IndicatorHistory``: iterable of ``IndicatorDataPoints``, ``count``, ``current`` (the
    indicator's data points), ``history["upper_band"]`` (a sub-indicator's data points) and
    ``data_frame`` (index ``time``, column ``current`` plus one column per sub-indicator)."""

    def __init__(self, rows: list[IndicatorDataPoints]) -> None:
        self._rows = rows
        names = list(rows[0]._points) if rows else ["current"]
        self._series = {name: [row._points[name] for row in rows] for name in names}

    @cached_property
    def data_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            {name: [p.value for p in points] for name, points in self._series.items()},
            index=pd.DatetimeIndex([row.end_time for row in self._rows], name="time"),
        )

    @property
    def current(self) -> list[IndicatorDataPoint]:
        return self._series.get("current", [])

    @property
    def count(self) -> int:
        return len(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return iter(self._rows)

    def __getitem__(self, name: str) -> list[IndicatorDataPoint] | None:
        return self._series.get(_key(name))

    def __str__(self) -> str:
        return "\n".join(str(row) for row in self._rows)

    Count = count
    Current = current
    DataFrame = property(lambda self: self.data_frame)


def _sub_indicators(indicator: IndicatorBase) -> dict[str, IndicatorBase]:
    out = {}
    for name, value in vars(indicator).items():
        if isinstance(value, IndicatorBase) and not name.startswith("_") and value is not indicator:
            out[name.replace("_", "")] = value
    return out


def indicator_history(
    algorithm: Any,
    indicator: IndicatorBase,
    symbol: Any,
    period: Any,
    resolution: Any = None,
    selector: Any = None,
) -> IndicatorHistory:
    """Run ``indicator`` over ``period`` bars (count or timedelta) of history (plus its warm-up
    bars) and return the values it produced within the period."""
    sym = algorithm._indicator_symbol(symbol[0] if isinstance(symbol, list | tuple) else symbol)
    warm = int(getattr(indicator, "warm_up_period", 0) or 0)
    if isinstance(period, timedelta):
        res, _ = _plan(algorithm, sym, resolution)
        count = max(1, int(period / _SPAN.get(res, timedelta(minutes=1))))
    else:
        count = int(period)
    bars = _bars(algorithm, sym, resolution, count + max(warm - 1, 0), selector)
    indicator.reset()  # as in LEAN, the history starts from a fresh indicator
    first_kept = max(0, len(bars) - count)
    subs = _sub_indicators(indicator)
    rows: list[IndicatorDataPoints] = []
    for i, bar in enumerate(bars):
        _feed(indicator, [bar], selector)
        if i < first_kept or not indicator.is_ready:
            continue
        points = {"current": indicator.current}
        for name, sub in subs.items():
            points[name] = sub.current
        rows.append(IndicatorDataPoints(bar.time, bar.end_time, points))
    return IndicatorHistory(rows)
