"""Equity brokerage models beyond Interactive Brokers: Axos clearing
(Common/Brokerages/AxosClearingBrokerageModel.cs); the registry also holds Alpha Streams
(engine/execution/alpha_streams.py).

``brokerage_model_for`` (``engine.execution.brokerage``) builds these for their ``BrokerageName``
through ``EQUITY_BROKERAGES``.
"""

from __future__ import annotations

from typing import Any

from engine.execution.alpha_streams import AlphaStreamsBrokerageModel
from engine.execution.brokerage import (
    AccountType,
    BrokerageMessageEvent,
    BrokerageName,
    DefaultBrokerageModel,
)
from engine.execution.fees import AxosFeeModel, FeeModel
from engine.execution.shortable import LocalDiskShortableProvider
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import Order


def _refusal(message: str) -> tuple[bool, BrokerageMessageEvent]:
    return False, BrokerageMessageEvent("Warning", "NotSupported", message)


class AxosClearingBrokerageModel(DefaultBrokerageModel):
    """Axos: US equities only; market, limit and market-on-close orders of whole shares; $0.0035 a
    share; no benchmark (a constant zero, as LEAN); equities shortable as the ``axos`` files say."""

    default_markets = {SecurityType.EQUITY: Market.USA}
    benchmark = None
    supported_order_types = (OrderType.LIMIT, OrderType.MARKET, OrderType.MARKET_ON_CLOSE)

    def __init__(self, account_type: AccountType = AccountType.MARGIN) -> None:
        super().__init__(account_type)

    def get_fee_model(self, security: Any) -> FeeModel:
        return AxosFeeModel()

    def get_shortable_provider(self, security: Any) -> Any:
        if security.type == SecurityType.EQUITY:
            return LocalDiskShortableProvider("axos")
        return super().get_shortable_provider(security)

    def can_submit_order(
        self, security: Any, order: Order
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        name = type(self).__name__
        if security.type not in self.default_markets:
            return _refusal(f"The {name} does not support {security.type} security type.")
        if order.type not in self.supported_order_types:
            supported = ",".join(str(t) for t in self.supported_order_types)
            return _refusal(
                f"The {name} does not support {order.type} order type. Only supports [{supported}]"
            )
        if order.absolute_quantity % 1 != 0:
            return _refusal(f"Order Quantity must be Integer, but provided {order.quantity}.")
        return True, None

    def can_update_order(
        self, security: Any, order: Order, request: Any = None
    ) -> tuple[bool, BrokerageMessageEvent | None]:
        return True, None

    GetFeeModel = get_fee_model
    GetShortableProvider = get_shortable_provider
    CanSubmitOrder = can_submit_order
    CanUpdateOrder = can_update_order


EQUITY_BROKERAGES: dict[int, type[DefaultBrokerageModel]] = {
    BrokerageName.AXOS: AxosClearingBrokerageModel,
    BrokerageName.ALPHA_STREAMS: AlphaStreamsBrokerageModel,
}
