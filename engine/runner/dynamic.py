"""What the file setup asks of universes and custom data while building each window's feeds
(called from ``FileSetup.iter_windows``): selection before a day's feeds, custom data points."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.common.clock import local_to_ns
from engine.custom.source import CustomDataMissing, read_points, relative_source_dir
from engine.model import TickType
from engine.model.subscriptions import SubscriptionRequest
from engine.runner.feeds import Feed, SelectionMarker
from engine.runner.merge import AuxPoint


class DynamicSources:
    """Universes (selection per day) and custom data (points as aux entries) of one run."""

    def __init__(self, setup: Any, first: date, last: date) -> None:
        self.setup = setup
        self.algorithm = setup.algorithm
        rt = setup.runtime
        self.universes = rt.universe_manager if rt.universe_manager else None
        self._runtime = rt
        if self.universes is not None:
            from engine.universe.kinds import UniverseError

            try:
                self.universes.check_data(setup.folder, first, last)
            except UniverseError as exc:
                from engine.errors import MissingData

                raise MissingData(str(exc)) from exc
        self._first, self._last = first, last
        self._read_subs: set[int] = set()
        self._start_ns: dict[int, int] = {}  # id(point) -> its start time (UTC ns)
        self._custom_points = self._read_custom(first, last) if self.custom else []

    @property
    def custom(self) -> list:
        """The custom data subscriptions, including those universes add during the run."""
        return self._runtime.custom_subscriptions

    @property
    def daily_windows(self) -> bool:
        return self.universes is not None

    def before_window(self, day: date, *, after_end: bool = False) -> list[AuxPoint]:
        """Run the universes due on ``day`` (clock at their selection times); a time slice's
        marker at each selection time (the step that reports the security changes)."""
        if self.universes is None:
            return []
        algo = self.algorithm
        setup = self.setup

        def set_time(local: datetime) -> None:
            setup.set_time(local_to_ns(local, algo.time_zone))

        setup.state.where = "universe selection"
        try:
            times = self.universes.select_day(day, set_time, after_end=after_end)
        except Exception as exc:
            from engine.errors import UserCodeError

            raise UserCodeError("universe selection", exc) from exc
        marker = SelectionMarker(run=self.universes.run_due)
        return [AuxPoint(local_to_ns(at, algo.time_zone), marker, None) for at in times]

    def points(self, lower: int, upper: int, end_ns: int | None = None) -> list:
        """Custom points emitted in [lower, upper]; with ``end_ns`` (the last window) also those
        that START by the end and end after it (LEAN's SubscriptionDataReader stops at a point
        starting after the end: a daily point of the end date arrives at the next midnight)."""
        if any(id(sub) not in self._read_subs for sub in self.custom):
            # custom data a universe subscribed during the run (custom symbols it selected)
            self._custom_points = sorted(
                self._custom_points + self._read_custom(self._first, self._last),
                key=lambda p: p.emit,
            )
        out = [p for p in self._custom_points if lower <= p.emit <= upper]
        if end_ns is not None:
            for p in self._custom_points:
                if p.emit > upper and self._starts_by(p, end_ns):
                    out.append(p)
        return out

    def _starts_by(self, aux: AuxPoint, end_ns: int) -> bool:
        return self._start_ns.get(id(aux.data), end_ns + 1) <= end_ns

    def _read_custom(self, first: date, last: date) -> list:

        algo = self.algorithm
        setup = self.setup
        data_root = Path(setup.folder.root)
        project_dir = relative_source_dir(algo)
        out = []
        for sub in self.custom:
            if id(sub) in self._read_subs:
                continue
            self._read_subs.add(id(sub))
            security = algo.securities[sub.symbol]
            request = SubscriptionRequest(sub.symbol, sub.config.resolution, fill_forward=False)
            feed = Feed(
                request, TickType.TRADE, None, setup.runtime.hours_for(sub.symbol), aux_kind=True
            )
            feed.security = security
            feed.finalize()
            try:
                points = read_points(
                    sub.type,
                    sub.config,
                    first - timedelta(days=1),
                    last,
                    data_root,
                    project_dir,
                    algo.object_store,
                    not sub.from_universe,
                )
            except CustomDataMissing as exc:
                # as for LEAN's price data, a custom subscription without files runs on empty
                algo.debug(f"Warning: {exc}. The backtest runs on without this data.")
                points = []
            except Exception as exc:
                from engine.errors import UserCodeError

                raise UserCodeError(f"custom data {sub.type.__name__}", exc) from exc
            out.extend(_renames(sub, feed, first, last))
            last_emit = None
            for point in points:
                emit = local_to_ns(point.end_time, sub.config.time_zone)
                if last_emit is not None and emit <= last_emit:
                    continue  # LEAN drops points that do not move time forward
                last_emit = emit
                self._start_ns[id(point)] = local_to_ns(point.time, sub.config.time_zone)
                out.append(AuxPoint(emit, feed, point))
        out.sort(key=lambda p: p.emit)
        return out


def _renames(sub: Any, feed: Feed, first: date, last: date) -> list[AuxPoint]:
    """SymbolChangedEvents of a custom subscription whose type requires mapping, at the midnight
    that starts each new name's first date (LEAN's MappingEventProvider for such a config)."""
    from engine.model import SymbolChangedEvent

    mapping = sub.config.mapping
    if mapping is None:
        return []
    out = []
    for day, old, new in mapping.changes():
        if first <= day <= last:
            when = datetime(day.year, day.month, day.day)
            event = SymbolChangedEvent(sub.symbol, when, old.upper(), new.upper())
            out.append(AuxPoint(local_to_ns(when, sub.config.time_zone), feed, event))
    return out
