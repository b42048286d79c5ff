"""Everything ``from AlgorithmImports import *`` gives a user algorithm.

The runner registers this module as ``AlgorithmImports`` in ``sys.modules`` (``install()``), plus the
old clr-style ``QuantConnect``/``QuantConnect.Algorithm``/... names and a no-op ``clr``.
"""

from __future__ import annotations

import decimal
import json
import math
import os
import random
import sys
import types
from collections import defaultdict, deque
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum, IntEnum
from typing import Any, Dict, List, Optional, Tuple, Union  # noqa: UP035

import numpy as np

import engine.consolidators as _consolidators
import engine.framework as _framework
import engine.indicators as _indicators
from engine.algorithm.charts import (
    CandlestickSeries,
    Chart,
    ChartType,
    Color,
    ScatterMarkerSymbol,
    Series,
)
from engine.algorithm.containers import RollingWindow
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.quantbook import QuantBook
from engine.algorithm.scheduling import DateRules, DayOfWeek, TimeRules
from engine.common.lazy_module import LazyModule
from engine.framework import Insight
from engine.model import (
    Bar,
    BaseData,
    DataNormalizationMode,
    Delisting,
    DelistingType,
    Dividend,
    InsightDirection,
    Market,
    Order,
    OrderDirection,
    OrderEvent,
    OrderProperties,
    OrderResponseErrorCode,
    OrderStatus,
    OrderType,
    QuoteBar,
    Resolution,
    SecurityIdentifier,
    SecurityType,
    SeriesType,
    Split,
    SplitType,
    Symbol,
    SymbolChangedEvent,
    Tick,
    TickType,
    TimeInForce,
    TradeBar,
    UpdateOrderFields,
)
from engine.model.slice import (
    Delistings,
    Dividends,
    QuoteBars,
    SecurityChanges,
    Slice,
    Splits,
    SymbolChangedEvents,
    Ticks,
    TradeBars,
)

try:
    from engine.execution.brokerage import AccountType, BrokerageName
except ImportError:  # pragma: no cover - while the execution layer is missing

    class AccountType(IntEnum):  # type: ignore[no-redef]
        MARGIN = Margin = 0
        CASH = Cash = 1

    class BrokerageName(IntEnum):  # type: ignore[no-redef]
        DEFAULT = Default = 0
        QUANTCONNECT_BROKERAGE = QuantConnectBrokerage = 0
        INTERACTIVE_BROKERS_BROKERAGE = InteractiveBrokersBrokerage = 1


try:
    from engine.portfolio.trading import OrderTicket, PortfolioTarget
except ImportError:  # pragma: no cover
    OrderTicket = None  # type: ignore[assignment,misc]
    PortfolioTarget = None  # type: ignore[assignment,misc]

try:
    from engine.portfolio.security import Security, SecurityManager
except ImportError:  # pragma: no cover
    Security = SecurityManager = None  # type: ignore[assignment,misc]

# LEAN's AlgorithmImports gives ``pd``; pandas is imported when the algorithm first uses it.
pd = sys.modules.get("pandas") or LazyModule("pandas")


def Action(func: Any) -> Any:  # noqa: N802 - clr-era wrapper: ``Action(self.method)`` is the method
    return func


Func = Action


class TimeSpan:
    """clr-era ``TimeSpan.FromMinutes(5)`` -> ``timedelta``."""

    Zero = timedelta(0)
    FromDays = staticmethod(lambda value: timedelta(days=value))
    FromHours = staticmethod(lambda value: timedelta(hours=value))
    FromMinutes = staticmethod(lambda value: timedelta(minutes=value))
    FromSeconds = staticmethod(lambda value: timedelta(seconds=value))
    FromMilliseconds = staticmethod(lambda value: timedelta(milliseconds=value))


QCAlgorithmFramework = QCAlgorithm  # old name
from engine.algorithm.settings import Schedule, UniverseSettings  # noqa: E402
from engine.custom import (  # noqa: E402
    FileFormat,
    PythonData,
    SubscriptionDataSource,
    SubscriptionTransportMedium,
)
from engine.model.field import Field  # noqa: E402
from engine.universe import (  # noqa: E402
    CoarseFundamental,
    ConstituentsUniverse,
    ConstituentsUniverseData,
    ETFConstituentData,
    ETFConstituentUniverse,
    FineFundamental,
    Fundamental,
    FundamentalUniverse,
    ScheduledUniverse,
    Universe,
)

