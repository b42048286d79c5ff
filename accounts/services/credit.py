"""QCC credit: an append-only ledger per organization (QuantConnect Credit: 1 QCC = $0.01).

The balance is always SUM(amount) over the ledger. Writes that take QCC out lock the
organization row (select_for_update inside transaction.atomic; on SQLite the IMMEDIATE
transaction mode serialises writers) and re-read the balance, so concurrent spends never
overdraw.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.billing.backends import PaymentError, get_backend
from accounts.catalog import QCC_CENTS
from accounts.models import CreditEntry, Organization, User
from accounts.permissions import require
from accounts.selectors import credit_balance


class InsufficientCredit(ValidationError):
    pass


def _lock(organization: Organization) -> None:
    Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk").first()


def credit_spend(
    *, organization: Organization, amount: int, reason: str, actor: User | None
) -> CreditEntry:
    """Take `amount` QCC (> 0) for `reason` (e.g. "Optimization of project X"), or raise
    InsufficientCredit when the balance is smaller."""
    if actor is not None:
        require(actor, organization, "spend_credit")
    if int(amount) <= 0:
        raise ValidationError("The amount must be positive.")
    with transaction.atomic():
        _lock(organization)
        balance = credit_balance(organization)
        if amount > balance:
            raise InsufficientCredit(
                f"Not enough QCC: this costs {amount:,} QCC and the balance of "
                f"{organization.name} is {balance:,} QCC. Purchase credit on the billing page."
            )
        return CreditEntry.objects.create(
            organization=organization,
            kind=CreditEntry.Kind.SPEND,
            amount=-int(amount),
            reason=reason[:200],
            actor=actor,
        )


def credit_purchase(*, organization: Organization, qcc: int, actor: User) -> CreditEntry:
    """Charge the organization's card for `qcc` QCC and add them to the ledger."""
    require(actor, organization, "manage_billing")
    if int(qcc) <= 0:
        raise ValidationError("Choose a credit pack.")
    method = getattr(organization, "payment_method", None)
    if method is None:
        raise ValidationError("Add a credit card on the billing page first.")
    cents = int(qcc) * QCC_CENTS
    try:
        charge = get_backend().charge(
            reference=method.reference, amount_cents=cents, description=f"{qcc:,} QCC"
        )
    except PaymentError as error:
        raise ValidationError(f"The payment failed: {error}") from None
    return CreditEntry.objects.create(
        organization=organization,
        kind=CreditEntry.Kind.PURCHASE,
        amount=int(qcc),
        reason=f"Purchased {qcc:,} QCC (${cents / 100:,.2f}, payment {charge.reference})",
        actor=actor,
    )


def credit_grant(
    *, organization: Organization, qcc: int, reason: str, actor: User | None = None
) -> CreditEntry:
    """Add QCC without payment (staff grants, gifts received, tests)."""
    if int(qcc) <= 0:
        raise ValidationError("The amount must be positive.")
    return CreditEntry.objects.create(
        organization=organization,
        kind=CreditEntry.Kind.GRANT,
        amount=int(qcc),
        reason=reason,
        actor=actor,
    )


def credit_refund(
    *, entry: CreditEntry, actor: User | None, reason: str = "", amount: int | None = None
) -> CreditEntry:
    """Give back QCC spent by `entry` (e.g. an optimization that cost less than estimated or
    failed): all of it, or `amount` of it (the part not used). Each spending can be refunded
    once."""
    if entry.kind not in (CreditEntry.Kind.SPEND, CreditEntry.Kind.INVOICE) or entry.amount >= 0:
        raise ValidationError("Only spending can be refunded.")
    refund = -entry.amount if amount is None else int(amount)
    if not 0 < refund <= -entry.amount:
        raise ValidationError(f"A refund of this spending is between 1 and {-entry.amount} QCC.")
    if actor is not None:
        require(actor, entry.organization, "manage_billing")
    with transaction.atomic():
        _lock(entry.organization)
        if CreditEntry.objects.filter(refund_of=entry).exists():
            raise ValidationError("This spending was already refunded.")
        return CreditEntry.objects.create(
            organization=entry.organization,
            kind=CreditEntry.Kind.REFUND,
            amount=refund,
            reason=(reason or f"Refund: {entry.reason}")[:200],
            actor=actor,
            refund_of=entry,
        )
