"""QuantLib valuation of one vanilla option, as LEAN's ``QLOptionPriceModel.Evaluate``
(Common/Securities/Option/QLOptionPriceModel.cs) sets it up, on plain values.

QuantLib (the ``QuantLib`` package on PyPI) is imported on the first valuation only: an algorithm
that uses no option price model never loads it.

LEAN's engines by name (Common/Securities/Option/OptionPriceModels.QuantLib.cs), with the option
styles each accepts (a style it does not accept is refused with ``ArgumentException``, as LEAN;
a ``ValueError``):

==========================  ============================================  ===================
name                        QuantLib engine                               styles
==========================  ============================================  ===================
black_scholes               AnalyticEuropeanEngine                        European
barone_adesi_whaley         BaroneAdesiWhaleyApproximationEngine          American
bjerksund_stensland         BjerksundStenslandApproximationEngine         American
integral                    IntegralEngine                                European
crank_nicolson_fd           FdBlackScholesVanillaEngine(100, 99)          both
binomial_jarrow_rudd        BinomialVanillaEngine "jr", 100 steps         both
binomial_cox_ross_rubinstein  BinomialVanillaEngine "crr", 100 steps      both
additive_equiprobabilities  BinomialVanillaEngine "eqp", 100 steps        both
binomial_trigeorgis         BinomialVanillaEngine "trigeorgis", 100       both
binomial_tian               BinomialVanillaEngine "tian", 100 steps       both
binomial_leisen_reimer      BinomialVanillaEngine "lr", 100 steps         both
binomial_joshi              BinomialVanillaEngine "joshi4", 100 steps     both
==========================  ============================================  ===================

LEAN's ``FDAmericanEngine``/``FDEuropeanEngine`` (100 time steps, 99 grid points) are QuantLib's
``FdBlackScholesVanillaEngine`` today, with the same grid.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from typing import Any

from engine.errors import ArgumentException
from engine.pricing.model_types import AMERICAN, CALL, EUROPEAN, option_right, option_style
from engine.pricing.results import ModeledGreeks, OptionPriceModelResult

TIME_STEPS_BINOMIAL = 100
TIME_STEPS_FD = 100
BOTH_STYLES = (AMERICAN, EUROPEAN)

# name: (QuantLib engine factory name or binomial tree name, allowed styles)
ENGINES: dict[str, tuple[str, tuple[int, ...]]] = {
    "black_scholes": ("AnalyticEuropeanEngine", (EUROPEAN,)),
    "barone_adesi_whaley": ("BaroneAdesiWhaleyApproximationEngine", (AMERICAN,)),
    "bjerksund_stensland": ("BjerksundStenslandApproximationEngine", (AMERICAN,)),
    "integral": ("IntegralEngine", (EUROPEAN,)),
    "crank_nicolson_fd": ("fd", BOTH_STYLES),
    "binomial_jarrow_rudd": ("tree:jr", BOTH_STYLES),
    "binomial_cox_ross_rubinstein": ("tree:crr", BOTH_STYLES),
    "additive_equiprobabilities": ("tree:eqp", BOTH_STYLES),
    "binomial_trigeorgis": ("tree:trigeorgis", BOTH_STYLES),
    "binomial_tian": ("tree:tian", BOTH_STYLES),
    "binomial_leisen_reimer": ("tree:lr", BOTH_STYLES),
    "binomial_joshi": ("tree:joshi4", BOTH_STYLES),
}


@cache
def quantlib() -> Any:
    import QuantLib

    return QuantLib


def _ql_date(day: date) -> Any:
    return quantlib().Date(day.day, day.month, day.year)


def make_engine(name: str, process: Any, style: int) -> Any:
    ql = quantlib()
    kind, _ = ENGINES[name]
    if kind == "fd":
        return ql.FdBlackScholesVanillaEngine(process, TIME_STEPS_FD, TIME_STEPS_FD - 1)
    if kind.startswith("tree:"):
        return ql.BinomialVanillaEngine(process, kind[5:], TIME_STEPS_BINOMIAL)
    return getattr(ql, kind)(process)


def check_style(name: str, style: object) -> int:
    """The style as 0/1, or ``ValueError`` when the engine ``name`` does not price it."""
    if name not in ENGINES:
        raise ValueError(
            f"unknown QuantLib option engine {name!r}; expected one of {list(ENGINES)}"
        )
    code = option_style(style)
    if code not in ENGINES[name][1]:
        label = "American" if code == AMERICAN else "European"
        raise ArgumentException(
            f"{label} style options are not supported by option price model '{name}'"
        )
    return code


def evaluate(
    *,
    engine: str,
    spot: float,
    strike: float,
    premium: float,
    right: object,
    style: object,
    evaluation_date: date,
    settlement_date: date,
    maturity_date: date,
    rate: float,
    dividend_yield: float,
    volatility: float | None = None,
    greek_approximation: bool = True,
) -> OptionPriceModelResult:
    """Price, implied volatility and greeks of one option as LEAN's QLOptionPriceModel.

    ``volatility`` is the underlying's estimate; None uses Brenner and Subrahmanyam's initial
    guess ``sqrt(2 pi / T) * premium / spot`` (LEAN does when the volatility model is not ready).
    The implied volatility comes from QuantLib's ``impliedVolatility``; when that fails, from a
    Black formula on the forward solved with SciPy's ``brentq`` on [1e-7, 4] (LEAN runs ten
    Newton steps there). The greeks are then taken at the implied volatility; a greek the engine
    does not give comes from QuantLib's ``BlackCalculator`` when ``greek_approximation`` is on.
    """
    ql = quantlib()
    style_code = check_style(engine, style)
    call = option_right(right) == CALL
    day_counter = ql.Actual365Fixed()
    maturity = day_counter.yearFraction(_ql_date(evaluation_date), _ql_date(maturity_date))
    if maturity < 0 or spot <= 0 or premium <= 0:
        return OptionPriceModelResult.none()

    ql.Settings.instance().evaluationDate = _ql_date(evaluation_date)
    calendar = ql.UnitedStates(ql.UnitedStates.NYSE)
    spot_quote = ql.SimpleQuote(spot)
    dividend_curve = ql.YieldTermStructureHandle(
        ql.FlatForward(0, calendar, ql.QuoteHandle(ql.SimpleQuote(dividend_yield)), day_counter)
    )
    rate_curve = ql.YieldTermStructureHandle(
        ql.FlatForward(0, calendar, ql.QuoteHandle(ql.SimpleQuote(rate)), day_counter)
    )
    dividend_discount = dividend_curve.discount(maturity)
    rate_discount = rate_curve.discount(maturity)
    forward = spot * dividend_discount / rate_discount
    initial_guess = math.sqrt(2 * math.pi / maturity) * premium / spot if maturity > 0 else 0.0
    vol_quote = ql.SimpleQuote(volatility if volatility else initial_guess)
    vol_curve = ql.BlackVolTermStructureHandle(
        ql.BlackConstantVol(0, calendar, ql.QuoteHandle(vol_quote), day_counter)
    )
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(spot_quote), dividend_curve, rate_curve, vol_curve
    )
    payoff = ql.PlainVanillaPayoff(ql.Option.Call if call else ql.Option.Put, strike)
    if style_code == AMERICAN:
        exercise = ql.AmericanExercise(_ql_date(settlement_date), _ql_date(maturity_date))
    else:
        exercise = ql.EuropeanExercise(_ql_date(maturity_date))
    option = ql.VanillaOption(payoff, exercise)
    option.setPricingEngine(make_engine(engine, process, style_code))

    try:
        npv = option.NPV()
        npv = 0.0 if not math.isfinite(npv) else max(0.0, npv)  # can be negative near 0
    except RuntimeError:
        npv = 0.0

    try:
        implied = option.impliedVolatility(premium, process)
    except RuntimeError:
        implied = _black_implied_volatility(premium, strike, forward, rate_discount, maturity, call)
    # LEAN takes the greeks at the implied volatility (as brokers quote them); the price stays
    vol_quote.setValue(implied)
    black: list[Any] = []

    def approximation() -> Any:
        if not black:
            # LEAN's QLOptionPriceModel.cs passes the volatility where BlackCalculator takes a
            # standard deviation; kept so the approximated greeks are LEAN's
            black.append(ql.BlackCalculator(payoff, forward, implied, rate_discount))
        return black[0]

    def greek(exact: str, fallback: Any, scale: float = 1.0) -> Any:
        def compute() -> float:
            ql.Settings.instance().evaluationDate = _ql_date(evaluation_date)
            try:
                value = getattr(option, exact)()
            except RuntimeError:
                if not greek_approximation:
                    return 0.0
                value = fallback(approximation())
            return value / scale if math.isfinite(value) else 0.0

        return compute

    greeks = ModeledGreeks(
        delta=greek("delta", lambda b: b.delta(spot)),
        gamma=greek("gamma", lambda b: b.gamma(spot)),
        vega=greek("vega", lambda b: b.vega(maturity), 100.0),
        theta=greek("theta", lambda b: b.theta(spot, maturity)),
        rho=greek("rho", lambda b: b.rho(maturity), 100.0),
        lambda_=greek("elasticity", lambda b: b.elasticity(spot)),
    )
    return OptionPriceModelResult(npv, implied if math.isfinite(implied) else 0.0, greeks)


def _black_implied_volatility(premium, strike, forward, discount, maturity, call) -> float:
    from scipy.optimize import brentq

    ql = quantlib()
    kind = ql.Option.Call if call else ql.Option.Put

    def error(vol: float) -> float:
        std_dev = vol * math.sqrt(maturity)
        return ql.blackFormula(kind, strike, forward, std_dev, discount) - premium

    try:
        return float(brentq(error, 1e-7, 4.0, xtol=1e-4))
    except (ValueError, RuntimeError):
        return 0.0
