"""Billing pages: details, card, products, invoices (HTML and PDF), QCC credit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.billing import selectors as billing_selectors
from accounts.billing import services as billing
from accounts.billing.backends import get_backend
from accounts.catalog import QCC_PACKS, storage_plan
from accounts.forms import BillingDetailsForm, CardForm
from accounts.permissions import allowed_actions
from accounts.views.helpers import flash_errors, organization_for


@login_required
def billing_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id)
    can = allowed_actions(request.user, organization)
    card_form = CardForm()
    details_form = BillingDetailsForm(
        initial={
            "name": organization.billing_name,
            "address": organization.billing_address,
            "apply_credit": organization.apply_credit_to_invoices,
        }
    )
    if request.method == "POST":
        organization = organization_for(request, organization_id, "manage_billing")
        if request.POST.get("form") == "card":
            card_form = CardForm(request.POST)
            if card_form.is_valid():
                data = card_form.cleaned_data
                try:
                    method = billing.payment_method_set(
                        organization=organization,
                        actor=request.user,
                        number=data["number"],
                        exp_month=data["exp_month"],
                        exp_year=data["exp_year"],
                        cvc=data["cvc"],
                        name=data["name"],
                    )
                except ValidationError as error:
                    card_form.add_error("number", error)
                else:
                    messages.success(request, f"Card saved: {method.brand} ending {method.last4}.")
                    return redirect("accounts:billing", organization.id)
        else:
            details_form = BillingDetailsForm(request.POST)
            if details_form.is_valid():
                data = details_form.cleaned_data
                billing.billing_details_update(
                    organization=organization,
                    actor=request.user,
                    name=data["name"],
                    address=data["address"],
                    apply_credit=data["apply_credit"],
                )
                messages.success(request, "Billing details saved.")
                return redirect("accounts:billing", organization.id)
    subscription = billing_selectors.subscription_for(organization)
    return render(
        request,
        "accounts/billing_detail.html",
        {
            "organization": organization,
            "can": can,
            "backend": get_backend(),
            "card_form": card_form,
            "details_form": details_form,
            "payment_method": getattr(organization, "payment_method", None),
            "subscription": subscription,
            "storage_plan": storage_plan(subscription.storage_bytes),
            "lines": [
                {"description": d, "quantity": q, "unit": u, "amount": q * u}
                for d, q, u in billing_selectors.subscription_lines(organization)
            ],
            "monthly_total": billing_selectors.monthly_total_cents(organization),
            "next_invoice": billing_selectors.add_month(subscription.period_start),
            "invoices": billing_selectors.invoice_list(organization),
            "balance": selectors.credit_balance(organization),
            "entries": selectors.credit_entries(organization, limit=50),
            "packs": QCC_PACKS,
        },
    )


@login_required
@require_POST
def card_remove(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    try:
        billing.payment_method_remove(organization=organization, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "The card was removed.")
    return redirect("accounts:billing", organization.id)


@login_required
@require_POST
def credit_purchase(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    try:
        qcc = int(request.POST.get("qcc", "0"))
    except ValueError:
        qcc = 0
    if qcc not in QCC_PACKS:
        messages.error(request, "Choose a credit pack.")
        return redirect("accounts:billing", organization.id)
    try:
        services.credit_purchase(organization=organization, qcc=qcc, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Purchased {qcc:,} QCC.")
    return redirect("accounts:billing", organization.id)


@login_required
@require_POST
def storage_change(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    try:
        billing.storage_plan_change(
            organization=organization,
            actor=request.user,
            size_bytes=int(request.POST.get("size_bytes", "0") or 0),
        )
    except (ValidationError, ValueError) as error:
        if isinstance(error, ValidationError):
            flash_errors(request, error)
        else:
            messages.error(request, "Unknown storage plan.")
    else:
        messages.success(request, "Storage plan updated.")
    return redirect("accounts:organization_resources", organization.id)


def _invoice_for(request: HttpRequest, organization_id: int, invoice_id: int):
    organization = organization_for(request, organization_id)
    return organization, billing_selectors.get_invoice_for_organization(organization, invoice_id)


@login_required
def invoice_detail(request: HttpRequest, organization_id: int, invoice_id: int) -> HttpResponse:
    organization, invoice = _invoice_for(request, organization_id, invoice_id)
    return render(
        request,
        "accounts/invoice_detail.html",
        {
            "organization": organization,
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "backend": get_backend(),
        },
    )


@login_required
def invoice_pdf(request: HttpRequest, organization_id: int, invoice_id: int) -> HttpResponse:
    organization, invoice = _invoice_for(request, organization_id, invoice_id)
    response = HttpResponse(billing.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response
