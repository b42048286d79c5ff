"""The option pricing names of AlgorithmImports in a run: the rate and dividend-yield models an
algorithm builds itself read the run's data folder, and the QuantLib models and LEAN's result
types work from user code (as CustomOptionPriceModelRegressionAlgorithm builds them)."""

from __future__ import annotations

from engine.algorithm.imports import exported_names
from engine.tests.runner.helpers import debug_lines, run

NAMES = (
    "OptionPriceModels QLOptionPriceModel QLOptionPriceModelProvider OptionPriceModelResult Greeks "
    "OptionPricingModelType ImpliedVolatility Delta Gamma Vega Theta Rho GreeksIndicators "
    "OptionGreekIndicatorsHelper InterestRateProvider DividendYieldProvider ArgumentException "
    "ConstantDividendYieldModel ConstantRiskFreeRateInterestRateModel CurrentPriceOptionPriceModel "
    "IndicatorBasedOptionPriceModel OptionPriceModelParameters"
).split()


def test_algorithm_imports_export_the_option_pricing_names():
    assert set(NAMES) <= exported_names()


PRICING_ALGORITHM = """
class PricingNamesAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, 5)
        self.aapl = self.add_equity("AAPL", Resolution.DAILY).symbol
        rate = InterestRateProvider().get_interest_rate(self.time)
        dividend = DividendYieldProvider(self.aapl).get_dividend_yield(self.time, 650.0)
        self.debug(f"rate {rate:.4f} dividend {dividend:.6f}")
        model = OptionPriceModels.QuantLib.bjerksund_stensland()
        self.debug(f"model {type(model).__name__} {isinstance(model, QLOptionPriceModel)}")
        greeks = Greeks(0.5, 0.2, 0.15, 0.05, 0.1, 2.0)
        greeks.delta *= -1
        result = OptionPriceModelResult(3.0, 0.2, greeks)
        self.debug(f"result {result.theoretical_price} {result.implied_volatility} "
                   f"{result.greeks.delta} {result.greeks.lambda_}")
        price = OptionGreekIndicatorsHelper.black_theoretical_price(
            0.2, 100.0, 100.0, 0.5, 0.01, 0.0, 0)
        self.debug(f"black {price:.4f} {OptionPricingModelType.FORWARD_TREE}")
"""


def test_pricing_names_in_an_algorithm(tmp_path, lean_data):
    outcome = run(tmp_path / "p", PRICING_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.stacktrace
    lines = debug_lines(outcome)
    # the run's interest-rate file (not LEAN's 1 % default) and AAPL's factor-file yield
    assert any("rate 0.0075 dividend 0.019138" in line for line in lines), lines
    assert any("model QLOptionPriceModel True" in line for line in lines), lines
    assert any("result 3.0 0.2 -0.5 2.0" in line for line in lines), lines
    assert any("black 5.8760 ForwardTree" in line for line in lines), lines


def test_indicator_based_models_over_the_algorithm_securities():
    from datetime import datetime

    from engine.algorithm.option_models import (
        default_option_price_model,
        install_option_price_models,
    )
    from engine.algorithm.qcalgorithm import QCAlgorithm
    from engine.indicators.option_price_model import IndicatorBasedOptionPriceModel
    from engine.model.enums import Market, OptionRight, OptionStyle
    from engine.model.symbol import Symbol
    from engine.pricing.price_models import OptionPriceModels, QLOptionPriceModel

    OptionPriceModels.default_provider = None
    assert isinstance(OptionPriceModels.black_scholes(), QLOptionPriceModel)  # no algorithm
    algorithm = QCAlgorithm()  # installs its models, as LEAN's engine
    try:
        model = OptionPriceModels.black_scholes()
        assert isinstance(model, IndicatorBasedOptionPriceModel)
        assert model.securities is algorithm.securities
        install_option_price_models(algorithm)
        model = OptionPriceModels.black_scholes()
        assert isinstance(model, IndicatorBasedOptionPriceModel)
        assert model.securities is algorithm.securities and model.option_model == 0
    finally:
        OptionPriceModels.default_provider = None
    contract = Symbol.create_option(
        "SPY", Market.USA, OptionStyle.AMERICAN, OptionRight.CALL, 450, datetime(2023, 9, 29)
    )
    default = default_option_price_model(algorithm, contract)
    assert isinstance(default, IndicatorBasedOptionPriceModel) and default.option_model is None
