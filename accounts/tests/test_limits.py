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