__all__ = [
    "CoarseFundamental",
    "ETFConstituentData",
    "ConstituentsUniverse",
    "ConstituentsUniverseData",
    "ETFConstituentUniverse",
    "FineFundamental",
    "Fundamental",
    "FundamentalUniverse",
    "Schedule",
    "UniverseSettings",
    "FileFormat",
    "ScheduledUniverse",
    "SubscriptionDataSource",
    "SubscriptionTransportMedium",
    "Universe",
    "Action",
    "Func",
    "TimeSpan",
    "AccountType",
    "Any",
    "Bar",
    "BaseData",
    "BrokerageName",
    "CandlestickSeries",
    "Chart",
    "ChartType",
    "Color",
    "DataNormalizationMode",
    "DateRules",
    "DayOfWeek",
    "Decimal",
    "Delisting",
    "DelistingType",
    "SplitType",
    "Delistings",
    "Dict",
    "Dividend",
    "Dividends",
    "Enum",
    "Field",
    "Insight",
    "InsightDirection",
    "IntEnum",
    "List",
    "Market",
    "Optional",
    "Order",
    "OrderDirection",
    "OrderEvent",
    "OrderProperties",
    "OrderResponseErrorCode",
    "OrderStatus",
    "OrderTicket",
    "OrderType",
    "PortfolioTarget",
    "PythonData",
    "QCAlgorithm",
    "QCAlgorithmFramework",
    "QuantBook",
    "QuoteBar",
    "QuoteBars",
    "Resolution",
    "RollingWindow",
    "ScatterMarkerSymbol",
    "Security",
    "SecurityChanges",
    "SecurityIdentifier",
    "SecurityManager",
    "SecurityType",
    "Series",
    "SeriesType",
    "Slice",
    "Split",
    "Splits",
    "Symbol",
    "SymbolChangedEvent",
    "SymbolChangedEvents",
    "Tick",
    "TickType",
    "Ticks",
    "TimeInForce",
    "TimeRules",
    "TradeBar",
    "TradeBars",
    "Tuple",
    "Union",
    "UpdateOrderFields",
    "date",
    "datetime",
    "decimal",
    "defaultdict",
    "deque",
    "json",
    "math",
    "np",
    "os",  # LEAN's AlgorithmImports imports os and sys without an __all__: both come along
    "sys",
    "pd",
    "random",
    "time",
    "timedelta",
    "timezone",
]
# indicators, consolidators and the algorithm framework (engine/indicators, consolidators, framework)
for _module in (_indicators, _consolidators, _framework):
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)

# ---- LEAN names: execution models, orders, order requests, utility classes (lean-names) ----
import engine.algorithm.lean_names as _lean_names  # noqa: E402
import engine.execution as _execution  # noqa: E402
from engine.algorithm import option_models as _option_models  # noqa: E402
from engine.algorithm import signal_exports as _signal_exports  # noqa: E402
from engine.algorithm.commands import CallbackCommand, Command, CommandResultPacket  # noqa: E402
from engine.custom import iconic_types as _iconic_types  # noqa: E402
from engine.custom.source import SubscriptionDataConfig  # noqa: E402
from engine.data.symbol_properties import SymbolProperties  # noqa: E402
from engine.errors import InvalidOperationException  # noqa: E402
from engine.execution import buying_power as _buying_power  # noqa: E402
from engine.history.volatility import VolatilityModelExtensions  # noqa: E402
from engine.model import enums as _enums  # noqa: E402
from engine.model import margin_interest as _margin_interest_rate  # noqa: E402
from engine.model import orders as _orders  # noqa: E402
from engine.model.symbol_representation import SymbolRepresentation  # noqa: E402
from engine.portfolio import tickets as _tickets  # noqa: E402
from engine.portfolio import volatility as _volatility  # noqa: E402
from engine.statistics.statistics_results import (  # noqa: E402
    PerformanceMetrics,
    StatisticsResults,
)

