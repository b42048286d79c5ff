"""Currency conversion feeds: LEAN's ``Cash.EnsureCurrencyDataFeed`` / ``SecurityCurrencyConversion.LinearSearch``.

Every non-account currency of the cash book needs a price path to the account currency. Pairs among the
algorithm's securities are used first (1 leg, direct or inverted; then 2 legs); otherwise a pair with
data in the data folder (forex on the forex markets in use or oanda, crypto on the crypto markets in use
or the brokerage's) becomes an INTERNAL security: its feed moves the clock and updates the cash book's
conversion rates (step 7), but it is not in ``self.securities``, slices or ``on_data`` (as the benchmark).
Stablecoins without a pair on their market (``Currencies.StableCoinsWithoutPairs``) convert 1:1.
No path at all: ``MissingData`` naming the currency (LEAN throws an ArgumentException), unless the
algorithm neither holds it nor has a security in it (its rate then stays 0, as LEAN's with a pair
that has no data).
"""

from __future__ import annotations

import logging
from typing import Any

from engine.algorithm.runtime import AlgorithmRuntime
from engine.data.symbol_properties import symbol_properties
from engine.model import Market, Resolution, SecurityType, Symbol
from engine.model.subscriptions import SubscriptionRequest
from engine.portfolio.currency_conversion import (
    ConstantCurrencyConversion,
    SecurityCurrencyConversion,
)

STABLE_WITHOUT_PAIRS = {
    "binance": {
        "USDCUSD",
        "USDTUSD",
        "USDPUSD",
        "SUSDUSD",
        "BUSDUSD",
        "USTUSD",
        "TUSDUSD",
        "FDUSDUSD",
        "DAIUSD",
        "IDRTIDR",
        "BNFCRUSD",
    },
    "bitfinex": {"EURSEUR", "XCHFCHF"},
    "coinbase": {"USDCUSD"},
    "bybit": {"USDCUSD", "USDTUSD", "USDPUSD", "SUSDUSD", "BUSDUSD", "USTUSD", "TUSDUSD", "DAIUSD"},
}

_log = logging.getLogger(__name__)
_TYPES = (SecurityType.FOREX, SecurityType.CFD, SecurityType.CRYPTO)
_RES_ORDER = (Resolution.MINUTE, Resolution.SECOND, Resolution.HOUR, Resolution.DAILY)


_DOLLAR_LIKE = ("USDT", "USDC", "USD")


def _stable(code: str, market: str) -> bool:
    return code in STABLE_WITHOUT_PAIRS.get(market.lower(), ())


def is_stable_without_pair(a: str, b: str, market: str) -> bool:
    """LEAN's ``Currencies.IsStableCoinWithoutPair(accountCurrency, cash, market)``: with a dollar-like
    account currency (USD, USDT, USDC) any of the three counts as the other side."""
    others = [x for x in _DOLLAR_LIKE if x != a] if b in _DOLLAR_LIKE else [b]
    return any(_stable(a + o, market) or _stable(o + a, market) for o in others)


def _listed_tickers(
    folder: Any, security_type: SecurityType, market: str, res: Resolution
) -> list[str]:
    """Tickers with files under ``<type>/<market>/<resolution>`` (intraday: folders; hour/daily: zips)."""
    base = folder.market_dir(security_type.folder_name, market) / res.name.lower()
    if not base.is_dir():
        return []
    out = []
    for p in sorted(base.iterdir()):
        if p.is_dir():
            out.append(p.name.upper())
        elif p.suffix == ".zip":
            name = p.stem
            for suffix in ("_trade", "_quote"):
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
            out.append(name.upper())
    return list(dict.fromkeys(out))


