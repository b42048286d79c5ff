"""Readers against the real LEAN sample data (skipped without it)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from engine.data import (
    DataFolder,
    read_factor_file,
    read_map_file,
    read_quote_bars,
    read_ticks,
    read_trade_bars,
)

NS = 1_000_000_000


def utc(text: str) -> int:
    return pd.Timestamp(text, tz="UTC").value


def et(text: str) -> int:
    return pd.Timestamp(text, tz="America/New_York").value


def test_spy_minute_regular_hours(lean_data):
    bars = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "minute", "2013-10-07", "2013-10-07", normalization="raw"
    )
    assert len(bars) == 390
    assert bars.start[0] == et("2013-10-07 09:30") and bars.end[0] == et("2013-10-07 09:31")
    assert bars.end[-1] == et("2013-10-07 16:00")
    # first regular bar: 34200000,1674300,1675200,1674100,1674400,816453
    assert (bars.open[0], bars.high[0], bars.low[0], bars.close[0]) == (
        167.43,
        167.52,
        167.41,
        167.44,
    )
    assert bars.volume[0] == 816453
    assert np.all(bars.date == np.datetime64("2013-10-07"))
    assert np.all(np.diff(bars.start) == 60 * NS)


def test_spy_minute_extended_hours_keeps_every_row(lean_data):
    bars = read_trade_bars(
        lean_data,
        "equity",
        "usa",
        "SPY",
        "minute",
        "2013-10-07",
        "2013-10-07",
        normalization="raw",
        extended_hours=True,
    )
    # the file has 828 rows (wc -l says 827: no newline after the last one), 04:00 .. 19:59
    assert len(bars) == 828
    assert bars.start[0] == et("2013-10-07 04:00")
    assert (bars.open[0], bars.volume[0]) == (167.41, 3197)


def test_adjusted_is_default_and_scales_prices_and_volume(lean_data):
    raw = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "minute", "2013-10-07", "2013-10-07", normalization="raw"
    )
    adj = read_trade_bars(lean_data, "equity", "usa", "SPY", "minute", "2013-10-07", "2013-10-07")
    factors = read_factor_file(lean_data, "usa", "spy")
    pf, sf = factors.factors(np.array(["2013-10-07"], dtype="datetime64[D]"))
    factor = pf[0] * sf[0]
    assert 0.8 < factor < 1.0
    np.testing.assert_allclose(adj.scale, factor)
    np.testing.assert_allclose(adj.close, raw.close * factor)
    np.testing.assert_array_equal(adj.volume, np.round(raw.volume / factor))
    np.testing.assert_array_equal(adj.raw_close, raw.close)


def test_spy_quote_bars(lean_data):
    quotes = read_quote_bars(
        lean_data, "equity", "usa", "SPY", "minute", "2013-10-07", "2013-10-07", normalization="raw"
    )
    assert len(quotes) == 390
    frame = quotes.to_frame()
    row = frame.loc[pd.Timestamp("2013-10-07 10:01", tz="America/New_York")]  # bar 10:00-10:01
    # 36000000,1677100,1677400,1677000,1677300,8900,1677200,1677500,1677100,1677400,4700
    assert (row.bid_open, row.bid_high, row.bid_low, row.bid_close, row.bid_size) == (
        167.71,
        167.74,
        167.70,
        167.73,
        8900,
    )
    assert (row.ask_open, row.ask_high, row.ask_low, row.ask_close, row.ask_size) == (
        167.72,
        167.75,
        167.71,
        167.74,
        4700,
    )


def test_daily_bars_have_strict_end_times(lean_data):
    bars = read_trade_bars(lean_data, "equity", "usa", "SPY", "daily", "2013-11-25", "2013-12-02")
    days = [d.item() for d in bars.date]
    assert days == [
        date(2013, 11, 25),
        date(2013, 11, 26),
        date(2013, 11, 27),
        date(2013, 11, 29),
        date(2013, 12, 2),
    ]
    assert bars.start[0] == et("2013-11-25 09:30") and bars.end[0] == et("2013-11-25 16:00")
    assert bars.end[3] == et("2013-11-29 13:00")  # day after Thanksgiving: early close
    midnight = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "daily", "2013-11-25", "2013-12-02", strict_daily=False
    )
    # daily_precise_end_time off: midnight to midnight, the same rows and prices
    assert midnight.start[3] == et("2013-11-29 00:00") and midnight.end[3] == et("2013-11-30 00:00")
    assert list(midnight.close) == list(bars.close)
    raw = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "daily", "1998-01-02", "1998-01-02", normalization="raw"
    )
    # 19980102 00:00,973100,975300,965300,973600,2150000
    assert (raw.open[0], raw.high[0], raw.low[0], raw.close[0], raw.volume[0]) == (
        97.31,
        97.53,
        96.53,
        97.36,
        2150000,
    )


def test_hour_bars_keep_clock_hour_start(lean_data):
    bars = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "hour", "1998-01-02", "1998-01-02", normalization="raw"
    )
    assert len(bars) == 7
    assert bars.start[0] == et("1998-01-02 09:00") and bars.end[0] == et("1998-01-02 10:00")
    assert bars.end[-1] == et("1998-01-02 16:00")
    assert (bars.open[0], bars.close[0], bars.volume[0]) == (97.31, 97.03, 384500)
    early = read_trade_bars(lean_data, "equity", "usa", "SPY", "hour", "2013-11-29", "2013-11-29")
    assert early.end[-1] == et("2013-11-29 13:00")


def test_forex_quote_minute_is_utc(lean_data):
    quotes = read_quote_bars(
        lean_data, "forex", "oanda", "EURUSD", "minute", "2014-05-01", "2014-05-01"
    )
    assert len(quotes) > 1000
    # first row 0,1.38676,1.38686,1.38669,1.38686,0,1.38686,... at 00:00 UTC
    assert quotes.start[0] == utc("2014-05-01 00:00")
    assert (quotes.bid_open[0], quotes.bid_close[0], quotes.ask_open[0]) == (
        1.38676,
        1.38686,
        1.38686,
    )
    assert np.all(quotes.scale == 1.0)
    assert (
        len(
            read_trade_bars(
                lean_data, "forex", "oanda", "EURUSD", "minute", "2014-05-01", "2014-05-01"
            )
        )
        == 0
    )


def test_forex_weekend_closed(lean_data):
    # Friday 2014-05-02 closes 16:58 New York = 20:58 UTC
    quotes = read_quote_bars(
        lean_data, "forex", "oanda", "EURUSD", "minute", "2014-05-02", "2014-05-04"
    )
    ny = (
        pd.DatetimeIndex(quotes.start.view("datetime64[ns]"))
        .tz_localize("UTC")
        .tz_convert("America/New_York")
    )
    friday = ny[ny.date == date(2014, 5, 2)]
    assert friday.max() < pd.Timestamp("2014-05-02 16:58", tz="America/New_York")
    assert not any(ny.day_of_week == 5)
    sunday = ny[ny.day_of_week == 6]
    assert len(sunday) == 0 or sunday.min() >= pd.Timestamp(
        "2014-05-04 17:03", tz="America/New_York"
    )


def test_crypto_trade_and_quote(lean_data):
    bars = read_trade_bars(
        lean_data, "crypto", "coinbase", "BTCUSD", "minute", "2018-04-04", "2018-04-04"
    )
    assert bars.start[0] == utc("2018-04-04 00:00")
    assert (bars.open[0], bars.close[0], bars.volume[0]) == (7424.91, 7422.0, 7.14319709)
    quotes = read_quote_bars(
        lean_data, "crypto", "coinbase", "BTCUSD", "minute", "2018-04-04", "2018-04-04"
    )
    assert (quotes.bid_open[0], quotes.ask_open[0]) == (7424.9, 7424.91)
    daily = read_trade_bars(
        lean_data, "crypto", "coinbase", "BTCUSD", "daily", "2014-12-01", "2014-12-03"
    )
    assert daily.start[0] == utc("2014-12-01 00:00") and daily.end[0] == utc(
        "2014-12-02 00:00"
    )  # not strict
    assert (daily.open[0], daily.close[0]) == (300, 370)


def test_goog_map_file_rename(lean_data):
    mapping = read_map_file(lean_data, "usa", "GOOG")
    assert mapping.ticker_on(date(2014, 3, 28)) == "goocv"
    assert mapping.ticker_on(date(2014, 4, 3)) == "goog"
    assert mapping.ticker_on(date(2014, 3, 1)) is None  # before listing
    bars = read_trade_bars(
        lean_data, "equity", "usa", "GOOG", "daily", "2014-03-20", "2014-04-04", normalization="raw"
    )
    days = [d.item() for d in bars.date]
    assert days[0] == date(2014, 3, 27)  # first map-file date
    assert bars.open[0] == 572.84  # goocv.zip: 20140327 00:00,5728400,...
    assert date(2014, 4, 3) in days
    folder = DataFolder(lean_data)
    assert date(2014, 3, 27) in folder.dates_available("equity", "usa", "GOOG", "daily")
    assert folder.has_data("equity", "usa", "GOOG", "minute")


def test_aapl_factor_file_adjusted_vs_raw(lean_data):
    raw = read_trade_bars(
        lean_data,
        "equity",
        "usa",
        "AAPL",
        "minute",
        "2014-06-05",
        "2014-06-09",
        normalization="raw",
    )
    adj = read_trade_bars(lean_data, "equity", "usa", "AAPL", "minute", "2014-06-05", "2014-06-09")
    split = read_trade_bars(
        lean_data,
        "equity",
        "usa",
        "AAPL",
        "minute",
        "2014-06-05",
        "2014-06-09",
        normalization="split_adjusted",
    )
    before = raw.date == np.datetime64("2014-06-06")
    after = raw.date == np.datetime64("2014-06-09")
    assert raw.close[before][-1] > 600 and raw.close[after][0] < 100  # 7:1 split on 2014-06-09
    # 2014-06-06 uses row 20140606 (0.9011818 x 0.0357143); 2014-06-09 row 20140806 (0.9011818 x 0.25)
    np.testing.assert_allclose(adj.scale[before], 0.9011818 * 0.0357143)
    np.testing.assert_allclose(adj.scale[after], 0.9011818 * 0.25)
    np.testing.assert_allclose(split.scale[before], 0.0357143)
    ratio = adj.close[before][-1] / adj.close[after][0]
    assert 0.95 < ratio < 1.05  # continuous once adjusted
    assert np.all(adj.raw_close == raw.close)


def test_ticks(lean_data):
    trades = read_ticks(
        lean_data,
        "equity",
        "usa",
        "SPY",
        "2013-10-07",
        "2013-10-07",
        extended_hours=True,
        normalization="raw",
    )
    # 14400464,1674100,100,P,20002000,0
    assert trades.time[0] == et("2013-10-07 04:00:00.464")
    assert (trades.price[0], trades.quantity[0], trades.exchange[0], trades.condition[0]) == (
        167.41,
        100,
        "P",
        "20002000",
    )
    regular = read_ticks(lean_data, "equity", "usa", "SPY", "2013-10-07", "2013-10-07")
    assert len(regular) < len(trades) and regular.time[0] >= et("2013-10-07 09:30")
    quotes = read_ticks(
        lean_data,
        "equity",
        "usa",
        "IBM",
        "2013-10-07",
        "2013-10-07",
        tick_type="quote",
        extended_hours=True,
        normalization="raw",
    )
    assert len(quotes) > 0 and np.isnan(quotes.bid_price[0]) and quotes.ask_price[0] == 183.63
    fx = read_ticks(lean_data, "forex", "oanda", "EURUSD", "2014-05-01", "2014-05-01")
    assert fx.tick_type == "quote" and fx.bid_price[0] == 1.38676 and fx.ask_price[0] == 1.38686


@pytest.mark.parametrize("security_type", ["equity", "EQUITY", "Equity"])
def test_names_are_case_insensitive(lean_data, security_type):
    assert (
        len(
            read_trade_bars(
                lean_data, security_type, "usa", "spy", "Minute", "2013-10-07", "2013-10-07"
            )
        )
        == 390
    )


def test_total_return_adds_dividends_since_start(lean_data):
    raw = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "daily", "2013-12-02", "2013-12-31", normalization="raw"
    )
    tr = read_trade_bars(
        lean_data,
        "equity",
        "usa",
        "SPY",
        "daily",
        "2013-12-02",
        "2013-12-31",
        normalization="total_return",
    )
    before = tr.date < np.datetime64("2013-12-20")
    np.testing.assert_allclose(
        tr.close[before], raw.close[before]
    )  # split factor 1, no dividend yet
    np.testing.assert_allclose(tr.close[~before], raw.close[~before] + 0.99)  # ex-date 2013-12-20


def test_missing_quote_side_is_nan(tmp_path):
    import zipfile

    path = tmp_path / "equity" / "usa" / "minute" / "xyz" / "20131007_quote.zip"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "20131007_xyz_minute_quote.csv",
            "34200000,,,,,0,1000000,1000000,1000000,1000000,300\n"
            "34260000,990000,990000,990000,990000,100,,,,,0\n",
        )
    q = read_quote_bars(tmp_path, "equity", "usa", "XYZ", "minute", "2013-10-07", "2013-10-07")
    assert len(q) == 2 and np.isnan(q.bid_close[0]) and q.ask_close[0] == 100.0
    assert q.bid_close[1] == 99.0 and np.isnan(q.ask_open[1])
    assert (
        len(read_trade_bars(tmp_path, "equity", "usa", "XYZ", "minute", "2013-10-07", "2013-10-07"))
        == 0
    )


def test_data_layer_never_imports_django():
    from pathlib import Path

    import engine.data

    root = Path(engine.data.__file__).parent
    offenders = [p.name for p in root.rglob("*.py") if "django" in p.read_text().lower()]
    assert offenders == []


def test_adjusted_prices_are_the_exact_decimal_products(tmp_path):
    """LEAN scales in System.Decimal: 168.2 * 0.8646266 is 145.43019412, which the float product
    misses by a unit in the last place (145.43019411999998)."""
    import zipfile

    path = tmp_path / "equity" / "usa" / "minute" / "xyz" / "20131007_trade.zip"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "20131007_xyz_minute_trade.csv",
            "34200000,1682000,1682000,1682000,1682000,100\n",
        )
    factors = tmp_path / "equity" / "usa" / "factor_files" / "xyz.csv"
    factors.parent.mkdir(parents=True)
    factors.write_text("19980102,0.8646266,1,1\n20131219,0.8646266,1,181.5\n20501231,1,1,0\n")
    bars = read_trade_bars(tmp_path, "equity", "usa", "XYZ", "minute", "2013-10-07", "2013-10-07")
    assert 168.2 * 0.8646266 != 145.43019412
    assert bars.close[0] == 145.43019412
