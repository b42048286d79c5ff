"""LEAN's data folder layout, checked file by file before a file is imported.

What the engine reads (``engine/data/folder.py``, after LEAN's ``LeanData.GenerateZipFilePath``):

- ``<asset class>/<market>/<tick|second|minute>/<symbol>/<yyyymmdd>_<trade|quote|openinterest>.zip``
  holding one CSV named ``<yyyymmdd>_<symbol>_<resolution>_<tick type>.csv`` whose first column is
  milliseconds since midnight;
- ``<asset class>/<market>/<hour|daily>/<symbol>.zip`` (crypto: ``<symbol>_<trade|quote>.zip``)
  holding ``<symbol>.csv`` whose first column is ``yyyymmdd HH:mm``;
- ``equity/<market>/map_files/<symbol>.csv`` (``yyyymmdd,ticker[,exchange]``) and
  ``equity/<market>/factor_files/<symbol>.csv`` (``yyyymmdd,price factor,split factor,reference
  price``), and the coarse universe files ``equity/usa/fundamental/coarse/<yyyymmdd>.csv``.

Equity prices are integers in 1/10000 of a dollar (LEAN's ``TradeBar`` reader divides them by
10000); forex, CFD, crypto and index prices are plain decimals. The column counts follow LEAN's
``TradeBar``, ``QuoteBar``, ``Tick`` and ``OpenInterest`` readers.

Options, futures and alternative data are refused: the engine does not read them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

ASSET_CLASSES = ("equity", "forex", "crypto", "cfd", "index")
RESOLUTIONS = ("tick", "second", "minute", "hour", "daily")
PER_DAY = ("tick", "second", "minute")
NOT_READ = {
    "option": "option data",
    "future": "futures data",
    "futureoption": "future option data",
    "indexoption": "index option data",
    "cryptofuture": "crypto futures data",
    "alternative": "alternative data",
}
# Installation-wide reference files (only an installation import may bring them).
REFERENCE_FILES = (
    "market-hours/market-hours-database.json",
    "symbol-properties/symbol-properties-database.csv",
    "symbol-properties/security-database.csv",
    "alternative/interest-rate/usa/interest-rate.csv",
)
MAX_LINE_ERRORS = 1  # a file is refused at its first bad line, which the report names

MARKET_NAME = re.compile(r"^[a-z0-9]+$")
SYMBOL_NAME = re.compile(r"^[a-z0-9.\-^$_]+$")
_DAY_FILE = re.compile(r"^(\d{8})_(trade|quote|openinterest)\.zip$")
_HOUR_STAMP = re.compile(r"^\d{8} \d{2}:\d{2}$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")

# (tick type, resolution kind) -> accepted column counts and which columns are prices.
_TRADE_BAR = ({6}, (1, 2, 3, 4))
_QUOTE_BAR = ({11}, (1, 2, 3, 4, 6, 7, 8, 9))
_OPEN_INTEREST = ({2}, ())


class Refused(ValueError):
    """A file LEAN's layout does not allow; the message says where (line) and why."""


