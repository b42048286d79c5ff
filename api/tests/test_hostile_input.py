"""Hostile input found by fuzzing the REST API: deeply nested bodies, integers past 64 bits, lone
surrogates and NUL characters, non-finite numbers. Each answers the API's error shape at once
(HTTP 400 for a body that can't be read, else HTTP 200 naming the field), never a 500.

The sweeps go through every field of every endpoint of the registry, so a new endpoint is
covered the day it is registered. Body size limits: tests/test_hostile_input.py."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from api.auth import token_hash
from api.parsing import INT64_MAX, INT64_MIN, MAX_DEPTH, TOO_DEEP
from api.registry import ENDPOINTS, Endpoint, Field, load_sections
from backtests.tests.conftest import make_completed, sample_result  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = f"must be an integer from {INT64_MIN} to {INT64_MAX}."
BAD_TEXT = "must be text without NUL characters or unpaired surrogates."


@pytest.fixture
def post(client, owner, organization, settings):
    """POST a raw body to /api/v2/<endpoint> as the owner; the test client raises on any 500."""
    settings.API_RATE_LIMIT = 0  # the sweeps send hundreds of requests

    def send(endpoint: str, body: str | bytes, content_type: str = "application/json"):
        stamp = str(int(time.time()))
        credentials = f"{owner.api_user_id}:{token_hash(owner.api_token, stamp)}"
        return client.post(
            f"/api/v2/{endpoint}",
            data=body,
            content_type=content_type,
            HTTP_AUTHORIZATION="Basic " + base64.b64encode(credentials.encode()).decode(),
            HTTP_TIMESTAMP=stamp,
        )

    return send


def refused(response, status: int = 200) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and len(body["errors"]) == 1, body
    return body["errors"][0]


# Nesting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [5000, MAX_DEPTH + 1])
def test_deeply_nested_json_is_a_400(post, depth):
    nested = "[" * depth + "]" * depth
    response = post("organizations/read", f'{{"organizationId": "1", "x": {nested}}}')

    assert refused(response, 400) == TOO_DEEP


def test_nesting_up_to_the_limit_is_read(post):
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    response = post("organizations/read", f'{{"x": {nested}}}')

    assert response.json()["success"] is True


def test_deeply_nested_form_names_are_a_400(post):
    body = "files" + "[0]" * 5000 + "=x"
    response = post("projects/create", body, "application/x-www-form-urlencoded")

    assert refused(response, 400) == TOO_DEEP


def test_form_indexes_are_ascii_digits(post, api_project):
    body = f"projectId={api_project.id}&files[%C2%B9][name]=a.py&files[%C2%B9][content]=x"
    message = refused(post("projects/update", body, "application/x-www-form-urlencoded"))

    assert message.startswith("files")


# Integers ---------------------------------------------------------------------------------------

HUGE = [2**63, -(2**63) - 1, 10**40]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize(
    "endpoint", ["organizations/read", "account/read", "projects/create", "nodes/read"]
)
def test_a_huge_organization_id_names_the_field(post, endpoint, value):
    payload = {"organizationId": value, "name": "X", "language": "Py"}
    assert refused(post(endpoint, json.dumps(payload))) == f"organizationId {OUT_OF_RANGE}"
    # The API types organization ids as strings: as a string, no such organization exists.
    payload["organizationId"] = str(value)
    assert refused(post(endpoint, json.dumps(payload))) == (
        f"organizationId {value}: no such organization."
    )
    body = f"organizationId={value}&name=X&language=Py"
    assert "organizationId" in refused(post(endpoint, body, "application/x-www-form-urlencoded"))


@pytest.fixture
def ids(api_project, organization, make_completed) -> dict[str, Any]:  # noqa: F811
    """Real ids for the fields that name things, so a sweep reaches past the lookups."""
    backtest = make_completed(api_project)
    return {
        "projectId": api_project.id,
        "organizationId": str(organization.id),
        "backtestId": backtest.backtest_id,
    }


def dummy(field: Field) -> Any:
    """A value of the field's type that passes validation."""
    if field.enum:
        return field.enum[0]
    return {
        "integer": 1,
        "number": 1.5,
        "boolean": True,
        "array": [],
        "object": {},
        "date-time": "2024-01-02T00:00:00Z",
    }.get(field.type, "x")


def payload(endpoint: Endpoint, field: Field, value: Any, ids: dict[str, Any]) -> dict[str, Any]:
    """`value` in `field`, every other required field valid (validation stops at the first
    refused field, in declaration order)."""
    data = {f.name: ids.get(f.name, dummy(f)) for f in endpoint.request if f.required}
    data[field.name] = value
    return data


