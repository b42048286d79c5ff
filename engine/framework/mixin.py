"""``FrameworkMixin``: the Algorithm Framework part of ``QCAlgorithm`` (LEAN QCAlgorithm.Framework.cs).

The runner asks :meth:`FrameworkMixin._framework_hooks` once after ``initialize``; a classic
algorithm (no model set) gets ``(None, None)`` and the loop pays nothing. Otherwise, each step:
``on_securities_changed`` goes to every model after the user's handler (step 14), and after the
user's ``on_data`` (step 18) the alpha model runs (slices with data only), its insights are stamped
and stored in ``self.insights``, then portfolio construction -> risk management -> execution.
"""

from __future__ import annotations

from typing import Any

from engine.framework.alphas import CompositeAlphaModel, NullAlphaModel, call, model_name
from engine.framework.execution import ImmediateExecutionModel
from engine.framework.insights import (
    GeneratedInsightsCollection,
    Insight,
    InsightManager,
    InsightType,
)
from engine.framework.portfolio import NullPortfolioConstructionModel
from engine.framework.risk import CompositeRiskManagementModel, NullRiskManagementModel
from engine.framework.selection import CompositeUniverseSelectionModel, NullUniverseSelectionModel
from engine.indicators.base import Event


class FrameworkMixin:
    """Framework models and insights; attributes are created lazily (no ``__init__`` needed)."""

    _fw_active = False

    # -- models ------------------------------------------------------------------------------------
    def _fw_models(self) -> dict[str, Any]:
        models = self.__dict__.get("_fw")
        if models is None:
            models = self.__dict__["_fw"] = {
                "alpha": NullAlphaModel(),
                "portfolio": NullPortfolioConstructionModel(),
                "execution": ImmediateExecutionModel(),
                "risk": NullRiskManagementModel(),
                "universe": NullUniverseSelectionModel(),
            }
        return models

    def _fw_set(self, key: str, model: Any) -> None:
        self._fw_models()[key] = model
        self.__dict__["_fw_active"] = True

    @property
    def insights(self) -> InsightManager:
        manager = self.__dict__.get("_fw_insights")
        if manager is None:
            manager = self.__dict__["_fw_insights"] = InsightManager(self)
        return manager

    @property
    def insights_generated(self) -> Event:
        """``self.insights_generated += handler``: ``handler(algorithm, GeneratedInsightsCollection)``
        after new insights are stamped (LEAN ``InsightsGenerated``)."""
        event = self.__dict__.get("_fw_insights_generated")
        if event is None:
            event = self.__dict__["_fw_insights_generated"] = Event()
        return event

    @insights_generated.setter
    def insights_generated(self, event: Event) -> None:  # ``+=`` assigns the event back
        self.__dict__["_fw_insights_generated"] = event

    def _fw_on_insights_generated(self, insights: list[Insight]) -> None:
        event = self.__dict__.get("_fw_insights_generated")
        if event and insights:
            event(self, GeneratedInsightsCollection(self.utc_time, insights))

    @property
    def alpha(self) -> Any:
        return self._fw_models()["alpha"]

    @alpha.setter
    def alpha(self, model: Any) -> None:
        self._fw_set("alpha", model)

    @property
    def portfolio_construction(self) -> Any:
        return self._fw_models()["portfolio"]

    @portfolio_construction.setter
    def portfolio_construction(self, model: Any) -> None:
        self._fw_set("portfolio", model)

    @property
    def execution(self) -> Any:
        return self._fw_models()["execution"]

    @execution.setter
    def execution(self, model: Any) -> None:
        self._fw_set("execution", model)

    @property
    def risk_management(self) -> Any:
        return self._fw_models()["risk"]

    @risk_management.setter
    def risk_management(self, model: Any) -> None:
        self._fw_set("risk", model)

    @property
    def universe_selection(self) -> Any:
        return self._fw_models()["universe"]

    @universe_selection.setter
    def universe_selection(self, model: Any) -> None:
        self._fw_set("universe", model)

    def set_alpha(self, model: Any) -> None:
        self._fw_set("alpha", model)

    def add_alpha(self, model: Any) -> None:
        current = self._fw_models()["alpha"]
        if type(current) is NullAlphaModel:
            self._fw_set("alpha", model)
        elif isinstance(current, CompositeAlphaModel):
            current.add_alpha(model)
        else:
            self._fw_set("alpha", CompositeAlphaModel(current, model))

    def set_portfolio_construction(self, model: Any) -> None:
        self._fw_set("portfolio", model)

    def set_execution(self, model: Any) -> None:
        self._fw_set("execution", model)

    def set_risk_management(self, model: Any) -> None:
        self._fw_set("risk", model)

    def add_risk_management(self, model: Any) -> None:
        current = self._fw_models()["risk"]
        if type(current) is NullRiskManagementModel:
            self._fw_set("risk", model)
        elif isinstance(current, CompositeRiskManagementModel):
            current.add_risk_management(model)
        else:
            self._fw_set("risk", CompositeRiskManagementModel(current, model))

    def set_universe_selection(self, model: Any) -> None:
        self._fw_set("universe", model)

    def add_universe_selection(self, model: Any) -> None:
        current = self._fw_models()["universe"]
        if type(current) is NullUniverseSelectionModel:
            self._fw_set("universe", model)
        elif isinstance(current, CompositeUniverseSelectionModel):
            current.add_universe_selection(model)
        else:
            self._fw_set("universe", CompositeUniverseSelectionModel(current, model))

    # -- insights ------------------------------------------------------------------------------------
    def emit_insights(self, *insights: Any) -> None:
        """Emit insights from a classic algorithm: stamped, stored, then portfolio construction ->
        risk -> execution (LEAN ``EmitInsights``; ignored during warm-up)."""
        items: list[Insight] = []
        for item in insights:
            items.extend(item if isinstance(item, list | tuple) else [item])
        if getattr(self, "is_warming_up", False):
            if not self.__dict__.get("_fw_warmup_warned"):
                self.__dict__["_fw_warmup_warned"] = True
                self.error("Warning: insights emitted during algorithm warmup are ignored.")
            return
        items = self._fw_initialize_insights(items)
        self._fw_on_insights_generated(items)
        self._fw_process_insights(items)

    def _fw_initialize_insights(self, insights: list[Insight]) -> list[Insight]:
        valid = []
        alpha_name = None
        now = self.utc_time
        for insight in insights:
            security = self.securities.get(insight.symbol)
            if security is None:
                continue
            if getattr(security, "is_delisted", False):
                if not self.__dict__.get("_fw_delisted_warned"):
                    self.__dict__["_fw_delisted_warned"] = True
                    self.error(
                        "QCAlgorithm.EmitInsights(): Warning: cannot emit insights for delisted "
                        "securities, these will be discarded"
                    )
                continue
            insight.symbol = security.symbol
            insight.generated_time_utc = now
            if insight.type == InsightType.PRICE:
                insight.reference_value = float(security.price)
            if not insight.source_model:
                if alpha_name is None:
                    alpha_name = model_name(self._fw_models()["alpha"])
                insight.source_model = alpha_name
            try:
                hours = self._hours_for(security.symbol)
            except Exception:  # noqa: BLE001 - unknown market: calendar time
                hours = None
            insight.set_period_and_close_time(hours)
            valid.append(insight)
        self.insights.add_range(valid)
        return valid

    def _fw_process_insights(self, insights: list[Insight]) -> None:
        models = self._fw_models()
        targets = list(
            call(models["portfolio"], "create_targets", "CreateTargets", self, insights) or ()
        )
        for target in targets:
            self.securities[target.symbol].holdings.target = target
        overrides = list(call(models["risk"], "manage_risk", "ManageRisk", self, targets) or ())
        for target in overrides:
            self.securities[target.symbol].holdings.target = target
        if overrides or targets:
            seen: set[Any] = set()
            adjusted = []
            for target in overrides + targets:
                if target.symbol in seen:
                    continue
                seen.add(target.symbol)
                adjusted.append(target)
        else:
            adjusted = []
        call(models["execution"], "execute", "Execute", self, adjusted)

    # -- runner hooks ------------------------------------------------------------------------------
    def _framework_post_initialize(self) -> None:
        """After ``initialize``: the universe selection model adds its symbols or universes, and the
        portfolio model takes the settings' rebalance flags when they are set (LEAN
        ``FrameworkPostInitialize``)."""
        if not self._fw_active:
            return
        settings = getattr(self, "settings", None)
        portfolio = self._fw_models()["portfolio"]
        for setting, attr in (
            ("rebalance_portfolio_on_insight_changes", "rebalance_on_insight_changes"),
            ("rebalance_portfolio_on_security_changes", "rebalance_on_security_changes"),
        ):
            value = getattr(settings, setting, None)
            if value is not None and hasattr(portfolio, attr):
                setattr(portfolio, attr, bool(value))
        universe = self._fw_models()["universe"]
        hook = getattr(universe, "add_to_algorithm", None)
        if hook is not None:
            hook(self)

    def _framework_hooks(self) -> tuple[Any, Any]:
        """(on_data(slice), on_securities_changed(changes)) for the loop, or (None, None)."""
        if not self._fw_active:
            return None, None
        return self._framework_on_data, self._framework_securities_changed

    def _framework_on_data(self, slice_: Any, has_data: bool = True) -> None:
        self.insights.step(self.utc_time)
        if not has_data:
            return
        alpha = self._fw_models()["alpha"]
        insights = list(call(alpha, "update", "Update", self, slice_) or ())
        if insights:
            insights = self._fw_initialize_insights(insights)
            self._fw_on_insights_generated(insights)
        self._fw_process_insights(insights)

    def _framework_securities_changed(self, changes: Any) -> None:
        models = self._fw_models()
        for key in ("alpha", "portfolio", "execution", "risk"):
            call(models[key], "on_securities_changed", "OnSecuritiesChanged", self, changes)

    def _framework_insights_json(self, symbol_id: Any = None) -> list[dict[str, Any]]:
        """Every emitted insight as LEAN's serialized insight; ``symbol_id(ticker)`` gives the
        SecurityIdentifier string."""
        manager = self.__dict__.get("_fw_insights")
        if manager is None:
            return []
        out = []
        for insight in manager.all_insights:
            ticker = getattr(insight.symbol, "value", str(insight.symbol))
            out.append(insight.to_json(symbol_id(ticker) if symbol_id is not None else None))
        return out
