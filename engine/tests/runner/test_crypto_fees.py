"""Crypto fees as LEAN charges them: the immediate execution model orders a Binance buy's fee too
(the fee is taken from the bought coins), so the holdings reach the portfolio target."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

ALGORITHM = """
class BinanceTargetProbe(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2022, 12, 13)
        self.set_end_date(2022, 12, 13)
        self.set_account_currency("BUSD")
        self.set_cash("BUSD", 50000, 1)
        self.universe_settings.resolution = Resolution.MINUTE
        symbol = Symbol.create("BTCBUSD", SecurityType.CRYPTO, Market.BINANCE)
        self.set_universe_selection(ManualUniverseSelectionModel([symbol]))
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(minutes=20)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel(Resolution.MINUTE))
        self.set_execution(ImmediateExecutionModel())
        self.set_brokerage_model(BrokerageName.BINANCE, AccountType.MARGIN)
        self.logged = False

    def on_order_event(self, event):
        if event.status != OrderStatus.FILLED or self.logged:
            return
        self.logged = True
        self.debug(f"order={event.quantity} fill={event.fill_quantity}"
                   f" fee={event.order_fee.value.amount} currency={event.order_fee.value.currency}"
                   f" holdings={self.portfolio[event.symbol].quantity} price={event.fill_price}")
"""


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, lean_data):
    if not (lean_data / "crypto" / "binance" / "minute" / "btcbusd").is_dir():
        pytest.skip("no Binance BTCBUSD minute data in the LEAN sample data")
    return run(tmp_path_factory.mktemp("fees") / "p", ALGORITHM, lean_data)


def test_a_binance_buy_orders_its_fee_in_coins_too(outcome):
    assert outcome.ok, outcome.error
    line = next(line for line in debug_lines(outcome) if " order=" in line)
    values = dict(part.split("=", 1) for part in line.split() if "=" in part)
    order, fill, fee = float(values["order"]), float(values["fill"]), float(values["fee"])
    assert values["currency"] == "BTC"
    # 0.1 % of the ordered coins is the fee, taken from the fill
    assert fee == pytest.approx(order * 0.001, rel=1e-9)
    assert fill == pytest.approx(order - fee, abs=1e-12)
    assert float(values["holdings"]) == pytest.approx(fill)
    # the target is 99.75 % of 50,000 BUSD less the fee's value; the order adds the fee back in
    # coins, so it is worth the whole 49,875 BUSD (to a lot of 0.00001 BTC)
    assert order * float(values["price"]) == pytest.approx(50000 * 0.9975, abs=0.5)
    assert outcome.result["statistics"]["Total Fees"].startswith("BUSD")
