"""The Datasets pages over a LEAN-format data folder: the catalog (asset class, market, symbol,
resolution, date range, files, size) and a symbol's coverage and daily closes."""

from __future__ import annotations

import json
import zipfile

import pytest

from backtests.tests.conftest import demo_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_settings(settings, demo_data):  # noqa: F811
    settings.QCWEB_DATA_DIR = demo_data
    return settings


def test_the_catalog_lists_each_symbol_and_resolution(member_client, data_settings):
    html = member_client.get("/datasets/").content.decode()
    assert 'href="/datasets/equity/usa/spy/"' in html
    minute_days = sorted(
        (data_settings.QCWEB_DATA_DIR / "equity/usa/minute/spy").glob("*_trade.zip")
    )
    first = minute_days[0].name[:8]
    row = f"<td>minute</td><td>{first[:4]}-{first[4:6]}-{first[6:]}</td>"
    assert row in html
    equity_only = member_client.get("/datasets/?asset_class=equity").content.decode()
    assert "<td>equity</td>" in equity_only


def test_the_symbol_page_charts_coverage_and_daily_closes(member_client, data_settings):
    page = member_client.get("/datasets/equity/usa/spy/")
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('id="backtest-figures"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    figures = json.loads(payload)
    resolutions = [trace["name"] for trace in figures["coverage"]["data"]]
    assert "daily" in resolutions and "minute" in resolutions
    with zipfile.ZipFile(data_settings.QCWEB_DATA_DIR / "equity/usa/daily/spy.zip") as archive:
        first_row = archive.read(archive.namelist()[0]).decode().splitlines()[0].split(",")
    price = figures["price"]["data"][0]
    assert price["x"][0] == f"{first_row[0][:4]}-{first_row[0][4:6]}-{first_row[0][6:8]}"
    assert price["y"][0] == pytest.approx(int(first_row[4]) / 10000)


def test_unknown_symbols_are_404_and_anonymous_users_log_in(member_client, client, data_settings):
    assert member_client.get("/datasets/equity/usa/nosuch/").status_code == 404
    assert client.get("/datasets/").status_code == 302
