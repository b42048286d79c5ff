"""The OpenAPI document and the docs page come from the registry and cover every endpoint."""

from __future__ import annotations

import pytest
import requests

from api.registry import ENDPOINTS, MODELS, TYPES

pytestmark = pytest.mark.django_db


def test_schema_lists_every_endpoint_with_fields_and_models(client):
    response = client.get("/api/v2/schema")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {f"/{path}" for path in ENDPOINTS}
    create = document["paths"]["/projects/create"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["name", "language"]
    assert body["properties"]["language"]["enum"] == ["C#", "Py"]
    assert create["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProjectListResponse"
    }
    schemas = document["components"]["schemas"]
    assert set(schemas) == set(MODELS)
    # Every model reference resolves.
    for model in MODELS.values():
        for field in model.fields:
            for ref in (field.type, field.items):
                assert ref is None or ref in TYPES or ref in MODELS, (model.name, field.name, ref)
    assert document["paths"]["/data/read"]["post"]["x-available"] is False
    assert document["paths"]["/live/create"]["post"]["x-available"] is True


def test_docs_page_lists_endpoints_fields_and_models(client):
    response = client.get("/api/v2/docs")
    assert response.status_code == 200
    html = response.content.decode()
    for path in ENDPOINTS:
        assert f"/api/v2/{path}</code>" in html
    assert "backtestName" in html and "BacktestResult" in html and "not available yet" in html
    assert "cdn" not in html.lower()


def test_schema_is_served_over_http(live_server):
    response = requests.get(live_server.url + "/api/v2/schema", timeout=30)
    assert response.status_code == 200 and "paths" in response.json()


def test_account_page_links_to_the_api_docs(owner_client):
    from django.urls import reverse

    html = owner_client.get(reverse("accounts:account")).content.decode()
    assert reverse("api:docs") in html


def test_schema_and_docs_page_show_nothing_internal(client):
    """No internal specification labels or vendor keys of our own: what users read is the API."""
    schema = client.get("/api/v2/schema")
    docs = client.get("/api/v2/docs")
    assert schema.status_code == docs.status_code == 200
    for text in (schema.content.decode().lower(), docs.content.decode().lower()):
        # Also rules out a vendor extension key (x-...) or a docs label carrying the word.
        assert "seed" not in text
