"""The Object Store page of an organization: keys with size and modified time, usage against the
storage plan, upload, download, a preview of text, JSON and CSV, delete. Every member of the
organization may use it (the store is shared by the whole organization); other users get 404."""

from __future__ import annotations

import csv
import io
import json
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.selectors import current_organization, get_organization_for_user
from projects.objectstore import (
    PREVIEW_BYTES,
    ObjectStoreRefused,
    object_delete,
    object_get,
    object_list,
    object_read,
    object_save,
    storage_quota,
    storage_usage,
)

PREVIEW_CSV_ROWS = 50


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    return get_organization_for_user(request.user, organization_id)


def _page(organization: Organization) -> str:
    return reverse("projects:object_store", args=[organization.pk])


@login_required
def object_store_home(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    if organization is None:
        return redirect("accounts:organization_create")
    return redirect(_page(organization))


@login_required
def object_store(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    prefix = request.GET.get("path", "").strip()
    try:
        items = object_list(organization=organization, prefix=prefix)
    except ObjectStoreRefused as exc:
        messages.error(request, str(exc))
        items = []
    used = storage_usage(organization)
    quota = storage_quota(organization)
    return render(
        request,
        "projects/object_store_list.html",
        {
            "organization": organization,
            "items": items,
            "path": prefix,
            "used": used,
            "quota": quota,
            "percent": min(100, round(100 * used / quota)) if quota else 0,
        },
    )


@login_required
@require_POST
def object_store_upload(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a file to upload.")
        return redirect(_page(organization))
    key = request.POST.get("key", "").strip() or upload.name
    try:
        item = object_save(organization=organization, key=key, data=upload.read())
    except ObjectStoreRefused as exc:
        messages.error(request, f"Not uploaded: {exc}.")
    else:
        messages.success(request, f"Saved {item.key} ({item.size:,} bytes).")
    return redirect(_page(organization))


@login_required
def object_store_download(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    try:
        item = object_get(organization=organization, key=request.GET.get("key", ""))
        data = object_read(organization=organization, key=item.key)
    except ObjectStoreRefused as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{item.key.rsplit("/", 1)[-1]}"'
    return response


def _preview(key: str, data: bytes, truncated: bool) -> dict:
    """What the preview shows: a CSV table, pretty JSON, plain text, or why not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if truncated:  # the cut may fall inside a character
            text = data.decode("utf-8", errors="ignore")
        else:
            return {"kind": "binary"}
    mime = mimetypes.guess_type(key)[0] or ""
    if key.lower().endswith((".csv", ".tsv")) or mime == "text/csv":
        dialect = "excel-tab" if key.lower().endswith(".tsv") else "excel"
        rows = list(csv.reader(io.StringIO(text), dialect=dialect))[:PREVIEW_CSV_ROWS]
        return {"kind": "csv", "rows": rows, "truncated": truncated}
    if key.lower().endswith(".json") or mime == "application/json":
        if not truncated:
            try:
                text = json.dumps(json.loads(text), indent=2)
            except ValueError:
                pass
    return {"kind": "text", "text": text, "truncated": truncated}


@login_required
def object_store_preview(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    try:
        item = object_get(organization=organization, key=request.GET.get("key", ""))
        data = object_read(organization=organization, key=item.key, max_bytes=PREVIEW_BYTES)
    except ObjectStoreRefused as exc:
        raise Http404(str(exc)) from None
    context = {
        "organization": organization,
        "item": item,
        "preview": _preview(item.key, data, item.size > len(data)),
    }
    template = "projects/object_store_preview.html"
    if request.htmx:
        template += "#preview"
    return render(request, template, context)


@login_required
@require_POST
def object_store_delete(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = _organization(request, organization_id)
    key = request.POST.get("key", "")
    try:
        deleted = object_delete(organization=organization, key=key)
    except ObjectStoreRefused as exc:
        messages.error(request, str(exc))
    else:
        if deleted:
            messages.success(request, f"Deleted {key}.")
        else:
            messages.error(request, f"There is no key {key!r}.")
    return redirect(_page(organization))
