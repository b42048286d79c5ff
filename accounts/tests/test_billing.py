"""Cards through the test backend, monthly invoices, failed payments, invoice pages and PDF."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.billing import selectors as billing_selectors
from accounts.billing import services as billing
from accounts.billing.backends import TestPaymentBackend
from accounts.models import Invoice, Organization, PaymentMethod
from accounts.tests.conftest import DECLINED_CARD, FAILING_CARD, GOOD_CARD

pytestmark = pytest.mark.django_db


def add_card(client, organization, number):
    return client.post(
        reverse("accounts:billing", args=[organization.id]),
        {
            "form": "card",
            "number": number,
            "exp_month": "12",
            "exp_year": "2040",
            "cvc": "123",
            "name": "Acme",
        },
    )


def test_the_test_backend_is_the_default_and_says_so(owner_client, organization):
    content = owner_client.get(reverse("accounts:billing", args=[organization.id])).content.decode()
    assert "Test payments — no real money" in content
    assert TestPaymentBackend.label == "Test payments — no real money"


def test_a_good_card_is_saved_without_its_number(owner_client, organization):
    response = add_card(owner_client, organization, GOOD_CARD)
    assert response.status_code == 302
    method = PaymentMethod.objects.get(organization=organization)
    assert (method.brand, method.last4, method.backend) == ("Visa", "4242", "test")
    assert "4242424242424242" not in method.reference


def test_a_declined_card_is_refused(owner_client, organization):
    response = add_card(owner_client, organization, DECLINED_CARD)
    assert response.status_code == 200
    assert "Your card was declined." in str(response.context["card_form"].errors)
    assert not PaymentMethod.objects.exists()


def test_a_wrong_number_is_refused(owner_client, organization):
    response = add_card(owner_client, organization, "4242 4242 4242 4241")
    assert "incorrect" in str(response.context["card_form"].errors)


def test_members_cannot_add_cards(member_client, organization):
    assert add_card(member_client, organization, GOOD_CARD).status_code == 403


def test_the_invoice_lists_seats_nodes_and_storage(owner, member, organization, card):
    services.node_add(organization=organization, model="B2-8", actor=owner)
    services.node_add(organization=organization, model="L1-1", actor=owner)
    billing.storage_plan_change(organization=organization, actor=owner, size_bytes=2 * 1024**3)
    invoice = billing.invoice_create(organization=organization, period_start=dt.date(2030, 1, 1))
    lines = [
        (line.description.split(" (")[0], line.quantity, line.amount_cents)
        for line in invoice.lines.all()
    ]
    assert lines == [
        ("Team tier seat", 2, 4000),
        ("Backtesting node B2-8", 1, 2800),
        ("Live trading node L1-1", 1, 2400),
        ("ObjectStore 2 GB", 1, 1000),
    ]
    assert invoice.total_cents == 10200
    assert invoice.period_end == dt.date(2030, 1, 31)


def test_team_seats_are_billed_for_at_least_two(owner, organization, card):
    invoice = billing.invoice_create(organization=organization, period_start=dt.date(2030, 1, 1))
    assert invoice.lines.get().quantity == 2  # only the owner, but Team's minimum is 2


def test_qcc_can_pay_part_of_an_invoice(owner, organization, card):
    organization.apply_credit_to_invoices = True
    organization.save()
    services.credit_grant(organization=organization, qcc=1500, reason="Gift")
    invoice = billing.invoice_create(organization=organization, period_start=dt.date(2030, 1, 1))
    assert invoice.total_cents == 4000 - 1500
    from accounts.selectors import credit_balance

    assert credit_balance(organization) == 0


def test_storage_needs_a_paid_tier_and_fits_the_tier(owner, organization, card):
    with pytest.raises(Exception, match="up to 10 GB"):
        billing.storage_plan_change(organization=organization, actor=owner, size_bytes=50 * 1024**3)
    billing.storage_plan_change(organization=organization, actor=owner, size_bytes=10 * 1024**3)
    personal = Organization.objects.get(memberships__user=owner, is_personal=True)
    with pytest.raises(Exception, match="paid tier"):
        billing.storage_plan_change(organization=personal, actor=owner, size_bytes=2 * 1024**3)


def test_monthly_renewal_charges_the_card(owner, organization, card):
    subscription = billing_selectors.subscription_for(organization)
    subscription.period_start = timezone.localdate() - dt.timedelta(days=40)
    subscription.save()
    result = billing.billing_run()
    assert result["created"] == 1
    invoice = organization.invoices.get()
    assert invoice.status == "paid" and invoice.payment_reference.startswith("test_ch_")


def _past_due_organization(owner, organization):
    billing.payment_method_set(
        organization=organization,
        actor=owner,
        number=FAILING_CARD,
        exp_month=1,
        exp_year=2041,
        cvc="123",
    )
    services.node_add(organization=organization, model="L1-1", actor=owner)
    subscription = billing_selectors.subscription_for(organization)
    subscription.period_start = timezone.localdate() - dt.timedelta(days=31)
    subscription.save()


def test_a_failed_payment_is_retried_then_the_subscription_is_cancelled(owner, organization):
    _past_due_organization(owner, organization)
    start = timezone.now()
    billing.billing_run(now=start)

    invoice = organization.invoices.get()
    assert invoice.status == "failed" and invoice.attempts == 1
    assert invoice.next_attempt_at == start + dt.timedelta(days=3)
    organization.refresh_from_db()
    assert organization.subscription.status == "past_due"
    assert organization.tier == "team" and organization.nodes.count() == 1  # grace period
    assert "Payment failed" in mail.outbox[-1].subject

    billing.billing_run(now=start + dt.timedelta(days=3))
    billing.billing_run(now=start + dt.timedelta(days=5))
    invoice.refresh_from_db()
    assert invoice.attempts == 3 and invoice.next_attempt_at == start + dt.timedelta(days=7)

    billing.billing_run(now=start + dt.timedelta(days=7))
    invoice.refresh_from_db()
    organization.refresh_from_db()
    assert invoice.status == "void"
    assert organization.tier == "free"
    assert organization.nodes.count() == 0  # live trading nodes stop
    assert organization.subscription.status == "canceled"
    assert "moved to the Free tier" in mail.outbox[-1].subject


def test_a_new_card_during_the_grace_period_recovers(owner, organization):
    _past_due_organization(owner, organization)
    start = timezone.now()
    billing.billing_run(now=start)
    billing.payment_method_set(
        organization=organization,
        actor=owner,
        number=GOOD_CARD,
        exp_month=1,
        exp_year=2041,
        cvc="123",
    )
    billing.billing_run(now=start + dt.timedelta(days=3))
    organization.refresh_from_db()
    assert organization.invoices.get().status == "paid"
    assert organization.subscription.status == "active"
    assert organization.tier == "team"


def test_invoice_page_and_pdf(
    owner_client, member_client, owner, organization, card, member, tmp_path
):
    services.node_add(organization=organization, model="B8-16", actor=owner)
    invoice = billing.invoice_create(organization=organization, period_start=dt.date(2030, 1, 1))

    page = member_client.get(reverse("accounts:invoice_detail", args=[organization.id, invoice.id]))
    assert page.status_code == 200 and b"B8-16" in page.content

    response = owner_client.get(reverse("accounts:invoice_pdf", args=[organization.id, invoice.id]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert invoice.number in text and "B8-16" in text and "$88.00" in text
    assert "Test payments — no real money" in text
    assert "Page 1 of 1" in text


def test_invoices_of_other_organizations_are_404(outsider_client, organization, card):
    invoice = billing.invoice_create(organization=organization, period_start=dt.date(2030, 1, 1))
    assert (
        outsider_client.get(
            reverse("accounts:invoice_pdf", args=[organization.id, invoice.id])
        ).status_code
        == 404
    )
    assert Invoice.objects.filter(pk=invoice.pk).exists()
