"""Whether our statistics agree with LEAN's published ones, within stated tolerances.

Total Orders must be equal. Net Profit, End Equity, Total Fees and Drawdown may differ by 0.1 %
of LEAN's value, Sharpe Ratio and Compounding Annual Return by 1 %; each also by one unit of the
last digit LEAN prints (its figures are rounded, so "0.8%" covers 0.75 to 0.85).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# statistic -> relative tolerance
TOLERANCES: dict[str, float] = {
    "Net Profit": 0.001,
    "End Equity": 0.001,
    "Total Fees": 0.001,
    "Drawdown": 0.001,
    "Sharpe Ratio": 0.01,
    "Compounding Annual Return": 0.01,
}
EXACT = ("Total Orders",)


def _number(text: str) -> tuple[float, float] | None:
    """(value, one unit of the last printed digit) of a LEAN statistic string."""
    cleaned = text.replace("$", "").replace(",", "").replace("%", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    exponent = value.as_tuple().exponent
    unit = float(Decimal(1).scaleb(exponent)) if isinstance(exponent, int) else 0.0
    return float(value), unit


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """One line per statistic that disagrees: 'Net Profit: 4.486% (LEAN) vs 4.401%'."""
    out: list[str] = []
    for key in (*EXACT, *TOLERANCES):
        if key not in expected:
            continue
        ours = actual.get(key)
        if ours is None:
            out.append(f"{key}: {expected[key]} (LEAN) vs missing")
            continue
        theirs_n, ours_n = _number(expected[key]), _number(str(ours))
        if theirs_n is None or ours_n is None:
            if expected[key].strip() != str(ours).strip():
                out.append(f"{key}: {expected[key]} (LEAN) vs {ours}")
            continue
        (theirs_v, unit), (ours_v, _) = theirs_n, ours_n
        if key in EXACT:
            agree = theirs_v == ours_v
        else:
            allowed = max(abs(theirs_v) * TOLERANCES[key], unit)
            agree = abs(theirs_v - ours_v) <= allowed + 1e-12
        if not agree:
            out.append(f"{key}: {expected[key]} (LEAN) vs {ours}")
    return out
