"""The QCC ledger: purchases, spending, refunds; the balance is the SUM; no overdraft, even with
parallel spends (threads against a real database: SQLite here, PostgreSQL in make test's second pass)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from accounts import services
from accounts.models import CreditEntry
from accounts.selectors import credit_balance
from accounts.services import InsufficientCredit

pytestmark = pytest.mark.django_db


def test_a_purchase_charges_the_card_and_adds_credit(owner, organization, card):
    entry = services.credit_purchase(organization=organization, qcc=5000, actor=owner)
    assert entry.amount == 5000 and entry.kind == "purchase" and entry.actor == owner
    assert "$50.00" in entry.reason
    assert credit_balance(organization) == 5000


def test_a_declined_card_adds_nothing(owner, organization):
    from accounts.billing import services as billing
    from accounts.tests.conftest import FAILING_CARD

    billing.payment_method_set(
        organization=organization,
        actor=owner,
        number=FAILING_CARD,
        exp_month=1,
        exp_year=2041,
        cvc="123",
    )
    with pytest.raises(Exception, match="declined"):
        services.credit_purchase(organization=organization, qcc=1000, actor=owner)
    assert credit_balance(organization) == 0


def test_the_balance_is_the_sum_of_the_ledger(owner, member, organization):
    services.credit_grant(organization=organization, qcc=1000, reason="Welcome")
    spend = services.credit_spend(
        organization=organization, amount=300, reason="Optimization", actor=member
    )
    services.credit_spend(
        organization=organization, amount=200, reason="Data download", actor=owner
    )
    services.credit_refund(entry=spend, actor=owner, reason="Optimization failed")
    assert credit_balance(organization) == 1000 - 300 - 200 + 300
    assert (
        sum(CreditEntry.objects.filter(organization=organization).values_list("amount", flat=True))
        == 800
    )
    assert [e.kind for e in CreditEntry.objects.filter(organization=organization)] == [
        "refund",
        "spend",
        "spend",
        "grant",
    ]


def test_spending_at_the_balance_works_and_past_it_is_refused(member, organization):
    services.credit_grant(organization=organization, qcc=500, reason="Welcome")
    with pytest.raises(
        InsufficientCredit, match="costs 501 QCC and the balance of Acme Capital is 500 QCC"
    ):
        services.credit_spend(
            organization=organization, amount=501, reason="Too much", actor=member
        )
    services.credit_spend(organization=organization, amount=500, reason="All of it", actor=member)
    assert credit_balance(organization) == 0
    with pytest.raises(InsufficientCredit):
        services.credit_spend(organization=organization, amount=1, reason="One more", actor=member)


def test_outsiders_cannot_spend(outsider, organization):
    services.credit_grant(organization=organization, qcc=500, reason="Welcome")
    with pytest.raises(PermissionDenied):
        services.credit_spend(organization=organization, amount=1, reason="x", actor=outsider)
    assert credit_balance(organization) == 500


@pytest.mark.parametrize("amount", [0, -5])
def test_amounts_must_be_positive(amount, member, organization):
    with pytest.raises(Exception, match="positive"):
        services.credit_spend(organization=organization, amount=amount, reason="x", actor=member)


def test_a_spending_is_refunded_once(owner, organization):
    services.credit_grant(organization=organization, qcc=100, reason="Welcome")
    spend = services.credit_spend(organization=organization, amount=60, reason="x", actor=owner)
    services.credit_refund(entry=spend, actor=owner)
    with pytest.raises(Exception, match="already refunded"):
        services.credit_refund(entry=spend, actor=owner)
    assert credit_balance(organization) == 100


def test_purchases_cannot_be_refunded_as_credit(owner, organization):
    grant = services.credit_grant(organization=organization, qcc=100, reason="Welcome")
    with pytest.raises(Exception, match="Only spending"):
        services.credit_refund(entry=grant, actor=owner)


def test_purchase_view(owner_client, organization, card):
    response = owner_client.post(
        reverse("accounts:credit_purchase", args=[organization.id]), {"qcc": "10000"}
    )
    assert response.status_code == 302
    assert credit_balance(organization) == 10000
    page = owner_client.get(reverse("accounts:billing", args=[organization.id]))
    assert b"10,000 QCC" in page.content


def test_only_the_listed_packs_can_be_bought(owner_client, organization, card):
    owner_client.post(reverse("accounts:credit_purchase", args=[organization.id]), {"qcc": "7"})
    assert credit_balance(organization) == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_spends_never_overdraw(make_user):
    from accounts.models import Membership

    owner = make_user("racer@example.com")
    organization = services.organization_create(name="Race Co", owner=owner)
    members = [owner]
    for n in range(3):
        user = make_user(f"racer{n}@example.com")
        Membership.objects.create(user=user, organization=organization)
        members.append(user)
    services.credit_grant(organization=organization, qcc=1000, reason="Seed")

    threads_count = 16
    barrier = threading.Barrier(threads_count)
    results: list[str] = []
    lock = threading.Lock()

    def spend(index: int) -> None:
        try:
            barrier.wait()
            services.credit_spend(
                organization=organization,
                amount=150,
                reason=f"Parallel {index}",
                actor=members[index % 4],
            )
            outcome = "ok"
        except InsufficientCredit:
            outcome = "refused"
        except Exception as error:  # anything else fails the test below
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=spend, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(results)) == ["ok", "refused"], results
    assert results.count("ok") == 6  # 6 x 150 = 900 <= 1000 < 7 x 150
    assert credit_balance(organization) == 100
    assert CreditEntry.objects.filter(organization=organization, kind="spend").count() == 6
