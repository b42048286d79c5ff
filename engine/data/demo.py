"""Synthetic demo data in LEAN's folder format (clearly labelled; NOT market data).

``python -m engine.data.demo [OUT_DIR] [--if-missing] [--start 2023-01-03 --end 2024-12-31 --tickers SPY,AAPL,MSFT,QQQ
--seed 7 --no-minute]`` writes, for a few US equities (SPY included so the default benchmark works):
minute trade and quote zips (04:00-20:00 with sparse extended-hours bars), hour and daily zips, map
and factor files (quarterly dividends; AAPL gets a synthetic 2-for-1 split), a minimal
market-hours-database.json, symbol-properties CSV, interest-rate CSV and ``SYNTHETIC_DATA.md``.

Prices follow geometric Brownian motion with GARCH(1,1) volatility clustering and a U-shaped
intraday variance and volume profile; OHLC are consistent and on a one-cent grid; quotes carry a
1+ cent spread. Output is deterministic for a given seed. Trading days and early closes come from
the XNYS calendar.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time as _time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from engine.data.folder import SYNTHETIC_MARKER, as_date, is_synthetic, ymd
from engine.data.market_hours import market_hours

DEFAULT_START = date(2023, 1, 3)
DEFAULT_END = date(2024, 12, 31)
DEFAULT_TICKERS = ("SPY", "AAPL", "MSFT", "QQQ")
DEFAULT_SEED = 7
__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "DEFAULT_TICKERS",
    "TickerSpec",
    "generate",
    "is_synthetic",
    "main",
]


@dataclass(frozen=True)
class TickerSpec:
    ticker: str
    price: float  # starting price (post-split units)
    volatility: float  # annualised
    daily_volume: float  # shares per day
    dividend_yield: float = 0.0  # annual, paid quarterly
    dividend_months: tuple[int, ...] = (3, 6, 9, 12)
    dividend_day: int = 20  # ex-date: first trading day on/after this day of the month
    split_date: date | None = None  # first trading day on/after it is the split (ex) date
    split_ratio: int = 2  # shares after / before (2 = 2-for-1)
    exchange: str = "Q"


KNOWN = {
    "SPY": TickerSpec("SPY", 385.0, 0.16, 70e6, 0.014, (3, 6, 9, 12), 17, exchange="P"),
    "AAPL": TickerSpec(
        "AAPL", 130.0, 0.27, 55e6, 0.006, (2, 5, 8, 11), 10, split_date=date(2024, 6, 10)
    ),
    "MSFT": TickerSpec("MSFT", 240.0, 0.25, 25e6, 0.009, (2, 5, 8, 11), 15),
    "QQQ": TickerSpec("QQQ", 265.0, 0.21, 45e6, 0.006, (3, 6, 9, 12), 18),
    "IWM": TickerSpec("IWM", 175.0, 0.22, 30e6, 0.012, (3, 6, 9, 12), 18, exchange="P"),
}
# Fed primary credit rate (percent), for the synthetic interest-rate file
_RATES = (
    ("2019-01-02", 3.0),
    ("2020-03-16", 0.25),
    ("2022-03-17", 0.5),
    ("2022-05-05", 1.0),
    ("2022-06-16", 1.75),
    ("2022-07-28", 2.5),
    ("2022-09-22", 3.25),
    ("2022-11-03", 4.0),
    ("2022-12-15", 4.5),
    ("2023-02-02", 4.75),
    ("2023-03-23", 5.0),
    ("2023-05-04", 5.25),
    ("2023-07-27", 5.5),
    ("2024-09-19", 5.0),
    ("2024-11-08", 4.75),
    ("2024-12-19", 4.5),
)

PRE_START_S, POST_END_S = 4 * 3600, 20 * 3600


def spec_for(ticker: str, rng: np.random.Generator) -> TickerSpec:
    t = ticker.upper()
    if t in KNOWN:
        return KNOWN[t]
    return TickerSpec(
        t, float(rng.uniform(20, 300)), float(rng.uniform(0.2, 0.45)), float(rng.uniform(2e6, 2e7))
    )


# -- helpers -----------------------------------------------------------------------------------------
def _csv(rows: np.ndarray) -> bytes:
    """Integer matrix -> CSV bytes (no header)."""
    buf = io.StringIO()
    np.savetxt(buf, rows, fmt="%d", delimiter=",")
    return buf.getvalue().encode()


def _write_zip(path: Path, entry: str, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(entry, payload)


def _first_on_or_after(days: list[date], target: date) -> int | None:
    for i, d in enumerate(days):
        if d >= target:
            return i
    return None


# -- simulation --------------------------------------------------------------------------------------
@dataclass
class _Sim:
    day_idx: np.ndarray  # per minute
    sec: np.ndarray  # minute start, seconds since local midnight
    regular: np.ndarray  # bool
    written: np.ndarray  # bool: bar present in the file
    o: np.ndarray  # raw prices x 10000 (int64)
    h: np.ndarray
    low: np.ndarray
    c: np.ndarray
    v: np.ndarray  # int64
    dividends: list[tuple[int, float]]  # (ex-day index, raw amount)
    split: tuple[int, int] | None  # (ex-day index, ratio)


def _simulate(
    spec: TickerSpec,
    days: list[date],
    sessions: list[tuple[int, int, bool]],
    rng: np.random.Generator,
) -> _Sim:
    n_days = len(days)
    # daily variance with GARCH(1,1) clustering
    var_target = spec.volatility**2 / 252
    alpha, beta = 0.08, 0.90
    omega = var_target * (1 - alpha - beta)
    shocks = rng.standard_normal(n_days)
    var = np.empty(n_days)
    ret = np.empty(n_days)
    v = var_target
    for i in range(n_days):
        var[i] = v
        ret[i] = np.sqrt(v) * shocks[i]
        v = omega + alpha * ret[i] ** 2 + beta * v
    # minute grid per day: 04:00 .. 20:00 (13:00 on early closes)
    secs, didx, reg = [], [], []
    for i, (open_s, close_s, early) in enumerate(sessions):
        end_s = close_s if early else POST_END_S
        s = np.arange(PRE_START_S, end_s, 60, dtype=np.int64)
        secs.append(s)
        didx.append(np.full(len(s), i, dtype=np.int64))
        reg.append((s >= open_s) & (s < close_s))
    sec = np.concatenate(secs)
    day_idx = np.concatenate(didx)
    regular = np.concatenate(reg)
    n = len(sec)
    # intraday variance weights: U-shape in the session, small outside
    weight = np.full(n, 0.04)
    weight[(~regular) & (sec < 9 * 3600 + 1800)] = 0.08
    opens = np.array([s[0] for s in sessions])[day_idx]
    closes = np.array([s[1] for s in sessions])[day_idx]
    x = np.clip((sec - opens) / np.maximum(closes - opens, 1), 0, 1)
    weight[regular] = 0.6 + 3.0 * (2 * x[regular] - 1) ** 2
    day_weight = np.bincount(day_idx, weights=weight, minlength=n_days)
    minute_var = var[day_idx] * weight / day_weight[day_idx]
    incr = np.sqrt(minute_var) * rng.standard_normal(n)
    first = np.r_[True, day_idx[1:] != day_idx[:-1]]
    incr[first] += 0.07 / 252 - var / 2
    # dividends (path units) and split
    dividends: list[tuple[int, float]] = []
    split = None
    if spec.split_date is not None:
        si = _first_on_or_after(days, spec.split_date)
        if si is not None and si > 0:
            split = (si, spec.split_ratio)
    if spec.dividend_yield > 0:
        for year in range(days[0].year, days[-1].year + 1):
            for month in spec.dividend_months:
                di = _first_on_or_after(days, date(year, month, min(spec.dividend_day, 28)))
                if di is not None and di > 0 and days[di].month == month:
                    dividends.append((di, 0.0))
    level = np.log(spec.price) + np.cumsum(incr)
    drops = np.zeros(n)
    day_first_pos = np.flatnonzero(first)
    for k, (di, _) in enumerate(dividends):
        prev_close = float(np.exp(level[day_first_pos[di] - 1] + drops[: day_first_pos[di]].sum()))
        amount = round(prev_close * spec.dividend_yield / 4, 2)
        dividends[k] = (di, amount)
        drops[day_first_pos[di]] += np.log(1 - amount / prev_close)
    lp = level + np.cumsum(drops)
    close = np.exp(lp)
    open_ = np.exp(np.r_[np.log(spec.price), lp[:-1]])
    wick = np.sqrt(minute_var) * 0.7
    high = np.maximum(open_, close) * np.exp(np.abs(rng.standard_normal(n)) * wick)
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.standard_normal(n)) * wick)
    mult = np.ones(n)
    vol_mult = np.ones(n)
    if split is not None:
        before = day_idx < split[0]
        mult[before] = split[1]
        vol_mult[before] = 1 / split[1]
        dividends = [(di, a * split[1] if di < split[0] else a) for di, a in dividends]

    def cents(p: np.ndarray) -> np.ndarray:
        return np.round(p * mult * 100).astype(np.int64)

    o_c, c_c = cents(open_), cents(close)
    h_c = np.maximum(cents(high), np.maximum(o_c, c_c))
    l_c = np.maximum(np.minimum(cents(low), np.minimum(o_c, c_c)), 1)
    # volume: daily total x U-shaped share, larger on big-move days; thin outside the session
    day_volume = (
        spec.daily_volume * np.exp(0.25 * rng.standard_normal(n_days)) * (1 + 0.5 * np.abs(shocks))
    )
    reg_weight = np.where(regular, weight, 0.0)
    reg_sum = np.bincount(day_idx, weights=reg_weight, minlength=n_days)
    share = reg_weight / reg_sum[day_idx]
    noise = np.exp(0.45 * rng.standard_normal(n))
    volume = (
        np.where(regular, day_volume[day_idx] * share, day_volume[day_idx] * 2e-4)
        * noise
        * vol_mult
    )
    volume = np.maximum(np.round(volume), 1).astype(np.int64)
    written = regular | (rng.random(n) < np.where(sec < 9 * 3600 + 1800, 0.35, 0.25))
    return _Sim(
        day_idx,
        sec,
        regular,
        written,
        o_c * 100,
        h_c * 100,
        l_c * 100,
        c_c * 100,
        volume,
        dividends,
        split,
    )


def _quotes(sim: _Sim, rng: np.random.Generator) -> np.ndarray:
    """Quote rows (time filled by the caller) for the written minutes: bid/ask OHLC x 10000, sizes."""
    m = sim.written
    n = int(m.sum())
    price_c = sim.c[m] // 100
    spread = np.maximum(1, np.round(price_c * 2e-5)).astype(np.int64)
    spread = spread * np.where(sim.regular[m], 1, 5) + (rng.random(n) < 0.2)
    half = spread // 2
    cols = []
    for p in (sim.o[m], sim.h[m], sim.low[m], sim.c[m]):
        cols.append(p // 100 - half)
    bid = np.maximum(np.stack(cols, axis=1), 1)
    ask = bid + spread[:, None]
    bid_size = rng.integers(1, 60, n) * 100
    ask_size = rng.integers(1, 60, n) * 100
    return np.column_stack(
        [
            bid[:, 0],
            bid[:, 1],
            bid[:, 2],
            bid[:, 3],
            bid_size,
            ask[:, 0],
            ask[:, 1],
            ask[:, 2],
            ask[:, 3],
            ask_size,
        ]
    ) * np.array([100, 100, 100, 100, 1, 100, 100, 100, 100, 1], dtype=np.int64)


def _aggregate(keys: np.ndarray, o, h, low, c, v) -> tuple[np.ndarray, ...]:
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return (
        keys[starts],
        o[starts],
        np.maximum.reduceat(h, starts),
        np.minimum.reduceat(low, starts),
        c[np.r_[starts[1:] - 1, len(c) - 1]],
        np.add.reduceat(v, starts),
    )


# -- writers -----------------------------------------------------------------------------------------
def _write_ticker(
    out: Path, spec: TickerSpec, days: list[date], sessions, rng, minute: bool
) -> None:
    sim = _simulate(spec, days, sessions, rng)
    t = spec.ticker.lower()
    base = out / "equity" / "usa"
    if minute:
        quotes = _quotes(sim, rng)
        w = sim.written
        ms = sim.sec[w] * 1000
        trade_rows = np.column_stack([ms, sim.o[w], sim.h[w], sim.low[w], sim.c[w], sim.v[w]])
        quote_rows = np.column_stack([ms, quotes])
        wd = sim.day_idx[w]
        bounds = np.searchsorted(wd, np.arange(len(days) + 1))
        for i, d in enumerate(days):
            a, b = bounds[i], bounds[i + 1]
            stamp = ymd(d)
            folder = base / "minute" / t
            _write_zip(
                folder / f"{stamp}_trade.zip",
                f"{stamp}_{t}_minute_trade.csv",
                _csv(trade_rows[a:b]),
            )
            _write_zip(
                folder / f"{stamp}_quote.zip",
                f"{stamp}_{t}_minute_quote.csv",
                _csv(quote_rows[a:b]),
            )
    r = sim.regular
    day_keys = sim.day_idx[r]
    hour_keys = day_keys * 24 + sim.sec[r] // 3600
    stamps = [ymd(d) for d in days]
    for res, keys in (("hour", hour_keys), ("daily", day_keys)):
        k, o, h, low, c, v = _aggregate(keys, sim.o[r], sim.h[r], sim.low[r], sim.c[r], sim.v[r])
        if res == "hour":
            labels = [f"{stamps[x // 24]} {x % 24:02d}:00" for x in k.tolist()]
        else:
            labels = [f"{stamps[x]} 00:00" for x in k.tolist()]
        body = _csv(np.column_stack([o, h, low, c, v])).decode().splitlines()
        text = "\n".join(f"{a},{b}" for a, b in zip(labels, body, strict=True)) + "\n"
        _write_zip(base / res / f"{t}.zip", f"{t}.csv", text.encode())
    # map file (identity) and factor file from the simulated dividends and split
    exch = spec.exchange
    (base / "map_files").mkdir(parents=True, exist_ok=True)
    (base / "map_files" / f"{t}.csv").write_text(
        f"{ymd(days[0])},{t},{exch}\n20501231,{t},{exch}\n"
    )
    daily_close = {
        int(x): int(cv)
        for x, cv in zip(
            *_aggregate(day_keys, sim.o[r], sim.h[r], sim.low[r], sim.c[r], sim.v[r])[::4],
            strict=True,
        )
    }
    events = [(di, "dividend", a) for di, a in sim.dividends]
    if sim.split is not None:
        events.append((sim.split[0], "split", sim.split[1]))
    events.sort(key=lambda e: -e[0])
    pf, sf = 1.0, 1.0
    rows = [("20501231", 1.0, 1.0, 0.0)]
    for di, kind, amount in events:
        d0 = di - 1
        ref = daily_close[d0] / 10000
        if kind == "dividend":
            pf *= 1 - amount / ref
        else:
            sf /= amount
        if rows[-1][0] == ymd(days[d0]):
            rows[-1] = (ymd(days[d0]), pf, sf, ref)
        else:
            rows.append((ymd(days[d0]), pf, sf, ref))
    if rows[-1][0] != ymd(days[0]):
        rows.append((ymd(days[0]), pf, sf, 1.0))
    lines = [f"{d},{p:.10f},{s:.10f},{ref:g}" for d, p, s, ref in reversed(rows)]
    (base / "factor_files").mkdir(parents=True, exist_ok=True)
    (base / "factor_files" / f"{t}.csv").write_text("\n".join(lines) + "\n")


def _mdy(d: date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def _write_support_files(out: Path, start: date, end: date, tickers: list[str], seed: int) -> None:
    hours = market_hours("equity", "usa")
    lo, hi = date(start.year - 1, 1, 1), date(end.year + 1, 12, 31)
    holidays, early = [], {}
    for o in range(lo.toordinal(), hi.toordinal() + 1):
        d = date.fromordinal(o)
        if d.weekday() < 5 and not hours.is_date_open(d):
            holidays.append(_mdy(d))
        elif hours.is_date_open(d) and hours.is_early_close(d):
            early[_mdy(d)] = hours.market_close(d).strftime("%H:%M:%S")
    seg = [
        {"start": "04:00:00", "end": "09:30:00", "state": "premarket"},
        {"start": "09:30:00", "end": "16:00:00", "state": "market"},
        {"start": "16:00:00", "end": "20:00:00", "state": "postmarket"},
    ]
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    equity = {
        "dataTimeZone": "America/New_York",
        "exchangeTimeZone": "America/New_York",
        **{d: (seg if i < 5 else []) for i, d in enumerate(days)},
        "holidays": holidays,
        "earlyCloses": early,
        "lateOpens": {},
    }
    fx_day = [
        {"start": "00:00:00", "end": "16:58:00", "state": "market"},
        {"start": "17:03:00", "end": "1.00:00:00", "state": "market"},
    ]
    forex = {
        "dataTimeZone": "UTC",
        "exchangeTimeZone": "America/New_York",
        **{d: fx_day for d in days[:4]},
        "friday": fx_day[:1],
        "saturday": [],
        "sunday": fx_day[1:],
        "holidays": [],
        "earlyCloses": {},
        "lateOpens": {},
    }
    always = [{"start": "00:00:00", "end": "1.00:00:00", "state": "market"}]
    crypto = {
        "dataTimeZone": "UTC",
        "exchangeTimeZone": "UTC",
        **{d: always for d in days},
        "holidays": [],
        "earlyCloses": {},
        "lateOpens": {},
    }
    entries = {"Equity-usa-[*]": equity, "Forex-oanda-[*]": forex, "Crypto-coinbase-[*]": crypto}
    (out / "market-hours").mkdir(parents=True, exist_ok=True)
    (out / "market-hours" / "market-hours-database.json").write_text(
        json.dumps({"entries": entries}, indent=1)
    )
    (out / "symbol-properties").mkdir(parents=True, exist_ok=True)
    (out / "symbol-properties" / "symbol-properties-database.csv").write_text(
        "market,symbol,type,description,quote_currency,contract_multiplier,minimum_price_variation,lot_size,"
        "market_ticker,minimum_order_size,price_magnifier,strike_multiplier\n"
        "usa,[*],equity,,USD,1,0.01,1\n"
        "oanda,[*],forex,,USD,1,0.00001,1\n"
    )
    rates = [(as_date(d), r) for d, r in _RATES]
    in_force = [x for x in rates if x[0] <= start][-1:] or rates[:1]
    kept = in_force + [x for x in rates if start < x[0] <= end]
    rate_dir = out / "alternative" / "interest-rate" / "usa"
    rate_dir.mkdir(parents=True, exist_ok=True)
    (rate_dir / "interest-rate.csv").write_text(
        "DATE,PCREDIT8\n" + "".join(f"{d.isoformat()},{r:.2f}\n" for d, r in kept)
    )
    (out / SYNTHETIC_MARKER).write_text(
        "# SYNTHETIC DEMO DATA - not real market data\n\n"
        "Generated by `python -m engine.data.demo` (qcweb) in LEAN's folder format so backtests run\n"
        "without a data subscription. Prices are random (GBM with GARCH volatility clustering);\n"
        "dividends, splits (AAPL: a synthetic 2-for-1 split) and volumes are invented. Never use it\n"
        "for research or trading decisions.\n\n"
        f"- tickers: {', '.join(tickers)}\n- dates: {start.isoformat()} .. {end.isoformat()}\n- seed: {seed}\n"
    )


def generate(
    out_dir: str | Path,
    start: object = DEFAULT_START,
    end: object = DEFAULT_END,
    tickers: list[str] | tuple[str, ...] = DEFAULT_TICKERS,
    *,
    seed: int = DEFAULT_SEED,
    minute: bool = True,
) -> Path:
    """Write the synthetic data set; returns the folder. SPY is always included."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    a, b = as_date(start), as_date(end)
    names = [t.upper() for t in tickers]
    if "SPY" not in names:
        names.insert(0, "SPY")
    hours = market_hours("equity", "usa")
    days = hours.trading_days(a, b)
    if not days:
        raise ValueError(f"no XNYS trading days between {a} and {b}")
    sessions = []
    for d in days:
        seg = hours._segments(d)
        regular = [s for s in seg if s[2] == "market"][0]
        sessions.append((regular[0], regular[1], hours.is_early_close(d)))
    for i, t in enumerate(names):
        rng = np.random.default_rng([seed, i, sum(map(ord, t))])
        _write_ticker(out, spec_for(t, rng), days, sessions, rng, minute)
    _write_support_files(out, a, b, names, seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.data.demo", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "out_dir",
        nargs="?",
        default=os.environ.get("QCWEB_DEMO_DATA", "var/demo-data"),
        help="data folder to write (default: $QCWEB_DEMO_DATA or var/demo-data)",
    )
    parser.add_argument(
        "--start", default=DEFAULT_START.isoformat(), help="first date (default %(default)s)"
    )
    parser.add_argument(
        "--end", default=DEFAULT_END.isoformat(), help="last date (default %(default)s)"
    )
    parser.add_argument(
        "--tickers", default=",".join(DEFAULT_TICKERS), help="comma separated (SPY always added)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-minute", action="store_true", help="only hour and daily files")
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help="do nothing when the folder already holds demo data",
    )
    args = parser.parse_args(argv)
    if args.if_missing and is_synthetic(args.out_dir):
        print(f"Synthetic demo data already present in {args.out_dir}")
        return 0
    began = _time.perf_counter()
    tickers = [t.strip() for t in args.tickers.split(",") if t.strip()]
    out = generate(
        args.out_dir, args.start, args.end, tickers, seed=args.seed, minute=not args.no_minute
    )
    print(
        f"Wrote synthetic demo data for {', '.join(t.upper() for t in tickers)} to {out} "
        f"in {_time.perf_counter() - began:.1f}s (see {SYNTHETIC_MARKER})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
