"""The engine's side of a ``QCAlgorithm``: what the runner reads and changes on an algorithm.

LEAN's engine talks to the algorithm through ``IAlgorithm`` (``SetDateTime``, ``SetLocked``,
``SetFinishedWarmingUp``, ``GetChartUpdates``...). Here the runner goes through this one object
instead of reaching into the algorithm's private attributes, so the algorithm's internals can
change without the loop, the data sources or the result handler noticing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from engine.algorithm.qcalgorithm import QCAlgorithm, user_handler
from engine.algorithm.security_definitions import definition_for
from engine.data.absent_data import absent_data_notes, note_absent_data
from engine.execution.future_margin import FutureMarginModel
from engine.execution.shortable import LocalDiskShortableProvider
from engine.model.symbol import Symbol
from engine.portfolio.security import Security
from engine.statistics.identifiers import data_ticker_for, equity_identifier_for
from engine.universe.fundamental import fundamental_for

#: The event handlers the loop calls, looked up once after ``initialize`` (either spelling).
LOOP_HANDLERS = (
    "on_data",
    "on_order_event",
    "on_end_of_day",
    "on_end_of_algorithm",
    "on_securities_changed",
    "on_warmup_finished",
    "on_splits",
    "on_dividends",
    "on_delistings",
    "on_symbol_changed_events",
)


class AlgorithmRuntime:
    """The runner's interface to one algorithm (every member is used by ``engine.runner``)."""

    __slots__ = ("algorithm",)

    def __init__(self, algorithm: QCAlgorithm) -> None:
        self.algorithm = algorithm

    # -- set-up ------------------------------------------------------------------------------
    def set_statistics_source(self, source: Any) -> None:
        """``source()`` answers ``QCAlgorithm.statistics`` (the result handler's summary so far)."""
        self.algorithm._statistics_source = source

    def set_trade_builder_source(self, source: Any) -> None:
        """``source()`` answers the run's trade builder (``QCAlgorithm.trade_builder``)."""
        self.algorithm.__dict__["_trade_builder_source"] = source

    def set_broadcast_sender(self, sender: Any) -> None:
        """``sender(payload)`` delivers what ``QCAlgorithm.broadcast_command`` sends in a live run."""
        self.algorithm.__dict__["_broadcast_sender"] = sender

    def note_absent_data(self, message: str, *, symbol: Any = None, prices: bool = True) -> None:
        """Data LEAN would read that the folder lacks (engine/data/absent_data.py): a warning;
        under the strict-data control, a stop once an order rests on it."""
        note_absent_data(self.algorithm, message, symbol=symbol, prices=prices)

    def absent_data(self) -> list[str]:
        return absent_data_notes(self.algorithm)

    @staticmethod
    def base_initialized(algorithm: Any) -> bool:
        """False when a user's ``__init__`` skipped ``super().__init__()``."""
        return bool(getattr(algorithm, "_qc_ready", False))

    def attach(
        self,
        data_folder: Any = None,
        *,
        project_dir: str | None = None,
        working_dir: str | None = None,
        object_store_dir: str | None = None,
        live: bool | None = None,
    ) -> None:
        """Where the run's data, project files and object store live (before ``initialize``).
        ``working_dir`` stands for LEAN's process working directory, which relative local
        custom-data sources resolve against (default: the project folder)."""
        algo = self.algorithm
        if data_folder is not None:
            from engine.algorithm.data_names import Globals

            algo._data_folder = data_folder
            # shortable data files are found through the run's data folder, as LEAN's global one
            LocalDiskShortableProvider.data_folder = getattr(data_folder, "root", data_folder)
            Globals.set_data_folder(getattr(data_folder, "root", data_folder))
            FutureMarginModel.data_folder = Globals.data_folder
            Security.fundamental_source = partial(fundamental_for, Globals.data_folder)
            Symbol.definition_source = partial(definition_for, Globals.data_folder)
            Symbol.data_ticker_source = partial(data_ticker_for, Globals.data_folder)
            Symbol.identifier_source = partial(equity_identifier_for, Globals.data_folder)
        if project_dir is not None:
            algo._project_dir = project_dir
        if working_dir is not None:
            algo._working_dir = working_dir
        if object_store_dir is not None:
            algo._object_store_dir = object_store_dir
        if live is not None:
            algo._live_mode = bool(live)

    def start_live(self, now_ns: int, end_ns: int | None, horizon: timedelta) -> None:
        """Live mode from the run's clock (before ``initialize``, whose ``set_start_date`` and
        ``set_end_date`` are then ignored, as in LEAN): ``now_ns`` and ``end_ns`` (UTC ns, or
        None for ``horizon`` after the start) are instants, so the algorithm's dates follow its
        time zone, also when ``initialize`` changes it (``set_time_zone``)."""
        algo = self.algorithm
        algo._live_mode = True
        algo._live_span = (now_ns, end_ns, horizon)
        algo._set_live_mode_start_date()

    @property
    def data_folder(self) -> Any:
        return self.algorithm._data_folder

    @property
    def project_dir(self) -> str | None:
        return getattr(self.algorithm, "_project_dir", None)

    def initializer(self) -> Any:
        """The user's ``initialize`` (either spelling), or None."""
        return user_handler(self.algorithm, "initialize")

    def post_initialize(self) -> Any:
        """The framework's post-initialize step (manual universes subscribe their symbols)."""
        return getattr(self.algorithm, "_framework_post_initialize", None)

    def end_feeds(self) -> None:
        """Every data feed has ended (the backtest's last slice is behind): LEAN removes a
        subscription whose data stream finished, so ``subscription_manager.subscriptions`` is
        empty in ``on_end_of_algorithm``."""
        self.algorithm.subscription_manager.feeds_ended = True

    def lock(self) -> None:
        """After ``initialize``: start/end dates, cash and time zone can no longer change."""
        self.algorithm._locked = True

    def handlers(self) -> dict[str, Any]:
        """The user's overrides of the loop's event handlers (missing ones map to None)."""
        return {name: user_handler(self.algorithm, name) for name in LOOP_HANDLERS}

    def framework_hooks(self) -> tuple[Any, Any]:
        """(on_data hook, on_securities_changed hook) of the algorithm framework, or Nones."""
        hooks = getattr(self.algorithm, "_framework_hooks", None)
        return hooks() if hooks is not None else (None, None)

    def execution_order_events(self) -> Any:
        """The framework's execution model's order-event hook, or None without the framework:
        LEAN's BrokerageTransactionHandler gives each order event to the execution model, then
        to the algorithm."""
        fw_data, _ = self.framework_hooks()
        if fw_data is None:
            return None
        algo = self.algorithm

        def forward(order_event: Any) -> None:
            model = algo.execution
            pascal = any("OnOrderEvent" in vars(c) for c in type(model).__mro__[:-1]) and not any(
                "on_order_event" in vars(c) for c in type(model).__mro__[:-1]
            )
            method = model.OnOrderEvent if pascal else getattr(model, "on_order_event", None)
            if method is not None:
                method(algo, order_event)

        return forward

    def insights_json(self, symbol_id: Any) -> list[dict[str, Any]]:
        getter = getattr(self.algorithm, "_framework_insights_json", None)
        return getter(symbol_id) if getter is not None else []

    # -- time ----------------------------------------------------------------------------------
    def set_time(self, ns: int, local: datetime | None = None) -> None:
        """Move the algorithm clock to UTC ``ns`` (``local``: the same time already converted)."""
        self.algorithm._set_time(ns, local)

    def move_clock(self, ns: int) -> datetime:
        """Move the algorithm clock to UTC ``ns`` and the securities' time keeper with it (for
        scheduled events and universe selection between steps); the new local time."""
        self.set_time(ns)
        algo = self.algorithm
        set_time = getattr(algo.securities, "set_time", None)
        if set_time is not None:
            set_time(algo.utc_time)
        return algo.time

    def set_step_time(self, ns: int, local: datetime, utc: datetime) -> None:
        """The clock of a time step (LEAN ``SetDateTime``): every representation at once."""
        algo = self.algorithm
        algo._now_ns = ns
        algo._time = local
        algo._utc_ns = ns
        algo._utc_cached = utc

    def set_local_time(self, local: datetime) -> None:
        """Put the local clock back on the step's time after scheduled events moved it."""
        self.algorithm._time = local

    @property
    def now_ns(self) -> int | None:
        return self.algorithm._now_ns

    # -- warm-up -------------------------------------------------------------------------------
    @property
    def warmup_period(self) -> timedelta | None:
        return self.algorithm._warmup_period

    @property
    def warmup_bars(self) -> int | None:
        return self.algorithm._warmup_bars

    @property
    def warmup_resolution(self) -> Any:
        return self.algorithm._warmup_resolution

    @property
    def warmup_start(self) -> datetime | None:
        """Where the warm-up data starts (None without warm-up), set by the run's setup."""
        return self.algorithm._warmup_start

    @warmup_start.setter
    def warmup_start(self, value: datetime | None) -> None:
        self.algorithm._warmup_start = value

    # -- subscriptions and securities -------------------------------------------------------
    @property
    def subscriptions(self) -> list[Any]:
        """Every subscription request, in the order they were added (the algorithm's own list)."""
        return self.algorithm._subscriptions

    def hours_for(self, symbol: Any) -> Any:
        return self.algorithm._hours_for(symbol)

    @property
    def universe_manager(self) -> Any:
        return self.algorithm._universe_manager

    @property
    def custom_subscriptions(self) -> list[Any]:
        return list(self.algorithm._custom_subscriptions or [])

    @property
    def pending_added(self) -> list[Any]:
        """Securities added since the last ``take_security_changes`` (the algorithm's own list:
        the loop holds on to it and tests it every step)."""
        return self.algorithm._pending_added

    def take_security_changes(self) -> tuple[list[Any], list[Any]]:
        """(added, removed) securities since the last call (LEAN's ``SecurityChanges``)."""
        pending = self.algorithm._pending_added
        added = list(pending)
        pending.clear()
        universes = self.algorithm._universe_manager
        removed = universes.take_removed() if universes is not None else []
        removed += self.algorithm._pending_removed
        self.algorithm._pending_removed.clear()
        return added, removed

    def delist(self, security: Any) -> None:
        """LEAN ``UniverseSelection.HandleDelisting`` (Engine/DataFeeds/UniverseSelection.cs) at a
        ``Delisted`` event: no new position can be opened, the security leaves its universes and
        is reported removed at this step (unless a universe already reported it)."""
        security.is_delisted = True
        security.is_tradable = False
        algo = self.algorithm
        universes = algo._universe_manager
        reported = universes.forget(security.symbol) if universes is not None else False
        feeds = [r for r in algo._subscriptions if r.symbol == security.symbol]
        if feeds and all(r.internal for r in feeds):
            return  # a continuous future's mapped contract: not a security change of its own
        if security in algo._pending_added:  # added and delisted before the algorithm saw it
            algo._pending_added.remove(security)
        elif not reported and security not in algo._pending_removed:
            algo._pending_removed.append(security)

    @property
    def data_filters(self) -> dict[Any, Any]:
        """symbol -> the user's SecurityDataFilter (``security.set_data_filter``); the loop holds
        on to this dict and drops the points a filter rejects."""
        return self.algorithm._data_filters

    @property
    def pending_removed(self) -> list[Any]:
        """Securities ``remove_security`` removed, not yet reported (the loop reads it each step)."""
        return self.algorithm._pending_removed

    def option_chain_source(self) -> Any:
        """``source(slice)`` -> the slice's option chains (read lazily by ``slice.option_chains``)."""
        from functools import partial

        from engine.algorithm.option_slices import build_option_chains

        return partial(build_option_chains, self.algorithm.securities)

    def consolidator_registry(self) -> Any:
        """The consolidator registry (created now if the algorithm has none yet); the loop reads
        its ``by_symbol`` dict every step."""
        return self.algorithm._consolidator_registry()

    # -- control and results ---------------------------------------------------------------
    @property
    def quit_requested(self) -> bool:
        return self.algorithm._quit

    @property
    def benchmark(self) -> Any:
        return self.algorithm._benchmark

    @property
    def charts(self) -> dict[str, Any]:
        return self.algorithm._charts

    @property
    def log_count(self) -> int:
        """Lines logged so far (without formatting them all, as ``algorithm.logs`` does)."""
        return len(self.algorithm._logs)

    def recent_logs(self, count: int) -> list[str]:
        """The last ``count`` log lines, formatted as ``algorithm.logs`` formats them."""
        return [str(entry) for entry in self.algorithm._logs[-count:]] if count > 0 else []

    @property
    def account_type(self) -> str:
        return str(getattr(self.algorithm, "_account_type", "Margin"))

    @property
    def starting_cash(self) -> float:
        return float(getattr(self.algorithm, "_cash", 0.0))

    @property
    def algorithm_id(self) -> str:
        return getattr(self.algorithm, "_algorithm_id", "") or ""


__all__ = ["LOOP_HANDLERS", "AlgorithmRuntime"]
