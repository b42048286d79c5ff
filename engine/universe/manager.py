"""Universe selection for classic algorithms (Algorithm/QCAlgorithm.Universe.cs, UniverseSelection.cs).

- ``self.add_universe(coarse_fn)``: coarse fundamental selection, run at midnight (algorithm time)
  of each day that follows a coarse file (file D is LEAN's data point [D, D+1), emitted at D+1 00:00);
- ``self.add_universe(ScheduledUniverse(date_rule, time_rule, fn))`` or
  ``self.add_universe(date_rule, time_rule, fn)``: ``fn(time)`` at the rule's times;
- the selector returns symbols or tickers, or ``Universe.UNCHANGED``.

The runner calls ``UniverseManager.select_day(day)`` before building each day's feeds. Added symbols are
subscribed with ``self.universe_settings`` (resolution, leverage, fill forward, extended hours, data
normalization) and reported in ``on_securities_changed``; removed members are unsubscribed once they
have no holdings and no open orders and have been members for ``minimum_time_in_universe`` (LEAN's
PendingRemovalsManager): they are reported as removed at that point and stay in ``self.securities``.
Removal never liquidates (as LEAN's classic API).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from engine.model import Market, SecurityType, Symbol
from engine.universe.coarse import coarse_dates, read_coarse


class UniverseError(Exception):
    """A universe that cannot run (no coarse data for the backtest range, unsupported kind)."""


class _Unchanged:
    def __repr__(self) -> str:
        return "Universe.UNCHANGED"


UNCHANGED = _Unchanged()


class Universe:
    """``Universe.UNCHANGED``: a selector's way to keep the current members."""

    UNCHANGED = Unchanged = UNCHANGED


class ScheduledUniverse:
    """``ScheduledUniverse(date_rule, time_rule, selector)``; ``selector(time) -> symbols``."""

    def __init__(self, date_rule: Any, time_rule: Any, selector: Any, settings: Any = None) -> None:
        self.date_rule = date_rule
        self.time_rule = time_rule
        self.selector = selector
        self.settings = settings


@dataclass
class UniverseEntry:
    kind: str  # "coarse" | "scheduled"
    selector: Any
    date_rule: Any = None
    time_rule: Any = None
    members: dict[Symbol, datetime] = field(default_factory=dict)  # symbol -> time added
    interval: timedelta | None = None  # "user_defined": selection every interval of open market
    name: str = ""
    symbol: Any = None  # the universe's own symbol (LEAN ``Universe.Symbol``)
    data_type: Any = None  # "custom": the PythonData type whose points drive selection
    points: dict[date, list[tuple[datetime, list[Any]]]] | None = None  # "custom", by day


