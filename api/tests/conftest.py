"""API test fixtures: a REST client written from QuantConnect's own Python example
of API authentication, bound to pytest-django's live server, and checks of response shapes.

The backtest fixtures (small synthetic data, isolated result folders) come from
backtests/tests/conftest.py."""

from __future__ import annotations

from base64 import b64encode
from hashlib import sha256
from time import time
from typing import Any

import pytest
import requests

from api.registry import MODELS, TYPES
from backtests.tests.conftest import SMA, bt_settings, demo_data  # noqa: F401  (fixtures)
from live.tests.conftest import (  # noqa: F401  (fixtures of the live/* endpoints)
    live_data,
    live_settings,
    make_project,
    no_enqueue,
    node,
)

__all__ = ["SMA", "ExampleClient", "check_model", "with_api_access"]


class ExampleClient:
    """QuantConnect's authentication example, as a class: get_headers() then requests.post(BASE_URL + endpoint)."""

    def __init__(self, base_url: str, user_id: int, api_token: str) -> None:
        self.base_url = base_url.rstrip("/") + "/api/v2/"
        self.user_id = user_id
        self.api_token = api_token

    def get_headers(self, timestamp: str | None = None, token: str | None = None) -> dict[str, str]:
        # Get timestamp
        timestamp = timestamp or f"{int(time())}"
        time_stamped_token = f"{token or self.api_token}:{timestamp}".encode()
        # Get hased API token
        hashed_token = sha256(time_stamped_token).hexdigest()
        authentication = f"{self.user_id}:{hashed_token}".encode()
        authentication = b64encode(authentication).decode("ascii")
        # Create headers dictionary.
        return {"Authorization": f"Basic {authentication}", "Timestamp": timestamp}

    def post(self, endpoint: str, payload: dict | None = None, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", None) or self.get_headers()
        return requests.post(
            self.base_url + endpoint, headers=headers, json=payload, timeout=60, **kwargs
        )

    def get(self, endpoint: str, params: dict | None = None) -> requests.Response:
        return requests.get(
            self.base_url + endpoint, headers=self.get_headers(), params=params, timeout=60
        )

    def ok(self, endpoint: str, payload: dict | None = None) -> dict:
        response = self.post(endpoint, payload)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["success"] is True, data
        return data

    def refused(
        self, endpoint: str, payload: dict | None = None, status: int = 200, **kwargs
    ) -> str:
        response = self.post(endpoint, payload, **kwargs)
        assert response.status_code == status, response.text
        data = response.json()
        assert data["success"] is False, data
        assert isinstance(data["errors"], list) and data["errors"], data
        return data["errors"][0]


_PY_TYPES = {
    "integer": int,
    "number": (int, float),
    "string": str,
    "date-time": str,
    "boolean": bool,
    "object": dict,
    "array": list,
}


def _check_value(value: Any, type_name: str, items: str | None, where: str) -> None:
    if type_name == "any":
        return
    if type_name in _PY_TYPES:
        expected = _PY_TYPES[type_name]
        assert isinstance(value, expected), f"{where}: {value!r} is not {type_name}"
        if type_name in ("integer", "number"):
            assert not isinstance(value, bool), f"{where}: bool is not {type_name}"
        if type_name == "array" and items:
            for i, item in enumerate(value):
                _check_value(item, items, None, f"{where}[{i}]")
        return
    assert type_name in MODELS, type_name
    check_model(value, type_name, where)


def check_model(value: Any, name: str, where: str = "") -> None:
    """`value` has every required field of the registered model with the declared types."""
    model = MODELS[name]
    where = where or name
    assert isinstance(value, dict), f"{where}: not an object"
    for field in model.fields:
        if field.name not in value:
            assert not field.required, f"{where}: {field.name} is missing"
            continue
        item = value[field.name]
        if item is None:
            assert field.nullable or not field.required, f"{where}.{field.name} is null"
            continue
        _check_value(item, field.type, field.items, f"{where}.{field.name}")
        if field.enum:
            assert item in field.enum, f"{where}.{field.name}: {item!r} not in {field.enum}"
    assert set(TYPES)  # keep the import honest


def with_api_access(user) -> None:
    """Put the user's personal organization on Quant Researcher: the API and the lean CLI are a
    paid-tier feature (a Free organization is refused, test_api_access.py)."""
    from accounts.models import Organization
    from accounts.selectors import personal_organization

    organization = personal_organization(user)
    organization.tier = Organization.Tier.RESEARCHER
    organization.save(update_fields=["tier"])


@pytest.fixture
def api(live_server, owner, organization) -> ExampleClient:
    with_api_access(owner)
    return ExampleClient(live_server.url, owner.api_user_id, owner.api_token)


@pytest.fixture
def outsider_api(live_server, outsider) -> ExampleClient:
    with_api_access(outsider)
    return ExampleClient(live_server.url, outsider.api_user_id, outsider.api_token)


@pytest.fixture
def api_project(organization, owner):
    from projects.services import project_create

    return project_create(
        organization=organization,
        owner=owner,
        name="Api Project",
        files={"main.py": SMA, "helpers.py": "X = 1\n"},
        parameters={"fast": "30"},
    )
