"""LEAN's ``OptionPricingModelType`` (Common/Indicators/OptionPricingModelType.cs) and the option
right and style values the pricing functions take.

The pricing functions take an option right and style as LEAN's integers (``OptionRight.CALL`` is 0,
``PUT`` 1; ``OptionStyle.AMERICAN`` is 0, ``EUROPEAN`` 1), so the ``OptionRight``/``OptionStyle``
enums of the symbol model, plain integers and the names ``"call"``/``"put"``,
``"american"``/``"european"`` all work.
"""

from __future__ import annotations

from typing import Any

from engine.model.enums import LeanEnum, pascal_aliases

CALL, PUT = 0, 1
AMERICAN, EUROPEAN = 0, 1


@pascal_aliases
class OptionPricingModelType(LeanEnum):
    """The models LEAN's option indicators price with (Indicators/OptionGreekIndicatorsHelper.cs)."""

    BLACK_SCHOLES = 0
    BINOMIAL_COX_ROSS_RUBINSTEIN = 1
    FORWARD_TREE = 2


def _code(value: Any, names: dict[str, int], what: str) -> int:
    if isinstance(value, str):
        code = names.get(value.strip().lower())
    else:
        try:
            code = int(value)
        except (TypeError, ValueError):
            code = names.get(str(getattr(value, "name", "")).lower())
    if code not in names.values():
        raise ValueError(f"not an option {what}: {value!r} (expected one of {sorted(names)})")
    return code


def option_right(value: Any) -> int:
    """0 for a call, 1 for a put, from an ``OptionRight``, an integer or a name."""
    return _code(value, {"call": CALL, "put": PUT}, "right")


def option_style(value: Any) -> int:
    """0 for American, 1 for European, from an ``OptionStyle``, an integer or a name."""
    return _code(value, {"american": AMERICAN, "european": EUROPEAN}, "style")


def pricing_model_type(value: Any) -> OptionPricingModelType:
    """An ``OptionPricingModelType`` from the enum, its integer or its name."""
    if isinstance(value, OptionPricingModelType):
        return value
    if isinstance(value, str):
        key = value.strip().upper().replace(" ", "_")
        if key in OptionPricingModelType.__members__:
            return OptionPricingModelType[key]
        for member in OptionPricingModelType:
            if str(member).lower() == value.strip().lower():
                return member
        raise ValueError(f"unknown option pricing model type {value!r}")
    return OptionPricingModelType(int(value))
