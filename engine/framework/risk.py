"""Risk management models (LEAN Algorithm.Framework/Risk): ``manage_risk(algorithm, targets)``
returns overriding targets (e.g. a zero target to liquidate) and cancels the insights involved."""

from __future__ import annotations

from typing import Any

from engine.framework.alphas import call
from engine.portfolio.trading import PortfolioTarget


class RiskManagementModel:
    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        return []

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        return None

    ManageRisk = manage_risk
    OnSecuritiesChanged = on_securities_changed


class NullRiskManagementModel(RiskManagementModel):
    pass


class CompositeRiskManagementModel(RiskManagementModel):
    def __init__(self, *models: Any) -> None:
        self.risk_management_models: list[Any] = []
        for m in models:
            self.risk_management_models.extend(m if isinstance(m, list | tuple) else [m])

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[Any]:
        out: list[Any] = []
        for model in self.risk_management_models:
            out.extend(call(model, "manage_risk", "ManageRisk", algorithm, targets) or ())
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for model in self.risk_management_models:
            call(model, "on_securities_changed", "OnSecuritiesChanged", algorithm, changes)

    def add_risk_management(self, model: Any) -> None:
        self.risk_management_models.append(model)

    ManageRisk = manage_risk
    OnSecuritiesChanged = on_securities_changed
    AddRiskManagement = add_risk_management


def _invested(algorithm: Any):
    for security in list(algorithm.securities.values()):
        if security.invested:
            yield security


class MaximumDrawdownPercentPerSecurity(RiskManagementModel):
    """Liquidate a position whose unrealised loss exceeds ``maximum_drawdown_percent`` of its cost."""

    def __init__(self, maximum_drawdown_percent: float = 0.05) -> None:
        self.maximum_drawdown_percent = -abs(float(maximum_drawdown_percent))

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        out = []
        for security in _invested(algorithm):
            if security.holdings.unrealized_profit_percent < self.maximum_drawdown_percent:
                algorithm.insights.cancel([security.symbol])
                out.append(PortfolioTarget(security.symbol, 0))
        return out

    ManageRisk = manage_risk


class MaximumUnrealizedProfitPercentPerSecurity(RiskManagementModel):
    """Take profit: liquidate a position whose unrealised gain exceeds the given share of its cost."""

    def __init__(self, maximum_unrealized_profit_percent: float = 0.05) -> None:
        self.maximum_unrealized_profit_percent = abs(float(maximum_unrealized_profit_percent))

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        out = []
        for security in _invested(algorithm):
            if security.holdings.unrealized_profit_percent > self.maximum_unrealized_profit_percent:
                algorithm.insights.cancel([security.symbol])
                out.append(PortfolioTarget(security.symbol, 0))
        return out

    ManageRisk = manage_risk


class MaximumDrawdownPercentPortfolio(RiskManagementModel):
    """Liquidate the targets once the portfolio value fell ``maximum_drawdown_percent`` below its
    starting value (or its high, with ``is_trailing``); then start over from the next value."""

    def __init__(self, maximum_drawdown_percent: float = 0.05, is_trailing: bool = False) -> None:
        self.maximum_drawdown_percent = -abs(float(maximum_drawdown_percent))
        self.is_trailing = is_trailing
        self.initialised = False
        self.portfolio_high = 0.0

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        current = algorithm.portfolio.total_portfolio_value
        if not self.initialised:
            self.portfolio_high = current
            self.initialised = True
        if self.is_trailing and self.portfolio_high < current:
            self.portfolio_high = current
            return []
        pnl = self.get_total_drawdown_percent(current)
        if pnl < self.maximum_drawdown_percent and len(targets) != 0:
            self.initialised = False
            out = []
            for target in targets:
                algorithm.insights.cancel([target.symbol])
                out.append(PortfolioTarget(target.symbol, 0))
            return out
        return []

    def get_total_drawdown_percent(self, current_value: float) -> float:
        return (
            float(current_value) / float(self.portfolio_high) - 1.0 if self.portfolio_high else 0.0
        )

    ManageRisk = manage_risk


