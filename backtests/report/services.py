"""Backtest reports: the page's context, the cached PDF (and its HTML), and its generation state.

Cache, in the result storage (`backtests.storage`, shared by every machine: a worker builds
the report, the web server serves it): `report.pdf`, `report.html` (the PDF's HTML with the
charts embedded as images, returned by the REST API) and the state ({"hash", "status",
"started", "error", "pages", "seconds"}). The hash covers everything the report shows: the
project's description, the backtest's name and note, the result file (mtime and size), the
report template and CSS, and TEMPLATE_VERSION. A cache whose hash differs is stale and is
regenerated on the next request.

Public interface (also used by the REST API): `report_state`, `report_get_or_queue`,
`report_generate`, `report_html`, `report_context`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from backtests import conf
from backtests.models import Backtest
from backtests.report import data, figures
from backtests.report.pdf import (
    NO_BROWSER,
    ReportRenderError,
    browser_path,
    figure_images,
    html_to_pdf,
)
from backtests.selectors import backtest_result
from backtests.storage import (
    REPORT_HTML,
    REPORT_PDF,
    REPORT_STATE,
    RESULTS,
    output_exists,
    output_open,
    output_path,
    output_read,
    output_version,
    output_write,
)

logger = logging.getLogger(__name__)

TEMPLATE_VERSION = "1"
PAGE_TEMPLATE = "backtests/report.html"
PDF_TEMPLATE = "backtests/report_pdf.html"
CSS = "backtests/report.css"
GENERATION_TIMEOUT = 300  # seconds a "generating" state is trusted before it counts as failed

READY, GENERATING, FAILED, MISSING, UNAVAILABLE = (
    "ready",
    "generating",
    "failed",
    "missing",
    "unavailable",
)


@dataclass
class ReportState:
    status: str  # ready | generating | failed | missing | unavailable
    error: str = ""
    pages: int | None = None
    seconds: float | None = None
    generated_at: datetime | None = None
    pdf_path: Path | None = None
    started: float | None = None

    @property
    def elapsed(self) -> int | None:
        return int(time.time() - self.started) if self.started else None

    @property
    def ready(self) -> bool:
        return self.status == READY

    @property
    def generating(self) -> bool:
        return self.status == GENERATING

    @property
    def failed(self) -> bool:
        return self.status == FAILED


# -- cache ----------------------------------------------------------------------------------------
def pdf_path(backtest: Backtest) -> Path:
    """Where the default file-system storage keeps the PDF (read it with `report_pdf_open`)."""
    return output_path(backtest, REPORT_PDF)


def report_pdf_open(*, backtest: Backtest) -> IO[bytes] | None:
    return output_open(backtest, REPORT_PDF)


def _file_bytes(path: str | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def report_inputs_hash(backtest: Backtest) -> str:
    """What the report depends on; a different hash makes a cached PDF stale."""
    digest = hashlib.sha256(TEMPLATE_VERSION.encode())
    project = backtest.project
    for text in (project.name, project.description, backtest.name, backtest.note):
        digest.update(b"\0" + (text or "").encode())
    version = output_version(backtest, RESULTS)
    digest.update(f"\0{version}".encode() if version else b"\0no-result")
    for name in (PAGE_TEMPLATE, PDF_TEMPLATE):
        digest.update(_file_bytes(get_template(name).origin.name))
    digest.update(_file_bytes(finders.find(CSS)))
    return digest.hexdigest()


def _read_state(backtest: Backtest) -> dict:
    try:
        state = json.loads(output_read(backtest, REPORT_STATE) or b"{}")
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(backtest: Backtest, **state: Any) -> None:
    output_write(backtest, REPORT_STATE, json.dumps(state).encode())


def reportable(backtest: Backtest) -> bool:
    return backtest.status == Backtest.Status.COMPLETED and output_exists(backtest, RESULTS)


def report_state(*, backtest: Backtest) -> ReportState:
    if not reportable(backtest):
        return ReportState(UNAVAILABLE, error="Reports are available for completed backtests.")
    state = _read_state(backtest)
    if state.get("hash") != report_inputs_hash(backtest):
        return ReportState(MISSING)
    status = state.get("status")
    if status == READY and output_exists(backtest, REPORT_PDF):
        return ReportState(
            READY,
            pages=state.get("pages"),
            seconds=state.get("seconds"),
            generated_at=datetime.fromtimestamp(state.get("finished", 0), tz=UTC),
            pdf_path=pdf_path(backtest),
        )
    if status == GENERATING:
        started = float(state.get("started") or 0)
        if time.time() - started < GENERATION_TIMEOUT:
            return ReportState(GENERATING, started=started)
        return ReportState(
            FAILED,
            error=f"Generating the report took longer than {GENERATION_TIMEOUT // 60} minutes; "
            "is the background worker running?",
        )
    if status == FAILED:
        return ReportState(FAILED, error=state.get("error") or "The report could not be generated.")
    return ReportState(MISSING)


def report_get_or_queue(*, backtest: Backtest, force: bool = False) -> ReportState:
    """The cached report when it is fresh; otherwise queue its generation (Huey) and say so.

    A failed generation is not retried automatically (`force=True` retries it). Without a
    browser to draw the charts, the state is "failed" with the reason, and nothing is queued.
    """
    state = report_state(backtest=backtest)
    if state.status in (READY, GENERATING, UNAVAILABLE):
        return state
    if state.failed and not force:
        return state
    if browser_path() is None:
        _write_state(backtest, hash=report_inputs_hash(backtest), status=FAILED, error=NO_BROWSER)
        return ReportState(FAILED, error=NO_BROWSER)
    _write_state(
        backtest, hash=report_inputs_hash(backtest), status=GENERATING, started=time.time()
    )
    from backtests.tasks import generate_report_task  # a service enqueues its task (see tasks.py)

    generate_report_task(backtest.pk)
    return report_state(backtest=backtest)


# -- rendering ------------------------------------------------------------------------------------
def report_context(*, backtest: Backtest, result: dict | None = None) -> dict:
    """Everything the report template shows; statistics from the stored result document."""
    if result is None:
        result = backtest_result(backtest)
    sections = figures.build_sections(result, data_dir=conf.data_dir())
    equity = sections.pop("equity")
    start, end = data.period(result, equity)
    every = figures.all_sections(sections)
    return {
        "backtest": backtest,
        "project": backtest.project,
        "description": backtest.project.description,
        "start": start,
        "end": end,
        "statistics": data.report_statistics(result, equity),
        "sections": sections,
        "figures_json": {s.id: s.figure for s in every if s.figure},
        "crisis_count": len(data.CRISIS_EVENTS),
        "generated": timezone.now(),
    }


def _css() -> str:
    return _file_bytes(finders.find(CSS)).decode()


def render_pdf_html(*, backtest: Backtest, result: dict | None = None) -> str:
    """The report as one self-contained HTML document: charts as images, the CSS inlined."""
    context = report_context(backtest=backtest, result=result)
    sections = figures.all_sections(context["sections"])
    charted = [s for s in sections if s.figure]
    images = figure_images([(s.figure, s.raster, 0.5 if s.group else 1.0) for s in charted])
    for section, image in zip(charted, images, strict=True):
        section.image = image
    context.update({"pdf": True, "css": _css()})
    return render_to_string(PDF_TEMPLATE, context)


def report_generate(*, backtest_id: int, force: bool = False) -> ReportState:
    """Render and cache the PDF (the Huey task calls this). Reuses a fresh cache unless forced."""
    backtest = Backtest.objects.select_related("project").get(pk=backtest_id)
    if not reportable(backtest):
        return report_state(backtest=backtest)
    current = _read_state(backtest)
    key = report_inputs_hash(backtest)
    if (
        not force
        and current.get("hash") == key
        and current.get("status") == READY
        and output_exists(backtest, REPORT_PDF)
    ):
        return report_state(backtest=backtest)
    started = time.time()
    _write_state(backtest, hash=key, status=GENERATING, started=started)
    try:
        html = render_pdf_html(backtest=backtest)
        pdf, pages = html_to_pdf(html)
    except ReportRenderError as exc:
        _write_state(backtest, hash=key, status=FAILED, error=str(exc), started=started)
        return ReportState(FAILED, error=str(exc))
    except Exception as exc:
        logger.exception("Report of backtest %s failed", backtest_id)
        message = f"The report could not be generated: {exc}"
        _write_state(backtest, hash=key, status=FAILED, error=message, started=started)
        return ReportState(FAILED, error=message)
    output_write(backtest, REPORT_PDF, pdf)
    output_write(backtest, REPORT_HTML, html.encode())
    _write_state(
        backtest,
        hash=key,
        status=READY,
        started=started,
        finished=time.time(),
        pages=pages,
        seconds=round(time.time() - started, 3),
    )
    return report_state(backtest=backtest)


def report_html(*, backtest: Backtest) -> str:
    """The report as a self-contained HTML document (charts embedded as images).

    From the cache when fresh; otherwise rendered now (a few seconds) and cached with its PDF.
    Raises ReportRenderError when it cannot be rendered (no browser, not completed).
    """
    if not reportable(backtest):
        raise ReportRenderError("Reports are available for completed backtests.")
    state = report_state(backtest=backtest)
    cached = output_read(backtest, REPORT_HTML) if state.ready else None
    if cached is not None:
        return cached.decode()
    if browser_path() is None:
        raise ReportRenderError(NO_BROWSER)
    state = report_generate(backtest_id=backtest.pk, force=state.failed)
    html = output_read(backtest, REPORT_HTML) if state.ready else None
    if html is None:
        raise ReportRenderError(state.error or "The report could not be generated.")
    return html.decode()
