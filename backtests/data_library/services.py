"""Data imports: queue one (the upload kept beside the queue), run it on the worker, report it.

An import never writes into a data folder while it reads its input: every file it accepts is
written into a staging folder beside the target (same file system), and only when the whole input
was read, and the result fits the organization's storage plan, are the staged files moved in
(each an atomic rename; a failure while moving puts back what it replaced). A failed import
leaves the data folder as it was and no staging folder behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from backtests.data_library import layout
from backtests.data_library.convert import (
    ConvertError,
    TableSpec,
    convert_table,
    load_table,
    zip_bytes,
)
from backtests.data_library.models import DataImport
from backtests.data_library.storage import (
    STAGING,
    data_quota,
    data_usage,
    org_data_dir,
    org_data_root,
)
from engine.data.market_hours import market_hours
from qcweb import sandbox

logger = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 512 * 1024 * 1024  # one file of a LEAN zip, uncompressed
PROGRESS_SECONDS = 0.5


class DataImportRefused(ValueError):
    """The import cannot be queued (bad options, over the storage plan)."""


class ImportFailed(RuntimeError):
    """The import stopped; nothing was written."""


# -- queueing ---------------------------------------------------------------------------------
def imports_dir() -> Path:
    return Path(settings.QCWEB_IMPORTS_DIR)


def upload_path(data_import: DataImport) -> Path:
    return imports_dir() / str(data_import.pk) / "input"


def _check_table_options(options: dict) -> dict:
    clean = {
        "asset_class": str(options.get("asset_class") or "equity").lower(),
        "market": str(options.get("market") or "usa").lower(),
        "symbol": str(options.get("symbol") or "").strip().lower(),
        "resolution": str(options.get("resolution") or "daily").lower(),
        "data_type": str(options.get("data_type") or "trade").lower(),
        "timezone": str(options.get("timezone") or "").strip(),
    }
    if clean["asset_class"] not in layout.ASSET_CLASSES:
        raise DataImportRefused(f"asset class must be one of {', '.join(layout.ASSET_CLASSES)}")
    if clean["resolution"] not in layout.RESOLUTIONS:
        raise DataImportRefused(f"resolution must be one of {', '.join(layout.RESOLUTIONS)}")
    if clean["data_type"] not in ("trade", "quote"):
        raise DataImportRefused("data type must be trade or quote")
    if not layout.MARKET_NAME.match(clean["market"]):
        raise DataImportRefused("market must be a lower-case name such as usa, oanda, coinbase")
    if not clean["symbol"] or not layout.SYMBOL_NAME.match(clean["symbol"]):
        raise DataImportRefused("symbol: letters, digits and . - ^ $ _ only")
    if clean["asset_class"] in ("forex", "cfd") and clean["data_type"] != "quote":
        raise DataImportRefused(f"{clean['asset_class']} data is quotes: choose the quote type")
    if clean["asset_class"] == "index" and clean["data_type"] != "trade":
        raise DataImportRefused("index data is trades: choose the trade type")
    try:
        hours = market_hours(clean["asset_class"], clean["market"], None)
    except LookupError as exc:
        raise DataImportRefused(str(exc)) from None
    clean["data_timezone"] = hours.data_time_zone
    if not clean["timezone"]:
        clean["timezone"] = hours.data_time_zone
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(clean["timezone"])
    except (KeyError, ValueError, OSError):
        raise DataImportRefused(f"unknown time zone {clean['timezone']!r}") from None
    return clean


def data_import_create(
    *,
    organization: Organization,
    user: User | None,
    kind: str,
    upload: UploadedFile,
    options: dict | None = None,
    map_file: UploadedFile | None = None,
    factor_file: UploadedFile | None = None,
) -> DataImport:
    """Keep the upload and queue its import; raises DataImportRefused."""
    options = dict(options or {})
    if kind == DataImport.Kind.TABLE:
        options = _check_table_options(options)
    elif kind != DataImport.Kind.LEAN:
        raise DataImportRefused(f"unknown import kind {kind!r}")
    free = data_quota(organization) - data_usage(organization)
    if upload.size > max(free, 0) and kind == DataImport.Kind.LEAN:
        raise DataImportRefused(
            f"the file ({upload.size:,} bytes) is larger than the organization's free data "
            f"storage ({max(free, 0):,} of {data_quota(organization):,} bytes)"
        )
    with transaction.atomic():
        data_import = DataImport.objects.create(
            organization=organization,
            created_by=user,
            kind=kind,
            source_name=os.path.basename(upload.name or "upload")[:255],
            options=options,
        )
        folder = upload_path(data_import)
        folder.mkdir(parents=True, exist_ok=True)
        suffix = Path(upload.name or "").suffix.lower()[:10]
        _save_upload(upload, folder / f"data{suffix}")
        if map_file is not None:
            _save_upload(map_file, folder / "map_file.csv")
        if factor_file is not None:
            _save_upload(factor_file, folder / "factor_file.csv")
        transaction.on_commit(lambda: _enqueue(data_import.pk))
    return data_import


def _save_upload(upload: UploadedFile, path: Path) -> None:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def _enqueue(import_id: int) -> None:
    from backtests.tasks import run_data_import_task

    run_data_import_task(import_id)


# -- running ----------------------------------------------------------------------------------
class _Progress:
    """Writes the import's progress at most every PROGRESS_SECONDS."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.last = 0.0

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_SECONDS or fraction >= 1.0:
            self.last = now
            DataImport.objects.filter(pk=self.import_id).update(
                progress=min(max(fraction, 0.0), 0.99)
            )


