"""Members: invitations by email (expiring, revocable), accepting, removing, roles."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.limits import limit_for
from accounts.models import Invitation, Membership, Organization, User
from accounts.permissions import require
from accounts.selectors import pending_invitations, seats_in_use

INVITATION_DAYS = 7


def _seat_error(organization: Organization) -> ValidationError:
    limit = limit_for(organization, "max_members")
    return ValidationError(
        f"The {organization.get_tier_display()} tier allows {limit} member"
        f"{'s' if limit != 1 else ''} (including pending invitations). "
        "Upgrade the organization or remove a member first."
    )


def invitation_create(
    *,
    organization: Organization,
    email: str,
    actor: User,
    base_url: str,
    role: str = Membership.Role.MEMBER,
) -> Invitation:
    """Invite `email` and mail the link. `base_url` is e.g. "https://qc.example.com"."""
    require(actor, organization, "invite_member")
    email = email.strip().lower()
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER):
        raise ValidationError("Invite as a member or an administrator.")
    if role == Membership.Role.ADMIN and actor != _owner(organization):
        raise ValidationError("Only the owner can invite administrators.")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member.")
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        # A new invitation to the same address replaces the pending one.
        pending_invitations(organization).filter(email__iexact=email).update(
            revoked_at=timezone.now()
        )
        limit = limit_for(organization, "max_members")
        if limit is not None and seats_in_use(organization) + 1 > limit:
            raise _seat_error(organization)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
    link = base_url.rstrip("/") + invitation_path(invitation)
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"invitation": invitation, "link": link, "days": INVITATION_DAYS, "actor": actor},
    )
    send_mail(
        f"{actor.name} invited you to {organization.name} on qcweb",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return invitation


def invitation_path(invitation: Invitation) -> str:
    from django.urls import reverse

    return reverse("accounts:invitation_accept", args=[invitation.token])


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    require(actor, invitation.organization, "invite_member")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def invitation_check(invitation: Invitation | None, user: User | None = None) -> None:
    """ValidationError explaining why the invitation can't be accepted (by `user`)."""
    if invitation is None:
        raise ValidationError("This invitation link is not valid.")
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation was revoked. Ask for a new one.")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted.")
    if invitation.expires_at <= timezone.now():
        raise ValidationError("This invitation has expired. Ask for a new one.")
    if user is not None and user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}. Log in with that email to accept it."
        )


def invitation_accept(*, token: str, user: User) -> Membership:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organization")
            .filter(token=token)
            .first()
        )
        invitation_check(invitation, user)
        organization = invitation.organization
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if Membership.objects.filter(organization=organization, user=user).exists():
            raise ValidationError(f"You are already a member of {organization.name}.")
        limit = limit_for(organization, "max_members")
        # This invitation already holds a seat among the pending ones.
        if limit is not None and seats_in_use(organization) > limit:
            raise _seat_error(organization)
        membership = Membership.objects.create(
            user=user, organization=organization, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _owner(organization: Organization) -> User | None:
    membership = (
        organization.memberships.filter(role=Membership.Role.OWNER).select_related("user").first()
    )
    return membership.user if membership else None


def member_remove(*, organization: Organization, membership: Membership, actor: User) -> None:
    require(actor, organization, "remove_member")
    if membership.organization_id != organization.id:
        raise ValidationError("Not a member of this organization.")
    if membership.role == Membership.Role.OWNER:
        raise ValidationError("The owner can't be removed.")
    if membership.user == actor:
        raise ValidationError("Use “Leave organization” to remove yourself.")
    if membership.role == Membership.Role.ADMIN and _owner(organization) != actor:
        raise ValidationError("Only the owner can remove an administrator.")
    with transaction.atomic():
        organization.nodes.filter(assigned_to=membership.user).update(assigned_to=None)
        membership.delete()


def member_change_role(
    *, organization: Organization, membership: Membership, role: str, actor: User
) -> Membership:
    require(actor, organization, "change_roles")
    if role not in (Membership.Role.ADMIN, Membership.Role.MEMBER):
        raise ValidationError(
            "Choose administrator or member (use “Transfer ownership” for owner)."
        )
    if membership.role == Membership.Role.OWNER:
        raise ValidationError("Transfer ownership to change the owner's role.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership
