"""Nodes: buying within the tier's quota, removing (pro-rated credit), assigning, counting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services
from accounts.billing import services as billing
from accounts.models import Node, Organization
from accounts.selectors import backtest_node_count, research_node_count

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tier", "model", "limit"),
    [
        ("researcher", "B2-8", 2),
        ("researcher", "R2-8", 1),
        ("researcher", "L1-1", 2),
        ("team", "B8-16", 10),
        ("team", "R4-12", 10),
        ("team", "L-MICRO", 10),
    ],
)
def test_node_quota_at_and_past_the_boundary(tier, model, limit, owner, organization, card):
    Organization.objects.filter(pk=organization.pk).update(tier=tier)
    organization.refresh_from_db()
    for _ in range(limit):
        services.node_add(organization=organization, model=model, actor=owner)
    with pytest.raises(Exception, match=f"allows {limit} "):
        services.node_add(organization=organization, model=model, actor=owner)
    assert organization.nodes.count() == limit


def test_trading_firm_nodes_are_unlimited(owner, organization, card):
    Organization.objects.filter(pk=organization.pk).update(tier="trading_firm")
    organization.refresh_from_db()
    for _ in range(12):
        services.node_add(organization=organization, model="L1-2", actor=owner)
    assert organization.nodes.count() == 12


def test_free_organizations_cannot_buy_nodes(owner, card):
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    with pytest.raises(Exception, match="Upgrade to a paid tier"):
        services.node_add(organization=personal, model="B2-8", actor=owner)


def test_adding_nodes_needs_a_card(owner, organization):
    with pytest.raises(Exception, match="Add a credit card"):
        services.node_add(organization=organization, model="B2-8", actor=owner)


def test_add_node_view(owner_client, organization, card):
    response = owner_client.post(
        reverse("accounts:node_add", args=[organization.id]), {"model": "B4-12"}
    )
    assert response.status_code == 302
    node = Node.objects.get(organization=organization)
    assert node.kind == "backtest" and node.model == "B4-12" and node.name.startswith("B4-12-")


def test_members_cannot_buy_nodes(member_client, organization, card):
    response = member_client.post(
        reverse("accounts:node_add", args=[organization.id]), {"model": "B4-12"}
    )
    assert response.status_code == 403
    assert not Node.objects.exists()


def test_removing_a_node_in_a_paid_period_credits_the_next_invoice(owner, organization, card):
    billing.subscription_start(organization=organization)
    node = services.node_add(organization=organization, model="B2-8", actor=owner)
    credit = services.node_remove(node=node, actor=owner)
    assert 0 < credit <= 2800
    assert (
        organization.subscription.__class__.objects.get(
            organization=organization
        ).account_credit_cents
        == credit
    )


def test_a_node_running_a_job_cannot_be_removed(owner, organization, card):
    node = services.node_add(organization=organization, model="L1-1", actor=owner)
    services.node_assign(node=node, actor=owner, user=owner, job="live:7")
    with pytest.raises(Exception, match="Stop it first"):
        services.node_remove(node=node, actor=owner)


def test_assign_a_node_to_a_member(owner_client, owner, member, organization, card):
    node = services.node_add(organization=organization, model="R2-8", actor=owner)
    owner_client.post(
        reverse("accounts:node_assign", args=[organization.id, node.id]), {"user_id": member.id}
    )
    node.refresh_from_db()
    assert node.assigned_to == member


def test_nodes_cannot_be_assigned_to_outsiders(owner, outsider, organization, card):
    node = services.node_add(organization=organization, model="R2-8", actor=owner)
    with pytest.raises(Exception, match="members of the organization"):
        services.node_assign(node=node, actor=owner, user=outsider)


def test_removing_a_member_frees_their_nodes(owner, member, organization, card):
    node = services.node_add(organization=organization, model="R2-8", actor=owner)
    services.node_assign(node=node, actor=owner, user=member)
    services.member_remove(
        organization=organization,
        membership=member.memberships.get(organization=organization),
        actor=owner,
    )
    node.refresh_from_db()
    assert node.assigned_to is None


def test_the_personal_organization_has_the_free_included_nodes(owner):
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    assert backtest_node_count(personal) == 1
    assert research_node_count(personal) == 1


def test_a_team_organization_counts_its_backtest_nodes(owner, organization, card):
    assert backtest_node_count(organization) == 0
    services.node_add(organization=organization, model="B2-8", actor=owner)
    services.node_add(organization=organization, model="B8-16", actor=owner)
    services.node_add(organization=organization, model="R2-8", actor=owner)
    assert backtest_node_count(organization) == 2


def test_a_purchased_node_replaces_the_free_one(owner, card):
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    Organization.objects.filter(pk=personal.pk).update(tier="researcher")
    personal.refresh_from_db()
    from accounts.tests.conftest import GOOD_CARD

    billing.payment_method_set(
        organization=personal, actor=owner, number=GOOD_CARD, exp_month=1, exp_year=2041, cvc="123"
    )
    services.node_add(organization=personal, model="B2-8", actor=owner)
    assert backtest_node_count(personal) == 1
    services.node_add(organization=personal, model="B4-12", actor=owner)
    assert backtest_node_count(personal) == 2
