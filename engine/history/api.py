"""``self.history(...)``: LEAN's history API for Python algorithms (Algorithm/QCAlgorithm.History.cs).

Shapes accepted (``symbols`` is a Symbol, a ticker string or a list of them):

- ``history(symbols, 10, Resolution.DAILY)``: the last 10 bars of each symbol before the algorithm
  time (market-hours aware: regular hours unless ``extended_market_hours=True`` / the
  subscription's setting);
- ``history(symbols, timedelta(days=5), resolution)``: bars ending within the last 5 days;
- ``history(symbols, start, end, resolution)``: bars ending in (start, end], ``end`` clipped to the
  algorithm time (no look-ahead);
- ``history(TradeBar, symbol, 10, resolution)`` / ``history[TradeBar](symbol, 10)``: a list of
  ``TradeBar`` (``QuoteBar`` likewise); with several symbols a list of ``TradeBars`` per time step;
- ``history(10)`` / ``history(timedelta)`` without symbols: a list of ``Slice`` over every
  subscription;
- ``history[Tick](symbols, timedelta(hours=1), Resolution.TICK)`` (or start, end): trade and quote
  ticks (``engine.history.ticks``); a tick count raises ``InvalidOperationException`` as in LEAN.

Daily bars end at the session close unless ``settings.daily_precise_end_time`` is False.

The DataFrame has LEAN's layout: a (symbol, time) MultiIndex (``time`` = the bar's end time in the
data's exchange time zone, as LEAN's pandas converter uses ``EndTime``), lower-case columns sorted
by name: ``open high low close volume`` for trade bars, ``bidopen ... bidsize askopen ... asksize``
for quote bars, both merged on the time when a security has both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.common.clock import local_to_ns
from engine.common.pandas_types import is_data_frame_type, is_index_or_series, is_timestamp
from engine.data.time_zones import utc_to_local
from engine.errors import HistoryError, HistoryOperationError
from engine.history.auxiliary import auxiliary_history, count_start_ns, is_auxiliary_type
from engine.history.future_universe import future_universe_history, is_future_universe_type
from engine.history.provider import (
    HistorySpec,
    SymbolHistory,
    read_count,
    read_range,
    tick_types_for,
)
from engine.history.ticks import (
    BAR_TYPE_MESSAGE,
    PERIOD_REQUEST_MESSAGE,
    note_absent_quote_ticks,
    read_tick_range,
)
from engine.model import QuoteBar, Resolution, SecurityType, Symbol, Tick, TickType, TradeBar
from engine.model.slice import DataDictionary
from engine.model.subscriptions import DEFAULT_MARKET, as_normalization, as_resolution

if TYPE_CHECKING:
    import pandas as pd

TRADE_COLUMNS = ("open", "high", "low", "close", "volume")
QUOTE_COLUMNS = {
    "bidopen": "bid_open",
    "bidhigh": "bid_high",
    "bidlow": "bid_low",
    "bidclose": "bid_close",
    "bidsize": "bid_size",
    "askopen": "ask_open",
    "askhigh": "ask_high",
    "asklow": "ask_low",
    "askclose": "ask_close",
    "asksize": "ask_size",
}


class _BoundHistory:
    """``self.history``: callable, and indexable by a data type (``self.history[TradeBar](...)``)."""

    __slots__ = ("_algorithm", "_type")

    def __init__(self, algorithm: Any, data_type: Any = None) -> None:
        self._algorithm = algorithm
        self._type = data_type

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._type is not None:
            return history(self._algorithm, self._type, *args, objects=True, **kwargs)
        return history(self._algorithm, *args, **kwargs)

    def __getitem__(self, data_type: Any) -> _BoundHistory:
        return _BoundHistory(self._algorithm, data_type)


class _HistoryDescriptor:
    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        return _BoundHistory(obj)


class HistoryMixin:
    """Adds ``history`` (and ``History`` through QCAlgorithm's PascalCase mapping)."""

    history = _HistoryDescriptor()

    def _history_now_ns(self) -> int:
        ns = getattr(self, "_now_ns", None)
        if ns is not None:
            return int(ns)
        return local_to_ns(self.time, self.time_zone)  # type: ignore[attr-defined]

    def get_last_known_prices(self, target: Any) -> Any:
        """LEAN ``GetLastKnownPrices``: for a Security or Symbol, the last point of each of its data
        types before now (oldest first); for a list of them, a dict symbol -> that list."""
        from engine.history.seeding import last_known_prices

        if isinstance(target, Symbol | str) or hasattr(target, "symbol"):
            return last_known_prices(self, _seed_target(self, target))
        out = {}
        for item in target:
            security = _seed_target(self, item)
            points = last_known_prices(self, security)
            if points:
                out[security.symbol] = points
        return out

    def get_last_known_price(self, target: Any) -> Any:
        """LEAN's obsolete ``GetLastKnownPrice``: one seed point (the trade bar when there is one)."""
        from engine.history.seeding import last_known_price

        return last_known_price(self, _seed_target(self, target))


def _seed_target(algorithm: Any, target: Any) -> Any:
    """The security behind a Security / Symbol / ticker; a symbol not added yet is seeded with its
    default data types at the universe resolution."""
    if not isinstance(target, Symbol | str) and hasattr(target, "subscriptions"):
        return target
    symbol = _to_symbol(algorithm, target)
    if symbol in algorithm.securities:
        return algorithm.securities[symbol]
    from types import SimpleNamespace

    from engine.model import QuoteBar
    from engine.model.security import SubscriptionInfo

    res = as_resolution(algorithm.universe_settings.resolution)
    infos = [
        SubscriptionInfo(QuoteBar if t == TickType.QUOTE else TradeBar, res)
        for t in tick_types_for(symbol, res)
    ]
    return SimpleNamespace(symbol=symbol, subscriptions=infos)


# -- argument parsing -------------------------------------------------------------------------------
def _is_data_type(value: Any) -> bool:
    return isinstance(value, type) and not issubclass(value, str | Symbol)


def _is_period(value: Any) -> bool:
    return (isinstance(value, int | np.integer) and not isinstance(value, bool)) or isinstance(
        value, timedelta
    )


def _symbols(algorithm: Any, value: Any) -> tuple[list[Symbol], bool]:
    """(symbols, single) from a Symbol / ticker / iterable of them."""
    if isinstance(value, Symbol | str):
        return [_to_symbol(algorithm, value)], True
    if is_index_or_series(value):
        value = list(value)
    if isinstance(value, Iterable):
        return [_to_symbol(algorithm, v) for v in value], False
    security_symbol = getattr(value, "symbol", None)
    if isinstance(security_symbol, Symbol):
        return [security_symbol], True
    raise HistoryError(f"history(): expected a Symbol, a ticker or a list of them, got {value!r}")


def _to_symbol(algorithm: Any, value: Any) -> Symbol:
    if isinstance(value, Symbol):
        return value
    security_symbol = getattr(value, "symbol", None)
    if isinstance(security_symbol, Symbol):
        return security_symbol
    ticker = str(value)
    if ticker in algorithm.securities:
        return algorithm.securities[ticker].symbol
    return Symbol(ticker.upper(), SecurityType.EQUITY, DEFAULT_MARKET[SecurityType.EQUITY])


def _subscription(algorithm: Any, symbol: Symbol) -> Any:
    for req in getattr(algorithm, "_subscriptions", ()):
        if req.symbol == symbol and not getattr(req, "internal", False):
            return req
    return None


def _fill_forward(algorithm: Any, req: Any, asked: Any) -> bool:
    """``fill_forward`` when given, else the subscription's fill-forward setting, else the
    universe settings' (LEAN's HistoryRequestFactory: ``fillForward ?? config.FillDataForward``)."""
    if asked is not None:
        return bool(asked)
    if req is not None:
        return bool(req.fill_forward)
    return bool(getattr(algorithm.universe_settings, "fill_forward", True))


def _spec(algorithm: Any, symbol: Symbol, resolution: Any, kwargs: dict) -> HistorySpec:
    req = _subscription(algorithm, symbol)
    if resolution is not None:
        res = as_resolution(resolution)
    elif req is not None:
        res = req.resolution
    else:
        res = as_resolution(algorithm.universe_settings.resolution)
    ext = kwargs.get("extended_market_hours")
    if ext is None:
        ext = req.extended_market_hours if req is not None else False
    norm = kwargs.get("data_normalization_mode")
    normalization = (
        as_normalization(norm)
        if norm is not None
        else (req.normalization if req is not None else as_normalization(None))
    )
    settings = getattr(algorithm, "settings", None)
    strict = bool(getattr(settings, "daily_precise_end_time", True))
    return HistorySpec(
        symbol,
        res,
        bool(ext),
        normalization,
        tick_types_for(symbol, res),
        strict_daily=strict,
        fill_forward=_fill_forward(algorithm, req, kwargs.get("fill_forward")),
        data_mapping_mode=(
            kwargs["data_mapping_mode"]
            if kwargs.get("data_mapping_mode") is not None
            else getattr(req, "data_mapping_mode", None)
        ),
        contract_depth_offset=int(
            kwargs.get("contract_depth_offset") or getattr(req, "contract_depth_offset", 0) or 0
        ),
    )


def _to_ns(algorithm: Any, value: Any) -> int:
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if is_timestamp(value):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        raise HistoryError(f"history(): expected a datetime, got {value!r}")
    if value.tzinfo is not None:
        from engine.common.clock import utc_to_ns

        return utc_to_ns(value)
    return local_to_ns(value, algorithm.time_zone)


def history(algorithm: Any, *args: Any, objects: bool = False, **kwargs: Any) -> Any:
    """The implementation behind ``self.history`` (see the module docs); ``objects``: the
    ``history[Type](...)`` form, which returns data objects rather than a DataFrame for custom
    types."""
    folder = getattr(algorithm, "_data_folder", None)
    if folder is None:
        raise HistoryError(
            "history() needs the data folder; it is available once the backtest runs"
        )
    args = list(args)
    data_type = args.pop(0) if args and _is_data_type(args[0]) else kwargs.pop("type", None)
    universe_type = getattr(args[0], "data_type", None) if args else None
    if data_type is None and isinstance(universe_type, type) and is_custom_type(universe_type):
        data_type = universe_type  # history(universe, ...) of a custom-data universe
    first_argument = args[0] if args else None
    if args and _is_period(args[0]) and not isinstance(args[0], Symbol):
        symbols = [r.symbol for r in algorithm._subscriptions if not getattr(r, "internal", False)]
        want_slices, single = True, False
    else:
        if not args:
            raise HistoryError("history(): missing symbols and period")
        symbols, single = _symbols(algorithm, args.pop(0))
        want_slices = False
    resolution = kwargs.pop("resolution", None)
    now_ns = algorithm._history_now_ns()
    if not args:
        raise HistoryError("history(): missing the period (a bar count, a timedelta or start, end)")
    period = args.pop(0)
    start_ns = end_ns = None
    count = None
    if isinstance(period, timedelta):
        start_ns, end_ns = now_ns - int(period.total_seconds() * 1e9), now_ns
    elif _is_period(period):
        count = int(period)
        if count <= 0:
            raise HistoryError("history(): the bar count must be positive")
    else:
        if not args:
            raise HistoryError("history(): a start time needs an end time")
        start_ns = _to_ns(algorithm, period)
        end_ns = min(_to_ns(algorithm, args.pop(0)), now_ns)
    if args:
        resolution = args.pop(0)
    if "extendedMarketHours" in kwargs:
        kwargs["extended_market_hours"] = kwargs.pop("extendedMarketHours")
    if "dataNormalizationMode" in kwargs:
        kwargs["data_normalization_mode"] = kwargs.pop("dataNormalizationMode")
    if "fillForward" in kwargs:
        kwargs["fill_forward"] = kwargs.pop("fillForward")
    if args and isinstance(args[0], bool):  # positional fill_forward
        kwargs["fill_forward"] = args.pop(0)
    if args and isinstance(args[0], bool):  # positional extended_market_hours
        kwargs["extended_market_hours"] = args.pop(0)
    fundamental = getattr(algorithm, "fundamental_history", None)
    if fundamental is not None:  # fundamental data and fundamental universes (engine/universe)
        answer = fundamental(
            data_type,
            first_argument,
            symbols,
            count,
            start_ns,
            end_ns if end_ns is not None else now_ns,
            flatten=bool(kwargs.get("flatten", False)),
            objects=objects,
            single=single,
        )
        if answer is not None:
            return answer
    if is_future_universe_type(data_type):
        return future_universe_history(
            algorithm,
            folder,
            symbols,
            count,
            start_ns,
            end_ns if end_ns is not None else now_ns,
            flatten=bool(kwargs.get("flatten", False)),
        )
    option_universe = getattr(algorithm, "option_universe_history", None)
    if option_universe is not None:  # an option's chain files (engine/universe/option_history.py)
        answer = option_universe(
            data_type,
            symbols,
            count,
            start_ns,
            end_ns if end_ns is not None else now_ns,
            flatten=bool(kwargs.get("flatten", False)),
        )
        if answer is not None:
            return answer
    if count is not None and getattr(data_type, "is_auxiliary", False) and symbols:
        # LEAN's own auxiliary data read from files (MarginInterestRate): a count is the span of
        # that many bars of the resolution, not that many points
        end = end_ns if end_ns is not None else now_ns
        start_ns = min(
            count_start_ns(algorithm, s, count, end, resolution, kwargs) for s in symbols
        )
        end_ns, count = end, None
    if data_type is not None and is_custom_type(data_type):
        fetch = getattr(algorithm, "custom_history_points", None)
        if fetch is None:
            raise HistoryError(f"history(): {data_type.__name__} is not a custom data type")
        by_symbol = fetch(data_type, symbols, start_ns, end_ns or now_ns, count)
        if not objects:
            return custom_frame(by_symbol)
        if single:
            return by_symbol[symbols[0]] if symbols else []
        return custom_steps(by_symbol)
    if is_auxiliary_type(data_type):
        return auxiliary_history(
            algorithm,
            folder,
            data_type,
            symbols,
            count,
            start_ns,
            end_ns if end_ns is not None else now_ns,
            resolution,
            kwargs,
            objects=objects,
            single=single,
        )
    if getattr(data_type, "__name__", "") == "OpenInterest" and start_ns is not None:
        from engine.history.open_interest import open_interest_history

        return open_interest_history(
            folder, symbols, start_ns, end_ns or now_ns, algorithm.time_zone, objects
        )
    specs = [_spec(algorithm, sym, resolution, kwargs) for sym in symbols]
    if any(spec.resolution == Resolution.TICK for spec in specs):
        return _tick_history(algorithm, folder, specs, data_type, count, start_ns, end_ns, single)
    if data_type is Tick:
        raise HistoryError("history(): ticks need Resolution.TICK")
    results: list[SymbolHistory] = []
    for spec in specs:
        sym = spec.symbol
        if data_type is QuoteBar:
            spec.tick_types = (TickType.QUOTE,)
        elif data_type is TradeBar:
            spec.tick_types = (TickType.TRADE,)
        if count is not None:
            results.append(read_count(folder, spec, count, now_ns))
        else:
            assert start_ns is not None and end_ns is not None
            results.append(
                read_range(folder, spec, start_ns, end_ns)
                if end_ns > start_ns
                else SymbolHistory(sym, None, None, None)
            )  # type: ignore[arg-type]
    if want_slices:
        return to_slices(results, algorithm.time_zone)
    if data_type is TradeBar or data_type is QuoteBar:
        return to_bars(results, data_type, single)
    if data_type is not None and not is_data_frame_type(data_type):
        raise HistoryError(
            f"history(): history of {getattr(data_type, '__name__', data_type)} is not supported"
        )
    return to_frame(results)


def _tick_history(
    algorithm: Any,
    folder: Any,
    specs: list[HistorySpec],
    data_type: Any,
    count: int | None,
    start_ns: int | None,
    end_ns: int | None,
    single: bool,
) -> Any:
    """Tick resolution: only for a time span (LEAN refuses a tick count)."""
    if count is not None:
        raise HistoryOperationError(PERIOD_REQUEST_MESSAGE)
    if data_type is TradeBar or data_type is QuoteBar:
        raise HistoryOperationError(BAR_TYPE_MESSAGE.format(name=data_type.__name__))
    if data_type is not None and data_type is not Tick and not is_data_frame_type(data_type):
        raise HistoryError(
            f"history(): history of {getattr(data_type, '__name__', data_type)} at tick "
            "resolution is not supported"
        )
    assert start_ns is not None and end_ns is not None
    per_symbol = []
    for spec in specs:
        ticks = []
        if end_ns > start_ns:
            ticks = read_tick_range(folder, spec, start_ns, end_ns)
            if TickType.QUOTE in spec.tick_types:
                note_absent_quote_ticks(algorithm, folder, spec.symbol, start_ns, end_ns)
        per_symbol.append((spec.symbol, ticks))
    if data_type is Tick:
        if single:
            return per_symbol[0][1] if per_symbol else []
        from engine.model.slice import Ticks

        by_time: dict[Any, Any] = {}
        for symbol, ticks in per_symbol:
            for tick in ticks:
                by_time.setdefault(tick.end_time, Ticks()).setdefault(symbol, []).append(tick)
        return [by_time[t] for t in sorted(by_time)]
    return ticks_frame(per_symbol)


def ticks_frame(per_symbol: list[tuple[Symbol, list]]) -> pd.DataFrame:
    """LEAN's tick DataFrame: (symbol, time) index; trade ticks fill ``lastprice``/``quantity``,
    quote ticks ``bidprice bidsize askprice asksize``; ``exchange`` and ``suspicious``."""
    import pandas as pd

    nan = float("nan")
    frames, keys = [], []
    for symbol, ticks in per_symbol:
        if not ticks:
            continue
        rows = []
        for t in ticks:
            trade = t.tick_type == TickType.TRADE
            rows.append(
                (
                    nan if trade else t.ask_price,
                    nan if trade else t.ask_size,
                    nan if trade else t.bid_price,
                    nan if trade else t.bid_size,
                    t.exchange,
                    t.last_price if trade else nan,
                    t.quantity if trade else nan,
                    bool(t.suspicious),
                )
            )
        columns = ["askprice", "asksize", "bidprice", "bidsize", "exchange", "lastprice"]
        frame = pd.DataFrame(
            rows,
            columns=[*columns, "quantity", "suspicious"],
            index=pd.DatetimeIndex([t.end_time for t in ticks], name="time"),
        )
        frames.append(frame)
        keys.append(symbol)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, keys=keys, names=["symbol", "time"])


