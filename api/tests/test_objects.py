"""object/* endpoints: set (multipart), list, properties, get (signed zip link), delete; the
storage plan; another organization's keys are never listed, read, replaced or deleted."""

from __future__ import annotations

import io
import zipfile

import pytest
import requests

from api.tests.conftest import check_model
from projects.objectstore import object_read, object_save

pytestmark = pytest.mark.django_db(transaction=True)


def _set(client, organization_id: int, key: str, data: bytes) -> requests.Response:
    return requests.post(
        client.base_url + "object/set",
        headers=client.get_headers(),
        data={"organizationId": str(organization_id), "key": key},
        files={"objectData": data},
        timeout=60,
    )


def test_set_list_properties_get_and_delete(api, organization):
    org = str(organization.id)
    response = _set(api, organization.id, "models/latest.json", b'{"weights": [1, 2]}')
    assert response.json() == {"success": True}, response.text
    assert _set(api, organization.id, "notes.txt", b"hello").json()["success"]

    root = api.ok("object/list", {"organizationId": org, "path": "/"})
    check_model(root, "ListObjectStoreResponse")
    assert [(o["key"], o["folder"], o["size"]) for o in root["objects"]] == [
        ("models", True, 19),
        ("notes.txt", False, 5),
    ]
    assert root["objectStorageUsed"] == 24
    inside = api.ok("object/list", {"organizationId": org, "path": "models"})
    assert [o["key"] for o in inside["objects"]] == ["models/latest.json"]

    properties = api.ok("object/properties", {"organizationId": org, "key": "models/latest.json"})
    check_model(properties, "GetObjectStorePropertiesResponse")
    assert properties["metadata"]["size"] == 19
    assert properties["metadata"]["preview"] == '{"weights": [1, 2]}'
    assert properties["metadata"]["mime"] == "application/json"

    link = api.ok("object/get", {"organizationId": org, "keys": ["models", "notes.txt"]})
    check_model(link, "GetObjectStoreResponse")
    download = requests.get(link["url"], timeout=60)  # no credentials, as the CLI fetches it
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert sorted(archive.namelist()) == ["models/latest.json", "notes.txt"]
    assert archive.read("notes.txt") == b"hello"
    tampered = link["url"].rstrip("/")[:-3] + "abc/"
    assert requests.get(tampered, timeout=60).status_code == 404

    api.ok("object/delete", {"organizationId": org, "key": "notes.txt"})
    assert "no key" in api.refused("object/delete", {"organizationId": org, "key": "notes.txt"})
    assert "no key" in api.refused("object/properties", {"organizationId": org, "key": "gone"})


def test_bad_keys_and_the_storage_plan_are_refused(api, organization):
    from accounts.billing.selectors import subscription_for

    subscription = subscription_for(organization)
    subscription.storage_bytes = 100
    subscription.save(update_fields=["storage_bytes"])
    bad = _set(api, organization.id, "../escape", b"x").json()
    assert bad["success"] is False and "leaves the object store" in bad["errors"][0]
    full = _set(api, organization.id, "big", b"x" * 101).json()
    assert full["success"] is False and "the Object Store is full" in full["errors"][0]
    missing = requests.post(
        api.base_url + "object/set",
        headers=api.get_headers(),
        data={"organizationId": str(organization.id), "key": "k"},
        timeout=60,
    ).json()
    assert "objectData is required" in missing["errors"][0]


def test_another_organizations_store_is_not_found(outsider_api, organization):
    object_save(organization=organization, key="secret", data=b"acme")
    org = str(organization.id)
    for endpoint, payload in (
        ("object/list", {"organizationId": org}),
        ("object/properties", {"organizationId": org, "key": "secret"}),
        ("object/get", {"organizationId": org, "keys": ["secret"]}),
        ("object/delete", {"organizationId": org, "key": "secret"}),
    ):
        assert "no such organization" in outsider_api.refused(endpoint, payload)
    refused = _set(outsider_api, organization.id, "secret", b"theirs").json()
    assert "no such organization" in refused["errors"][0]
    assert object_read(organization=organization, key="secret") == b"acme"
