"""Object Store endpoints (`object/*`), as QuantConnect's API and the lean CLI's
`lean cloud object-store list/get/set/properties/delete` use them.

`object/set` is multipart (fields `organizationId`, `key`, file `objectData`). `object/get` answers
a download `url` at once: a signed, short-lived link to a zip of the keys, which the CLI fetches
without credentials (as it does QuantConnect's storage links), so the link names the organization
and keys inside a signature only this server can make.
"""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from accounts.models import Organization
from api.common import iso, organization_for
from api.registry import ApiError, Call, Field, endpoint, model
from projects.objectstore import (
    ObjectStoreRefused,
    object_delete,
    object_get,
    object_list,
    object_read,
    object_save,
    objects_zip,
    storage_usage,
)

DOWNLOAD_SALT = "qcweb.api.object-download"
DOWNLOAD_SECONDS = 10 * 60
PREVIEW_CHARS = 1000

ORGANIZATION_ID = Field("organizationId", "string", "Id of the organization.", required=True)
KEY = Field("key", "string", "Key of the object.", required=True)

model(
    "ObjectStoreSummary",
    "A key or folder of the Object Store.",
    [
        Field("key", "string", "Full key.", required=True),
        Field("name", "string", "Last part of the key.", required=True),
        Field("modified", "date-time", "Last change.", nullable=True),
        Field("mime", "string", "Content type.", nullable=True),
        Field("folder", "boolean", "A folder of keys.", required=True),
        Field("size", "integer", "Bytes (a folder: of every key under it).", required=True),
    ],
)
model(
    "ListObjectStoreResponse",
    "The keys and folders directly under a path.",
    [
        Field("path", "string", "The path listed.", required=True),
        Field("objects", "array", "Keys and folders.", required=True, items="ObjectStoreSummary"),
        Field("objectStorageUsed", "integer", "Bytes used by the organization.", required=True),
        Field("objectStorageUsedHuman", "string", "The same, readable.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "ObjectStoreProperties",
    "An object's properties.",
    [
        Field("key", "string", "Key.", required=True),
        Field("modified", "date-time", "Last change.", required=True),
        Field("created", "date-time", "First save.", required=True),
        Field("size", "integer", "Bytes.", required=True),
        Field("md5", "string", "MD5 of the content.", required=True),
        Field("mime", "string", "Content type.", required=True),
        Field("preview", "string", "The start of the content when it is text.", nullable=True),
    ],
)
model(
    "GetObjectStorePropertiesResponse",
    "An object's properties.",
    [
        Field("metadata", "ObjectStoreProperties", "Properties.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "GetObjectStoreResponse",
    "Where to download the keys (a zip).",
    [
        Field("jobId", "string", "Id of the download job.", nullable=True),
        Field("url", "string", "Download link, valid for ten minutes.", nullable=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)


def _mime(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


def _refused(exc: ObjectStoreRefused) -> ApiError:
    return ApiError(str(exc))


@endpoint(
    "object/list",
    section="Object store",
    summary="List the keys and folders directly under a path of the Object Store.",
    request=[
        ORGANIZATION_ID,
        Field("path", "string", "Folder to list (empty or / for the root)."),
    ],
    response="ListObjectStoreResponse",
)
def object_list_view(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    path = str(call.get("path") or "").strip().strip("/")
    try:
        items = object_list(organization=organization, prefix=path)
    except ObjectStoreRefused as exc:
        raise _refused(exc) from None
    base = f"{path}/" if path else ""
    entries: dict[str, dict[str, Any]] = {}
    for item in items:
        rest = item.key[len(base) :] if item.key.startswith(base) else item.key
        name, _, below = rest.partition("/")
        entry = entries.setdefault(
            name,
            {
                "key": base + name,
                "name": name,
                "modified": None,
                "mime": None if below else _mime(item.key),
                "folder": bool(below),
                "size": 0,
            },
        )
        entry["size"] += item.size
        modified = iso(item.modified)
        if entry["modified"] is None or (modified or "") > entry["modified"]:
            entry["modified"] = modified
    used = storage_usage(organization)
    return {
        "path": path or "/",
        "objects": [entries[name] for name in sorted(entries)],
        "objectStorageUsed": used,
        "objectStorageUsedHuman": filesizeformat(used),
    }


@endpoint(
    "object/properties",
    section="Object store",
    summary="Read an object's properties.",
    request=[ORGANIZATION_ID, KEY],
    response="GetObjectStorePropertiesResponse",
)
def object_properties(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    try:
        item = object_get(organization=organization, key=call.get("key"))
        data = object_read(organization=organization, key=item.key)
    except ObjectStoreRefused as exc:
        raise _refused(exc) from None
    try:
        preview: str | None = data[: PREVIEW_CHARS * 4].decode("utf-8")[:PREVIEW_CHARS]
    except UnicodeDecodeError:
        preview = None
    return {
        "metadata": {
            "key": item.key,
            "modified": iso(item.modified),
            "created": iso(item.modified),
            "size": item.size,
            "md5": hashlib.md5(data, usedforsecurity=False).hexdigest(),
            "mime": _mime(item.key),
            "preview": preview,
        }
    }


@endpoint(
    "object/set",
    section="Object store",
    summary="Upload an object (multipart: organizationId, key and the file objectData).",
    request=[ORGANIZATION_ID, KEY],
)
def object_set(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    files = getattr(call.request, "FILES", None) or {}
    upload = files.get("objectData")
    if upload is None:
        raise ApiError("objectData is required: send the object as a multipart file field.")
    try:
        object_save(organization=organization, key=call.get("key"), data=upload.read())
    except ObjectStoreRefused as exc:
        raise _refused(exc) from None
    return {}


@endpoint(
    "object/delete",
    section="Object store",
    summary="Delete an object.",
    request=[ORGANIZATION_ID, KEY],
)
def object_delete_view(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    try:
        deleted = object_delete(organization=organization, key=call.get("key"))
    except ObjectStoreRefused as exc:
        raise _refused(exc) from None
    if not deleted:
        raise ApiError(f"the Object Store has no key {call.get('key')!r}")
    return {}


@endpoint(
    "object/get",
    section="Object store",
    summary="A download link for a zip of the given keys (folders bring every key under them).",
    request=[
        ORGANIZATION_ID,
        Field("keys", "array", "Keys to download.", items="string"),
        Field("jobId", "string", "Id of an earlier download request."),
    ],
    response="GetObjectStoreResponse",
)
def object_get_view(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    keys = [str(key) for key in (call.get("keys") or [])]
    if not keys:
        raise ApiError("keys is required: the keys to download.")
    try:
        objects_zip(organization=organization, keys=keys)  # refuse now rather than at download
    except ObjectStoreRefused as exc:
        raise _refused(exc) from None
    token = signing.dumps({"o": organization.pk, "k": keys}, salt=DOWNLOAD_SALT, compress=True)
    url = call.request.build_absolute_uri(reverse("api:object_download", args=[token]))
    return {"jobId": None, "url": url}


def object_download(request: HttpRequest, token: str) -> HttpResponse:
    """The zip behind an `object/get` link (signed, ten minutes)."""
    try:
        payload = signing.loads(token, salt=DOWNLOAD_SALT, max_age=DOWNLOAD_SECONDS)
        organization = Organization.objects.get(pk=int(payload["o"]))
        archive = objects_zip(organization=organization, keys=[str(k) for k in payload["k"]])
    except (signing.BadSignature, Organization.DoesNotExist, KeyError, TypeError, ValueError):
        return JsonResponse(
            {"success": False, "errors": ["This link is invalid or expired."]}, status=404
        )
    except ObjectStoreRefused as exc:
        return JsonResponse({"success": False, "errors": [str(exc)]}, status=404)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="object-store.zip"'
    return response
