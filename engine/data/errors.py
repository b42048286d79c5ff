"""Missing-data check the runner calls before a backtest starts."""

from __future__ import annotations

from pathlib import Path

from engine.data.folder import (
    INTRADAY_FILES,
    DataFolder,
    as_date,
    norm_resolution,
    norm_security_type,
)


class MissingDataError(FileNotFoundError):
    """A security has no data at all in the requested range; names the file and folder expected."""

    def __init__(
        self,
        ticker: str,
        resolution: str,
        path: str | Path,
        *,
        folder: str | Path | None = None,
        start: object = None,
        end: object = None,
        tick_type: str = "trade",
    ) -> None:
        self.ticker = ticker.upper()
        self.resolution = resolution
        self.path = Path(path)
        self.folder = Path(folder) if folder is not None else None
        span = f" between {start} and {end}" if start is not None else ""
        where = f" in the data folder {self.folder}" if self.folder is not None else ""
        message = (
            f"No {resolution} {tick_type} data for {self.ticker}{span}: expected {self.path}{where}. "
            "Point the data setting (--data) at a LEAN data folder that has it, import a CSV with "
            "`python -m engine.data.importer`, or generate demo data with `python -m engine.data.demo`."
        )
        super().__init__(message)


def require_data(
    folder: str | Path | DataFolder,
    security_type: object,
    market: str,
    ticker: str,
    resolution: object,
    start_date: object,
    end_date: object,
    tick_type: object | None = None,
) -> None:
    """Raise ``MissingDataError`` unless some data of the security falls in [start_date, end_date]."""
    from engine.data.maps import read_map_file
    from engine.data.readers import default_tick_type

    df = DataFolder(folder)
    sec = norm_security_type(security_type)
    res = norm_resolution(resolution)
    kind = str(tick_type or default_tick_type(sec)).lower()
    start, end = as_date(start_date), as_date(end_date)
    days = df.dates_available(sec, market, ticker, res, kind)
    if any(start <= d <= end for d in days):
        return
    name = ticker.lower()
    if sec == "equity":
        name = read_map_file(df, market, ticker).ticker_on(start) or name
    path = df.zip_path(sec, market, name, res, kind, start if res in INTRADAY_FILES else None)
    raise MissingDataError(ticker, res, path, folder=df.root, start=start, end=end, tick_type=kind)
