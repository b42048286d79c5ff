"""Organization administration: rename, image, ownership, leaving, deleting, changing tier."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.billing import services as billing
from accounts.billing.backends import get_backend
from accounts.catalog import NODE_KINDS, NODE_LIMIT_NAMES
from accounts.limits import tier_limit
from accounts.models import Membership, Organization, Subscription, User
from accounts.permissions import require
from accounts.selectors import has_running_jobs, node_counts, seats_in_use

FREE = Organization.Tier.FREE
TIER_ORDER = [t.value for t in Organization.Tier]


def organization_rename(*, organization: Organization, name: str, actor: User) -> Organization:
    require(actor, organization, "edit_branding")
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Enter a name.")
    taken = Organization.objects.filter(name__iexact=name).exclude(pk=organization.pk).exists()
    if taken:
        raise ValidationError("An organization with this name already exists.")
    organization.name = name
    organization.save(update_fields=["name"])
    return organization


def organization_set_avatar(*, organization: Organization, avatar, actor: User) -> Organization:
    require(actor, organization, "edit_branding")
    old = organization.avatar.name if organization.avatar else ""
    organization.avatar = avatar
    organization.save(update_fields=["avatar"])
    if old and old != organization.avatar.name:
        organization.avatar.storage.delete(old)
    return organization


def organization_transfer_ownership(
    *, organization: Organization, actor: User, new_owner: User
) -> None:
    """The new owner must already be a member; the old owner becomes an administrator."""
    require(actor, organization, "transfer_ownership")
    if new_owner == actor:
        raise ValidationError("You already own this organization.")
    with transaction.atomic():
        target = (
            Membership.objects.select_for_update()
            .filter(organization=organization, user=new_owner)
            .first()
        )
        if target is None:
            raise ValidationError("The new owner must be a member of the organization.")
        Membership.objects.filter(organization=organization, user=actor).update(
            role=Membership.Role.ADMIN
        )
        target.role = Membership.Role.OWNER
        target.save(update_fields=["role"])


def organization_leave(*, organization: Organization, user: User) -> None:
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        raise ValidationError("You are not a member of this organization.")
    if membership.role == Membership.Role.OWNER:
        raise ValidationError(
            "The owner can't leave the organization. Transfer ownership to another member first."
        )
    with transaction.atomic():
        organization.nodes.filter(assigned_to=user).update(assigned_to=None)
        membership.delete()


def organization_delete(*, organization: Organization, actor: User, confirm_name: str) -> None:
    require(actor, organization, "delete_organization")
    if organization.is_personal:
        raise ValidationError("Your personal organization can't be deleted.")
    if confirm_name.strip() != organization.name:
        raise ValidationError("Type the organization's name exactly to confirm.")
    if has_running_jobs(organization):
        raise ValidationError(
            "The organization has running or queued jobs. Stop them before deleting it."
        )
    with transaction.atomic():
        method = getattr(organization, "payment_method", None)
        if method is not None:
            get_backend().remove_card(reference=method.reference)
        organization.delete()


def tier_change_problems(organization: Organization, tier: str) -> list[str]:
    """What must change before the organization fits `tier` (empty list: it fits)."""
    problems: list[str] = []
    label = Organization.Tier(tier).label
    max_members = tier_limit(tier, "max_members")
    seats = seats_in_use(organization)
    if max_members is not None and seats > max_members:
        members = organization.memberships.count()
        pending = seats - members
        detail = f"{members} member{'s' if members != 1 else ''}"
        if pending:
            detail += f" and {pending} pending invitation{'s' if pending != 1 else ''}"
        problems.append(
            f"The {label} tier allows {max_members} member{'s' if max_members != 1 else ''}; "
            f"you have {detail}. Remove {seats - max_members} first."
        )
    counts = node_counts(organization)
    for kind, limit_name in NODE_LIMIT_NAMES.items():
        limit = tier_limit(tier, limit_name)
        if limit is not None and counts[kind] > limit:
            kind_label = NODE_KINDS[kind].lower()
            problems.append(
                f"The {label} tier allows {limit} {kind_label} node{'s' if limit != 1 else ''}; "
                f"you have {counts[kind]}. Remove {counts[kind] - limit} first."
            )
    subscription = Subscription.objects.filter(organization=organization).first()
    max_storage = tier_limit(tier, "max_storage_bytes")
    if subscription and max_storage is not None and subscription.storage_bytes > max_storage:
        problems.append(
            f"The {label} tier includes at most {max_storage // (1024 * 1024)} MB of ObjectStore; "
            "reduce the storage plan first."
        )
    return problems


def organization_change_tier(*, organization: Organization, tier: str, actor: User) -> None:
    """Upgrade or downgrade. A downgrade that would break a limit is refused with the list of
    what must change; moving from Free to a paid tier needs a card and charges the first month."""
    require(actor, organization, "manage_billing")
    if tier not in TIER_ORDER:
        raise ValidationError("Unknown tier.")
    if tier == organization.tier:
        raise ValidationError(
            f"The organization is already on the {organization.get_tier_display()} tier."
        )
    problems = tier_change_problems(organization, tier)
    if problems:
        raise ValidationError(problems)
    was_free = organization.tier == FREE
    if tier != FREE and not hasattr(organization, "payment_method"):
        raise ValidationError("Add a credit card on the billing page before choosing a paid tier.")
    with transaction.atomic():
        organization.tier = tier
        organization.save(update_fields=["tier"])
        if tier == FREE:
            billing.subscription_cancel(organization=organization, reason="Downgraded to Free")
        elif was_free:
            billing.subscription_start(organization=organization)  # raises if the card fails
