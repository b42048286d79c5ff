"""Downloaders of market data from public sources, converted into LEAN's format by the table
importer (``services.import_table``).

A downloader is a ``Downloader`` subclass: ``url(symbol, start, end)`` names the request,
``parse(body)`` turns the response into a table with a ``date`` (or ``time``) column and the
columns the importer reads (``open, high, low, close, volume`` for trade bars), and ``options``
says what the table is (asset class, market, resolution, time zone). ``download`` fetches through
``fetch`` (urllib by default; tests pass recorded responses, since a test machine may have no
network). ``download_import`` runs one download into an organization's data folder with the same
staging, report and storage plan as an upload.
"""

from __future__ import annotations

import io
import tempfile
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from accounts.models import Organization

Fetch = Callable[[str], bytes]
TIMEOUT_SECONDS = 30
MAX_BYTES = 64 * 1024 * 1024


class DownloadError(RuntimeError):
    """The source answered nothing usable (no data, an error page, a network failure)."""


def urllib_fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "qcweb-data-library"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read(MAX_BYTES + 1)[:MAX_BYTES]
    except OSError as exc:
        raise DownloadError(f"cannot reach {urllib.parse.urlsplit(url).netloc}: {exc}") from None


class Downloader(ABC):
    """One public source of bars."""

    name: str = ""
    resolution: str = "daily"

    @abstractmethod
    def url(self, symbol: str, start: date, end: date) -> str: ...

    @abstractmethod
    def parse(self, body: bytes) -> pd.DataFrame: ...

    def options(self, symbol: str) -> dict:
        """The table importer's options for this source's tables of `symbol`."""
        return {
            "asset_class": "equity",
            "market": "usa",
            "symbol": symbol.lower(),
            "resolution": self.resolution,
            "data_type": "trade",
            "timezone": "America/New_York",
        }

    def download(
        self, symbol: str, start: date, end: date, *, fetch: Fetch = urllib_fetch
    ) -> pd.DataFrame:
        frame = self.parse(fetch(self.url(symbol, start, end)))
        dates = pd.to_datetime(frame["date"], errors="coerce")
        return frame[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]


class StooqDaily(Downloader):
    """Stooq's free CSV of daily bars (``/q/d/l/?s=<symbol>.us&d1=<yyyymmdd>&d2=<yyyymmdd>&i=d``):
    ``Date,Open,High,Low,Close,Volume`` with split-adjusted prices in dollars; US tickers get the
    ``.us`` suffix. An unknown symbol answers the text ``No data``."""

    name = "stooq"
    base_url = "https://stooq.com/q/d/l/"

    def url(self, symbol: str, start: date, end: date) -> str:
        ticker = symbol.lower() if "." in symbol else f"{symbol.lower()}.us"
        query = urllib.parse.urlencode(
            {"s": ticker, "d1": start.strftime("%Y%m%d"), "d2": end.strftime("%Y%m%d"), "i": "d"}
        )
        return f"{self.base_url}?{query}"

    def parse(self, body: bytes) -> pd.DataFrame:
        text = body.decode("utf-8", errors="replace").strip()
        if not text or text.lower().startswith("no data"):
            raise DownloadError("the source has no data for this symbol and range")
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise DownloadError(f"the answer is not a CSV: {exc}") from None
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        missing = {"date", "open", "high", "low", "close"} - set(frame.columns)
        if missing:
            raise DownloadError(f"the answer lacks the column(s) {', '.join(sorted(missing))}")
        if "volume" not in frame.columns:
            frame["volume"] = "0"  # indices have no volume
        return frame[["date", "open", "high", "low", "close", "volume"]]


DOWNLOADERS: dict[str, type[Downloader]] = {StooqDaily.name: StooqDaily}


def download_import(
    *,
    organization: Organization,
    downloader: Downloader,
    symbol: str,
    start: date,
    end: date,
    fetch: Fetch = urllib_fetch,
) -> tuple[dict, int]:
    """Download `symbol`'s bars and import them into the organization's data folder; returns the
    import's report and the bytes added (raises DownloadError, or the importer's errors)."""
    from backtests.data_library.services import import_table

    frame = downloader.download(symbol, start, end, fetch=fetch)
    if frame.empty:
        raise DownloadError(f"no bars of {symbol.upper()} between {start} and {end}")
    with tempfile.TemporaryDirectory(prefix="download-") as folder:
        path = Path(folder) / f"{downloader.name}-{symbol.lower()}.csv"
        frame.to_csv(path, index=False)
        return import_table(
            path,
            organization=organization,
            options=downloader.options(symbol),
            source_name=f"{downloader.name}:{symbol.upper()}",
        )
