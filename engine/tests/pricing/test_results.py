"""Greeks and OptionPriceModelResult: LEAN's constructors, laziness and scaling."""

from __future__ import annotations

import pytest

from engine.pricing.results import Greeks, ModeledGreeks, NullGreeks, OptionPriceModelResult


def test_greeks_theta_per_day_is_theta_over_365():
    greeks = Greeks(0.5, 0.2, 0.15, -36.5, 0.1, 2.0)
    assert greeks.theta_per_day == pytest.approx(-0.1)
    greeks.theta_per_day = -0.2
    assert greeks.theta == pytest.approx(-73.0)
    assert (greeks.Delta, greeks.lambda_, greeks.Lambda) == (0.5, 2.0, 2.0)


def test_greeks_can_be_changed_in_place():
    greeks = Greeks(0.5, 0.2, 0.15, 0.05, 0.1, 2.0)
    greeks.delta *= -1
    assert greeks.delta == -0.5


def test_modeled_greeks_compute_once_on_first_access():
    calls = []

    def delta():
        calls.append(1)
        return 0.4

    greeks = ModeledGreeks(delta=delta)
    assert calls == []
    assert greeks.delta == 0.4 and greeks.delta == 0.4
    assert calls == [1]
    assert greeks.gamma == 0.0
    with pytest.raises(TypeError, match="unknown greeks"):
        ModeledGreeks(charm=lambda: 0.0)


def test_result_overloads_and_lazy_values():
    seen = []
    result = OptionPriceModelResult(3.5, lambda: seen.append("iv") or 0.2, NullGreeks())
    assert seen == []
    assert result.implied_volatility == 0.2 and result.implied_volatility == 0.2
    assert seen == ["iv"]
    two = OptionPriceModelResult(1.25, Greeks(delta=0.3))
    assert (two.theoretical_price, two.implied_volatility, two.greeks.delta) == (1.25, 0.0, 0.3)
    none = OptionPriceModelResult.none()
    assert (none.theoretical_price, none.greeks.delta) == (0.0, 0.0)
    with pytest.raises(TypeError):
        OptionPriceModelResult(1, 2, 3, 4)