def fields(kind: str) -> list[tuple[str, str]]:
    load_sections()
    return [
        (path, field.name)
        for path, endpoint in sorted(ENDPOINTS.items())
        if endpoint.available
        for field in endpoint.request
        if field.type == kind or (field.type == "array" and field.items == kind)
    ]


@pytest.mark.parametrize(("path", "name"), fields("integer"))
def test_every_integer_field_refuses_64_bit_overflow(post, ids, path, name):
    endpoint = ENDPOINTS[path]
    field = next(f for f in endpoint.request if f.name == name)
    label = f"{name}[]" if field.type == "array" else name
    for value in (*HUGE, 1e30, str(2**63)):
        wrapped = [value] if field.type == "array" else value
        message = refused(post(path, json.dumps(payload(endpoint, field, wrapped, ids))))
        assert message in (f"{label} {OUT_OF_RANGE}", f"{name} {OUT_OF_RANGE}"), (value, message)
    # The extremes that fit: whatever the endpoint answers, it is no 500.
    for value in (INT64_MAX, INT64_MIN):
        wrapped = [value] if field.type == "array" else value
        assert post(path, json.dumps(payload(endpoint, field, wrapped, ids))).status_code == 200


# Text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), fields("string"))
def test_every_string_field_refuses_lone_surrogates_and_nul_at_once(post, ids, path, name):
    endpoint = ENDPOINTS[path]
    field = next(f for f in endpoint.request if f.name == name)
    # one untimed request first: the first call of an endpoint in a process imports its modules
    warm = ["a\ud800"] if field.type == "array" else "a\ud800"
    refused(post(path, json.dumps(payload(endpoint, field, warm, ids))))
    for text in ('"a\\ud800"', '"\\udfff"', '"a\\u0000b"'):
        value = json.loads(text)
        wrapped = [value] if field.type == "array" else value
        # CPU time of this thread (the test client serves the request in it), not wall time:
        # "at once" means no work on the bad text, whatever else the machine is busy with.
        started = time.thread_time()
        message = refused(post(path, json.dumps(payload(endpoint, field, wrapped, ids))))
        assert message == f"{name} {BAD_TEXT}"
        assert time.thread_time() - started < 1


@pytest.mark.parametrize(("path", "name"), fields("string"))
def test_every_string_field_takes_odd_digits(post, ids, path, name):
    """Ids the API receives as strings become integers somewhere: digits that aren't ASCII or
    don't fit 64 bits are ids that don't exist, not a 500."""
    endpoint = ENDPOINTS[path]
    field = next(f for f in endpoint.request if f.name == name)
    for value in ("\u00b9", "\u0661", "9" * 30, "9" * 5000, "-" + "9" * 30):
        wrapped = [value] if field.type == "array" else value
        assert post(path, json.dumps(payload(endpoint, field, wrapped, ids))).status_code == 200


def test_surrogates_deep_in_a_value_or_in_a_name_are_refused(post, api_project):
    body = json.dumps(
        {"projectId": api_project.id, "files": [{"name": "a.py", "content": "x\ud800"}]}
    )
    assert refused(post("projects/update", body)) == f"files {BAD_TEXT}"
    body = json.dumps({"projectId": api_project.id, "\udc00": 1})
    assert refused(post("projects/update", body)) == f"'\\udc00' {BAD_TEXT}"
    body = f"projectId={api_project.id}&description=a%00b"
    assert refused(post("projects/update", body, "application/x-www-form-urlencoded")) == (
        f"description {BAD_TEXT}"
    )
    api_project.refresh_from_db()
    assert api_project.description == ""


def test_a_valid_surrogate_pair_is_text(post, api_project):
    body = f'{{"projectId": {api_project.id}, "description": "\\ud83d\\ude00"}}'
    assert post("projects/update", body).json()["success"] is True
    api_project.refresh_from_db()
    assert api_project.description == "\U0001f600"


# Numbers and credentials ------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_not_json(post, number):
    response = post("organizations/read", f'{{"organizationId": "1", "x": {number}}}')

    assert refused(response, 400).startswith("The request body is not valid JSON")


@pytest.mark.parametrize("user_id", ["\u00b9", "9" * 30, "-1", "1" * 5000])
def test_odd_api_user_ids_are_bad_credentials(client, user_id):
    stamp = str(int(time.time()))
    credentials = base64.b64encode(f"{user_id}:{token_hash('x', stamp)}".encode()).decode()
    response = client.post(
        "/api/v2/authenticate", HTTP_AUTHORIZATION=f"Basic {credentials}", HTTP_TIMESTAMP=stamp
    )

    assert refused(response, 401).startswith("Hash doesn't match.")
