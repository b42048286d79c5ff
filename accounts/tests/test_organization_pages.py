"""Every organization page: members see it, outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.billing import selectors as billing_selectors
from accounts.billing import services as billing
from accounts.models import Invitation, Membership, Node

pytestmark = pytest.mark.django_db

GET_PAGES = [
    "accounts:organization_home",
    "accounts:organization_members",
    "accounts:organization_resources",
    "accounts:billing",
]
POST_PAGES = [
    "accounts:organization_rename",
    "accounts:organization_avatar",
    "accounts:organization_tier",
    "accounts:organization_delete",
    "accounts:organization_leave",
    "accounts:organization_transfer",
    "accounts:organization_members",
    "accounts:node_add",
    "accounts:storage_change",
    "accounts:card_remove",
    "accounts:credit_purchase",
]


@pytest.mark.parametrize("name", GET_PAGES)
def test_members_see_the_page(name, member_client, organization):
    response = member_client.get(reverse(name, args=[organization.id]))
    assert response.status_code == 200
    assert b"Acme Capital" in response.content


@pytest.mark.parametrize("name", GET_PAGES + POST_PAGES)
def test_outsiders_get_404(name, outsider_client, organization):
    response = outsider_client.post(reverse(name, args=[organization.id]), {"name": "x"})
    assert response.status_code == 404
    assert outsider_client.get(reverse(name, args=[organization.id])).status_code in (404, 405)


def test_outsiders_get_404_on_objects_of_the_organization(
    outsider_client, owner, organization, card
):
    from accounts import services

    node = services.node_add(organization=organization, model="B2-8", actor=owner)
    invoice = billing.invoice_create(
        organization=organization,
        period_start=billing_selectors.subscription_for(organization).period_start,
    )
    invitation = services.invitation_create(
        organization=organization, email="x@example.com", actor=owner, base_url="http://t"
    )
    membership = Membership.objects.get(organization=organization, user=owner)
    for name, args in [
        ("accounts:invoice_detail", [organization.id, invoice.id]),
        ("accounts:invoice_pdf", [organization.id, invoice.id]),
    ]:
        assert outsider_client.get(reverse(name, args=args)).status_code == 404
    for name, args in [
        ("accounts:node_remove", [organization.id, node.id]),
        ("accounts:node_assign", [organization.id, node.id]),
        ("accounts:node_rename", [organization.id, node.id]),
        ("accounts:member_remove", [organization.id, membership.id]),
        ("accounts:member_role", [organization.id, membership.id]),
        ("accounts:invitation_revoke", [organization.id, invitation.id]),
    ]:
        assert outsider_client.post(reverse(name, args=args)).status_code == 404
    assert Node.objects.filter(pk=node.pk).exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_objects_of_another_organization_are_404(owner_client, owner, organization, outsider, card):
    """An owner can't reach a node of another organization through their own organization's URL."""
    from accounts.models import Organization

    other = Organization.objects.get(memberships__user=outsider)
    node = Node.objects.create(organization=other, kind="backtest", model="B2-8", name="theirs")
    response = owner_client.post(reverse("accounts:node_remove", args=[organization.id, node.id]))
    assert response.status_code == 404
    assert Node.objects.filter(pk=node.pk).exists()


def test_the_home_page_shows_tier_members_nodes_credit_and_storage(
    owner_client, owner, organization, member, card
):
    from accounts import services

    services.node_add(organization=organization, model="B4-12", actor=owner, name="fast-one")
    services.credit_purchase(organization=organization, qcc=5000, actor=owner)
    services.credit_spend(
        organization=organization, amount=1200, reason="Optimization of Alpha", actor=member
    )

    content = owner_client.get(
        reverse("accounts:organization_home", args=[organization.id])
    ).content.decode()
    assert 'id="org-tier">Team tier' in content
    assert "Max Member" in content and "Olivia Owner" in content
    assert "fast-one" in content and "B4-12" in content
    assert 'id="credit-balance">3,800 QCC' in content
    assert "Optimization of Alpha" in content
    assert 'id="storage-used"' in content


def test_the_current_organization_link_redirects_home(owner_client, owner):
    response = owner_client.get(reverse("accounts:organization_current"))
    assert response.status_code == 302
    assert "/accounts/organizations/" in response.url
