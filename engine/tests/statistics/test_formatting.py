""".NET number formatting used by LEAN's statistics strings."""

from __future__ import annotations

from decimal import Decimal

from engine.statistics.formatting import (
    format_decimal,
    format_double,
    format_n2,
    format_percent_p,
    net_multiply,
    net_round,
    round_double,
    smart_round,
    to_decimal,
)
from engine.statistics.summary import format_capacity


def test_net_round_is_half_even_and_keeps_scale() -> None:
    assert format_decimal(net_round(Decimal("2.2000"), 3)) == "2.200"
    assert format_decimal(net_round(Decimal("0.125"), 2)) == "0.12"
    assert format_decimal(net_round(Decimal("0.135"), 2)) == "0.14"
    assert format_decimal(net_round(Decimal("0.5"), 3)) == "0.5"  # never pads
    assert format_decimal(net_round(Decimal("75.00"))) == "75"
    assert format_decimal(net_round(Decimal(0) * 100, 2)) == "0"


def test_double_to_decimal_keeps_15_significant_digits() -> None:
    assert to_decimal(0.21000000000000019) == Decimal("0.21")
    assert str(to_decimal(0.21000000000000019) * 100) == "21.00"
    assert to_decimal(2.714531234567891) == Decimal("2.71453123456789")


def test_double_strings_like_dotnet() -> None:
    assert format_double(round_double(1.9704362, 3)) == "1.97"
    assert format_double(round_double(-14.5658, 3)) == "-14.566"
    assert format_double(0.0) == "0"
    assert format_double(round_double(0.0491, 3)) == "0.049"
    assert format_double(1e20) == "1E+20"


def test_money_formats() -> None:
    assert format_n2(Decimal("101691.9198")) == "101,691.92"
    assert format_n2(-1234.5) == "-1,234.50"
    assert format_percent_p(Decimal("0.0169192")) == "1.69 %"
    assert format_capacity(Decimal("56000000.00")) == "$56000000.00"
    assert format_capacity(Decimal("1744000.00")) == "$1700000.00"
    assert format_capacity(Decimal(0)) == "$0"
    assert format_capacity(Decimal("85321.00"), "€") == "€85000.00"


def test_smart_round_like_lean_chart_points() -> None:
    # Extensions.SmartRounding: 4 dp above 1000, else 7 significant digits, Normalize()d
    assert str(smart_round(Decimal("101691.91984"))) == "101691.9198"
    assert str(smart_round(Decimal("-1.1542801144"))) == "-1.15428"
    assert str(smart_round(Decimal("2.2079155935"))) == "2.207916"
    assert str(smart_round(Decimal("0.0541744018"))) == "0.0541744"
    assert str(smart_round(Decimal("100.00000"))) == "100"
    assert str(smart_round(Decimal("-2500.123456"))) == "-2500.123"
    assert smart_round(Decimal(0)) == 0


def test_smart_round_drops_trailing_zeros_before_rounding_large_values() -> None:
    # SmartRounding normalizes first: an exact 105332.8000 keeps one decimal, which End Equity
    # (Math.Round(value, 2), never padding) prints as LEAN does
    assert str(smart_round(Decimal("105332.8000"))) == "105332.8"
    assert str(smart_round(Decimal("98838.0000"))) == "98838"
    assert format_decimal(net_round(smart_round(Decimal("105332.8000")), 2)) == "105332.8"
    assert str(smart_round(Decimal("105332.80004"))) == "105332.8000"


def test_decimal_products_keep_dotnet_scales() -> None:
    assert str(net_multiply(Decimal("0.5"), Decimal("0.50"))) == "0.250"
    assert str(net_multiply(Decimal(0), Decimal("6812.01"))) == "0.00"  # 32-bit operands
    # a zero product of a 28-digit ratio has no scale (DecCalc.VarDecMul's ReturnZero)
    ratio = Decimal(1) / Decimal(3)
    assert str(net_multiply(Decimal(0), ratio)) == "0"
    assert str(net_multiply(Decimal(0), ratio) - 1) == "-1"
