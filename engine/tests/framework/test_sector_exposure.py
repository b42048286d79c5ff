"""MaximumSectorExposureRiskManagementModel against LEAN's rule: a sector's absolute holdings value
(targets first, else holdings) above the limit scales each of its positions by the excess ratio."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engine.framework import MaximumSectorExposureRiskManagementModel
from engine.model import Market, SecurityType, Symbol
from engine.portfolio.trading import PortfolioTarget


def _security(ticker: str, price: float, quantity: float, sector: str | None, has_data=True):
    fundamentals = SimpleNamespace(
        has_fundamental_data=has_data,
        company_reference=SimpleNamespace(industry_template_code=sector),
    )
    return SimpleNamespace(
        symbol=Symbol(ticker, SecurityType.EQUITY, Market.USA),
        price=price,
        fundamentals=fundamentals,
        holdings=SimpleNamespace(quantity=quantity, absolute_holdings_value=abs(quantity) * price),
        symbol_properties=SimpleNamespace(contract_multiplier=1.0),
    )


def _algorithm(securities, value=100_000.0):
    active = {s.symbol: s for s in securities}
    return SimpleNamespace(
        portfolio=SimpleNamespace(total_portfolio_value=value),
        universe_manager=SimpleNamespace(active_securities=active),
    )


def test_a_sector_over_the_limit_is_scaled_down_by_its_ratio():
    a = _security("AAA", 100.0, 200, "T")  # 20,000 held
    b = _security("BBB", 50.0, 0, "T")
    c = _security("CCC", 10.0, 500, "N")  # 5,000: under the limit
    algo = _algorithm([a, b, c])
    model = MaximumSectorExposureRiskManagementModel(0.2)  # 20,000 per sector
    # BBB's target adds 400 * 50 = 20,000: sector T holds 40,000, ratio 2
    out = model.manage_risk(algo, [PortfolioTarget(b.symbol, 400)])
    assert {(t.symbol.value, t.quantity) for t in out} == {("AAA", 100.0), ("BBB", 200.0)}


def test_sector_under_the_limit_and_securities_without_fundamentals_are_left_alone():
    a = _security("AAA", 100.0, 150, "T")
    d = _security("DDD", 100.0, 900, "T", has_data=False)
    model = MaximumSectorExposureRiskManagementModel(0.2)
    assert model.manage_risk(_algorithm([a, d]), []) == []
    with pytest.raises(ValueError, match="fundamental data"):
        model.on_securities_changed(_algorithm([d]), None)
    with pytest.raises(ValueError, match="non-positive"):
        MaximumSectorExposureRiskManagementModel(0)