class ConversionPair:
    __slots__ = ("symbol", "base", "quote", "security", "resolution")

    def __init__(
        self,
        symbol: Symbol,
        base: str,
        quote: str,
        security: Any = None,
        resolution: Resolution | None = None,
    ) -> None:
        self.symbol, self.base, self.quote = symbol, base, quote
        self.security, self.resolution = security, resolution

    def compare(self, base: str, quote: str) -> bool | None:
        """LEAN's ``CurrencyPairUtil.ComparePair``: None when this pair does not convert ``base`` to
        ``quote``, else whether it is inverted. A stablecoin without a pair on this pair's market
        stands for the currency it is pegged to (BTCUSDT on Binance converts BTC to USD)."""
        cur = [self.base, self.quote, base, quote]
        substituted = False
        for i, j in ((1, 3), (1, 2), (0, 3), (0, 2)):
            market = self.symbol.market
            if _stable(cur[i] + cur[j], market) or _stable(cur[j] + cur[i], market):
                cur[i] = cur[j]
                substituted = True
        mine = (cur[0], cur[1]) if substituted else (self.base, self.quote)
        if mine == (base, quote):
            return False
        if mine == (quote, base):
            return True
        return None

    def other(self, currency: str) -> str | None:
        if self.base == currency:
            return self.quote
        if self.quote == currency:
            return self.base
        return None


def _decompose(folder: Any, symbol: Symbol) -> tuple[str, str] | None:
    props = symbol_properties(folder, symbol.market, symbol.security_type.folder_name, symbol.value)
    quote = (props.quote_currency or "").upper()
    value = symbol.value.upper()
    if not quote or not value.endswith(quote) or len(value) == len(quote):
        return None
    return value[: -len(quote)], quote


def _markets(algo: Any) -> dict[SecurityType, list[str]]:
    in_use: dict[SecurityType, list[str]] = {}
    for sec in algo.securities.values():
        st = sec.symbol.security_type
        in_use.setdefault(st, [])
        if sec.symbol.market not in in_use[st]:
            in_use[st].append(sec.symbol.market)
    if SecurityType.CFD in in_use and SecurityType.FOREX not in in_use:
        in_use[SecurityType.FOREX] = list(in_use[SecurityType.CFD])
    defaults = dict(getattr(algo.brokerage_model, "default_markets", {}) or {})
    defaults.setdefault(SecurityType.FOREX, Market.OANDA)
    defaults.setdefault(SecurityType.CFD, Market.OANDA)
    defaults.setdefault(SecurityType.CRYPTO, Market.COINBASE)
    out = {}
    for st in _TYPES:
        markets = list(in_use.get(st, []))
        if defaults[st] not in markets:
            markets.insert(0, defaults[st])
        out[st] = markets
    return out


def _resolution(algo: Any) -> Resolution:
    """LEAN: the smallest resolution of the subscriptions (Minute when none); ticks use minute bars."""
    subscriptions = AlgorithmRuntime(algo).subscriptions
    res = [r.resolution for r in subscriptions if r.resolution != Resolution.TICK]
    return min(res, default=Resolution.MINUTE)


def ensure_currency_feeds(algo: Any, folder: Any) -> list[SubscriptionRequest]:
    """Resolve every cash book currency; returns the internal subscription requests added."""
    book = getattr(algo.portfolio, "cash_book", None)
    if book is None or not hasattr(book, "conversion_securities"):
        return []
    acct = book.account_currency
    if acct in book and book[acct].currency_conversion is None:
        book[acct].currency_conversion = ConstantCurrencyConversion.identity(acct)
    todo = [c for c in book.keys() if c != acct and c not in book.fixed_rates]
    if not todo:
        return []
    markets = _markets(algo)
    existing: list[ConversionPair] = []
    for sec in list(algo.securities.values()) + list(book.conversion_securities):
        if sec.symbol.security_type in _TYPES and getattr(sec, "base_currency", None):
            existing.append(ConversionPair(sec.symbol, sec.base_currency, sec.quote_currency, sec))
    wanted = _resolution(algo)
    potentials: list[ConversionPair] = []
    for st in _TYPES:
        for market in markets[st]:
            for res in (wanted,) + tuple(r for r in _RES_ORDER if r != wanted):
                for ticker in _listed_tickers(folder, st, market, res):
                    sym = Symbol(ticker, st, market)
                    parts = _decompose(folder, sym)
                    if parts is not None:
                        potentials.append(ConversionPair(sym, parts[0], parts[1], None, res))
    requests: list[SubscriptionRequest] = []
    crypto_markets = markets[SecurityType.CRYPTO]
    for currency in todo:
        if any(is_stable_without_pair(currency, acct, m) for m in crypto_markets):
            book.fix_rate(currency, 1.0)
            book[currency].currency_conversion = ConstantCurrencyConversion(currency, acct, 1.0)
            continue
        path = linear_search(currency, acct, existing, potentials)
        if path is None and not book[currency].amount and not _traded_in(algo, currency):
            # LEAN subscribes the pair its symbol properties list even without data; with none to
            # read the rate stays 0, which changes nothing while the algorithm neither holds nor
            # trades in the currency (the USD a USD benchmark adds to an INR account's cash book)
            _log.warning(
                "no conversion data between %s and %s: its conversion rate stays 0", currency, acct
            )
            continue
        if path is None:
            from engine.errors import MissingData

            raise MissingData(
                f"In order to maintain cash in {currency} you are required to add a subscription for "
                f"Forex pair {currency}{acct} or {acct}{currency}: no conversion data between {currency} "
                f"and {acct} in the data folder {getattr(folder, 'root', folder)}"
            )
        for pair, _ in path:
            if pair.security is not None:
                continue
            request = SubscriptionRequest(
                pair.symbol, pair.resolution or wanted, fill_forward=True, internal=True
            )
            from engine.algorithm.securities import create_security

            pair.security = create_security(algo, request)
            book.conversion_securities.append(pair.security)
            existing.append(pair)
            requests.append(request)
            _log.debug(
                "Cash.EnsureCurrencyDataFeed(): adding %s for cash %s", pair.symbol.value, currency
            )
        legs = [(pair.security, inverted) for pair, inverted in path]
        book[currency].currency_conversion = SecurityCurrencyConversion(currency, acct, legs)
    return requests


