"""Backtest outputs through Django's storage API (backtests/storage.py): the file system by
default (where they always were), a separate results folder, or any configured storage: here
Django's InMemoryStorage stands in for a shared store such as S3, so nothing reaches the disk
and every reader (pages, downloads, optimizations, reports) still finds the files."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backtests.models import Backtest
from backtests.report.services import reportable
from backtests.selectors import backtest_log, backtest_result
from backtests.services import backtest_create, backtest_delete
from backtests.storage import (
    LOG,
    RESULTS,
    output_exists,
    output_read,
    output_version,
    output_write,
    result_storage,
)
from backtests.tests.conftest import run_now

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db]

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture
def memory_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "backtest_results": IN_MEMORY}
    return result_storage()


def test_default_is_the_file_system_where_results_always_were(bt_settings, project, owner):
    backtest = backtest_create(project=project, user=owner)
    output_write(backtest, RESULTS, b'{"a": 1}')
    output_write(backtest, RESULTS, b'{"a": 2}')  # replaced, not saved under another name
    assert backtest.results_path.read_bytes() == b'{"a": 2}'
    assert (
        backtest.results_path.parent
        == bt_settings.QCWEB_BACKTESTS_DIR / backtest.backtest_id / "out"
    )
    assert sorted(p.name for p in backtest.results_path.parent.iterdir()) == [RESULTS]
    assert backtest_result(backtest) == {"a": 2}
    assert output_version(backtest, RESULTS) is not None
    assert output_read(backtest, LOG) is None and backtest_log(backtest) == ""
    with pytest.raises(ValueError):
        output_write(backtest, "../../etc/passwd", b"x")


def test_a_separate_results_folder_keeps_only_results(bt_settings, project, owner, tmp_path):
    bt_settings.QCWEB_RESULTS_DIR = tmp_path / "results"
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    stored = tmp_path / "results" / backtest.backtest_id / "out"
    assert sorted(p.name for p in stored.iterdir()) == [LOG, RESULTS]
    assert backtest.results_path == stored / RESULTS
    # the worker's folder holds no copy of the outputs (and no job folder after the run)
    scratch = bt_settings.QCWEB_BACKTESTS_DIR / backtest.backtest_id
    assert not (scratch / "out").exists() and not (scratch / "job").exists()


def test_a_configured_storage_receives_every_output(
    bt_settings, memory_storage, project, owner, client
):
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    # nothing on disk: the files are in the configured storage only
    assert not backtest.results_path.exists() and not backtest.log_path.exists()
    name = f"{backtest.backtest_id}/out/{RESULTS}"
    assert memory_storage.exists(name)
    document = json.loads(memory_storage.open(name).read())
    assert backtest_result(backtest) == document
    assert document["statistics"]["Total Orders"] == str(backtest.total_orders)
    assert "buy at" in backtest_log(backtest)
    assert reportable(backtest)

    client.force_login(owner)
    page = client.get(reverse("backtests:detail", args=[backtest.pk]))
    assert document["statistics"]["Sharpe Ratio"] in page.content.decode()
    download = client.get(reverse("backtests:results", args=[backtest.pk]))
    assert json.loads(b"".join(download.streaming_content)) == document

    backtest_delete(backtest=backtest)
    assert not memory_storage.exists(name)
    assert not output_exists(backtest, LOG)


def test_a_failed_run_stores_its_error_in_the_log(bt_settings, memory_storage, make_project, owner):
    from backtests.tests.conftest import ALGORITHMS

    project = make_project(ALGORITHMS["syntax_error"], name="Broken")
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "SyntaxError" in backtest_log(backtest) or backtest.error in backtest_log(backtest)
    assert not backtest.log_path.exists()
