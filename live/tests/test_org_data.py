"""A live deployment reads its organization's imported data laid over the installation's data
folder, as its backtests do (the same `data_overlays` of the sandboxed job)."""

from __future__ import annotations

import pytest

from backtests.data_library.services import import_table
from live.models import LiveDeployment
from live.services import live_stop
from live.services.execution import DATA, live_job

from .test_execution import deploy, run_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_independent]

READS_IMPORTED = """from AlgorithmImports import *


class ReadsImported(QCAlgorithm):
    def initialize(self):
        self.xyz = self.add_equity("XYZ", Resolution.MINUTE).symbol

    def on_data(self, data):
        bar = data.bars.get(self.xyz)
        if bar is not None:
            self.log(f"XYZ close {bar.close}")
"""


def import_xyz(organization, tmp_path):
    rows = ["timestamp,open,high,low,close,volume"]
    for minute in range(31, 60):
        rows.append(f"2024-01-02 09:{minute}:00,50,51,49,{50 + minute / 100},100")
    path = tmp_path / "xyz.csv"
    path.write_text("\n".join(rows) + "\n")
    report, _ = import_table(
        path,
        organization=organization,
        options={"asset_class": "equity", "symbol": "xyz", "resolution": "minute"},
    )
    assert report["refused"] == []


def test_a_deployment_reads_the_organizations_imported_data(
    live_settings, tmp_path, organization, owner, node, make_project, no_enqueue
):
    import_xyz(organization, tmp_path)
    deployment = deploy(make_project(READS_IMPORTED), owner, node)
    assert DATA in live_job(deployment, data_dir=live_settings.QCWEB_DATA_DIR).overlays
    done = run_until(
        deployment,
        lambda d: d.log_path.exists() and "XYZ close" in d.log_path.read_text(),
        then=lambda: live_stop(deployment=deployment, user=owner),
    )
    assert done.status == LiveDeployment.Status.STOPPED
    assert "XYZ close 50.3" in done.log_path.read_text()


def test_another_organizations_deployment_has_no_overlay(
    live_settings, tmp_path, organization, owner, make_project, make_user, no_enqueue
):
    from accounts.models import Node
    from accounts.services import organization_create

    import_xyz(organization, tmp_path)
    other_owner = make_user("other@example.com")
    other = organization_create(owner=other_owner, name="Other org")
    other.tier = organization.tier
    other.save(update_fields=["tier"])
    other_node = Node.objects.create(
        organization=other, kind=Node.Kind.LIVE, model="L-MICRO", name="L-1"
    )
    project = make_project(READS_IMPORTED, org=other, user=other_owner)
    deployment = deploy(project, other_owner, other_node)
    assert live_job(deployment, data_dir=live_settings.QCWEB_DATA_DIR).overlays == {}
