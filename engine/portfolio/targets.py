"""``PortfolioTarget``: a target quantity for a symbol (LEAN Algorithm.Framework PortfolioTarget)."""

from __future__ import annotations

from typing import Any

from engine.execution.buying_power import buying_power_call
from engine.model.symbol import Symbol


class PortfolioTarget:
    """A target quantity (or, inside ``set_holdings([...])``, a target percentage) for a symbol."""

    def __init__(self, symbol: Symbol | str, quantity: float, tag: str = "") -> None:
        self.symbol = symbol
        self.quantity = float(quantity)
        self.tag = tag

    @staticmethod
    def percent(
        algorithm: Any,
        symbol: Symbol | str,
        percent: float,
        return_delta_quantity: bool = False,
        tag: str = "",
    ) -> PortfolioTarget | None:
        """Target quantity for ``percent`` of the portfolio (LEAN ``PortfolioTarget.Percent``)."""
        security = algorithm.securities.get(symbol)
        if security is None:
            algorithm.error(
                f"{symbol} not found in portfolio. Request this data when initializing the algorithm."
            )
            return None
        if security.price == 0:
            algorithm.error(
                f"The order quantity for {security.symbol.value} cannot be calculated: the price of the security is zero."
            )
            return None
        portfolio = algorithm.portfolio
        settings = getattr(algorithm, "settings", None)
        tpv = portfolio.total_portfolio_value
        adjusted = (
            percent * portfolio.total_portfolio_value_less_free_buffer(settings) / tpv
            if tpv
            else 0.0
        )
        model = security.buying_power_model
        target = adjusted / model.get_leverage(security)
        min_pct = (
            getattr(settings, "minimum_order_margin_portfolio_percentage", 0.001)
            if settings is not None
            else 0.001
        )
        result = buying_power_call(
            model,
            "get_maximum_order_quantity_for_target_buying_power",
            portfolio,
            security,
            target,
            min_pct,
        )
        if result.is_error:
            algorithm.error(
                f"Unable to compute order quantity of {security.symbol.value}. Reason: {result.reason} Returning null."
            )
            return None
        if (
            result.reason
            and not result.quantity
            and not getattr(algorithm, "_qc_min_margin_warned", False)
        ):
            try:
                algorithm._qc_min_margin_warned = True
            except AttributeError:
                pass
            algorithm.debug(result.reason)
        quantity = result.quantity + (0.0 if return_delta_quantity else security.holdings.quantity)
        return PortfolioTarget(security.symbol, quantity, tag)

    Percent = percent
    Symbol = property(lambda self: self.symbol)
    Quantity = property(lambda self: self.quantity)
    Tag = property(lambda self: self.tag)

    def __repr__(self) -> str:
        return f"PortfolioTarget({self.symbol}, {self.quantity})"
