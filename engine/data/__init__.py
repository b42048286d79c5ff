"""Data layer: LEAN data-folder readers, calendars, corporate events, demo data and importer.

Public interface (all times int64 ns since the epoch, UTC, unless noted)::

    DataFolder(path)                         # root of a LEAN data folder
        .has_data(security_type, market, ticker, resolution, tick_type="trade") -> bool
        .dates_available(security_type, market, ticker, resolution, tick_type="trade") -> list[date]
        .zip_path(security_type, market, ticker, resolution, tick_type="trade", day=None) -> Path
    is_synthetic(folder) -> bool             # folder written by engine.data.demo

    read_trade_bars(folder, security_type, market, ticker, resolution, start_date, end_date, *,
                    normalization="adjusted", extended_hours=False) -> BarArrays
    read_quote_bars(...same...) -> QuoteBarArrays
    read_ticks(folder, security_type, market, ticker, start_date, end_date, *, tick_type=None,
               normalization="adjusted", extended_hours=False) -> TickArrays

    BarArrays:      start, end (int64 UTC ns; bar = [start, end), emitted at end), date
                    (datetime64[D] file/trading date), scale (normalization multiplier), open, high,
                    low, close, volume (float64), raw_close (unadjusted close, dollars), ticker, resolution
    QuoteBarArrays: start, end, date, scale, bid_open, bid_high, bid_low, bid_close, bid_size,
                    ask_open, ask_high, ask_low, ask_close, ask_size (missing side = NaN)
    TickArrays:     time, date, scale, price, quantity, bid_price, bid_size, ask_price, ask_size,
                    exchange, condition (object), suspicious (bool), tick_type
    Each has len(), .take(mask_or_index), .columns() and .to_frame() (indexed by end/time, UTC).

    corporate_events(folder, ticker, start_date, end_date, *, market="usa") -> list[CorporateEvent]
        kinds: split_warning, split, dividend, symbol_changed, delisting_warning, delisted
    market_hours(security_type, market, folder=None) -> MarketHours
        .time_zone, .data_time_zone, .is_open(local_dt, extended=False), .is_date_open(date),
        .market_open(date, extended=False), .market_close(date, extended=False),
        .next_open(local_dt, extended=False), .trading_days(start, end), .is_early_close(date),
        .segments(date, extended=False), .open_during(start_local_ns, end_local_ns, extended)
    symbol_properties(folder, market, security_type, ticker) -> SymbolProperties
    InterestRateProvider(folder).rate(date); risk_free_rate(folder, date)   (default 0.01)
    require_data(folder, security_type, market, ticker, resolution, start, end) raises MissingDataError
    read_map_file(folder, market, ticker) -> MapFile; read_factor_file(folder, market, ticker) -> FactorFile

Conventions (LEAN's): equity files hold prices x 10000 and exchange-local times (America/New_York);
forex (oanda) data times are UTC, exchange America/New_York; crypto UTC/UTC. Rows outside regular
hours are dropped unless ``extended_hours``. Equity daily bars get strict times: start = regular open,
end = regular close (13:00 on early closes). Hour bars keep the file's clock-hour start (09:00-10:00
holds 09:30-10:00). Normalization (equities only): adjusted (default) = raw x price_factor x
split_factor of the first factor row dated >= the bar date, sizes / that factor rounded;
split_adjusted; total_return (split-adjusted + dividends since start_date); raw.
``security_type``/``resolution``/``normalization`` accept strings ('equity', 'minute',
'split_adjusted' or 'SplitAdjusted') or the engine.model enums.
"""

from __future__ import annotations

from engine.data.arrays import BarArrays, QuoteBarArrays, TickArrays
from engine.data.errors import MissingDataError, require_data
from engine.data.events import CorporateEvent, corporate_events
from engine.data.factors import FactorFile, read_factor_file
from engine.data.folder import DataFolder, is_synthetic
from engine.data.interest_rate import DEFAULT_RISK_FREE_RATE, InterestRateProvider, risk_free_rate
from engine.data.maps import MapFile, read_map_file
from engine.data.market_hours import MarketHours, market_hours
from engine.data.readers import default_tick_type, read_quote_bars, read_ticks, read_trade_bars
from engine.data.symbol_properties import SymbolProperties, symbol_properties

__all__ = [
    "DEFAULT_RISK_FREE_RATE",
    "BarArrays",
    "CorporateEvent",
    "DataFolder",
    "FactorFile",
    "InterestRateProvider",
    "MapFile",
    "MarketHours",
    "MissingDataError",
    "QuoteBarArrays",
    "SymbolProperties",
    "TickArrays",
    "corporate_events",
    "default_tick_type",
    "is_synthetic",
    "market_hours",
    "read_factor_file",
    "read_map_file",
    "read_quote_bars",
    "read_ticks",
    "read_trade_bars",
    "require_data",
    "risk_free_rate",
    "symbol_properties",
]
