"""Logs, charts, runtime statistics and notifications of ``QCAlgorithm`` (``ReportingMixin``)."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.algorithm.charts import MAX_POINTS_PER_SERIES, MAX_USER_SERIES, Chart, Series
from engine.common.controls import controls_of
from engine.model import SeriesType
from engine.statistics.statistics_results import StatisticsResults


class LogEntry:
    __slots__ = ("kind", "time", "message")

    def __init__(self, kind: str, time: datetime, message: str) -> None:
        self.kind = kind
        self.time = time
        self.message = message

    def __str__(self) -> str:
        prefix = "ERROR:: " if self.kind == "error" else ""
        return f"{self.time:%Y-%m-%d %H:%M:%S} {prefix}{self.message}"


#: Notification requests a snapshot carries (the newest); the worker delivers them.
KEPT_NOTIFICATIONS = 200
#: LEAN's email body cap ("Message body, up to 10kb", Common/Notifications/NotificationManager.cs).
EMAIL_BODY_BYTES = 10 * 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Notifier:
    """``self.notify``: LEAN's ``NotificationManager`` (Common/Notifications/NotificationManager.cs).

    In a backtest every method returns False and nothing is sent ("Lean ignores notifications
    during backtests"). In a live run a request is queued (``requests``, the newest
    ``KEPT_NOTIFICATIONS``; ``count`` is the total so far) in LEAN's JSON shape of the
    notification classes (Common/Notifications/Notification.cs); the engine has no network, so
    the process that runs it delivers them from the run's snapshots.
    """

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self.requests: deque[dict[str, Any]] = deque(maxlen=KEPT_NOTIFICATIONS)
        self.count = 0

    def _queue(self, request: dict[str, Any]) -> bool:
        if not getattr(self._algorithm, "live_mode", False):
            return False
        self.count += 1
        request = {"id": self.count, "time": self._algorithm.utc_time.isoformat(), **request}
        self.requests.append(request)
        return True

    def email(
        self,
        address: str,
        subject: str = "",
        message: str = "",
        data: str = "",
        headers: dict[str, str] | None = None,
    ) -> bool:
        # LEAN's NotificationEmail refuses an invalid address with an ArgumentException; a
        # backtest returns False before making one (NotificationManager.Email)
        if not getattr(self._algorithm, "live_mode", False):
            return False
        if not _EMAIL.match(str(address or "")):
            raise ValueError(f"Invalid email address: {address}")
        return self._queue(
            {
                "type": "email",
                "address": str(address),
                "subject": str(subject or ""),
                "message": _cap(str(message or ""), EMAIL_BODY_BYTES),
                "data": str(data or ""),
                "headers": _headers(headers),
            }
        )

    def sms(self, phone_number: str, message: str) -> bool:
        return self._queue(
            {"type": "sms", "phoneNumber": str(phone_number), "message": str(message or "")}
        )

    def web(self, address: str, data: Any = None, headers: dict[str, str] | None = None) -> bool:
        return self._queue(
            {
                "type": "web",
                "address": str(address),
                "data": _jsonable(data),
                "headers": _headers(headers),
            }
        )

    def telegram(self, id: str, message: str, token: str | None = None) -> bool:  # noqa: A002
        return self._queue(
            {
                "type": "telegram",
                "id": str(id),
                "message": str(message or ""),
                "token": str(token) if token else "",
            }
        )

    def ftp(self, *args: Any, **kwargs: Any) -> bool:
        """FTP uploads are not offered here: the request is refused (False) in every mode."""
        if getattr(self._algorithm, "live_mode", False):
            self._algorithm.debug(
                "Notification (ftp) not sent: FTP notifications are not supported."
            )
        return False

    sftp = ftp
    Email = email
    Sms = sms
    Web = web
    Telegram = telegram
    Ftp = ftp
    Sftp = sftp


def _cap(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _headers(headers: Any) -> dict[str, str]:
    if not headers:
        return {}
    return {str(k): str(v) for k, v in dict(headers).items()}


def _jsonable(value: Any) -> Any:
    """The web notification's body as LEAN serialises ``Data`` (JSON): plain values stay, other
    objects become their string form."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


