"""Execution models: fills, fees, slippage, buying power, brokerages, time in force.

Public names (stable):
- fills: ``FillModel`` (= ``ImmediateFillModel``), ``EquityFillModel``, ``FillModelParameters``, ``Fill``, ``Prices``
- fees: ``FeeModel``, ``ConstantFeeModel``, ``InteractiveBrokersFeeModel``, ``CoinbaseFeeModel`` (= ``GDAXFeeModel``),
  ``BinanceFeeModel``, ``BitfinexFeeModel``, ``KrakenFeeModel``, ``OandaFeeModel``, ``NoFeeModel``, ``OrderFee``,
  ``CashAmount``, ``OrderFeeParameters``, ``FeeAmount``, ``AxosFeeModel``
- slippage: ``NullSlippageModel``, ``ConstantSlippageModel``, ``VolumeShareSlippageModel``
- buying power: ``BuyingPowerModel``, ``SecurityMarginModel``, ``CashBuyingPowerModel``
- brokerages: ``DefaultBrokerageModel``, ``InteractiveBrokersBrokerageModel``, ``OandaBrokerageModel``,
  ``CoinbaseBrokerageModel`` (= ``GDAXBrokerageModel``), ``BinanceBrokerageModel``, ``BitfinexBrokerageModel``,
  ``KrakenBrokerageModel``, ``AxosClearingBrokerageModel``, ``BrokerageName``, ``AccountType``, ``brokerage_model_for(name, account_type)``.
  ``set_brokerage_model`` = ``algo.brokerage_model = brokerage_model_for(...)`` then
  ``model.initialize_security(sec)`` for every security (and for each security added later).
- ``time_in_force.is_order_expired(security, order)``
"""

from engine.execution.alpha_streams import (
    AlphaStreamsBrokerageModel,
    AlphaStreamsFeeModel,
    AlphaStreamsSlippageModel,
)
from engine.execution.brokerage import (
    AccountType,
    BinanceBrokerageModel,
    BitfinexBrokerageModel,
    BrokerageMessageEvent,
    BrokerageMessageType,
    BrokerageName,
    BybitBrokerageModel,
    CoinbaseBrokerageModel,
    DefaultBrokerageModel,
    GDAXBrokerageModel,
    InteractiveBrokersBrokerageModel,
    KrakenBrokerageModel,
    OandaBrokerageModel,
    brokerage_model_for,
)
from engine.execution.buying_power import (
    BuyingPowerModel,
    CashBuyingPowerModel,
    SecurityMarginModel,
)
from engine.execution.constant_buying_power import ConstantBuyingPowerModel, NullBuyingPowerModel
from engine.execution.crypto_future_brokerages import (  # noqa: E402
    BinanceCoinFuturesBrokerageModel,
    BinanceFuturesBrokerageModel,
)
from engine.execution.crypto_futures import (  # noqa: E402
    BinanceCryptoFutureMarginModel,
    BinanceFutureMarginInterestRateModel,
    BybitFutureMarginInterestRateModel,
    CryptoFutureMarginModel,
)
from engine.execution.equity_brokerages import AxosClearingBrokerageModel
from engine.execution.fees import (  # noqa: E402
    AxosFeeModel,
    BinanceCoinFuturesFeeModel,
    BinanceFeeModel,
    BinanceFuturesFeeModel,
    BitfinexFeeModel,
    BybitFeeModel,
    BybitFuturesFeeModel,
    CashAmount,
    CoinbaseFeeModel,
    ConstantFeeModel,
    FeeAmount,
    FeeModel,
    GDAXFeeModel,
    InteractiveBrokersFeeModel,
    KrakenFeeModel,
    NoFeeModel,
    OandaFeeModel,
    OrderFee,
    OrderFeeParameters,
)
from engine.execution.fills import (
    EquityFillModel,
    Fill,
    FillModel,
    FillModelParameters,
    ImmediateFillModel,
    Prices,
)
from engine.execution.slippage import (
    ConstantSlippageModel,
    NullSlippageModel,
    SlippageModel,
    VolumeShareSlippageModel,
)

__all__ = [
    "BinanceCoinFuturesBrokerageModel",
    "BinanceCoinFuturesFeeModel",
    "BinanceCryptoFutureMarginModel",
    "BinanceFutureMarginInterestRateModel",
    "BinanceFuturesBrokerageModel",
    "BinanceFuturesFeeModel",
    "BybitFutureMarginInterestRateModel",
    "CryptoFutureMarginModel",
    "AccountType",
    "AlphaStreamsBrokerageModel",
    "AlphaStreamsFeeModel",
    "AlphaStreamsSlippageModel",
    "AxosClearingBrokerageModel",
    "AxosFeeModel",
    "BinanceBrokerageModel",
    "BinanceFeeModel",
    "BitfinexBrokerageModel",
    "BitfinexFeeModel",
    "BybitBrokerageModel",
    "BybitFeeModel",
    "BybitFuturesFeeModel",
    "BrokerageMessageEvent",
    "BrokerageMessageType",
    "BrokerageName",
    "BuyingPowerModel",
    "CashAmount",
    "CashBuyingPowerModel",
    "CoinbaseBrokerageModel",
    "CoinbaseFeeModel",
    "ConstantFeeModel",
    "ConstantSlippageModel",
    "DefaultBrokerageModel",
    "EquityFillModel",
    "FeeAmount",
    "FeeModel",
    "Fill",
    "FillModel",
    "FillModelParameters",
    "GDAXBrokerageModel",
    "GDAXFeeModel",
    "ImmediateFillModel",
    "InteractiveBrokersBrokerageModel",
    "InteractiveBrokersFeeModel",
    "KrakenBrokerageModel",
    "KrakenFeeModel",
    "NoFeeModel",
    "NullSlippageModel",
    "OandaBrokerageModel",
    "OandaFeeModel",
    "OrderFee",
    "OrderFeeParameters",
    "Prices",
    "SecurityMarginModel",
    "ConstantBuyingPowerModel",
    "NullBuyingPowerModel",
    "SlippageModel",
    "VolumeShareSlippageModel",
    "brokerage_model_for",
]
