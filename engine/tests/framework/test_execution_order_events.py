"""A user execution model written as LEAN's own (PortfolioTargetCollection.is_empty as a property,
OrderSizing.get_unordered_quantity with account_for_fees, BuyingPowerModelExtensions) gets each
order event before the algorithm (BrokerageTransactionHandler), and OrderStatus.is_fill()."""

from __future__ import annotations

import textwrap

from engine.api import run_backtest
from engine.model import OrderStatus

ALGORITHM = """
from AlgorithmImports import *


class Recording(ExecutionModel):
    def __init__(self):
        self.targets = PortfolioTargetCollection()
        self.events = []

    def execute(self, algorithm, targets):
        self.targets.add_range(targets)
        if self.targets.is_empty:
            return
        for target in self.targets.order_by_margin_impact(algorithm):
            security = algorithm.securities[target.symbol]
            quantity = OrderSizing.get_unordered_quantity(algorithm, target, security, True)
            if quantity != 0 and BuyingPowerModelExtensions.above_minimum_order_margin_portfolio_percentage(
                    security.buying_power_model, security, quantity, algorithm.portfolio,
                    algorithm.settings.minimum_order_margin_portfolio_percentage):
                algorithm.market_order(security.symbol, quantity)
        self.targets.clear_fulfilled(algorithm)

    def on_order_event(self, algorithm, order_event):
        self.events.append((order_event.order_id, str(order_event.status), order_event.status.is_fill()))


class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.universe_settings.resolution = Resolution.MINUTE
        self.set_universe_selection(ManualUniverseSelectionModel(
            Symbol.create("SPY", SecurityType.EQUITY, Market.USA)))
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(days=1)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.model = Recording()
        self.set_execution(self.model)
        self.seen = []

    def on_order_event(self, order_event):
        # the model has this event already
        self.seen.append(self.model.events[-1][0] == order_event.order_id)

    def on_end_of_algorithm(self):
        self.debug(f"events {self.model.events[:2]} {all(self.seen)} {len(self.seen)}")
"""


def test_execution_model_gets_order_events_first(tmp_path, lean_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text(textwrap.dedent(ALGORITHM))
    result = run_backtest(project, data_dir=lean_data)
    assert result.error is None, result.error
    line = next(m for m in result.logs if "events" in m)
    assert "[(1, 'Submitted', False), (1, 'Filled', True)] True 2" in line


def test_order_status_checks_are_methods_and_flags():
    assert OrderStatus.FILLED.is_fill() and OrderStatus.PARTIALLY_FILLED.is_fill()
    assert not OrderStatus.SUBMITTED.is_fill()
    assert OrderStatus.CANCELED.is_closed() and not OrderStatus.SUBMITTED.is_closed()
    assert OrderStatus.SUBMITTED.is_open() and not OrderStatus.FILLED.is_open
