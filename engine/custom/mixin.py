"""``add_data`` on QCAlgorithm: custom data subscriptions (read by the runner through engine.custom)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.custom.source import CustomConfig
from engine.model import Market, SecurityType, Symbol


@dataclass
class CustomSubscription:
    symbol: Symbol
    type: type
    config: CustomConfig


class CustomDataMixin:
    _custom_subscriptions: list[CustomSubscription] | None = None

    def add_data(
        self, data_type: type, ticker: Any, resolution: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        """Subscribe a ``PythonData`` subclass under ``ticker`` (a ``Security`` of type Base, market
        usa, New York time, always open); its points reach ``slice[symbol]``, ``slice.get(Type)``
        and the security's price."""
        from engine.model import Resolution
        from engine.model.subscriptions import SubscriptionRequest, as_resolution

        if isinstance(ticker, Symbol):
            symbol = ticker
        else:
            symbol = Symbol(str(ticker).upper(), SecurityType.BASE, Market.USA)
        if self._custom_subscriptions is None:
            self._custom_subscriptions = []
        for sub in self._custom_subscriptions:
            if sub.symbol == symbol:
                return self.securities[symbol]
        res = as_resolution(resolution) if resolution is not None else Resolution.DAILY
        request = SubscriptionRequest(
            symbol=symbol, resolution=res, fill_forward=False, extended_market_hours=True
        )
        security = self._create_security(request)  # QCAlgorithm's
        config = CustomConfig(symbol, data_type, res)
        self._custom_subscriptions.append(CustomSubscription(symbol, data_type, config))
        self._pending_added.append(security)
        return security

    AddData = add_data