def is_custom_type(data_type: type) -> bool:
    """A user data type (``PythonData`` subclass) read through its own ``get_source``/``reader``."""
    if data_type in (TradeBar, QuoteBar) or is_data_frame_type(data_type):
        return False
    return any(
        "get_source" in cls.__dict__ or "GetSource" in cls.__dict__ for cls in data_type.__mro__
    )


class CustomPoints(DataDictionary):
    """One time step of a multi-symbol custom history: symbol -> point (``values()`` is a list, as
    LEAN's ``DataDictionary.Values``)."""

    def values(self) -> list:  # type: ignore[override]
        return list(super().values())


def custom_steps(by_symbol: dict) -> list[CustomPoints]:
    steps: dict[Any, CustomPoints] = {}
    for symbol, points in by_symbol.items():
        for point in points:
            steps.setdefault(point.end_time, CustomPoints())[symbol] = point
    return [steps[t] for t in sorted(steps)]


def _builtin_properties(point: Any) -> dict[str, Any]:
    """The properties a LEAN data type of the engine's own declares (MarginInterestRate's
    ``interest_rate`` -> column ``interestrate``), as LEAN's pandas converter lists a type's
    public properties."""
    out: dict[str, Any] = {}
    for cls in type(point).__mro__:
        if not cls.__module__.startswith("engine.model.") or cls.__name__ == "BaseData":
            continue
        for name, member in vars(cls).items():
            if isinstance(member, property) and not name.startswith("_"):
                out.setdefault(name.replace("_", "").lower(), getattr(point, name))
    return out


