"""Estimated Strategy Capacity and Lowest Capacity Asset of whole runs on LEAN's sample data, as
LEAN's Common/CapacityEstimate.cs and Common/SymbolCapacity.cs compute them: symbols keyed by
Symbol, a future's holdings measured by its margin, a continuous future's mapped contract read
from its (internal) cached bars."""

from __future__ import annotations

from helpers import debug_lines, run

# One ES contract bought on the second day and held: through the continuous future's mapped
# contract (internal subscriptions only: its bars never reach the slice), or added directly.
CONTRACT_HELD = """
class ContractHeld(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self.set_cash(1000000)
        if CONTINUOUS:
            self.future = self.add_future(Futures.Indices.SP_500_E_MINI,
                                          data_normalization_mode=DataNormalizationMode.RAW,
                                          data_mapping_mode=DataMappingMode.LAST_TRADING_DAY)
            self.contract = None
        else:
            self.contract = self.add_future_contract(
                Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME,
                                     datetime(2013, 12, 20))).symbol

    def on_data(self, data):
        if self.contract is None:
            self.contract = self.future.mapped
        if self.time.day == 8 and not self.portfolio.invested:
            self.buy(self.contract, 1)

    def on_end_of_algorithm(self):
        self.debug(f"contract={self.contract.id}")
"""


def test_a_mapped_contract_is_measured_like_the_same_contract_added_directly(tmp_path, lean_data):
    mapped = run(tmp_path / "mapped", CONTRACT_HELD.replace("CONTINUOUS", "True"), lean_data)
    direct = run(tmp_path / "direct", CONTRACT_HELD.replace("CONTINUOUS", "False"), lean_data)
    assert mapped.error is None, mapped.error
    assert direct.error is None, direct.error
    assert "contract=ES VMKLFZIH2MTD" in debug_lines(mapped)[-1]
    mapped_stats, direct_stats = mapped.result["statistics"], direct.result["statistics"]
    assert mapped_stats["Lowest Capacity Asset"] == "ES VMKLFZIH2MTD"
    assert direct_stats["Lowest Capacity Asset"] == "ES VMKLFZIH2MTD"
    assert mapped_stats["Estimated Strategy Capacity"] != "$0"
    assert (
        mapped_stats["Estimated Strategy Capacity"] == direct_stats["Estimated Strategy Capacity"]
    )


# Algorithm.Python/BasicTemplateEurexFuturesAlgorithm.py (LEAN), its checks left out: one FESX
# contract held for three weeks, so the later snapshots scale the market volume by the share of
# the portfolio the position holds, its maintenance margin (not its notional value).
EUREX_HELD = """
class EurexHeld(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 5, 30)
        self.set_end_date(2024, 6, 23)
        self.set_account_currency(Currencies.EUR)
        self.set_cash(1000000)
        self._continuous_contract = self.add_future(
            Futures.Indices.EURO_STOXX_50, Resolution.MINUTE,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.FIRST_DAY_MONTH, contract_depth_offset=0)
        self._continuous_contract.set_filter(timedelta(days=0), timedelta(days=180))
        self._mapped_symbol = self._continuous_contract.mapped
        self._contract_to_trade = None
        self._bought = False
        self.set_benchmark(self.add_index("SX5E").symbol)
        seeder = FuncSecuritySeeder(self.get_last_known_prices)
        self.set_security_initializer(lambda security: seeder.seed_security(security))

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            self._contract_to_trade = self._mapped_symbol
            self._mapped_symbol = self._continuous_contract.mapped
        if (self._contract_to_trade is not None and not self._bought
                and self.securities[self._contract_to_trade].exchange.exchange_open):
            self._bought = True
            self.buy(self._contract_to_trade, 1)

    def on_securities_changed(self, changes):
        for added in changes.added_securities:
            if added.symbol.security_type == SecurityType.FUTURE and added.symbol.is_canonical():
                self._mapped_symbol = self._continuous_contract.mapped
"""


def test_a_held_future_is_weighed_by_its_margin(tmp_path, lean_data):
    outcome = run(tmp_path / "eurex", EUREX_HELD, lean_data)
    assert outcome.error is None, outcome.error
    stats = outcome.result["statistics"]
    assert stats["Total Orders"] == "2"  # the buy, then the liquidation at the delisting
    # LEAN's figures for its BasicTemplateEurexFuturesAlgorithm (the same trades); measuring the
    # holdings by their notional value gave EUR 220,000,000
    assert stats["Lowest Capacity Asset"] == "FESX YJHOAMPYKRS5"
    assert stats["Estimated Strategy Capacity"] == "€2300000000.00"
