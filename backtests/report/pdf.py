"""Figures to images (kaleido 1.x driving the system Chromium) and HTML to PDF (WeasyPrint).

One Kaleido browser is kept open per process on a private event-loop thread and reused: the
first figure costs about a second (browser start), later ones ~0.1 s. Calls are serialised with
a lock (kaleido's shared browser is not thread-safe) and every call has a timeout, so a hung
browser fails the report with a message instead of running forever. Without a browser, the
caller gets `ChartRendererUnavailable` with an installation hint before anything starts.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import logging
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

logger = logging.getLogger(__name__)
for _name in ("kaleido", "choreographer", "logistro"):  # chatty at INFO
    logging.getLogger(_name).setLevel(logging.WARNING)

BROWSER_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
START_TIMEOUT = 60.0
FIGURE_TIMEOUT = 60.0
FIGURE_WIDTH = 760  # CSS pixels; the PDF scales the images to the text width
TABS = 1  # more tabs did not render faster (one renderer, two CPUs)


class ReportRenderError(RuntimeError):
    """The report could not be rendered; the message is meant for the user."""


class ChartRendererUnavailable(ReportRenderError):
    pass


def browser_path() -> str | None:
    """The Chromium kaleido will drive: $BROWSER_PATH, else Debian's /usr/bin/chromium, else PATH."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if Path(override).exists() else None
    for candidate in BROWSER_CANDIDATES:
        found = candidate if Path(candidate).is_absolute() else shutil.which(candidate)
        if found and os.access(found, os.X_OK):
            return found
    return None


NO_BROWSER = (
    "The PDF report needs Chromium to draw its charts, and none was found on the server. "
    "Install it with `apt-get install chromium` (`make run` does this), or set BROWSER_PATH "
    "to a Chrome or Chromium binary."
)


class _ChartServer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    def _start(self) -> None:
        import kaleido

        path = browser_path()
        if path is None:
            raise ChartRendererUnavailable(NO_BROWSER)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="report-charts", daemon=True)
        thread.start()

        class _Kaleido(kaleido.Kaleido):
            """Skips kaleido's page reload after each figure (it re-parses plotly.js, ~0.15 s a
            figure); the page's state is reset by Plotly itself for every new figure."""

            async def _return_kaleido_tab(self, tab) -> None:
                await self.tabs_ready.put(tab)

        async def open_browser():
            k = _Kaleido(n=TABS, mathjax=False, timeout=FIGURE_TIMEOUT, path=path)
            await k.open()
            return k

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = future.result(timeout=START_TIMEOUT)
        except FutureTimeout as exc:
            future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            raise ReportRenderError(
                f"Chromium ({path}) did not start within {START_TIMEOUT:.0f} s."
            ) from exc
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise ReportRenderError(f"Chromium ({path}) could not be started: {exc}") from exc
        self._loop = loop

    def _stop(self) -> None:
        loop, k = self._loop, self._kaleido
        self._loop, self._kaleido = None, None
        if loop is None:
            return
        try:
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
        except Exception:  # noqa: BLE001 - closing a broken browser
            logger.debug("closing the chart browser failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def render(self, figures: list[tuple[dict, dict]]) -> list[bytes]:
        """(figure, opts) pairs to image bytes, in order."""
        with self._lock:
            if self._kaleido is None:
                self._start()
            k = self._kaleido

            async def draw_all() -> list[bytes]:
                return await asyncio.gather(*(k.calc_fig(f, opts=o) for f, o in figures))

            future = asyncio.run_coroutine_threadsafe(draw_all(), self._loop)
            try:
                return list(future.result(timeout=FIGURE_TIMEOUT + 5))
            except Exception as exc:
                future.cancel()
                self._stop()  # a fresh browser next time
                if isinstance(exc, FutureTimeout):
                    raise ReportRenderError(
                        f"Drawing the charts took longer than {FIGURE_TIMEOUT:.0f} s."
                    ) from exc
                raise ReportRenderError(f"Drawing a chart failed: {exc}") from exc


_server = _ChartServer()
atexit.register(_server.close)


def figure_images(figures: list[tuple[dict, bool, float]]) -> list[str]:
    """(figure, raster, width fraction) to `data:` URIs: SVG, or PNG at 2x for raster ones
    (heat maps: poppler drops their colour-bar gradient in SVG)."""
    jobs = []
    for figure, raster, fraction in figures:
        height = int((figure.get("layout") or {}).get("height") or 300)
        width = int(FIGURE_WIDTH * fraction)
        opts = {"format": "png" if raster else "svg", "width": width, "height": height}
        if raster:
            opts["scale"] = 2
        jobs.append((figure, opts))
    images = _server.render(jobs) if jobs else []
    out = []
    for (_, raster, _), image in zip(figures, images, strict=True):
        mime = "image/png" if raster else "image/svg+xml"
        out.append(f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}")
    return out


def html_to_pdf(html: str, *, base_url: str | None = None) -> tuple[bytes, int]:
    """WeasyPrint: the PDF bytes and its page count."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), len(document.pages)
