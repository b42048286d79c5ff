"""What an organization can buy: node models, ObjectStore plans, tier seats, QCC packs.

Node names, cores, speeds, RAM, GPU shares and training quotas are QuantConnect's node models
(organization resources); storage sizes and monthly costs are its ObjectStore storage sizes; the
QCC rate (1 QCC = $0.01) is QuantConnect Credit's.

QuantConnect publishes node and tier prices only on its pricing page, so the monthly prices of
nodes and seats below are OUR PLACEHOLDERS (marked `price_published = False`); change
them here, nowhere else. Amounts are integer US cents.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.limits import GB, MB

BACKTEST = "backtest"
RESEARCH = "research"
LIVE = "live"
NODE_KINDS = {BACKTEST: "Backtesting", RESEARCH: "Research", LIVE: "Live trading"}
NODE_LIMIT_NAMES = {BACKTEST: "backtest_nodes", RESEARCH: "research_nodes", LIVE: "live_nodes"}


@dataclass(frozen=True)
class NodeModel:
    code: str
    kind: str
    cores: int
    ghz: float
    ram_gb: float
    gpu: str  # "0" or "1/3" (a GPU shared by at most three members)
    monthly_cents: int
    training_capacity_min: int | None = None
    training_refill_min_per_day: int | None = None
    price_published: bool = False

    @property
    def specs(self) -> str:
        ram = f"{self.ram_gb:g} GB RAM"
        gpu = f", {self.gpu} GPU" if self.gpu != "0" else ""
        return f"{self.cores} core{'s' if self.cores != 1 else ''} @ {self.ghz:g} GHz, {ram}{gpu}"


NODE_MODELS: dict[str, NodeModel] = {
    m.code: m
    for m in [
        # Backtesting nodes (training quotas from QuantConnect's "Training Quotas").
        NodeModel("B-MICRO", BACKTEST, 2, 3, 8, "0", 1_000, 20, 1),
        NodeModel("B2-8", BACKTEST, 2, 4.9, 8, "0", 2_800, 30, 5),
        NodeModel("B4-12", BACKTEST, 4, 4.9, 12, "0", 3_600, 60, 10),
        NodeModel("B4-16-GPU", BACKTEST, 4, 3, 16, "1/3", 40_000),
        NodeModel("B8-16", BACKTEST, 8, 4.9, 16, "0", 4_800, 90, 15),
        # Research nodes.
        NodeModel("R1-4", RESEARCH, 1, 2.4, 4, "0", 1_000),
        NodeModel("R2-8", RESEARCH, 2, 2.4, 8, "0", 1_400),
        NodeModel("R4-12", RESEARCH, 4, 2.4, 12, "0", 2_000),
        NodeModel("R4-16-GPU", RESEARCH, 4, 3, 16, "1/3", 40_000),
        NodeModel("R8-16", RESEARCH, 8, 2.4, 16, "0", 4_000),
        # Live trading nodes.
        NodeModel("L-MICRO", LIVE, 1, 2.6, 0.5, "0", 2_000, 30, 5),
        NodeModel("L1-1", LIVE, 1, 2.6, 1, "0", 2_400, 60, 10),
        NodeModel("L1-2", LIVE, 1, 2.6, 2, "0", 2_800, 90, 15),
        NodeModel("L2-4", LIVE, 2, 2.6, 4, "0", 3_500),
    ]
}

# The first (personal) organization of every account gets one free B-MICRO backtesting node and
# one free R1-4 research node; each is replaced when the organization subscribes to a node of
# that kind. The free B-MICRO has a 20-second start delay.
INCLUDED_NODES = {BACKTEST: "B-MICRO", RESEARCH: "R1-4"}
INCLUDED_BACKTEST_NODE_DELAY_SECONDS = 20


def included_node_id(kind: str) -> str:
    """The id the API gives a free included node (it has no database row): "free-backtest"."""
    return f"free-{kind}"


def node_models(kind: str) -> list[NodeModel]:
    return [m for m in NODE_MODELS.values() if m.kind == kind]


@dataclass(frozen=True)
class StoragePlan:
    bytes: int
    monthly_cents: int

    @property
    def label(self) -> str:
        return f"{self.bytes // MB} MB" if self.bytes < GB else f"{self.bytes // GB} GB"


# ObjectStore storage sizes: 0.05 GB free, 2 GB $10, 5 GB $20, 10 GB $50, 50 GB $100 per month.
STORAGE_PLANS: list[StoragePlan] = [
    StoragePlan(50 * MB, 0),
    StoragePlan(2 * GB, 1_000),
    StoragePlan(5 * GB, 2_000),
    StoragePlan(10 * GB, 5_000),
    StoragePlan(50 * GB, 10_000),
]


def storage_plan(size_bytes: int) -> StoragePlan:
    for plan in STORAGE_PLANS:
        if plan.bytes == size_bytes:
            return plan
    raise KeyError(f"No storage plan of {size_bytes} bytes")


# Monthly price of one seat per tier (placeholders: QuantConnect publishes them on its pricing page only). Seats are billed
# for max(members, the tier's min_members).
SEAT_MONTHLY_CENTS = {
    "free": 0,
    "researcher": 800,
    "team": 2_000,
    "trading_firm": 4_800,
    "institution": 120_000,
}

# QCC (QuantConnect Credit): 1 QCC = $0.01.
QCC_CENTS = 1
QCC_PACKS = [1_000, 5_000, 10_000, 50_000]
