"""Option exercise arithmetic and margin ratios (LEAN's Option.cs and OptionMarginModel.cs)."""

from __future__ import annotations

import pytest

from engine.execution.option_exercise import (
    exercise_quantity,
    intrinsic_value,
    is_auto_exercised,
    option_margin_requirement,
    out_of_the_money_amount,
)


def test_intrinsic_value_and_auto_exercise():
    assert intrinsic_value(110, 100, "call") == 10
    assert intrinsic_value(90, 100, "call") == 0
    assert intrinsic_value(90, 100, "put") == 10
    assert is_auto_exercised(100.01, 100, "call")
    assert not is_auto_exercised(100.001, 100, "call")
    assert out_of_the_money_amount(90, 100, "call") == 10
    assert out_of_the_money_amount(90, 100, "put") == 0


def test_exercise_quantity_delivers_the_underlying():
    # exercising a long call (the order negates +2 holdings) buys 200 shares; a long put sells
    assert exercise_quantity(-2, "call", 100) == 200
    assert exercise_quantity(-2, "put", 100) == -200
    # assignment of a short call (order +1) sells 100 shares
    assert exercise_quantity(1, "call", 100) == -100


def test_long_options_pay_the_premium():
    ratio = option_margin_requirement(
        value=500.0, quantity=1, option_close=5, strike=100, right="call", underlying_close=100
    )
    assert ratio == 1.0


def test_short_naked_call_margin():
    # short 1 call at $5 (value -500), underlying 100, strike 100 (at the money):
    # max(10% x 10000, 20% x 10000 - 0) = 2000 over the 500 premium -> ratio 1 + 2000/500
    ratio = option_margin_requirement(
        value=-500.0, quantity=-1, option_close=5, strike=100, right="call", underlying_close=100
    )
    assert ratio == pytest.approx(1 + 2000 / 500)
    # a put 10 out of the money: max(10% x strike value 9000, 20% x 10000 - 1000) = 1000
    ratio = option_margin_requirement(
        value=-500.0, quantity=-1, option_close=5, strike=90, right="put", underlying_close=100
    )
    assert ratio == pytest.approx(1 + 1000 / 500)
