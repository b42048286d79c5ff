"""Where imported market data lives and how much of the storage plan it uses.

Each organization's imports go to its own LEAN-format folder, ``QCWEB_ORG_DATA_DIR/<organization
id>/``. Its backtests and notebooks see that folder laid over the installation's data folder
(``QCWEB_DATA_DIR``), read-only, through the sandbox (``sandbox.Job.overlays``); no other
organization's jobs see it. The folder may hold as much as the organization's storage plan (the
plan that also sizes its Object Store; each has the plan's size).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from accounts.models import Organization
from projects.objectstore import storage_quota

STAGING = ".staging"  # imports in progress, beside the organizations' folders


def org_data_root() -> Path:
    return Path(settings.QCWEB_ORG_DATA_DIR)


def org_data_dir(organization: Organization) -> Path:
    return org_data_root() / str(organization.pk)


def org_data_for_jobs(organization: Organization) -> Path | None:
    """The organization's data folder when it holds anything (then jobs get it as an overlay)."""
    folder = org_data_dir(organization)
    try:
        return folder if any(folder.iterdir()) else None
    except OSError:
        return None


def folder_usage(folder: Path) -> int:
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def data_usage(organization: Organization) -> int:
    return folder_usage(org_data_dir(organization))


def data_quota(organization: Organization) -> int:
    """Bytes of market data the organization may import: its storage plan (50 MB free)."""
    return storage_quota(organization)
