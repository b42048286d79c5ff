"""ResultSampler (daily samples, intraday equity, turnover) and the chart JSON shape."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from engine.statistics import (
    Chart,
    ResultSampler,
    Series,
    SeriesType,
    compute_statistics,
    runtime_statistics,
)
from engine.statistics.sampler import equity_value

START = datetime(2013, 10, 7, 4)  # midnight ET in UTC
END = datetime(2013, 10, 12, 3, 59, 59)


def test_daily_samples_returns_drawdown_turnover() -> None:
    s = ResultSampler(START, END, 100000)
    assert s.resample_period == timedelta(minutes=4)
    s.sample(START, 100000, 100, 0)
    s.on_step(START + timedelta(hours=9, minutes=31), 99900)
    s.on_step(START + timedelta(hours=9, minutes=33), 99800)  # not due: inside 4 minutes
    s.on_step(START + timedelta(hours=9, minutes=36), 99700)
    s.sample(START + timedelta(days=1), 99000, 99, 99500)
    s.sample(START + timedelta(days=2), 101000, 101, 99500)
    series = s.series
    # round(%, 10), then ChartPoint's SmartRounding: 7 significant digits, normalized
    assert [str(v) for _, v in series.performance] == ["0", "-1", "2.020202"]
    assert [float(v) for _, v in series.benchmark] == [100, 99, 101]
    assert [round(float(v), 6) for _, v in series.portfolio_turnover] == [
        round(99500 / 99000, 6),
        0.0,
    ]
    assert [float(v) for _, v in series.equity] == [100000, 99900, 99700, 99000, 101000]
    charts = s.charts_json()
    dd = charts["Drawdown"]["series"]["Equity Drawdown"]["values"]
    assert [p[1] for p in dd] == [0.0, -1.0, 0.0]
    candles = charts["Strategy Equity"]["series"]["Equity"]["values"]
    assert candles[2] == [
        int((START + timedelta(hours=9, minutes=36)).timestamp()),
        99900.0,
        99900.0,
        99700.0,
        99700.0,
    ]


def test_same_timestamp_final_sample_overwrites_turnover() -> None:
    s = ResultSampler(START, END, 100000)
    s.sample(START, 100000, 100, 0)
    t = START + timedelta(days=1)
    s.sample(t, 100000, 100, 50000)
    s.sample(t, 100000, 100, 60000)  # final sample at the same time as the midnight one
    (only,) = s.series.portfolio_turnover
    assert only[1] == Decimal("0.6")


def test_chart_json_shape() -> None:
    chart = Chart("My Chart")
    line = chart.add_series(Series("Price", SeriesType.LINE, index=0, unit="$"))
    line.add_point(datetime(2013, 10, 7, 13, 31), 144.5)
    pie = chart.add_series(Series("Alloc", SeriesType.PIE))
    pie.add_point(datetime(2013, 10, 7), 1)
    pie.add_point(datetime(2013, 10, 8), 2)
    js = chart.to_json()
    assert js["name"] == "My Chart"
    assert js["series"]["Price"] == {
        "name": "Price",
        "unit": "$",
        "index": 0,
        "seriesType": 0,
        "values": [[1381152660, 144.5]],
        "color": "",
        "scatterMarkerSymbol": "none",
    }
    assert js["series"]["Alloc"]["values"] == [[1381190400, 3.0]]
    assert int(SeriesType.TREEMAP) == 7 and int(SeriesType.STACKED_AREA) == 5


def test_runtime_statistics_formats() -> None:
    out = runtime_statistics(
        total_portfolio_value=Decimal("101691.9198"),
        total_fees=Decimal("3.44"),
        holdings_value=Decimal("101705.36"),
        net_profit=Decimal("-3.44"),
        unrealized_profit=Decimal("1695.36"),
        total_sale_volume=Decimal("99610.83"),
        starting_value=100000,
    )
    assert out == {
        "Equity": "$101,691.92",
        "Fees": "-$3.44",
        "Holdings": "$101,705.36",
        "Net Profit": "$-3.44",
        "Probabilistic Sharpe Ratio": "0%",
        "Return": "1.69 %",
        "Unrealized": "$1,695.36",
        "Volume": "$99,610.83",
    }


def test_equity_values_carry_the_decimals_of_the_value_not_of_float_noise() -> None:
    # a float portfolio value is read with a double's 15 significant digits, then smart-rounded
    # like LEAN's Candlestick setters: End Equity "105332.8", not "105332.80"
    start, end = datetime(2020, 1, 1), datetime(2020, 1, 3)
    sampler = ResultSampler(start, end, 100000)
    sampler.on_step(start, 100000.0)
    sampler.sample(end, 105332.80000000002, 100.0)
    assert str(sampler.series.equity[-1][1]) == "105332.8"
    summary, _, _ = compute_statistics(sampled=sampler.series, starting_capital=100000)
    assert summary["End Equity"] == "105332.8"


def test_equity_value_reads_float_rounding_error_as_the_exact_value() -> None:
    assert str(equity_value(98837.99999999994)) == "98838"
    assert str(equity_value(50272.10000000012)) == "50272.1"
    assert str(equity_value(105332.8012)) == "105332.8012"
    # digits a float really carries stay: 4 decimals, as LEAN's rounding leaves them
    assert str(equity_value(31592.841234567)) == "31592.8412"
    assert str(equity_value(31592.80001)) == "31592.8000"