def custom_frame(by_symbol: dict) -> pd.DataFrame:
    """LEAN's DataFrame of custom data: (symbol, time) index, ``value`` and the points' own
    properties (lower-case) as columns."""
    import pandas as pd

    rows, index = [], []
    for symbol, points in by_symbol.items():
        for point in points:
            row = {"value": point.value}
            row.update(_builtin_properties(point))
            row.update(getattr(point, "_fields", None) or point.__dict__.get("_fields", {}))
            rows.append(row)
            index.append((symbol, point.end_time))
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["symbol", "time"]))


# -- outputs --------------------------------------------------------------------------------------
def _local_times(ns: np.ndarray, tz: str) -> np.ndarray:
    return utc_to_local(np.asarray(ns, dtype=np.int64), tz).view("datetime64[ns]")


def _symbol_frame(item: SymbolHistory) -> pd.DataFrame | None:
    import pandas as pd

    parts = []
    tz = item.hours.time_zone if item.hours is not None else "UTC"
    if item.trade is not None and len(item.trade):
        a = item.trade
        parts.append(
            pd.DataFrame(
                {c: np.asarray(getattr(a, c), dtype=np.float64) for c in TRADE_COLUMNS},
                index=pd.DatetimeIndex(_local_times(a.end, tz), name="time"),
            )
        )
    if item.quote is not None and len(item.quote):
        q = item.quote
        parts.append(
            pd.DataFrame(
                {c: np.asarray(getattr(q, f), dtype=np.float64) for c, f in QUOTE_COLUMNS.items()},
                index=pd.DatetimeIndex(_local_times(q.end, tz), name="time"),
            )
        )
    if not parts:
        return None
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, axis=1, join="outer")
    frame = frame[~frame.index.duplicated(keep="last")]
    if "bidclose" in frame.columns:
        # LEAN's PandasData adds the quote bar first and lets a trade bar overwrite it: a row
        # without a trade has the quote bar's open/high/low/close (the bid/ask middle, or the one
        # side there is)
        for name in ("open", "high", "low", "close"):
            bid, ask = frame[f"bid{name}"], frame[f"ask{name}"]
            middle = ((bid + ask) / 2).fillna(bid).fillna(ask)
            frame[name] = frame[name].fillna(middle) if name in frame.columns else middle
    return frame.sort_index()


