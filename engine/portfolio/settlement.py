"""Settlement models live in ``engine.execution.settlement`` (brokerages choose them); re-exported here."""

from engine.execution.settlement import (
    DelayedSettlementModel,
    ImmediateSettlementModel,
    UnsettledCash,
)

__all__ = ["DelayedSettlementModel", "ImmediateSettlementModel", "UnsettledCash"]
