"""User charts for ``self.plot`` / ``self.add_chart``: QuantConnect's constructors and spellings on top of
the statistics layer's chart model (one JSON serializer for default and user charts).
"""

from __future__ import annotations

from datetime import datetime

from engine.common.naming import PascalCaseAttributes
from engine.model import SeriesType
from engine.statistics import charts as _charts
from engine.statistics.charts import ChartPoint, ScatterMarkerSymbol, unix_seconds

MAX_USER_SERIES = 10
MAX_POINTS_PER_SERIES = 4000


class Color:
    """The ``System.Drawing.Color`` names QC examples use, as LEAN serialises them (hex strings)."""

    Empty = EMPTY = ""
    Red = RED = "#FF0000"
    Green = GREEN = "#008000"
    Blue = BLUE = "#0000FF"
    Black = BLACK = "#000000"
    White = WHITE = "#FFFFFF"
    Orange = ORANGE = "#FFA500"
    Yellow = YELLOW = "#FFFF00"
    Purple = PURPLE = "#800080"
    Gray = GRAY = Grey = GREY = "#808080"
    Pink = PINK = "#FFC0CB"
    Brown = BROWN = "#A52A2A"
    Cyan = CYAN = "#00FFFF"
    Magenta = MAGENTA = "#FF00FF"
    Lime = LIME = "#00FF00"
    Navy = NAVY = "#000080"
    Olive = OLIVE = "#808000"
    Teal = TEAL = "#008080"
    Gold = GOLD = "#FFD700"
    Silver = SILVER = "#C0C0C0"
    DarkGreen = DARK_GREEN = "#006400"
    DarkRed = DARK_RED = "#8B0000"
    DarkBlue = DARK_BLUE = "#00008B"
    LightBlue = LIGHT_BLUE = "#ADD8E6"
    LightGreen = LIGHT_GREEN = "#90EE90"
    Violet = VIOLET = "#EE82EE"

    @staticmethod
    def from_argb(*args: int) -> str:
        r, g, b = args[-3:]
        return f"#{r:02X}{g:02X}{b:02X}"

    FromArgb = from_argb


for _name in ("NONE", "CIRCLE", "SQUARE", "DIAMOND", "TRIANGLE", "TRIANGLE_DOWN"):
    setattr(
        ScatterMarkerSymbol, _name.title().replace("_", ""), getattr(ScatterMarkerSymbol, _name)
    )
setattr(ScatterMarkerSymbol, "None", ScatterMarkerSymbol.NONE)


class ChartType:
    OVERLAY = Overlay = 0
    STACKED = Stacked = 1


def _time(value: datetime | int | float) -> int:
    return unix_seconds(value)


class Series(_charts.Series, PascalCaseAttributes):
    """``Series(name, SeriesType.LINE, "$", Color.RED, ScatterMarkerSymbol.NONE)`` / ``Series(name, type, index)``."""

    def __init__(
        self,
        name: str = "",
        series_type: SeriesType | int = SeriesType.LINE,
        unit_or_index: str | int = "$",
        unit_or_color: str | None = None,
        *args: object,
        **kwargs: object,
    ) -> None:
        index = int(kwargs.pop("index", 0))
        unit = str(kwargs.pop("unit", "$"))
        color = str(kwargs.pop("color", ""))
        symbol = kwargs.pop("symbol", kwargs.pop("scatter_marker_symbol", ScatterMarkerSymbol.NONE))
        if isinstance(unit_or_index, int):
            index = unit_or_index
            if unit_or_color is not None:
                unit = unit_or_color
        else:
            unit = unit_or_index
            if unit_or_color is not None:
                color = unit_or_color
        if args:
            symbol = args[0]
        _charts.Series.__init__(
            self,
            name=name,
            series_type=_charts.SeriesType(int(series_type)),
            index=index,
            unit=unit,
            color=str(color),
            scatter_marker_symbol=str(symbol),
        )

    def add_point(self, time: datetime | int | float, value: float) -> None:  # type: ignore[override]
        if len(self.values) < MAX_POINTS_PER_SERIES:
            self.values.append(ChartPoint(_time(time), float(value)))

    AddPoint = add_point


class CandlestickSeries(_charts.CandlestickSeries, PascalCaseAttributes):
    def __init__(self, name: str = "", index: int | str = 0, unit: str = "$") -> None:
        if isinstance(index, str):
            index, unit = 0, index
        _charts.CandlestickSeries.__init__(self, name=name, index=int(index), unit=unit)

    def add_point(
        self,
        time: datetime | int | float,
        open: float,
        high: float = 0.0,
        low: float = 0.0,  # noqa: A002
        close: float = 0.0,
    ) -> None:
        if len(self.values) < MAX_POINTS_PER_SERIES:
            self.values.append(
                _charts.Candlestick(_time(time), float(open), float(high), float(low), float(close))
            )

    AddPoint = add_point


class Chart(_charts.Chart, PascalCaseAttributes):
    def __init__(self, name: str = "", chart_type: int = ChartType.OVERLAY) -> None:
        _charts.Chart.__init__(self, name=name)
        self.chart_type = chart_type

    def add_series(self, series: _charts.Series) -> _charts.Series:
        if series.name in self.series:
            raise ValueError(
                f"Chart.add_series(): a series named '{series.name}' already exists in chart '{self.name}'"
            )
        self.series[series.name] = series
        return series

    AddSeries = add_series
