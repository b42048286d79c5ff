"""Numeric columns of LEAN's CSV files parsed with numpy alone.

Bar files are all numbers (intraday files: milliseconds since midnight, then prices and sizes;
hour/daily files: a ``YYYYMMDD HH:MM`` stamp, then the numbers), so ``numpy.loadtxt`` (numpy's C
parser, as fast as pandas' on these files) reads them without importing pandas. A file this
parser cannot take as it is (ragged rows, text in a number column, another stamp format) is read
by ``pandas.read_csv`` as before, so odd files keep the behaviour they had.
"""

from __future__ import annotations

import io
import re

import numpy as np

NS = 1_000_000_000
# An empty field: after a comma, before a comma or the end of the line; or a comma opening a line.
_EMPTY_FIELD = re.compile(rb"(?<=,)(?=,|\r?$)|^(?=,)", re.MULTILINE)


def _with_nan(blob: bytes) -> bytes:
    """LEAN writes an empty field for a missing value (a quote bar without a bid); pandas reads it
    as NaN and so does this parser, by writing ``nan`` into it."""
    if b",," in blob or b",\n" in blob or b",\r" in blob or b"\n," in blob or blob[:1] == b",":
        return _EMPTY_FIELD.sub(b"nan", blob)
    return blob


def _load(blob: bytes) -> np.ndarray:
    """Rows of numbers (2-D); a file with empty fields is read again with ``nan`` in them (the
    search for empty fields costs more than the parse, so only a file that failed pays it).

    A file without a decimal point (LEAN's equity bars: prices in ten-thousandths, whole
    volumes) is parsed as integers first, a third faster; each converts to the float64 the
    float parse gives (both round to the nearest double). Any other text there (an empty
    field, an exponent) fails that parse and takes the float one."""
    if b"." not in blob:
        try:
            rows = np.loadtxt(io.BytesIO(blob), delimiter=",", dtype=np.int64, ndmin=2)
        except (ValueError, OverflowError):
            pass
        else:
            return rows.astype(np.float64)
    try:
        return np.loadtxt(io.BytesIO(blob), delimiter=",", dtype=np.float64, ndmin=2)
    except ValueError:
        filled = _with_nan(blob)
        if filled is blob:
            raise
        return np.loadtxt(io.BytesIO(filled), delimiter=",", dtype=np.float64, ndmin=2)


def _pandas_numbers(blob: bytes, names: list[str]) -> dict[str, np.ndarray]:
    import pandas as pd

    frame = pd.read_csv(
        io.BytesIO(blob),
        header=None,
        names=names,
        dtype=np.float64,
        engine="c",
        skip_blank_lines=True,
        index_col=False,
    )
    return {name: frame[name].to_numpy(dtype=np.float64) for name in names}


def read_numbers(blob: bytes, names: list[str]) -> dict[str, np.ndarray]:
    """Columns ``names`` (float64) of an all-number CSV without a header; blank lines skipped."""
    if not blob or blob.isspace():
        return {name: np.empty(0, dtype=np.float64) for name in names}
    try:
        rows = _load(blob)
    except ValueError:
        return _pandas_numbers(blob, names)
    if rows.shape[1] != len(names):
        return _pandas_numbers(blob, names)
    return {name: rows[:, i] for i, name in enumerate(names)}


def _stamps(ymd: np.ndarray, hour: np.ndarray, minute: np.ndarray) -> np.ndarray:
    """Naive int64 ns of ``YYYYMMDD`` and the hour and minute; ValueError if not a real time."""
    number = ymd.astype(np.int64)
    year, rest = np.divmod(number, 10**4)
    month, day = np.divmod(rest, 100)
    hour, minute = hour.astype(np.int64), minute.astype(np.int64)
    whole = (number == ymd) & (hour == np.floor(hour)) & (minute == np.floor(minute))
    in_range = (month >= 1) & (month <= 12) & (day >= 1) & (hour >= 0) & (hour <= 23)
    if not (whole & in_range & (minute >= 0) & (minute <= 59)).all():
        raise ValueError("not a YYYYMMDD HH:MM stamp")
    first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    dates = first + (day - 1).astype("timedelta64[D]")
    if (dates.astype("datetime64[M]") != first.astype("datetime64[M]")).any():
        raise ValueError("not a calendar date")  # 20230231 and the like
    return dates.astype("datetime64[ns]").astype(np.int64) + (hour * 3600 + minute * 60) * NS


def _pandas_stamped(blob: bytes, names: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    import pandas as pd

    dtypes: dict = {n: np.float64 for n in names[1:]}
    dtypes[names[0]] = str
    frame = pd.read_csv(
        io.BytesIO(blob), header=None, names=names, dtype=dtypes, engine="c", index_col=False
    )
    stamps = pd.to_datetime(frame[names[0]], format="%Y%m%d %H:%M").values.astype("datetime64[ns]")
    return stamps.astype(np.int64), {n: frame[n].to_numpy(dtype=np.float64) for n in names[1:]}


def read_stamped(blob: bytes, names: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(naive local start ns, columns ``names[1:]``) of an hour/daily file whose first column is
    ``YYYYMMDD HH:MM``."""
    if not blob or blob.isspace():
        return np.empty(0, np.int64), {n: np.empty(0, dtype=np.float64) for n in names[1:]}
    # "YYYYMMDD HH:MM,..." -> "YYYYMMDD,HH,MM,...": every field a number for the C parser.
    numbers = blob.replace(b" ", b",").replace(b":", b",")
    try:
        rows = _load(numbers)
        if rows.shape[1] != len(names) + 2:
            raise ValueError("not a YYYYMMDD HH:MM stamp and the columns named")
        stamps = _stamps(rows[:, 0], rows[:, 1], rows[:, 2])
    except ValueError:
        return _pandas_stamped(blob, names)
    return stamps, {n: rows[:, i + 3] for i, n in enumerate(names[1:])}
