"""Subscriptions, monthly invoices, payments and failed-payment handling.

Subscriptions renew automatically each month, as QuantConnect's do ("for user safety, your
subscriptions automatically renew each month"). An invoice lists the tier's seats, every node and the
ObjectStore plan, minus pro-rated credit from removed nodes and, when the organization chose it,
QCC (QuantConnect's "Apply QCC to Invoices" option).

Failed payments. QuantConnect only says that cancelling a subscription stops the live trading
nodes; the schedule is ours, modelled on Stripe's default dunning: a failed invoice is retried
RETRY_DAYS after the first failure (3, 5 and 7 days); meanwhile the subscription is past due and
everything keeps running (the grace period); the owner is mailed each time. When the last retry
fails the subscription is cancelled: the organization falls back to the Free tier and its
purchased nodes are removed, so live trading stops.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.billing.backends import PaymentError, get_backend
from accounts.billing.selectors import add_month, subscription_for, subscription_lines
from accounts.catalog import QCC_CENTS, storage_plan
from accounts.limits import FREE_STORAGE_BYTES, tier_limit
from accounts.models import (
    CreditEntry,
    Invoice,
    InvoiceLine,
    Membership,
    Organization,
    PaymentMethod,
    Subscription,
    User,
)
from accounts.notifications import user_notify
from accounts.permissions import require
from accounts.selectors import credit_balance, storage_used

RETRY_DAYS = (3, 5, 7)  # days after the first failure
GRACE_DAYS = RETRY_DAYS[-1]


# Payment methods ------------------------------------------------------------------------------


def payment_method_set(
    *,
    organization: Organization,
    actor: User,
    number: str,
    exp_month: int,
    exp_year: int,
    cvc: str,
    name: str = "",
) -> PaymentMethod:
    """Add or replace the organization's card (ValidationError when the backend refuses it)."""
    require(actor, organization, "manage_billing")
    today = timezone.localdate()
    if (exp_year, exp_month) < (today.year, today.month):
        raise ValidationError("Your card has expired.")
    backend = get_backend()
    try:
        card = backend.add_card(
            number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc, name=name
        )
    except PaymentError as error:
        raise ValidationError(str(error)) from None
    old = PaymentMethod.objects.filter(organization=organization).first()
    if old is not None:
        backend.remove_card(reference=old.reference)
        old.delete()
    method = PaymentMethod.objects.create(
        organization=organization,
        backend=backend.name,
        reference=card.reference,
        brand=card.brand,
        last4=card.last4,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
    )
    organization.payment_method = method
    if name and not organization.billing_name:
        organization.billing_name = name
        organization.save(update_fields=["billing_name"])
    return method


def payment_method_remove(*, organization: Organization, actor: User) -> None:
    require(actor, organization, "manage_billing")
    method = PaymentMethod.objects.filter(organization=organization).first()
    if method is None:
        raise ValidationError("There is no card to remove.")
    get_backend().remove_card(reference=method.reference)
    method.delete()


def billing_details_update(
    *, organization: Organization, actor: User, name: str, address: str, apply_credit: bool
) -> None:
    require(actor, organization, "manage_billing")
    organization.billing_name = name.strip()
    organization.billing_address = address.strip()
    organization.apply_credit_to_invoices = apply_credit
    organization.save(update_fields=["billing_name", "billing_address", "apply_credit_to_invoices"])


def storage_plan_change(*, organization: Organization, actor: User, size_bytes: int) -> None:
    """An ObjectStore plan change needs storage billing permission and a paid organization; the tier caps the size."""
    require(actor, organization, "manage_billing")
    try:
        plan = storage_plan(size_bytes)
    except KeyError:
        raise ValidationError("Unknown storage plan.") from None
    if organization.tier == Organization.Tier.FREE and plan.bytes != FREE_STORAGE_BYTES:
        raise ValidationError("Upgrade to a paid tier to add ObjectStore capacity.")
    limit = tier_limit(organization.tier, "max_storage_bytes")
    if limit is not None and plan.bytes > limit:
        raise ValidationError(
            f"The {organization.get_tier_display()} tier can expand the ObjectStore up to "
            f"{limit // (1024**3)} GB."
        )
    used = storage_used(organization)["object_store"]
    if used > plan.bytes:
        raise ValidationError(f"The ObjectStore holds more than {plan.label}; delete data first.")
    subscription = subscription_for(organization)
    subscription.storage_bytes = plan.bytes
    subscription.save(update_fields=["storage_bytes"])


