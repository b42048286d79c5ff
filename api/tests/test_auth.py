"""QuantConnect REST API v2 timestamp + hash authentication, its refusals, and the per-user rate limit."""

from __future__ import annotations

from time import time

import pytest
import requests

pytestmark = pytest.mark.django_db(transaction=True)


def test_authenticate_with_the_documented_example_headers(api):
    response = api.post("authenticate")
    assert response.status_code == 200
    assert response.json() == {"success": True}


def test_the_documented_example_double_slash_url_works(api):
    # QuantConnect's example builds f"{BASE_URL}/authenticate" with BASE_URL ending in "/".
    response = requests.post(api.base_url + "/authenticate", headers=api.get_headers(), timeout=30)
    assert response.json() == {"success": True}


def test_get_works_too(api):
    response = api.get("authenticate")
    assert response.json() == {"success": True}


def test_wrong_hash_is_refused_with_the_401_shape(api):
    headers = api.get_headers(token="not-the-token")
    response = api.post("authenticate", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"success": False, "errors": ["Hash doesn't match."]}
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_unknown_user_id_looks_like_a_wrong_hash(api):
    api.user_id = 999
    response = api.post("authenticate")
    assert response.status_code == 401
    assert response.json()["errors"] == ["Hash doesn't match."]


def test_stale_timestamp_is_refused(api, settings):
    settings.API_TIMESTAMP_WINDOW = 3600
    old = str(int(time()) - 3601)
    response = api.post("authenticate", headers=api.get_headers(timestamp=old))
    assert response.status_code == 401
    message = response.json()["errors"][0]
    assert message.startswith("Hash doesn't match.") and "3600 seconds" in message
    recent = str(int(time()) - 3500)
    assert api.post("authenticate", headers=api.get_headers(timestamp=recent)).status_code == 200


def test_missing_headers_are_refused(api):
    response = requests.post(api.base_url + "authenticate", timeout=30)
    assert response.status_code == 401
    assert response.json()["errors"][0].startswith("Hash doesn't match.")
    headers = api.get_headers()
    del headers["Timestamp"]
    response = requests.post(api.base_url + "authenticate", headers=headers, timeout=30)
    assert response.status_code == 401
    assert "Timestamp" in response.json()["errors"][0]


def test_regenerated_token_replaces_the_old_one(api, owner):
    from accounts.services import user_regenerate_api_token

    old = api.api_token
    user_regenerate_api_token(user=owner)
    owner.refresh_from_db()
    assert api.post("authenticate").status_code == 401
    api.api_token = owner.api_token
    assert owner.api_token != old
    assert api.post("authenticate").status_code == 200


def test_rate_limit_per_user(api, outsider_api, settings):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    for _ in range(3):
        assert api.post("authenticate").status_code == 200
    response = api.post("authenticate")
    assert response.status_code == 429
    body = response.json()
    assert body["success"] is False and "Rate limit exceeded" in body["errors"][0]
    assert "3 requests per 60 seconds" in body["errors"][0]
    # Other users have their own budget.
    assert outsider_api.post("authenticate").status_code == 200


def test_unknown_endpoint(api):
    message = api.refused("projects/frobnicate", status=404)
    assert "projects/frobnicate" in message
