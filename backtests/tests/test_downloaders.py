"""The downloader interface and its Stooq implementation, against a response in Stooq's CSV format
kept in the repository (no network here): URL, parsing, "No data", the import into LEAN's format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backtests.data_library.downloaders import DownloadError, StooqDaily, download_import
from backtests.data_library.storage import org_data_dir
from engine.data.readers import read_trade_bars

FIXTURE = Path(__file__).parent / "fixtures" / "stooq_spy_daily.csv"


def recorded(expected_url: str):
    def fetch(url: str) -> bytes:
        assert url == expected_url
        return FIXTURE.read_bytes()

    return fetch


def test_stooq_url_names_the_symbol_range_and_daily_interval():
    url = StooqDaily().url("SPY", date(2024, 1, 2), date(2024, 1, 10))
    assert url == "https://stooq.com/q/d/l/?s=spy.us&d1=20240102&d2=20240110&i=d"


def test_no_data_and_error_pages_are_refused():
    with pytest.raises(DownloadError, match="no data"):
        StooqDaily().parse(b"No data")
    with pytest.raises(DownloadError, match="lacks the column"):
        StooqDaily().parse(b"<html>error</html>\n")


@pytest.mark.django_db
def test_download_import_writes_lean_daily_bars(organization):
    downloader = StooqDaily()
    start, end = date(2024, 1, 3), date(2024, 1, 9)
    report, added = download_import(
        organization=organization,
        downloader=downloader,
        symbol="SPY",
        start=start,
        end=end,
        fetch=recorded(downloader.url("SPY", start, end)),
    )
    assert report["refused"] == [] and added > 0
    root = org_data_dir(organization)
    bars = read_trade_bars(root, "equity", "usa", "spy", "daily", start, end, normalization="raw")
    assert list(bars.close) == [468.79, 467.28, 467.92, 474.6, 473.88]  # the range only
    text = (root / "equity/usa/daily/spy.zip").read_bytes()
    assert text[:2] == b"PK"
