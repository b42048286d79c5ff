"""Runs assembled from handlers, like LEAN's ``Engine/LeanEngineAlgorithmHandlers.cs``.

| part | backtest | live / replay |
|---|---|---|
| setup | ``FileSetup`` (data check, range, warm-up) | dates from the wall clock |
| data source | ``FileDataSource`` (date windows of a data folder) | ``LiveDataSource`` / ``SliceListSource`` |
| clock | ``SimulatedClock`` (the data's time) | ``WallClock`` (time pulses) |
| real-time handler | ``RealTimeHandler`` (scheduled events, end of day, daily sampling) | the same |
| result handler | ``ResultHandler`` (samples, snapshots, final document) | the same |
| transactions | the algorithm's transaction manager (fills on the slice's data) | the same, for now |

``AlgorithmManager.run`` (``engine.runner.loop``) is shared: a run differs only in its source and
its clock.
"""

from __future__ import annotations

import time as _wall
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.clock import local_to_ns, ns_to_local
from engine.data import DataFolder
from engine.errors import UserCodeError
from engine.runner.clocks import ReplayClock, SimulatedClock, WallClock
from engine.runner.commands import FileCommandHandler
from engine.runner.events import RealTimeHandler, call_user
from engine.runner.loop import AlgorithmManager, RunState
from engine.runner.result_handler import Benchmark, ResultHandler
from engine.runner.samples import ResultsCollector
from engine.runner.setup import FileSetup
from engine.runner.sources import DataSource, FileDataSource, ReplayDataSource


class PeriodError(ValueError):
    """The run's start/end override leaves no period to run (the message gives the dates)."""


#: How far ahead a live run without an end schedules its events.
LIVE_HORIZON = timedelta(days=3650)


