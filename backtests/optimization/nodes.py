"""Optimization node types (QuantConnect's O2-8, O4-12, O8-16: cores, RAM, largest cluster).

The hourly QCC rates are OUR PLACEHOLDERS: QuantConnect bills optimization nodes by time but
publishes the rates only on its pricing page. Change them here, nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class OptimizationNode:
    code: str
    cores: int
    ram_gb: int
    max_cluster: int
    qcc_per_hour: int

    @property
    def label(self) -> str:
        return f"{self.code} ({self.cores} cores, {self.ram_gb} GB RAM, up to {self.max_cluster})"


NODES: dict[str, OptimizationNode] = {
    node.code: node
    for node in (
        OptimizationNode("O2-8", 2, 8, 10, 15),
        OptimizationNode("O4-12", 4, 12, 6, 30),
        OptimizationNode("O8-16", 8, 16, 4, 60),
    )
}
DEFAULT_NODE = "O2-8"
# Start-up cost QuantConnect states for each backtest of an optimization ("roughly 15 seconds");
# used in the estimate only.
SPIN_UP_SECONDS = 15.0


def cost_qcc(node: OptimizationNode, *, backtests: int, seconds_each: float) -> int:
    """QCC for `backtests` runs of `seconds_each` (plus spin-up) on one node type: node time is
    the same however many nodes share it, so the node count does not change the cost."""
    hours = backtests * (seconds_each + SPIN_UP_SECONDS) / 3600.0
    return max(1, math.ceil(hours * node.qcc_per_hour)) if backtests else 0
