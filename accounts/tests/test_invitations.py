"""Inviting members by email: the mailed link, accepting, expiry, revoking, seat limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, Organization

pytestmark = pytest.mark.django_db


def invite(client, organization, email="new@example.com", role="member", **extra):
    return client.post(
        reverse("accounts:organization_members", args=[organization.id]),
        {"email": email, "role": role},
        **extra,
    )


def mailed_link() -> str:
    return re.search(r"http://testserver(/accounts/invitations/\S+/)", mail.outbox[-1].body).group(
        1
    )


def test_the_owner_invites_and_the_link_is_mailed(owner_client, organization):
    response = invite(owner_client, organization)

    assert response.status_code == 302
    invitation = Invitation.objects.get(organization=organization)
    assert invitation.email == "new@example.com" and invitation.is_pending()
    assert mail.outbox[-1].to == ["new@example.com"]
    assert "Acme Capital" in mail.outbox[-1].subject
    assert mailed_link() == reverse("accounts:invitation_accept", args=[invitation.token])


def test_htmx_invite_returns_the_members_fragment(owner_client, organization):
    response = invite(owner_client, organization, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="members">')
    assert b"new@example.com" in response.content


def test_the_invited_user_accepts(owner_client, organization, make_user):
    invite(owner_client, organization)
    newcomer = make_user("new@example.com")
    from django.test import Client

    client = Client()
    client.force_login(newcomer)
    link = mailed_link()
    page = client.get(link)
    assert b"Join Acme Capital" in page.content

    response = client.post(link)

    assert response.status_code == 302
    membership = Membership.objects.get(organization=organization, user=newcomer)
    assert membership.role == "member"
    members = owner_client.get(reverse("accounts:organization_members", args=[organization.id]))
    assert b"new@example.com" in members.content


def test_anonymous_visitors_are_asked_to_log_in(client, owner, organization):
    invitation = services.invitation_create(
        organization=organization,
        email="new@example.com",
        actor=owner,
        base_url="http://testserver",
    )
    response = client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert response.status_code == 200
    assert b"Log in" in response.content and b"new@example.com" in response.content


def test_invitations_expire(owner, organization, make_user):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    newcomer = make_user("new@example.com")

    with pytest.raises(Exception, match="expired"):
        services.invitation_accept(token=invitation.token, user=newcomer)
    assert not Membership.objects.filter(user=newcomer, organization=organization).exists()


def test_an_invitation_is_valid_for_seven_days(owner, organization):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)


def test_an_expired_link_shows_why(owner, organization, make_user, client):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    client.force_login(make_user("new@example.com"))
    response = client.post(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert response.status_code == 400
    assert b"expired" in response.content


def test_revoked_invitations_cannot_be_accepted(owner_client, owner, organization, make_user):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    response = owner_client.post(
        reverse("accounts:invitation_revoke", args=[organization.id, invitation.id])
    )
    assert response.status_code == 302
    with pytest.raises(Exception, match="revoked"):
        services.invitation_accept(token=invitation.token, user=make_user("new@example.com"))


def test_only_the_invited_email_can_accept(owner, organization, outsider):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    with pytest.raises(Exception, match="is for new@example.com"):
        services.invitation_accept(token=invitation.token, user=outsider)


def test_a_member_cannot_be_invited_twice(owner_client, organization, member):
    response = invite(owner_client, organization, email=member.email)
    assert response.status_code == 200
    assert "already a member" in str(response.context["form"].errors)


def test_a_bad_token_is_rejected(client):
    response = client.get(reverse("accounts:invitation_accept", args=["nope"]))
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_the_team_tier_allows_ten_seats_including_pending_invitations(owner, organization, member):
    for n in range(8):  # owner + member + 8 pending = 10
        services.invitation_create(
            organization=organization, email=f"p{n}@example.com", actor=owner, base_url="http://t"
        )
    with pytest.raises(Exception, match="allows 10 members"):
        services.invitation_create(
            organization=organization,
            email="eleventh@example.com",
            actor=owner,
            base_url="http://t",
        )


def test_free_organizations_have_one_seat(owner):
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    with pytest.raises(Exception, match="Free tier allows 1 member"):
        services.invitation_create(
            organization=personal, email="friend@example.com", actor=owner, base_url="http://t"
        )


def test_accepting_rechecks_the_seat_limit(owner, organization, make_user):
    invitation = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    for n in range(9):  # fill the remaining seats directly
        Membership.objects.create(organization=organization, user=make_user(f"m{n}@example.com"))
    with pytest.raises(Exception, match="allows 10 members"):
        services.invitation_accept(token=invitation.token, user=make_user("new@example.com"))


def test_reinviting_replaces_the_pending_invitation(owner, organization):
    first = services.invitation_create(
        organization=organization, email="new@example.com", actor=owner, base_url="http://t"
    )
    services.invitation_create(
        organization=organization, email="NEW@example.com", actor=owner, base_url="http://t"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert organization.invitations.filter(revoked_at__isnull=True).count() == 1
