"""A deployment's results kept on disk next to its log: the log itself (within the tier's quota
and the 100,000-line cap of a live project's log), the user's charts (within the chart quotas).
The job's output files are read through `qcweb.snapshots.ChangedOutput`.

The log and the charts are files rather than rows: the log grows by the line and is downloaded
as it is; the charts are up to 10 series of 4,000 points, rewritten as they grow.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.utils import timezone

from accounts.limits import limit_for
from live.models import LiveDeployment

LINE_MAX_CHARS = 4000
# QuantConnect keeps up to 100,000 lines of a live project's log and removes the oldest beyond.
LOG_MAX_LINES = 100_000
# The file is trimmed back to LOG_MAX_LINES once it is this much longer (not on every line).
LOG_TRIM_SLACK = 5_000
# Chart quotas: 10 custom series per algorithm, 4,000 points per series.
MAX_CHART_SERIES = 10
MAX_SERIES_POINTS = 4000
CHARTS_MAX_BYTES = 16 * 1024 * 1024


def _meta_path(deployment: LiveDeployment) -> Path:
    return deployment.log_path.with_name("log-meta.json")


def charts_path(deployment: LiveDeployment) -> Path:
    return deployment.log_path.with_name("charts.json")


def _read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json_file(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value), encoding="utf-8")
    os.replace(tmp, path)


# -- the log --------------------------------------------------------------------------------------
def log_meta(deployment: LiveDeployment) -> dict[str, int]:
    """What the log lost: `dropped` lines over the tier's daily quota, `trimmed` oldest lines
    removed by the 100,000-line cap, and `lines` in the file now."""
    meta = _read_json_file(_meta_path(deployment))
    meta = meta if isinstance(meta, dict) else {}
    return {key: int(meta.get(key) or 0) for key in ("dropped", "trimmed", "lines")}


class LogAppender:
    """Appends the engine's new log lines to the deployment's log within the tier's daily quota
    (`log_bytes_per_day`; past it lines are dropped, counted, with one note a day) and keeps the
    file to the last `LOG_MAX_LINES` lines."""

    def __init__(self, deployment: LiveDeployment) -> None:
        self.deployment = deployment
        self.path = deployment.log_path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.limit = limit_for(deployment.organization, "log_bytes_per_day")
        self.day = timezone.now().date()
        self.used = 0
        self.noted = False
        self.meta = log_meta(deployment)
        if not self.meta["lines"] and self.path.exists():
            with self.path.open("rb") as handle:
                self.meta["lines"] = sum(1 for _ in handle)

    def append(self, lines: list[str]) -> list[str]:
        today = timezone.now().date()
        if today != self.day:
            self.day, self.used, self.noted = today, 0, False
        kept: list[str] = []
        dropped = 0
        for line in lines:
            text = str(line).replace("\r", " ").replace("\n", " ")[:LINE_MAX_CHARS]
            size = len(text.encode("utf-8")) + 1
            if self.limit is not None and self.used + size > self.limit:
                dropped += 1
                if not self.noted:
                    self.noted = True
                    kept.append(
                        f"LOG LIMIT:: the {self.deployment.organization.get_tier_display()} "
                        f"tier's daily log quota of {self.limit // 1024} KB is used up; later "
                        "lines of today were dropped."
                    )
                continue
            self.used += size
            kept.append(text)
        if kept:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(kept) + "\n")
        if kept or dropped:
            self.meta["lines"] += len(kept)
            self.meta["dropped"] += dropped
            if self.meta["lines"] > LOG_MAX_LINES + LOG_TRIM_SLACK:
                self._trim()
            _write_json_file(_meta_path(self.deployment), self.meta)
        return kept

    def _trim(self) -> None:
        with self.path.open("rb") as handle:
            lines = handle.readlines()
        removed = max(0, len(lines) - LOG_MAX_LINES)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("wb") as handle:
            handle.writelines(lines[removed:])
        os.replace(tmp, self.path)
        self.meta["trimmed"] += removed
        self.meta["lines"] = len(lines) - removed


# -- charts ---------------------------------------------------------------------------------------
def clean_charts(charts: Any) -> tuple[dict[str, Any], int]:
    """The user's charts as the page may draw them: at most `MAX_CHART_SERIES` series in all and
    `MAX_SERIES_POINTS` points each (the engine enforces both; its output is not trusted).
    Returns the charts and how many points were skipped."""
    out: dict[str, Any] = {}
    skipped = 0
    series_left = MAX_CHART_SERIES
    if not isinstance(charts, dict):
        return out, 0
    for name, chart in list(charts.items())[:MAX_CHART_SERIES]:
        if not isinstance(chart, dict) or not isinstance(chart.get("series"), dict):
            continue
        kept = {}
        for key, series in chart["series"].items():
            if series_left <= 0 or not isinstance(series, dict):
                break
            values = series.get("values")
            if not isinstance(values, list):
                continue
            skipped += max(0, len(values) - MAX_SERIES_POINTS)
            kept[str(key)[:100]] = {**series, "values": values[:MAX_SERIES_POINTS]}
            series_left -= 1
        if kept:
            out[str(name)[:100]] = {**chart, "series": kept}
    return out, skipped


def store_charts(deployment: LiveDeployment, charts: dict[str, Any]) -> None:
    cleaned, skipped = clean_charts(charts)
    _write_json_file(charts_path(deployment), {"charts": cleaned, "skipped": skipped})


def deployment_charts(deployment: LiveDeployment) -> tuple[dict[str, Any], int]:
    """The user's charts the worker last stored, and the points skipped by the quotas."""
    data = _read_json_file(charts_path(deployment))
    if not isinstance(data, dict):
        return {}, 0
    charts = data.get("charts")
    return (charts if isinstance(charts, dict) else {}), int(data.get("skipped") or 0)