_LEAN_EXPORTS: dict[str, Any] = {
    **{name: getattr(_volatility, name) for name in _volatility.__all__},
    "VolatilityModelExtensions": VolatilityModelExtensions,
    **{name: getattr(_signal_exports, name) for name in _signal_exports.__all__},
    "Command": Command,
    "CallbackCommand": CallbackCommand,
    "CommandResultPacket": CommandResultPacket,
    "PerformanceMetrics": PerformanceMetrics,
    "StatisticsResults": StatisticsResults,
    "AlgorithmMode": _enums.AlgorithmMode,
    "OptionRight": _enums.OptionRight,
    "OptionStyle": _enums.OptionStyle,
    "SymbolRepresentation": SymbolRepresentation,
    "DeploymentTarget": _enums.DeploymentTarget,
    "DynamicData": PythonData,  # LEAN's base class of PythonData
    "MarginInterestRate": _margin_interest_rate.MarginInterestRate,
    "SubscriptionDataConfig": SubscriptionDataConfig,
    "SubmitOrderRequest": _tickets.new_submit_order_request,  # LEAN's constructor overloads
    "UpdateOrderRequest": _tickets.UpdateOrderRequest,
    "CancelOrderRequest": _tickets.CancelOrderRequest,
    "OrderField": _tickets.OrderField,
    "OrderRequestStatus": _tickets.OrderRequestStatus,
    "OrderRequestType": _tickets.OrderRequestType,
    "OrderResponse": _tickets.OrderResponse,
    "SymbolProperties": SymbolProperties,
    "InvalidOperationException": InvalidOperationException,
    "GetMaximumOrderQuantityResult": _buying_power.GetMaximumOrderQuantityResult,
    "HasSufficientBuyingPowerForOrderResult": _buying_power.HasSufficientBuyingPowerForOrderResult,
    "MaintenanceMargin": _buying_power.MaintenanceMargin,
    "MaintenanceMarginParameters": _buying_power.MaintenanceMarginParameters,
    "ReservedBuyingPowerForPosition": _buying_power.ReservedBuyingPowerForPosition,
    "ReservedBuyingPowerForPositionParameters": (
        _buying_power.reserved_buying_power_for_position_parameters
    ),
}
_LEAN_EXPORTS.update({cls.__name__: cls for cls in _orders.ORDER_CLASSES.values()})
_LEAN_EXPORTS.update(_option_models.EXPORTS)
# LEAN's AlgorithmImports star-imports QuantConnect.Data.Custom.IconicTypes too
_LEAN_EXPORTS.update({n: getattr(_iconic_types, n) for n in _iconic_types.__all__})
for _module in (_execution, _lean_names):
    _LEAN_EXPORTS.update(
        {n: getattr(_module, n) for n in _module.__all__ if n != "brokerage_model_for"}
    )
globals().update(_LEAN_EXPORTS)
__all__ += list(_LEAN_EXPORTS)
_LEAN_CLR_PACKAGES = (
    "QuantConnect.Data.Custom",
    "QuantConnect.Data.Custom.IconicTypes",
    "QuantConnect.Data.Auxiliary",
    "QuantConnect.Lean",
    "QuantConnect.Lean.Engine",
    "QuantConnect.Lean.Engine.DataFeeds",
    "QuantConnect.Data.UniverseSelection",
    "QuantConnect.Orders.Fees",
    "QuantConnect.Orders.Fills",
    "QuantConnect.Orders.Slippage",
    "QuantConnect.Securities.Equity",
    "QuantConnect.Util",
    "QuantConnect.Interfaces",
    "System.Collections",
    "Newtonsoft",
    "Newtonsoft.Json",
)
# ---- end of LEAN names (lean-names) ----
# -- consolidators (lean-cons): Renko, VolumeRenko and Range consolidators and their bars --------
import engine.consolidators.timeless as _timeless  # noqa: E402
import engine.model.renko as _renko  # noqa: E402

for _module in (_timeless, _renko):
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
# -- end of the consolidators block ----------------------------------------------------------------
# -- orders (lean-orders): exchanges, order properties, shortable providers, margin interest -------
import engine.execution.margin_interest as _margin_interest  # noqa: E402
import engine.execution.shortable as _shortable  # noqa: E402
from engine.common.currencies import Currencies  # noqa: E402
from engine.execution.settlement import (  # noqa: E402
    ApplyFundsSettlementModelParameters,
    ScanSettlementModelParameters,
)
from engine.model.combo import GroupOrderManager, Leg  # noqa: E402
from engine.model.exchanges import Exchange  # noqa: E402
from engine.model.option_strategies import OptionStrategies, OptionStrategy  # noqa: E402
from engine.model.order_extensions import OrderExtensions  # noqa: E402
from engine.model.orders import IndiaOrderProperties  # noqa: E402
from engine.portfolio.position_groups import SecurityPositionGroupModel  # noqa: E402

