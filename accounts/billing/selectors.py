"""Billing reads: the organization's subscription, what it is billed each month, its invoices.

Writes (cards, invoices, payments, renewals) are in accounts/billing/services.py; the QCC balance
and ledger are `accounts.selectors.credit_balance` / `credit_entries`.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.catalog import NODE_KINDS, NODE_MODELS, SEAT_MONTHLY_CENTS, storage_plan
from accounts.limits import tier_limit
from accounts.models import Invoice, Organization, Subscription


def add_month(day: dt.date) -> dt.date:
    """The same day a month later (the month's last day when it is shorter): billing periods."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def subscription_for(organization: Organization) -> Subscription:
    """The organization's subscription. Every organization has one: the row is created with
    today's period start the first time it is read."""
    subscription, _ = Subscription.objects.get_or_create(
        organization=organization, defaults={"period_start": timezone.localdate()}
    )
    return subscription


def seats_billed(organization: Organization) -> int:
    return max(organization.memberships.count(), tier_limit(organization.tier, "min_members"))


def subscription_lines(organization: Organization) -> list[tuple[str, int, int]]:
    """(description, quantity, unit cents) for what the organization subscribes to now."""
    lines: list[tuple[str, int, int]] = []
    seat_price = SEAT_MONTHLY_CENTS[organization.tier]
    if seat_price:
        lines.append(
            (f"{organization.get_tier_display()} tier seat", seats_billed(organization), seat_price)
        )
    by_model: dict[str, int] = {}
    for node in organization.nodes.all():
        by_model[node.model] = by_model.get(node.model, 0) + 1
    for code, count in sorted(by_model.items()):
        spec = NODE_MODELS[code]
        lines.append(
            (f"{NODE_KINDS[spec.kind]} node {code} ({spec.specs})", count, spec.monthly_cents)
        )
    subscription = subscription_for(organization)
    plan = storage_plan(subscription.storage_bytes)
    if plan.monthly_cents:
        lines.append((f"ObjectStore {plan.label}", 1, plan.monthly_cents))
    return lines


def monthly_total_cents(organization: Organization) -> int:
    return sum(q * unit for _, q, unit in subscription_lines(organization))


def invoice_list(organization: Organization) -> QuerySet[Invoice]:
    return organization.invoices.all()


def get_invoice_for_organization(organization: Organization, invoice_id: int) -> Invoice:
    """One invoice of the organization (already checked with `organization_for`), else 404."""
    return get_object_or_404(Invoice, organization=organization, pk=invoice_id)
