"""Currency symbols for messages and result documents."""

from __future__ import annotations

#: LEAN's ``Currencies.CurrencySymbols`` (Common/Currencies.cs); other currencies show their code.
CURRENCY_SYMBOLS = {
    "USD": "$",
    "GBP": "₤",
    "JPY": "¥",
    "KRW": "₩",
    "EUR": "€",
    "NZD": "$",
    "AUD": "$",
    "CAD": "$",
    "CHF": "Fr",
    "HKD": "$",
    "SGD": "$",
    "XAG": "Ag",
    "XAU": "Au",
    "CNH": "¥",
    "CNY": "¥",
    "CZK": "Kč",
    "DKK": "kr",
    "HUF": "Ft",
    "INR": "₹",
    "MXN": "$",
    "NOK": "kr",
    "PLN": "zł",
    "SAR": "﷼",
    "SEK": "kr",
    "THB": "฿",
    "TRY": "₺",
    "TWD": "NT$",
    "ZAR": "R",
    "RUB": "₽",
    "BRL": "R$",
    "GNF": "Fr",
    "BTC": "₿",
    "BCH": "Ƀ",
    "BSV": "Ɓ",
    "LTC": "Ł",
    "ETH": "Ξ",
    "EOS": "ε",
    "XRP": "✕",
    "XLM": "*",
    "ETC": "ξ",
    "ZRX": "ZRX",
    "USDT": "₮",
    "ADA": "₳",
    "SOL": "◎",
    "DOT": "●",
    "DOGE": "Ð",
    "DAI": "◈",
    "ALGO": "Ⱥ",
}


def currency_symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, currency)


class Currencies:
    """LEAN's ``Currencies`` (Common/Currencies.cs): currency codes as constants and their symbols."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    INR = "INR"
    IDR = "IDR"
    CNH = "CNH"
    CHF = "CHF"
    HKD = "HKD"
    JPY = "JPY"
    KRW = "KRW"
    NULL_CURRENCY = NullCurrency = "QCC"
    CURRENCY_SYMBOLS = CurrencySymbols = CURRENCY_SYMBOLS

    @staticmethod
    def get_currency_symbol(currency: str | None) -> str:
        return currency_symbol(currency) if currency else ""

    GetCurrencySymbol = get_currency_symbol