__all__ += [
    "GroupOrderManager",
    "Leg",
    "OptionStrategies",
    "OptionStrategy",
    "OrderExtensions",
    "SecurityPositionGroupModel",
    "Exchange",
    "IndiaOrderProperties",
    "Currencies",
    "ApplyFundsSettlementModelParameters",
    "ScanSettlementModelParameters",
]
for _module in (_shortable, _margin_interest):
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
# -- end of the orders block ---------------------------------------------------------------------------

# -- custom data and security seeding (lean-custom) -------------------------------------------------
import engine.portfolio.initializers as _initializers  # noqa: E402
from engine.data.compression import Compression  # noqa: E402, F401 - exported

__all__.append("Compression")
from engine.model.enums import MarketDataType  # noqa: E402, F401 - exported

__all__.append("MarketDataType")
import engine.algorithm.data_names as _data_names  # noqa: E402

for _name in _data_names.__all__:
    globals()[_name] = getattr(_data_names, _name)
    __all__.append(_name)
import engine.algorithm.data_providers as _data_providers  # noqa: E402

for _name in _data_providers.__all__:
    globals()[_name] = getattr(_data_providers, _name)
    __all__.append(_name)

for _name in (
    "BrokerageModelSecurityInitializer",
    "CompositeSecurityInitializer",
    "FuncSecurityInitializer",
    "FuncSecuritySeeder",
):
    globals()[_name] = getattr(_initializers, _name)
    __all__.append(_name)
# -- end of the custom data block --------------------------------------------------------------------

# -- equity options (opts): chains, filters, contracts, exercise and assignment models ---------------
import engine.execution.option_exercise as _option_exercise  # noqa: E402
from engine.algorithm.order_events import LeanOrderEvent  # noqa: E402
from engine.algorithm.trade_builder import TradeDirection  # noqa: E402
from engine.execution.option_margin import OptionMarginModel  # noqa: E402
from engine.model.open_interest import OpenInterest  # noqa: E402
from engine.model.option_chain import OptionChain, OptionChains, OptionContract  # noqa: E402
from engine.portfolio.margin_call import MarginCallModel  # noqa: E402
from engine.portfolio.option import Option  # noqa: E402
from engine.universe.option_filter import (  # noqa: E402
    OptionFilterUniverse,
    OptionUniverse,
)
from engine.universe.option_symbol import OptionSymbol  # noqa: E402

_OPTION_NAMES = {
    "Option": Option,
    "OptionChain": OptionChain,
    "OptionChains": OptionChains,
    "OptionContract": OptionContract,
    "OptionFilterUniverse": OptionFilterUniverse,
    "OptionUniverse": OptionUniverse,
    "OptionSymbol": OptionSymbol,
    "OpenInterest": OpenInterest,
    "TradeDirection": TradeDirection,
    "MarginCallModel": MarginCallModel,
    # user code builds order events with LEAN's positional constructors (custom models)
    "OrderEvent": LeanOrderEvent,
    "OptionMarginModel": OptionMarginModel,
    "DefaultExerciseModel": _option_exercise.DefaultExerciseModel,
    "DefaultOptionAssignmentModel": _option_exercise.DefaultOptionAssignmentModel,
    "NullOptionAssignmentModel": _option_exercise.NullOptionAssignmentModel,
    "OptionAssignmentResult": _option_exercise.OptionAssignmentResult,
    "OptionAssignmentParameters": _option_exercise.OptionAssignmentParameters,
}
globals().update(_OPTION_NAMES)
__all__ += list(_OPTION_NAMES)
# -- end of the equity options block -------------------------------------------------------------------
# -- futures (futs): LEAN's Futures tickers and the futures' margin model ---------------------------
from engine.execution.fills.future import FutureFillModel  # noqa: E402
from engine.execution.future_margin import FutureMarginModel  # noqa: E402
from engine.execution.future_settlement import FutureSettlementModel  # noqa: E402
from engine.model.future_enums import DataMappingMode, SettlementType  # noqa: E402
from engine.model.future_filter import FutureFilterUniverse, FutureUniverse  # noqa: E402
from engine.model.futures_chain import FuturesChain, FuturesChains, FuturesContract  # noqa: E402
from engine.model.futures_tickers import Futures  # noqa: E402
from engine.portfolio.future import Future  # noqa: E402

