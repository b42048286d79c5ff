"""Fill models: LEAN's ``FillModel`` (ImmediateFillModel; forex, crypto, CFD, index, options) and
``EquityFillModel`` (equities). The rules follow LEAN's Common/Orders/Fills/FillModel.cs and EquityFillModel.cs.

A fill model receives ``FillModelParameters`` in ``fill(parameters)`` and dispatches to
``market_fill(asset, order)``, ``limit_fill``, ``stop_market_fill``, ``stop_limit_fill``,
``trailing_stop_fill``, ``limit_if_touched_fill``, ``market_on_open_fill``, ``market_on_close_fill``.
Each returns an ``OrderEvent`` (status ``NONE``/unchanged when nothing fills). User subclasses may
override any of them (snake_case or LEAN's PascalCase names) and call ``super()``.

Modules: ``base`` (parameters, results, shared checks), ``immediate`` (``FillModel``), ``equity``
(``EquityFillModel``).
"""

from engine.execution.fills.base import (
    RESOLUTION_PERIOD,
    Fill,
    FillModelParameters,
    Prices,
    calculate_trailing_stop,
    is_exchange_open,
    new_fill_event,
    order_local_time,
    run_fill_model,
    try_update_trailing_stop,
)
from engine.execution.fills.equity import EquityFillModel
from engine.execution.fills.immediate import FillModel, ImmediateFillModel

__all__ = [
    "RESOLUTION_PERIOD",
    "EquityFillModel",
    "Fill",
    "FillModel",
    "FillModelParameters",
    "ImmediateFillModel",
    "Prices",
    "calculate_trailing_stop",
    "is_exchange_open",
    "new_fill_event",
    "order_local_time",
    "run_fill_model",
    "try_update_trailing_stop",
]
