"""Slippage models (LEAN Common/Orders/Slippage): ``get_slippage_approximation(asset, order)`` in price units."""

from __future__ import annotations

from typing import Any

from engine.execution.compat import user_method
from engine.model.data import QuoteBar, TradeBar
from engine.model.enums import SecurityType
from engine.model.orders import Order

_NO_VOLUME_TYPES = (SecurityType.FOREX, SecurityType.CFD, SecurityType.CRYPTO)


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
    """Slippage = price_impact x (order volume / bar volume)^2 x the last data's value, the volume
    share capped at ``volume_limit`` (LEAN Common/Orders/Slippage/VolumeShareSlippageModel.cs).

    A buy reads the quote bar's last bid size, a sell its last ask size. Without volume the
    impact of any quantity is unbounded, so the cap applies; forex, CFD and crypto data carry no
    volume, so they get no slippage."""

    def __init__(self, volume_limit: float = 0.025, price_impact: float = 0.1) -> None:
        self.volume_limit = volume_limit
        self.price_impact = price_impact

    def get_slippage_approximation(self, asset: Any, order: Order) -> float:
        last = asset.get_last_data()
        if last is None:
            return 0.0
        if isinstance(last, TradeBar):
            bar_volume = last.volume
        elif isinstance(last, QuoteBar):
            bar_volume = last.last_bid_size if order.quantity > 0 else last.last_ask_size
        else:
            raise ValueError(
                f"VolumeShareSlippageModel supports trade and quote bars, not {type(last).__name__}"
            )
        slippage_percent = self.volume_limit * self.volume_limit * self.price_impact
        if bar_volume <= 0:
            if asset.symbol.security_type in _NO_VOLUME_TYPES:
                return 0.0
        else:
            volume_share = min(abs(order.quantity) / bar_volume, self.volume_limit)
            slippage_percent = volume_share * volume_share * self.price_impact
        return slippage_percent * float(last.value)


def slippage_for(asset: Any, order: Order) -> float:
    model = asset.slippage_model
    return float(
        user_method(model, "get_slippage_approximation", "GetSlippageApproximation", SlippageModel)(
            asset, order
        )
    )
