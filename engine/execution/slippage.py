"""Slippage models (LEAN Common/Orders/Slippage): ``get_slippage_approximation(asset, order)`` in price units."""

from __future__ import annotations

from typing import Any

from engine.execution.compat import user_method
from engine.model.data import QuoteBar, TradeBar
from engine.model.orders import Order


class SlippageModel:
    def get_slippage_approximation(self, asset: Any, order: Order) -> float:
        return 0.0

    def GetSlippageApproximation(self, asset: Any, order: Order) -> float:  # noqa: N802
        return self.get_slippage_approximation(asset, order)


class NullSlippageModel(SlippageModel):
    pass


NullSlippageModel.INSTANCE = NullSlippageModel()  # type: ignore[attr-defined]
NullSlippageModel.Instance = NullSlippageModel.INSTANCE  # type: ignore[attr-defined]


class ConstantSlippageModel(SlippageModel):
    """Slippage = ``slippage_percent`` x the security's price."""

    def __init__(self, slippage_percent: float) -> None:
        self.slippage_percent = slippage_percent

    def get_slippage_approximation(self, asset: Any, order: Order) -> float:
        return self.slippage_percent * asset.price


class VolumeShareSlippageModel(SlippageModel):
    """Slippage = price x price_impact x (order volume / bar volume)^2, volume share capped at ``volume_limit``."""

    def __init__(self, volume_limit: float = 0.025, price_impact: float = 0.1) -> None:
        self.volume_limit = volume_limit
        self.price_impact = price_impact

    def get_slippage_approximation(self, asset: Any, order: Order) -> float:
        last = asset.get_last_data()
        if last is None:
            return 0.0
        bar_volume = 0.0
        if isinstance(last, TradeBar):
            bar_volume = last.volume
        elif isinstance(last, QuoteBar):
            bar_volume = last.last_bid_size if order.quantity < 0 else last.last_ask_size
        else:
            bar_volume = getattr(last, "volume", 0.0) or 0.0
        if not bar_volume:
            return 0.0
        volume_share = min(order.absolute_quantity / bar_volume, self.volume_limit)
        return asset.price * self.price_impact * volume_share * volume_share


def slippage_for(asset: Any, order: Order) -> float:
    model = asset.slippage_model
    return float(
        user_method(model, "get_slippage_approximation", "GetSlippageApproximation", SlippageModel)(
            asset, order
        )
    )
