"""Binance's futures brokerages (LEAN Common/Brokerages/BinanceFuturesBrokerageModel.cs and
BinanceCoinFuturesBrokerageModel.cs): Binance's order rules on a margin account only, the futures
fee models, perpetual funding and the crypto future margin model."""

from __future__ import annotations

from typing import Any

from engine.execution.brokerage import AccountType, BinanceBrokerageModel, BrokerageName
from engine.execution.buying_power import BuyingPowerModel
from engine.execution.crypto_futures import (
    BinanceCryptoFutureMarginModel,
    BinanceFutureMarginInterestRateModel,
    CryptoFutureMarginModel,
)
from engine.execution.fees import BinanceCoinFuturesFeeModel, BinanceFuturesFeeModel, FeeModel
from engine.model.enums import Market, SecurityType


class BinanceFuturesBrokerageModel(BinanceBrokerageModel):
    """USDT- and BUSD-margined futures; a cash account is refused."""

    benchmark = ("BTCUSDT", SecurityType.CRYPTO_FUTURE, Market.BINANCE)
    name = "BinanceFutures"

    def __init__(self, account_type: AccountType = AccountType.MARGIN) -> None:
        if AccountType(account_type) == AccountType.CASH:
            raise ValueError("CryptoFuture can only be traded using a Margin account type")
        super().__init__(account_type)

    def get_fee_model(self, security: Any) -> FeeModel:
        return BinanceFuturesFeeModel()

    def get_margin_interest_rate_model(self, security: Any) -> Any:
        if security.type == SecurityType.CRYPTO_FUTURE:  # perpetuals: no expiry in our symbols
            return BinanceFutureMarginInterestRateModel()
        return super().get_margin_interest_rate_model(security)

    def get_buying_power_model(self, security: Any) -> BuyingPowerModel:
        if security.type == SecurityType.CRYPTO_FUTURE:
            return self.crypto_future_margin_model(security)
        return super().get_buying_power_model(security)

    def crypto_future_margin_model(self, security: Any) -> BuyingPowerModel:
        return BinanceCryptoFutureMarginModel(self.get_leverage(security))

    GetFeeModel = get_fee_model
    GetMarginInterestRateModel = get_margin_interest_rate_model
    GetBuyingPowerModel = get_buying_power_model


class BinanceCoinFuturesBrokerageModel(BinanceFuturesBrokerageModel):
    """Coin-margined futures (BTCUSD): their own fees and the plain crypto future margin."""

    benchmark = ("BTCUSD", SecurityType.CRYPTO_FUTURE, Market.BINANCE)
    name = "BinanceCoinFutures"

    def get_fee_model(self, security: Any) -> FeeModel:
        return BinanceCoinFuturesFeeModel()

    def crypto_future_margin_model(self, security: Any) -> BuyingPowerModel:
        return CryptoFutureMarginModel(self.get_leverage(security))

    GetFeeModel = get_fee_model


CRYPTO_FUTURE_BROKERAGES: dict[int, type[BinanceBrokerageModel]] = {
    BrokerageName.BINANCE_FUTURES: BinanceFuturesBrokerageModel,
    BrokerageName.BINANCE_COIN_FUTURES: BinanceCoinFuturesBrokerageModel,
}
