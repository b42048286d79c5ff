"""Nodes: subscribe to, remove, rename and assign backtesting, research and live nodes."""

from __future__ import annotations

import secrets
from calendar import monthrange

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.billing.selectors import subscription_for
from accounts.catalog import NODE_KINDS, NODE_LIMIT_NAMES, NODE_MODELS
from accounts.limits import limit_for
from accounts.models import Membership, Node, Organization, User
from accounts.permissions import require


def node_add(*, organization: Organization, model: str, actor: User, name: str = "") -> Node:
    require(actor, organization, "manage_billing")
    spec = NODE_MODELS.get(model)
    if spec is None:
        raise ValidationError("Unknown node model.")
    if organization.tier == Organization.Tier.FREE:
        raise ValidationError(
            "Free organizations use the included nodes. Upgrade to a paid tier to add nodes."
        )
    if not hasattr(organization, "payment_method"):
        raise ValidationError("Add a credit card on the billing page before adding nodes.")
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        limit = limit_for(organization, NODE_LIMIT_NAMES[spec.kind])
        count = Node.objects.filter(organization=organization, kind=spec.kind).count()
        if limit is not None and count + 1 > limit:
            raise ValidationError(
                f"The {organization.get_tier_display()} tier allows {limit} "
                f"{NODE_KINDS[spec.kind].lower()} node{'s' if limit != 1 else ''}. "
                "Upgrade the organization or remove a node first."
            )
        return Node.objects.create(
            organization=organization,
            kind=spec.kind,
            model=spec.code,
            name=(name.strip() or f"{spec.code}-{secrets.token_hex(3)}")[:60],
        )


def node_remove(*, node: Node, actor: User) -> int:
    """Remove the node; returns the pro-rated credit (cents) applied to the next invoice."""
    organization = node.organization
    require(actor, organization, "manage_billing")
    if node.assigned_job:
        raise ValidationError(f"{node.name} is running {node.assigned_job}. Stop it first.")
    with transaction.atomic():
        subscription = subscription_for(organization)
        today = timezone.localdate()
        days = monthrange(subscription.period_start.year, subscription.period_start.month)[1]
        used = max(0, min(days, (today - subscription.period_start).days))
        credit = (
            node.spec.monthly_cents * (days - used) // days
            if subscription.status == "active"
            else 0
        )
        if organization.invoices.filter(
            period_start=subscription.period_start, status="paid"
        ).exists():
            subscription.account_credit_cents += credit
            subscription.save(update_fields=["account_credit_cents"])
        else:
            credit = 0
        node.delete()
    return credit


def node_rename(*, node: Node, name: str, actor: User) -> Node:
    require(actor, node.organization, "use_nodes")
    name = name.strip()
    if not name:
        raise ValidationError("Enter a name.")
    node.name = name[:60]
    node.save(update_fields=["name"])
    return node


def node_assign(*, node: Node, actor: User, user: User | None = None, job: str = "") -> Node:
    """Reserve the node for a member (or nobody) and/or a running job label."""
    require(actor, node.organization, "assign_nodes")
    if (
        user is not None
        and not Membership.objects.filter(organization=node.organization, user=user).exists()
    ):
        raise ValidationError("Nodes can only be assigned to members of the organization.")
    node.assigned_to = user
    node.assigned_job = job[:60]
    node.save(update_fields=["assigned_to", "assigned_job"])
    return node