@dataclass(frozen=True)
class FileKind:
    """What a path holds, from its place in the layout."""

    category: str  # "bars", "map_file", "factor_file", "coarse", "reference"
    asset_class: str = ""
    market: str = ""
    resolution: str = ""
    symbol: str = ""
    tick_type: str = ""
    day: date | None = None


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def classify(path: str, *, installation: bool = False) -> FileKind:
    """Where `path` (relative, '/'-separated) sits in LEAN's layout; raises Refused otherwise."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts):
        raise Refused("not a relative path inside the data folder")
    text = rel.as_posix()
    if text in REFERENCE_FILES:
        if not installation:
            raise Refused("market hours and symbol properties come from the installation")
        return FileKind("reference")
    parts = rel.parts
    top = parts[0]
    if top in NOT_READ:
        raise Refused(f"{NOT_READ[top]} is not read by this engine")
    if top not in ASSET_CLASSES:
        raise Refused(f"'{top}' is not a LEAN asset class folder ({', '.join(ASSET_CLASSES)})")
    if len(parts) < 4:
        raise Refused("expected <asset class>/<market>/<resolution>/<file>")
    market, third = parts[1], parts[2]
    if not MARKET_NAME.match(market):
        raise Refused(f"market folder '{market}' is not a lower-case market name")
    if third in ("map_files", "factor_files"):
        if top != "equity" or len(parts) != 4 or not parts[3].endswith(".csv"):
            raise Refused(f"expected equity/<market>/{third}/<symbol>.csv")
        symbol = parts[3][:-4]
        if not SYMBOL_NAME.match(symbol):
            raise Refused(f"'{symbol}' is not a lower-case symbol")
        return FileKind(third[:-1], top, market, symbol=symbol)
    if third == "fundamental":
        if (
            len(parts) == 5
            and (top, market, parts[3]) == ("equity", "usa", "coarse")
            and parts[4].endswith(".csv")
            and _day(parts[4][:-4])
        ):
            return FileKind("coarse", top, market, day=_day(parts[4][:-4]))
        raise Refused("only equity/usa/fundamental/coarse/<yyyymmdd>.csv is read")
    if third not in RESOLUTIONS:
        raise Refused(f"'{third}' is not a resolution folder ({', '.join(RESOLUTIONS)})")
    if third in PER_DAY:
        if len(parts) != 5:
            raise Refused(f"{third} data goes in <resolution>/<symbol>/<yyyymmdd>_<type>.zip")
        symbol, name = parts[3], parts[4]
        match = _DAY_FILE.match(name)
        if not match:
            raise Refused(f"'{name}' is not <yyyymmdd>_<trade|quote|openinterest>.zip")
        day = _day(match.group(1))
        if day is None:
            raise Refused(f"'{match.group(1)}' is not a date")
        if not SYMBOL_NAME.match(symbol):
            raise Refused(f"'{symbol}' is not a lower-case symbol")
        return FileKind("bars", top, market, third, symbol, match.group(2), day)
    if len(parts) != 4 or not parts[3].endswith(".zip"):
        raise Refused(f"{third} data goes in <resolution>/<symbol>.zip")
    stem = parts[3][:-4]
    tick_type = "quote" if top in ("forex", "cfd") else "trade"
    if top == "crypto":
        symbol, _, kind = stem.rpartition("_")
        if kind not in ("trade", "quote") or not symbol:
            raise Refused("crypto hour/daily files are <symbol>_<trade|quote>.zip")
        tick_type = kind
    else:
        symbol = stem
    if not SYMBOL_NAME.match(symbol):
        raise Refused(f"'{symbol}' is not a lower-case symbol")
    return FileKind("bars", top, market, third, symbol, tick_type)


def _columns(kind: FileKind) -> tuple[set[int], tuple[int, ...]]:
    if kind.tick_type == "openinterest":
        return _OPEN_INTEREST
    if kind.resolution != "tick":
        return _QUOTE_BAR if kind.tick_type == "quote" else _TRADE_BAR
    # LEAN's Tick reader: equity trade ticks carry exchange, condition and suspicious flags;
    # forex/CFD ticks are time, bid, ask; crypto ticks optionally end with the suspicious flag.
    if kind.asset_class == "equity":
        return ({6}, (1,)) if kind.tick_type == "trade" else ({8}, (1, 3))
    if kind.asset_class in ("forex", "cfd"):
        return {3}, (1, 2)
    if kind.tick_type == "trade":
        return {3, 4}, (1,)
    return {5, 6}, (1, 3)


def check_rows(text: str, kind: FileKind) -> int:
    """Check every line of a market data CSV; returns the row count, raises Refused naming the
    first bad line. Whole columns are checked at once first (LEAN's sample folder has files of
    millions of ticks); only a file that fails that is walked line by line for the message."""
    rows = _rows_if_valid(text, kind)
    if rows is not None:
        return rows
    return _check_lines(text, kind)


def _rows_if_valid(text: str, kind: FileKind) -> int | None:
    """The row count when every row is valid (the rules of `_check_lines`), else None."""
    counts, prices = _columns(kind)
    try:
        frame = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if frame.shape[1] not in counts or frame.isna().to_numpy().any() or len(frame) == 0:
        return None
    stamps = frame[0].str.strip()
    if kind.resolution in PER_DAY:
        ms = pd.to_numeric(stamps, errors="coerce")
        if ms.isna().any() or (ms < 0).any() or (ms >= 2 * 86_400_000).any():
            return None
    else:
        if not stamps.str.fullmatch(r"\d{8} \d{2}:\d{2}").all():
            return None
        if pd.to_datetime(stamps.str[:8], format="%Y%m%d", errors="coerce").isna().any():
            return None
    for index in range(1, frame.shape[1]):
        values = frame[index].str.strip()
        is_price = index in prices
        if not is_price and kind.resolution == "tick":
            continue
        filled = values != ""
        if is_price and not (kind.tick_type == "quote" and kind.resolution != "tick"):
            if not filled.all():
                return None
        numbers = pd.to_numeric(values[filled], errors="coerce")
        if numbers.isna().any() or not np.isfinite(numbers.to_numpy(dtype=float)).all():
            return None
        if is_price and kind.asset_class == "equity":
            if not values[filled].str.fullmatch(r"-?\d+").all():
                return None
    return len(frame)


def _check_lines(text: str, kind: FileKind) -> int:
    counts, prices = _columns(kind)
    per_day = kind.resolution in PER_DAY
    rows = 0
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) not in counts:
            expected = " or ".join(str(c) for c in sorted(counts))
            raise Refused(f"line {number}: {len(row)} columns, expected {expected}")
        stamp = row[0].strip()
        if per_day:
            if not _NUMBER.match(stamp) or not 0 <= float(stamp) < 2 * 86_400_000:
                raise Refused(f"line {number}: '{stamp}' is not milliseconds since midnight")
        elif not _HOUR_STAMP.match(stamp) or _day(stamp[:8]) is None:
            raise Refused(f"line {number}: '{stamp}' is not 'yyyymmdd HH:mm'")
        for index, cell in enumerate(row[1:], start=1):
            value = cell.strip()
            if not value and kind.tick_type == "quote" and kind.resolution != "tick":
                continue  # a quote bar may lack one side (no bid or no ask that minute)
            if index in prices or (kind.resolution != "tick" and value):
                if not _NUMBER.match(value):
                    raise Refused(f"line {number}: column {index + 1} '{value}' is not a number")
            if index in prices and kind.asset_class == "equity" and not _INTEGER.match(value):
                raise Refused(
                    f"line {number}: equity prices are integers in 1/10000 of a dollar "
                    f"(LEAN's scaling), found '{value}'"
                )
    if rows == 0:
        raise Refused("the file has no rows")
    return rows


def check_side_file(text: str, kind: FileKind) -> int:
    """Map files (date, ticker[, exchange]), factor files (date and three numbers; LEAN's
    newer format may end with a row of non-date text which is refused here) and coarse files."""
    rows = 0
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        rows += 1
        if kind.category == "coarse":
            if len(row) < 6:
                raise Refused(f"line {number}: {len(row)} columns, expected at least 6")
            continue
        if _day(row[0].strip()) is None:
            raise Refused(f"line {number}: '{row[0]}' is not a yyyymmdd date")
        if kind.category == "map_file":
            if len(row) not in (2, 3) or not SYMBOL_NAME.match(row[1].strip().lower()):
                raise Refused(f"line {number}: expected yyyymmdd,ticker[,exchange]")
        elif len(row) != 4 or not all(_NUMBER.match(c.strip()) for c in row[1:]):
            raise Refused(
                f"line {number}: expected yyyymmdd,price factor,split factor,reference price"
            )
    if rows == 0:
        raise Refused("the file has no rows")
    return rows


def check_zip(data: bytes, kind: FileKind) -> int:
    """A market data zip: one CSV entry, named as LEAN names it, whose rows are valid."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused("not a zip file") from None
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if not entries:
            raise Refused("the zip is empty")
        rows = 0
        for entry in entries:
            rows += _check_entry(archive, entry, kind, len(data))
    return rows


def _check_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, kind: FileKind, size: int
) -> int:
    name = entry.filename
    if not name.lower().endswith(".csv"):
        raise Refused(f"zip entry '{name}' is not a CSV")
    base = name.rsplit("/", 1)[-1]
    if kind.day is not None and not base.startswith(kind.day.strftime("%Y%m%d") + "_"):
        raise Refused(f"zip entry '{name}' does not start with the file's date")
    if entry.file_size > 64 * size + 1_000_000:
        raise Refused(f"zip entry '{name}' expands too much")  # a zip bomb, not market data
    try:
        text = archive.read(entry).decode("utf-8")
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as exc:
        raise Refused(f"cannot read zip entry '{name}': {exc}") from None
    try:
        return check_rows(text, kind)
    except Refused as exc:
        raise Refused(f"{name} {exc}") from None


def check_file(path: str, data: bytes, *, installation: bool = False) -> FileKind:
    """Classify and validate one file; raises Refused with the reason."""
    kind = classify(path, installation=installation)
    if kind.category == "bars":
        check_zip(data, kind)
    elif kind.category == "reference":
        if not data.strip():
            raise Refused("empty file")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("not UTF-8 text") from None
        check_side_file(text, kind)
    return kind
