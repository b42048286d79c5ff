"""numpy parsing of LEAN bar CSVs (``engine.data.csv_columns``), pandas for the odd file."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from engine.data.csv_columns import read_numbers, read_stamped

NAMES = ["time", "open", "high", "low", "close", "volume"]


def test_numbers_match_pandas_and_skip_blank_lines():
    blob = b"14400000,1672700,1672700,1671500,1672500,300\n\n14460000,1672500,1.5,-2,1e3,0\r\n"
    ours = read_numbers(blob, NAMES)
    frame = pd.read_csv(io.BytesIO(blob), header=None, names=NAMES, dtype=np.float64)
    for name in NAMES:
        assert np.array_equal(ours[name], frame[name].to_numpy())


@pytest.mark.parametrize(
    "blob",
    [
        # whole numbers only (equity bars: prices in ten-thousandths): parsed as integers
        b"14400000,1672700,1672700,1671500,1672500,300\n\n14460000,1672500,9,-2,7,0\r\n",
        # no decimal point, but an exponent and an empty field
        b"14400000,1672700,1e3,1671500,1672500,300\n14460000,1,8,-2,7,\n",
    ],
    ids=["integers", "not-integers"],
)
def test_files_without_a_decimal_point_match_pandas(blob):
    ours = read_numbers(blob, NAMES)
    frame = pd.read_csv(io.BytesIO(blob), header=None, names=NAMES, dtype=np.float64)
    for name in NAMES:
        assert ours[name].dtype == np.float64
        assert np.array_equal(ours[name], frame[name].to_numpy(), equal_nan=True)


def test_a_whole_number_past_int64_reads_as_a_float():
    ours = read_numbers(b"1,99999999999999999999\n2,3\n", ["a", "b"])
    assert ours["b"].tolist() == [float("99999999999999999999"), 3.0]


def test_empty_fields_are_nan():
    # a quote bar without a bid (LEAN writes the missing side's fields empty)
    blob = b"0,,,,,0,1.1,1.2,1.0,1.1,5\n60000,1,1,1,1,2,,,,,\n,1,1,1,1,2,1,1,1,1,1\n"
    names = [f"c{i}" for i in range(11)]
    ours = read_numbers(blob, names)
    assert np.isnan(ours["c1"][0]) and ours["c5"][0] == 0 and ours["c6"][0] == 1.1
    assert np.isnan(ours["c10"][1]) and np.isnan(ours["c0"][2]) and ours["c1"][2] == 1


def test_ragged_rows_read_as_pandas_reads_them():
    ours = read_numbers(b"1,2,3\n4,5\n", ["a", "b", "c"])
    assert ours["a"].tolist() == [1, 4] and ours["c"][0] == 3 and np.isnan(ours["c"][1])


def test_text_in_a_number_column_is_an_error():
    with pytest.raises(ValueError):
        read_numbers(b"1,2,x\n", ["a", "b", "c"])


def test_stamped_rows():
    stamps, columns = read_stamped(
        b"20230601 00:00,4000000,4010000,3990000,4005000,1000\n20231231 16:30,1,2,3,4,5\n", NAMES
    )
    assert stamps.view("datetime64[ns]").tolist() == [
        np.datetime64("2023-06-01T00:00", "ns").item(),
        np.datetime64("2023-12-31T16:30", "ns").item(),
    ]
    assert columns["close"].tolist() == [4005000, 4]


@pytest.mark.parametrize(
    "blob",
    [b"20230230 10:00,1,2,3,4,5\n", b"20231301 09:30,1,2,3,4,5\n", b"2023-06-01,1,2,3,4,5\n"],
)
def test_bad_stamps_are_errors(blob):
    with pytest.raises(ValueError):
        read_stamped(blob, NAMES)


def test_daily_file_matches_pandas(lean_data):
    with zipfile.ZipFile(lean_data / "equity" / "usa" / "daily" / "spy.zip") as zf:
        blob = zf.read(zf.namelist()[0])
    stamps, columns = read_stamped(blob, NAMES)
    frame = pd.read_csv(io.BytesIO(blob), header=None, names=NAMES, dtype={"time": str})
    expected = pd.to_datetime(frame["time"], format="%Y%m%d %H:%M").to_numpy().astype(np.int64)
    assert np.array_equal(stamps, expected)
    for name in NAMES[1:]:
        assert np.array_equal(columns[name], frame[name].to_numpy(dtype=np.float64))
