"""QCAlgorithm API: both spellings resolve to one implementation, parameters, logs, charts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.algorithm import QCAlgorithm, user_handler
from engine.algorithm.imports import exported_names, install
from engine.common.naming import to_snake
from engine.model import Resolution


class Algo(QCAlgorithm):
    def Initialize(self) -> None:  # noqa: N802
        self.SetStartDate(2013, 10, 7)
        self.SetEndDate(2013, 10, 11)
        self.SetCash(50_000)

    def OnData(self, data) -> None:  # noqa: N802
        pass


def test_pascal_names_map_to_snake_case_members():
    algo = Algo()
    algo.Initialize()
    assert algo.start_date == datetime(2013, 10, 7)
    assert algo.StartDate is algo.start_date
    assert algo.EndDate == datetime(2013, 10, 11, 23, 59, 59, 999999)
    assert algo.Portfolio is algo.portfolio
    assert algo.Securities is algo.securities
    assert algo.Time == algo.time
    assert (
        algo.SetHoldings.__func__ is algo.set_holdings.__func__
        if hasattr(algo, "set_holdings")
        else True
    )
    assert algo.IsWarmingUp is False
    assert algo.Debug.__func__ is QCAlgorithm.debug


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="NoSuchThing"):
        Algo().NoSuchThing  # noqa: B018


def test_to_snake():
    assert to_snake("SetHoldings") == "set_holdings"
    assert to_snake("IsWarmingUp") == "is_warming_up"
    assert to_snake("OnEndOfDay") == "on_end_of_day"
    assert to_snake("SMA") == "sma"
    assert to_snake("already_snake") == "already_snake"


def test_user_handler_detects_either_spelling():
    algo = Algo()
    assert user_handler(algo, "initialize") is not None
    assert user_handler(algo, "on_data").__name__ == "OnData"
    assert user_handler(algo, "on_order_event") is None

    class Snake(QCAlgorithm):
        def on_data(self, data):
            pass

    assert user_handler(Snake(), "on_data").__name__ == "on_data"


def test_add_equity_returns_security_with_request():
    algo = Algo()
    algo.Initialize()
    spy = algo.AddEquity("SPY", Resolution.Minute)
    assert spy.symbol.value == "SPY"
    assert algo.securities["SPY"] is spy
    assert algo.add_equity("spy") is spy  # the same security again
    assert algo._subscriptions[0].resolution == Resolution.MINUTE


def test_get_parameter_converts_to_the_default_type():
    algo = Algo()
    algo.set_parameters({"fast": "10", "ratio": "0.5", "name": "x", "flag": "true"})
    assert algo.get_parameter("fast") == "10"
    assert algo.get_parameter("fast", 3) == 10
    assert algo.GetParameter("ratio", 1.0) == 0.5
    assert algo.get_parameter("name", "d") == "x"
    assert algo.get_parameter("flag", False) is True
    assert algo.get_parameter("missing", 7) == 7
    assert algo.get_parameter("missing") is None


def test_get_parameter_parses_as_leans_typed_overloads():
    """LEAN's GetParameter(name, int) uses int.TryParse: "20.0" is not an integer there and the
    default comes back; GetParameter(name, double) parses with NumberStyles.Any."""
    algo = Algo()
    algo.set_parameters(
        {"whole": " -20 ", "decimal": "20.0", "huge": "3000000000", "sep": "1,250.5", "e": "2e-3"}
    )
    assert algo.get_parameter("whole", 1) == -20
    assert algo.get_parameter("decimal", 7) == 7
    assert algo.get_parameter("huge", 7) == 7  # outside Int32
    assert algo.get_parameter("decimal", 7.0) == 20.0
    assert algo.get_parameter("sep", 0.0) == 1250.5
    assert algo.get_parameter("e", 0.0) == 0.002
    assert algo.get_parameter("decimal") == "20.0"


def test_logs_drop_empty_and_repeated_debug_messages():
    algo = Algo()
    algo.Initialize()
    algo.debug("a")
    algo.debug("a")
    algo.debug("")
    algo.log("b")
    algo.log("b")
    algo.error("c")
    assert algo.logs == [
        "2013-10-07 00:00:00 a",
        "2013-10-07 00:00:00 b",
        "2013-10-07 00:00:00 b",
        "2013-10-07 00:00:00 ERROR:: c",
    ]


def test_plot_creates_user_chart_in_lean_shape():
    algo = Algo()
    algo.Initialize()
    algo._set_time(1_381_152_660 * 10**9)  # 2013-10-07 13:31 UTC
    algo.plot("Indicators", "SMA", 10.5)
    algo.Plot("Indicators", "SMA", 11)
    chart = algo._charts["Indicators"].to_json()
    assert chart["series"]["SMA"]["values"] == [[1381152660, 10.5], [1381152660, 11.0]]
    assert chart["series"]["SMA"]["seriesType"] == 0


def test_set_warm_up_accepts_timedelta_or_bar_count():
    algo = Algo()
    algo.SetWarmUp(timedelta(days=3))
    assert algo._warmup_period == timedelta(days=3)
    algo.set_warm_up(20, Resolution.DAILY)
    assert algo._warmup_bars == 20 and algo._warmup_resolution == Resolution.DAILY


def test_settings_accept_pascal_case_assignment():
    algo = Algo()
    algo.Settings.FreePortfolioValuePercentage = 0.05
    assert algo.settings.free_portfolio_value_percentage == 0.05
    assert algo.settings.stale_price_time_span == timedelta(hours=1)
    assert algo.settings.daily_precise_end_time is True


def test_algorithm_imports_exports_common_names():
    install()
    namespace: dict = {}
    exec("from AlgorithmImports import *", namespace)
    for name in (
        "QCAlgorithm",
        "Resolution",
        "Market",
        "OrderStatus",
        "Symbol",
        "TradeBar",
        "QuoteBar",
        "Slice",
        "Chart",
        "Series",
        "SeriesType",
        "Color",
        "timedelta",
        "np",
        "pd",
        "math",
        "UpdateOrderFields",
        "DataNormalizationMode",
        "OrderEvent",
        "TimeInForce",
        "ScatterMarkerSymbol",
        "Field",
    ):
        assert name in namespace, name
    assert "QCAlgorithm" in exported_names()
    exec("from QuantConnect.Algorithm import *\nimport clr\nclr.AddReference('System')", {})


def test_set_start_date_is_locked_after_initialize():
    from engine.algorithm.qcalgorithm import AlgorithmError

    algo = Algo()
    algo._locked = True
    with pytest.raises(AlgorithmError):
        algo.set_start_date(2014, 1, 1)


def test_set_cash_is_locked_after_initialize():
    from engine.algorithm.qcalgorithm import AlgorithmError

    algo = Algo()
    algo.Initialize()
    assert algo.portfolio.cash == 50_000
    algo._locked = True
    with pytest.raises(AlgorithmError, match="set_cash"):
        algo.SetCash(1)
