"""Futures' fees under the default brokerage and FutureMarginModel's margin per contract."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine.execution.brokerage import DefaultBrokerageModel
from engine.execution.fees import InteractiveBrokersFeeModel
from engine.execution.future_fees import future_fee_per_contract
from engine.execution.future_margin import FutureMarginModel
from engine.model import SecurityType, Symbol


def _future(ticker: str, market: str, **extra: object) -> SimpleNamespace:
    return SimpleNamespace(
        symbol=Symbol(ticker, SecurityType.FUTURE, market),
        type=SecurityType.FUTURE,
        quote_currency="USD",
        **extra,
    )


def test_us_futures_pay_ib_exchange_and_regulatory_fees_per_contract() -> None:
    assert future_fee_per_contract(_future("ES", "cme")) == (2.15, "USD")
    assert future_fee_per_contract(_future("GC", "comex")) == (2.47, "USD")
    assert future_fee_per_contract(_future("MES", "cme")) == (0.57, "USD")
    assert future_fee_per_contract(_future("FESX", "eurex")) == (1.02, "EUR")
    with pytest.raises(KeyError, match="unexpected future market"):
        future_fee_per_contract(_future("XX", "mars"))


def test_the_default_brokerage_gives_futures_ib_fees_and_the_future_margin_model() -> None:
    brokerage = DefaultBrokerageModel()
    security = _future("ES", "cme")
    assert isinstance(brokerage.get_fee_model(security), InteractiveBrokersFeeModel)
    assert isinstance(brokerage.get_buying_power_model(security), FutureMarginModel)


def test_margin_per_contract_from_the_file_in_force_on_the_last_data_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    margins = tmp_path / "future" / "cme" / "margins"
    margins.mkdir(parents=True)
    (margins / "ES.csv").write_text("date,initial,maintenance\n20131003,4180,3800\n")
    monkeypatch.setattr(FutureMarginModel, "data_folder", tmp_path)
    last = SimpleNamespace(time=datetime(2013, 10, 8, 9, 31))
    security = _future(
        "ES",
        "cme",
        holdings=SimpleNamespace(quantity=-2.0),
        conversion_rate=1.0,
        get_last_data=lambda: last,
    )
    model = FutureMarginModel(0.0, security)
    assert model.initial_overnight_margin_requirement == 4180.0
    assert model.maintenance_intraday_margin_requirement == pytest.approx(1520.0)
    assert model.get_initial_margin_requirement(security, 3) == 3 * 4180.0
    assert model.get_maintenance_margin(security) == 2 * 3800.0
    assert model.get_leverage(security) == 1.0
    with pytest.raises(ValueError, match="different leverage cannot be set"):
        model.set_leverage(security, 2.0)
    no_data = _future("ES", "cme", get_last_data=lambda: None)
    assert FutureMarginModel(0.0, no_data).initial_overnight_margin_requirement == 0.0