class AlgorithmRunner:
    """One algorithm and its handlers; ``initialize()`` then ``run_source(source, clock, start)``.

    ``data_folder``: a LEAN data folder (market hours, symbol properties; a backtest's data).
    ``on_progress(fraction)``, ``should_cancel()``: polled on wall-clock time by the loop.
    ``on_snapshot(snapshot)``: called every ``snapshot_seconds`` of wall time with the run's state.
    """

    def __init__(
        self,
        algorithm: QCAlgorithm,
        data_folder: str | Any | None = None,
        *,
        on_progress: Callable[[float], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        snapshot_seconds: float | None = None,
        on_snapshot: Callable[[dict[str, Any]], None] | None = None,
        period_start: date | None = None,
        period_end: date | None = None,
        cash: dict[str, float] | None = None,
        holdings: list[tuple[str, float, float]] | None = None,
    ) -> None:
        self.algorithm = algorithm
        # The account's starting state when the job gives one (a brokerage's cash and holdings,
        # or a reconciliation backtest starting where a live deployment started): applied after
        # the user's initialize, over what it set.
        self.cash = dict(cash or {})
        self.holdings = list(holdings or [])
        self.runtime = AlgorithmRuntime(algorithm)
        # The job's dates, when it overrides the algorithm's (LEAN's BacktestNodePacket
        # PeriodStart/PeriodFinish): applied right after the user's initialize.
        self.period_start = period_start
        self.period_end = period_end
        self.folder = DataFolder(data_folder) if data_folder is not None else None
        self.on_progress = on_progress
        self.should_cancel = should_cancel
        self.state = RunState()
        self.benchmark = Benchmark()
        self.result_handler = ResultHandler(
            algorithm, self.benchmark, snapshot_seconds=snapshot_seconds, on_snapshot=on_snapshot
        )
        self.handlers: dict[str, Any] = {}
        self.realtime: RealTimeHandler | None = None
        self.runtime.set_statistics_source(self.result_handler.statistics_results)
        self.runtime.set_trade_builder_source(self.trade_builder)

    def trade_builder(self) -> Any:
        collector = self.result_handler.collector
        return collector.trades if collector is not None else None

    @property
    def results(self) -> ResultsCollector | None:
        """What the run recorded (None before it started)."""
        return self.result_handler.collector

    # -- set-up ------------------------------------------------------------------------------
    def initialize(self) -> None:
        """The user's ``initialize`` (and the framework's post-initialize), then the handlers."""
        algo = self.algorithm
        rt = self.runtime
        rt.attach(self.folder)
        init = rt.initializer()
        if init is None:
            raise UserCodeError(
                "initialize",
                TypeError(
                    f"{type(algo).__name__} does not define initialize() (or Initialize()): every algorithm must"
                ),
            )
        call_user("initialize", init)
        self.apply_period()
        post = rt.post_initialize()
        if post is not None:  # framework: manual universes subscribe their symbols
            call_user("initialize", post)
        rt.lock()
        self.handlers = rt.handlers()
        if hasattr(algo.transactions, "add_order_event_handler"):
            algo.transactions.add_order_event_handler(self.result_handler.on_order_event)
            execution_events = rt.execution_order_events()
            if execution_events is not None:
                algo.transactions.add_order_event_handler(execution_events)
            handler = self.handlers["on_order_event"]
            if handler is not None:
                algo.transactions.add_order_event_handler(handler)
        self.realtime = RealTimeHandler(algo, self.handlers, rt.subscriptions, rt.hours_for)
        if self.cash or self.holdings:
            self.apply_account()

    def apply_account(self) -> None:
        """The account's state as a brokerage reports it (LEAN's ``BrokerageSetupHandler``): the
        cash book replaced by ``cash`` (currency -> amount) and ``holdings`` (equity ticker,
        quantity, average price) set, their securities added at minute resolution when the
        algorithm did not add them."""
        algo = self.algorithm
        portfolio = algo.portfolio
        if self.cash:
            for currency, cash in list(portfolio.cash_book.items()):
                if currency not in self.cash:
                    cash.set_amount(0.0)
            for currency, amount in self.cash.items():
                if currency == algo.account_currency:
                    portfolio.set_cash(amount)
                else:
                    portfolio.set_cash(currency, amount)
        for ticker, quantity, average_price in self.holdings:
            symbol = next(
                (s for s in algo.securities.keys() if getattr(s, "value", None) == ticker.upper()),
                None,
            )
            if symbol is None:
                symbol = algo.add_equity(ticker).symbol
            algo.securities[symbol].holdings.set_holdings(float(average_price), float(quantity))

    def apply_period(self) -> None:
        """The job's start/end dates replace those ``initialize`` set, as LEAN's
        ``BacktestingSetupHandler.Setup`` calls ``SetStartDate(job.PeriodStart)`` and
        ``SetEndDate(job.PeriodFinish)`` after ``Initialize()`` and before ``PostInitialize()``
        (a live run ignores them: its dates come from the clock). A period that ends before it
        starts is refused rather than run as an empty backtest."""
        algo = self.algorithm
        if algo.live_mode or (self.period_start is None and self.period_end is None):
            return
        if self.period_start is not None:
            algo.set_start_date(self.period_start)
        if self.period_end is not None:
            algo.set_end_date(self.period_end)
        if algo.start_date > algo.end_date:
            raise PeriodError(
                f"The backtest period starts on {algo.start_date:%Y-%m-%d}, after its end date "
                f"{algo.end_date:%Y-%m-%d} (the job's start/end override and the algorithm's "
                "set_start_date/set_end_date combined)."
            )

    def schedule_internal_events(self, start_ns: int) -> None:
        """End-of-day events of the securities added so far and the daily sampling event."""
        assert self.realtime is not None
        algo = self.algorithm
        first = ns_to_local(start_ns, algo.time_zone).date() - timedelta(days=1)
        last = algo.end_date.date()
        self.realtime.schedule_end_of_day(list(self.runtime.subscriptions), first, last, True)
        # LEAN's AlgorithmManager schedules "Daily Sampling" through ScheduleManager, whose dates
        # run to Time.EndOfTime: a time slice at the midnight after the end date (a bar ending
        # then) samples there, before that slice's orders fill, and the final sample at the same
        # time adds no point (a chart keeps only later points)
        self.realtime.schedule_daily_sampling(
            algo.start_date.date(), last + timedelta(days=1), self.result_handler.daily_sample
        )

    def _securities_added(self, requests: list[Any], day: date, step_ns: int = -1) -> None:
        assert self.realtime is not None
        self.realtime.schedule_end_of_day(
            requests, day, self.algorithm.end_date.date(), initial=False, after_ns=step_ns
        )

    # -- the run ------------------------------------------------------------------------------
    def run_source(
        self, source: DataSource, clock: SimulatedClock | WallClock, start_ns: int
    ) -> RunState:
        """The shared loop over ``source`` from ``start_ns`` (UTC ns); internal events first."""
        if self.realtime is None:
            raise RuntimeError("initialize() must run before the algorithm's time loop")
        self.schedule_internal_events(start_ns)
        manager = AlgorithmManager(
            self.runtime,
            self.handlers,
            self.result_handler,
            self.realtime,
            self.benchmark,
            self.state,
            on_progress=self.on_progress,
            should_cancel=self.should_cancel,
            on_securities_added=self._securities_added,
        )
        return manager.run(source, clock, start_ns)

    def final_document(self) -> dict[str, Any]:
        return self.result_handler.final_document(self.state.status)


class BacktestRunner(AlgorithmRunner):
    """A backtest over a LEAN data folder: ``FileSetup`` + ``FileDataSource`` + ``SimulatedClock``."""

    def __init__(self, algorithm: QCAlgorithm, data_folder: str | Any, **kwargs: Any) -> None:
        super().__init__(algorithm, data_folder, **kwargs)

    def run(self) -> RunState:
        algo = self.algorithm
        assert self.realtime is not None, "initialize() must run first"
        setup = FileSetup(
            algo,
            self.runtime,
            self.folder,
            benchmark=self.benchmark,
            realtime=self.realtime,
            state=self.state,
        )
        first, last, start_ns = setup.prepare()
        # the first window is read before the clock starts (it sets the benchmark's first price)
        source = FileDataSource(setup.iter_windows(first, last, start_ns), algo.time_zone)
        self.state.feeds = source.feeds
        clock = SimulatedClock(start_ns, local_to_ns(algo.end_date, algo.time_zone))
        return self.run_source(source, clock, start_ns)


class LiveRunner(AlgorithmRunner):
    """A run on wall-clock time (paper trading, replays): the algorithm's dates are today until
    the clock's end (or ``LIVE_HORIZON``); data comes from a live source (time pulses when none
    arrives). Warm-up and live brokerages are not there yet. ``commands``: a folder of command
    files (``FileCommandHandler``) run at each wall-clock poll, results into ``command_results``."""

    def __init__(
        self,
        algorithm: QCAlgorithm,
        clock: WallClock,
        data_folder: Any = None,
        *,
        commands: str | Path | None = None,
        command_results: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(algorithm, data_folder, **kwargs)
        self.clock = clock
        self.result_handler.stream_logs = True  # a live page shows each line as it is logged
        self.commands = (
            FileCommandHandler(algorithm, commands, command_results or commands)
            if commands is not None
            else None
        )
        if self.commands is not None:
            self.runtime.set_broadcast_sender(self.commands.broadcast)
            # LEAN runs a live algorithm's commands at each step (AlgorithmManager ->
            # LeanManager.Update); here at the loop's wall-clock poll, between steps
            self.should_cancel = self._with_commands(self.should_cancel)
        self.runtime.start_live(clock.now_ns(), clock.end_ns, LIVE_HORIZON)

    def _with_commands(self, should_cancel: Callable[[], bool] | None) -> Callable[[], bool]:
        def poll() -> bool:
            assert self.commands is not None
            if self.commands.process():
                # orders the commands placed fill now, on the step's prices, as orders placed
                # during a step do
                process = getattr(self.algorithm.transactions, "process_synchronous_events", None)
                if process is not None:
                    process()
            return bool(should_cancel is not None and should_cancel())

        return poll

    def run(self, source: DataSource) -> RunState:
        return self.run_source(source, self.clock, self.clock.now_ns())


class PaperRunner(LiveRunner):
    """Paper trading on wall-clock time: the account's starting state as a brokerage reports it
    (``cash``, ``holdings``) and the user's liquidate request. Where the data comes from is the
    subclass's: a replay of recorded data (``ReplayRunner``) or a live feed
    (``engine.runner.livefeed.LiveFeedRunner``)."""

    def __init__(
        self,
        algorithm: QCAlgorithm,
        data_folder: str | Any,
        *,
        clock: WallClock,
        pulse_seconds: float = 1.0,
        liquidate_requested: Callable[[], bool] | None = None,
        liquidate_wait_seconds: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(algorithm, clock, data_folder, **kwargs)
        self.pulse_seconds = pulse_seconds
        self.liquidate_requested = liquidate_requested
        self.liquidate_wait_seconds = liquidate_wait_seconds
        self.liquidated_at: float | None = None
        self._stop_requested = self.should_cancel
        if liquidate_requested is not None:
            self.should_cancel = self._should_stop

    def _should_stop(self) -> bool:
        """Polled by the loop: a liquidation request sells everything (LEAN's liquidate command),
        then the run stops once those orders filled, or after ``liquidate_wait_seconds`` of wall
        time (a closed market keeps them open; they are reported with the stopped run)."""
        if self.liquidated_at is None and self.liquidate_requested is not None:
            if self.liquidate_requested():
                self.liquidated_at = _wall.monotonic()
                self.algorithm.liquidate(tag="Liquidated by the user")
                # the orders fill now, on the step's prices, as orders placed during a step do
                # (before the algorithm's next step could trade again)
                process = getattr(self.algorithm.transactions, "process_synchronous_events", None)
                if process is not None:
                    process()
        if self.liquidated_at is not None:
            open_orders = self.algorithm.transactions.get_open_orders()
            waited = _wall.monotonic() - self.liquidated_at
            if not open_orders or waited >= self.liquidate_wait_seconds:
                return True
        return bool(self._stop_requested is not None and self._stop_requested())


class ReplayRunner(PaperRunner):
    """Paper trading on recorded data: a data folder replayed from the clock's start at the
    clock's speed (``ReplayClock``), the algorithm in live mode with its dates from the clock.
    The data check and the files are a backtest's (``FileSetup``); the source releases each slice
    when replay time reaches it (``ReplayDataSource``)."""

    def __init__(
        self, algorithm: QCAlgorithm, data_folder: str | Any, *, clock: ReplayClock, **kwargs: Any
    ) -> None:
        super().__init__(algorithm, data_folder, clock=clock, **kwargs)

    def run(self, source: DataSource | None = None) -> RunState:
        assert self.realtime is not None, "initialize() must run first"
        assert isinstance(self.clock, ReplayClock)
        if source is None:
            setup = FileSetup(
                self.algorithm,
                self.runtime,
                self.folder,
                benchmark=self.benchmark,
                realtime=self.realtime,
                state=self.state,
            )
            first, last, start_ns = setup.prepare(missing_data_stops=True)
            files = FileDataSource(
                setup.iter_windows(first, last, start_ns), self.algorithm.time_zone
            )
            self.state.feeds = files.feeds
            source = ReplayDataSource(
                files, self.clock, self.algorithm.time_zone, self.pulse_seconds
            )
        self.clock.anchor()
        return self.run_source(source, self.clock, self.clock.start_ns)


__all__ = ["AlgorithmRunner", "BacktestRunner", "LiveRunner", "PaperRunner", "ReplayRunner"]
