from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email="owner@example.com", password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_it_logs_in_with_email_and_password(client, owner):
    response = login(client)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"] == owner


def test_the_email_is_not_case_sensitive(client, owner):
    response = login(client, email="Owner@Example.COM")

    assert response.status_code == 302


def test_it_rejects_a_wrong_password(client, owner):
    response = login(client, password="wrong-password")

    assert response.status_code == 200
    assert b"Incorrect email or password." in response.content
    assert "_auth_user_id" not in client.session


def test_it_logs_out(owner_client):
    response = owner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in owner_client.session


def test_failed_attempts_are_limited_per_email_and_ip(client, owner, settings):
    assert settings.LOGIN_RATE_LIMIT == 5
    for _ in range(5):
        response = login(client, password="wrong-password")
        assert b"Incorrect email or password." in response.content

    # Blocked now, even with the right password.
    response = login(client)
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session

    # Another IP address, or another email from this IP, is not blocked.
    assert login(client, ip="10.0.0.2").status_code == 302


def test_a_success_resets_the_count(client, owner):
    for _ in range(4):
        login(client, password="wrong-password")
    assert login(client).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        login(client, password="wrong-password")
    assert login(client).status_code == 302


def test_the_block_ends_after_the_window(client, owner, settings):
    settings.LOGIN_RATE_WINDOW = 2  # seconds
    for _ in range(5):
        login(client, password="wrong-password")
    assert b"Too many failed login attempts" in login(client).content

    time.sleep(2.1)
    assert login(client).status_code == 302