def to_frame(results: list[SymbolHistory]) -> pd.DataFrame:
    import pandas as pd

    frames, keys = [], []
    for item in results:
        frame = _symbol_frame(item)
        if frame is not None and len(frame):
            frames.append(frame)
            keys.append(item.symbol)
    if not frames:
        return pd.DataFrame()
    if all(k.security_type == SecurityType.FUTURE for k in keys):
        # LEAN's PandasData indexes futures by (expiry, symbol, time)
        out = pd.concat(
            frames, keys=[(k.id.date, k) for k in keys], names=["expiry", "symbol", "time"]
        )
        return out[sorted(out.columns)]
    out = pd.concat(frames, keys=keys, names=["symbol", "time"])
    return out[sorted(out.columns)]


def _trade_objects(item: SymbolHistory) -> list[TradeBar]:
    from engine.model.bars import trade_bars

    a = item.trade
    if a is None or len(a) == 0:
        return []
    tz = item.hours.time_zone
    starts = _local_times(a.start, tz).astype("datetime64[us]").tolist()
    ends = _local_times(a.end, tz).astype("datetime64[us]").tolist()
    return trade_bars(
        item.symbol,
        starts,
        ends,
        a.open.tolist(),
        a.high.tolist(),
        a.low.tolist(),
        a.close.tolist(),
        a.volume.tolist(),
        [False] * len(a),
    )


