"""``VolatilityModelExtensions.warm_up`` (Common/Securities/Volatility/VolatilityModelExtensions.cs):
feed a security's volatility model its last ``bar_count`` bars of history.

As in LEAN, a raw-priced security (or a live run) is warmed up with ``SCALED_RAW`` prices: the
history is put on the scale of its last bar, so a split or dividend inside the window does not
show up as a price jump.
"""

from __future__ import annotations

from typing import Any

from engine.model import QuoteBar, Resolution, TradeBar
from engine.model.enums import DataNormalizationMode, SecurityType
from engine.model.subscriptions import as_normalization, as_resolution
from engine.portfolio.volatility import VolatilityModel


def warm_up_volatility_model(
    model: Any,
    algorithm: Any,
    security: Any,
    resolution: Any = None,
    bar_count: int = 0,
    data_normalization_mode: Any = None,
) -> None:
    if model is None or model is VolatilityModel.NULL or security is None or bar_count <= 0:
        return
    mode = (
        as_normalization(data_normalization_mode)
        if data_normalization_mode is not None
        else security.data_normalization_mode
    )
    if algorithm.live_mode or mode == DataNormalizationMode.RAW:
        mode = DataNormalizationMode.SCALED_RAW
    res = as_resolution(resolution) if resolution is not None else security.resolution
    if res == Resolution.TICK:
        res = Resolution.SECOND
    symbol = security.symbol
    bar_type = (
        QuoteBar if symbol.security_type in (SecurityType.FOREX, SecurityType.CFD) else TradeBar
    )
    bars = algorithm.history[bar_type](symbol, int(bar_count), res, data_normalization_mode=mode)
    for bar in bars:
        if bar.price > 0:
            model.update(security, bar)


class VolatilityModelExtensions:
    """LEAN's extension methods as Python sees them: ``VolatilityModelExtensions.warm_up(model,
    algorithm, security, resolution, bar_count, data_normalization_mode=None)``."""

    warm_up = staticmethod(warm_up_volatility_model)
    WarmUp = warm_up
