"""``TradingMixin``: the trading API of ``QCAlgorithm`` (LEAN Algorithm/QCAlgorithm.Trading.cs). The
algorithm class provides the attributes listed in ``AlgorithmContext``. ``PortfolioTarget`` (targets.py)
and ``MarketOnCloseOrder`` (order_checks.py) are re-exported here."""

from __future__ import annotations

from typing import Any

from engine.model.combo import GroupOrderManager, Leg
from engine.model.enums import OrderType, Resolution, SecurityType
from engine.model.option_strategies import OptionStrategy
from engine.model.orders import OrderProperties, TimeInForce
from engine.model.security import is_always_open, next_market_close
from engine.model.symbol import Symbol
from engine.portfolio.order_checks import MarketOnCloseOrder, moc_buffer, pre_order_checks
from engine.portfolio.security import Security
from engine.portfolio.targets import PortfolioTarget
from engine.portfolio.tickets import OrderResponse, OrderTicket, SubmitOrderRequest

__all__ = ["MarketOnCloseOrder", "PortfolioTarget", "TradingMixin"]


class TradingMixin:
    """Order placement, sizing and liquidation. Mixed into ``QCAlgorithm``."""

    # ----------------------------------------------------------------- state (lazy, no __init__)
    @property
    def default_order_properties(self) -> OrderProperties:
        props = self.__dict__.get("_default_order_properties")
        if props is None:
            props = self.__dict__["_default_order_properties"] = OrderProperties()
        return props

    @default_order_properties.setter
    def default_order_properties(self, value: OrderProperties) -> None:
        self.__dict__["_default_order_properties"] = value

    DefaultOrderProperties = default_order_properties

    def set_maximum_orders(self, max_orders: int) -> None:
        self.__dict__["_max_orders"] = int(max_orders)

    SetMaximumOrders = set_maximum_orders

    def shortable(
        self, symbol: Any, short_quantity: float = 0.0, update_order_id: int | None = None
    ) -> bool:
        """Whether ``short_quantity`` more of ``symbol`` may be shorted (its shortable provider)."""
        return self.transactions.is_shortable(
            self.securities[symbol].symbol, short_quantity, update_order_id
        )

    def shortable_quantity(self, symbol: Any) -> int:
        return self.transactions.shortable_quantity(self.securities[symbol].symbol)

    Shortable = shortable
    ShortableQuantity = shortable_quantity

    def _warn_once(self, key: str, message: str) -> None:
        warned = self.__dict__.setdefault("_qc_warned", set())
        if key not in warned:
            warned.add(key)
            self.debug(message)

    # ----------------------------------------------------------------- helpers
    def _security_for(self, symbol: Symbol | str | Security) -> Security | None:
        if isinstance(symbol, Security):
            return symbol
        return self.securities.get(symbol)

    def _properties(
        self, order_properties: OrderProperties | None, order_type: OrderType
    ) -> OrderProperties:
        props = (order_properties or self.default_order_properties).clone()
        if (
            order_type in (OrderType.MARKET_ON_OPEN, OrderType.MARKET_ON_CLOSE)
            and props.time_in_force.kind == TimeInForce.GTD
        ):
            props.time_in_force = TimeInForce.GOOD_TIL_CANCELED  # type: ignore[attr-defined]
            self._warn_once(
                "gtd_moo_moc",
                "Warning: MarketOnOpen and MarketOnClose orders do not support GoodTilDate; "
                "time in force reset to GoodTilCanceled.",
            )
        return props

    def _request(
        self,
        order_type: OrderType,
        symbol: Symbol | str | Security,
        quantity: float,
        *,
        tag: str | None = "",
        order_properties: OrderProperties | None = None,
        limit_price: float = 0.0,
        stop_price: float = 0.0,
        trigger_price: float = 0.0,
        trailing_amount: float = 0.0,
        trailing_as_percentage: bool = False,
    ) -> SubmitOrderRequest:
        security = self._security_for(symbol)
        sym = (
            security.symbol
            if security is not None
            else (symbol if isinstance(symbol, Symbol) else None)
        )
        if sym is None:
            sym = Symbol(str(symbol), SecurityType.EQUITY, "usa")
        return SubmitOrderRequest(
            order_type=order_type,
            security_type=sym.security_type,
            symbol=sym,
            quantity=float(quantity),
            stop_price=float(stop_price or 0.0),
            limit_price=float(limit_price or 0.0),
            time=self.utc_time,
            tag=tag or "",
            order_properties=self._properties(order_properties, order_type),
            trigger_price=float(trigger_price or 0.0),
            trailing_amount=float(trailing_amount or 0.0),
            trailing_as_percentage=bool(trailing_as_percentage),
        )

    def _invalid_ticket(self, request: SubmitOrderRequest, response: OrderResponse) -> OrderTicket:
        request.set_response(response)
        return OrderTicket(self.transactions, request)

    def _submit(self, request: SubmitOrderRequest) -> OrderTicket:
        response = pre_order_checks(self, request)
        if response.is_error:
            self.error(response.error_message)
            return self._invalid_ticket(request, response)
        return self.transactions.add_order(request)

    def _place(
        self,
        order_type: OrderType,
        symbol: Symbol | str | Security,
        quantity: float,
        tag: str,
        order_properties: OrderProperties | None,
        asynchronous: bool = False,
        **prices: Any,
    ) -> OrderTicket:
        """Build the request of one order method (``prices``: limit/stop/trigger/trailing fields) and
        submit it."""
        request = self._request(
            order_type, symbol, quantity, tag=tag, order_properties=order_properties, **prices
        )
        request.asynchronous = bool(asynchronous)
        return self._submit(request)

    submit_order_request = _submit
    SubmitOrderRequest = _submit

    # ----------------------------------------------------------------- order methods
    def market_order(
        self,
        symbol: Symbol | str | Security,
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        security = self._security_for(symbol)
        if security is not None and security.type not in (
            SecurityType.FUTURE,
            SecurityType.FUTURE_OPTION,
        ):
            always_open = is_always_open(security.exchange_hours)
            if not always_open and not security.exchange.exchange_open:
                ticket = self.market_on_open_order(
                    security.symbol, quantity, asynchronous, tag, order_properties
                )
                daily_only = bool(security.subscriptions) and all(
                    s.resolution == Resolution.DAILY for s in security.subscriptions
                )
                if ticket.submit_request.response.is_success and daily_only:
                    self._warn_once(
                        "moo_conversion",
                        "Warning: all market orders sent using daily data, or market orders sent after hours are "
                        "automatically converted into MarketOnOpen orders.",
                    )
                return ticket
            daily_only = bool(security.subscriptions) and all(
                s.resolution == Resolution.DAILY
                for s in security.subscriptions
                if not s.is_internal
            )
            if not always_open and daily_only and not getattr(self, "_live_mode", False):
                close = next_market_close(security.exchange_hours, security.local_time)
                if close is not None and security.local_time <= close - moc_buffer():
                    ticket = self.market_on_close_order(
                        security.symbol, quantity, asynchronous, tag, order_properties
                    )
                    self._warn_once(
                        "moc_conversion",
                        "Warning: market orders for securities subscribed only at daily resolution are converted "
                        "into MarketOnClose orders.",
                    )
                else:
                    ticket = self._place(
                        OrderType.MARKET_ON_OPEN,
                        security,
                        quantity,
                        tag,
                        order_properties,
                        asynchronous,
                    )
                return ticket
        return self._place(OrderType.MARKET, symbol, quantity, tag, order_properties, asynchronous)

    def market_on_open_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.MARKET_ON_OPEN, symbol, quantity, tag, order_properties, asynchronous
        )

    def market_on_close_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.MARKET_ON_CLOSE, symbol, quantity, tag, order_properties, asynchronous
        )

    def limit_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        limit_price: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.LIMIT,
            symbol,
            quantity,
            tag,
            order_properties,
            asynchronous,
            limit_price=limit_price,
        )

    # ----------------------------------------------------------------- combo orders
    def combo_market_order(
        self,
        legs: list[Leg],
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        """One market order per leg (``leg.quantity * quantity``), filled together."""
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._submit_combo(legs, quantity, 0.0, asynchronous, tag, order_properties)

    def combo_limit_order(
        self,
        legs: list[Leg],
        quantity: float,
        limit_price: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        """Legs filled together once the combo's price is better than ``limit_price``."""
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        if not limit_price:
            raise ValueError("combo_limit_order needs a non-zero limit_price")
        return self._submit_combo(legs, quantity, limit_price, asynchronous, tag, order_properties)

    def combo_leg_limit_order(
        self,
        legs: list[Leg],
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        """Legs filled together once each leg reaches its own limit (``Leg.create(symbol,
        ratio, limit_price)``)."""
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        missing = [leg.symbol for leg in legs if leg.order_price is None]
        if missing:
            raise ValueError(
                f"combo_leg_limit_order needs a limit price on every leg; missing for {missing}"
            )
        return self._submit_combo(legs, quantity, 0.0, asynchronous, tag, order_properties)

    def _submit_combo(
        self,
        legs: list[Leg],
        quantity: float,
        limit_price: float,
        asynchronous: bool,
        tag: str,
        order_properties: OrderProperties | None,
    ) -> list[OrderTicket]:
        """LEAN's SubmitComboOrder (Algorithm/QCAlgorithm.Trading.cs): one GroupOrderManager for
        the legs; every leg passes the pre-order checks before any is placed."""
        legs = list(legs)
        if not legs:
            raise ValueError("a combo order needs at least one leg")
        if not quantity:
            raise ValueError("a combo order needs a non-zero quantity")
        order_type = OrderType.COMBO_LIMIT if limit_price else OrderType.COMBO_MARKET
        self._combo_ids = getattr(self, "_combo_ids", 0) + 1
        manager = GroupOrderManager(self._combo_ids, len(legs), float(quantity), float(limit_price))
        requests = []
        tickets: list[OrderTicket] = []
        for leg in legs:
            price = limit_price
            if leg.order_price is not None:
                price, order_type = float(leg.order_price), OrderType.COMBO_LEG_LIMIT
            request = self._request(
                order_type,
                leg.symbol,
                float(leg.quantity) * float(quantity),
                tag=tag,
                order_properties=order_properties,
                limit_price=price,
            )
            request.asynchronous = bool(asynchronous)
            request.group_order_manager = manager
            response = pre_order_checks(self, request)
            if response.is_error:
                self.error(response.error_message)
                tickets.append(self._invalid_ticket(request, response))
                return tickets
            requests.append(request)
        return [self.transactions.add_order(request) for request in requests]

    ComboMarketOrder = combo_market_order
    ComboLimitOrder = combo_limit_order
    ComboLegLimitOrder = combo_leg_limit_order

    def stop_market_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        stop_price: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.STOP_MARKET,
            symbol,
            quantity,
            tag,
            order_properties,
            asynchronous,
            stop_price=stop_price,
        )

    def stop_limit_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        stop_price: float,
        limit_price: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.STOP_LIMIT,
            symbol,
            quantity,
            tag,
            order_properties,
            asynchronous,
            stop_price=stop_price,
            limit_price=limit_price,
        )

    def limit_if_touched_order(
        self,
        symbol: Symbol | str,
        quantity: float,
        trigger_price: float,
        limit_price: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        return self._place(
            OrderType.LIMIT_IF_TOUCHED,
            symbol,
            quantity,
            tag,
            order_properties,
            asynchronous,
            trigger_price=trigger_price,
            limit_price=limit_price,
        )

    def trailing_stop_order(
        self, symbol: Symbol | str, quantity: float, *args: Any, **kwargs: Any
    ) -> OrderTicket:
        """``trailing_stop_order(symbol, qty, trailing_amount, trailing_as_percentage, tag="", order_properties=None)``
        or ``trailing_stop_order(symbol, qty, stop_price, trailing_amount, trailing_as_percentage, ...)``."""
        stop_price = kwargs.pop("stop_price", None)
        rest = list(args)
        if (
            stop_price is None
            and len(rest) >= 3
            and not isinstance(rest[1], bool)
            and isinstance(rest[2], bool)
        ):
            stop_price = rest.pop(0)
        amount = kwargs.pop("trailing_amount", rest.pop(0) if rest else 0.0)
        as_pct = kwargs.pop("trailing_as_percentage", rest.pop(0) if rest else False)
        asynchronous = kwargs.pop("asynchronous", rest.pop(0) if rest else False)
        asynchronous, tag = _asynchronous_and_tag(
            asynchronous, kwargs.pop("tag", rest.pop(0) if rest else "")
        )
        props = kwargs.pop("order_properties", rest.pop(0) if rest else None)
        security = self._security_for(symbol)
        if stop_price is None and security is not None:
            from engine.execution.fills import calculate_trailing_stop
            from engine.model.enums import OrderDirection

            direction = OrderDirection.BUY if quantity > 0 else OrderDirection.SELL
            stop_price = calculate_trailing_stop(security.price, amount, as_pct, direction)
        return self._place(
            OrderType.TRAILING_STOP,
            symbol,
            quantity,
            tag,
            props,
            asynchronous,
            stop_price=stop_price or 0.0,
            trailing_amount=amount,
            trailing_as_percentage=as_pct,
        )

    def order(
        self,
        symbol: Symbol | str,
        quantity: float,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        if isinstance(symbol, OptionStrategy):
            # LEAN's GenerateOptionStrategyOrders: one combo market order of the strategy's legs
            return self.combo_market_order(
                symbol.legs(), quantity, asynchronous, tag, order_properties
            )
        return self.market_order(symbol, quantity, asynchronous, tag, order_properties)

    def buy(self, symbol: Symbol | str, quantity: float, *args: Any, **kwargs: Any) -> OrderTicket:
        return self.order(symbol, abs(quantity), *args, **kwargs)

    def sell(self, symbol: Symbol | str, quantity: float, *args: Any, **kwargs: Any) -> OrderTicket:
        return self.order(symbol, -abs(quantity), *args, **kwargs)

    # ----------------------------------------------------------------- sizing
    def calculate_order_quantity(self, symbol: Symbol | str, target: float) -> float:
        target_obj = PortfolioTarget.percent(
            self, symbol, float(target), return_delta_quantity=True
        )
        return target_obj.quantity if target_obj is not None else 0.0

    def set_holdings(
        self,
        symbol: Symbol | str | list[PortfolioTarget],
        percentage: float | None = None,
        liquidate_existing_holdings: bool = False,
        asynchronous: bool | str = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> None:
        """LEAN ``SetHoldings(symbol, percentage, liquidateExistingHoldings=false, asynchronous=false,
        tag="", orderProperties=null)`` (Algorithm/QCAlgorithm.Trading.cs); also a list of targets."""
        asynchronous, tag = _asynchronous_and_tag(asynchronous, tag)
        if isinstance(symbol, list | tuple):
            targets = list(symbol)
            if isinstance(percentage, bool):  # set_holdings(targets, True)
                liquidate_existing_holdings = percentage
            if liquidate_existing_holdings:
                keep = {
                    self.securities[t.symbol].symbol for t in targets if t.symbol in self.securities
                }
                self.liquidate(
                    [
                        s
                        for s in self.securities.keys()
                        if s not in keep and self.portfolio[s].invested
                    ],
                    asynchronous,
                    tag=tag,
                    order_properties=order_properties,
                )
            deltas = [
                PortfolioTarget(t.symbol, self.calculate_order_quantity(t.symbol, t.quantity))
                for t in targets
            ]
            for t in self._order_by_margin_impact(deltas):
                self._set_holdings_impl(t.symbol, t.quantity, asynchronous, tag, order_properties)
            return
        if percentage is None:
            raise TypeError("set_holdings() requires a percentage")
        if liquidate_existing_holdings:
            sec = self._security_for(symbol)
            keep = sec.symbol if sec is not None else symbol
            self.liquidate(
                [s for s in self.securities.keys() if s != keep and self.portfolio[s].invested],
                asynchronous,
                tag=tag,
                order_properties=order_properties,
            )
        self._set_holdings_impl(
            symbol,
            self.calculate_order_quantity(symbol, percentage),
            asynchronous,
            tag,
            order_properties,
        )

    def _order_by_margin_impact(self, targets: list[PortfolioTarget]) -> list[PortfolioTarget]:
        rows = []
        for t in targets:
            sec = self.securities.get(t.symbol)
            if sec is None or not sec.has_data or not sec.is_tradable:
                continue
            if abs(t.quantity) < sec.symbol_properties.lot_size:
                continue
            existing = sec.holdings.quantity + self.transactions.get_open_orders_remaining_quantity(
                sec.symbol
            )
            value = abs(t.quantity * sec.price)
            reducing = existing != 0 and abs(t.quantity + existing) < abs(existing)
            rows.append((not reducing, -value, t))
        rows.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in rows]

    def _set_holdings_impl(
        self,
        symbol: Symbol | str,
        order_quantity: float,
        asynchronous: bool,
        tag: str,
        order_properties: OrderProperties | None,
    ) -> None:
        security = self._security_for(symbol)
        if security is None:
            self.error(
                f"{symbol} not found in portfolio. Request this data when initializing the algorithm."
            )
            return
        pending = sum(
            t.quantity - t.quantity_filled
            for t in self.transactions.get_open_order_tickets(security.symbol)
            if t.order_type in (OrderType.MARKET, OrderType.MARKET_ON_OPEN)
        )
        quantity = order_quantity - pending
        if abs(quantity) > 0:
            if security.exchange.exchange_open or is_always_open(security.exchange_hours):
                self.market_order(security.symbol, quantity, asynchronous, tag, order_properties)
            else:
                self.market_on_open_order(
                    security.symbol, quantity, asynchronous, tag, order_properties
                )

    def liquidate(
        self,
        symbol: Symbol | str | list | None = None,
        asynchronous: bool = False,
        tag: str | None = None,
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        if isinstance(asynchronous, str):  # older positional liquidate(symbol, tag)
            tag, asynchronous = asynchronous, False
        tag = tag if tag is not None else "Liquidated"
        if symbol is None:
            symbols = sorted(self.securities.keys(), key=lambda s: s.value)
        elif isinstance(symbol, list | tuple | set):
            symbols = [self.securities[s].symbol for s in symbol if s in self.securities]
        else:
            symbols = [self.securities[symbol].symbol] if symbol in self.securities else []
        tickets: list[OrderTicket] = []
        for sym in symbols:
            orders = self.transactions.get_open_orders(sym)
            holdings = self.portfolio[sym]
            quantity = holdings.quantity if holdings.invested else 0.0
            if (
                len(orders) == 1
                and quantity != 0
                and orders[0].quantity == -quantity
                and orders[0].type == OrderType.MARKET
            ):
                continue
            market_qty = 0.0
            for o in orders:
                if o.type == OrderType.MARKET:
                    t = self.transactions.get_order_ticket(o.id)
                    if t is not None:
                        market_qty += t.quantity - t.quantity_filled
                else:
                    self.transactions.cancel_order(o.id, tag)
            if quantity != 0:
                tickets.append(
                    self.order(sym, -quantity - market_qty, asynchronous, tag, order_properties)
                )
        return tickets

    # ----------------------------------------------------------------- PascalCase API
    MarketOrder = market_order
    MarketOnOpenOrder = market_on_open_order
    MarketOnCloseOrder = market_on_close_order
    LimitOrder = limit_order
    StopMarketOrder = stop_market_order
    StopLimitOrder = stop_limit_order
    LimitIfTouchedOrder = limit_if_touched_order
    TrailingStopOrder = trailing_stop_order
    Order = order
    Buy = buy
    Sell = sell
    SetHoldings = set_holdings
    CalculateOrderQuantity = calculate_order_quantity
    Liquidate = liquidate


def _asynchronous_and_tag(asynchronous: bool | str, tag: str | None) -> tuple[bool, str]:
    """LEAN's order methods take ``asynchronous`` before ``tag``; a string in the asynchronous place is
    the tag of the older positional form (``limit_order(symbol, qty, price, "tag")``)."""
    if isinstance(asynchronous, str):
        return False, asynchronous
    return bool(asynchronous), tag or ""