def _quote_objects(item: SymbolHistory) -> list[QuoteBar]:
    from engine.model.bars import quote_bars

    q = item.quote
    if q is None or len(q) == 0:
        return []
    tz = item.hours.time_zone
    starts = _local_times(q.start, tz).astype("datetime64[us]").tolist()
    ends = _local_times(q.end, tz).astype("datetime64[us]").tolist()
    with np.errstate(invalid="ignore"):
        mid = np.where(
            np.isnan(q.bid_close),
            q.ask_close,
            np.where(np.isnan(q.ask_close), q.bid_close, (q.bid_close + q.ask_close) / 2),
        )
    bid = [getattr(q, f"bid_{x}").tolist() for x in ("open", "high", "low", "close")]
    ask = [getattr(q, f"ask_{x}").tolist() for x in ("open", "high", "low", "close")]
    return quote_bars(
        item.symbol,
        starts,
        ends,
        np.nan_to_num(mid).tolist(),
        [False] * len(q),
        bid,
        q.bid_size.tolist(),
        ask,
        q.ask_size.tolist(),
    )


def to_bars(results: list[SymbolHistory], data_type: type, single: bool) -> list:
    make = _quote_objects if data_type is QuoteBar else _trade_objects
    if single:
        return make(results[0]) if results else []
    from engine.model.slice import QuoteBars, TradeBars

    container = QuoteBars if data_type is QuoteBar else TradeBars
    by_time: dict[Any, Any] = {}
    for item in results:
        for bar in make(item):
            by_time.setdefault(bar.end_time, container())[bar.symbol] = bar
    return [by_time[t] for t in sorted(by_time)]


def to_slices(results: list[SymbolHistory], time_zone: str) -> list:
    """One ``Slice`` per bar end time (UTC), in time order."""
    from engine.common.clock import ns_to_local
    from engine.model.slice import QuoteBars, Slice, TradeBars

    steps: dict[int, tuple[TradeBars, QuoteBars]] = {}
    for item in results:
        for kind, make, arrays in (
            (0, _trade_objects, item.trade),
            (1, _quote_objects, item.quote),
        ):
            if arrays is None or len(arrays) == 0:
                continue
            for ns, bar in zip(np.asarray(arrays.end).tolist(), make(item), strict=True):
                pair = steps.setdefault(ns, (TradeBars(), QuoteBars()))
                pair[kind][bar.symbol] = bar
    return [
        Slice(ns_to_local(ns, time_zone), bars, quotes)
        for ns, (bars, quotes) in sorted(steps.items())
    ]
