from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership, Organization, User
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {"email": "Ada@Example.com", "display_name": "Ada", "password": PASSWORD} | overrides
    return client.post(reverse("accounts:signup"), data)


def test_it_creates_the_user_and_a_personal_free_organization_they_own(client):
    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get()
    assert user.email == "ada@example.com"
    assert user.check_password(PASSWORD)
    organization = Organization.objects.get()
    assert organization.name == "Ada's Organization"
    assert organization.is_personal
    assert organization.tier == Organization.Tier.FREE
    membership = Membership.objects.get()
    assert (membership.user, membership.organization, membership.role) == (
        user,
        organization,
        "owner",
    )


def test_it_logs_the_new_user_in_and_shows_the_organization(client):
    signup(client)

    response = client.get(reverse("dashboard"))
    assert response.context["user"].email == "ada@example.com"
    assert b"Ada&#x27;s Organization" in response.content
    assert b"Free tier" in response.content


def test_it_gives_api_credentials(client):
    signup(client)

    user = User.objects.get()
    assert 100_000 <= user.api_user_id <= 999_999
    assert len(user.api_token) == 64
    int(user.api_token, 16)


def test_it_rejects_an_email_in_use_whatever_the_case(client, owner):
    response = signup(client, email="OWNER@example.com")

    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_it_rejects_a_weak_password(client):
    response = signup(client, password="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_the_name_falls_back_to_the_email(client):
    signup(client, email="grace@example.com", display_name="")

    assert Organization.objects.get().name == "grace's Organization"


def test_a_logged_in_user_is_sent_to_the_dashboard(owner_client):
    response = owner_client.get(reverse("accounts:signup"))

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
