"""Result sampling: LEAN's BaseResultsHandler.Sample / BacktestingResultHandler equity resampling.

The runner drives one :class:`ResultSampler` per backtest:

- :meth:`ResultSampler.on_step` once per time step, after orders were processed (LEAN step 20):
  aggregates the Equity candle and adds an intraday equity point at the first step and whenever
  ``time > previous resample + resample_period`` (``max(4 min, backtest minutes / 4000)``);
  call it with ``force=True`` once after the last step (LEAN's forced sample at the end).
- :meth:`ResultSampler.sample` at every "Daily Sampling" event (midnight in the algorithm time zone,
  every calendar day, the start date's midnight included) and once more at the end with the last
  slice time (the final sample).

Times are UTC datetimes (naive = UTC). Chart values keep LEAN's rounding: return
``round(%, 10)``, drawdown ``round(%, 2)``, exposure 4 dp; then every chart point is smart-rounded
like ``ChartPoint.y`` (7 significant digits, 4 dp above 1000), and the equity like the
``Candlestick`` setters (:func:`equity_value`), which is what the statistics read back.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext

from .charts import Candlestick, CandlestickSeries, Chart, Series, SeriesType, unix_seconds
from .formatting import DECIMAL_CONTEXT, dec, net_round, smart_round, to_decimal

__all__ = ["ResultSampler", "SampledSeries", "equity_value"]

#: how many units in the last place a float portfolio value may be off an exact decimal one
FLOAT_NOISE_ULPS = 512

STRATEGY_EQUITY = "Strategy Equity"
EQUITY = "Equity"
RETURN = "Return"
BENCHMARK = "Benchmark"
DRAWDOWN = "Drawdown"
EQUITY_DRAWDOWN = "Equity Drawdown"
PORTFOLIO_TURNOVER = "Portfolio Turnover"
EXPOSURE = "Exposure"
CAPACITY = "Capacity"
STRATEGY_CAPACITY = "Strategy Capacity"
ASSETS_SALES_VOLUME = "Assets Sales Volume"


@dataclass
class SampledSeries:
    """What :func:`engine.statistics.compute_statistics` needs, as (UTC datetime, value) lists."""

    equity: list[tuple[datetime, Decimal]]
    performance: list[tuple[datetime, Decimal]]
    benchmark: list[tuple[datetime, Decimal]]
    portfolio_turnover: list[tuple[datetime, Decimal]]


def equity_value(portfolio_value: float | Decimal) -> Decimal:
    """An equity candle's value as LEAN stores it: the portfolio value smart-rounded by the
    ``Candlestick`` setters (4 decimals above 1000, after dropping trailing zeros).

    LEAN's value is an exact decimal; ours is a float whose sums of products carry a few units in
    the last place of rounding error (98837.99999999994 for an exact 98838). A float that close to
    a value with 4 decimals is read as that value, so the error does not count as decimals LEAN's
    sum never had (End Equity "98838", not "98838.00"); any other float is read with the 15
    significant digits a double carries (``(decimal)double``)."""
    if isinstance(portfolio_value, Decimal):
        return smart_round(portfolio_value)
    value = float(portfolio_value)
    if math.isfinite(value):
        snapped = round(value, 4)
        if abs(value - snapped) <= FLOAT_NOISE_ULPS * math.ulp(value):
            value = snapped
    return smart_round(to_decimal(value))


def _utc(time: datetime) -> datetime:
    return time if time.tzinfo is None else time.astimezone(UTC).replace(tzinfo=None)


class ResultSampler:
    """Accumulates LEAN's default charts and the series the statistics are computed from."""

    def __init__(
        self,
        start_time: datetime,
        end_time: datetime,
        starting_value: float | Decimal,
        resample_period: timedelta | None = None,
    ) -> None:
        """``start_time``/``end_time``: the algorithm's start and end (UTC), used for the resample
        period and to skip the turnover of the first sample; ``starting_value``: the starting TPV."""
        self.start_time = _utc(start_time)
        self.end_time = _utc(end_time)
        if resample_period is None:
            minutes = (self.end_time - self.start_time).total_seconds() / 60 / 4000
            resample_period = timedelta(minutes=max(4.0, minutes))
        self.resample_period = resample_period
        self.starting_value = dec(starting_value)
        self._daily_value = self.starting_value
        self._max_value = self.starting_value
        self._next_resample: datetime | None = None
        self._candle: Candlestick | None = None
        self._sale_volumes: deque[tuple[datetime, Decimal]] = deque(maxlen=2)

        self._equity_pts: list[tuple[datetime, Decimal]] = []
        self._performance_pts: list[tuple[datetime, Decimal]] = []
        self._benchmark_pts: list[tuple[datetime, Decimal]] = []
        self._turnover_pts: dict[datetime, Decimal] = {}

        self.charts: dict[str, Chart] = {}
        equity_chart = self._chart(STRATEGY_EQUITY)
        self._equity_series = equity_chart.add_series(
            CandlestickSeries(name=EQUITY, unit="$", index=0)
        )
        self._return_series = equity_chart.add_series(
            Series(name=RETURN, series_type=SeriesType.BAR, unit="%", index=1)
        )
        self._drawdown_series = self._chart(DRAWDOWN).add_series(
            Series(name=EQUITY_DRAWDOWN, series_type=SeriesType.LINE, unit="%", index=0)
        )
        self._benchmark_series = self._chart(BENCHMARK).add_series(
            Series(name=BENCHMARK, series_type=SeriesType.LINE, unit="$", index=0)
        )
        self._turnover_series = self._chart(PORTFOLIO_TURNOVER).add_series(
            Series(name=PORTFOLIO_TURNOVER, series_type=SeriesType.LINE, unit="%", index=0)
        )
        self._capacity_series = self._chart(CAPACITY).add_series(
            Series(name=STRATEGY_CAPACITY, series_type=SeriesType.LINE, unit="$", index=0)
        )
        self._chart(EXPOSURE)
        self._chart(ASSETS_SALES_VOLUME)

    def _chart(self, name: str) -> Chart:
        return self.charts.setdefault(name, Chart(name))

    @staticmethod
    def _append(series: Series, time: datetime, value: float | Decimal | None) -> bool:
        """Adds a point unless it is not later than the series' last point (LEAN's rule).

        The value is smart-rounded like LEAN's ``ChartPoint.y`` setter."""
        x = unix_seconds(time)
        if series.values and series.values[-1].x >= x:
            return False
        series.add_point(x, None if value is None else float(smart_round(dec(value))))
        return True

    # --- per step ---------------------------------------------------------------------------
    def on_step(
        self, time: datetime, portfolio_value: float | Decimal, force: bool = False
    ) -> None:
        """Every time step (LEAN step 20): update the equity candle, resample equity if due."""
        time = _utc(time)
        value = equity_value(portfolio_value)
        if self._candle is None:
            self._candle = Candlestick(
                unix_seconds(time), float(value), float(value), float(value), float(value)
            )
        else:
            self._candle.update(float(value))
        if force or self._next_resample is None or time > self._next_resample:
            self._next_resample = time + self.resample_period
            self._sample_equity(time, value)

    def _sample_equity(self, time: datetime, value: Decimal) -> None:
        candle = self._candle or Candlestick(
            0, float(value), float(value), float(value), float(value)
        )
        x = unix_seconds(time)
        series = self._equity_series
        if not series.values or series.values[-1].time < x:
            series.add_candle(Candlestick(x, candle.open, candle.high, candle.low, float(value)))
            self._equity_pts.append((time, value))
        self._candle = Candlestick(x, float(value), float(value), float(value), float(value))

    # --- daily and final samples ------------------------------------------------------------
    def sample(
        self,
        time: datetime,
        portfolio_value: float | Decimal,
        benchmark_value: float | Decimal,
        total_sale_volume: float | Decimal = 0,
        *,
        exposure: dict[str, tuple[float, float]] | None = None,
        sales_volume: dict[str, float] | None = None,
        capacity: float | Decimal | None = None,
    ) -> None:
        """A "Daily Sampling" event (midnight, algorithm time zone) or the final sample.

        ``portfolio_value``: total portfolio value now; ``benchmark_value``: the benchmark's
        current value (SPY price, smart-rounded by the caller like LEAN); ``total_sale_volume``:
        ``Portfolio.TotalSaleVolume`` (cumulative, account currency); ``exposure``: security type
        name -> (long holdings value, short holdings value, negative); ``sales_volume``: ticker ->
        cumulative sale volume; ``capacity``: the current strategy capacity estimate.
        """
        time = _utc(time)
        value = dec(portfolio_value)
        with localcontext(DECIMAL_CONTEXT):
            # the statistics read the chart points back, and ChartPoint.y smart-rounds them
            # (7 significant digits): the Return series keeps those digits, not the 10 decimals
            performance = (
                Decimal(0)
                if self._daily_value == 0
                else smart_round(
                    net_round((value - self._daily_value) * 100 / self._daily_value, 10)
                )
            )
            self._max_value = max(self._max_value, value)

            equity = equity_value(portfolio_value)
            if self._candle is not None:
                self._candle.update(float(equity))
            self._sample_equity(time, equity)

            bench = smart_round(dec(benchmark_value))
            if self._append(self._benchmark_series, time, bench):
                self._benchmark_pts.append((time, bench))
            if self._append(self._return_series, time, performance):
                self._performance_pts.append((time, performance))
            drawdown = (
                net_round((value / self._max_value - 1) * 100, 2) if self._max_value else Decimal(0)
            )
            self._append(self._drawdown_series, time, drawdown)

            if sales_volume:
                chart = self._chart(ASSETS_SALES_VOLUME)
                top = sorted(sales_volume.items(), key=lambda kv: -kv[1])[:30]
                for ticker, volume in top:
                    s = chart.get_or_add(ticker, series_type=SeriesType.TREEMAP, unit="$", index=0)
                    self._append(s, time, volume)

            if exposure:
                chart = self._chart(EXPOSURE)
                for type_name, (long_value, short_value) in exposure.items():
                    for label, holdings in (("Long", long_value), ("Short", short_value)):
                        ratio = net_round(dec(holdings) / value, 4) if value else Decimal(0)
                        s = chart.get_or_add(
                            f"{type_name} - {label} Ratio",
                            series_type=SeriesType.LINE,
                            unit="",
                            index=0,
                        )
                        self._append(s, time, ratio)

            if capacity is not None:
                self._append(self._capacity_series, time, capacity)

            self._sample_turnover(time, value, dec(total_sale_volume))
            self._daily_value = value

    def _sample_turnover(self, time: datetime, value: Decimal, sale_volume: Decimal) -> None:
        if time <= self.start_time:
            self._sale_volumes.append((time, sale_volume))
            return
        if self._sale_volumes and self._sale_volumes[-1][0] == time:
            # same timestamp sampled twice: overwrite, measured from two samples back
            previous = self._sale_volumes[0][1] if len(self._sale_volumes) == 2 else Decimal(0)
            self._sale_volumes[-1] = (time, sale_volume)
        else:
            previous = self._sale_volumes[-1][1] if self._sale_volumes else Decimal(0)
            self._sale_volumes.append((time, sale_volume))
        turnover = Decimal(0) if value == 0 else smart_round((sale_volume - previous) / value)
        self._turnover_pts[time] = turnover
        x = unix_seconds(time)
        series = self._turnover_series
        if series.values and series.values[-1].x == x:
            series.values[-1].y = float(turnover)
        else:
            self._append(series, time, turnover)

    # --- outputs ----------------------------------------------------------------------------
    def set_starting_value(self, value: float | Decimal) -> None:
        """Re-capture the starting value (after warm-up, like LEAN)."""
        self.starting_value = dec(value)
        self._daily_value = self.starting_value
        self._max_value = self.starting_value

    @property
    def series(self) -> SampledSeries:
        return SampledSeries(
            equity=list(self._equity_pts),
            performance=list(self._performance_pts),
            benchmark=list(self._benchmark_pts),
            portfolio_turnover=sorted(self._turnover_pts.items()),
        )

    def charts_json(self) -> dict[str, dict]:
        """All charts in LEAN's JSON shape, keyed by chart name."""
        return {name: chart.to_json() for name, chart in self.charts.items()}
