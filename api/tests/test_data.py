"""data/* endpoints: read (a signed link to one file, the organization's imports first), list,
prices; another organization's files and edited links refused."""

from __future__ import annotations

import io
import zipfile

import pytest
import requests

from api.tests.conftest import check_model
from backtests.data_library.services import import_table

pytestmark = pytest.mark.django_db(transaction=True)

CSV = "date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,11,10,10.75,100\n"


@pytest.fixture
def imported(settings, demo_data, tmp_path, organization):
    settings.QCWEB_DATA_DIR = demo_data
    path = tmp_path / "acme.csv"
    path.write_text(CSV)
    import_table(
        path,
        organization=organization,
        options={"asset_class": "equity", "symbol": "acme", "resolution": "daily"},
    )
    return organization


def test_read_gives_a_link_to_the_file(api, imported):
    org = str(imported.pk)
    answer = api.ok(
        "data/read",
        {"organizationId": org, "filePath": "equity/usa/daily/acme.zip", "format": "link"},
    )
    check_model(answer, "ReadDataLinkResponse")
    response = requests.get(answer["link"], timeout=30)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.read("acme.csv").decode().startswith("20240102 00:00,100000,")
    # the documented fields build the same path; installation files are served too
    by_fields = api.ok(
        "data/read",
        {"organizationId": org, "ticker": "SPY", "type": "Equity", "resolution": "Daily"},
    )
    assert requests.get(by_fields["link"], timeout=30).status_code == 200
    minute = api.ok(
        "data/read",
        {
            "organizationId": org,
            "ticker": "SPY",
            "type": "Equity",
            "resolution": "Minute",
            "market": "usa",
            "date": "20240102",
        },
    )
    assert requests.get(minute["link"], timeout=30).status_code == 200


def test_read_refuses_missing_files_and_paths_outside_the_layout(api, imported):
    org = str(imported.pk)
    message = api.refused(
        "data/read", {"organizationId": org, "filePath": "equity/usa/daily/zz.zip"}
    )
    assert "no such data file" in message
    message = api.refused("data/read", {"organizationId": org, "filePath": "../secret_key"})
    assert "not a relative path" in message
    message = api.refused(
        "data/read", {"organizationId": org, "ticker": "SPY", "resolution": "Minute"}
    )
    assert "date is required" in message


def test_list_and_prices(api, imported):
    listing = api.ok(
        "data/list", {"organizationId": str(imported.pk), "filePath": "equity/usa/daily/"}
    )
    check_model(listing, "DataListResponse")
    assert "usa/daily/acme.zip" in listing["objects"]
    assert "usa/daily/spy.zip" in listing["objects"]
    prices = api.ok("data/prices", {"organizationId": str(imported.pk)})
    check_model(prices, "DataPricesResponse")
    assert prices["prices"][0]["price"] == 0


def test_another_organization_cannot_read_the_files(api, outsider_api, imported):
    message = outsider_api.refused(
        "data/read", {"organizationId": str(imported.pk), "filePath": "equity/usa/daily/acme.zip"}
    )
    assert "no such organization" in message
    # in its own organization the file does not exist
    message = outsider_api.refused("data/read", {"filePath": "equity/usa/daily/acme.zip"})
    assert "no such data file" in message
    listing = outsider_api.ok("data/list", {"filePath": "equity/usa/daily/"})
    assert "usa/daily/acme.zip" not in listing["objects"]
    # an edited link is refused
    link = api.ok(
        "data/read",
        {"organizationId": str(imported.pk), "filePath": "equity/usa/daily/acme.zip"},
    )["link"]
    assert requests.get(link[:-3] + "abc/", timeout=30).status_code == 404
