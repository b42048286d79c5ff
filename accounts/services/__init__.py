"""Writes: sign-up, organizations, API tokens, email change."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Membership, Organization, User, generate_api_token
from accounts.selectors import SESSION_KEY

EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 60 * 60 * 24


def user_signup(*, email: str, password: str, display_name: str = "") -> User:
    """Create the user, their personal Free-tier organization and their owner membership."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, display_name=display_name)
        organization_create(name=f"{user.name}'s Organization", owner=user, is_personal=True)
    return user


def organization_create(*, name: str, owner: User, is_personal: bool = False) -> Organization:
    with transaction.atomic():
        organization = Organization.objects.create(
            name=name,
            slug=Organization.unique_slug(name),
            tier=Organization.Tier.FREE,
            is_personal=is_personal,
        )
        Membership.objects.create(user=owner, organization=organization, role=Membership.Role.OWNER)
    return organization


def organization_switch(*, request: HttpRequest, organization: Organization) -> None:
    """Make `organization` (already checked with get_organization_for_user) the current one."""
    request.session[SESSION_KEY] = organization.id
    request._current_organization = organization


def user_regenerate_api_token(*, user: User) -> str:
    user.api_token = generate_api_token()
    user.save(update_fields=["api_token"])
    return user.api_token


def user_update_profile(
    *, user: User, display_name: str, bio: str, location: str, avatar=None
) -> User:
    user.display_name = display_name
    user.bio = bio
    user.location = location
    fields = ["display_name", "bio", "location"]
    if avatar is not None:
        old = user.avatar.name if user.avatar else ""
        user.avatar = avatar
        fields.append("avatar")
    user.save(update_fields=fields)
    if avatar is not None and old and old != user.avatar.name:
        user.avatar.storage.delete(old)
    return user


def user_request_email_change(*, request: HttpRequest, user: User, new_email: str) -> None:
    """Mail a signed confirmation link to the new address; the change happens on click."""
    new_email = new_email.strip().lower()
    token = signing.dumps({"user": user.pk, "email": new_email}, salt=EMAIL_CHANGE_SALT)
    link = request.build_absolute_uri(reverse("accounts:email_change_confirm", args=[token]))
    body = render_to_string(
        "accounts/email/email_change.txt", {"user": user, "new_email": new_email, "link": link}
    )
    send_mail(
        "Confirm your new qcweb email address", body, settings.DEFAULT_FROM_EMAIL, [new_email]
    )


def user_confirm_email_change(*, user: User, token: str) -> str:
    """Apply a confirmed email change; ValidationError when the link is bad, old or taken."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("This confirmation link has expired. Request a new one.") from None
    except signing.BadSignature:
        raise ValidationError("This confirmation link is not valid.") from None
    if data.get("user") != user.pk:
        raise ValidationError("This confirmation link belongs to another account.")
    email = data["email"]
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError("Another account already uses this email address.")
    user.email = email
    user.save(update_fields=["email"])
    return email


# Organization administration, members, nodes and credit live in submodules; the names are
# re-exported so `accounts.services.<function>` keeps working for every caller.
from accounts.services.credit import (  # noqa: E402
    InsufficientCredit,
    credit_grant,
    credit_purchase,
    credit_refund,
    credit_spend,
)
from accounts.services.members import (  # noqa: E402
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_change_role,
    member_remove,
)
from accounts.services.nodes import node_add, node_assign, node_remove, node_rename  # noqa: E402
from accounts.services.organizations import (  # noqa: E402
    organization_change_tier,
    organization_delete,
    organization_leave,
    organization_rename,
    organization_set_avatar,
    organization_transfer_ownership,
    tier_change_problems,
)

__all__ = [
    "InsufficientCredit",
    "credit_grant",
    "credit_purchase",
    "credit_refund",
    "credit_spend",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "member_change_role",
    "member_remove",
    "node_add",
    "node_assign",
    "node_remove",
    "node_rename",
    "organization_change_tier",
    "organization_create",
    "organization_delete",
    "organization_leave",
    "organization_rename",
    "organization_set_avatar",
    "organization_switch",
    "organization_transfer_ownership",
    "tier_change_problems",
    "user_confirm_email_change",
    "user_regenerate_api_token",
    "user_request_email_change",
    "user_signup",
    "user_update_profile",
]
