"""Insights (LEAN Common/Algorithm/Framework/Alphas): ``Insight``, ``InsightType``, ``InsightCollection``
and the algorithm's ``InsightManager`` (``self.insights``).

Scores and estimated values stay at LEAN's defaults (0, not final) unless the algorithm sets an
insight score function (``self.insights.set_insight_score_function(f)``): the manager then calls
``f.score(manager, utc_time)`` at each framework step, as LEAN's ``InsightManager.Step`` does.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from engine.framework.market_impact_slippage import regular_market_duration
from engine.model.enums import InsightDirection, LeanEnum, Resolution, pascal_aliases

ONE_SECOND = timedelta(seconds=1)
RESOLUTION_SPAN = {
    Resolution.TICK: timedelta(0),
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}
END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


@pascal_aliases
class InsightType(LeanEnum):
    PRICE = 0
    VOLATILITY = 1


def resolution_span(resolution: Any) -> timedelta:
    """LEAN ``Extensions.ToTimeSpan(resolution)``."""
    if isinstance(resolution, timedelta):
        return resolution
    return RESOLUTION_SPAN[Resolution(int(resolution))]


@pascal_aliases
class InsightScoreType(LeanEnum):
    DIRECTION = 0
    MAGNITUDE = 1


class InsightScore:
    """An insight's direction and magnitude scores (LEAN Common/Algorithm/Framework/Alphas/
    InsightScore.cs): each clamped to [0, 1]; a final score no longer changes."""

    def __init__(
        self,
        direction: float = 0.0,
        magnitude: float = 0.0,
        updated_time_utc: datetime | None = None,
    ) -> None:
        self.direction = float(direction)
        self.magnitude = float(magnitude)
        self.is_final_score = False
        self.updated_time_utc = updated_time_utc

    def set_score(self, score_type: Any, value: float, algorithm_utc_time: datetime) -> None:
        if self.is_final_score:
            return
        self.updated_time_utc = algorithm_utc_time
        clamped = max(0.0, min(1.0, float(value)))
        if InsightScoreType(int(score_type)) is InsightScoreType.DIRECTION:
            self.direction = clamped
        else:
            self.magnitude = clamped

    def finalize(self, algorithm_utc_time: datetime) -> None:
        self.is_final_score = True
        self.updated_time_utc = algorithm_utc_time

    def get_score(self, score_type: Any) -> float:
        if InsightScoreType(int(score_type)) is InsightScoreType.DIRECTION:
            return self.direction
        return self.magnitude

    Direction = property(lambda self: self.direction)
    Magnitude = property(lambda self: self.magnitude)
    IsFinalScore = property(lambda self: self.is_final_score)
    UpdatedTimeUtc = property(lambda self: self.updated_time_utc)
    SetScore = set_score
    Finalize = finalize
    GetScore = get_score


def _as_utc(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


class Insight:
    """A prediction for one symbol over a period (LEAN ``Insight``).

    ``Insight(symbol, period, type, direction, magnitude=None, confidence=None, source_model=None,
    weight=None, tag="")``; ``period`` is a ``timedelta``, a ``Resolution`` (with ``bar_count`` via
    :meth:`price`), a close time (``datetime``, exchange time) or a function of the UTC time.
    """

    def __init__(
        self,
        symbol: Any,
        period: Any,
        type: Any = InsightType.PRICE,  # noqa: A002
        direction: Any = InsightDirection.FLAT,
        magnitude: float | None = None,
        confidence: float | None = None,
        source_model: str | None = None,
        weight: float | None = None,
        tag: str = "",
        *,
        bar_count: int | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.group_id: str | None = None
        self.symbol = symbol
        self.type = InsightType(int(type)) if type is not None else InsightType.PRICE
        self.direction = InsightDirection(int(direction))
        self.magnitude = None if magnitude is None else float(magnitude)
        self.confidence = None if confidence is None else float(confidence)
        self.weight = None if weight is None else float(weight)
        self.source_model = source_model or ""
        self.tag = tag or ""
        self.score = InsightScore()
        self.estimated_value = 0.0
        self.reference_value = 0.0
        self.reference_value_final = 0.0
        self.generated_time_utc: datetime | None = None
        self.close_time_utc: datetime | None = None
        self._spec: tuple[str, Any] = ("span", timedelta(0))
        self.period = timedelta(0)
        if isinstance(period, Resolution) and bar_count is not None:
            self._spec = ("bars", (Resolution(int(period)), int(bar_count)))
        elif isinstance(period, timedelta):
            self._spec = ("span", period)
            self.period = period
        elif isinstance(period, datetime):
            self._spec = ("close", period)
        elif isinstance(period, Resolution | int) and not isinstance(period, bool):
            self._spec = ("bars", (Resolution(int(period)), 1))
        elif callable(period):
            self._spec = ("func", period)
        else:
            raise TypeError(
                f"Insight period must be a timedelta, Resolution, datetime or function, not {period!r}"
            )

    # -- factories --------------------------------------------------------------------------------
    @staticmethod
    def price(symbol: Any, period: Any, *args: Any, **kwargs: Any) -> Insight:
        """``Insight.price(symbol, period, direction, magnitude=None, confidence=None,
        source_model=None, weight=None, tag="")`` or ``Insight.price(symbol, resolution, bar_count,
        direction, ...)``."""
        bar_count = kwargs.pop("bar_count", kwargs.pop("barCount", None))
        if bar_count is None and isinstance(period, Resolution) and args and type(args[0]) is int:
            bar_count, args = args[0], args[1:]
        names = ("direction", "magnitude", "confidence", "source_model", "weight", "tag")
        values: dict[str, Any] = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            snake = {"sourceModel": "source_model"}.get(key, key)
            if snake not in names:
                raise TypeError(f"Insight.price() got an unexpected keyword argument '{key}'")
            values[snake] = value
        if values.get("direction") is None:
            raise TypeError("Insight.price() needs a direction")
        if bar_count is not None:
            if int(bar_count) < 1:
                raise ValueError("Insight barCount must be greater than zero.")
            return Insight(
                symbol,
                Resolution(int(period)),
                InsightType.PRICE,
                bar_count=int(bar_count),
                **{k: v for k, v in values.items() if v is not None},
            )
        if isinstance(period, timedelta) and period < ONE_SECOND:
            raise ValueError("Insight period must be greater than or equal to 1 second.")
        return Insight(
            symbol, period, InsightType.PRICE, **{k: v for k, v in values.items() if v is not None}
        )

    @staticmethod
    def group(*insights: Any) -> list[Insight]:
        items: list[Insight] = []
        for item in insights:
            items.extend(item if isinstance(item, list | tuple) else [item])
        gid = uuid.uuid4().hex
        for insight in items:
            if insight.group_id is not None:
                raise ValueError(
                    f"Unable to set group id on insight {insight}: it is already in a group."
                )
            insight.group_id = gid
        return items

    # -- state ------------------------------------------------------------------------------------
    def is_expired(self, utc_time: datetime) -> bool:
        return self.close_time_utc is not None and self.close_time_utc < utc_time

    def is_active(self, utc_time: datetime) -> bool:
        return not self.is_expired(utc_time)

    def expire(self, utc_time: datetime) -> None:
        """Close the insight one second before ``utc_time`` (LEAN ``Insight.Expire``); an insight
        already closed keeps its close time, so expiring a symbol's history never reopens it."""
        if not self.is_active(utc_time):
            return
        self.close_time_utc = utc_time - ONE_SECOND
        if self.generated_time_utc is not None:
            self.period = self.close_time_utc - self.generated_time_utc

    cancel = expire

    def set_period_and_close_time(self, hours: Any) -> None:
        """Close time from the period specification and the exchange hours (LEAN period specs)."""
        gen = self.generated_time_utc
        if gen is None:
            raise ValueError("The insight's generated time must be set before its close time.")
        kind, value = self._spec
        if kind == "span":
            self.period = value
            self.close_time_utc = compute_close_time(hours, gen, value)
        elif kind == "bars":
            resolution, count = value
            self.close_time_utc = close_time_for_bar_count(hours, gen, resolution, count)
            self.period = self.close_time_utc - gen
        elif kind == "close":
            close = value
            if close.tzinfo is None:
                close = (
                    close.replace(tzinfo=hours.tz)
                    if hours is not None
                    else close.replace(tzinfo=UTC)
                )
            self.close_time_utc = close.astimezone(UTC)
            self.period = self.close_time_utc - gen
        else:
            local = _to_local(hours, gen)
            close = value(local)
            if close.tzinfo is None:
                close = (
                    close.replace(tzinfo=hours.tz)
                    if hours is not None
                    else close.replace(tzinfo=UTC)
                )
            self.close_time_utc = close.astimezone(UTC)
            self.period = self.close_time_utc - gen

    def clone(self) -> Insight:
        other = Insight(
            self.symbol,
            self.period,
            self.type,
            self.direction,
            self.magnitude,
            self.confidence,
            self.source_model,
            self.weight,
            self.tag,
        )
        for name in (
            "id",
            "group_id",
            "generated_time_utc",
            "close_time_utc",
            "score",
            "estimated_value",
            "reference_value",
            "reference_value_final",
            "_spec",
        ):
            setattr(other, name, getattr(self, name))
        return other

    def to_json(self, symbol_id: str | None = None) -> dict[str, Any]:
        """LEAN's ``SerializedInsight`` (camelCase; times as Unix seconds; enums as numbers)."""
        sym = self.symbol
        ticker = getattr(sym, "value", str(sym))
        return {
            "id": self.id,
            "groupId": self.group_id,
            "sourceModel": self.source_model,
            "generatedTime": _unix(self.generated_time_utc),
            "createdTime": _unix(self.generated_time_utc),
            "closeTime": _unix(self.close_time_utc),
            "symbol": symbol_id or str(getattr(sym, "id", ticker)),
            "ticker": ticker,
            "type": int(self.type),
            "reference": self.reference_value,
            "referenceValueFinal": self.reference_value_final,
            "direction": int(self.direction),
            "period": self.period.total_seconds(),
            "magnitude": self.magnitude,
            "confidence": self.confidence,
            "weight": self.weight,
            "scoreIsFinal": self.score.is_final_score,
            "scoreMagnitude": self.score.magnitude,
            "scoreDirection": self.score.direction,
            "estimatedValue": self.estimated_value,
            "tag": self.tag,
        }

    def __repr__(self) -> str:
        sym = getattr(self.symbol, "value", self.symbol)
        text = f"{sym}: {self.type} {self.direction} within {self.period}"
        if self.magnitude is not None:
            text += f" by {self.magnitude}%"
        if self.confidence is not None:
            text += f" with {round(100 * self.confidence, 1)}% confidence"
        if self.weight is not None:
            text += f" and {round(100 * self.weight, 1)}% weight"
        if self.tag:
            text += f": {self.tag}"
        return text

    __str__ = __repr__

    # PascalCase API
    Price = price
    Group = group
    IsExpired = is_expired
    IsActive = is_active
    Expire = expire
    Cancel = cancel
    Clone = clone
    Id = property(lambda self: self.id)
    GroupId = property(lambda self: self.group_id)
    Symbol = property(lambda self: self.symbol)
    Type = property(lambda self: self.type)
    Direction = property(lambda self: self.direction)
    Period = property(lambda self: self.period)
    Magnitude = property(lambda self: self.magnitude)
    Confidence = property(lambda self: self.confidence)
    Weight = property(lambda self: self.weight)
    Tag = property(lambda self: self.tag)
    Score = property(lambda self: self.score)
    EstimatedValue = property(lambda self: self.estimated_value)
    ReferenceValue = property(lambda self: self.reference_value)
    GeneratedTimeUtc = property(lambda self: self.generated_time_utc)
    CloseTimeUtc = property(lambda self: self.close_time_utc)

    @property
    def SourceModel(self) -> str:  # noqa: N802
        return self.source_model


