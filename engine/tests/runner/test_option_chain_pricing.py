"""Option chains priced by their securities' price models on LEAN's sample data (GOOG, December
2015): the engine's default indicator-based model, a model set on the canonical option and
shared by its contracts, and a contract added on its own."""

from __future__ import annotations

from helpers import debug_lines, run

DEFAULT_MODEL = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.set_cash(100000)
        self.add_equity("GOOG")
        self.option = self.add_option("GOOG")
        self.option.set_filter(lambda u: u.standards_only().strikes(-1, 1).expiration(0, 30))
        single = Symbol.create_option("GOOG", Market.USA, OptionStyle.AMERICAN, OptionRight.PUT,
                                      700, datetime(2016, 1, 15))
        self.single = self.add_option_contract(single)
        self.done = False

    def on_data(self, data):
        chain = data.option_chains.get(self.option.symbol)
        if chain is None or self.done or self.time.hour < 11:
            return
        self.done = True
        self.debug(f"canonical {type(self.option.price_model).__name__}")
        self.debug(f"single {type(self.single.price_model).__name__} "
                   f"{self.single.price_model is self.option.price_model}")
        for c in sorted(chain, key=lambda c: (c.expiry, c.strike, c.right)):
            shared = self.securities[c.symbol].price_model is self.option.price_model
            self.debug(f"contract {c.symbol.value} {c.right} {shared} {c.implied_volatility} "
                       f"{c.greeks.delta} {c.greeks.gamma} {c.theoretical_price}")
"""


def test_chain_contracts_take_the_engines_default_model(tmp_path, lean_data):
    outcome = run(tmp_path / "p", DEFAULT_MODEL, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # every option security starts with LEAN's engine model (Engine/Engine.cs); a contract
    # added on its own (outside the filter) keeps its own, a chain's contracts share the
    # canonical's
    assert "canonical IndicatorBasedOptionPriceModel" in lines
    assert "single IndicatorBasedOptionPriceModel False" in lines
    contracts = [line.split() for line in lines if line.startswith("contract ")]
    # the slice's chain holds the contract added on its own too, priced by its own model
    assert [c[2] for c in contracts if c[4] == "False"] == ["160115P00700000"]
    assert len(contracts) > 2
    for _, _, _, right, _, iv, delta, gamma, price in contracts:
        assert 0.05 < float(iv) < 2.0  # the contract's own implied volatility, not a default
        if right == "Call":
            assert 0 < float(delta) < 1
        else:
            assert -1 < float(delta) < 0
        assert float(gamma) > 0
        assert float(price) > 0


CUSTOM_MODEL = """
class Model:
    def __init__(self):
        self.calls = []

    def evaluate(self, parameters):
        contract = parameters.contract
        self.calls.append((type(parameters).__name__, str(parameters.security.symbol),
                           str(contract.symbol)))
        return OptionPriceModelResult(contract.strike / 1000, 0.25, Greeks(0.5, 0.1, 0.2, -0.3, 0.05, 0))


class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.set_cash(100000)
        self.add_equity("GOOG")
        option = self.add_option("GOOG")
        self.canonical = option.symbol
        option.set_filter(lambda u: u.standards_only().strikes(-2, 2).expiration(0, 30))
        self.model = Model()
        option.set_price_model(self.model)
        self.done = False

    def on_data(self, data):
        chain = data.option_chains.get(self.canonical)
        if chain is None or self.done:
            return
        self.done = True
        contracts = sorted(chain, key=lambda c: (c.expiry, c.strike))
        first = contracts[0]
        self.debug(f"count {len(contracts)} before {len(self.model.calls)}")
        self.debug(f"read {first.strike} {first.theoretical_price} {first.implied_volatility} "
                   f"{first.greeks.delta} {first.greeks.theta}")
        self.debug(f"after {len(self.model.calls)} {self.model.calls[0][0]} "
                   f"{self.model.calls[0][1] == self.model.calls[0][2] == str(first.symbol)}")
"""


def test_a_model_set_on_the_canonical_prices_its_contracts_when_read(tmp_path, lean_data):
    outcome = run(tmp_path / "p", CUSTOM_MODEL, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    count, before = next(line for line in lines if line.startswith("count ")).split()[1::2]
    assert int(count) > 1
    # computed lazily as LEAN's OptionContract: nothing before a contract's figures are read,
    # then once for that contract (its four reads share one evaluation)
    assert before == "0"
    read = next(line for line in lines if line.startswith("read ")).split()
    strike = float(read[1])
    assert float(read[2]) == strike / 1000
    assert [float(x) for x in read[3:]] == [0.25, 0.5, -0.3]
    assert "after 1 OptionPriceModelParameters True" in lines