class ReportingMixin:
    """``debug``/``log``/``error`` (LEAN's backtest rules: empty messages dropped, ``debug``/``error``
    drop a message identical to the previous one of the same kind), ``plot``/``add_chart``,
    ``set_runtime_statistic``. Expects ``_time``, ``_utc_time``, ``_logs``, ``_charts``."""

    _time: datetime
    _utc_time: datetime
    _logs: list[LogEntry]
    _charts: dict[str, Chart]
    _user_series: int
    _series_full: set[str]
    _quit: bool
    _last_debug: str
    _last_error: str
    runtime_statistics: dict[str, str]
    summary_statistics: dict[str, str]
    _statistics_source: Callable[[], StatisticsResults] | None

    # -- logging ---------------------------------------------------------------------------------------
    def debug(self, message: Any) -> None:
        text = str(message)
        if not text or text == self._last_debug:
            return
        self._last_debug = text
        self._logs.append(LogEntry("debug", self._time, text))

    def log(self, message: Any) -> None:
        text = str(message)
        if text:
            self._logs.append(LogEntry("log", self._time, text))

    def error(self, message: Any) -> None:
        text = str(message)
        if not text or text == self._last_error:
            return
        self._last_error = text
        self._logs.append(LogEntry("error", self._time, text))

    @property
    def logs(self) -> list[str]:
        return [str(e) for e in self._logs]

    # -- charts ------------------------------------------------------------------------------------------
    def add_chart(self, chart: Chart) -> None:
        if chart.name not in self._charts:
            self._charts[chart.name] = chart

    def plot(self, chart: str | Any, series: Any = None, value: Any = None, *more: Any) -> None:
        indicators = [x for x in (series, value, *more) if x is not None]
        if indicators and all(_is_indicator(x) for x in indicators):
            # LEAN Plot(chart, params IndicatorBase[]): one series per indicator, by its name
            for indicator in indicators:
                self.plot(chart, indicator.name, indicator.current.value)
            return
        if value is None and series is not None and not isinstance(series, str):
            # plot(series_name, value): LEAN puts it on "Strategy Equity"
            chart, series, value = "Strategy Equity", chart, series
        if isinstance(value, (int, float)) is False and hasattr(value, "current"):
            value = value.current.value  # an indicator
        if series is None:
            return
        name = str(chart)
        target = self._charts.get(name)
        if target is None:
            target = Chart(name)
            self._charts[name] = target
        s = target.series.get(str(series))
        if s is None:
            if self._user_series >= MAX_USER_SERIES:
                message = (
                    "Exceeded maximum series count: Each backtest can have up to "
                    f"{MAX_USER_SERIES} series in total."
                )
                controls = controls_of(self)
                if controls.stop_past_series_cap:
                    # QuantConnect Cloud stops the algorithm here; a local run skips the series.
                    if not self._quit:
                        self.error(message + controls.note("series"))
                        self.quit()
                else:
                    self.debug(message)
                return
            s = Series(str(series), SeriesType.LINE, 0, "$")
            target.series[s.name] = s
            self._user_series += 1
        if len(s.values) >= MAX_POINTS_PER_SERIES:
            if s.name not in self._series_full:
                self._series_full.add(s.name)
                self.debug("Exceeded maximum data points per series, chart update skipped.")
            return
        s.add_point(self._utc_time, float(value))

    def plot_indicator(self, chart: str, *indicators: Any) -> None:
        """LEAN ``PlotIndicator(chart, [wait_for_ready,] *indicators)`` (Algorithm/QCAlgorithm.Plotting.cs):
        plot each indicator's value on ``chart`` every time it updates (once ready, if asked)."""
        wait_for_ready = False
        if indicators and isinstance(indicators[0], bool):
            wait_for_ready, indicators = indicators[0], indicators[1:]
        for indicator in indicators:
            if indicator is None:
                continue

            def on_updated(_sender: Any, _point: Any, indicator: Any = indicator) -> None:
                if not wait_for_ready or indicator.is_ready:
                    self.plot(chart, indicator.name, indicator.current.value)

            indicator.updated += on_updated

    def record(self, series: str, value: float) -> None:
        self.plot("Strategy Equity", series, value)

    def set_runtime_statistic(self, name: str, value: Any) -> None:
        self.runtime_statistics[str(name)] = str(value)

    def set_summary_statistic(self, name: str, value: Any) -> None:
        """A custom entry of the summary statistics (``statistics.summary`` and the result)."""
        self.summary_statistics[str(name)] = _invariant(value)

    @property
    def statistics(self) -> StatisticsResults:
        """LEAN ``Statistics``: the summary statistics of the run so far (empty before it starts)."""
        source = self._statistics_source
        if source is None:
            return StatisticsResults(summary=dict(self.summary_statistics))
        return source()


def _invariant(value: Any) -> str:
    """C#'s invariant ``ToString`` of a statistic value (``True``/``False`` as in .NET)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_indicator(value: Any) -> bool:
    return hasattr(value, "current") and hasattr(value, "name") and hasattr(value, "updated")
