from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from accounts.services import EMAIL_CHANGE_SALT
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_account_page_shows_the_api_credentials(owner_client, owner):
    response = owner_client.get(reverse("accounts:account"))

    content = response.content.decode()
    assert f'<dd class="mono" id="api-user-id">{owner.api_user_id}</dd>' in content
    assert f'<code id="api-token">{owner.api_token}</code>' in content


def test_regenerating_replaces_the_token(owner_client, owner):
    old = owner.api_token

    response = owner_client.post(reverse("accounts:api_token_regenerate"))

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.api_token != old
    assert re.fullmatch(r"[0-9a-f]{64}", owner.api_token)
    assert (
        owner_client.get(reverse("accounts:account")).content.decode().count(owner.api_token) == 1
    )


def test_regenerating_over_htmx_returns_only_the_credentials_section(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:api_token_regenerate"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    owner.refresh_from_db()
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="card" id="api-credentials">')
    assert owner.api_token in content
    assert "New token generated" in content
    assert "<html" not in content


def test_regenerating_needs_post_and_a_login(client, owner_client):
    assert owner_client.get(reverse("accounts:api_token_regenerate")).status_code == 405
    response = client.post(reverse("accounts:api_token_regenerate"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_regenerating_changes_only_the_users_own_token(owner_client, owner, outsider):
    before = outsider.api_token
    owner_client.post(reverse("accounts:api_token_regenerate"))
    outsider.refresh_from_db()
    assert outsider.api_token == before


def request_email_change(client, new_email="olivia@new.example.com", password=PASSWORD):
    return client.post(reverse("accounts:account"), {"new_email": new_email, "password": password})


def test_an_email_change_is_applied_when_the_mailed_link_is_opened(owner_client, owner):
    response = request_email_change(owner_client)

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"  # not yet
    assert mail.outbox[0].to == ["olivia@new.example.com"]
    link = re.search(r"http://testserver(/accounts/email/confirm/\S+/)", mail.outbox[0].body).group(
        1
    )

    response = owner_client.get(link, follow=True)

    owner.refresh_from_db()
    assert owner.email == "olivia@new.example.com"
    assert b"Your email is now olivia@new.example.com." in response.content


def test_an_email_change_needs_the_current_password(owner_client, owner):
    response = request_email_change(owner_client, password="wrong")

    assert response.status_code == 200
    assert response.context["email_form"].errors["password"] == ["The password is not correct."]
    assert mail.outbox == []


def test_an_email_in_use_is_refused(owner_client, outsider):
    response = request_email_change(owner_client, new_email="Outsider@example.com")

    assert response.context["email_form"].errors["new_email"] == [
        "Another account already uses this email address."
    ]


def test_a_link_of_another_account_is_refused(outsider_client, outsider, owner):
    token = signing.dumps({"user": owner.pk, "email": "stolen@example.com"}, salt=EMAIL_CHANGE_SALT)

    response = outsider_client.get(
        reverse("accounts:email_change_confirm", args=[token]), follow=True
    )

    assert b"This confirmation link belongs to another account." in response.content
    owner.refresh_from_db()
    outsider.refresh_from_db()
    assert owner.email == "owner@example.com" and outsider.email == "outsider@example.com"


def test_a_forged_link_is_refused(owner_client, owner):
    response = owner_client.get(
        reverse("accounts:email_change_confirm", args=["forged:token"]), follow=True
    )

    assert b"This confirmation link is not valid." in response.content
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_the_account_page_lists_the_users_organizations(member_client):
    content = member_client.get(reverse("accounts:account")).content.decode()

    assert "Acme Capital" in content and "Max Member&#x27;s Organization" in content