# Invoices -------------------------------------------------------------------------------------


def _invoice_number(organization: Organization, period_start: dt.date) -> str:
    return f"QC-{organization.pk:05d}-{period_start:%Y%m%d}"


def invoice_create(*, organization: Organization, period_start: dt.date) -> Invoice:
    """The invoice for the month starting `period_start` (one per period)."""
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = Invoice.objects.filter(
            organization=organization, period_start=period_start
        ).first()
        if existing is not None:
            return existing
        invoice = Invoice.objects.create(
            organization=organization,
            number=_invoice_number(organization, period_start),
            period_start=period_start,
            period_end=add_month(period_start) - dt.timedelta(days=1),
        )
        total = 0
        for description, quantity, unit in subscription_lines(organization):
            amount = quantity * unit
            InvoiceLine.objects.create(
                invoice=invoice,
                description=description,
                quantity=quantity,
                unit_cents=unit,
                amount_cents=amount,
            )
            total += amount
        subscription = subscription_for(organization)
        if subscription.account_credit_cents and total > 0:
            used = min(subscription.account_credit_cents, total)
            InvoiceLine.objects.create(
                invoice=invoice,
                description="Pro-rated credit for removed nodes",
                quantity=1,
                unit_cents=-used,
                amount_cents=-used,
            )
            subscription.account_credit_cents -= used
            subscription.save(update_fields=["account_credit_cents"])
            total -= used
        if organization.apply_credit_to_invoices and total > 0:
            qcc = min(credit_balance(organization), total // QCC_CENTS)
            if qcc > 0:
                CreditEntry.objects.create(
                    organization=organization,
                    kind=CreditEntry.Kind.INVOICE,
                    amount=-qcc,
                    reason=f"Applied to invoice {invoice.number}",
                )
                InvoiceLine.objects.create(
                    invoice=invoice,
                    description=f"QCC applied ({qcc:,} QCC)",
                    quantity=1,
                    unit_cents=-qcc * QCC_CENTS,
                    amount_cents=-qcc * QCC_CENTS,
                )
                total -= qcc * QCC_CENTS
        invoice.total_cents = total
        invoice.save(update_fields=["total_cents"])
    return invoice


def invoice_pay(*, invoice: Invoice, now: dt.datetime | None = None) -> bool:
    """Charge the invoice to the organization's card. On failure schedule the next retry (or
    cancel the subscription after the last one) and mail the owner. Returns True when paid."""
    now = now or timezone.now()
    organization = invoice.organization
    if invoice.status == Invoice.Status.PAID:
        return True
    method = PaymentMethod.objects.filter(organization=organization).first()
    error = ""
    if invoice.total_cents <= 0:
        reference = "no-charge"
    elif method is None:
        error = "No credit card on file."
    else:
        try:
            reference = (
                get_backend()
                .charge(
                    reference=method.reference,
                    amount_cents=invoice.total_cents,
                    description=f"qcweb invoice {invoice.number}",
                )
                .reference
            )
        except PaymentError as failure:
            error = str(failure)
    subscription = subscription_for(organization)
    invoice.attempts += 1
    if not error:
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = now
        invoice.payment_reference = reference
        invoice.next_attempt_at = None
        invoice.last_error = ""
        invoice.save()
        if (
            subscription.status == Subscription.Status.PAST_DUE
            and not organization.invoices.filter(status=Invoice.Status.FAILED).exists()
        ):
            subscription.status = Subscription.Status.ACTIVE
            subscription.past_due_since = None
            subscription.save(update_fields=["status", "past_due_since"])
        return True
    invoice.status = Invoice.Status.FAILED
    invoice.last_error = error[:200]
    first_failure = subscription.past_due_since or now
    retry = invoice.attempts - 1  # retries already done
    if retry < len(RETRY_DAYS):
        invoice.next_attempt_at = first_failure + dt.timedelta(days=RETRY_DAYS[retry])
    else:
        invoice.next_attempt_at = None
    invoice.save()
    if subscription.status != Subscription.Status.PAST_DUE:
        subscription.status = Subscription.Status.PAST_DUE
        subscription.past_due_since = now
        subscription.save(update_fields=["status", "past_due_since"])
    if invoice.next_attempt_at is None:
        invoice.status = Invoice.Status.VOID
        invoice.save(update_fields=["status"])
        subscription_cancel(organization=organization, reason="Payment failed after all retries")
        _mail_owner(organization, "payment_cancelled", invoice)
    else:
        _mail_owner(organization, "payment_failed", invoice)
    return False


def _mail_owner(organization: Organization, template: str, invoice: Invoice) -> None:
    owner = (
        organization.memberships.filter(role=Membership.Role.OWNER).select_related("user").first()
    )
    if owner is None:
        return
    body = render_to_string(
        f"accounts/email/{template}.txt", {"organization": organization, "invoice": invoice}
    )
    subject = {
        "payment_failed": f"Payment failed for {organization.name}: we'll retry",
        "payment_cancelled": f"{organization.name} was moved to the Free tier",
    }[template]
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.user.email])
    try:
        user_notify(user_id=owner.user_id, text=subject, level="error")
    except Exception:  # the channel layer is a convenience here
        pass


