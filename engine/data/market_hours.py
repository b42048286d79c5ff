"""Exchange hours, holidays, early closes and time zones per (security type, market).

US equities take sessions, holidays, early closes and late opens from the maintained
``exchange-calendars`` package (XNYS), with LEAN's pre-market (04:00) and post-market (20:00)
segments (read from ``market-hours-database.json`` when the data folder has it). Other markets
(forex, crypto, cfd, index) use the folder's ``market-hours-database.json`` entry
``<Type>-<market>-<ticker>`` when the symbol has one, else ``<Type>-<market>-[*]``; without the file, forex and crypto fall back to LEAN's published entries
(forex: exchange America/New_York, data UTC, Sunday 17:03 .. Friday 16:58 with a daily 16:58-17:03
break; crypto: UTC, always open).

Conventions (as LEAN's ``SecurityExchangeHours``): a segment is start-inclusive, end-exclusive, in
the EXCHANGE time zone; ``extended`` adds pre/post-market segments; an early close truncates the
segment containing it and drops later ones (post-market included); a late open moves the start;
a late open after an early close reopens the market (``engine.data.special_days``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.common.clock import zone
from engine.data.folder import DataFolder, as_date, norm_security_type
from engine.data.special_days import special_day_segments
from engine.data.time_zones import local_to_utc
from engine.model.enums import SecurityType

DAY_S = 86_400
NS = 1_000_000_000
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CAL_START, _CAL_END = "1990-01-01", "2035-12-31"

Segment = tuple[int, int, str]  # (start second of day, end second of day (<= 86400), state)


def _parse_clock(text: str) -> int:
    """'09:30:00' -> 34200; '1.00:00:00' (LEAN TimeSpan, 1 day) -> 86400."""
    days = 0
    if "." in text.split(":")[0]:
        d, text = text.split(".", 1)
        days = int(d)
    parts = [int(float(p)) for p in text.split(":")]
    while len(parts) < 3:
        parts.append(0)
    return days * DAY_S + parts[0] * 3600 + parts[1] * 60 + parts[2]


def _parse_mdy(text: str) -> date:
    m, d, y = text.split("/")
    return date(int(y), int(m), int(d))


@dataclass(frozen=True)
class _DbEntry:
    exchange_tz: str
    data_tz: str
    week: tuple[tuple[Segment, ...], ...]  # Monday .. Sunday
    holidays: frozenset[date]
    early_closes: dict[date, int]
    late_opens: dict[date, int]


def _entry_from_json(raw: dict) -> _DbEntry:
    week = []
    for name in _WEEKDAYS:
        segs = tuple(
            (_parse_clock(s["start"]), _parse_clock(s["end"]), s.get("state", "market").lower())
            for s in raw.get(name, [])
        )
        week.append(tuple(s for s in segs if s[2] != "closed"))
    return _DbEntry(
        raw.get("exchangeTimeZone", "UTC"),
        raw.get("dataTimeZone", raw.get("exchangeTimeZone", "UTC")),
        tuple(week),
        frozenset(_parse_mdy(h) for h in raw.get("holidays", [])),
        {_parse_mdy(k): _parse_clock(v) for k, v in raw.get("earlyCloses", {}).items()},
        {_parse_mdy(k): _parse_clock(v) for k, v in raw.get("lateOpens", {}).items()},
    )


_FX_DAY = ((0, 16 * 3600 + 58 * 60, "market"), (17 * 3600 + 3 * 60, DAY_S, "market"))
_DEFAULT_ENTRIES = {
    "forex": dict(
        exchange_tz="America/New_York",
        data_tz="UTC",
        week=(_FX_DAY, _FX_DAY, _FX_DAY, _FX_DAY, (_FX_DAY[0],), (), (_FX_DAY[1],)),
    ),
    "crypto": dict(exchange_tz="UTC", data_tz="UTC", week=(((0, DAY_S, "market"),),) * 7),
    # Custom data (PythonData): LEAN's AddData makes the entry always open in New York time.
    "base": dict(
        exchange_tz="America/New_York",
        data_tz="America/New_York",
        week=(((0, DAY_S, "market"),),) * 7,
    ),
    "equity": dict(
        exchange_tz="America/New_York",
        data_tz="America/New_York",
        week=(
            (
                (4 * 3600, 34200, "premarket"),
                (34200, 57600, "market"),
                (57600, 72000, "postmarket"),
            ),
        )
        * 5
        + ((), ()),
    ),
}


@lru_cache(maxsize=8)
def _load_database(path: Path, mtime: float) -> dict:
    with open(path) as fh:
        return json.load(fh).get("entries", {})


def _database(folder: DataFolder | None) -> tuple[Path | None, float]:
    """The folder's market-hours database file and its modification time (None, 0.0 without)."""
    if folder is None or not folder.market_hours_path.is_file():
        return None, 0.0
    path = folder.market_hours_path
    return path, path.stat().st_mtime