class MaximumSectorExposureRiskManagementModel(RiskManagementModel):
    """Limits each sector's absolute holdings value to ``maximum_sector_exposure`` of the
    portfolio value (LEAN Risk/MaximumSectorExposureRiskManagementModel): the active securities
    with fundamental data are grouped by ``company_reference.industry_template_code``; a sector
    over the limit gets every position scaled down by its excess ratio. A security's quantity is
    the latest target the portfolio model gave it, else its holdings."""

    def __init__(self, maximum_sector_exposure: float = 0.20) -> None:
        if maximum_sector_exposure <= 0:
            raise ValueError(
                "MaximumSectorExposureRiskManagementModel: the maximum sector exposure cannot be "
                "a non-positive value."
            )
        self.maximum_sector_exposure = float(maximum_sector_exposure)
        self.targets: dict[Any, Any] = {}  # symbol -> the latest target seen

    @staticmethod
    def _with_fundamentals(algorithm: Any) -> list[tuple[Any, Any]]:
        out = []
        for security in list(algorithm.universe_manager.active_securities.values()):
            fundamentals = security.fundamentals
            if fundamentals is not None and fundamentals.has_fundamental_data:
                out.append((security, fundamentals))
        return out

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        limit = float(algorithm.portfolio.total_portfolio_value) * self.maximum_sector_exposure
        for target in targets:
            self.targets[target.symbol] = target
        sectors: dict[Any, list[Any]] = {}
        for security, fundamentals in self._with_fundamentals(algorithm):
            code = fundamentals.company_reference.industry_template_code
            sectors.setdefault(code, []).append(security)
        out = []
        for code in sorted(sectors, key=lambda c: (c is not None, str(c))):
            quantities: dict[Any, float] = {}
            exposure = 0.0
            for security in sectors[code]:
                symbol = security.symbol
                quantity = float(security.holdings.quantity)
                value = float(security.holdings.absolute_holdings_value)
                target = self.targets.get(symbol)
                if target is not None:
                    quantity = float(target.quantity)
                    value = (
                        float(security.price)
                        * abs(quantity)
                        * float(security.symbol_properties.contract_multiplier)
                        * float(getattr(security, "conversion_rate", 1.0) or 1.0)
                    )
                quantities[symbol] = quantity
                exposure += value
            ratio = exposure / limit if limit else 0.0
            if ratio > 1:
                out.extend(
                    PortfolioTarget(symbol, quantity / ratio)
                    for symbol, quantity in quantities.items()
                    if quantity != 0
                )
        return out

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        if not self._with_fundamentals(algorithm):
            raise ValueError(
                "MaximumSectorExposureRiskManagementModel.on_securities_changed: Please select a "
                "portfolio selection model that selects securities with fundamental data."
            )

    ManageRisk = manage_risk
    OnSecuritiesChanged = on_securities_changed


class TrailingStopRiskManagementModel(RiskManagementModel):
    """Liquidate a position once its value fell ``maximum_drawdown_percent`` from its best value
    since it was opened (highest for longs, lowest for shorts)."""

    def __init__(self, maximum_drawdown_percent: float = 0.05) -> None:
        self.maximum_drawdown_percent = abs(float(maximum_drawdown_percent))
        self.trailing: dict[
            Any, list[Any]
        ] = {}  # symbol -> [is_long, best absolute holdings value]

    def manage_risk(self, algorithm: Any, targets: list[Any]) -> list[PortfolioTarget]:
        out = []
        for symbol, security in list(algorithm.securities.items()):
            if not security.invested:
                self.trailing.pop(symbol, None)
                continue
            holdings = security.holdings
            is_long = holdings.is_long
            value = holdings.absolute_holdings_value
            state = self.trailing.get(symbol)
            if state is None or state[0] != is_long:
                state = self.trailing[symbol] = [is_long, holdings.absolute_holdings_cost]
            best = state[1]
            if (is_long and best < value) or (not is_long and best > value):
                state[1] = value
                continue
            drawdown = abs((best - value) / best) if best else 0.0
            if self.maximum_drawdown_percent < drawdown:
                algorithm.insights.cancel([symbol])
                self.trailing.pop(symbol, None)
                out.append(PortfolioTarget(symbol, 0))
        return out

    ManageRisk = manage_risk
