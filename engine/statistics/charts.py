"""Charts and series in LEAN's JSON shape (Common/Chart.cs, Series.cs, Util/SeriesJsonConverter.cs).

JSON written here (what LEAN writes in results files and the API returns)::

    {"name": "Strategy Equity",
     "series": {"Equity": {"name": "Equity", "unit": "$", "index": 0, "seriesType": 2,
                           "values": [[1381118400, 100000.0, 100000.0, 100000.0, 100000.0], ...]},
                "Return": {"name": "Return", "unit": "%", "index": 1, "seriesType": 3,
                           "values": [[1381118400, 0.0], ...], "color": "",
                           "scatterMarkerSymbol": "none"}}}

A point is ``[unix seconds, y]`` (``ChartPointJsonConverter``), a candlestick ``[t, o, h, l, c]``.
Used for the engine's default charts and reused by the algorithm API for user charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from engine.model.enums import SeriesType

__all__ = [
    "Candlestick",
    "CandlestickSeries",
    "Chart",
    "ChartPoint",
    "ScatterMarkerSymbol",
    "Series",
    "SeriesType",
    "unix_seconds",
]


class ScatterMarkerSymbol:
    """Marker names as LEAN serializes them (``StringEnumConverter``, camel case)."""

    NONE = "none"
    CIRCLE = "circle"
    SQUARE = "square"
    DIAMOND = "diamond"
    TRIANGLE = "triangle"
    TRIANGLE_DOWN = "triangle-down"


def unix_seconds(time: datetime | int | float) -> int:
    """Unix seconds of a UTC datetime (naive datetimes are taken as UTC)."""
    if isinstance(time, (int, float)):
        return int(time)
    if time.tzinfo is None:
        time = time.replace(tzinfo=UTC)
    return int(time.timestamp())


def _num(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return value


@dataclass(slots=True)
class ChartPoint:
    x: int
    y: float | None

    def to_json(self) -> list:
        return [self.x, _num(self.y)]


@dataclass(slots=True)
class Candlestick:
    time: int
    open: float
    high: float
    low: float
    close: float

    def update(self, value: float) -> None:
        self.high = max(self.high, value)
        self.low = min(self.low, value)
        self.close = value

    def to_json(self) -> list:
        return [self.time, _num(self.open), _num(self.high), _num(self.low), _num(self.close)]


@dataclass
class Series:
    """A chart series of ``[x, y]`` points (every type except candles)."""

    name: str
    series_type: SeriesType = SeriesType.LINE
    index: int = 0
    unit: str = "$"
    color: str = ""
    scatter_marker_symbol: str = ScatterMarkerSymbol.NONE
    z_index: int | None = None
    index_name: str | None = None
    tooltip: str | None = None
    values: list[ChartPoint] = field(default_factory=list)

    def add_point(self, time: datetime | int, value: float) -> None:
        self.values.append(ChartPoint(unix_seconds(time), value))

    def add_points(self, points: Iterable[tuple[datetime | int, float]]) -> None:
        for time, value in points:
            self.add_point(time, value)

    def _header(self) -> dict:
        out: dict = {
            "name": self.name,
            "unit": self.unit,
            "index": self.index,
            "seriesType": int(self.series_type),
        }
        if self.z_index is not None:
            out["zIndex"] = self.z_index
        if self.index_name is not None:
            out["indexName"] = self.index_name
        if self.tooltip is not None:
            out["tooltip"] = self.tooltip
        return out

    def to_json(self) -> dict:
        out = self._header()
        values = self.values
        if self.series_type == SeriesType.PIE and values:
            # LEAN consolidates a pie series to one point: the sum of the y values at the last x.
            values = [ChartPoint(values[-1].x, sum(p.y or 0.0 for p in values))]
        out["values"] = [p.to_json() for p in values]
        out["color"] = self.color
        out["scatterMarkerSymbol"] = self.scatter_marker_symbol
        return out


@dataclass
class CandlestickSeries(Series):
    """A series of ``[t, open, high, low, close]`` candles (seriesType 2)."""

    series_type: SeriesType = SeriesType.CANDLE
    values: list[Candlestick] = field(default_factory=list)  # type: ignore[assignment]

    def add_candle(self, candle: Candlestick) -> None:
        self.values.append(candle)

    def to_json(self) -> dict:
        out = self._header()
        out["values"] = [c.to_json() for c in self.values]
        return out


@dataclass
class Chart:
    name: str
    series: dict[str, Series] = field(default_factory=dict)

    def add_series(self, series: Series) -> Series:
        self.series[series.name] = series
        return series

    def get_or_add(self, name: str, **kwargs) -> Series:
        if name not in self.series:
            cls = CandlestickSeries if kwargs.get("series_type") == SeriesType.CANDLE else Series
            self.series[name] = cls(name=name, **kwargs)
        return self.series[name]

    def to_json(self) -> dict:
        return {"name": self.name, "series": {k: s.to_json() for k, s in self.series.items()}}