def _unix(dt: datetime | None) -> float:
    if dt is None:
        return 0.0
    return _as_utc(dt).timestamp()


def _to_local(hours: Any, utc: datetime) -> datetime:
    if hours is None:
        return utc.replace(tzinfo=None)
    return _as_utc(utc).astimezone(hours.tz).replace(tzinfo=None)


def _to_utc(hours: Any, local: datetime) -> datetime:
    if hours is None:
        return local.replace(tzinfo=UTC)
    return local.replace(tzinfo=hours.tz).astimezone(UTC)


def close_time_for_bars(
    hours: Any, generated_utc: datetime, bar: timedelta, count: int
) -> datetime:
    """LEAN ``Time.GetEndTimeForTradeBars``: the end of ``count`` bars of ``bar`` that overlap market
    hours (daily bars: ``count`` open dates), starting at the generated time (exchange time)."""
    if hours is None or getattr(hours, "always_open", False):
        return _as_utc(generated_utc) + bar * count
    current = _to_local(hours, generated_utc)
    if bar >= timedelta(days=1):
        i = 0
        guard = 0
        while i < count and guard < 100_000:
            current += timedelta(days=1)
            guard += 1
            if hours.is_date_open(current.date()):
                i += 1
        return _to_utc(hours, current)
    start_day = current.date() - timedelta(days=1)
    span_days = max(7, int(bar * count / timedelta(days=1)) * 3 + 7)
    starts, ends = _intervals(hours, start_day, span_days)
    epoch = datetime(1970, 1, 1)
    cur = int((current - epoch) / timedelta(microseconds=1)) * 1000
    step = int(bar / timedelta(microseconds=1)) * 1000
    i = 0
    while i < count:
        nxt = cur + step
        k = bisect_right(starts, nxt - 1) - 1  # last interval starting before the bar's end
        if k >= 0 and ends[k] > cur:
            i += 1
            cur = nxt
            continue
        if k + 1 >= len(starts):
            start_day = start_day + timedelta(days=span_days)
            more_s, more_e = _intervals(hours, start_day, span_days)
            starts, ends = starts + more_s, ends + more_e
            continue
        gap = starts[k + 1] - nxt
        cur = nxt + (gap // step) * step if gap > 0 else nxt
    return _to_utc(hours, epoch + timedelta(microseconds=cur // 1000))


def _intervals(hours: Any, start: date, days: int) -> tuple[list[int], list[int]]:
    s, e = hours.open_intervals(start, start + timedelta(days=days - 1))
    return [int(x) for x in s], [int(x) for x in e]


def compute_close_time(hours: Any, generated_utc: datetime, period: timedelta) -> datetime:
    """LEAN ``Insight.ComputeCloseTime`` for a time-span period: whole bars of the coarsest resolution
    not longer than the period (hours stepped as minutes) counted in market hours, then the
    remainder in market minutes (a fraction of a day read as that fraction of the regular
    session)."""
    if period < ONE_SECOND:
        raise ValueError("Insight period must be greater than or equal to 1 second.")
    if period >= timedelta(days=1):
        bar = timedelta(days=1)
    elif period >= timedelta(minutes=1):
        # LEAN remaps hour bars to minutes: an hour step from 9:00 would overlap the 9:30 open
        bar = timedelta(minutes=1)
    else:
        bar = ONE_SECOND
    count = int(period / bar)
    gen = _as_utc(generated_utc)
    close = close_time_for_bars(hours, gen, bar, count)
    if close == gen:
        return close_time_for_bars(hours, gen, ONE_SECOND, 1)
    delta = period - bar * count
    if delta and bar == timedelta(days=1) and hours is not None:
        local = _to_local(hours, close)
        delta = regular_market_duration(hours, local.date()) * (delta / timedelta(days=1))
    minutes = int(delta / timedelta(minutes=1))
    if minutes > 0:
        close = close_time_for_bars(hours, close, timedelta(minutes=1), minutes)
    return close


def close_time_for_bar_count(
    hours: Any, generated_utc: datetime, resolution: Any, count: int
) -> datetime:
    """LEAN ``Insight.ComputeCloseTime`` for a bar count: ``count`` bars of ``resolution`` in market
    hours, hours stepped as 60 minutes each and ticks as seconds."""
    if count < 1:
        raise ValueError("Insight barCount must be greater than or equal to 1.")
    bar = resolution_span(resolution)
    if bar == timedelta(hours=1):
        bar, count = timedelta(minutes=1), count * 60
    elif bar < ONE_SECOND:
        bar = ONE_SECOND
    return close_time_for_bars(hours, generated_utc, bar, count)


class InsightCollection:
    """Insights by symbol (LEAN ``InsightCollection``)."""

    def __init__(self, insights: Iterable[Insight] | None = None) -> None:
        self._by_symbol: dict[Any, list[Insight]] = {}
        self._count = 0
        # every insight ever added, in order (LEAN's complete list: ``get_insights`` reads it, the
        # open collection above drops expired insights)
        self._complete: list[Insight] = []
        self._total = 0
        if insights:
            self.add_range(insights)

    # -- collection -------------------------------------------------------------------------------
    def add(self, insight: Insight) -> None:
        self._by_symbol.setdefault(insight.symbol, []).append(insight)
        self._count += 1
        self._total += 1
        self._complete.append(insight)

    def add_range(self, insights: Iterable[Insight]) -> None:
        for insight in insights:
            self.add(insight)

    def remove(self, insight: Insight) -> bool:
        items = self._by_symbol.get(insight.symbol)
        if not items or insight not in items:
            return False
        items.remove(insight)
        if not items:
            del self._by_symbol[insight.symbol]
        self._count -= 1
        return True

    def contains(self, insight: Insight) -> bool:
        return insight in self._by_symbol.get(insight.symbol, ())

    def contains_key(self, symbol: Any) -> bool:
        return bool(self._by_symbol.get(symbol))

    def clear(self, symbols: Iterable[Any] | None = None) -> None:
        if symbols is None:
            self._by_symbol.clear()
            self._count = 0
            return
        for symbol in symbols:
            items = self._by_symbol.pop(symbol, None)
            if items:
                self._count -= len(items)

    def __getitem__(self, symbol: Any) -> list[Insight]:
        return list(self._by_symbol.get(symbol, []))

    def __setitem__(self, symbol: Any, insights: list[Insight]) -> None:
        self.clear([symbol])
        for insight in insights:
            self._by_symbol.setdefault(symbol, []).append(insight)
        self._count += len(insights)
        self._total += len(insights)

    def try_get_value(self, symbol: Any) -> tuple[bool, list[Insight] | None]:
        items = self._by_symbol.get(symbol)
        return (True, list(items)) if items else (False, None)

    def __iter__(self) -> Iterator[Insight]:
        for items in list(self._by_symbol.values()):
            yield from items

    def __len__(self) -> int:
        return self._count

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Insight):
            return self.contains(item)
        return self.contains_key(item)

    @property
    def count(self) -> int:
        return self._count

    @property
    def total_count(self) -> int:
        return self._total

    # -- time queries -----------------------------------------------------------------------------
    def get_insights(self, predicate: Callable[[Insight], bool] | None = None) -> list[Insight]:
        """Every insight added (open or not), optionally filtered."""
        return [i for i in self._complete if predicate is None or predicate(i)]

    def remove_insights(self, predicate: Callable[[Insight], bool]) -> None:
        """Drop the matching insights from the complete list and from the open collection."""
        self._complete = [i for i in self._complete if not predicate(i)]
        for insight in [i for i in self if predicate(i)]:
            self.remove(insight)

    def get_active_insights(self, utc_time: datetime) -> list[Insight]:
        return [i for i in self if i.is_active(utc_time)]

    def has_active_insights(self, symbol: Any, utc_time: datetime) -> bool:
        return any(i.is_active(utc_time) for i in self._by_symbol.get(symbol, ()))

    def get_next_expiry_time(self) -> datetime | None:
        times = [i.close_time_utc for i in self if i.close_time_utc is not None]
        return min(times) if times else None

    def remove_expired_insights(self, utc_time: datetime) -> list[Insight]:
        expired = [i for i in self if i.is_expired(utc_time)]
        for insight in expired:
            self.remove(insight)
        return expired

    # PascalCase API
    Add = add
    AddRange = add_range
    Remove = remove
    Contains = contains
    ContainsKey = contains_key
    Clear = clear
    TryGetValue = try_get_value
    GetInsights = get_insights
    GetActiveInsights = get_active_insights
    HasActiveInsights = has_active_insights
    GetNextExpiryTime = get_next_expiry_time
    RemoveExpiredInsights = remove_expired_insights
    RemoveInsights = remove_insights
    Count = property(lambda self: self._count)
    TotalCount = property(lambda self: self._total)


class InsightManager(InsightCollection):
    """The algorithm's insights (``self.insights``): every insight emitted, with ``cancel``/``expire``.

    ``all_insights`` keeps every generated insight in order (for the results), also after the
    portfolio construction model removed expired ones from the active collection."""

    def __init__(self, algorithm: Any) -> None:
        super().__init__()
        self._algorithm = algorithm
        self.all_insights: list[Insight] = []
        self._score_function: Any = None

    def add(self, insight: Insight) -> None:
        super().add(insight)
        self.all_insights.append(insight)

    def expire(self, items: Iterable[Any] | None) -> None:
        """Expire the insights of the given symbols (or the given insights) now."""
        if items is None:
            return
        now = self._algorithm.utc_time
        for item in list(items):
            if isinstance(item, Insight):
                item.expire(now)
            else:
                for insight in self._by_symbol.get(item, ()):
                    insight.expire(now)

    cancel = expire

    def set_insight_score_function(self, score_function: Any) -> None:
        """Score the insights with ``score_function.score(manager, utc_time)`` at each step."""
        self._score_function = score_function

    def step(self, utc_time: datetime) -> None:
        function = self._score_function
        if function is None:
            return
        score = getattr(function, "score", None) or function.Score
        score(self, utc_time)

    SetInsightScoreFunction = set_insight_score_function

    Expire = expire
    Cancel = cancel
    Step = step
    Add = add


class GeneratedInsightsCollection:
    """What ``algorithm.insights_generated`` handlers receive (LEAN GeneratedInsightsCollection)."""

    def __init__(self, date_time_utc: datetime, insights: list[Insight]) -> None:
        self.date_time_utc = date_time_utc
        self.insights = list(insights)

    DateTimeUtc = property(lambda self: self.date_time_utc)
    Insights = property(lambda self: self.insights)
