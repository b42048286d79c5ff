"""The result handler: what the run records, periodic snapshots while it runs, the final document.

LEAN's ``Engine/Results/BacktestingResultHandler.cs`` and ``LiveTradingResultHandler.cs`` share
``BaseResultsHandler.cs``: equity sampling every step, a daily sample, order events, and a packet
with the current state sent every few seconds (LEAN's ``ResultHandler.Update`` interval). Here the
loop calls :meth:`ResultHandler.poll` on wall-clock time; every ``snapshot_seconds`` it hands
:meth:`snapshot` (equity, holdings, cash, orders, recent logs, runtime statistics) to
``on_snapshot``. The final document is :meth:`final_document` (``engine.runner.results``).

A live run sets ``stream_logs``: as LEAN's live result handler sends log messages as they come
(``LiveTradingResultHandler.Update`` empties the log queue on every pass, not on the slower
packet interval), a poll that finds new log lines emits a snapshot at once, so a line reaches the
page within a poll interval. Its snapshots also carry the user's charts (``charts``), only when
a point was added since the last one that carried them (a chart is up to 10 series of 4,000
points: too much to rewrite five times a second for nothing).
"""

from __future__ import annotations

import time as _wall
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.clock import ns_to_utc
from engine.runner.samples import ResultsCollector
from engine.statistics.statistics_results import StatisticsResults

#: How many of the latest log lines a snapshot carries.
SNAPSHOT_LOG_LINES = 200


@dataclass
class Benchmark:
    """The run's benchmark: a symbol fed by an internal hourly feed, or a function of time
    (``set_benchmark(lambda time: ...)``, IB's constant zero), or nothing.

    A symbol's value is its last close in the account currency, at the conversion rate of its
    quote currency's ``quote_cash`` (LEAN's Common/Benchmarks/SecurityBenchmark.cs
    ``Security.Price * Security.QuoteCurrency.ConversionRate``): SPY in an INR account without a
    USD/INR pair is worth 0, and its returns are all 0."""

    symbol: Any = None
    func: Callable[[Any], float] | None = None
    price: float = 0.0
    quote_cash: Any = None

    def value(self, time: Any) -> float:
        if self.func is not None:
            try:
                return float(self.func(time))
            except Exception:
                return 0.0
        if self.quote_cash is None:
            return self.price
        return self.price * self.quote_cash.conversion_rate


class ResultHandler:
    """Samples, trades and capacity during the run (``collector``), snapshots, the final document.

    ``on_snapshot(snapshot)`` is called every ``snapshot_seconds`` of wall time while the run goes
    on (never when either is None).
    """

    def __init__(
        self,
        algorithm: Any,
        benchmark: Benchmark,
        *,
        snapshot_seconds: float | None = None,
        on_snapshot: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.algorithm = algorithm
        self.benchmark = benchmark
        self.collector: ResultsCollector | None = None
        self.snapshot_seconds = snapshot_seconds
        self.on_snapshot = on_snapshot
        self.snapshots = 0
        self._next_snapshot = 0.0
        self.progress = 0.0
        self._symbol_ids: dict[Any, str] = {}
        self.runtime = AlgorithmRuntime(algorithm)
        #: live runs: snapshot as soon as a line is logged, and carry the user's charts
        self.stream_logs = False
        self._reported_logs = 0
        self._reported_points = 0

    def start(self, start_ns: int) -> ResultsCollector:
        self.collector = ResultsCollector(self.algorithm, start_ns)
        if self.snapshot_seconds is not None:
            self._next_snapshot = _wall.monotonic() + self.snapshot_seconds
        return self.collector

    # -- during the run -----------------------------------------------------------------------
    def daily_sample(self) -> None:
        """The "Daily Sampling" event (midnight): charts and the daily return."""
        if self.algorithm.is_warming_up or self.collector is None:
            return
        self.collector.sample(self.algorithm.utc_time, self.benchmark.value(self.algorithm.time))

    def final_sample(self, last_ns: int) -> None:
        """LEAN's end of the algorithm: a forced equity sample, then the final sample."""
        collector = self.collector
        if collector is None:
            return
        collector.on_step(last_ns, None, force=True)
        collector.sample(ns_to_utc(last_ns), self.benchmark.value(self.algorithm.time))

    def on_order_event(self, event: Any) -> None:
        collector = self.collector
        if collector is not None:
            collector.invalidate()
            if event.is_fill:
                collector.on_fill(event)

    def poll(self, now: float, progress: float) -> None:
        """Called by the loop on wall-clock time: a snapshot when one is due."""
        self.progress = progress
        if self.on_snapshot is not None and self.snapshot_seconds is not None:
            if now >= self._next_snapshot:
                self._next_snapshot = now + self.snapshot_seconds
                self.emit_snapshot()
            elif self.stream_logs and self.runtime.log_count != self._reported_logs:
                self.emit_snapshot()

    def emit_snapshot(self, status: str = "Running") -> None:
        if self.on_snapshot is not None:
            self.snapshots += 1
            self.on_snapshot(self.snapshot(status))

    def snapshot(self, status: str = "Running") -> dict[str, Any]:
        """The state of the run now (the keys are documented in engine/README.md)."""
        from engine.runner.results import (
            cash_json,
            data_subscriptions,
            holdings_json,
            orders_json,
            runtime_statistics,
            runtime_statistics_values,
        )

        algo = self.algorithm
        log_count = self.runtime.log_count
        self._reported_logs = log_count
        values = runtime_statistics_values(algo, self.collector, {})
        inputs = values.pop("_inputs")
        notify = getattr(algo, "notify", None)
        snapshot = {
            "status": status,
            "progress": round(self.progress, 4),
            "time": algo.time.isoformat(),
            # the zone of `time` (the algorithm's), and what each security's exchange zone is
            # found from, as in the result document: pages show order times in exchange time
            "timeZone": str(algo.time_zone),
            "dataSubscriptions": data_subscriptions(self.runtime.subscriptions),
            "equity": float(algo.portfolio.total_portfolio_value),
            "holdings": holdings_json(algo, self._symbol_ids),
            "cash": cash_json(algo),
            "accountCurrency": algo.account_currency,
            "orders": orders_json(algo),
            "runtimeStatistics": runtime_statistics(**inputs, custom=algo.runtime_statistics),
            "runtimeStatisticsValues": values,
            "logs": self.runtime.recent_logs(SNAPSHOT_LOG_LINES),
            "logCount": log_count,
            # live notification requests (``self.notify``): the newest, and how many so far
            "notifications": list(notify.requests) if notify is not None else [],
            "notificationCount": notify.count if notify is not None else 0,
        }
        if self.stream_logs:
            charts = self.runtime.charts
            points = sum(len(s.values) for c in charts.values() for s in c.series.values())
            if points != self._reported_points:
                self._reported_points = points
                snapshot["charts"] = {name: chart.to_json() for name, chart in charts.items()}
        return snapshot

    def statistics_results(self) -> StatisticsResults:
        """``QCAlgorithm.statistics`` during the run: the summary of what was recorded so far."""
        from engine.runner.results import summary_statistics

        summary = summary_statistics(self.algorithm, self.collector)[0]
        return StatisticsResults(summary=summary)

    # -- the end ------------------------------------------------------------------------------
    def final_document(self, status: str) -> dict[str, Any]:
        from engine.runner.results import build_document

        return build_document(self.algorithm, self.collector, status=status)


__all__ = ["SNAPSHOT_LOG_LINES", "Benchmark", "ResultHandler"]
