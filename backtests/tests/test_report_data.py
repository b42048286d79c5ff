"""Report series from result documents (pure functions, no database)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from backtests.report import data, figures
from backtests.report.crisis import CRISIS_EVENTS
from backtests.tests.report_documents import result_document


def _equity(values, start="2021-01-04"):
    return pd.Series(values, index=pd.bdate_range(start, periods=len(values)), dtype="float64")


def test_crisis_list_matches_quantconnects_report():
    names = [e.name for e in CRISIS_EVENTS]
    assert len(names) == 13
    assert names[0] == "DotCom Bubble 2000"
    covid = CRISIS_EVENTS[-1]
    assert (covid.name, covid.start, covid.end) == (
        "COVID-19 Pandemic 2020",
        date(2020, 2, 10),
        date(2020, 9, 20),
    )
    assert all(e.start < e.end for e in CRISIS_EVENTS)


def test_daily_equity_uses_candle_closes_and_drops_zeros():
    result = result_document("2021-03-01", "2021-03-31")
    equity = data.daily_equity(result)
    assert equity.index[0] == pd.Timestamp("2021-03-01")
    assert equity.iloc[0] == 100_000
    assert len(equity) == 23


def test_leading_zero_benchmark_samples_are_dropped():
    result = result_document("2021-03-01", "2021-03-31")
    values = result["charts"]["Benchmark"]["series"]["Benchmark"]["values"]
    values[0][1] = 0.0
    assert data.daily_benchmark(result).iloc[0] == values[1][1]


def test_annual_and_monthly_returns():
    equity = _equity([100, 110, 121], start="2021-12-30")  # Dec 30, Dec 31, Jan 3
    annual = data.annual_returns(equity)
    assert annual.loc[2021] == pytest.approx(10.0)
    assert annual.loc[2022] == pytest.approx(10.0)
    monthly = data.monthly_returns(equity)
    assert monthly.loc[2021, 12] == pytest.approx(10.0)
    assert monthly.loc[2022, 1] == pytest.approx(10.0)
    assert pd.isna(monthly.loc[2022, 2])


def test_top_drawdowns_with_recovery():
    equity = _equity([100, 90, 95, 100, 105, 84, 105, 104])
    periods = data.top_drawdowns(equity)
    assert [round(p.depth, 2) for p in periods] == [-20.0, -10.0, -0.95]
    deepest = periods[0]
    assert deepest.start == date(2021, 1, 8)  # peak 105
    assert deepest.trough == date(2021, 1, 11)
    assert deepest.recovery == date(2021, 1, 12)
    assert periods[2].recovery is None


def test_rolling_statistics_need_a_full_window():
    returns = pd.Series([0.01, -0.02, 0.015] * 50, index=pd.bdate_range("2021-01-04", periods=150))
    assert data.rolling_sharpe(returns, 252).empty
    sharpe = data.rolling_sharpe(returns, 126)
    assert len(sharpe) == 150 - 125
    beta = data.rolling_beta(returns, returns * 2, 126)
    assert beta.iloc[-1] == pytest.approx(0.5)


def test_crisis_windows_keep_only_covered_events():
    result = result_document("2020-01-02", "2020-04-30")
    windows = data.crisis_windows(data.daily_equity(result), data.daily_benchmark(result))
    assert [w.event.name for w in windows] == ["COVID-19 Pandemic 2020"]
    window = windows[0]
    assert window.strategy.index[0] == pd.Timestamp("2020-02-10")
    assert window.strategy.iloc[0] == 0.0
    assert len(window.benchmark) == len(window.strategy)


def test_report_statistics_come_from_the_document():
    result = result_document("2020-01-02", "2020-04-30")
    rows = data.report_statistics(result)
    stats = {s["label"]: s["value"] for s in rows}
    titles = {s["label"]: s["title"] for s in rows}
    assert stats["Sharpe Ratio"] == "1.234"
    assert stats["Probabilistic SR"] == "55.5%"
    assert stats["Information Ratio"] == "0.321"
    assert stats["Strategy Capacity"] == "$4.5M"  # fits its card; the full amount in the title
    assert titles["Strategy Capacity"] == "$4,500,000.00"
    assert stats["Runtime Days"] == "120"
    assert stats["Trades per Day"] == f"{2 / 120:.2f}"
    assert stats["Markets"] == "Equity"


def test_asset_allocation_weights_holdings_by_time():
    result = result_document("2020-01-02", "2020-04-30")
    assert data.asset_allocation(result) == [("SPY", 1.0)]
    assert data.asset_allocation(result_document("2020-01-02", "2020-04-30", trades=False)) == []


def test_asset_allocation_values_contracts_with_their_multiplier():
    """One ES contract at 1,600 holds $80,000 ($50 a point), one GOOG option at $4 holds $400
    (100 shares): against $40,000 of SPY shares held as long, ES is two thirds of the total."""
    from engine.tests.conftest import lean_data_path

    folder = lean_data_path()
    if not folder.is_dir():
        pytest.skip(f"LEAN sample data not found at {folder}")
    fills = [
        ("SPY R735QTJ8XC9X", "SPY", 100, 400.0),
        ("ES VMKLFZIH2MTD", "ES20Z13", 1, 1600.0),
        ("GOOG W6NBLKCLQZUU|GOOCV VP83T1ZUHROL", "GOOG  151224C00747500", 1, 4.0),
    ]
    result = {
        "orderEvents": [
            {
                "symbol": sid,
                "symbolValue": value,
                "status": "filled",
                "time": 1_600_000_000.0,
                "fillQuantity": quantity,
                "fillPrice": price,
            }
            for sid, value, quantity, price in fills
        ]
        + [
            {
                "symbol": "SPY R735QTJ8XC9X",
                "symbolValue": "SPY",
                "status": "filled",
                "time": 1_600_086_400.0,
                "fillQuantity": 0.0001,
                "fillPrice": 400.0,
            }
        ],
    }
    shares = dict(data.asset_allocation(result, data_dir=folder, others_below=0))
    assert shares["ES20Z13"] == pytest.approx(80_000 / 120_400)
    assert shares["SPY"] == pytest.approx(40_000 / 120_400, rel=1e-5)
    assert shares["GOOG  151224C00747500"] == pytest.approx(400 / 120_400)
    assert data.contract_multiplier("not an identifier", folder) == 1.0


def test_short_backtest_sections_explain_what_is_missing():
    result = result_document("2021-01-04", "2021-03-31", benchmark=False, trades=False)
    sections = figures.build_sections(result)
    by_id = {
        s.id: s for s in figures.all_sections({k: v for k, v in sections.items() if k != "equity"})
    }
    assert by_id["cumulative"].figure is not None
    assert "no benchmark" in by_id["cumulative"].extra["note"]
    assert by_id["rolling-beta"].figure is None and "no benchmark" in by_id["rolling-beta"].empty
    assert by_id["rolling-sharpe"].figure is None
    assert "needs at least 126" in by_id["rolling-sharpe"].empty
    assert by_id["per-trade"].figure is None and "no trades" in by_id["per-trade"].empty
    assert by_id["allocation"].figure is None
    assert by_id["leverage"].figure is None
    assert sections["crisis"] == []


def test_every_figure_has_data():
    result = result_document("2018-06-01", "2020-12-31")
    sections = figures.build_sections(result)
    every = figures.all_sections({k: v for k, v in sections.items() if k != "equity"})
    assert [s.id for s in every if s.figure is None] == []
    for section in every:
        traces = section.figure["data"]
        assert traces, section.id
        assert any(t.get("x") or t.get("z") or t.get("values") for t in traces), section.id
    assert [s.title for s in sections["crisis"]] == [
        "New Normal 2014-2019",
        "COVID-19 Pandemic 2020",
    ]