def data_import_execute(*, import_id: int) -> None:
    """Worker body: run a queued import, then record its report (or why it failed)."""
    claimed = DataImport.objects.filter(pk=import_id, status=DataImport.Status.QUEUED).update(
        status=DataImport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    data_import = DataImport.objects.select_related("organization").get(pk=import_id)
    try:
        source = _input_file(data_import)
        if data_import.kind == DataImport.Kind.TABLE:
            report, added = import_table(
                source,
                organization=data_import.organization,
                options=data_import.options,
                map_file=_optional(source.parent / "map_file.csv"),
                factor_file=_optional(source.parent / "factor_file.csv"),
                progress=_Progress(import_id),
                source_name=data_import.source_name,
            )
        else:
            report, added = import_lean(
                source, organization=data_import.organization, progress=_Progress(import_id)
            )
    except (ImportFailed, ConvertError) as exc:
        _finish(import_id, status=DataImport.Status.FAILED, message=str(exc), report=None)
    except Exception as exc:
        logger.exception("Data import %s failed", import_id)
        _finish(
            import_id,
            status=DataImport.Status.FAILED,
            message=f"Internal error: {exc}\n{traceback.format_exc(limit=3)}",
            report=None,
        )
    else:
        _finish(import_id, status=DataImport.Status.COMPLETED, report=report, added=added)
    finally:
        shutil.rmtree(imports_dir() / str(import_id), ignore_errors=True)


def _input_file(data_import: DataImport) -> Path:
    folder = upload_path(data_import)
    for path in sorted(folder.glob("data*")):
        return path
    raise ImportFailed("the uploaded file is missing")


def _optional(path: Path) -> Path | None:
    return path if path.is_file() else None


def _finish(
    import_id: int, *, status: str, report: dict | None, message: str = "", added: int = 0
) -> None:
    fields = {
        "status": status,
        "message": message,
        "finished_at": timezone.now(),
        "bytes_added": added,
    }
    if status == DataImport.Status.COMPLETED:
        fields["progress"] = 1.0
    if report is not None:
        fields["report"] = report
    DataImport.objects.filter(pk=import_id).update(**fields)


# -- the two importers ------------------------------------------------------------------------
def _target(organization: Organization | None) -> Path:
    if organization is None:
        from backtests import conf

        return conf.data_dir()
    return org_data_dir(organization)


def _staging_for(target: Path) -> Path:
    base = org_data_root() / STAGING if target.parent == org_data_root() else target.parent
    base.mkdir(parents=True, exist_ok=True)
    prefix = f"{target.name}-" if base == org_data_root() / STAGING else f".import-{target.name}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))  # same file system as the target


@contextlib.contextmanager
def _lean_members(source: Path) -> Iterator[list[tuple[str, Callable[[], bytes]]]]:
    """(path relative to the data root, reader) of each file of a LEAN folder or zip. A single
    top folder that is not part of LEAN's layout (``Data/``) is taken as the root."""
    if source.is_dir():
        files = []
        for root, dirs, names in os.walk(source):  # does not follow folder links
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                files.append((path.relative_to(source).as_posix(), path))
        prefix = _common_root([rel for rel, _ in files])
        yield [
            (
                rel[len(prefix) :],
                _refuse_link if path.is_symlink() or not path.is_file() else path.read_bytes,
            )
            for rel, path in files
        ]
        return
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise ImportFailed(f"{source.name} is not a zip file") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        prefix = _common_root([i.filename for i in infos])
        yield [(i.filename[len(prefix) :], _member_reader(archive, i)) for i in infos]


def _refuse_link() -> bytes:
    raise layout.Refused("a link or special file, not a regular file")


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        if info.file_size > MAX_MEMBER_BYTES:
            raise layout.Refused(f"larger than {MAX_MEMBER_BYTES:,} bytes")
        return archive.read(info)

    return read


def _common_root(paths: list[str]) -> str:
    tops = {PurePosixPath(p).parts[0] for p in paths if "/" in p}
    if len(tops) == 1 and all("/" in p for p in paths):
        top = tops.pop()
        if top not in layout.ASSET_CLASSES and top not in layout.NOT_READ:
            return top + "/"
    return ""


def import_lean(
    source: Path,
    *,
    organization: Organization | None,
    progress: Callable[[float], None] | None = None,
) -> tuple[dict, int]:
    """Import a LEAN-format folder or zip: every file checked against LEAN's layout; returns the
    report and the bytes added. Raises ImportFailed (nothing written)."""
    installation = organization is None
    target = _target(organization)
    staging = _staging_for(target)
    imported: list[dict] = []
    refused: list[dict] = []
    try:
        with _lean_members(source) as members:
            _check_members(members, staging, installation, imported, refused, progress)
        if not imported:
            raise ImportFailed(
                f"no file could be imported ({len(refused)} refused; first: "
                f"{refused[0]['file']}: {refused[0]['reason']})"
                if refused
                else f"{source.name} holds no files"
            )
        added = _commit(staging, target, organization)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"imported": imported, "refused": refused}, added


