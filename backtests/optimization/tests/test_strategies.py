from __future__ import annotations

from decimal import Decimal

import pytest

from backtests.optimization.objectives import Constraint, ObjectiveError, best_of, objective_key
from backtests.optimization.strategies import (
    EULER,
    GRID,
    ParameterError,
    StepParameter,
    estimate,
    euler_refine,
    grid,
)


def test_integer_parameter_values_stop_at_max():
    assert StepParameter.parse("fast", 10, 25, 5).values() == ["10", "15", "20", "25"]
    # 10, 14, 18, 22 (26 > 25 is not reached), as LEAN's step enumerator
    assert StepParameter.parse("fast", 10, 25, 4).values() == ["10", "14", "18", "22"]


def test_decimal_parameter_values_keep_the_step_scale():
    assert StepParameter.parse("k", 1, 2, "0.5").values() == ["1.0", "1.5", "2.0"]
    assert StepParameter.parse("k", "0.1", "0.3", "0.1").values() == ["0.1", "0.2", "0.3"]


def test_grid_is_the_cartesian_product_first_parameter_slowest():
    sets = grid([StepParameter.parse("a", 1, 2, 1), StepParameter.parse("b", "0.5", "1", "0.5")])
    assert sets == [
        {"a": "1", "b": "0.5"},
        {"a": "1", "b": "1.0"},
        {"a": "2", "b": "0.5"},
        {"a": "2", "b": "1.0"},
    ]
    assert estimate(GRID, [StepParameter.parse("a", 1, 2, 1)]) == 2


@pytest.mark.parametrize(
    "args",
    [("x", 5, 1, 1), ("x", 1, 5, 0), ("x", 1, 5, "a"), ("", 1, 5, 1), ("x", 1, 5, 1, 2)],
)
def test_bad_parameters_are_refused(args):
    with pytest.raises(ParameterError):
        StepParameter.parse(*args)


def test_euler_refines_around_the_best_by_quarter_steps():
    # 0..100 step 20 (min step 1): coarse grid 0,20,...,100; best 60 -> step 5, range 50..70
    original = [StepParameter.parse("p", 0, 100, 20, 1)]
    assert grid(original) == [{"p": str(v)} for v in (0, 20, 40, 60, 80, 100)]
    finer = euler_refine(original, {"p": "60"}, original)
    assert finer is not None
    assert [p.values() for p in finer] == [["50", "55", "60", "65", "70"]]
    # step 5 -> max(1, 1.25) = 1.25, range 62 -/+ 2.5 -> 59.50..64.50 (decimal scale kept)
    finer2 = euler_refine(finer, {"p": "62"}, original)
    assert finer2[0].values() == ["59.50", "60.75", "62.00", "63.25", "64.50"]
    # step 1.25 -> max(1, 0.3125) = 1, then the step is at its minimum: the search ends
    finer3 = euler_refine(finer2, {"p": "62"}, original)
    assert finer3[0].step == Decimal(1) and finer3[0].values() == ["60", "61", "62", "63", "64"]
    assert euler_refine(finer3, {"p": "62"}, original) is None


def test_euler_range_is_clipped_to_the_original_bounds():
    original = [StepParameter.parse("p", 0, 100, 20, 5)]
    finer = euler_refine(original, {"p": "0"}, original)
    assert finer[0].values() == ["0", "5", "10"]


def test_euler_estimate_counts_every_round():
    # rounds: 6 (coarse), then 5 (step 5), 5 (step 1.25), 5 (step 1) = 21
    assert estimate(EULER, [StepParameter.parse("p", 0, 100, 20, 1)]) == 21
    # no minimum step below the step: Euler is the grid
    assert estimate(EULER, [StepParameter.parse("p", 0, 100, 20)]) == 6


def test_objective_names_and_constraints():
    assert objective_key("TotalPerformance.PortfolioStatistics.SharpeRatio") == "sharpeRatio"
    assert objective_key("Drawdown") == "drawdown"
    with pytest.raises(ObjectiveError):
        objective_key("Luck")
    small_drawdown = Constraint.parse("Drawdown", "less", 20)
    assert small_drawdown.is_met({"drawdown": 12.5})
    assert not small_drawdown.is_met({"drawdown": 25.0})
    assert not small_drawdown.is_met({"drawdown": None})
    with pytest.raises(ObjectiveError):
        Constraint.parse("Drawdown", "about", 20)


def test_best_respects_direction_and_constraints():
    results = [
        ("a", {"sharpeRatio": 1.0, "drawdown": 30.0}),
        ("b", {"sharpeRatio": 0.8, "drawdown": 10.0}),
        ("c", {"sharpeRatio": 0.2, "drawdown": 5.0}),
        ("d", {"sharpeRatio": None, "drawdown": 1.0}),
    ]
    assert best_of(results, key="sharpeRatio", maximize=True) == "a"
    assert best_of(results, key="sharpeRatio", maximize=False) == "c"
    limit = [Constraint.parse("drawdown", "less", 20)]
    assert best_of(results, key="sharpeRatio", maximize=True, constraints=limit) == "b"
    assert best_of(results, key="drawdown", maximize=False) == "d"
