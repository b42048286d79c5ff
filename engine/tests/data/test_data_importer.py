"""CSV / DataFrame importer: happy paths and every validation error."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from engine.data import DataFolder, read_trade_bars
from engine.data.importer import ImportValidationError, import_bars, main

CSV_HEADER = "Date,Open,High,Low,Close,Volume\n"
GOOD_ROWS = [
    "2024-01-02 09:30,10.00,10.60,9.90,10.50,100",
    "2024-01-02 09:31,10.50,10.70,10.10,10.20,200",
    "2024-01-02 09:32,10.20,10.40,10.00,10.10,300",
    "2024-01-03 09:30,10.10,10.40,10.00,10.30,400",
]


def write_csv(tmp_path, rows, header=CSV_HEADER):
    path = tmp_path / "bars.csv"
    path.write_text(header + "\n".join(rows) + "\n")
    return path


def test_minute_csv_round_trip(tmp_path):
    out = tmp_path / "data"
    paths = import_bars(write_csv(tmp_path, GOOD_ROWS), "TEST", "minute", out)
    assert [p.name for p in paths] == ["20240102_trade.zip", "20240103_trade.zip"]
    bars = read_trade_bars(out, "equity", "usa", "TEST", "minute", "2024-01-02", "2024-01-03")
    assert len(bars) == 4
    assert bars.start[0] == pd.Timestamp("2024-01-02 09:30", tz="America/New_York").value
    assert (bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]) == (
        10.0,
        10.6,
        9.9,
        10.5,
        100,
    )


def test_dataframe_daily_and_merge(tmp_path):
    out = tmp_path / "data"
    idx = pd.DatetimeIndex(["2024-01-02", "2024-01-03"])
    frame = pd.DataFrame(
        {
            "OPEN": [10, 11],
            "high": [12, 12],
            "Low": [9, 10],
            "close": [11, 11.5],
            "volume": [1e6, 2e6],
        },
        index=idx,
    )
    import_bars(frame, "abc", "daily", out)
    more = pd.DataFrame(
        {"open": [11.5], "high": [12], "low": [11], "close": [11.8], "volume": [3e6]},
        index=pd.DatetimeIndex(["2024-01-04"]),
    )
    import_bars(more, "ABC", "daily", out)
    bars = read_trade_bars(out, "equity", "usa", "ABC", "daily", "2024-01-01", "2024-01-31")
    assert [d.item() for d in bars.date] == [date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 4)]
    assert bars.end[0] == pd.Timestamp("2024-01-02 16:00", tz="America/New_York").value
    assert DataFolder(out).has_data("equity", "usa", "ABC", "daily")


def test_aware_times_are_converted(tmp_path):
    out = tmp_path / "data"
    frame = pd.DataFrame(
        {
            "datetime": pd.date_range("2024-01-02 15:00", periods=2, freq="h", tz="UTC"),
            "open": [1, 1],
            "high": [1, 1],
            "low": [1, 1],
            "close": [1, 1],
            "volume": [1, 1],
        }
    )
    import_bars(frame, "utc", "hour", out)
    bars = read_trade_bars(
        out, "equity", "usa", "UTC", "hour", "2024-01-02", "2024-01-02", extended_hours=True
    )
    assert bars.start[0] == pd.Timestamp("2024-01-02 10:00", tz="America/New_York").value


@pytest.mark.parametrize(
    ("rows", "header", "row", "message"),
    [
        (GOOD_ROWS, "Date,Open,High,Low,Close\n", None, "missing column(s): volume"),
        (GOOD_ROWS, "When,Open,High,Low,Close,Volume\n", None, "missing datetime column"),
        (GOOD_ROWS[:1] + ["not a date,1,1,1,1,1"], CSV_HEADER, 2, "unparsable date/time"),
        (
            GOOD_ROWS[:2] + ["2024-01-02 09:32,10.2,9.0,10.0,9.5,1"],
            CSV_HEADER,
            3,
            "high is below low",
        ),
        (
            GOOD_ROWS[:1] + ["2024-01-02 09:31,10.2,10.4,10.0,10.1,-5"],
            CSV_HEADER,
            2,
            "negative volume",
        ),
        (
            GOOD_ROWS[:2] + ["2024-01-02 09:31,10.2,10.4,10.0,10.1,5"],
            CSV_HEADER,
            3,
            "duplicate timestamp",
        ),
        (GOOD_ROWS[:2] + ["2024-01-02 09:29,10.2,10.4,10.0,10.1,5"], CSV_HEADER, 3, "not sorted"),
        (
            GOOD_ROWS[:1] + ["2024-01-02 09:31,0,10.4,0,10.1,5"],
            CSV_HEADER,
            2,
            "prices must be positive",
        ),
        (
            GOOD_ROWS[:1] + ["2024-01-02 09:31,abc,10.4,10,10.1,5"],
            CSV_HEADER,
            2,
            "'open' is not a number",
        ),
        (
            GOOD_ROWS[:1] + ["2024-01-02 09:31,11,10.4,10,10.1,5"],
            CSV_HEADER,
            2,
            "outside the low..high",
        ),
    ],
)
def test_validation_errors_name_the_row(tmp_path, rows, header, row, message):
    with pytest.raises(ImportValidationError) as info:
        import_bars(write_csv(tmp_path, rows, header), "BAD", "minute", tmp_path / "out")
    assert message in str(info.value)
    assert info.value.row == row
    if row is not None:
        assert f"row {row} (line {row + 1} of the CSV)" in str(info.value)
    assert not (tmp_path / "out" / "equity").exists()


def test_minute_bars_must_be_on_whole_minutes(tmp_path):
    rows = ["2024-01-02 09:30:30,1,1,1,1,1"]
    with pytest.raises(ImportValidationError, match="whole minute"):
        import_bars(write_csv(tmp_path, rows), "BAD", "minute", tmp_path / "out")


def test_cli(tmp_path, capsys):
    csv = write_csv(tmp_path, GOOD_ROWS)
    assert (
        main([str(csv), "--ticker", "cli", "--resolution", "minute", "--out", str(tmp_path / "d")])
        == 0
    )
    assert "Imported CLI minute bars" in capsys.readouterr().out
    bad = write_csv(tmp_path, GOOD_ROWS[:1] + ["2024-01-02 09:31,10.2,9.0,10.0,9.5,1"])
    assert (
        main([str(bad), "--ticker", "cli", "--resolution", "minute", "--out", str(tmp_path / "d")])
        == 2
    )
    assert "row 2" in capsys.readouterr().err
    assert np.isfinite(
        read_trade_bars(
            tmp_path / "d", "equity", "usa", "cli", "minute", "2024-01-02", "2024-01-02"
        ).close
    ).all()
