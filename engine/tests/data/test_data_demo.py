"""Synthetic demo data: deterministic, LEAN-format, readable by the readers."""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pytest

from engine.data import (
    DataFolder,
    corporate_events,
    is_synthetic,
    market_hours,
    read_quote_bars,
    read_trade_bars,
    symbol_properties,
)
from engine.data.demo import generate, main


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    generate(out, "2024-05-01", "2024-07-31", ["AAPL", "MSFT"], seed=3)
    return out


def test_marker_and_support_files(demo):
    assert is_synthetic(demo) and "SYNTHETIC" in (demo / "SYNTHETIC_DATA.md").read_text()
    assert (demo / "market-hours" / "market-hours-database.json").is_file()
    assert symbol_properties(demo, "usa", "equity", "SPY").lot_size == 1
    hours = market_hours("equity", "usa", demo)
    assert hours.market_close("2024-07-03").hour == 13  # early close from the generated database
    folder = DataFolder(demo)
    for t in ("SPY", "AAPL", "MSFT"):  # SPY always included (default benchmark)
        for res in ("minute", "hour", "daily"):
            assert folder.has_data("equity", "usa", t, res)


def test_minute_round_trip(demo):
    days = market_hours("equity", "usa").trading_days("2024-05-01", "2024-07-31")
    bars = read_trade_bars(
        demo, "equity", "usa", "SPY", "minute", "2024-05-01", "2024-07-31", normalization="raw"
    )
    early = sum(1 for d in days if market_hours("equity", "usa").is_early_close(d))
    assert len(bars) == 390 * (len(days) - early) + 210 * early
    assert np.all(bars.high >= np.maximum(bars.open, bars.close))
    assert np.all(bars.low <= np.minimum(bars.open, bars.close))
    assert np.all(bars.low > 0) and np.all(bars.volume > 0)
    np.testing.assert_allclose(bars.close * 100, np.round(bars.close * 100), atol=1e-6)  # cent grid
    ext = read_trade_bars(
        demo, "equity", "usa", "SPY", "minute", "2024-05-01", "2024-05-01", extended_hours=True
    )
    assert len(ext) > 390
    quotes = read_quote_bars(
        demo, "equity", "usa", "SPY", "minute", "2024-05-01", "2024-07-31", normalization="raw"
    )
    assert len(quotes) == len(bars)
    assert np.all(quotes.ask_close > quotes.bid_close)
    # U-shaped intraday volume: first and last half hours are busier than midday
    day = bars.take(bars.date == np.datetime64("2024-05-01"))
    assert day.volume[:30].mean() > day.volume[150:240].mean() < day.volume[-30:].mean()


def test_daily_and_hour_match_minutes(demo):
    minute = read_trade_bars(
        demo, "equity", "usa", "MSFT", "minute", "2024-06-03", "2024-06-03", normalization="raw"
    )
    daily = read_trade_bars(
        demo, "equity", "usa", "MSFT", "daily", "2024-06-03", "2024-06-03", normalization="raw"
    )
    hour = read_trade_bars(
        demo, "equity", "usa", "MSFT", "hour", "2024-06-03", "2024-06-03", normalization="raw"
    )
    assert daily.open[0] == minute.open[0] and daily.close[0] == minute.close[-1]
    assert daily.high[0] == minute.high.max() and daily.volume[0] == minute.volume.sum()
    assert len(hour) == 7 and hour.volume.sum() == minute.volume.sum()


def test_split_and_dividends_round_trip(demo):
    events = corporate_events(demo, "AAPL", "2024-05-01", "2024-07-31")
    split = [e for e in events if e.kind == "split"]
    assert len(split) == 1 and split[0].date == date(2024, 6, 10) and split[0].split_factor == 0.5
    assert any(e.kind == "dividend" for e in events)
    raw = read_trade_bars(
        demo, "equity", "usa", "AAPL", "daily", "2024-06-06", "2024-06-11", normalization="raw"
    )
    adj = read_trade_bars(demo, "equity", "usa", "AAPL", "daily", "2024-06-06", "2024-06-11")
    assert raw.close[1] / raw.close[2] > 1.7  # raw halves at the split
    assert 0.9 < adj.close[1] / adj.close[2] < 1.1  # adjusted is continuous


def test_deterministic(tmp_path):
    a = generate(tmp_path / "a", "2024-01-02", "2024-01-05", ["SPY"], seed=11)
    b = generate(tmp_path / "b", "2024-01-02", "2024-01-05", ["SPY"], seed=11)
    rel = "equity/usa/minute/spy/20240103_trade.zip"
    from engine.data.folder import read_zip_entry

    assert read_zip_entry(a / rel) == read_zip_entry(b / rel)


def test_cli_and_speed(tmp_path, capsys):
    began = time.perf_counter()
    assert (
        main(
            [
                str(tmp_path / "cli"),
                "--start",
                "2024-01-02",
                "--end",
                "2024-03-28",
                "--tickers",
                "SPY,IBM",
            ]
        )
        == 0
    )
    assert time.perf_counter() - began < 20
    assert "synthetic" in capsys.readouterr().out.lower()
    assert DataFolder(tmp_path / "cli").has_data("equity", "usa", "IBM", "minute")
