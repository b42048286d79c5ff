"""The Object Store of an organization: one folder of files addressed by key, shared by the
organization's backtests (``self.object_store``), its members on the Object Store page and the
``object/*`` API (``lean cloud object-store``).

Files live under ``QCWEB_OBJECTSTORE_DIR/<organization id>/``; ``ObjectStoreItem`` rows index
them (size, modified) for lists and for the storage quota, which is the organization's storage
plan (50 MB free). Every write goes through the functions here, so the index and the folder agree.

A sandboxed job never sees this folder: ``job_store_prepare`` copies the organization's store
into the job's own writable folder before it starts, and ``job_store_apply`` reads what the job
left there afterwards (its folder is hostile: links, FIFOs and hard links are refused, sizes are
capped) and applies only what the job changed, with the quota checked, to the organization's store.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from accounts.limits import FREE_STORAGE_BYTES
from accounts.models import Organization
from engine.objectstore import ObjectStore, ObjectStoreError, check_key
from projects.models import ObjectStoreItem
from qcweb import sandbox

PREVIEW_BYTES = 64 * 1024
MAX_KEY_CHARS = 1024  # ObjectStoreItem.key


class ObjectStoreRefused(Exception):
    """A refused Object Store operation: bad key, missing key, or over the storage quota."""


@dataclass(frozen=True)
class JobStoreReport:
    saved: list[str]
    deleted: list[str]
    refused: list[str]  # "key: why"


def store_dir(organization: Organization) -> Path:
    return Path(settings.QCWEB_OBJECTSTORE_DIR) / str(organization.pk)


def storage_quota(organization: Organization) -> int:
    """Bytes the organization's Object Store may hold: its storage plan (50 MB without one)."""
    # A missing subscription raises RelatedObjectDoesNotExist, an AttributeError.
    subscription = getattr(organization, "subscription", None)
    return int(subscription.storage_bytes) if subscription else FREE_STORAGE_BYTES


def storage_usage(organization: Organization) -> int:
    total = ObjectStoreItem.objects.filter(organization=organization).aggregate(t=Sum("size"))["t"]
    return int(total or 0)


def _store(organization: Organization) -> ObjectStore:
    # The engine's store validates keys (relative paths that stay inside the folder) and writes
    # atomically; the quota is ours (the index), so its own limits are set out of the way.
    return ObjectStore(store_dir(organization), max_bytes=1 << 62, max_files=1 << 31)


def normalize_key(key: str) -> str:
    """The key as stored ("a//b/./c" -> "a/b/c"), or ObjectStoreRefused."""
    try:
        key = check_key(key)
    except ObjectStoreError as exc:
        raise ObjectStoreRefused(str(exc)) from None
    # File systems cap names at 255 bytes; the index column at MAX_KEY_CHARS.
    if len(key) > MAX_KEY_CHARS or any(len(part.encode()) > 255 for part in key.split("/")):
        raise ObjectStoreRefused(
            f"object store keys are at most {MAX_KEY_CHARS} characters, 255 bytes per folder "
            "or file name"
        )
    return key


# -- writes ---------------------------------------------------------------------------------------
def object_save(*, organization: Organization, key: str, data: bytes) -> ObjectStoreItem:
    """Store `data` under `key` (replacing it), within the organization's storage quota."""
    key = normalize_key(key)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = ObjectStoreItem.objects.filter(organization=organization, key=key).first()
        used = storage_usage(organization) - (existing.size if existing else 0)
        quota = storage_quota(organization)
        if used + len(data) > quota:
            raise ObjectStoreRefused(
                f"the Object Store is full: saving {key!r} ({len(data):,} bytes) would pass the "
                f"organization's {quota:,}-byte storage plan ({used:,} bytes used)"
            )
        folder = ObjectStoreItem.objects.filter(
            organization=organization, key__startswith=key + "/"
        )
        if folder.exists():
            raise ObjectStoreRefused(f"{key!r} is a folder of other keys")
        store = _store(organization)
        try:
            store.save_bytes(key, data)
        except (ObjectStoreError, OSError) as exc:
            raise ObjectStoreRefused(f"cannot save {key!r}: {exc}") from None
        item, _ = ObjectStoreItem.objects.update_or_create(
            organization=organization,
            key=key,
            defaults={"size": len(data), "modified": datetime.now(UTC)},
        )
    return item


def object_delete(*, organization: Organization, key: str) -> bool:
    """Delete `key`; False when there was no such key."""
    key = normalize_key(key)
    with transaction.atomic():
        deleted, _ = ObjectStoreItem.objects.filter(organization=organization, key=key).delete()
        try:
            removed = _store(organization).delete(key)
        except (ObjectStoreError, OSError):
            removed = False
    return bool(deleted or removed)


