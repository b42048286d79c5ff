from __future__ import annotations

import pytest

from accounts.limits import TIER_LIMITS, limit_for
from accounts.models import Organization


def test_every_tier_has_limits():
    assert set(TIER_LIMITS) == {choice.value for choice in Organization.Tier}


def test_free_organizations_get_one_backtest_node_and_one_member():
    organization = Organization(tier="free")

    assert limit_for(organization, "backtest_nodes") == 1
    assert limit_for(organization, "max_members") == 1
    assert limit_for(organization, "live_nodes") == 0


def test_higher_tiers_have_more():
    assert limit_for(Organization(tier="team"), "backtest_nodes") == 10
    assert limit_for(Organization(tier="trading_firm"), "backtest_nodes") is None  # unlimited


def test_an_unknown_limit_is_an_error():
    with pytest.raises(KeyError):
        limit_for(Organization(tier="free"), "rocket_launchers")


# Every limit at and past its boundary ----------------------------------------------------------

from accounts.catalog import NODE_MODELS, STORAGE_PLANS  # noqa: E402
from accounts.limits import GB, KB, MB, limit_allows  # noqa: E402

# QuantConnect's published quotas, per tier: free, researcher, team, trading_firm, institution.
PUBLISHED = {
    "backtest_nodes": (1, 2, 10, None, None),
    "research_nodes": (1, 1, 10, None, None),
    "live_nodes": (0, 2, 10, None, None),
    "max_members": (1, 1, 10, None, None),
    "min_members": (1, 1, 2, 2, 2),
    "coding_sessions": (1, 2, 4, 8, 16),
    "max_file_bytes": (32 * KB, 64 * KB, 128 * KB, 256 * KB, 256 * KB),
    "log_bytes_per_backtest": (10 * KB, 100 * KB, 1 * MB, 5 * MB, None),
    "log_bytes_per_day": (3 * MB, 3 * MB, 10 * MB, 50 * MB, None),
    "notifications_per_hour": (0, 20, 60, 240, 3_600),
    "max_storage_bytes": (50 * MB, 50 * GB, 10 * GB, None, None),
}
TIERS = ("free", "researcher", "team", "trading_firm", "institution")
COUNTED = [
    (name, tier, values[i])
    for name, values in PUBLISHED.items()
    if name != "min_members"
    for i, tier in enumerate(TIERS)
]


@pytest.mark.parametrize(
    ("name", "tier", "value"), COUNTED, ids=[f"{n}-{t}" for n, t, _ in COUNTED]
)
def test_the_limit_matches_quantconnect_and_holds_at_its_boundary(name, tier, value):
    organization = Organization(tier=tier)
    assert limit_for(organization, name) == value
    if value is None:
        assert limit_allows(organization, name, 10**12)
    else:
        assert limit_allows(organization, name, value)  # at the boundary
        assert not limit_allows(organization, name, value + 1)  # past it


@pytest.mark.parametrize("tier", TIERS)
def test_minimum_members(tier):
    assert (
        limit_for(Organization(tier=tier), "min_members")
        == PUBLISHED["min_members"][TIERS.index(tier)]
    )


def test_node_models_come_from_quantconnect():
    got = {code: (m.kind, m.cores, m.ghz, m.ram_gb, m.gpu) for code, m in NODE_MODELS.items()}
    assert got == {
        "B-MICRO": ("backtest", 2, 3, 8, "0"),
        "B2-8": ("backtest", 2, 4.9, 8, "0"),
        "B4-12": ("backtest", 4, 4.9, 12, "0"),
        "B4-16-GPU": ("backtest", 4, 3, 16, "1/3"),
        "B8-16": ("backtest", 8, 4.9, 16, "0"),
        "R1-4": ("research", 1, 2.4, 4, "0"),
        "R2-8": ("research", 2, 2.4, 8, "0"),
        "R4-12": ("research", 4, 2.4, 12, "0"),
        "R4-16-GPU": ("research", 4, 3, 16, "1/3"),
        "R8-16": ("research", 8, 2.4, 16, "0"),
        "L-MICRO": ("live", 1, 2.6, 0.5, "0"),
        "L1-1": ("live", 1, 2.6, 1, "0"),
        "L1-2": ("live", 1, 2.6, 2, "0"),
        "L2-4": ("live", 2, 2.6, 4, "0"),
    }


def test_storage_plans_come_from_quantconnect():
    assert [(p.bytes, p.monthly_cents) for p in STORAGE_PLANS] == [
        (50 * MB, 0),
        (2 * GB, 1000),
        (5 * GB, 2000),
        (10 * GB, 5000),
        (50 * GB, 10000),
    ]
