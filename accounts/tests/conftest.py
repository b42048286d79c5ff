"""Fixtures for the organization, billing and credit tests (personas come from tests/fixtures.py)."""

from __future__ import annotations

import pytest

from accounts.billing import services as billing
from accounts.models import Membership

GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
FAILING_CARD = "4000 0000 0000 0341"


@pytest.fixture
def card(owner, organization):
    """A working test card on the Acme Capital organization."""
    return billing.payment_method_set(
        organization=organization,
        actor=owner,
        number=GOOD_CARD,
        exp_month=12,
        exp_year=2040,
        cvc="123",
    )


@pytest.fixture
def admin(make_user, organization):
    user = make_user("admin@example.com", display_name="Ada Admin")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def admin_client(admin):
    from django.test import Client

    client = Client()
    client.force_login(admin)
    return client
