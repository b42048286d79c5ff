"""LEAN's Alpha Streams brokerage (Common/Brokerages/AlphaStreamsBrokerageModel.cs) with its fee
and slippage models (Common/Orders/Fees/AlphaStreamsFeeModel.cs,
Common/Orders/Slippage/AlphaStreamsSlippageModel.cs): margin accounts only, leverage 10 for forex
and CFDs and 1 otherwise, immediate settlement."""

from __future__ import annotations

from typing import Any

from engine.execution.brokerage import AccountType, DefaultBrokerageModel
from engine.execution.fees import CashAmount, FeeModel, OrderFee, OrderFeeParameters, order_value
from engine.execution.settlement import ImmediateSettlementModel
from engine.execution.slippage import SlippageModel
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import Order

# US equities: fee per share, minimum per order, maximum share of the order's value
_EQUITY_FEES = {Market.USA: ("USD", 0.005, 1.0, 0.005)}
# per contract (options, futures: commission plus clearing) or per unit of value (forex)
_PER_CONTRACT = {
    SecurityType.OPTION: 0.5,
    SecurityType.INDEX_OPTION: 0.5,
    SecurityType.FUTURE: 0.5,
    SecurityType.FUTURE_OPTION: 0.5,
    SecurityType.CFD: 0.0,
}
_FOREX_RATE = 0.000002
_MAKER_FEE, _TAKER_FEE = 0.001, 0.002


class AlphaStreamsFeeModel(FeeModel):
    """Alpha Streams fees: IB's US equity schedule, per-contract derivatives, 0.02 bp of forex
    value, Bitfinex-like crypto maker/taker rates in the quote currency."""

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        security, order = parameters.security, parameters.order
        if order.type == OrderType.OPTION_EXERCISE:
            return OrderFee(CashAmount(0.0, "USD"))
        kind = security.type
        if kind in _PER_CONTRACT:
            return OrderFee(CashAmount(_PER_CONTRACT[kind] * order.absolute_quantity, "USD"))
        if kind == SecurityType.FOREX:
            return OrderFee(CashAmount(_FOREX_RATE * abs(order_value(order, security)), "USD"))
        if kind == SecurityType.CRYPTO:
            return OrderFee(_crypto_fee(security, order))
        schedule = _EQUITY_FEES.get(security.symbol.id.market)
        if schedule is None:
            raise KeyError(
                f"AlphaStreamsFeeModel(): unexpected equity Market {security.symbol.id.market}"
            )
        currency, per_share, minimum, maximum_rate = schedule
        fee = per_share * order.absolute_quantity
        cap = maximum_rate * abs(order_value(order, security))
        if fee < minimum:
            fee = minimum
        elif fee > cap:
            fee = cap
        return OrderFee(CashAmount(fee, currency))


def _crypto_fee(security: Any, order: Order) -> CashAmount:
    """A limit order resting in the book (post-only, or not marketable, and not hidden) pays the
    maker rate, anything else the taker rate, on its value in the quote currency."""
    buy = order.quantity > 0
    price = security.ask_price if buy else security.bid_price
    rate = _TAKER_FEE
    if order.type == OrderType.LIMIT:
        properties = order.properties
        marketable = (
            order.limit_price >= security.ask_price
            if buy
            else order.limit_price <= security.bid_price
        )
        if not getattr(properties, "hidden", False) and (
            getattr(properties, "post_only", False) or not marketable
        ):
            rate = _MAKER_FEE
        price = order.limit_price
    price *= security.symbol_properties.contract_multiplier or 1.0
    return CashAmount(price * order.absolute_quantity * rate, security.quote_currency.symbol)


class AlphaStreamsSlippageModel(SlippageModel):
    """One basis point of the last data's value for equities, none for other assets."""

    slippage_percent = 0.0001

    def get_slippage_approximation(self, asset: Any, order: Order) -> float:
        if asset.type != SecurityType.EQUITY:
            return 0.0
        last = asset.get_last_data()
        return self.slippage_percent * (last.value if last is not None else 0.0)


class AlphaStreamsBrokerageModel(DefaultBrokerageModel):
    def __init__(self, account_type: AccountType = AccountType.MARGIN) -> None:
        if AccountType(account_type) == AccountType.CASH:
            raise ValueError("The Alpha Streams brokerage does not currently support Cash trading.")
        super().__init__(account_type)

    def get_fee_model(self, security: Any) -> FeeModel:
        return AlphaStreamsFeeModel()

    def get_slippage_model(self, security: Any) -> Any:
        return AlphaStreamsSlippageModel()

    def get_leverage(self, security: Any) -> float:
        return 10.0 if security.type in (SecurityType.FOREX, SecurityType.CFD) else 1.0

    def get_settlement_model(self, security: Any) -> Any:
        return ImmediateSettlementModel()

    GetFeeModel = get_fee_model
    GetSlippageModel = get_slippage_model
    GetLeverage = get_leverage
    GetSettlementModel = get_settlement_model
