"""Number formatting that reproduces .NET's output for LEAN's statistics strings.

LEAN keeps money and most ratios in ``System.Decimal`` and some in ``double``:

- ``Math.Round`` is banker's rounding (half to even) for both types.
- A decimal prints with the digits of its *scale* (``2.200`` stays ``2.200``); ``Math.Round(d, n)``
  only lowers the scale to ``n`` when it was larger, it never pads.
- A double prints in its shortest round-trip form (``1.97``, ``0``, ``-14.565``).
- ``(decimal)someDouble`` keeps at most 15 significant digits, without trailing zeros.

Python's :class:`decimal.Decimal` tracks the scale like .NET, so decimal-typed LEAN values are
computed with it; :func:`to_decimal` is the ``(decimal)double`` cast.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "DECIMAL_CONTEXT",
    "dec",
    "format_decimal",
    "format_double",
    "format_n2",
    "format_percent_p",
    "net_multiply",
    "net_round",
    "normalize",
    "round_double",
    "round_significant",
    "smart_round",
    "format_smart",
    "to_decimal",
]

#: Arithmetic context close to System.Decimal (28-29 significant digits, banker's rounding).
DECIMAL_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

_DECIMAL_MAX = Decimal("79228162514264337593543950335")


def to_decimal(value: float) -> Decimal:
    """``(decimal)value`` / LEAN's ``SafeDecimalCast``: 15 significant digits, clamped to the range."""
    if value is None or math.isnan(value):
        return Decimal(0)
    if value >= float(_DECIMAL_MAX):
        return _DECIMAL_MAX
    if value <= -float(_DECIMAL_MAX):
        return -_DECIMAL_MAX
    if value == 0:
        return Decimal(0)
    sign, digits, exponent = Decimal(format(value, ".15g")).as_tuple()
    while (
        exponent < 0 and len(digits) > 1 and digits[-1] == 0
    ):  # drop trailing zeros, keep integers
        digits = digits[:-1]
        exponent += 1
    if exponent > 0:  # 1.5e+20 -> plain integer digits
        digits = digits + (0,) * exponent
        exponent = 0
    return Decimal((sign, digits, exponent))


def dec(value: float | int | str | Decimal) -> Decimal:
    """A money/quantity input as a decimal: floats by their shortest repr (``0.1`` -> ``0.1``)."""
    if type(value) is float:
        # the common cases first (prices and volumes, per bar): a finite float with a fraction,
        # whose shortest repr is never integral, so no quantize below would apply; a volume
        if not value.is_integer():
            return Decimal(repr(value)) if value - value == 0.0 else Decimal(0)  # nan, inf: 0
        if 0 < abs(value) < 1e15:
            return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Decimal(0)
        if value.is_integer() and 0 < abs(value) < 1e15:  # volumes: the integral case, directly
            return Decimal(int(value))
        d = Decimal(repr(value))
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d
    return Decimal(value)


_QUANTA = tuple(Decimal(1).scaleb(-digits) for digits in range(29))


def net_round(value: Decimal, digits: int = 0) -> Decimal:
    """``Math.Round(decimal, digits)``: half-even, lowers the scale to ``digits`` only if larger."""
    if 0 <= digits < len(_QUANTA):
        # the usual case first: a value the rounding changes had more than ``digits`` decimals
        # (as_tuple(), which lists every digit, is only needed when it does not)
        try:
            rounded = value.quantize(_QUANTA[digits], rounding=ROUND_HALF_EVEN)
        except InvalidOperation:
            rounded = None
        if rounded is not None and rounded == rounded and rounded != value:
            return rounded
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= digits:
        return value
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


def net_multiply(a: Decimal, b: Decimal) -> Decimal:
    """``a * b`` in System.Decimal: the scales add up (``0.5 * 0.50`` is ``0.250``, ``0 * 6812.01``
    is ``0.00``), except that a zero product of an operand whose 96-bit mantissa does not fit in 32
    bits is a plain ``0`` (.NET's DecCalc.VarDecMul returns ``default`` when the long product has
    no digits), so ``0 * 0.9216...`` (28 digits) is ``0``, not ``0E-28``."""
    product = a * b
    if product == 0 and max(_mantissa(a), _mantissa(b)) >= 1 << 32:
        return Decimal(0)
    return product


def _mantissa(value: Decimal) -> int:
    digits = value.as_tuple().digits
    return int("".join(map(str, digits))) if digits else 0


def format_decimal(value: Decimal) -> str:
    """``decimal.ToStringInvariant()``: plain digits, the scale kept."""
    text = format(value, "f")
    if text.startswith("-") and Decimal(text) == 0:
        return text[1:]
    return text


def round_double(value: float, digits: int) -> float:
    """``Math.Round(double, digits)`` (half to even)."""
    if math.isnan(value) or math.isinf(value):
        return value
    return round(value, digits)


def format_double(value: float) -> str:
    """``double.ToStringInvariant()`` in .NET Core 3.0+: shortest round-trip text."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    text = repr(value)
    if "e" in text or abs(value) >= 1e15:
        mantissa, _, exponent = (
            format(value, ".17g").partition("e") if "e" not in text else text.partition("e")
        )
        if not exponent:  # large value printed without exponent by repr
            exp10 = int(math.floor(math.log10(abs(value))))
            mantissa = repr(value / 10**exp10)
            exponent = str(exp10)
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}E{sign}{abs(int(exponent)):02d}"
    if text.endswith(".0"):
        text = text[:-2]
    return text


def round_significant(value: Decimal, digits: int) -> Decimal:
    """LEAN's ``RoundToSignificantDigits`` for decimals."""
    if value == 0:
        return Decimal(0)
    with localcontext(DECIMAL_CONTEXT):
        scale = Decimal(10) ** (math.floor(math.log10(abs(float(value)))) + 1)
        return scale * net_round(value / scale, digits)


def smart_round(value: Decimal) -> Decimal:
    """LEAN's ``SmartRounding`` (Common/Extensions.cs): 4 decimals above 1000, else 7 significant
    digits. ``ChartPoint.y`` and the ``Candlestick`` setters (the equity the statistics read)
    apply it to every chart value (Common/ChartPoint.cs, Common/Candlestick.cs). It normalizes
    first, so above 1000 the trailing zeros are gone before the rounding: 105332.8000 keeps one
    decimal, which End Equity prints ("105332.8")."""
    if value > 1000:
        return net_round(normalize(value), 4)
    return normalize(round_significant(value, 7))


def normalize(value: Decimal) -> Decimal:
    """.NET's ``decimal.Normalize()``: trailing zeros dropped, without an exponent ("100", not
    "1E+2")."""
    normalized = value.normalize(DECIMAL_CONTEXT)
    return normalized.quantize(Decimal(1)) if normalized.as_tuple().exponent > 0 else normalized


def format_smart(value: float | Decimal) -> str:
    """``value.SmartRounding()`` as text without trailing zeros (LEAN's order messages)."""
    text = format_decimal(smart_round(dec(value)))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def format_n2(value: Decimal | float) -> str:
    """.NET ``ToString("N2")`` (invariant): thousands separators, 2 decimals, half away from zero."""
    d = dec(value) if not isinstance(value, Decimal) else value
    from decimal import ROUND_HALF_UP

    q = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    return f"{q:,.2f}"


def format_percent_p(value: Decimal | float) -> str:
    """.NET ``ToString("P")`` (invariant culture): x100, 2 decimals, ``" %"`` suffix."""
    d = dec(value) if not isinstance(value, Decimal) else value
    from decimal import ROUND_HALF_UP

    q = (d * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    return f"{q:,.2f} %"
