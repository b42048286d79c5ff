"""Reads of the data library: an organization's imports, and the datasets its jobs see (its own
imports laid over the installation's data folder)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.http import Http404

from accounts.models import Organization, User
from accounts.selectors import get_organization_for_user
from backtests.data_library.models import DataImport
from backtests.data_library.storage import data_quota, data_usage, org_data_dir
from backtests.datasets import Dataset, dataset_catalog

INSTALLATION = "installation"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class Source:
    """A folder of datasets and whose it is."""

    name: str  # INSTALLATION or ORGANIZATION
    root: Path


def data_sources(organization: Organization | None, installation_root: Path) -> list[Source]:
    """The folders a job of the organization reads, the organization's first (its files win)."""
    sources = []
    if organization is not None:
        folder = org_data_dir(organization)
        if folder.is_dir():
            sources.append(Source(ORGANIZATION, folder))
    sources.append(Source(INSTALLATION, installation_root))
    return sources


def catalog_with_sources(sources: list[Source]) -> list[tuple[str, Dataset]]:
    rows = []
    for source in sources:
        rows += [(source.name, dataset) for dataset in dataset_catalog(source.root)]
    return sorted(rows, key=lambda r: (r[1].asset_class, r[1].market, r[1].symbol, r[0]))


def data_import_list(organization: Organization, *, limit: int = 20) -> list[DataImport]:
    return list(DataImport.objects.filter(organization=organization)[:limit])


def get_data_import_for_user(user: User, import_id: int) -> DataImport:
    """The import when `user` is a member of its organization, else Http404."""
    record = (
        DataImport.objects.filter(pk=import_id, organization__isnull=False)
        .select_related("organization")
        .first()
    )
    if record is None:
        raise Http404("No such import")
    get_organization_for_user(user, record.organization_id)  # 404 for non-members
    return record


def storage_summary(organization: Organization) -> dict:
    used, quota = data_usage(organization), data_quota(organization)
    return {
        "used": used,
        "quota": quota,
        "percent": min(100, round(100 * used / quota)) if quota else 0,
    }


def data_file_for(organization: Organization | None, installation_root: Path, rel: str) -> Path:
    """The file at LEAN path `rel` as the organization's jobs see it (its own imports first);
    raises LookupError when there is none or `rel` is not a path of LEAN's layout."""
    from backtests.data_library.layout import Refused, classify

    try:
        classify(rel, installation=True)
    except Refused as exc:
        raise LookupError(f"{rel}: {exc}") from None
    for source in data_sources(organization, installation_root):
        path = source.root / rel
        try:
            if path.is_file() and not path.is_symlink():
                return path
        except OSError:  # e.g. a name longer than the file system allows: no such file either
            continue
    raise LookupError(f"{rel}: no such data file")


def data_files_under(
    organization: Organization | None, installation_root: Path, prefix: str, *, limit: int = 10000
) -> list[str]:
    """Relative paths of the data files (both sources) that start with `prefix`, sorted."""
    prefix = prefix.lstrip("/")
    folder = prefix if prefix.endswith("/") or not prefix else prefix.rsplit("/", 1)[0] + "/"
    if "/" not in prefix:
        folder = ""
    if ".." in prefix.split("/"):
        return []
    found: set[str] = set()
    for source in data_sources(organization, installation_root):
        base = source.root / folder
        try:
            if not base.is_dir():
                continue
        except OSError:  # a name longer than the file system allows
            continue
        for path in base.rglob("*"):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(source.root).as_posix()
                if rel.startswith(prefix) and not rel.startswith("."):
                    found.add(rel)
                    if len(found) >= limit:
                        break
    return sorted(found)


def _has_data(root: Path, asset_class: str, market: str, resolution: str, symbol: str) -> bool:
    base = root / asset_class / market / resolution
    if (base / symbol).is_dir():
        return True
    return any((base / f"{symbol}{end}.zip").is_file() for end in ("", "_trade", "_quote"))


def datasets_used(organization: Organization, installation_root: Path, result: dict) -> list[dict]:
    """The datasets a backtest read (its result's ``dataSubscriptions``), each with the folder it
    came from as the organization's jobs see them (its imports first) and whether the datasets
    page has it. Option and future contracts are listed once per chain, under the name their
    data is kept by (an entry's ``dataset``: GOOG for every "GOOG  151224C00747500", ES for
    ES21H14 and /ES), internal only when every contract read was."""
    rows: dict[tuple[str, str, str, str], dict] = {}
    sources = data_sources(organization, installation_root)
    for entry in result.get("dataSubscriptions") or []:
        asset_class = str(entry.get("securityType") or "")
        market = str(entry.get("market") or "")
        symbol = str(entry.get("symbol") or "")
        slug = str(entry.get("dataset") or symbol).lower()
        resolution = str(entry.get("resolution") or "")
        key = (asset_class, market, slug, resolution)
        internal = bool(entry.get("internal"))
        if key in rows:
            rows[key]["internal"] = rows[key]["internal"] and internal
            continue
        source = next(
            (s.name for s in sources if _has_data(s.root, asset_class, market, resolution, slug)),
            None,
        )
        rows[key] = {
            "asset_class": asset_class,
            "market": market,
            "symbol": slug.upper() if entry.get("dataset") else symbol,
            "slug": slug,
            "resolution": resolution,
            "internal": internal,
            "source": source,
        }
    return list(rows.values())