def _traded_in(algo: Any, currency: str) -> bool:
    """Whether one of the algorithm's securities is quoted in ``currency`` or has it as base (a
    crypto future's base currency only when it is the contract's collateral: ADAUSDT never holds
    ADA)."""
    from engine.execution.crypto_futures import collateral_currency

    for sec in algo.securities.values():
        if sec.symbol.security_type == SecurityType.CRYPTO_FUTURE:
            if currency in (sec.quote_currency, collateral_currency(sec)):
                return True
        elif currency in (sec.quote_currency, getattr(sec, "base_currency", None)):
            return True
    return False


def linear_search(
    source: str, dest: str, existing: list[ConversionPair], potentials: list[ConversionPair]
) -> list[tuple[ConversionPair, bool]] | None:
    """LEAN's ``SecurityCurrencyConversion.LinearSearch``: the first one-leg pair, else the first
    two legs; each leg with whether it is inverted."""
    pairs = existing + potentials
    for p in pairs:
        inverted = p.compare(source, dest)
        if inverted is not None:
            return [(p, inverted)]
    for p1 in pairs:
        middle = p1.other(source)
        if middle is None:
            continue
        for p2 in pairs:
            inverted = p2.compare(middle, dest)
            if inverted is not None:
                return [(p1, source == p1.quote), (p2, inverted)]
    return None


def seed_conversion_rates(algo: Any) -> None:
    """LEAN's ``AlgorithmUtils.SeedCurrencyConversionRates`` as ``BaseSetupHandler.
    SetupCurrencyConversions`` runs it before the first data: every currency still without a rate
    gets one from the last known prices of its conversion securities (each security without a
    price is seeded with them, as ``AlgorithmUtils.SeedSecurities``). The starting portfolio value
    LEAN reports (``BacktestingSetupHandler.StartingPortfolioValue``, the cash book's total) is
    then every currency's cash converted, not the account currency's alone."""
    from engine.history.seeding import last_known_prices

    book = getattr(algo.portfolio, "cash_book", None)
    if book is None:
        return
    pending = [
        cash
        for cash in book.values()
        if cash.currency_conversion is not None and not cash.conversion_rate
    ]
    # each conversion security once (a pair may serve two currencies), in the book's order
    securities = {
        id(security): security
        for cash in pending
        for security in cash.currency_conversion.conversion_rate_securities
    }
    for security in securities.values():
        if not security.price:
            for point in last_known_prices(algo, security):
                security.set_market_price(point)
    for cash in pending:
        rate = cash.currency_conversion.update()
        if rate:
            cash.conversion_rate = rate
    if pending:
        book.update_conversion_rates(algo.securities)