# -- reads ----------------------------------------------------------------------------------------
def object_get(*, organization: Organization, key: str) -> ObjectStoreItem:
    key = normalize_key(key)
    item = ObjectStoreItem.objects.filter(organization=organization, key=key).first()
    if item is None:
        raise ObjectStoreRefused(f"the Object Store has no key {key!r}")
    return item


def object_read(*, organization: Organization, key: str, max_bytes: int | None = None) -> bytes:
    item = object_get(organization=organization, key=key)
    try:
        with open(_store(organization).get_file_path(item.key), "rb") as handle:
            return handle.read() if max_bytes is None else handle.read(max_bytes)
    except (OSError, ObjectStoreError) as exc:
        raise ObjectStoreRefused(f"cannot read {item.key!r}: {exc}") from None


def object_list(*, organization: Organization, prefix: str = "") -> list[ObjectStoreItem]:
    """Keys under `prefix` (a folder such as "models" or "models/"; "" or "/" for all)."""
    items = ObjectStoreItem.objects.filter(organization=organization)
    folder = prefix.strip().strip("/")
    if folder:
        folder = normalize_key(folder)
        items = items.filter(key__startswith=folder + "/") | items.filter(key=folder)
    return list(items.order_by("key"))


def objects_zip(*, organization: Organization, keys: list[str]) -> bytes:
    """A zip of the given keys (a folder key brings every key under it), as `lean cloud
    object-store get` unpacks it."""
    wanted: dict[str, ObjectStoreItem] = {}
    for key in keys:
        for item in object_list(organization=organization, prefix=key):
            wanted[item.key] = item
    if not wanted:
        raise ObjectStoreRefused("none of the requested keys are in the Object Store")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(wanted):
            archive.writestr(key, object_read(organization=organization, key=key))
    return buffer.getvalue()


# -- sandboxed jobs -------------------------------------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def job_store_prepare(*, organization: Organization, target: Path) -> dict[str, str]:
    """Copy the organization's store into `target` (inside a job's own folder) and return the
    manifest (key -> sha256) that `job_store_apply` compares against."""
    target.mkdir(parents=True, exist_ok=True)
    copy = ObjectStore(target, max_bytes=1 << 62, max_files=1 << 31)
    manifest: dict[str, str] = {}
    for item in object_list(organization=organization):
        data = object_read(organization=organization, key=item.key)
        copy.save_bytes(item.key, data)
        manifest[item.key] = _digest(data)
    return manifest


def _job_files(folder: Path, *, max_bytes: int) -> tuple[dict[str, bytes], list[str]]:
    """Regular files under the job's store folder, read without following links; (files,
    refused entries). A job may have planted links, FIFOs or hard links: they are refused."""
    files: dict[str, bytes] = {}
    refused: list[str] = []
    budget = max_bytes
    pending: list[tuple[Path, str]] = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            refused.append(f"{prefix or '/'}: not a readable folder")
            continue
        for entry in entries:
            name = f"{prefix}{entry.name}"
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                pending.append((Path(entry.path), name + "/"))
                continue
            if name.endswith(".tmp-write"):
                continue  # an interrupted write of the engine's store
            try:
                data = sandbox.read_output(current, entry.name, max_bytes=budget + 1)
            except sandbox.UnsafeOutput:
                refused.append(f"{name}: not a regular file (link, FIFO or hard link)")
                continue
            if data is None:
                continue
            if len(data) > budget:
                refused.append(
                    f"{name}: the Object Store is full: the job's keys pass the organization's "
                    f"{max_bytes:,}-byte storage plan"
                )
                continue
            budget -= len(data)
            files[name] = data
    return files, refused


def job_store_apply(
    *, organization: Organization, source: Path, manifest: dict[str, str]
) -> JobStoreReport:
    """Apply what a finished job changed in its copy of the store (`source`, hostile) to the
    organization's store: new or changed keys are saved (quota checked), keys of the manifest the
    job deleted are deleted. Keys the job did not touch are left alone, so two jobs of one
    organization running at once only overwrite each other's keys when both wrote them."""
    saved: list[str] = []
    deleted: list[str] = []
    files, refused = _job_files(source, max_bytes=storage_quota(organization))
    for key in sorted(files):
        data = files[key]
        if manifest.get(key) == _digest(data):
            continue
        try:
            object_save(organization=organization, key=key, data=data)
        except ObjectStoreRefused as exc:
            refused.append(f"{key}: {exc}")
            continue
        saved.append(key)
    for key in sorted(set(manifest) - set(files)):
        if any(entry.startswith(f"{key}:") for entry in refused):
            continue  # refused (e.g. replaced by a link), not deleted
        object_delete(organization=organization, key=key)
        deleted.append(key)
    return JobStoreReport(saved=saved, deleted=deleted, refused=refused)