def subscription_start(*, organization: Organization) -> Invoice:
    """First paid month: the period starts today and is charged now (raises if it fails)."""
    subscription = subscription_for(organization)
    subscription.period_start = timezone.localdate()
    subscription.status = Subscription.Status.ACTIVE
    subscription.past_due_since = None
    subscription.save(update_fields=["period_start", "status", "past_due_since"])
    invoice = invoice_create(organization=organization, period_start=subscription.period_start)
    method = PaymentMethod.objects.filter(organization=organization).first()
    try:
        get_backend().charge(
            reference=method.reference,
            amount_cents=invoice.total_cents,
            description=f"qcweb invoice {invoice.number}",
        )
    except PaymentError as error:
        raise ValidationError(f"The payment failed: {error}") from None
    invoice.status = Invoice.Status.PAID
    invoice.paid_at = timezone.now()
    invoice.attempts = 1
    invoice.save(update_fields=["status", "paid_at", "attempts"])
    return invoice


def subscription_cancel(*, organization: Organization, reason: str) -> None:
    """Back to Free: purchased nodes are removed (live trading stops), storage back to 50 MB."""
    with transaction.atomic():
        organization.tier = Organization.Tier.FREE
        organization.save(update_fields=["tier"])
        organization.nodes.all().delete()
        subscription = subscription_for(organization)
        subscription.status = Subscription.Status.CANCELED
        subscription.storage_bytes = FREE_STORAGE_BYTES
        subscription.past_due_since = None
        subscription.save(update_fields=["status", "storage_bytes", "past_due_since"])
        organization.invoices.filter(status=Invoice.Status.FAILED).update(
            status=Invoice.Status.VOID, next_attempt_at=None
        )


def billing_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Daily: invoice subscriptions whose month ended and retry failed invoices that are due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = retried = 0
    paid = Organization.objects.exclude(tier=Organization.Tier.FREE)
    for organization in paid:
        subscription = subscription_for(organization)
        if subscription.status == Subscription.Status.CANCELED:
            continue
        next_start = add_month(subscription.period_start)
        while next_start <= today:
            subscription.period_start = next_start
            subscription.save(update_fields=["period_start"])
            invoice = invoice_create(organization=organization, period_start=next_start)
            created += 1
            invoice_pay(invoice=invoice, now=now)
            organization.refresh_from_db()
            if organization.tier == Organization.Tier.FREE:
                break
            next_start = add_month(next_start)
    for invoice in Invoice.objects.filter(
        status=Invoice.Status.FAILED, next_attempt_at__lte=now
    ).select_related("organization"):
        retried += 1
        invoice_pay(invoice=invoice, now=now)
    return {"created": created, "retried": retried}


def invoice_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accounts/billing/invoice_pdf.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "organization": invoice.organization,
            "backend": get_backend(),
        },
    )
    return HTML(string=html).write_pdf()
