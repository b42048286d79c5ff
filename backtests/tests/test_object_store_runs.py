"""The organization's Object Store across sandboxed backtests: what one backtest saves, the next
backtest of the organization reads; another organization's backtests never see it; a job cannot
smuggle a link to a host file into the store; the storage plan is enforced on the way back."""

from __future__ import annotations

import pytest

from backtests.models import Backtest
from backtests.services import backtest_create
from backtests.tests.conftest import run_now
from projects.models import ObjectStoreItem
from projects.objectstore import object_read, object_save

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db]

ALGORITHM = """from AlgorithmImports import *

class Store(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.add_equity("SPY", Resolution.DAILY)
        seen = self.object_store.read("state/seen") if self.object_store.contains_key("state/seen") else "none"
        self.log(f"SEEN:{seen}")
        self.log(f"KEYS:{sorted(self.object_store.keys)}")
        {action}

    def on_data(self, data):
        pass
"""


def _run(make_project, owner, action: str, *, org=None, user=None) -> Backtest:
    project = make_project(ALGORITHM.replace("{action}", action), org=org, user=user or owner)
    backtest = run_now(backtest_create(project=project, user=user or owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    return backtest


def test_a_key_saved_by_one_backtest_is_read_by_the_next(bt_settings, make_project, owner):
    first = _run(make_project, owner, 'self.object_store.save("state/seen", "first run")')
    assert "SEEN:none" in first.log_path.read_text()
    organization = first.organization
    assert object_read(organization=organization, key="state/seen") == b"first run"
    assert ObjectStoreItem.objects.get(organization=organization, key="state/seen").size == 9

    second = _run(make_project, owner, 'self.object_store.delete("state/seen")')
    assert "SEEN:first run" in second.log_path.read_text()
    assert not ObjectStoreItem.objects.filter(organization=organization).exists()


def test_another_organizations_backtest_sees_nothing(
    bt_settings, make_project, owner, organization, outsider
):
    object_save(organization=organization, key="secret/model", data=b"acme only")
    from accounts.selectors import personal_organization

    theirs = personal_organization(outsider)
    backtest = _run(
        make_project,
        owner,
        'self.object_store.save("secret/model", "overwritten")',
        org=theirs,
        user=outsider,
    )
    log = backtest.log_path.read_text()
    assert "SEEN:none" in log and "KEYS:[]" in log
    assert object_read(organization=organization, key="secret/model") == b"acme only"
    assert object_read(organization=theirs, key="secret/model") == b"overwritten"


def test_a_link_left_in_the_store_is_refused_and_named_in_the_log(bt_settings, make_project, owner):
    action = (
        'self.object_store.save("kept", "fine")\n'
        '        import os; os.symlink("/etc/passwd", self.object_store.get_file_path("leak"))'
    )
    backtest = _run(make_project, owner, action)
    organization = backtest.organization
    assert list(
        ObjectStoreItem.objects.filter(organization=organization).values_list("key", flat=True)
    ) == ["kept"]
    assert "OBJECT STORE:: not saved: leak" in backtest.log_path.read_text()


def test_the_storage_plan_is_enforced_on_what_a_backtest_saves(
    bt_settings, make_project, owner, organization
):
    from accounts.billing.selectors import subscription_for

    subscription = subscription_for(organization)
    subscription.storage_bytes = 1000
    subscription.save(update_fields=["storage_bytes"])
    backtest = _run(make_project, owner, 'self.object_store.save("big", "x" * 5000)')
    assert not ObjectStoreItem.objects.filter(organization=backtest.organization).exists()
    assert (
        "OBJECT STORE:: not saved: big: the Object Store is full" in backtest.log_path.read_text()
    )
