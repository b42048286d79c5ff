"""Candidate parameter sets: LEAN's grid search and Euler search (pure Python, no Django).

Follows LEAN's `Optimizer/Strategies/StepBaseOptimizationStrategy.cs`,
`GridSearchOptimizationStrategy.cs`, `EulerSearchOptimizationStrategy.cs` and
`Optimizer/Parameters/OptimizationStepParameterEnumerator.cs`:

- a step parameter yields `min + i * step` for i = 0, 1, ... while the value is <= max, computed
  in decimals (Python's `Decimal` keeps the scale as C#'s decimal does, so min 1 and step 0.5
  give "1.0", "1.5", "2.0" and integer bounds with an integer step give "10", "15");
- grid search runs the Cartesian product of every parameter's values once;
- Euler search runs that grid, then, while some parameter's step is above its minimum step,
  narrows every such parameter around the best result so far: new step = max(min step, step / 4),
  range = best -/+ new step * 2 clipped to the original bounds, and runs that finer grid; it ends
  when every step has reached its minimum step.

One difference from LEAN, on purpose: a parameter set that already ran (the best point is always
inside the next finer grid) is not run again; its earlier result counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

GRID = "QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy"
EULER = "QuantConnect.Optimizer.Strategies.EulerSearchOptimizationStrategy"
STRATEGIES = {GRID: "Grid Search", EULER: "Euler Search"}
EULER_SEGMENTS = 4

ParameterSet = dict[str, str]


class ParameterError(ValueError):
    """A parameter's range or step is unusable (the message names the parameter)."""


def to_decimal(value: object, *, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ParameterError(f"{what} must be a number, not {value!r}.") from None
    if not number.is_finite():
        raise ParameterError(f"{what} must be a finite number.")
    return number


@dataclass(frozen=True)
class StepParameter:
    name: str
    min: Decimal
    max: Decimal
    step: Decimal
    min_step: Decimal

    @classmethod
    def parse(
        cls, name: str, minimum: object, maximum: object, step: object, min_step: object = None
    ) -> StepParameter:
        name = str(name).strip()
        if not name:
            raise ParameterError("A parameter needs a name.")
        low = to_decimal(minimum, what=f"{name}: min")
        high = to_decimal(maximum, what=f"{name}: max")
        size = to_decimal(step, what=f"{name}: step")
        smallest = size if min_step in (None, "") else to_decimal(min_step, what=f"{name}: minStep")
        if low > high:
            raise ParameterError(f"{name}: min ({low}) is greater than max ({high}).")
        if size <= 0 or smallest <= 0:
            raise ParameterError(f"{name}: the step must be positive.")
        if size < smallest:
            raise ParameterError(f"{name}: the step is smaller than the minimum step.")
        return cls(name, low, high, size, smallest)

    def values(self) -> list[str]:
        out: list[str] = []
        index = 0
        while (value := self.min + index * self.step) <= self.max:
            out.append(format(value, "f"))
            index += 1
        return out

    def count(self) -> int:
        return int((self.max - self.min) // self.step) + 1


def grid(parameters: Iterable[StepParameter]) -> list[ParameterSet]:
    """Every combination, the first parameter varying slowest (LEAN's recursive order)."""
    parameters = list(parameters)
    names = [p.name for p in parameters]
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(p.values() for p in parameters))
    ]


def grid_count(parameters: Iterable[StepParameter]) -> int:
    total = 1
    for parameter in parameters:
        total *= parameter.count()
    return total


def euler_refine(
    parameters: list[StepParameter], best: ParameterSet, bounds: list[StepParameter]
) -> list[StepParameter] | None:
    """The next, finer scope around `best`, or None when every step is at its minimum.
    `bounds` are the user's original parameters (the refined range never leaves them)."""
    if not any(p.step > p.min_step for p in parameters):
        return None
    limits = {p.name: p for p in bounds}
    refined = []
    for parameter in parameters:
        if parameter.step > parameter.min_step:
            step = max(parameter.min_step, parameter.step / EULER_SEGMENTS)
            fractal = step * (Decimal(EULER_SEGMENTS) / 2)
            centre = Decimal(best[parameter.name])
            original = limits[parameter.name]
            refined.append(
                replace(
                    parameter,
                    min=max(original.min, centre - fractal),
                    max=min(original.max, centre + fractal),
                    step=step,
                )
            )
        else:
            refined.append(parameter)
    return refined


def euler_estimate(parameters: list[StepParameter]) -> int:
    """Upper bound of Euler search's backtests: the first grid plus every finer grid (each
    refinement grid spans at most EULER_SEGMENTS + 1 values per refined parameter)."""
    total = grid_count(parameters)
    current = list(parameters)
    while any(p.step > p.min_step for p in current):
        round_total = 1
        next_scope = []
        for p in current:
            if p.step > p.min_step:
                step = max(p.min_step, p.step / EULER_SEGMENTS)
                span = min(p.max - p.min, step * EULER_SEGMENTS)
                round_total *= int(span // step) + 1
                next_scope.append(replace(p, step=step))
            else:
                # LEAN keeps a parameter at its minimum step whole in every finer grid.
                round_total *= p.count()
                next_scope.append(p)
        total += round_total
        current = next_scope
    return total


def estimate(strategy: str, parameters: list[StepParameter]) -> int:
    if strategy == EULER:
        return euler_estimate(parameters)
    return grid_count(parameters)
