"""Data imports: LEAN folders and zips checked file by file, CSV/Parquet tables converted row by
row, the report naming what was refused, nothing partial left behind, the storage plan."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backtests.data_library import services
from backtests.data_library.models import DataImport
from backtests.data_library.storage import STAGING, data_usage, org_data_dir, org_data_root
from engine.data.readers import read_trade_bars

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def lean_data_path() -> Path:
    import os

    env = os.environ.get("QCWEB_LEAN_DATA")
    return Path(env) if env else REPO.parent / "shared" / "lean-data"


def zipped(entry: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, text)
    return buffer.getvalue()


def lean_zip(files: dict[str, bytes], *, root: str = "Data/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(root + name, data)
    return buffer.getvalue()


GOOD_DAY = (
    "34200000,1674100,1674500,1673000,1674000,3197\n34260000,1674000,1674200,1673900,1674100,1150\n"
)


def upload_and_run(organization, owner, kind, name, data, **extra):
    """Queue the import; Huey runs tasks inline in tests once the transaction commits."""
    from django.test import TestCase

    upload = SimpleUploadedFile(name, data)
    with TestCase.captureOnCommitCallbacks(execute=True):
        record = services.data_import_create(
            organization=organization, user=owner, kind=kind, upload=upload, **extra
        )
    record.refresh_from_db()
    return record


def test_lean_zip_import_checks_every_file_and_reports_refusals(organization, owner):
    data = lean_zip(
        {
            "equity/usa/minute/xyz/20240103_trade.zip": zipped(
                "20240103_xyz_minute_trade.csv", GOOD_DAY
            ),
            "equity/usa/daily/xyz.zip": zipped(
                "xyz.csv", "20240103 00:00,1674100,1675000,1670000,1674000,1000\n"
            ),
            "equity/usa/map_files/xyz.csv": b"20240101,xyz,Q\n20501231,xyz,Q\n",
            # price not scaled (LEAN's equity files hold dollars x 10000 as integers)
            "equity/usa/daily/bad.zip": zipped("bad.csv", "20240103 00:00,167.41,168,166,167,10\n"),
            # a column missing on line 2
            "equity/usa/minute/xyz/20240104_trade.zip": zipped(
                "20240104_xyz_minute_trade.csv", GOOD_DAY.splitlines()[0] + "\n34260000,1,2,3\n"
            ),
            "option/usa/minute/spy/20240103_quote.zip": b"whatever",
            "equity/usa/minute/xyz/2024-01-05_trade.zip": b"x",
        }
    )
    record = upload_and_run(organization, owner, DataImport.Kind.LEAN, "bundle.zip", data)
    assert record.status == DataImport.Status.COMPLETED, record.message
    assert record.progress == 1.0
    imported = sorted(item["path"] for item in record.imported)
    assert imported == [
        "equity/usa/daily/xyz.zip",
        "equity/usa/map_files/xyz.csv",
        "equity/usa/minute/xyz/20240103_trade.zip",
    ]
    refused = {item["file"]: item for item in record.refused}
    assert set(refused) == {
        "equity/usa/daily/bad.zip",
        "equity/usa/minute/xyz/20240104_trade.zip",
        "option/usa/minute/spy/20240103_quote.zip",
        "equity/usa/minute/xyz/2024-01-05_trade.zip",
    }
    assert "1/10000" in refused["equity/usa/daily/bad.zip"]["reason"]
    assert refused["equity/usa/minute/xyz/20240104_trade.zip"]["line"] == 2
    assert "4 columns, expected 6" in refused["equity/usa/minute/xyz/20240104_trade.zip"]["reason"]
    assert (
        "not read by this engine" in refused["option/usa/minute/spy/20240103_quote.zip"]["reason"]
    )
    root = org_data_dir(organization)
    assert (root / "equity/usa/minute/xyz/20240103_trade.zip").is_file()
    assert not (root / "equity/usa/daily/bad.zip").exists()
    bars = read_trade_bars(root, "equity", "usa", "xyz", "daily", "2024-01-01", "2024-01-10")
    assert list(bars.close) == [167.4]
    assert record.bytes_added == data_usage(organization) > 0
    assert not list((org_data_root() / STAGING).iterdir())  # no staging folder left
    assert not (services.imports_dir() / str(record.pk)).exists()  # nor the upload


def test_a_failed_import_leaves_nothing_behind(organization, owner):
    root = org_data_dir(organization)
    data = lean_zip({"equity/usa/daily/bad.zip": zipped("bad.csv", "not,a,bar\n")})
    record = upload_and_run(organization, owner, DataImport.Kind.LEAN, "bad.zip", data)
    assert record.status == DataImport.Status.FAILED
    assert "no file could be imported" in record.message
    assert "equity/usa/daily/bad.zip" in record.message
    assert not root.exists() or not any(root.rglob("*"))
    assert not list((org_data_root() / STAGING).iterdir())


def test_not_a_zip_fails_with_a_clear_message(organization, owner):
    record = upload_and_run(organization, owner, DataImport.Kind.LEAN, "x.zip", b"plain text")
    assert record.status == DataImport.Status.FAILED
    assert "not a zip file" in record.message


BARS_CSV = """date,open,high,low,close,volume
2024-01-02,100.5,101,99.5,100.75,1000
2024-01-03,100.75,102,100,101.5,1200
2024-01-04,abc,102,100,101.5,1200
2024-01-05,101.5,100,102,101,900
2024-01-03,100.75,102,100,101.5,1200
2024-01-08,101,103,100.5,102.25,-5
2024-01-09,102.25,104,102,103.5,1500
"""


def test_csv_import_converts_good_rows_and_names_the_bad_lines(organization, owner):
    options = {"asset_class": "equity", "market": "usa", "symbol": "ACME", "resolution": "daily"}
    record = upload_and_run(
        organization, owner, DataImport.Kind.TABLE, "acme.csv", BARS_CSV.encode(), options=options
    )
    assert record.status == DataImport.Status.COMPLETED, record.message
    lines = {item["line"]: item["reason"] for item in record.refused}
    assert set(lines) == {4, 5, 6, 7}
    assert "column open is not a number ('abc')" in lines[4]
    assert "high is below low" in lines[5]
    assert "same time as an earlier row" in lines[6]
    assert "negative volume" in lines[7]
    assert all(item["file"] == "acme.csv" for item in record.refused)
    root = org_data_dir(organization)
    with zipfile.ZipFile(root / "equity/usa/daily/acme.zip") as archive:
        assert archive.namelist() == ["acme.csv"]
        text = archive.read("acme.csv").decode()
    assert text.splitlines()[0] == "20240102 00:00,1005000,1010000,995000,1007500,1000"
    bars = read_trade_bars(root, "equity", "usa", "acme", "daily", "2024-01-01", "2024-01-31")
    assert list(bars.close) == [100.75, 101.5, 103.5]


def test_csv_minute_bars_with_an_input_time_zone_are_written_in_new_york_time(organization, owner):
    csv = "timestamp,open,high,low,close,volume\n2024-01-03 14:31:00,10,11,9,10.5,100\n2024-01-03 14:32:00,10.5,11,10,10.75,50\n"
    options = {
        "asset_class": "equity",
        "symbol": "tzz",
        "resolution": "minute",
        "timezone": "UTC",
    }
    record = upload_and_run(
        organization, owner, DataImport.Kind.TABLE, "tz.csv", csv.encode(), options=options
    )
    assert record.status == DataImport.Status.COMPLETED, record.message
    path = org_data_dir(organization) / "equity/usa/minute/tzz/20240103_trade.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["20240103_tzz_minute_trade.csv"]
        first = archive.read(archive.namelist()[0]).decode().splitlines()[0]
    # 14:31 UTC is 09:31 in New York: 34,260,000 ms after midnight
    assert first == "34260000,100000,110000,90000,105000,100"


def test_parquet_quote_bars_for_forex(organization, owner, tmp_path):
    frame = pd.DataFrame(
        {
            "time": pd.to_datetime(["2024-01-03 00:00", "2024-01-03 00:01"]),
            "bid_open": [1.1, 1.2],
            "bid_high": [1.2, 1.3],
            "bid_low": [1.0, 1.1],
            "bid_close": [1.15, 1.25],
            "ask_open": [1.1002, 1.2002],
            "ask_high": [1.2002, 1.3002],
            "ask_low": [1.0002, 1.1002],
            "ask_close": [1.1502, 1.2502],
        }
    )
    path = tmp_path / "eur.parquet"
    frame.to_parquet(path)
    options = {
        "asset_class": "forex",
        "market": "oanda",
        "symbol": "eurusd",
        "resolution": "minute",
        "data_type": "quote",
    }
    record = upload_and_run(
        organization,
        owner,
        DataImport.Kind.TABLE,
        "eur.parquet",
        path.read_bytes(),
        options=options,
    )
    assert record.status == DataImport.Status.COMPLETED, record.message
    zpath = org_data_dir(organization) / "forex/oanda/minute/eurusd/20240103_quote.zip"
    with zipfile.ZipFile(zpath) as archive:
        rows = archive.read(archive.namelist()[0]).decode().splitlines()
    # Oanda's data time zone is New York: midnight UTC is 19:00 the day before, but the input's
    # naive times are read in the market's data time zone by default
    assert rows[0] == "0,1.1,1.2,1,1.15,0,1.1002,1.2002,1.0002,1.1502,0"


def test_a_table_with_only_bad_rows_fails_and_writes_nothing(organization, owner):
    csv = "date,open,high,low,close,volume\n2024-01-02,x,1,1,1,1\n"
    options = {"asset_class": "equity", "symbol": "nope", "resolution": "daily"}
    record = upload_and_run(
        organization, owner, DataImport.Kind.TABLE, "nope.csv", csv.encode(), options=options
    )
    assert record.status == DataImport.Status.FAILED
    assert "no row could be imported" in record.message
    assert not (org_data_dir(organization) / "equity").exists()


def test_map_and_factor_files_come_with_a_table(organization, owner):
    options = {"asset_class": "equity", "symbol": "acme", "resolution": "daily"}
    record = upload_and_run(
        organization,
        owner,
        DataImport.Kind.TABLE,
        "acme.csv",
        BARS_CSV.encode(),
        options=options,
        map_file=SimpleUploadedFile("m.csv", b"20240101,acme,Q\n20501231,acme,Q\n"),
        factor_file=SimpleUploadedFile("f.csv", b"20240101,1,0.5,100\n"),
    )
    assert record.status == DataImport.Status.COMPLETED, record.message
    root = org_data_dir(organization)
    assert (root / "equity/usa/map_files/acme.csv").read_bytes().startswith(b"20240101,acme")
    assert (root / "equity/usa/factor_files/acme.csv").is_file()


def test_quota_refuses_an_import_past_the_storage_plan(organization, owner, monkeypatch):
    monkeypatch.setattr(services, "data_quota", lambda organization: 150)
    data = lean_zip(
        {
            "equity/usa/minute/xyz/20240103_trade.zip": zipped(
                "20240103_xyz_minute_trade.csv", GOOD_DAY * 3
            )
        }
    )
    # the upload itself fits (it is checked against the free space first)...
    monkeypatch.setattr(services, "data_usage", lambda organization: 0)
    record = upload_and_run(organization, owner, DataImport.Kind.LEAN, "big.zip", data[:150])
    assert record.status == DataImport.Status.FAILED
    # ...a larger one is refused at once
    with pytest.raises(services.DataImportRefused, match="larger than the organization's free"):
        services.data_import_create(
            organization=organization,
            user=owner,
            kind=DataImport.Kind.LEAN,
            upload=SimpleUploadedFile("big.zip", data),
        )


def test_quota_is_checked_on_what_the_import_writes(organization, owner, monkeypatch):
    options = {"asset_class": "equity", "symbol": "acme", "resolution": "daily"}
    monkeypatch.setattr(services, "data_quota", lambda organization: 100)
    record = upload_and_run(
        organization, owner, DataImport.Kind.TABLE, "acme.csv", BARS_CSV.encode(), options=options
    )
    assert record.status == DataImport.Status.FAILED
    assert "storage plan" in record.message and "nothing was imported" in record.message
    assert not (org_data_dir(organization) / "equity").exists()


def test_bad_table_options_are_refused_before_queueing(organization, owner):
    with pytest.raises(services.DataImportRefused, match="time zone"):
        services.data_import_create(
            organization=organization,
            user=owner,
            kind=DataImport.Kind.TABLE,
            upload=SimpleUploadedFile("a.csv", BARS_CSV.encode()),
            options={"symbol": "a", "timezone": "Mars/Olympus"},
        )
    with pytest.raises(services.DataImportRefused, match="quote"):
        services.data_import_create(
            organization=organization,
            user=owner,
            kind=DataImport.Kind.TABLE,
            upload=SimpleUploadedFile("a.csv", BARS_CSV.encode()),
            options={"symbol": "eurusd", "asset_class": "forex", "market": "oanda"},
        )


def test_import_of_lean_sample_folder(organization, owner):
    source = lean_data_path() / "equity" / "usa" / "daily"
    if not source.is_dir():
        pytest.skip(f"LEAN sample data not found at {lean_data_path()}")
    # a folder laid out as LEAN's Data/ (here: the equity daily files of the sample folder)
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Data"
        shutil.copytree(source, folder / "equity" / "usa" / "daily")
        (folder / "equity" / "usa" / "daily" / "readme.txt").write_text("notes")
        report, added = services.import_lean(folder, organization=organization)
    paths = {item["path"] for item in report["imported"]}
    assert "equity/usa/daily/spy.zip" in paths
    assert [r["file"] for r in report["refused"]] == ["equity/usa/daily/readme.txt"]
    root = org_data_dir(organization)
    bars = read_trade_bars(
        root, "equity", "usa", "spy", "daily", "2013-10-07", "2013-10-11", normalization="raw"
    )
    original = read_trade_bars(
        lean_data_path(),
        "equity",
        "usa",
        "spy",
        "daily",
        "2013-10-07",
        "2013-10-11",
        normalization="raw",
    )
    assert list(bars.close) == list(original.close) and len(bars.close) == 5
    assert added == data_usage(organization)