def _db_entry(
    path: Path | None, mtime: float, security_type: str, market: str, ticker: str = ""
) -> tuple[str, dict] | None:
    """The database key that applies and its entry: as LEAN's MarketHoursDatabase.TryGetEntry
    (Common/Securities/MarketHoursDatabase.cs), the ticker's own ``<Type>-<market>-<ticker>`` entry
    first (SPX closes at 16:15 New York time, not at the 16:20 of ``Index-usa-[*]``), then
    ``<Type>-<market>-[*]``."""
    if path is None:
        return None
    entries = _entries_by_lower_key(path, mtime)
    wanted = [f"{security_type}-{market}-{ticker}".lower()] if ticker else []
    wanted.append(f"{security_type}-{market}-[*]".lower())
    for key in wanted:
        raw = entries.get(key)
        if raw is not None:
            return key, raw  # parsed by the caller only when its calendar is not cached yet
    return None


@lru_cache(maxsize=8)
def _entries_by_lower_key(path: Path, mtime: float) -> dict:
    return {key.lower(): raw for key, raw in _load_database(path, mtime).items()}


def database_symbol_key(symbol: Any) -> str:
    """LEAN ``GetDatabaseSymbolKey`` (Common/Securities/BaseSecurityDatabase.cs): the ticker a
    symbol has in the market-hours and symbol-properties databases (an equity option's is its
    underlying's, a future's or custom type's its identifier's, anything else its value)."""
    if symbol is None:
        return ""
    kind = symbol.id.security_type
    underlying = getattr(symbol, "underlying", None)
    if kind == SecurityType.OPTION:
        return underlying.value if underlying is not None else ""
    if kind in (SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION):
        return symbol.id.symbol if underlying is not None else ""
    if kind in (SecurityType.BASE, SecurityType.FUTURE):
        return symbol.id.symbol
    return symbol.value


def symbol_market_hours(symbol: Any, folder: str | Path | DataFolder | None = None) -> MarketHours:
    """The ``MarketHours`` of one symbol: its ticker's database entry when there is one."""
    return market_hours(
        symbol.security_type.folder_name, symbol.market, folder, database_symbol_key(symbol)
    )


@lru_cache(maxsize=2)
def _xnys():
    import warnings

    import exchange_calendars as xcals

    with (
        warnings.catch_warnings()
    ):  # exchange-calendars 4.13 trips a pandas 3.1 deprecation warning
        warnings.simplefilter("ignore")
        return xcals.get_calendar("XNYS", start=_CAL_START, end=_CAL_END)


Sessions = dict[date, tuple[int, int]]  # day -> (open, close) in exchange-local seconds of the day
_XNYS_TABLE = Path(__file__).with_name("xnys_sessions.json")
_REGULAR = (34200, 57600)  # 09:30 .. 16:00


