"""LEAN's data-folder providers as algorithms construct them: ``DefaultDataProvider``
(Engine/DataFeeds/DefaultDataProvider.cs), ``LocalDiskMapFileProvider`` and
``LocalDiskFactorFileProvider`` (Common/Data/Auxiliary/), reading the run's data folder
(``Globals.data_folder``) through the engine's own map- and factor-file readers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from engine.algorithm.data_names import Globals
from engine.data.factors import read_factor_file
from engine.data.maps import read_map_file
from engine.model import DataNormalizationMode, Symbol


def _folder() -> str:
    if not Globals.data_folder:
        raise RuntimeError("No data folder: the providers read the run's data folder")
    return str(Globals.data_folder)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


class DefaultDataProvider:
    """Opens files of the data folder (``fetch(key)``: a binary stream, None when absent)."""

    def fetch(self, key: str) -> Any:
        path = Path(key)
        if not path.is_absolute():
            path = Path(_folder()) / key
        return path.open("rb") if path.is_file() else None

    def initialize(self, *args: Any) -> None:  # LEAN's providers take their parameters here
        return None

    Fetch = fetch
    Initialize = initialize


class MapFileView:
    """A security's map file: its tickers over time (LEAN's MapFile)."""

    def __init__(self, mapping: Any) -> None:
        self._mapping = mapping

    @property
    def first_date(self) -> datetime:
        d = self._mapping.first_date
        return datetime(d.year, d.month, d.day)

    @property
    def delisting_date(self) -> datetime:
        d = self._mapping.delisting_date
        return datetime(d.year, d.month, d.day)

    @property
    def first_ticker(self) -> str:
        tickers = self._mapping.tickers
        return (tickers[0] if tickers else self._mapping.ticker).upper()

    def get_mapped_symbol(self, when: date | datetime, default_return: str = "") -> str:
        ticker = self._mapping.ticker_on(_day(when))
        return ticker.upper() if ticker else default_return

    FirstDate = first_date
    DelistingDate = delisting_date
    FirstTicker = first_ticker
    GetMappedSymbol = get_mapped_symbol


class LocalDiskMapFileProvider:
    """Map files of the data folder by symbol (``get(symbol)``)."""

    def initialize(self, data_provider: Any = None) -> None:
        return None

    def get(self, symbol: Any) -> MapFileView:
        symbol = getattr(symbol, "symbol", symbol)
        if not isinstance(symbol, Symbol):
            raise TypeError(f"LocalDiskMapFileProvider.get expects a Symbol, got {symbol!r}")
        return MapFileView(read_map_file(_folder(), symbol.market, symbol.value))

    Initialize = initialize
    Get = get


class FactorFileView:
    """A security's price and split factors (LEAN's CorporateFactorProvider)."""

    def __init__(self, factors: Any) -> None:
        self._factors = factors

    def get_price_factor(
        self, when: date | datetime, normalization_mode: Any = DataNormalizationMode.ADJUSTED
    ) -> float:
        """The multiplier from raw to ``normalization_mode`` prices on ``when``."""
        mode = DataNormalizationMode(int(normalization_mode)).name.lower()
        day = np.array([np.datetime64(_day(when), "D")])
        return float(self._factors.price_scale(day, mode)[0])

    def get_split_factor(self, when: date | datetime) -> float:
        _, split = self._factors.factors(np.array([np.datetime64(_day(when), "D")]))
        return float(split[0])

    GetPriceFactor = get_price_factor
    GetSplitFactor = get_split_factor


class LocalDiskFactorFileProvider:
    """Factor files of the data folder by symbol (``get(symbol)``)."""

    def initialize(self, map_file_provider: Any = None, data_provider: Any = None) -> None:
        return None

    def get(self, symbol: Any) -> FactorFileView:
        symbol = getattr(symbol, "symbol", symbol)
        if not isinstance(symbol, Symbol):
            raise TypeError(f"LocalDiskFactorFileProvider.get expects a Symbol, got {symbol!r}")
        return FactorFileView(read_factor_file(_folder(), symbol.market, symbol.value))

    Initialize = initialize
    Get = get


__all__ = ["DefaultDataProvider", "LocalDiskFactorFileProvider", "LocalDiskMapFileProvider"]