__all__ += [
    "Futures",
    "FutureMarginModel",
    "FutureFillModel",
    "FutureSettlementModel",
    "DataMappingMode",
    "SettlementType",
    "FuturesChain",
    "FuturesChains",
    "FuturesContract",
    "Future",
    "FutureFilterUniverse",
    "FutureUniverse",
]
# -- end of the futures block ------------------------------------------------------------------------

# -- indexes and index options (idxopts) ---------------------------------------------------------------
from engine.portfolio.index import Index, IndexOption  # noqa: E402
from engine.portfolio.margin_call import DefaultMarginCallModel  # noqa: E402

_INDEX_NAMES = {
    "Index": Index,
    "IndexOption": IndexOption,
    "DefaultMarginCallModel": DefaultMarginCallModel,
}
globals().update(_INDEX_NAMES)
__all__ += list(_INDEX_NAMES)
# -- end of the indexes block --------------------------------------------------------------------------

__all__ = [name for name in dict.fromkeys(__all__) if globals().get(name) is not None]

_CLR_PACKAGES = (
    "QuantConnect",
    "QuantConnect.Algorithm",
    "QuantConnect.Algorithm.Framework",
    "QuantConnect.Data",
    "QuantConnect.Data.Market",
    "QuantConnect.Orders",
    "QuantConnect.Securities",
    "QuantConnect.Indicators",
    "QuantConnect.Brokerages",
    "QuantConnect.Python",
    "QuantConnect.Data.Consolidators",
    "QuantConnect.Algorithm.Framework.Alphas",
    "QuantConnect.Algorithm.Framework.Portfolio",
    "QuantConnect.Algorithm.Framework.Execution",
    "QuantConnect.Algorithm.Framework.Risk",
    "QuantConnect.Algorithm.Framework.Selection",
    "System",
    "System.Collections.Generic",
)


def install() -> None:
    """Register ``AlgorithmImports`` (and the clr-era module names) in ``sys.modules``."""
    this = sys.modules[__name__]
    sys.modules.setdefault("AlgorithmImports", this)
    for name in _CLR_PACKAGES + _LEAN_CLR_PACKAGES:
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__dict__.update({k: getattr(this, k) for k in __all__})
            module.__all__ = list(__all__)  # type: ignore[attr-defined]
            module.__path__ = []  # type: ignore[attr-defined]
            sys.modules[name] = module
    _install_framework_modules(this)
    if "clr" not in sys.modules:
        clr = types.ModuleType("clr")
        clr.AddReference = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        sys.modules["clr"] = clr


# -- Algorithm Framework module paths (lean-fw) ------------------------------------------------------
from typing import Callable, Iterable  # noqa: E402, F401, UP035 - framework algorithms' type hints

__all__ += [name for name in ("Callable", "Iterable") if name not in __all__]
for _snake, _pascal in (  # LEAN's Python framework models and algorithms spell these snake_case
    ("zero", "Zero"),
    ("from_days", "FromDays"),
    ("from_hours", "FromHours"),
    ("from_minutes", "FromMinutes"),
    ("from_seconds", "FromSeconds"),
    ("from_milliseconds", "FromMilliseconds"),
):
    if not hasattr(TimeSpan, _snake):
        setattr(TimeSpan, _snake, TimeSpan.__dict__[_pascal])


def _install_framework_modules(this: types.ModuleType) -> None:
    """``Alphas``, ``Portfolio``, ``Execution``, ``Risk``, ``Selection`` and their ``Package.Model``
    modules (``engine.framework.LEAN_MODULES``), each holding AlgorithmImports' names."""
    names = {k: getattr(this, k) for k in __all__}
    for package, modules in _framework.LEAN_MODULES.items():
        parts = package.split(".")
        for depth in range(1, len(parts) + 1):  # ``Orders`` before ``Orders.Slippage``
            name = ".".join(parts[:depth])
            if name not in sys.modules:
                module = types.ModuleType(name)
                module.__path__ = []  # type: ignore[attr-defined]
                sys.modules[name] = module
                if depth > 1:
                    setattr(sys.modules[".".join(parts[: depth - 1])], parts[depth - 1], module)
        parent = sys.modules[package]
        for stem in modules:
            full = f"{package}.{stem}"
            if full in sys.modules:
                continue
            module = types.ModuleType(full)
            module.__dict__.update(names)
            module.__all__ = list(__all__)  # type: ignore[attr-defined]
            sys.modules[full] = module
            setattr(parent, stem, module)


def exported_names() -> set[str]:
    return set(__all__)
