"""What the runner asks of universes and custom data while building each window's feeds
(called from engine/runner/setup.py): selection before a day's feeds, custom data points."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.algorithm.clock import local_to_ns
from engine.model import TickType


class DynamicSources:
    """Universes (selection per day) and custom data (points as aux entries) of one run."""

    def __init__(self, runner: Any, first: date, last: date) -> None:
        self.runner = runner
        algo = runner.algorithm
        self.algorithm = algo
        self.universes = algo._universe_manager if algo._universe_manager else None
        self.custom = list(algo._custom_subscriptions or [])
        if self.universes is not None:
            from engine.universe.manager import UniverseError

            try:
                self.universes.check_data(runner.folder, first, last)
            except UniverseError as exc:
                from engine.runner.setup import MissingData

                raise MissingData(str(exc)) from exc
        self._custom_points = self._read_custom(first, last) if self.custom else []

    @property
    def daily_windows(self) -> bool:
        return self.universes is not None

    def before_window(self, day: date) -> None:
        """Run the universes due on ``day`` (clock at their selection times)."""
        if self.universes is None:
            return
        algo = self.algorithm
        runner = self.runner

        def set_time(local: datetime) -> None:
            runner._set_time(local_to_ns(local, algo.time_zone))

        runner._where = "universe selection"
        try:
            self.universes.select_day(day, set_time)
        except Exception as exc:
            from engine.runner.loop import UserCodeError

            raise UserCodeError("universe selection", exc) from exc

    def points(self, lower: int, upper: int) -> list:
        return [p for p in self._custom_points if lower <= p.emit <= upper]

    def _read_custom(self, first: date, last: date) -> list:
        from engine.custom.source import read_points
        from engine.runner.feeds import Feed
        from engine.runner.merge import AuxPoint

        algo = self.algorithm
        runner = self.runner
        data_root = Path(runner.folder.root)
        project = getattr(algo, "_project_dir", None)
        project_dir = Path(project) if project else None
        out = []
        for sub in self.custom:
            security = algo.securities[sub.symbol]
            from engine.algorithm.subscriptions import SubscriptionRequest

            request = SubscriptionRequest(sub.symbol, sub.config.resolution, fill_forward=False)
            feed = Feed(request, TickType.TRADE, None, algo._hours_for(sub.symbol), aux_kind=True)
            feed.security = security
            feed.finalize()
            try:
                points = read_points(
                    sub.type, sub.config, first - timedelta(days=1), last, data_root, project_dir
                )
            except Exception as exc:
                from engine.runner.loop import UserCodeError

                raise UserCodeError(f"custom data {sub.type.__name__}", exc) from exc
            last_emit = None
            for point in points:
                emit = local_to_ns(point.end_time, sub.config.time_zone)
                if last_emit is not None and emit <= last_emit:
                    continue  # LEAN drops points that do not move time forward
                last_emit = emit
                out.append(AuxPoint(emit, feed, point))
        out.sort(key=lambda p: p.emit)
        return out


def update_custom_security(security: Any, point: Any) -> None:
    """LEAN SecurityCache.AddData for custom data: the point's value becomes the price (and OHLC)."""
    cache = security.cache
    value = float(getattr(point, "value", 0.0) or 0.0)
    cache.last_data = point
    by_type = getattr(cache, "_by_type", None)
    if by_type is not None:
        by_type[type(point)] = point
    if value:
        cache.price = value
        cache.close = value
        for name in ("open", "high", "low"):
            if not getattr(cache, name, 0.0):
                setattr(cache, name, value)
