"""Symbol properties (lot size, tick size, quote currency, multiplier) from
``symbol-properties/symbol-properties-database.csv``, with LEAN's defaults when absent."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.data.folder import DataFolder, norm_security_type

_CRYPTO_QUOTES = (
    "USDT",
    "USDC",
    "BUSD",
    "TUSD",
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "BTC",
    "ETH",
    "BNB",
    "DAI",
)


@dataclass(frozen=True)
class SymbolProperties:
    description: str = ""
    quote_currency: str = "USD"
    contract_multiplier: float = 1.0
    minimum_price_variation: float = 0.01
    lot_size: float = 1.0
    market_ticker: str | None = None
    minimum_order_size: float | None = None
    price_magnifier: float = 1.0

    @staticmethod
    def get_default(quote_currency: str) -> SymbolProperties:
        """LEAN ``SymbolProperties.GetDefault``: no description, multiplier 1, tick 0.01, lot 1."""
        return SymbolProperties("", str(quote_currency).upper(), 1.0, 0.01, 1.0, "")

    GetDefault = get_default


def _float(text: str, default: float | None) -> float | None:
    text = (text or "").strip()
    return float(text) if text else default


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> dict[tuple[str, str, str], list[str]]:
    """The database's rows by (market, ticker, type). A run looks up a few of its ~60k rows, so
    they become ``SymbolProperties`` on lookup (``_properties``), not all at start-up."""
    out: dict[tuple[str, str, str], list[str]] = {}
    with open(path, newline="") as fh:
        for row in csv.reader(fh):
            if not row or row[0].startswith("#") or row[0] == "market" or len(row) < 8:
                continue
            out[(row[0].lower(), row[1].upper(), row[2].lower())] = row
    return out


@lru_cache(maxsize=1024)
def _properties(row: tuple[str, ...]) -> SymbolProperties:
    row = row + ("",) * (12 - len(row))
    return SymbolProperties(
        description=row[3],
        quote_currency=row[4] or "USD",
        contract_multiplier=_float(row[5], 1.0),
        minimum_price_variation=_float(row[6], 0.01),
        lot_size=_float(row[7], 1.0),
        market_ticker=row[8] or None,
        minimum_order_size=_float(row[9], None),
        price_magnifier=_float(row[10], 1.0) or 1.0,
    )


def _default(sec: str, ticker: str, quote_currency: str) -> SymbolProperties:
    t = ticker.upper()
    if sec in ("forex", "cfd") and len(t) == 6:
        return SymbolProperties(quote_currency=t[3:], minimum_price_variation=0.00001)
    if sec in ("crypto", "cryptofuture"):
        for q in _CRYPTO_QUOTES:
            if t.endswith(q) and len(t) > len(q):
                return SymbolProperties(quote_currency=q)
    return SymbolProperties(quote_currency=quote_currency)


def symbol_properties(
    folder: str | Path | DataFolder | None,
    market: str,
    security_type: object,
    ticker: str,
    default_quote_currency: str = "USD",
    underlying: tuple[object, str] | None = None,
) -> SymbolProperties:
    """Exact (market, ticker, type) row, else the ``underlying`` (type, ticker)'s row when given
    (LEAN's SymbolPropertiesDatabase: a future option without a row of its own has its future's
    properties), else the market's ``[*]`` wildcard row, else LEAN defaults
    (``default_quote_currency``, which LEAN's security service makes the account currency,
    multiplier 1, tick 0.01, lot 1; forex/crypto quote currency derived from the pair)."""
    sec = norm_security_type(security_type)
    if folder is not None:
        path = DataFolder(folder).symbol_properties_path
        if path.is_file():
            table = _load(path, path.stat().st_mtime)
            keys = [(market.lower(), ticker.upper(), sec)]
            if underlying is not None:
                keys.append(
                    (market.lower(), underlying[1].upper(), norm_security_type(underlying[0]))
                )
            keys.append((market.lower(), "[*]", sec))
            for key in keys:
                if key in table:
                    return _properties(tuple(table[key]))
    return _default(sec, ticker, default_quote_currency)


def markets_listing(
    folder: str | Path | DataFolder | None, security_type: object, ticker: str
) -> list[str]:
    """The markets whose rows list ``ticker`` of ``security_type``, in the database's order (LEAN's
    SymbolPropertiesDatabase.TryGetMarket: where ``add_future("GC")`` finds COMEX)."""
    if folder is None:
        return []
    path = DataFolder(folder).symbol_properties_path
    if not path.is_file():
        return []
    sec = norm_security_type(security_type)
    wanted = ticker.upper()
    return [m for (m, t, s) in _load(path, path.stat().st_mtime) if t == wanted and s == sec]
