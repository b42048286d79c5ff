"""LEAN's default option price model: the option indicators evaluated on the current prices of
the contract, its underlying and its mirror contract (Indicators/IndicatorBasedOptionPriceModel.cs
and IndicatorBasedOptionPriceModelProvider.cs). LEAN's engine gives every option security this
model; ``OptionPriceModels.black_scholes()``, ``binomial_cox_ross_rubinstein()`` and
``forward_tree()`` come from its provider.

``evaluate(parameters)`` reads by duck typing: ``parameters.contract`` (``symbol``, ``time``,
``expiry``), ``parameters.security`` (``price``, ``local_time``, ``symbol`` and ``underlying`` with
``price`` and ``symbol``) and, for the mirror contract, the provider's ``securities`` (anything
with ``get(symbol)`` answering a security or None). The mirror contract is the other right at
the same strike and expiry (``mirror_option_symbol``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.indicators.base import IndicatorDataPoint
from engine.indicators.option_greeks import GreeksIndicators
from engine.model.symbol import Symbol
from engine.pricing.price_models import OptionPriceModel, OptionPriceModelParameters
from engine.pricing.results import OptionPriceModelResult


def mirror_option_symbol(contract: Symbol) -> Symbol:
    """The contract of the other right at the same strike and expiry (LEAN's
    ``GetMirrorOptionSymbol`` in Common/Extensions.cs)."""
    if contract.id.security_type not in _OPTION_TYPES or contract.is_canonical():
        raise ValueError(f"{contract} is not an option contract: it has no mirror contract")
    sid = contract.id
    return Symbol.create_option(
        contract.underlying,
        sid.symbol,
        sid.market,
        sid.option_style,
        1 - int(sid.option_right),
        sid.strike_price,
        sid.date,
    )


_OPTION_TYPES = (2, 8, 10)  # SecurityType.OPTION, FUTURE_OPTION, INDEX_OPTION


def _date(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


def _security(securities: Any, symbol: Any) -> Any:
    if securities is None or symbol is None:
        return None
    getter = getattr(securities, "get", None)
    if getter is not None:
        return getter(symbol)
    try:
        return securities[symbol]
    except (KeyError, IndexError):
        return None


class IndicatorBasedOptionPriceModel(OptionPriceModel):
    """Price, implied volatility and greeks from ``GreeksIndicators`` on the latest prices."""

    def __init__(
        self,
        option_model: Any = None,
        iv_model: Any = None,
        dividend_yield_model: Any = None,
        risk_free_interest_rate_model: Any = None,
        use_mirror_contract: bool = True,
        securities: Any = None,
    ) -> None:
        self.option_model = option_model
        self.iv_model = iv_model
        self.dividend_yield_model = dividend_yield_model
        self.risk_free_interest_rate_model = risk_free_interest_rate_model
        self.use_mirror_contract = bool(use_mirror_contract)
        self.securities = securities

    def evaluate_parameters(self, parameters: OptionPriceModelParameters):
        contract, option = parameters.contract, parameters.security
        if _date(contract.time) > _date(contract.expiry):  # expired options have no price
            return OptionPriceModelResult.none()
        underlying = option.underlying
        if float(option.price) == 0 or float(underlying.price) == 0:
            return OptionPriceModelResult.none()
        symbol = contract.symbol
        mirror_symbol = mirror_option_symbol(symbol) if self.use_mirror_contract else None
        mirror = _security(self.securities, mirror_symbol)
        if mirror is None or float(mirror.price) == 0:
            mirror_symbol = mirror = None  # the indicators then wait for no mirror data
        indicators = GreeksIndicators(
            symbol,
            mirror_symbol,
            self.option_model,
            self.iv_model,
            self.dividend_yield_model,
            self.risk_free_interest_rate_model,
        )
        time = option.local_time
        indicators.update(IndicatorDataPoint(underlying.symbol, time, float(underlying.price)))
        indicators.update(IndicatorDataPoint(option.symbol, time, float(option.price)))
        if mirror is not None:
            indicators.update(IndicatorDataPoint(mirror.symbol, time, float(mirror.price)))
        return indicators.current_result


class IndicatorBasedOptionPriceModelProvider:
    """Makes ``IndicatorBasedOptionPriceModel``s over an algorithm's securities."""

    def __init__(self, securities: Any = None) -> None:
        self.securities = securities

    def get_option_price_model(
        self,
        symbol: Any = None,
        pricing_model_type: Any = None,
        iv_model: Any = None,
        dividend_yield_model: Any = None,
        risk_free_interest_rate_model: Any = None,
        use_mirror_contract: bool = True,
    ) -> IndicatorBasedOptionPriceModel:
        return IndicatorBasedOptionPriceModel(
            pricing_model_type,
            iv_model if iv_model is not None else pricing_model_type,
            dividend_yield_model,
            risk_free_interest_rate_model,
            use_mirror_contract,
            securities=self.securities,
        )

    GetOptionPriceModel = get_option_price_model