class UniverseManager:
    """The algorithm's universes and their members."""

    def __init__(self, algorithm: Any) -> None:
        self.algorithm = algorithm
        self.universes: list[UniverseEntry] = []
        self.pending_removed: list[Any] = []  # securities reported at the next S14
        self._waiting: dict[Symbol, UniverseEntry] = {}  # removals delayed by holdings/orders
        self._coarse_days: set[date] | None = None

    def __bool__(self) -> bool:
        return bool(self.universes)

    def add(self, entry: UniverseEntry) -> None:
        self.universes.append(entry)

    # -- checks before the run ----------------------------------------------------------------
    def check_data(self, folder: Any, first: date, last: date) -> None:
        if not any(u.kind == "coarse" for u in self.universes):
            return
        days = coarse_dates(folder)
        self._coarse_days = set(days)
        if not any(first - timedelta(days=4) <= d <= last for d in days):
            where = f"{getattr(folder, 'root', folder)}/equity/usa/fundamental/coarse"
            span = f"{days[0]:%Y-%m-%d}..{days[-1]:%Y-%m-%d}" if days else "none"
            raise UniverseError(
                f"No coarse fundamental data for {first:%Y-%m-%d}..{last:%Y-%m-%d} in {where} "
                f"(files available: {span}); the coarse universe cannot select securities."
            )

    # -- selection -------------------------------------------------------------------------------
    def select_day(self, day: date, set_time: Any) -> None:
        """Run every universe due on ``day`` (``set_time(naive_local)`` moves the clock)."""
        algo = self.algorithm
        folder = algo._data_folder
        for entry in self.universes:
            if entry.kind == "coarse":
                prev = day - timedelta(days=1)
                if self._coarse_days is not None and prev not in self._coarse_days:
                    continue
                rows = read_coarse(folder, prev)
                if not rows:
                    continue
                at = datetime(day.year, day.month, day.day)
                set_time(at)
                self._apply(entry, entry.selector(rows), at)
            elif entry.kind == "custom":
                for at, points in self._custom_points(entry).get(day, []):
                    set_time(at)
                    self._apply(entry, entry.selector(points), at)
            elif entry.kind == "user_defined":
                for at in _user_defined_times(entry, day, algo):
                    set_time(at)
                    self._apply(entry, entry.selector(at), at)
            else:
                for at in _scheduled_times(entry, day, algo):
                    set_time(at)
                    self._apply(entry, entry.selector(at), at)
        self._retry_waiting(datetime(day.year, day.month, day.day))

    def _custom_points(self, entry: UniverseEntry) -> dict[date, list[tuple[datetime, list[Any]]]]:
        """The custom universe's points over the run, grouped by end time, by day (read once)."""
        if entry.points is None:
            from engine.common.clock import local_to_ns

            algo = self.algorithm
            tz = algo.time_zone
            start = local_to_ns(algo.start_date - timedelta(days=1), tz)
            end = local_to_ns(algo.end_date, tz)
            read = algo.custom_history_points(entry.data_type, [entry.symbol], start, end, None)
            by_time: dict[datetime, list[Any]] = {}
            for point in read[entry.symbol]:
                by_time.setdefault(point.end_time, []).append(point)
            entry.points = {}
            for at in sorted(by_time):
                entry.points.setdefault(at.date(), []).append((at, by_time[at]))
        return entry.points

    def _apply(self, entry: UniverseEntry, selected: Any, now: datetime) -> None:
        if selected is UNCHANGED:
            return
        symbols = [_as_symbol(s) for s in (selected or [])]
        wanted = dict.fromkeys(symbols)
        # LEAN checks the pending removals first (PendingRemovalsManager.CheckPendingRemovals):
        # a member that became safe to remove leaves the universe even when selected again, so
        # selecting it adds it anew
        for sym, waiting_entry in list(self._waiting.items()):
            if waiting_entry is entry and not self._busy(sym):
                del self._waiting[sym]
                entry.members.pop(sym, None)
                self._unsubscribe(sym, report=False)
        for sym in list(entry.members):
            if sym not in wanted:
                self._remove(entry, sym, now)
        for sym in wanted:
            self._waiting.pop(sym, None)  # selected again: no longer pending removal
            if sym in entry.members:
                continue
            entry.members[sym] = now
            self._subscribe(sym)

    def _subscribe(self, symbol: Symbol) -> None:
        algo = self.algorithm
        settings = algo.universe_settings
        existing = next((r for r in algo._subscriptions if r.symbol == symbol), None)
        if existing is not None:
            return
        was_known = symbol in algo.securities
        security = algo._add_security(
            symbol.security_type,
            symbol.value,
            settings.resolution,
            symbol.market,
            settings.fill_forward,
            settings.leverage or 0.0,
            settings.extended_market_hours,
            settings.data_normalization_mode,
        )
        if was_known and security not in algo._pending_added:  # re-added after a removal
            algo._subscriptions.append(self._request_for(symbol))
            algo._pending_added.append(security)

    def _request_for(self, symbol: Symbol) -> Any:
        from engine.model.subscriptions import (
            SubscriptionRequest,
            as_normalization,
            as_resolution,
        )

        s = self.algorithm.universe_settings
        return SubscriptionRequest(
            symbol=symbol,
            resolution=as_resolution(s.resolution),
            fill_forward=bool(s.fill_forward),
            extended_market_hours=bool(s.extended_market_hours),
            normalization=as_normalization(s.data_normalization_mode),
            leverage=float(s.leverage or 0.0),
        )

    def _remove(self, entry: UniverseEntry, symbol: Symbol, now: datetime) -> None:
        added = entry.members.get(symbol)
        minimum = getattr(
            self.algorithm.universe_settings, "minimum_time_in_universe", timedelta(0)
        )
        if added is not None and now - added < minimum:
            return
        if self._busy(symbol):
            # LEAN (Engine/DataFeeds/UniverseSelection.cs) reports the removal at once and keeps
            # the subscription until the security has no holdings and no open orders
            if symbol not in self._waiting:
                self._report_removed(symbol)
            self._waiting[symbol] = entry
            return
        entry.members.pop(symbol, None)
        self._unsubscribe(symbol)

    def _busy(self, symbol: Symbol) -> bool:
        algo = self.algorithm
        security = algo.securities[symbol]
        holdings = getattr(security, "holdings", None)
        if holdings is not None and getattr(holdings, "invested", False):
            return True
        get_open = getattr(algo.transactions, "get_open_orders", None)
        return bool(get_open(symbol)) if get_open is not None else False

    def _retry_waiting(self, now: datetime) -> None:
        for symbol, entry in list(self._waiting.items()):
            if not self._busy(symbol):
                del self._waiting[symbol]
                entry.members.pop(symbol, None)
                self._unsubscribe(symbol, report=False)  # reported when it was deselected

    def _unsubscribe(self, symbol: Symbol, report: bool = True) -> None:
        algo = self.algorithm
        if any(symbol in u.members for u in self.universes):
            return
        algo._subscriptions[:] = [
            r for r in algo._subscriptions if r.symbol != symbol or r.internal
        ]
        if report:
            self._report_removed(symbol)

    def _report_removed(self, symbol: Symbol) -> None:
        """``on_securities_changed`` reports the security as removed at the next step (a security
        added in this same step is simply never reported)."""
        algo = self.algorithm
        security = algo.securities[symbol]
        if security in algo._pending_added:
            algo._pending_added.remove(security)
        else:
            self.pending_removed.append(security)

    def take_removed(self) -> list[Any]:
        out, self.pending_removed = self.pending_removed, []
        return out


