"""Interactive Brokers' per-contract fees of futures and future options (LEAN's
Common/Orders/Fees/InteractiveBrokersFeeModel.cs): IB's commission plus the exchange's fee plus a
$0.02 regulatory fee per contract on US and EUREX exchanges, 150 % of IB's commission on HKFE,
a share of the trade value on KRX. Tickers not listed pay the default rates."""

from __future__ import annotations

from typing import Any

from engine.model.enums import SecurityType

# the exchanges LEAN prices as one US futures market
US_FUTURE_MARKETS = ("usa", "cme", "cbot", "nymex", "comex", "globex", "ice", "cfe", "nyseliffe")
REGULATORY_FEE = 0.02
KRX_FEE_RATE = 0.00004

_MICRO = ("MYM", "M2K", "MES", "MNQ", "2YY", "5YY", "10Y", "30Y", "MCL", "MGC", "SIL")
_MICRO_FX = ("M6E", "M6A", "M6B", "MCD", "MJY", "MSF", "M6J", "MIR", "M6C", "M6S", "MNH")

US_FUTURE_COMMISSIONS: dict[str, float] = {
    **dict.fromkeys(_MICRO, 0.25),
    **{"BTC": 5.0, "MBT": 2.25, "ETH": 3.0, "MET": 0.20, "MIB": 2.25, "MRB": 0.20},
    **{"E7": 0.50, "J7": 0.50},
    **dict.fromkeys(_MICRO_FX, 0.15),
}
US_FUTURE_EXCHANGE_FEES: dict[str, float] = {
    **dict.fromkeys(("ES", "NQ", "YM", "RTY", "EMD"), 1.28),
    **dict.fromkeys(_MICRO, 0.30),
    **{"BTC": 6.0, "MBT": 2.5, "ETH": 4.0, "MET": 0.20, "MIB": 2.5, "MRB": 0.20},
    **{"E7": 0.85, "J7": 0.85},
    **dict.fromkeys(_MICRO_FX, 0.24),
}
US_FUTURE_OPTION_COMMISSIONS: dict[str, float] = {
    **dict.fromkeys(_MICRO, 0.25),
    **{"BTC": 5.0, "MBT": 1.25, "ETH": 3.0, "MET": 0.10, "MIB": 1.25, "MRB": 0.10},
}
US_FUTURE_OPTION_EXCHANGE_FEES: dict[str, float] = {
    **dict.fromkeys(("ES", "NQ", "YM", "RTY", "EMD"), 0.55),
    **dict.fromkeys(_MICRO, 0.20),
    **{"BTC": 5.0, "MBT": 2.5, "ETH": 4.0, "MET": 0.20, "MIB": 2.5, "MRB": 0.20},
}
EUREX_FUTURE_COMMISSIONS = {"FESX": 1.00}
EUREX_FUTURE_EXCHANGE_FEES = {"FESX": 0.00}
HKFE_COMMISSIONS = {"HKD": 13.0, "CNH": 20.0, "USD": 2.40}


def _root_ticker(security: Any) -> str:
    symbol = security.symbol
    if security.type == SecurityType.FUTURE_OPTION and symbol.underlying is not None:
        symbol = symbol.underlying
    return str(symbol.id.symbol).upper()


def future_fee_per_contract(security: Any) -> tuple[float, str]:
    """(fee per contract, currency) of a future or future option on its exchange."""
    market = str(security.symbol.id.market).lower()
    ticker = _root_ticker(security)
    is_option = security.type == SecurityType.FUTURE_OPTION
    if market in US_FUTURE_MARKETS:
        commissions = US_FUTURE_OPTION_COMMISSIONS if is_option else US_FUTURE_COMMISSIONS
        exchange = US_FUTURE_OPTION_EXCHANGE_FEES if is_option else US_FUTURE_EXCHANGE_FEES
        fee = commissions.get(ticker, 0.85) + exchange.get(ticker, 1.60) + REGULATORY_FEE
        return round(fee, 10), "USD"
    if market == "eurex":
        if is_option:
            raise ValueError(
                f"InteractiveBrokersFeeModel: EUREX future options are not priced ({ticker})"
            )
        fee = (
            EUREX_FUTURE_COMMISSIONS.get(ticker, 1.00)
            + EUREX_FUTURE_EXCHANGE_FEES.get(ticker, 0.00)
            + REGULATORY_FEE
        )
        return round(fee, 10), "EUR"
    if market == "hkfe":
        currency = str(security.quote_currency)
        if currency not in HKFE_COMMISSIONS:
            raise ValueError(
                f"InteractiveBrokersFeeModel: unexpected quote currency {currency} for the HKFE "
                f"future {ticker}"
            )
        return HKFE_COMMISSIONS[currency] * 1.5, currency
    if market == "krx":
        multiplier = security.symbol_properties.contract_multiplier
        return KRX_FEE_RATE * security.price * multiplier, str(security.quote_currency)
    raise KeyError(f"InteractiveBrokersFeeModel: unexpected future market {market}")
