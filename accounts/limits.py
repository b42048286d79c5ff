"""Organization limits per tier: the one place that knows them.

Numbers are QuantConnect's published tier quotas (tier features, resources, data storage and
membership quotas of its organizations). `None` means unlimited. Read a limit with
`limit_for(organization, "backtest_nodes")`; check a count against it with
`limit_allows(organization, "max_members", 3)`. Node models, storage plans and prices are in
accounts/catalog.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import Organization

KB = 1024
MB = 1024 * KB
GB = 1024 * MB

# Every organization gets 50 MB of ObjectStore for free (QuantConnect's ObjectStore storage sizes).
FREE_STORAGE_BYTES = 50 * MB
# QCC per notification past the hourly quota, and per SMS (US/Canada, international).
NOTIFICATION_OVERAGE_QCC = 1
SMS_QCC = {"domestic": 1, "international": 10}


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
    # Members: QuantConnect's "Minimum Members" membership quota; seats are billed for at least this many.
    min_members: int = 1
    # Free Telegram/email/webhook notifications per hour per live algorithm; past it each
    # costs NOTIFICATION_OVERAGE_QCC. 0 = live trading (and so notifications) not available.
    notifications_per_hour: int = 0
    # Largest ObjectStore plan the tier may subscribe to, in bytes (all get 50 MB free,
    # "Paid organizations can subscribe to more"; Team "can expand ... up to 10GB").
    max_storage_bytes: int | None = 0
    second_tick_data: bool = False


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
        min_members=1,
        notifications_per_hour=0,
        max_storage_bytes=FREE_STORAGE_BYTES,
        second_tick_data=False,
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
        min_members=1,
        notifications_per_hour=20,
        max_storage_bytes=50 * GB,  # not in the docs for this tier: every plan
        second_tick_data=True,
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
        min_members=2,
        notifications_per_hour=60,
        max_storage_bytes=10 * GB,
        second_tick_data=True,
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
        min_members=2,
        notifications_per_hour=240,
        max_storage_bytes=None,
        second_tick_data=True,
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
        min_members=2,
        notifications_per_hour=3_600,
        max_storage_bytes=None,
        second_tick_data=True,
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


def limit_allows(organization: Organization, name: str, count: int) -> bool:
    """Whether the organization may have `count` of what limit `name` counts (None = unlimited).

    `limit_allows(org, "max_members", 10)` is True on Team (10 allowed) and False at 11."""
    limit = limit_for(organization, name)
    if limit is None:
        return True
    if isinstance(limit, bool):
        return limit
    return count <= limit


def tier_limit(tier: str, name: str) -> int | bool | None:
    if name not in LIMIT_NAMES:
        raise KeyError(f"Unknown organization limit {name!r}")
    return getattr(TIER_LIMITS[tier], name)


# Tiers from the smallest to the largest, with the names users see (Organization.Tier's labels;
# kept here so the engine-free helpers below need no model import).
TIER_ORDER = ("free", "researcher", "team", "trading_firm", "institution")
TIER_LABELS = {
    "free": "Free",
    "researcher": "Quant Researcher",
    "team": "Team",
    "trading_firm": "Trading Firm",
    "institution": "Institution",
}


def _more(candidate: int | bool | None, current: int | bool | None) -> bool:
    """Whether limit value `candidate` allows more than `current` (None = unlimited)."""
    if current is None:
        return False
    if candidate is None:
        return True
    if isinstance(current, bool):
        return bool(candidate) and not current
    return candidate > current


def tier_allowing_more(tier: str, name: str) -> str | None:
    """The label of the first tier above `tier` whose limit `name` allows more, or None."""
    current = tier_limit(tier, name)
    for candidate in TIER_ORDER[TIER_ORDER.index(tier) + 1 :]:
        if _more(tier_limit(candidate, name), current):
            return TIER_LABELS[candidate]
    return None


def upgrade_hint(organization: Organization, name: str, what: str) -> str:
    """ "The Team tier and above allow <what>: upgrade <organization> on its Billing page.", for the
    messages of limit `name`; empty when no tier allows more."""
    label = tier_allowing_more(organization.tier, name)
    if label is None:
        return ""
    return (
        f"The {label} tier and above allow {what}: upgrade {organization.name} on its Billing page."
    )
