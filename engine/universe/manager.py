"""Universe selection for classic algorithms (Algorithm/QCAlgorithm.Universe.cs, UniverseSelection.cs).

- ``self.add_universe(coarse_fn)``: coarse fundamental selection, run at midnight (algorithm time)
  of each day that follows a US equity trading day (file D is LEAN's data point [D, D+1), emitted
  at D+1 00:00; a missing file is an empty selection input), and once at the start on the last
  trading day's file;
- ``self.add_universe(ScheduledUniverse(date_rule, time_rule, fn))`` or
  ``self.add_universe(date_rule, time_rule, fn)``: ``fn(time)`` at the rule's times;
- the selector returns symbols or tickers, or ``Universe.UNCHANGED``.

The runner calls ``UniverseManager.select_day(day)`` before building each day's feeds. Added symbols are
subscribed with ``self.universe_settings`` (resolution, leverage, fill forward, extended hours, data
normalization) and reported in ``on_securities_changed``; a member not selected any more, once it
has been a member for ``minimum_time_in_universe``, is reported as removed right away and
unsubscribed once it has no holdings and no open orders (LEAN's PendingRemovalsManager); it stays
in ``self.securities``.
Removal never liquidates (as LEAN's classic API).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from engine.model import Market, SecurityType, Symbol
from engine.universe.coarse import read_coarse
from engine.universe.constituents import read_universe_constituents
from engine.universe.etf import read_constituents
from engine.universe.kinds import UNCHANGED, UniverseEntry
from engine.universe.members import SecurityDict, SymbolSet
from engine.universe.option_chains import chain_selection_time
from engine.universe.triggers import (
    as_symbol,
    scheduled_times,
    select_fundamental,
    select_then_fine,
    user_defined_times,
)

# the option contracts whose securities carry a price model (LEAN's Option and its subclasses)
OPTION_CONTRACT_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


class UniverseManager:
    """The algorithm's universes and their members."""

    def __init__(self, algorithm: Any) -> None:
        self.algorithm = algorithm
        self.universes: list[UniverseEntry] = []
        self.pending_removed: list[Any] = []  # securities reported at the next S14
        self._waiting: dict[Symbol, UniverseEntry] = {}  # removals delayed by holdings/orders
        self._first_day: date | None = None
        self._first_source: date | None = None
        self._trading_days: set[date] = set()
        self._previous_trading_day: Any = None
        # intraday selections due: (time, universe, the selection's members when run)
        self._deferred: list[tuple[datetime, UniverseEntry, Any]] = []
        # the subscription requests the universes made (by identity): a removal ends only these,
        # never the subscription the algorithm added itself (LEAN's UserDefinedUniverse holds it)
        self._owned: dict[int, Any] = {}

    def __bool__(self) -> bool:
        """Whether any universe selects during the run (manual ones never do)."""
        return any(u.kind != "manual" for u in self.universes)

    # -- LEAN UniverseManager: a read-only dictionary of universe symbol -> universe -----------
    def __len__(self) -> int:
        return len(self.universes)

    @property
    def count(self) -> int:
        return len(self.universes)

    def keys(self) -> list[Symbol]:
        return [u.symbol for u in self.universes]

    def values(self) -> list[UniverseEntry]:
        return list(self.universes)

    def __iter__(self) -> Any:
        return iter(self.universes)

    @property
    def active_securities(self) -> SecurityDict:
        """Securities with a live subscription (members of some universe, or added by hand)."""
        algo = self.algorithm
        out = SecurityDict()
        for request in algo._subscriptions:
            if not request.internal and request.symbol in algo.securities:
                out[request.symbol] = algo.securities[request.symbol]
        return out

    Count = count
    Keys = property(keys)
    Values = property(values)
    ActiveSecurities = active_securities

    def add(self, entry: UniverseEntry) -> None:
        self.universes.append(entry)

    # -- before the run -----------------------------------------------------------------------
    def check_data(self, folder: Any, first: date, last: date) -> None:
        """Learn the US equity trading days of the run: fundamental universes select once after
        each of them, whether or not its coarse file exists (LEAN's
        BaseDataCollectionSubscriptionEnumeratorFactory emits an empty collection for a missing
        file, so the selector runs with no data)."""
        if not any(
            u.kind in ("coarse", "etf", "constituents", "option_chain", "option_chains")
            for u in self.universes
        ):
            return
        from engine.data.market_hours import market_hours

        hours = market_hours(SecurityType.EQUITY, Market.USA, folder)
        self._first_day = first
        self._first_source = hours.previous_trading_day(first)
        self._trading_days = set(hours.trading_days(first, last))
        self._previous_trading_day = hours.previous_trading_day
        for entry in self.universes:
            if entry.schedule is not None:
                entry.schedule_days = set(entry.schedule.get_dates(first, last))
                # LEAN's DataManager starts a scheduled universe's data at the latest scheduled
                # date up to a year before the start, so it selects at the start only when the
                # schedule fired in that year
                lookback = entry.schedule.get_dates(first - timedelta(days=365), first)
                entry.selects_at_start = any(d <= first for d in lookback)

    def _coarse_source_day(self, day: date, entry: UniverseEntry) -> date | None:
        """The coarse file selected on at ``day`` 00:00: the previous trading day's. LEAN starts
        a universe's subscription on the trading day before the algorithm's start, so the first
        selection happens right at the start, on the last file before it (DataManager.cs). With
        ``universe_settings.schedule`` set, selection happens only on the schedule's dates (and
        that first time), on the latest file before them (LEAN's ScheduledEnumerator)."""
        if day == self._first_day and entry.selects_at_start:
            return self._first_source
        if entry.schedule is not None:
            if day not in entry.schedule_days:
                return None
            return self._previous_trading_day(day)
        prev = day - timedelta(days=1)
        return prev if prev in self._trading_days else None

    def _etf_source_day(self, day: date) -> date | None:
        """The constituents file selected on at ``day`` 00:00: the previous trading day's."""
        if day == self._first_day:
            return self._first_source
        prev = day - timedelta(days=1)
        return prev if prev in self._trading_days else None

    # -- selection -------------------------------------------------------------------------------
    def select_day(self, day: date, set_time: Any, *, after_end: bool = False) -> list[datetime]:
        """Run every universe due on ``day`` (``set_time(naive_local)`` moves the clock); the
        times (naive local) at which a universe selected. ``after_end``: the day after the last
        date: the fundamental universes' data of the last date arrives at the next midnight
        (LEAN's BaseDataCollectionSubscriptionEnumeratorFactory emits the end date's file too),
        which gives the run a last step there, but UniverseSelection.ApplyUniverseSelection
        selects nothing after the end date: the times only, no selection."""
        algo = self.algorithm
        folder = algo._data_folder
        times: list[datetime] = []
        if not after_end:
            # framework future models first: the chains they add select this very day
            for entry in [u for u in self.universes if u.kind == "future_model"]:
                from engine.universe.future_models import refresh_future_model

                if refresh_future_model(algo, self, entry, day, set_time):
                    times.append(datetime(day.year, day.month, day.day))
        for entry in list(self.universes):
            if after_end:
                due = (
                    self._coarse_source_day(day, entry)
                    if entry.kind == "coarse"
                    else self._etf_source_day(day)
                    if entry.kind in ("etf", "constituents", "option_chain", "option_chains")
                    else None
                )
                if due is not None and (
                    entry.kind == "coarse"
                    or (entry.kind == "option_chain" and _has_chain_file(folder, entry, due))
                    or (
                        entry.kind == "option_chains"
                        and _has_any_chain_file(folder, entry.selector(algo.utc_time), due)
                    )
                    or (
                        entry.kind in ("etf", "constituents")
                        and _constituent_rows(folder, entry, due) is not None
                    )
                ):
                    times.append(
                        chain_selection_time(algo, entry.option, day)
                        if entry.kind == "option_chain"
                        else datetime(day.year, day.month, day.day)
                    )
                continue
            if entry.kind == "coarse":
                source = self._coarse_source_day(day, entry)
                if source is None:
                    continue
                rows = read_coarse(folder, source)
                at = datetime(day.year, day.month, day.day)
                set_time(at)
                times.append(at)
                self._apply(entry, select_fundamental(entry, rows, source, folder), at)
            elif entry.kind == "option_chains":
                source = self._etf_source_day(day)
                if source is None:
                    continue
                at = datetime(day.year, day.month, day.day)
                set_time(at)
                times.append(at)
                self._apply(entry, self._model_chains_selection(entry, source, at), at)
            elif entry.kind == "option_chain":
                source = self._etf_source_day(day)
                if source is None:
                    continue
                at = chain_selection_time(algo, entry.option, day)
                times.append(at)
                if at > datetime(day.year, day.month, day.day):
                    # the chain file is the option exchange's data: it arrives at that
                    # exchange's midnight (an index option's Chicago midnight is 01:00 in New York)
                    select = partial(self._option_selection, entry, source, at)
                    self._deferred.append((at, entry, select))
                    continue
                set_time(at)
                self._apply(entry, self._option_selection(entry, source, at), at)
            elif entry.kind in ("etf", "constituents"):
                source = self._etf_source_day(day)
                rows = _constituent_rows(folder, entry, source) if source else None
                if rows is None:  # sparse data: no file, no selection
                    continue
                at = datetime(day.year, day.month, day.day)
                set_time(at)
                times.append(at)
                self._apply(entry, select_then_fine(entry, rows, source, folder), at)
            elif entry.kind == "continuous":
                from engine.universe.continuous import exchange_midnights, select_mapped

                midnight = datetime(day.year, day.month, day.day)
                for at, exchange_day in exchange_midnights(algo, entry, day):
                    if at > midnight:
                        # the exchange's day starts later in the algorithm's day (EUREX in
                        # New York time): the mapping is looked at in that step
                        self._deferred.append((at, entry, partial(entry.selector, at)))
                        times.append(at)
                        continue
                    set_time(at)
                    if select_mapped(algo, entry, exchange_day) is not None:
                        times.append(at)
            elif entry.kind == "future":
                from engine.universe.future_chains import select_contracts, selection_file

                first = algo.start_date.date()
                path = selection_file(folder, entry.future, day, first)
                if path is None:
                    continue
                at = datetime(day.year, day.month, day.day)
                set_time(at)
                times.append(at)
                self._apply(entry, select_contracts(folder, entry.future, path, day), at)
            elif entry.kind == "custom":
                for at, points in self._custom_points(entry).get(day, []):
                    set_time(at)
                    times.append(at)
                    self._apply(entry, entry.selector(points), at)
            elif entry.kind in ("user_defined", "scheduled"):
                due = (
                    user_defined_times(entry, day, algo)
                    if entry.kind == "user_defined"
                    else scheduled_times(entry, day, algo)
                )
                midnight = datetime(day.year, day.month, day.day)
                for at in due:
                    times.append(at)
                    if at > midnight:
                        # a selection later in the day runs when the loop reaches its time (LEAN
                        # selects in the time slice of the trigger time, after the data before it)
                        self._deferred.append((at, entry, partial(entry.selector, at)))
                        continue
                    set_time(at)
                    self._apply(entry, entry.selector(at), at)
        self._retry_waiting(datetime(day.year, day.month, day.day))
        return sorted(set(times))

    def _option_selection(self, entry: UniverseEntry, source: date, now: datetime) -> Any:
        """The chain universe's members on ``source``'s chain file (the filter is the user's)."""
        from engine.universe.option_chains import select_contracts

        option = entry.option
        selected = select_contracts(
            option, self.algorithm._data_folder, source, now, option.exchange_hours
        )
        return UNCHANGED if selected is None else selected

    def _model_chains_selection(self, entry: UniverseEntry, source: date, now: datetime) -> Any:
        """An OptionUniverseSelectionModel's members: for each canonical option its selector
        names (one per underlying), the underlying and the contracts its filter keeps."""
        from engine.universe.option_chains import select_contracts

        algo = self.algorithm
        out: list[Any] = []
        underlyings: set[Any] = set()
        for canonical in entry.selector(algo.utc_time) or []:
            canonical = as_symbol(canonical)
            underlying = canonical.underlying
            if underlying is None or underlying in underlyings:
                continue
            underlyings.add(underlying)
            option = algo.chain_option(canonical, entry.settings)
            option.contract_filter = entry.fine
            selected = select_contracts(
                option, algo._data_folder, source, now, option.exchange_hours
            )
            out.extend([underlying] if selected is None else selected)
        return out

    def run_due(self, now: datetime) -> None:
        """Run the intraday selections due at or before ``now`` (naive local: the algorithm's
        time), in time order; the loop calls this in the selection's own time slice."""
        due = sorted((d for d in self._deferred if d[0] <= now), key=lambda d: d[0])
        if not due:
            return
        self._deferred = [d for d in self._deferred if d[0] > now]
        for at, entry, select in due:
            self._apply(entry, select(), at)

    def _custom_points(self, entry: UniverseEntry) -> dict[date, list[tuple[datetime, list[Any]]]]:
        """The custom universe's points over the run, grouped by end time, by day (read once with
        the type's own ``get_source``/``reader``)."""
        if entry.points is None:
            from engine.common.clock import local_to_ns

            algo = self.algorithm
            tz = algo.time_zone
            start = local_to_ns(algo.start_date - timedelta(days=1), tz)
            end = local_to_ns(algo.end_date, tz)
            read = algo.custom_history_points(entry.custom_type, [entry.symbol], start, end, None)
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
        symbols = self._known_by_identifier([as_symbol(s) for s in (selected or [])], entry)
        entry.selected = SymbolSet(symbols)
        wanted = dict.fromkeys(symbols)
        # LEAN's PendingRemovalsManager.CheckPendingRemovals, before each selection: a pending
        # removal that became safe (no holdings, no open orders) leaves now, so selecting it
        # again adds it anew; one still busy but selected again by its universe is called off
        for sym, waiting_entry in list(self._waiting.items()):
            if not self._busy(sym):
                del self._waiting[sym]
                waiting_entry.members.pop(sym, None)
                self._unsubscribe(sym)
            elif waiting_entry is entry and sym in wanted:
                del self._waiting[sym]
        for sym in list(entry.members):
            if sym not in wanted:
                self._remove(entry, sym, now)
        for sym in wanted:
            if sym in entry.members:
                continue
            entry.members[sym] = now
            self._subscribe(sym, entry.settings)

    def _known_by_identifier(self, symbols: list[Symbol], entry: UniverseEntry) -> list[Symbol]:
        """The selection with each equity named as the algorithm already knows it: LEAN's
        symbols are one security per SecurityIdentifier whatever their ticker (Common/Symbol.cs
        compares identifiers), so a coarse row "GOOCV VP83T1ZUHROL" is the security added as
        "GOOG" (new Google), and "GOOGL T1AZ164W5VTX" after the 2014 rename is the member that
        was selected as "GOOG T1AZ164W5VTX" before it."""
        known: dict[str, Symbol] = {}
        for sym in (*self.algorithm.securities.keys(), *entry.members):
            if isinstance(sym, Symbol) and sym.id.sid and sym.security_type == SecurityType.EQUITY:
                known.setdefault(sym.id.sid, sym)
        if not known:
            return symbols
        return [
            known.get(sym.id.sid, sym) if sym.security_type == SecurityType.EQUITY else sym
            for sym in symbols
        ]

    def _subscribe(self, symbol: Symbol, settings: Any = None) -> None:
        algo = self.algorithm
        settings = settings or algo.universe_settings
        existing = [r for r in algo._subscriptions if r.symbol == symbol and not r.internal]
        if existing:
            # LEAN keeps one subscription per configuration (Common/Data/SubscriptionDataConfig.cs
            # compares resolutions too): a security the algorithm added at one resolution and a
            # universe selects at another gets the universe's subscription beside its own, so a
            # minute subscription without data still has the universe's daily prices
            request = self._request_for(symbol, settings)
            if all(r.resolution != request.resolution for r in existing):
                self._own(request)
            self._take_chain_price_model(symbol)
            return
        was_known = symbol in algo.securities
        custom_type = getattr(symbol, "custom_data_type", None)
        if custom_type is not None:
            # a custom data symbol (Symbol.create_base) selected by a universe: its own subscription
            if not was_known:
                algo.add_data(custom_type, symbol, settings.resolution)
                algo._custom_subscriptions[-1].from_universe = True
            return
        count = len(algo._subscriptions)
        security = algo._add_security(
            symbol.security_type,
            symbol,
            settings.resolution,
            symbol.market,
            settings.fill_forward,
            settings.leverage or 0.0,
            settings.extended_market_hours,
            settings.data_normalization_mode,
        )
        for request in algo._subscriptions[count:]:
            if request.symbol == symbol and not request.internal:
                self._owned[id(request)] = request
        self._take_chain_price_model(symbol)
        if was_known and security not in algo._pending_added:  # re-added after a removal
            self._own(self._request_for(symbol, settings))
            algo._pending_added.append(security)
        if getattr(security, "needs_initialization", False):
            security.needs_initialization = False
            initializer = getattr(algo, "_security_initializer", None)
            if initializer is not None:
                initializer(security)

    def _take_chain_price_model(self, symbol: Symbol) -> None:
        """An option contract a chain selects prices with its canonical option's model, as
        LEAN's OptionChainUniverse.GetSubscriptionRequests sets it (a contract added on its own
        keeps the model it was created with)."""
        securities = self.algorithm.securities
        if symbol.security_type not in OPTION_CONTRACT_TYPES or symbol.is_canonical():
            return
        canonical = symbol.canonical
        if symbol not in securities or canonical not in securities:
            return
        model = getattr(securities[canonical], "price_model", None)
        if model is not None:
            securities[symbol].price_model = model

    def _own(self, request: Any) -> None:
        """Subscribe ``request`` for a universe (a removal of the member ends it)."""
        self.algorithm._subscriptions.append(request)
        self._owned[id(request)] = request

    def _request_for(self, symbol: Symbol, settings: Any = None) -> Any:
        from engine.model.subscriptions import (
            SubscriptionRequest,
            as_normalization,
            as_resolution,
        )

        s = settings or self.algorithm.universe_settings
        return SubscriptionRequest(
            symbol=symbol,
            resolution=as_resolution(s.resolution),
            fill_forward=bool(s.fill_forward),
            extended_market_hours=bool(s.extended_market_hours),
            normalization=as_normalization(s.data_normalization_mode),
            leverage=float(s.leverage or 0.0),
        )

    def _remove(self, entry: UniverseEntry, symbol: Symbol, now: datetime) -> None:
        """LEAN's UniverseSelection: a member no longer selected is reported as removed at once
        (once: not again while its removal is pending); its subscription ends when it holds no
        stock and has no open orders (PendingRemovalsManager), until then it stays a member."""
        added = entry.members.get(symbol)
        minimum = getattr(
            self.algorithm.universe_settings, "minimum_time_in_universe", timedelta(0)
        )
        if added is not None and now - added < minimum:
            return
        if symbol in self._waiting:
            return
        # LEAN's UniverseSelection.ApplyUniverseSelection reports the removal even when another
        # universe still holds the symbol (it does not check other universes); only the
        # subscription stays while any universe has it (``_unsubscribe``)
        self._report_removed(symbol)
        if self._busy(symbol):
            self._waiting[symbol] = entry
            return
        entry.members.pop(symbol, None)
        self._unsubscribe(symbol)

    def drop_member(self, entry: UniverseEntry, symbol: Symbol, now: datetime) -> None:
        """A member of a universe that is going away leaves now (reported as removed, its
        subscription ending once nothing holds it)."""
        if symbol in self._waiting:
            return
        self._report_removed(symbol)
        if self._busy(symbol):
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
                self._unsubscribe(symbol)

    def _report_removed(self, symbol: Symbol) -> None:
        algo = self.algorithm
        security = algo.securities[symbol]
        if security in algo._pending_added:  # added and removed before the algorithm saw it
            algo._pending_added.remove(security)
        else:
            self.pending_removed.append(security)

    def _unsubscribe(self, symbol: Symbol) -> None:
        """End a member's subscription once no universe holds it. As LEAN's
        UniverseSelection.RemoveSecurityFromUniverse (Engine/DataFeeds/UniverseSelection.cs), a
        security whose subscription this ends also loses its cached data (SecurityCache.Reset):
        its price is 0 until data arrives again after a later re-selection."""
        algo = self.algorithm
        if any(symbol in u.members for u in self.universes):
            return
        owned = self._owned
        kept = [
            r for r in algo._subscriptions if r.symbol != symbol or r.internal or id(r) not in owned
        ]
        if len(kept) == len(algo._subscriptions):
            return
        for request in algo._subscriptions:
            if request.symbol == symbol:
                owned.pop(id(request), None)
        algo._subscriptions[:] = kept
        if any(r.symbol == symbol and not r.internal for r in kept):
            return  # the algorithm's own subscription keeps the security and its data
        security = algo.securities[symbol] if symbol in algo.securities else None
        cache = getattr(security, "cache", None)
        if cache is not None:
            cache.reset()
            # LEAN's Security.Reset marks it uninitialized: selected again, the security
            # initializer runs again (SecurityService.InitializeSecurity), e.g. to seed a price
            security.needs_initialization = True

    def forget(self, symbol: Symbol) -> bool:
        """A delisted member leaves every universe now (LEAN's ``BacktestingBrokerage.
        ProcessDelistings``); True when its removal was already reported."""
        reported = symbol in self._waiting or any(s.symbol == symbol for s in self.pending_removed)
        self._waiting.pop(symbol, None)
        for entry in self.universes:
            entry.members.pop(symbol, None)
        return reported

    def take_removed(self) -> list[Any]:
        out, self.pending_removed = self.pending_removed, []
        return out


def _has_chain_file(folder: Any, entry: UniverseEntry, day: date) -> bool:
    """Whether the option chain universe has its file of ``day`` (its data of the end date
    arrives at the next midnight, LEAN's last time step)."""
    from engine.universe.option_chains import chain_rows

    chain, _ = chain_rows(folder, entry.option.symbol, day)
    return chain is not None


def _has_any_chain_file(folder: Any, canonicals: Any, day: date) -> bool:
    """Whether one of an option chains universe's canonical options (a future option's chain
    per future contract) has its file of ``day``: as one chain's, its data of the end date
    arrives at the next midnight, LEAN's last time step."""
    from engine.universe.option_chains import chain_rows

    return any(chain_rows(folder, as_symbol(c), day)[0] is not None for c in canonicals or [])


def _constituent_rows(folder: Any, entry: UniverseEntry, day: date) -> list[Any] | None:
    """The rows of an ETF or constituents universe's file ``day`` (None without a file)."""
    if entry.kind == "etf":
        return read_constituents(folder, entry.etf, day)
    return read_universe_constituents(folder, entry.etf, day)
