"""What an option price model answers: LEAN's ``Greeks`` (Common/Data/Market/Greeks.cs, with
``ModeledGreeks`` and ``NullGreeks``) and ``OptionPriceModelResult``
(Common/Securities/Option/OptionPriceModelResult.cs).

Greeks as LEAN scales them: ``delta`` per 1 unit of the underlying, ``gamma`` per unit, ``vega`` and
``rho`` per 1 % (one percentage point), ``theta`` per year with ``theta_per_day = theta / 365``,
``lambda_`` (elasticity) per unit. A result's implied volatility and greeks may be given as
callables: they run on first access (LEAN's ``Lazy`` values), so a model that is never asked for
its greeks never computes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GREEK_NAMES = ("delta", "gamma", "vega", "theta", "rho", "lambda_")


class Greeks:
    """Option sensitivities; ``Greeks(delta, gamma, vega, theta, rho, lambda_)`` (theta per year)."""

    def __init__(
        self,
        delta: float = 0.0,
        gamma: float = 0.0,
        vega: float = 0.0,
        theta: float = 0.0,
        rho: float = 0.0,
        lambda_: float = 0.0,
    ) -> None:
        self.delta = float(delta)
        self.gamma = float(gamma)
        self.vega = float(vega)
        self.theta = float(theta)
        self.rho = float(rho)
        self.lambda_ = float(lambda_)

    @property
    def theta_per_day(self) -> float:
        return self.theta / 365.0

    @theta_per_day.setter
    def theta_per_day(self, value: float) -> None:
        self.theta = float(value) * 365.0

    # LEAN's Python names: ``lambda`` is a keyword, so ``lambda_``; PascalCase from the old API
    Delta = property(lambda s: s.delta)
    Gamma = property(lambda s: s.gamma)
    Vega = property(lambda s: s.vega)
    Theta = property(lambda s: s.theta)
    Rho = property(lambda s: s.rho)
    Lambda = property(lambda s: s.lambda_)
    ThetaPerDay = property(lambda s: s.theta_per_day)

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name):.6g}" for name in GREEK_NAMES)
        return f"{type(self).__name__}({values})"


class ModeledGreeks(Greeks):
    """Greeks computed on first access, each from its own callable (LEAN's ModeledGreeks)."""

    def __init__(self, **compute: Callable[[], float]) -> None:
        unknown = set(compute) - set(GREEK_NAMES)
        if unknown:
            raise TypeError(f"unknown greeks {sorted(unknown)}; expected {GREEK_NAMES}")
        object.__setattr__(self, "_compute", dict(compute))
        object.__setattr__(self, "_values", {})

    def __getattr__(self, name: str) -> float:
        compute = self.__dict__.get("_compute", {})
        if name in GREEK_NAMES:
            values = self.__dict__["_values"]
            if name not in values:
                values[name] = float(compute[name]()) if name in compute else 0.0
            return values[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in GREEK_NAMES:
            self.__dict__["_values"][name] = float(value)
        else:
            object.__setattr__(self, name, value)


class NullGreeks(Greeks):
    """All greeks zero (LEAN's NullGreeks.Instance)."""


def _lazy(value: Any) -> Callable[[], Any]:
    return value if callable(value) and not isinstance(value, Greeks) else (lambda: value)


class OptionPriceModelResult:
    """``OptionPriceModelResult(theoretical_price, greeks)`` or
    ``OptionPriceModelResult(theoretical_price, implied_volatility, greeks)``; the implied
    volatility and the greeks may be callables evaluated on first access."""

    def __init__(self, theoretical_price: Any = 0.0, *rest: Any) -> None:
        if len(rest) == 1:
            implied, greeks = 0.0, rest[0]
        elif len(rest) == 2:
            implied, greeks = rest
        elif not rest:
            implied, greeks = 0.0, NullGreeks()
        else:
            raise TypeError(
                "OptionPriceModelResult(theoretical_price, greeks) or "
                "OptionPriceModelResult(theoretical_price, implied_volatility, greeks)"
            )
        self._price = _lazy(theoretical_price)
        self._implied = _lazy(implied)
        self._greeks = _lazy(greeks)
        self._cache: dict[str, Any] = {}

    def _get(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def theoretical_price(self) -> float:
        return float(self._get("price", self._price))

    @theoretical_price.setter
    def theoretical_price(self, value: float) -> None:
        self._cache["price"] = float(value)

    @property
    def implied_volatility(self) -> float:
        return float(self._get("iv", self._implied))

    @implied_volatility.setter
    def implied_volatility(self, value: float) -> None:
        self._cache["iv"] = float(value)

    @property
    def greeks(self) -> Greeks:
        return self._get("greeks", self._greeks)

    @greeks.setter
    def greeks(self, value: Greeks) -> None:
        self._cache["greeks"] = value

    TheoreticalPrice = property(lambda s: s.theoretical_price)
    ImpliedVolatility = property(lambda s: s.implied_volatility)
    Greeks = property(lambda s: s.greeks)

    @classmethod
    def none(cls) -> OptionPriceModelResult:
        """The zero price with zero greeks (LEAN's ``OptionPriceModelResult.None``)."""
        return cls(0.0, NullGreeks())

    def __repr__(self) -> str:
        return (
            f"OptionPriceModelResult(theoretical_price={self.theoretical_price:.6g}, "
            f"implied_volatility={self.implied_volatility:.6g}, greeks={self.greeks!r})"
        )