def _check_members(
    members: list[tuple[str, Callable[[], bytes]]],
    staging: Path,
    installation: bool,
    imported: list[dict],
    refused: list[dict],
    progress: Callable[[float], None] | None,
) -> None:
    for number, (rel, read) in enumerate(members, start=1):
        try:
            data = read()
            kind = layout.check_file(rel, data, installation=installation)
        except layout.Refused as exc:
            refused.append(_refusal(rel, str(exc)))
        except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
            refused.append(_refusal(rel, f"cannot be read: {exc}"))
        else:
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            imported.append({"path": rel, "bytes": len(data), "kind": kind.category})
        if progress is not None:
            progress(0.9 * number / len(members))


def _refusal(path: str, reason: str) -> dict:
    """A refused file; a reason naming a line ("... line 12: ...") keeps it apart."""
    line = None
    marker = "line "
    if marker in reason:
        tail = reason.split(marker, 1)[1]
        digits = tail.split(":", 1)[0]
        if digits.isdigit():
            line = int(digits)
    return {"file": path, "line": line, "reason": reason}


def import_table(
    source: Path,
    *,
    organization: Organization | None,
    options: dict,
    map_file: Path | None = None,
    factor_file: Path | None = None,
    progress: Callable[[float], None] | None = None,
    source_name: str = "",
) -> tuple[dict, int]:
    """Convert a CSV/Parquet table of bars or ticks into LEAN's format (with the symbol's map and
    factor files when given); returns the report and the bytes added."""
    options = _check_table_options(options)
    spec = TableSpec(
        asset_class=options["asset_class"],
        market=options["market"],
        symbol=options["symbol"],
        resolution=options["resolution"],
        data_type=options["data_type"],
        timezone=options["timezone"],
        data_timezone=options["data_timezone"],
    )
    target = _target(organization)
    staging = _staging_for(target)
    name = source_name or source.name
    try:
        frame, first_line = load_table(source)
        if progress is not None:
            progress(0.1)
        converted = convert_table(
            frame,
            spec,
            first_line=first_line,
            existing=lambda rel: _existing_text(target / rel),
            progress=(lambda f: progress(0.1 + 0.7 * f)) if progress is not None else None,
        )
        imported: list[dict] = []
        refused = [
            {"file": name, "line": r["line"], "reason": r["reason"]} for r in converted.refused
        ]
        for rel, text in converted.files.items():
            data = zip_bytes(converted.entries[rel], text)
            layout.check_file(rel, data)  # what we write must be what LEAN reads
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            imported.append({"path": rel, "bytes": len(data), "rows": text.count("\n")})
        for side, given in (("map_files", map_file), ("factor_files", factor_file)):
            if given is None:
                continue
            rel = f"{spec.asset_class}/{spec.market}/{side}/{spec.symbol}.csv"
            data = given.read_bytes()
            try:
                layout.check_file(rel, data)
            except layout.Refused as exc:
                refused.append(_refusal(f"{side[:-1].replace('_', ' ')} {rel}", str(exc)))
                continue
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            imported.append({"path": rel, "bytes": len(data)})
        added = _commit(staging, target, organization)
    except layout.Refused as exc:
        raise ImportFailed(f"converted file refused: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"imported": imported, "refused": refused, "rows": converted.rows}, added


def _existing_text(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            return archive.read(names[0]).decode("utf-8") if names else None
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):
        return None


# -- moving the staged files in ---------------------------------------------------------------
def _staged_files(staging: Path) -> list[Path]:
    return sorted(p for p in staging.rglob("*") if p.is_file() and ".replaced" not in p.parts)


def _commit(staging: Path, target: Path, organization: Organization | None) -> int:
    """Move the staged files into `target` (the storage plan checked first); returns the bytes
    the folder grew by. A failure while moving restores what was replaced."""
    files = _staged_files(staging)
    added = 0
    for path in files:
        old = target / path.relative_to(staging)
        added += path.stat().st_size - (old.stat().st_size if old.is_file() else 0)
    if organization is not None:
        used, quota = data_usage(organization), data_quota(organization)
        if used + added > quota:
            raise ImportFailed(
                f"the import needs {added:,} more bytes, but the organization's data storage "
                f"holds {used:,} of {quota:,} bytes (its storage plan); nothing was imported"
            )
    sandbox.share_read_only(staging)  # the sandbox's uid reads the data folder
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o755)
    backups = staging / ".replaced"
    moved: list[tuple[Path, Path | None]] = []
    try:
        for path in files:
            rel = path.relative_to(staging)
            dest = target / rel
            _make_dirs(dest.parent, target)
            backup = None
            if dest.exists() or dest.is_symlink():
                backup = backups / rel
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, backup)
            os.replace(path, dest)
            moved.append((dest, backup))
    except BaseException:
        for dest, backup in reversed(moved):
            if backup is not None:
                os.replace(backup, dest)
            else:
                dest.unlink(missing_ok=True)
        raise
    return added


def _make_dirs(folder: Path, root: Path) -> None:
    missing = []
    while not folder.exists() and folder != root:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        path.chmod(0o755)


def data_import_for_organization(organization: Organization, import_id: int) -> DataImport:
    """One import of the organization (DataImport.DoesNotExist otherwise)."""
    return DataImport.objects.get(pk=import_id, organization=organization)


def installation_import_lean(source: Path) -> tuple[dict, int] | None:
    """Import a LEAN data folder (e.g. LEAN's own ``Data/`` sample folder) into the installation's
    data folder when that holds no data or only the labelled synthetic demo data (which is
    removed first: the two would mix); None when it already holds other data."""
    from backtests import conf
    from engine.data import is_synthetic

    target = conf.data_dir()
    if target.is_dir() and any(target.iterdir()):
        if not is_synthetic(target):
            return None
        shutil.rmtree(target)
    return import_lean(source, organization=None)
