"""Rename, image, transfer ownership, leave, remove members, roles, delete, change tier."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts import services
from accounts.models import Membership, Node, Organization

pytestmark = pytest.mark.django_db


def test_rename(owner_client, organization):
    response = owner_client.post(
        reverse("accounts:organization_rename", args=[organization.id]),
        {"name": "Acme  Quant"},
        follow=True,
    )
    organization.refresh_from_db()
    assert organization.name == "Acme Quant"
    assert b"Organization Name Updated Successfully" in response.content


def test_rename_to_a_taken_name_is_refused(owner_client, organization, outsider):
    taken = Organization.objects.get(memberships__user=outsider).name
    owner_client.post(
        reverse("accounts:organization_rename", args=[organization.id]), {"name": taken}
    )
    organization.refresh_from_db()
    assert organization.name == "Acme Capital"


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


def test_avatar_upload(owner_client, organization, media_root):
    response = owner_client.post(
        reverse("accounts:organization_avatar", args=[organization.id]),
        {"avatar": _png()},
        follow=True,
    )
    organization.refresh_from_db()
    assert organization.avatar.name.startswith(f"organizations/{organization.id}/")
    assert b"Photo Uploaded" in response.content


def test_avatar_must_be_an_image(owner_client, organization, media_root):
    text = io.BytesIO(b"not an image")
    text.name = "x.png"
    owner_client.post(
        reverse("accounts:organization_avatar", args=[organization.id]), {"avatar": text}
    )
    organization.refresh_from_db()
    assert not organization.avatar


def test_transfer_ownership(owner_client, owner, member, organization):
    membership = Membership.objects.get(user=member, organization=organization)
    owner_client.post(
        reverse("accounts:organization_transfer", args=[organization.id]),
        {"membership_id": membership.id},
    )
    assert Membership.objects.get(user=member, organization=organization).role == "owner"
    assert Membership.objects.get(user=owner, organization=organization).role == "admin"


def test_the_owner_cannot_leave(owner_client, owner, organization):
    response = owner_client.post(
        reverse("accounts:organization_leave", args=[organization.id]), follow=True
    )
    assert b"Transfer ownership to another member first" in response.content
    with pytest.raises(Exception, match="Transfer ownership"):
        services.organization_leave(organization=organization, user=owner)
    assert Membership.objects.filter(user=owner, organization=organization).exists()


def test_a_member_leaves(member_client, member, organization):
    response = member_client.post(reverse("accounts:organization_leave", args=[organization.id]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member, organization=organization).exists()


def test_remove_member(owner_client, member, organization):
    membership = Membership.objects.get(user=member, organization=organization)
    response = owner_client.post(
        reverse("accounts:member_remove", args=[organization.id, membership.id]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert b"Max Member" not in response.content


def test_the_owner_cannot_be_removed(admin_client, owner, organization):
    membership = Membership.objects.get(user=owner, organization=organization)
    admin_client.post(reverse("accounts:member_remove", args=[organization.id, membership.id]))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_change_role(owner_client, member, organization):
    membership = Membership.objects.get(user=member, organization=organization)
    owner_client.post(
        reverse("accounts:member_role", args=[organization.id, membership.id]), {"role": "admin"}
    )
    membership.refresh_from_db()
    assert membership.role == "admin"


# Deleting ------------------------------------------------------------------------------------


def test_delete_requires_typing_the_name(owner_client, organization):
    owner_client.post(
        reverse("accounts:organization_delete", args=[organization.id]), {"confirm_name": "acme"}
    )
    assert Organization.objects.filter(pk=organization.pk).exists()

    response = owner_client.post(
        reverse("accounts:organization_delete", args=[organization.id]),
        {"confirm_name": "Acme Capital"},
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=organization.pk).exists()


def test_the_personal_organization_cannot_be_deleted(owner_client, owner):
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    owner_client.post(
        reverse("accounts:organization_delete", args=[personal.id]), {"confirm_name": personal.name}
    )
    assert Organization.objects.filter(pk=personal.pk).exists()


def test_nothing_is_deleted_while_jobs_run(owner, organization, monkeypatch):
    monkeypatch.setattr(
        "accounts.services.organizations.has_running_jobs", lambda organization: True
    )
    with pytest.raises(Exception, match="running or queued jobs"):
        services.organization_delete(
            organization=organization, actor=owner, confirm_name="Acme Capital"
        )
    assert Organization.objects.filter(pk=organization.pk).exists()


# Tiers ---------------------------------------------------------------------------------------


def test_upgrade_from_free_needs_a_card_and_charges_the_first_month(owner):
    from accounts.billing import services as billing
    from accounts.tests.conftest import GOOD_CARD

    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    with pytest.raises(Exception, match="Add a credit card"):
        services.organization_change_tier(organization=personal, tier="researcher", actor=owner)
    billing.payment_method_set(
        organization=personal, actor=owner, number=GOOD_CARD, exp_month=1, exp_year=2041, cvc="999"
    )
    services.organization_change_tier(organization=personal, tier="researcher", actor=owner)
    personal.refresh_from_db()
    assert personal.tier == "researcher"
    invoice = personal.invoices.get()
    assert invoice.status == "paid" and invoice.total_cents == 800


def test_a_failed_first_payment_keeps_the_free_tier(owner):
    from accounts.billing import services as billing
    from accounts.tests.conftest import FAILING_CARD

    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    billing.payment_method_set(
        organization=personal,
        actor=owner,
        number=FAILING_CARD,
        exp_month=1,
        exp_year=2041,
        cvc="999",
    )
    with pytest.raises(Exception, match="declined"):
        services.organization_change_tier(organization=personal, tier="researcher", actor=owner)
    personal.refresh_from_db()
    assert personal.tier == "free"
    assert not personal.invoices.exists()


def test_a_downgrade_that_breaks_limits_explains_what_must_change(
    owner_client, owner, member, organization, card
):
    services.node_add(organization=organization, model="L1-1", actor=owner)
    services.node_add(organization=organization, model="L1-1", actor=owner)
    services.node_add(organization=organization, model="L1-1", actor=owner)

    problems = services.tier_change_problems(organization, "researcher")
    assert problems == [
        "The Quant Researcher tier allows 1 member; you have 2 members. Remove 1 first.",
        "The Quant Researcher tier allows 2 live trading nodes; you have 3. Remove 1 first.",
    ]
    response = owner_client.post(
        reverse("accounts:organization_tier", args=[organization.id]),
        {"tier": "researcher"},
        follow=True,
    )
    organization.refresh_from_db()
    assert organization.tier == "team"
    assert b"you have 3. Remove 1 first." in response.content


def test_a_downgrade_that_fits_happens(owner, organization, card):
    services.organization_change_tier(organization=organization, tier="researcher", actor=owner)
    organization.refresh_from_db()
    assert organization.tier == "researcher"


def test_downgrade_to_free_ends_the_subscription(owner, organization, card):
    services.organization_change_tier(organization=organization, tier="free", actor=owner)
    organization.refresh_from_db()
    assert organization.tier == "free"
    assert organization.subscription.status == "canceled"


def test_upgrade_between_paid_tiers(owner, organization, card):
    services.organization_change_tier(organization=organization, tier="trading_firm", actor=owner)
    organization.refresh_from_db()
    assert organization.tier == "trading_firm"


def test_nodes_are_removed_with_the_organization(owner, organization, card):
    services.node_add(organization=organization, model="B2-8", actor=owner)
    services.organization_delete(
        organization=organization, actor=owner, confirm_name="Acme Capital"
    )
    assert not Node.objects.exists()
