"""Crypto futures as LEAN models them: Binance perpetuals added with ``add_crypto_future``, margined
in their collateral currency (BTC for the coin-margined BTCUSD, USDT for ADAUSDT), charged the
futures fees in that currency, funded from ``margin_interest`` and settled in the collateral."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

ALGORITHM = """
class CryptoFutureProbe(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2022, 12, 13)
        self.set_end_date(2022, 12, 13)
        self.set_time_zone(TimeZones.UTC)
        try:
            self.set_brokerage_model(BrokerageName.BINANCE_FUTURES, AccountType.CASH)
        except Exception as error:
            self.debug(f"cash account refused: {error}")
        self.set_brokerage_model(BrokerageName.BINANCE_FUTURES, AccountType.MARGIN)
        self.btc = self.add_crypto_future("BTCUSD")
        self.ada = self.add_crypto_future("ADAUSDT")
        self.set_cash(100000)
        self.btc.base_currency.set_amount(0.005)
        self.ada.quote_currency.set_amount(200)
        self.funding = {self.btc.symbol: 0, self.ada.symbol: 0}
        self.usdt_before = None

    def on_data(self, data):
        for pair in data.get[MarginInterestRate]():
            self.funding[pair.key] += 1
        if self.time.hour == 8 and self.time.minute == 0 and self.usdt_before is not None:
            self.debug(f"funding paid={self.usdt_before - self.ada.quote_currency.amount}"
                       f" value={self.ada.price * 1000}")
        self.usdt_before = self.ada.quote_currency.amount
        if self.time.hour == 1 and self.time.minute == 0:
            too_big = self.buy(self.btc.symbol, 50)
            self.debug(f"50 contracts: {too_big.status}")
            self.buy(self.btc.symbol, 1)
            h = self.btc.holdings
            self.debug(f"btc sale volume={h.total_sale_volume} cost={h.absolute_holdings_cost}")
            self.debug(f"btc margin={self.portfolio.total_margin_used}"
                       f" maintenance={BuyingPowerModelExtensions.get_maintenance_margin(self.btc.buying_power_model, self.btc)}")
            self.debug(f"btc price={self.btc.price}")
            self.buy(self.ada.symbol, 1000)
            self.debug(f"ada price={self.ada.price} cost={self.ada.holdings.absolute_holdings_cost}")
        if self.time.hour == 12 and self.time.minute == 0:
            self.usdt_close_before = self.ada.quote_currency.amount
            self.ada_entry = self.ada.holdings.average_price
            self.liquidate(self.ada.symbol)

    def on_order_event(self, event):
        if event.status == OrderStatus.FILLED:
            self.debug(f"fill {event.symbol.value} {event.fill_quantity} @ {event.fill_price}"
                       f" fee={event.order_fee.value.amount} {event.order_fee.value.currency}")
            if event.symbol == self.ada.symbol and event.fill_quantity < 0:
                self.debug(f"ada close cash change={self.ada.quote_currency.amount - self.usdt_close_before}"
                           f" entry={self.ada_entry}")

    def on_end_of_algorithm(self):
        self.debug(f"funding counts btc={self.funding[self.btc.symbol]} ada={self.funding[self.ada.symbol]}")
"""


def _values(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split() if "=" in part)


def _line(lines: list[str], start: str) -> str:
    found = [line.split(" ", 2)[2] for line in lines if line.split(" ", 2)[2].startswith(start)]
    assert found, f"no log line starting {start!r}"
    return found[0]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, lean_data):
    if not (lean_data / "cryptofuture" / "binance" / "minute" / "btcusd").is_dir():
        pytest.skip("no Binance crypto future minute data in the LEAN sample data")
    return run(tmp_path_factory.mktemp("cf") / "p", ALGORITHM, lean_data)


def test_a_cash_account_is_refused(outcome):
    assert outcome.ok, outcome.error
    line = _line(debug_lines(outcome), "cash account refused:")
    assert "Margin account" in line


def test_the_coin_margined_contract_is_valued_in_bitcoin(outcome):
    lines = debug_lines(outcome)
    # 50 contracts of 100 USD need 200 USD of margin at 25x; 0.005 BTC is about 86 USD
    assert _line(lines, "50 contracts:") == "50 contracts: Invalid"
    sale = _values(_line(lines, "btc sale volume="))
    # one contract is 100 USD of bitcoin whatever the price
    assert float(sale["volume"]) == pytest.approx(100, abs=1)
    assert float(sale["cost"]) == pytest.approx(100, abs=1)
    margin = _values(_line(lines, "btc margin="))
    assert float(margin["margin"]) == pytest.approx(4, abs=0.05)
    assert float(margin["maintenance"]) == pytest.approx(float(margin["margin"]))
    price = float(_values(_line(lines, "btc price="))["price"])
    fill = _line(lines, "fill BTCUSD 1.0")
    # the futures taker fee, 0.04 %, of 1/price x 100 BTC, in BTC
    assert fill.endswith(" BTC")
    fee = float(_values(fill)["fee"])
    assert fee == pytest.approx(100 / price * 0.0004, rel=0.01)


def test_the_stable_coin_contract_is_valued_in_its_quote_currency(outcome):
    lines = debug_lines(outcome)
    ada = _values(_line(lines, "ada price="))
    assert float(ada["cost"]) == pytest.approx(float(ada["price"]) * 1000, rel=0.01)
    fill = _line(lines, "fill ADAUSDT 1000.0")
    assert fill.endswith(" USDT")
    # 0.04 % of the position's value at the security's price (not the fill's ask), as LEAN's
    # BinanceFeeModel prices a crypto future's fee
    price = float(ada["price"])
    assert float(_values(fill)["fee"]) == pytest.approx(price * 1000 * 0.0004, rel=1e-6)


def test_funding_is_paid_from_the_collateral_at_eight(outcome):
    lines = debug_lines(outcome)
    # ADAUSDT's only funding rate that day is +0.0001 (00:00): a long pays 0.01 % of its value
    funding = _values(_line(lines, "funding paid="))
    assert float(funding["paid"]) == pytest.approx(float(funding["value"]) * 0.0001, rel=0.02)
    counts = _values(_line(lines, "funding counts"))
    assert counts == {"btc": "3", "ada": "1"}


def test_closing_settles_the_profit_in_the_collateral(outcome):
    lines = debug_lines(outcome)
    close = _line(lines, "fill ADAUSDT -1000.0")
    exit_price = float(close.split(" @ ")[1].split()[0])
    fee = float(_values(close)["fee"])
    change = _values(_line(lines, "ada close cash change="))
    entry = float(change["entry"])
    # no cash moves when a future opens; closing adds the profit and takes the fee
    expected = (exit_price - entry) * 1000 - fee
    assert float(change["change"]) == pytest.approx(expected, abs=1e-6)
    assert outcome.result["statistics"]["Total Orders"] == "4"
