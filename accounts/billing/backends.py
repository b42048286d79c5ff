"""Payment backends: how cards are stored and charged.

A backend never gives the application a card number back: `add_card` returns a reference and the
card's brand/last 4 digits; `charge` takes that reference. Choose one with the setting
`QCWEB_PAYMENT_BACKEND` (dotted path); the default is `TestPaymentBackend`, which moves no money.

Test card numbers (like Stripe's):
    4242 4242 4242 4242   succeeds
    4000 0000 0000 0002   declined when added ("Your card was declined.")
    4000 0000 0000 0341   added fine, every later charge is declined (to test failed payments)
    4000 0000 0000 9995   added fine, charges fail with "insufficient funds"
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


class PaymentError(Exception):
    """A card was refused; the message is safe to show to the user."""


@dataclass(frozen=True)
class CardInfo:
    reference: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class Charge:
    reference: str
    amount_cents: int


class PaymentBackend:
    """Interface. `name` is stored with each payment method; `label` is shown on billing pages."""

    name = "abstract"
    label = ""
    is_test = False

    def add_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, name: str = ""
    ) -> CardInfo:
        raise NotImplementedError

    def remove_card(self, *, reference: str) -> None:
        raise NotImplementedError

    def charge(self, *, reference: str, amount_cents: int, description: str) -> Charge:
        raise NotImplementedError


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "Visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or number[:1] == "2":
        return "Mastercard"
    if number[:2] in {"34", "37"}:
        return "American Express"
    return "Card"


class TestPaymentBackend(PaymentBackend):
    """Test payments — no real money. Accepts the test card numbers in the module docstring."""

    name = "test"
    label = "Test payments — no real money"
    is_test = True

    DECLINED_ON_ADD = {"4000000000000002": "Your card was declined."}
    DECLINED_ON_CHARGE = {
        "4000000000000341": "Your card was declined.",
        "4000000000009995": "Your card has insufficient funds.",
    }

    def add_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, name: str = ""
    ) -> CardInfo:
        number = "".join(ch for ch in number if ch.isdigit())
        if not 12 <= len(number) <= 19 or not luhn_ok(number):
            raise PaymentError("Your card number is incorrect.")
        if number in self.DECLINED_ON_ADD:
            raise PaymentError(self.DECLINED_ON_ADD[number])
        if not (cvc.isdigit() and len(cvc) in (3, 4)):
            raise PaymentError("Your card's security code is incorrect.")
        # The reference encodes which behaviour the card has (a real backend stores a token).
        behaviour = "decline" if number in self.DECLINED_ON_CHARGE else "ok"
        digest = hashlib.sha256(number.encode()).hexdigest()[:12]
        return CardInfo(
            reference=f"test_{behaviour}_{digest}_{number[-4:]}_{secrets.token_hex(4)}",
            brand=card_brand(number),
            last4=number[-4:],
            exp_month=exp_month,
            exp_year=exp_year,
        )

    def remove_card(self, *, reference: str) -> None:
        return None

    def charge(self, *, reference: str, amount_cents: int, description: str) -> Charge:
        if amount_cents <= 0:
            return Charge(reference="test_ch_zero", amount_cents=0)
        if reference.startswith("test_decline_"):
            last4 = reference.split("_")[3]
            message = next(
                (m for n, m in self.DECLINED_ON_CHARGE.items() if n.endswith(last4)),
                "Your card was declined.",
            )
            raise PaymentError(message)
        return Charge(reference=f"test_ch_{secrets.token_hex(8)}", amount_cents=amount_cents)


def get_backend() -> PaymentBackend:
    path = getattr(
        settings, "QCWEB_PAYMENT_BACKEND", "accounts.billing.backends.TestPaymentBackend"
    )
    return import_string(path)()
