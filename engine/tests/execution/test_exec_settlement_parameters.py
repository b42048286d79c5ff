"""Settlement models through LEAN's parameter objects, user models in either spelling, Currencies."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from engine.common.currencies import Currencies
from engine.execution.fees import CashAmount
from engine.execution.settlement import (
    ApplyFundsSettlementModelParameters,
    DelayedSettlementModel,
    ImmediateSettlementModel,
    ScanSettlementModelParameters,
    apply_funds,
    scan_unsettled,
)
from engine.model.enums import SecurityType
from engine.model.symbol import Symbol
from engine.portfolio.cashbook import CashBook
from engine.portfolio.security import Security, SecurityManager


def portfolio() -> SimpleNamespace:
    book = CashBook("USD")
    book["USD"].set_amount(1000.0)
    return SimpleNamespace(cash_book=book, unsettled_cash_book=[])


def test_immediate_and_delayed_models_take_parameter_objects() -> None:
    p = portfolio()
    spy = Security(Symbol("SPY", SecurityType.EQUITY, "usa"))
    when = datetime(2013, 10, 7, 15, 0, tzinfo=UTC)  # a Monday
    apply_funds(
        ImmediateSettlementModel(),
        ApplyFundsSettlementModelParameters(p, spy, when, CashAmount(50.0, "USD")),
    )
    assert p.cash_book["USD"].amount == 1050.0
    delayed = DelayedSettlementModel(1)
    apply_funds(
        delayed, ApplyFundsSettlementModelParameters(p, spy, when, CashAmount(200.0, "USD"))
    )
    apply_funds(
        delayed, ApplyFundsSettlementModelParameters(p, spy, when, CashAmount(-20.0, "USD"))
    )
    assert p.cash_book["USD"].amount == 1030.0 and len(p.unsettled_cash_book) == 1
    scan_unsettled(
        delayed, ScanSettlementModelParameters(p, spy, datetime(2013, 10, 8, 5, tzinfo=UTC))
    )
    assert (
        p.cash_book["USD"].amount == 1030.0
    )  # T+1 at 06:00 in the security's time zone (UTC here)
    scan_unsettled(
        delayed, ScanSettlementModelParameters(p, spy, datetime(2013, 10, 8, 6, tzinfo=UTC))
    )
    assert p.cash_book["USD"].amount == 1230.0 and not p.unsettled_cash_book


def test_user_settlement_model_in_pascal_case() -> None:
    class Model:
        def ApplyFunds(self, parameters):  # noqa: N802
            cash = parameters.CashAmount
            parameters.Portfolio.cash_book[cash.currency].add_amount(cash.amount * 2)

        def Scan(self, parameters):  # noqa: N802
            self.scanned = parameters.UtcTime

    p, model = portfolio(), Model()
    when = datetime(2013, 10, 7, tzinfo=UTC)
    apply_funds(model, ApplyFundsSettlementModelParameters(p, None, when, CashAmount(5.0, "USD")))
    scan_unsettled(model, ScanSettlementModelParameters(p, None, when))
    assert p.cash_book["USD"].amount == 1010.0 and model.scanned == when


def test_currencies_and_a_security_as_a_key() -> None:
    assert Currencies.USD == "USD" and Currencies.get_currency_symbol("INR") == "₹"
    assert Currencies.GetCurrencySymbol("XYZ") == "XYZ" and Currencies.get_currency_symbol("") == ""
    manager = SecurityManager()
    spy = manager.add(Security(Symbol("SPY", SecurityType.EQUITY, "usa")))
    assert manager[spy] is spy and spy in manager and manager.get(spy) is spy
