"""Who may do what in an organization: the one permission matrix.

Roles follow QuantConnect's organization members and billing rules: the owner is responsible for billing and may do
everything; "The owner ... is responsible for the billing, but the responsibility can be delegated
in Trading Firm or Institution organizations", so there administrators also get billing rights;
administrators add and remove members and stop other members' nodes ("team add/remove", "stop
node" permissions); every member uses the shared nodes and can spend the organization's QCC
("all of the members within your organization have the ability to spend the QCC balance").

Use `can(user, organization, "invite_member")` in views and services; `require(...)` raises.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Membership, Organization, User

OWNER = Membership.Role.OWNER
ADMIN = Membership.Role.ADMIN
MEMBER = Membership.Role.MEMBER
ALL = frozenset({OWNER, ADMIN, MEMBER})
ADMINS = frozenset({OWNER, ADMIN})
ONLY_OWNER = frozenset({OWNER})

# Tiers where the owner's billing responsibility is delegated to administrators.
BILLING_DELEGATION_TIERS = frozenset({"trading_firm", "institution"})

# action -> roles allowed. "billing" actions additionally admit admins on delegation tiers.
MATRIX: dict[str, frozenset[str]] = {
    "view": ALL,
    "use_nodes": ALL,
    "spend_credit": ALL,
    "leave": frozenset({ADMIN, MEMBER}),  # the owner transfers ownership first
    "edit_branding": ADMINS,  # name, image
    "invite_member": ADMINS,  # team "Add"
    "remove_member": ADMINS,  # team "Remove"
    "assign_nodes": ADMINS,
    "stop_nodes": ADMINS,  # stop nodes other members are using
    "change_roles": ONLY_OWNER,  # team "Edit"
    "manage_billing": ONLY_OWNER,  # tier, nodes, storage, card, invoices, QCC purchases
    "transfer_ownership": ONLY_OWNER,
    "delete_organization": ONLY_OWNER,
}
BILLING_ACTIONS = frozenset({"manage_billing"})
ACTIONS = frozenset(MATRIX)


def role_can(role: str | None, tier: str, action: str) -> bool:
    if action not in MATRIX:
        raise KeyError(f"Unknown organization action {action!r}")
    if role is None:
        return False
    if role in MATRIX[action]:
        return True
    return action in BILLING_ACTIONS and role == ADMIN and tier in BILLING_DELEGATION_TIERS


def role_of(user: User, organization: Organization) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(user=user, organization=organization)
        .values_list("role", flat=True)
        .first()
    )


def can(user: User, organization: Organization, action: str) -> bool:
    """Whether `user` may do `action` in `organization` (False for non-members)."""
    return role_can(role_of(user, organization), organization.tier, action)


def require(user: User, organization: Organization, action: str) -> None:
    """PermissionDenied with a readable message unless `can(...)`."""
    if not can(user, organization, action):
        raise PermissionDenied(DENIED_MESSAGES.get(action, "You don't have permission to do this."))


def allowed_actions(user: User, organization: Organization) -> set[str]:
    role = role_of(user, organization)
    return {action for action in MATRIX if role_can(role, organization.tier, action)}


DENIED_MESSAGES = {
    "manage_billing": "Only the organization owner can change billing"
    " (administrators too on Trading Firm and Institution tiers).",
    "invite_member": "Only owners and administrators can add members.",
    "remove_member": "Only owners and administrators can remove members.",
    "change_roles": "Only the owner can change roles.",
    "transfer_ownership": "Only the owner can transfer ownership.",
    "delete_organization": "Only the owner can delete the organization.",
    "leave": "The owner can't leave the organization: transfer ownership first.",
}
