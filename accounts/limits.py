"""Organization limits per tier: the one place that knows them.

Numbers come from the cloud platform docs (seed 000, section 4: 4.2 Tier Features, 4.3 Resources,
4.6 Members). `None` means unlimited. Read a limit with `limit_for(organization, "backtest_nodes")`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import Organization

KB = 1024
MB = 1024 * KB


@dataclass(frozen=True)
class TierLimits:
    backtest_nodes: int | None
    research_nodes: int | None
    live_nodes: int | None
    max_members: int | None
    max_projects: int | None
    coding_sessions: int | None
    max_file_bytes: int
    log_bytes_per_backtest: int | None
    log_bytes_per_day: int | None
    orders_per_backtest: int | None
    api_access: bool
    optimization: bool


TIER_LIMITS: dict[str, TierLimits] = {
    "free": TierLimits(
        backtest_nodes=1,
        research_nodes=1,
        live_nodes=0,
        max_members=1,
        max_projects=100,  # not in the docs ("no limit" from Quant Researcher up); our choice
        coding_sessions=1,
        max_file_bytes=32 * KB,
        log_bytes_per_backtest=10 * KB,
        log_bytes_per_day=3 * MB,
        orders_per_backtest=10_000,  # not in the docs (Researcher: 10 million); our choice
        api_access=False,
        optimization=False,
    ),
    "researcher": TierLimits(
        backtest_nodes=2,
        research_nodes=1,
        live_nodes=2,
        max_members=1,
        max_projects=None,
        coding_sessions=2,
        max_file_bytes=64 * KB,
        log_bytes_per_backtest=100 * KB,
        log_bytes_per_day=3 * MB,
        orders_per_backtest=10_000_000,
        api_access=True,
        optimization=True,
    ),
    "team": TierLimits(
        backtest_nodes=10,
        research_nodes=10,
        live_nodes=10,
        max_members=10,
        max_projects=None,
        coding_sessions=4,
        max_file_bytes=128 * KB,
        log_bytes_per_backtest=1 * MB,
        log_bytes_per_day=10 * MB,
        orders_per_backtest=None,
        api_access=True,
        optimization=True,
    ),
    "trading_firm": TierLimits(
        backtest_nodes=None,
        research_nodes=None,
        live_nodes=None,
        max_members=None,
        max_projects=None,
        coding_sessions=8,
        max_file_bytes=256 * KB,
        log_bytes_per_backtest=5 * MB,
        log_bytes_per_day=50 * MB,
        orders_per_backtest=None,
        api_access=True,
        optimization=True,
    ),
    "institution": TierLimits(
        backtest_nodes=None,
        research_nodes=None,
        live_nodes=None,
        max_members=None,
        max_projects=None,
        coding_sessions=16,
        max_file_bytes=256 * KB,
        log_bytes_per_backtest=None,
        log_bytes_per_day=None,
        orders_per_backtest=None,
        api_access=True,
        optimization=True,
    ),
}

LIMIT_NAMES = frozenset(f.name for f in fields(TierLimits))


def limits_for_tier(tier: str) -> TierLimits:
    return TIER_LIMITS[tier]


def limit_for(organization: Organization, name: str) -> int | bool | None:
    """The value of limit `name` for the organization's tier (None = unlimited)."""
    if name not in LIMIT_NAMES:
        raise KeyError(f"Unknown organization limit {name!r}")
    return getattr(TIER_LIMITS[organization.tier], name)
