"""The base layout: htmx from django-htmx, CSRF for htmx requests, notifications socket, navigation."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_htmx_comes_from_the_django_htmx_package(client):
    content = client.get("/").content.decode()

    assert '<script src="/static/django_htmx/htmx-2.min.js"' in content
    assert '<script src="/static/django_htmx/ext/hx-ws-2.min.js"' in content
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_htmx_requests_carry_the_csrf_token(owner, owner_client):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    page = strict.get(reverse("accounts:account")).content.decode()
    headers = json.loads(re.search(r"<body hx-headers='([^']+)'>", page).group(1))

    refused = strict.post(reverse("accounts:api_token_regenerate"), headers={"HX-Request": "true"})
    accepted = strict.post(
        reverse("accounts:api_token_regenerate"), headers={"HX-Request": "true", **headers}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200


def test_logged_in_pages_listen_for_notifications(owner_client, client):
    assert 'ws-connect="/ws/notifications/"' in owner_client.get("/").content.decode()
    assert "ws-connect" not in client.get("/").content.decode()


def test_the_navigation_shows_only_built_sections(owner_client):
    content = owner_client.get("/").content.decode()
    nav = content[content.index('<nav class="nav') : content.index("</nav>")]
    links = set(re.findall(r'href="([^"]+)"', nav))
    organization_home = reverse(
        "accounts:organization_home",
        args=[owner_client.get("/").context["current_organization"].id],
    )

    assert links == {
        organization_home,
        "/",
        "/projects/",
        "/backtests/",
        "/community/forum/",
        f"/community/people/{owner_client.session['_auth_user_id']}/",
        "/accounts/profile/",
        "/accounts/",
        "/accounts/organizations/new/",
    }
    for link in links:
        assert owner_client.get(link).status_code == 200


def test_flash_messages_are_shown(client):
    client.post(
        reverse("accounts:signup"), {"email": "new@example.com", "password": "plenty-long-secret-7"}
    )
    content = client.get("/").content.decode()

    assert '<div class="flash flash-success">Welcome to qcweb!' in content
