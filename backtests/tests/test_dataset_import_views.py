"""The datasets page's import form, the import page (progress partial, report), the storage shown,
and other organizations refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from backtests.data_library.models import DataImport
from backtests.data_library.storage import org_data_dir

pytestmark = pytest.mark.django_db

CSV = b"date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,9,11,10,100\n"


@pytest.fixture
def data_settings(settings, demo_data):
    settings.QCWEB_DATA_DIR = demo_data
    return settings


def post_import(client, **fields):
    data = {
        "kind": "table",
        "asset_class": "equity",
        "market": "usa",
        "symbol": "ACME",
        "resolution": "daily",
        "data_type": "trade",
        "timezone": "",
        "file": SimpleUploadedFile("acme.csv", CSV),
    }
    data.update(fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("datasets:import_create"), data)


def test_import_from_the_page_shows_the_report_and_the_catalog(data_settings, owner_client):
    response = post_import(owner_client)
    record = DataImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("datasets:import", args=[record.pk])
    page = owner_client.get(response["Location"]).content.decode()
    assert "Completed" in page
    assert "high is below low" in page and "<td>3</td>" in page  # the refused line
    assert "equity/usa/daily/acme.zip" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    listing = owner_client.get(reverse("datasets:list")).content.decode()
    assert ">ACME</a>" in listing and "Organization" in listing
    assert "acme.csv" in listing  # recent imports
    symbol = owner_client.get(reverse("datasets:symbol", args=["equity", "usa", "acme"]))
    assert symbol.status_code == 200 and b"Organization" in symbol.content


def test_a_running_import_polls_its_partial(owner_client, organization, owner):
    record = DataImport.objects.create(
        organization=organization,
        created_by=owner,
        kind="table",
        source_name="x.csv",
        status="running",
        progress=0.42,
    )
    url = reverse("datasets:import", args=[record.pk])
    page = owner_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="42"' in page
    partial = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="import-status"')
    assert "<html" not in partial


def test_another_organization_cannot_see_an_import(data_settings, owner_client, outsider_client):
    post_import(owner_client)
    record = DataImport.objects.get()
    assert outsider_client.get(reverse("datasets:import", args=[record.pk])).status_code == 404
    listing = outsider_client.get(reverse("datasets:list")).content.decode()
    assert ">ACME</a>" not in listing  # the organization's data is its own
    response = outsider_client.get(reverse("datasets:symbol", args=["equity", "usa", "acme"]))
    assert response.status_code == 404


def test_bad_options_are_refused_with_a_message(data_settings, owner_client):
    response = post_import(owner_client, timezone="Mars/Olympus")
    assert response.status_code == 302 and response["Location"] == reverse("datasets:list")
    page = owner_client.get(reverse("datasets:list")).content.decode()
    assert "unknown time zone" in page
    assert not DataImport.objects.exists()


def test_storage_is_shown_on_the_datasets_and_resources_pages(data_settings, owner_client):
    post_import(owner_client)
    organization = DataImport.objects.get().organization
    size = sum(p.stat().st_size for p in org_data_dir(organization).rglob("*") if p.is_file())
    assert size > 0
    listing = owner_client.get(reverse("datasets:list")).content.decode()
    assert 'id="data-storage-used"' in listing and "of 50.0\xa0MB used" in listing
    resources = owner_client.get(
        reverse("accounts:organization_resources", args=[organization.pk])
    ).content.decode()
    assert 'id="imported-data-used"' in resources
    from accounts.selectors import storage_used

    assert storage_used(organization)["imported_data"] == size
