"""Margin calls (Common/Securities/DefaultMarginCallModel.cs) and cash-account settlement."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.execution.brokerage import AccountType, DefaultBrokerageModel
from engine.model.data import Split
from engine.model.enums import DataNormalizationMode, OrderStatus
from engine.portfolio.margin_call import check_margin_calls
from engine.tests.portfolio.harness import Harness


def test_margin_call_liquidates_enough_to_restore_margin() -> None:
    h = Harness()
    spy = h.add_equity("SPY", quotes=False)
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 100, 100, 100)
    h.market_order("SPY", 1990)  # ~2x leverage
    h.step()
    assert check_margin_calls(h) == []
    h.at("2013-10-07 10:05")
    h.bar(spy, 60, 60, 60, 60)  # TPV ~ 20,400, margin used 59,700
    warnings: list[str] = []
    h.on_margin_call_warning = lambda: warnings.append("w")
    tickets = check_margin_calls(h)
    assert len(tickets) == 1
    t = tickets[0]
    assert t.tag == "Margin Call" and t.quantity < 0
    tpv = h.portfolio.total_portfolio_value
    used = h.portfolio.total_margin_used
    assert abs(t.quantity) * 30 >= used - tpv  # frees at least the deficit
    assert any("Executed MarginCallOrder" in log for log in h.logs)
    h.step()
    assert t.status == OrderStatus.FILLED
    # the next check is at least 5 minutes later
    h.at("2013-10-07 10:06")
    assert check_margin_calls(h) == []


def test_margin_call_warning_without_liquidation() -> None:
    h = Harness()
    spy = h.add_equity("SPY", quotes=False)
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 100, 100, 100)
    h.market_order("SPY", 1990)
    h.step()
    h.at("2013-10-07 10:05")
    h.bar(spy, 99, 99, 99, 99)
    warnings: list[str] = []
    h.on_margin_call_warning = lambda: warnings.append("w")
    assert check_margin_calls(h) == []
    assert warnings == ["w"]


def test_cash_account_sale_proceeds_settle_next_trading_day() -> None:
    h = Harness()
    h.brokerage_model = DefaultBrokerageModel(AccountType.CASH)
    spy = h.add_equity("SPY", quotes=False)
    assert spy.leverage == 1
    h.at("2013-10-11 10:00")  # Friday
    h.bar(spy, 100, 100, 100, 100)
    h.market_order("SPY", 100)
    h.step()
    h.market_order("SPY", -100)
    h.step()
    assert h.portfolio.cash_book["USD"].amount == pytest.approx(100000 - 10000 - 2)
    assert h.portfolio.unsettled_cash == pytest.approx(10000)
    assert h.portfolio.total_portfolio_value == pytest.approx(100000 - 2)
    h.portfolio.scan_settlement(
        datetime.fromisoformat("2013-10-14T09:00:00+00:00")
    )  # Monday 05:00 ET
    assert h.portfolio.unsettled_cash == pytest.approx(10000)
    h.portfolio.scan_settlement(
        datetime.fromisoformat("2013-10-14T10:00:00+00:00")
    )  # Monday 06:00 ET
    assert h.portfolio.unsettled_cash == 0
    assert h.portfolio.cash == pytest.approx(100000 - 2)


def test_split_and_dividend_are_skipped_during_warm_up() -> None:
    h = Harness()
    spy = h.add_equity("SPY", quotes=False, data_normalization_mode=DataNormalizationMode.RAW)
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 100, 100, 100)
    h.market_order("SPY", 10)
    h.step()
    h.is_warming_up = True
    h.portfolio.apply_split(Split(spy.symbol, datetime(2013, 10, 8), 100.0, 0.5))
    assert h.portfolio["SPY"].quantity == 10