def _calendar_sessions(calendar: object) -> tuple[Sessions, frozenset[date]]:
    """Sessions and early-close days of an ``exchange_calendars`` calendar (local seconds)."""
    sched = calendar.schedule  # type: ignore[attr-defined]
    tz = "America/New_York"
    opens = sched["open"].dt.tz_convert(tz)
    closes = sched["close"].dt.tz_convert(tz)
    day_ns = sched.index.values.astype("datetime64[ns]").astype(np.int64)
    open_s = ((opens.dt.tz_localize(None).values.astype(np.int64) - day_ns) // NS).tolist()
    close_s = ((closes.dt.tz_localize(None).values.astype(np.int64) - day_ns) // NS).tolist()
    days = [d.date() for d in sched.index]
    sessions = dict(zip(days, zip(open_s, close_s, strict=True), strict=True))
    return sessions, frozenset(d.date() for d in calendar.early_closes)  # type: ignore[attr-defined]


def xnys_table(sessions: Sessions, early: frozenset[date], version: str) -> dict:
    """The XNYS sessions as exceptions to "every weekday 09:30-16:00" (``xnys_sessions.json``)."""
    first, last = date.fromisoformat(_CAL_START), date.fromisoformat(_CAL_END)
    closed, special = [], {}
    for o in range(first.toordinal(), last.toordinal() + 1):
        d = date.fromordinal(o)
        session = sessions.get(d)
        if session is None:
            if d.weekday() < 5:
                closed.append(d.isoformat())
        elif d.weekday() >= 5 or session != _REGULAR:
            special[d.isoformat()] = list(session)
    return {
        "exchange_calendars": version,
        "range": [_CAL_START, _CAL_END],
        "closed_weekdays": closed,
        "special_sessions": special,
        "early_closes": sorted(d.isoformat() for d in early),
    }


def _sessions_from_table(table: dict) -> tuple[Sessions, frozenset[date]]:
    closed = {date.fromisoformat(d) for d in table["closed_weekdays"]}
    first, last = date.fromisoformat(_CAL_START), date.fromisoformat(_CAL_END)
    sessions: Sessions = {}
    for o in range(first.toordinal(), last.toordinal() + 1):
        d = date.fromordinal(o)
        if d.weekday() < 5 and d not in closed:
            sessions[d] = _REGULAR
    for day, (open_s, close_s) in table["special_sessions"].items():
        sessions[date.fromisoformat(day)] = (open_s, close_s)
    return dict(sorted(sessions.items())), frozenset(
        date.fromisoformat(d) for d in table["early_closes"]
    )


def _installed_version(distribution: str) -> str:
    """Version of an installed distribution ("" when it is not installed).

    A wheel installs ``<name>-<version>.dist-info`` next to the package, so the version is read
    from that folder's name; ``importlib.metadata`` (which takes longer to import than the rest of
    a one-day backtest's start) is the fallback for other layouts."""
    import importlib.util

    spec = importlib.util.find_spec(distribution)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = sorted(site.glob(f"{distribution}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(distribution) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:  # pragma: no cover - a dependency of the engine
        return ""


@lru_cache(maxsize=1)
def xnys_sessions() -> tuple[Sessions, frozenset[date]]:
    """XNYS sessions and early closes from ``exchange_calendars``.

    Building the XNYS calendar takes about a second (pandas holiday rules over 1990-2035), which
    every backtest of a US equity would pay, so ``xnys_sessions.json`` holds the result computed by
    the installed ``exchange_calendars`` version; with any other version the calendar is built
    (``write_xnys_table()`` rewrites the table; a test compares it with the calendar).
    """
    installed = _installed_version("exchange_calendars")
    try:
        table = json.loads(_XNYS_TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        table = {}
    if table.get("exchange_calendars") == installed and table.get("range") == [
        _CAL_START,
        _CAL_END,
    ]:
        return _sessions_from_table(table)
    return _calendar_sessions(_xnys())


def write_xnys_table(path: Path = _XNYS_TABLE) -> Path:
    """Recompute ``xnys_sessions.json`` with the installed ``exchange_calendars``."""
    from importlib.metadata import version

    sessions, early = _calendar_sessions(_xnys())
    table = xnys_table(sessions, early, version("exchange_calendars"))
    path.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    return path


class MarketHours:
    """Trading hours of one (security type, market). Times are exchange-local unless named *_utc."""

    def __init__(
        self,
        security_type: str,
        market: str,
        entry: _DbEntry,
        *,
        calendar: tuple[Sessions, frozenset[date]] | None = None,
    ) -> None:
        """``calendar``: (sessions, early-close days) of an exchange calendar (``xnys_sessions``)."""
        self.security_type = security_type
        self.market = market
        self._entry = entry
        self.time_zone = entry.exchange_tz  # exchange time zone name
        self.data_time_zone = entry.data_tz  # time zone of the times in the data files
        self.tz = zone(self.time_zone)
        self.data_tz = zone(self.data_time_zone)
        self.always_open = (
            all(seg == ((0, DAY_S, "market"),) for seg in entry.week) and not entry.holidays
        )
        self._calendar = calendar is not None
        self._sessions: Sessions = {}
        self._early: frozenset[date] = frozenset()
        if calendar is not None:
            self._sessions, self._early = calendar
        self._seg_cache: dict[date, tuple[Segment, ...]] = {}

    def __repr__(self) -> str:
        return f"MarketHours({self.security_type!r}, {self.market!r}, tz={self.time_zone!r})"

    # -- per-day segments --------------------------------------------------------------------
    def _segments(self, day: date) -> tuple[Segment, ...]:
        """All open segments of ``day`` (local seconds), states market/premarket/postmarket."""
        cached = self._seg_cache.get(day)
        if cached is not None:
            return cached
        if self._calendar:
            segs = self._calendar_segments(day)
        else:
            segs = self._database_segments(day)
        self._seg_cache[day] = segs
        return segs

    def _calendar_segments(self, day: date) -> tuple[Segment, ...]:
        session = self._sessions.get(day)
        if session is None:
            if not (date.fromisoformat(_CAL_START) <= day <= date.fromisoformat(_CAL_END)):
                raise ValueError(
                    f"{day} is outside the XNYS calendar range {_CAL_START}..{_CAL_END}"
                )
            return ()
        open_s, close_s = session
        week = self._entry.week[day.weekday()] or self._entry.week[0]
        pre = [s for s in week if s[2] == "premarket"]
        post = [s for s in week if s[2] == "postmarket"]
        regular = [s for s in week if s[2] == "market"]
        normal_close = regular[-1][1] if regular else 57600
        segs: list[Segment] = []
        if pre and pre[0][0] < open_s:
            segs.append((pre[0][0], open_s, "premarket"))
        segs.append((open_s, close_s, "market"))
        if post and close_s >= normal_close and day not in self._early:
            segs.append((close_s, post[-1][1], "postmarket"))
        return tuple(segs)

    def _database_segments(self, day: date) -> tuple[Segment, ...]:
        e = self._entry
        if day in e.holidays:
            return ()
        return special_day_segments(
            e.week[day.weekday()], e.early_closes.get(day), e.late_opens.get(day)
        )

    def segments(self, day: date | str, extended: bool = False) -> list[tuple[datetime, datetime]]:
        """Open segments of a day as tz-aware exchange-local (start, end) datetimes."""
        d = as_date(day)
        base = datetime.combine(d, time(0))
        out = []
        for a, b, state in self._segments(d):
            if extended or state == "market":
                out.append(
                    (
                        self._aware(base + timedelta(seconds=a)),
                        self._aware(base + timedelta(seconds=b)),
                    )
                )
        return out

    def _aware(self, naive: datetime) -> datetime:
        return naive.replace(tzinfo=self.tz)

    # -- day level ---------------------------------------------------------------------------
    def is_date_open(self, day: date | str, extended: bool = False) -> bool:
        """True when the exchange has a regular (or, with extended, any) segment on ``day``."""
        return any(extended or s[2] == "market" for s in self._segments(as_date(day)))

    def market_open(self, day: date | str, extended: bool = False) -> datetime | None:
        """First open time of ``day`` (tz-aware, exchange tz) or None when closed."""
        segs = self.segments(day, extended)
        return segs[0][0] if segs else None

    def market_close(self, day: date | str, extended: bool = False) -> datetime | None:
        """Last close time of ``day`` (tz-aware, exchange tz; 24:00 = next midnight) or None."""
        segs = self.segments(day, extended)
        return segs[-1][1] if segs else None

    def is_early_close(self, day: date | str) -> bool:
        d = as_date(day)
        if self._calendar:
            return d in self._early
        return d in self._entry.early_closes and d not in self._entry.holidays

    def trading_days(self, start: date | str, end: date | str) -> list[date]:
        """Dates in [start, end] with a regular session."""
        a, b = as_date(start), as_date(end)
        if self._calendar:
            return [
                d
                for d in (date.fromordinal(o) for o in range(a.toordinal(), b.toordinal() + 1))
                if d in self._sessions
            ]
        return [
            d
            for d in (date.fromordinal(o) for o in range(a.toordinal(), b.toordinal() + 1))
            if self.is_date_open(d)
        ]

    def previous_trading_day(self, day: date | str) -> date:
        d = as_date(day)
        for _ in range(30):
            d -= timedelta(days=1)
            if self.is_date_open(d):
                return d
        raise ValueError(f"no trading day in the 30 days before {day}")

    def next_trading_day(self, day: date | str) -> date:
        d = as_date(day)
        for _ in range(30):
            d += timedelta(days=1)
            if self.is_date_open(d):
                return d
        raise ValueError(f"no trading day in the 30 days after {day}")

    # -- instant level -----------------------------------------------------------------------
    def _local_naive(self, dt: datetime) -> datetime:
        if dt.tzinfo is not None:
            dt = dt.astimezone(self.tz).replace(tzinfo=None)
        return dt

    def is_open(self, local_dt: datetime, extended: Any = False, *more: Any) -> bool:
        """Is the exchange open at ``local_dt`` (naive = exchange-local; aware is converted)?
        ``is_open(start, end, extended)`` (LEAN's other overload): open at some instant of
        [start, end)."""
        if isinstance(extended, datetime):
            return self.is_open_between(local_dt, extended, bool(more[0]) if more else False)
        dt = self._local_naive(local_dt)
        sec = dt.hour * 3600 + dt.minute * 60 + dt.second + dt.microsecond / 1e6
        for a, b, state in self._segments(dt.date()):
            if (extended or state == "market") and a <= sec < b:
                return True
        return False

    def is_open_between(self, start: datetime, end: datetime, extended: bool = False) -> bool:
        """Open at some instant of [start, end), exchange-local (LEAN's
        SecurityExchangeHours.IsOpen(start, end, extended)); an empty span asks about its instant."""
        start, end = self._local_naive(start), self._local_naive(end)
        if start >= end:
            return self.is_open(start, extended)
        day = start.date()
        while day <= end.date():
            base = datetime.combine(day, time(0))
            for a, b, state in self._segments(day):
                if not (extended or state == "market"):
                    continue
                if base + timedelta(seconds=a) < end and base + timedelta(seconds=b) > start:
                    return True
            day += timedelta(days=1)
        return False

    def next_open(self, local_dt: datetime, extended: bool = False) -> datetime:
        """First segment start strictly after ``local_dt`` that opens a closed market (tz-aware)."""
        dt = self._local_naive(local_dt)
        d = dt.date()
        for _ in range(370):
            base = datetime.combine(d, time(0))
            prev_end = None
            for a, b, state in self._segments(d):
                if not (extended or state == "market"):
                    continue
                start = base + timedelta(seconds=a)
                contiguous = prev_end is not None and prev_end == start
                if a == 0 and prev_end is None:
                    contiguous = self._ends_at_midnight(d - timedelta(days=1), extended)
                if start > dt and not contiguous:
                    return self._aware(start)
                prev_end = base + timedelta(seconds=b)
            d += timedelta(days=1)
        raise ValueError(f"market {self.security_type}-{self.market} never opens after {local_dt}")

    # -- LEAN's SecurityExchangeHours API (Common/Securities/SecurityExchangeHours.cs) --------
    def get_next_market_open(self, local_dt: datetime | date, extended: bool = False) -> datetime:
        """First market open strictly after ``local_dt`` (a date means its midnight), exchange-
        local naive like LEAN's ``GetNextMarketOpen``."""
        return self.next_open(_as_datetime(local_dt), extended).replace(tzinfo=None)

    def get_previous_market_open(
        self, local_dt: datetime | date, extended: bool = False
    ) -> datetime:
        """The last market open at or before ``local_dt`` that opens a closed market (a segment
        running on from the one before it is no open), exchange-local naive, within nine days
        (LEAN's ``GetPreviousMarketOpen``)."""
        dt = self._local_naive(_as_datetime(local_dt))
        day = dt.date()
        for _ in range(9):
            base = datetime.combine(day, time(0))
            for a, _b, state in reversed(self._segments(day)):
                start = base + timedelta(seconds=a)
                if start > dt or not (extended or state == "market"):
                    continue
                before = start - timedelta(microseconds=1)
                if self.next_open(before, extended).replace(tzinfo=None) == start:
                    return start
            day -= timedelta(days=1)
        raise ValueError(
            f"no market open within nine days before {local_dt} ({self.security_type}-{self.market})"
        )

    def get_next_market_close(self, local_dt: datetime | date, extended: bool = False) -> datetime:
        """First market close strictly after ``local_dt`` whose segment does not run on into the
        next one (LEAN's ``GetNextMarketClose``), exchange-local naive."""
        dt = self._local_naive(_as_datetime(local_dt))
        d = dt.date()
        for _ in range(16):
            base = datetime.combine(d, time(0))
            segs = [s for s in self._segments(d) if extended or s[2] == "market"]
            for i, (_a, b, _state) in enumerate(segs):
                end = base + timedelta(seconds=b)
                if end <= dt:
                    continue
                if i + 1 < len(segs) and segs[i + 1][0] == b:
                    continue  # contiguous with the next segment: not a close
                if b >= DAY_S and self._starts_at_midnight(d + timedelta(days=1), extended):
                    continue
                return end
            d += timedelta(days=1)
        raise ValueError(
            f"Unable to locate next market close within two weeks of {local_dt} "
            f"({self.security_type}-{self.market})"
        )

    def _starts_at_midnight(self, day: date, extended: bool) -> bool:
        segs = [s for s in self._segments(day) if extended or s[2] == "market"]
        return bool(segs) and segs[0][0] == 0

    def get_next_trading_day(self, day: datetime | date) -> datetime:
        d = self.next_trading_day(as_date(day))
        return datetime(d.year, d.month, d.day)

    def get_previous_trading_day(self, day: datetime | date) -> datetime:
        d = self.previous_trading_day(as_date(day))
        return datetime(d.year, d.month, d.day)

    def IsOpen(self, local_dt: datetime, extended: bool = False) -> bool:  # noqa: N802
        return self.is_open(local_dt, extended)

    def IsDateOpen(self, day: datetime | date, extended: bool = False) -> bool:  # noqa: N802
        return self.is_date_open(as_date(day), extended)

    GetNextMarketOpen = get_next_market_open
    GetNextMarketClose = get_next_market_close
    GetNextTradingDay = get_next_trading_day
    GetPreviousTradingDay = get_previous_trading_day

    def _ends_at_midnight(self, day: date, extended: bool) -> bool:
        segs = [s for s in self._segments(day) if extended or s[2] == "market"]
        return bool(segs) and segs[-1][1] >= DAY_S

    # -- vectorised helpers for readers --------------------------------------------------------
    def open_intervals(
        self, start: date, end: date, extended: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Merged open intervals (exchange-local naive int64 ns) for days in [start, end]."""
        starts: list[int] = []
        ends: list[int] = []
        epoch = date(1970, 1, 1).toordinal()
        for o in range(start.toordinal(), end.toordinal() + 1):
            day_ns = (o - epoch) * DAY_S * NS
            for a, b, state in self._segments(date.fromordinal(o)):
                if not (extended or state == "market"):
                    continue
                s, e = day_ns + a * NS, day_ns + b * NS
                if ends and ends[-1] >= s:
                    ends[-1] = max(ends[-1], e)
                else:
                    starts.append(s)
                    ends.append(e)
        return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)

    def open_during(
        self, start_local_ns: np.ndarray, end_local_ns: np.ndarray, extended: bool = False
    ) -> np.ndarray:
        """Mask: bar [start, end) overlaps an open segment (LEAN ``IsOpenDuringBar``); ticks: start == end."""
        n = len(start_local_ns)
        if n == 0 or self.always_open:
            return np.ones(n, dtype=bool)
        lo = (int(start_local_ns.min()) // (DAY_S * NS)) - 1
        hi = (int(end_local_ns.max()) // (DAY_S * NS)) + 1
        epoch = date(1970, 1, 1).toordinal()
        s, e = self.open_intervals(
            date.fromordinal(epoch + lo), date.fromordinal(epoch + hi), extended
        )
        if len(s) == 0:
            return np.zeros(n, dtype=bool)
        point = start_local_ns == end_local_ns
        # interval with the greatest start < bar end (<= for instants)
        idx = (
            np.where(
                point,
                np.searchsorted(s, end_local_ns, "right"),
                np.searchsorted(s, end_local_ns, "left"),
            )
            - 1
        )
        valid = idx >= 0
        idx_c = np.clip(idx, 0, None)
        return valid & (e[idx_c] > start_local_ns)

    def session_bounds_utc(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Regular open and close (UTC int64 ns) for each date (datetime64[D]); NaT-free: closed -> 0."""
        days = np.asarray(days, dtype="datetime64[D]")
        uniq, inv = np.unique(days, return_inverse=True)
        opens = np.zeros(len(uniq), dtype=np.int64)
        closes = np.zeros(len(uniq), dtype=np.int64)
        for i, d64 in enumerate(uniq):
            d = d64.item()
            segs = [s for s in self._segments(d) if s[2] == "market"]
            if segs:
                day_ns = int(d64.astype("datetime64[ns]").astype(np.int64))
                opens[i] = day_ns + segs[0][0] * NS
                closes[i] = day_ns + segs[-1][1] * NS
        # a closed date stays 0 once converted (the zone's offset would move it off 0, and the
        # readers drop a daily bar of a date without a regular session by that 0)
        closed = opens == 0
        opens_u = np.where(closed, 0, local_to_utc(opens, self.time_zone))
        closes_u = np.where(closed, 0, local_to_utc(closes, self.time_zone))
        return opens_u[inv], closes_u[inv]


_CACHE: dict[tuple, MarketHours] = {}


def market_hours(
    security_type: object,
    market: str,
    folder: str | Path | DataFolder | None = None,
    ticker: str = "",
) -> MarketHours:
    """The (cached) ``MarketHours`` for a security type and market (and ticker).

    ``folder``: a LEAN data folder whose ``market-hours/market-hours-database.json`` is used when
    present (pre/post-market segments for equities; all hours for other markets). ``ticker``: the
    symbol's database key (``database_symbol_key``); its own entry wins over the market's ``[*]``.
    """
    sec = norm_security_type(security_type)
    mkt = market.lower()
    db_path, mtime = _database(DataFolder(folder) if folder is not None else None)
    found = _db_entry(db_path, mtime, sec, mkt, str(ticker or ""))
    if found is None and sec == "futureoption":
        # LEAN's MarketHoursDatabase: a future option without an entry of its own trades in
        # its future's hours (the options ticker mapped back to the future's, OG -> GC)
        from engine.model.derivative_tickers import future_ticker_of_option

        return market_hours("future", mkt, folder, future_ticker_of_option(str(ticker or "")))
    # cached per database entry, so the tickers sharing ``[*]`` share one calendar
    key = (sec, mkt, str(db_path), mtime, found[0] if found else "")
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    entry = _entry_from_json(found[1]) if found else None
    if (
        sec == "option"
        and mkt == "usa"
        and entry is not None
        and not (entry.holidays or entry.early_closes or entry.late_opens)
    ):
        # LEAN's MarketHoursDatabaseJsonConverter: an option entry without holidays, early
        # closes and late opens takes its underlying market's (US equities': the XNYS calendar)
        hours = MarketHours(sec, mkt, entry, calendar=xnys_sessions())
    elif sec in ("index", "indexoption") and entry is not None:
        hours = MarketHours(sec, mkt, _with_inherited_days(db_path, mtime, sec, mkt, ticker, entry))
    elif sec == "equity" and mkt == "usa":
        base = entry or _DbEntry(
            **_DEFAULT_ENTRIES["equity"], holidays=frozenset(), early_closes={}, late_opens={}
        )
        hours = MarketHours(sec, mkt, base, calendar=xnys_sessions())
    else:
        if entry is None:
            defaults = _DEFAULT_ENTRIES.get(sec)
            if defaults is None:
                raise LookupError(
                    f"no market hours for {sec}-{mkt}: add market-hours/market-hours-database.json "
                    f"with an entry '{sec.capitalize()}-{mkt}-[*]' to the data folder"
                )
            entry = _DbEntry(**defaults, holidays=frozenset(), early_closes={}, late_opens={})
        else:
            entry = _with_market_days(db_path, mtime, sec, mkt, entry)
        hours = MarketHours(sec, mkt, entry)
    _CACHE[key] = hours
    return hours


def _with_market_days(
    path: Path | None, mtime: float, sec: str, market: str, entry: _DbEntry
) -> _DbEntry:
    """LEAN's MarketHoursDatabaseJsonConverter: every entry adds its market's ``[*]`` holidays,
    early closes and late opens (``Future-cme-ES`` lists two holidays, ``Future-cme-[*]`` the
    exchange's)."""
    from dataclasses import replace

    common = _db_entry(path, mtime, sec, market)
    if common is None:
        return entry
    shared = _entry_from_json(common[1])
    return replace(
        entry,
        holidays=frozenset(entry.holidays | shared.holidays),
        early_closes={**shared.early_closes, **entry.early_closes},
        late_opens={**shared.late_opens, **entry.late_opens},
    )


def _with_inherited_days(
    path: Path | None, mtime: float, sec: str, market: str, ticker: str, entry: _DbEntry
) -> _DbEntry:
    """An index's or index option's entry with the holidays, early closes and late opens LEAN's
    MarketHoursDatabaseJsonConverter gives it: an index option without its own takes its index's
    (SPXW's are SPX's), and every entry adds its market's ``[*]`` ones (``Index-usa-SPX`` lists
    none itself, ``Index-usa-[*]`` lists the US holidays). The sessions stay the entry's own
    (Chicago's 08:30-15:15 for SPX, not New York's equity calendar)."""
    from dataclasses import replace

    from engine.model.derivative_tickers import index_of_option_ticker

    holidays, early, late = set(entry.holidays), dict(entry.early_closes), dict(entry.late_opens)
    if sec == "indexoption":
        index = index_of_option_ticker(ticker.upper()) if ticker and ticker != "[*]" else ""
        found = _db_entry(path, mtime, "index", market, index)
        if found is not None:
            underlying = _with_inherited_days(
                path, mtime, "index", market, index, _entry_from_json(found[1])
            )
            holidays = holidays or set(underlying.holidays)
            early = early or dict(underlying.early_closes)
            late = late or dict(underlying.late_opens)
    common = _db_entry(path, mtime, sec, market)
    if common is not None:
        shared = _entry_from_json(common[1])
        holidays |= shared.holidays
        early = {**shared.early_closes, **early}
        late = {**shared.late_opens, **late}
    return replace(entry, holidays=frozenset(holidays), early_closes=early, late_opens=late)


def exchange_time_zone(
    security_type: object,
    market: str,
    folder: str | Path | DataFolder | None = None,
    ticker: str = "",
) -> str:
    """The exchange time zone name of a security type and market (what ``market_hours`` would
    answer as ``time_zone``), without building its trading calendar: for pages that only show
    times in the exchange's zone."""
    sec = norm_security_type(security_type)
    db_path, mtime = _database(DataFolder(folder) if folder is not None else None)
    found = _db_entry(db_path, mtime, sec, market.lower(), str(ticker or ""))
    if found is None and sec == "futureoption":
        from engine.model.derivative_tickers import future_ticker_of_option

        return exchange_time_zone("future", market, folder, future_ticker_of_option(str(ticker)))
    if found is not None:
        return str(found[1].get("exchangeTimeZone", "UTC"))
    defaults = _DEFAULT_ENTRIES.get(sec)
    if defaults is None:
        raise LookupError(f"no market hours for {sec}-{market.lower()}")
    return str(defaults["exchange_tz"])


def _as_datetime(value: datetime | date) -> datetime:
    """A date stands for its midnight (pythonnet converts a Python date to a DateTime)."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)