def _scheduled_times(entry: UniverseEntry, day: date, algo: Any) -> list[datetime]:
    from engine.common.clock import ns_to_local
    from engine.common.scheduling import event_times

    times = event_times(entry.date_rule, entry.time_rule, day, day)
    return [ns_to_local(int(t), algo.time_zone) for t in times]


def _user_defined_times(entry: UniverseEntry, day: date, algo: Any) -> list[datetime]:
    """LEAN ``UserDefinedUniverse.GetTriggerTimes``: every ``interval`` from midnight, the first
    time of the run always, later ones only when the market is open during the interval (a daily
    universe selects at midnight of each trading day)."""
    hours = _equity_hours(algo)
    interval = entry.interval or timedelta(days=1)
    start = datetime(day.year, day.month, day.day)
    first_run = day == algo.start_date.date()
    out = []
    at = start
    while at < start + timedelta(days=1):
        if (first_run and at == start) or (
            hours.is_date_open(day) if interval >= timedelta(days=1) else hours.is_open(at, False)
        ):
            out.append(at)
        at += interval
    return out


def _equity_hours(algo: Any) -> Any:
    from engine.data.market_hours import market_hours

    return market_hours("equity", Market.USA, algo._data_folder)


def _as_symbol(value: Any) -> Symbol:
    if isinstance(value, Symbol):
        return value
    inner = getattr(value, "symbol", None)
    if isinstance(inner, Symbol):
        return inner
    return Symbol(str(value).upper(), SecurityType.EQUITY, Market.USA)
