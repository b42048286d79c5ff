"""Closed trades: LEAN's TradeBuilder with its default FillToFill grouping (Common/Statistics/TradeBuilder.cs).

Each fill in the direction of the open position opens its own trade; an opposite fill closes open
trades first-in-first-out (LIFO optional), splitting a partially closed one; the excess of a
reversal opens a new trade. ProfitLoss, MAE and MFE are gross of fees, rounded to 2 dp, in account
currency (``x conversion_rate x multiplier``). An order's fee goes only to the first trade its
first fill opens or closes. MAE/MFE come from the prices given to :meth:`TradeBuilder.set_market_price`
(LEAN step 5, every slice) and the fill prices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext

from .formatting import DECIMAL_CONTEXT, dec, net_round

__all__ = ["LONG", "SHORT", "Trade", "TradeBuilder", "format_timespan", "iso_utc"]

LONG = 0
SHORT = 1


def iso_utc(time: datetime) -> str:
    """``2013-10-07T13:31:00Z`` (LEAN writes UTC times this way)."""
    if time.tzinfo is not None:
        time = time.astimezone(UTC).replace(tzinfo=None)
    text = time.isoformat()
    return text + "Z"


def format_timespan(span: timedelta) -> str:
    """.NET ``TimeSpan.ToString()``: ``[-][d.]hh:mm:ss[.fffffff]``."""
    ticks = round(span.total_seconds() * 10_000_000)
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    seconds, frac = divmod(ticks, 10_000_000)
    minutes, sec = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    text = f"{hour:02d}:{minute:02d}:{sec:02d}"
    if days:
        text = f"{days}.{text}"
    if frac:
        text += f".{frac:07d}"
    return sign + text


def _float(value: Decimal) -> float:
    return float(value)


@dataclass
class Trade:
    """A closed (or open, while pending) trade, with LEAN's Trade fields."""

    symbol: str
    entry_time: datetime
    entry_price: Decimal
    direction: int
    quantity: Decimal
    exit_time: datetime | None = None
    exit_price: Decimal = Decimal(0)
    profit_loss: Decimal = Decimal(0)
    total_fees: Decimal = Decimal(0)
    mae: Decimal = Decimal(0)
    mfe: Decimal = Decimal(0)
    is_win: bool = False
    order_ids: set[int] = field(default_factory=set)
    symbol_id: str = ""
    permtick: str = ""

    @property
    def duration(self) -> timedelta:
        return (self.exit_time - self.entry_time) if self.exit_time else timedelta(0)

    @property
    def end_trade_drawdown(self) -> Decimal:
        """Profit given back before the exit: ``ProfitLoss - MFE``."""
        return self.profit_loss - self.mfe

    def to_json(self) -> dict:
        """One entry of ``totalPerformance.closedTrades`` (API v2 Trade model)."""
        return {
            "symbol": {
                "value": self.symbol,
                "id": self.symbol_id,
                "permtick": self.permtick or self.symbol,
            },
            "entryTime": iso_utc(self.entry_time),
            "entryPrice": _float(self.entry_price),
            "direction": self.direction,
            "quantity": _float(self.quantity),
            "exitTime": iso_utc(self.exit_time) if self.exit_time else None,
            "exitPrice": _float(self.exit_price),
            "profitLoss": _float(self.profit_loss),
            "totalFees": _float(self.total_fees),
            "mae": _float(self.mae),
            "mfe": _float(self.mfe),
            "duration": format_timespan(self.duration),
            "endTradeDrawdown": _float(self.end_trade_drawdown),
            "isWin": self.is_win,
            "orderIds": sorted(self.order_ids),
        }


@dataclass
class _Position:
    pending: list[Trade] = field(default_factory=list)
    min_price: Decimal = Decimal(0)
    max_price: Decimal = Decimal(0)


class TradeBuilder:
    """LEAN's TradeBuilder, FillToFill grouping, FIFO (default) or LIFO matching."""

    def __init__(self, matching: str = "FIFO", symbol_ids: dict[str, str] | None = None) -> None:
        """``symbol_ids``: optional ticker -> SecurityIdentifier string for the closed-trade JSON."""
        if matching not in ("FIFO", "LIFO"):
            raise ValueError("matching must be 'FIFO' or 'LIFO'")
        self._fifo = matching == "FIFO"
        self.positions: dict[str, _Position] = {}
        self._orders_with_fees: set[int] = set()
        self.symbol_ids = dict(symbol_ids or {})
        self.closed_trades: list[Trade] = []
        self._is_win: Callable[[Decimal], bool] | None = None

    def has_open_position(self, symbol: str) -> bool:
        position = self.positions.get(symbol)
        return bool(position and position.pending)

    def set_market_price(self, symbol: str, price: float | Decimal) -> None:
        """Track the extremes of an open position (call with every new price of the symbol)."""
        position = self.positions.get(symbol)
        if position is None:
            return
        price = dec(price)
        if price > position.max_price:
            position.max_price = price
        elif price < position.min_price:
            position.min_price = price

    def process_fill(
        self,
        symbol: str,
        time: datetime,
        price: float | Decimal,
        quantity: float | Decimal,
        fee: float | Decimal,
        order_id: int,
        multiplier: float | Decimal = 1,
        conversion_rate: float | Decimal = 1,
        is_win: Callable[[Decimal], bool] | None = None,
    ) -> None:
        """A fill: signed quantity, fill price, the order fee in account currency, UTC time.
        ``is_win``: whether a trade this fill closes, given its profit, is a win (LEAN's
        TradeBuilder asks the fill: an option exercise's rule differs); its profit's sign
        without it."""
        self._is_win = is_win
        order_fee = Decimal(0)
        if order_id not in self._orders_with_fees:
            order_fee = dec(fee)
            self._orders_with_fees.add(order_id)
        with localcontext(DECIMAL_CONTEXT):
            self._fill_to_fill(
                symbol,
                time,
                dec(price),
                dec(quantity),
                order_fee,
                order_id,
                dec(multiplier),
                dec(conversion_rate),
            )

    def _new_trade(
        self,
        symbol: str,
        time: datetime,
        price: Decimal,
        quantity: Decimal,
        fee: Decimal,
        order_id: int,
    ) -> Trade:
        return Trade(
            symbol=symbol,
            entry_time=time,
            entry_price=price,
            direction=LONG if quantity > 0 else SHORT,
            quantity=abs(quantity),
            total_fees=fee,
            order_ids={order_id},
            symbol_id=self.symbol_ids.get(symbol, ""),
        )

    def _fill_to_fill(
        self,
        symbol: str,
        time: datetime,
        price: Decimal,
        quantity: Decimal,
        order_fee: Decimal,
        order_id: int,
        multiplier: Decimal,
        conversion_rate: Decimal,
    ) -> None:
        if quantity == 0:
            return
        position = self.positions.get(symbol)
        if position is None or not position.pending:
            self.positions[symbol] = _Position(
                pending=[self._new_trade(symbol, time, price, quantity, order_fee, order_id)],
                min_price=price,
                max_price=price,
            )
            return

        self.set_market_price(symbol, price)
        index = 0 if self._fifo else len(position.pending) - 1
        first = position.pending[index]
        sign = 1 if quantity > 0 else -1
        if sign == (1 if first.direction == LONG else -1):
            position.pending.append(
                self._new_trade(symbol, time, price, quantity, order_fee, order_id)
            )
            return

        abs_fill = abs(quantity)
        executed = Decimal(0)
        fee_assigned = False
        while position.pending and abs(executed) < abs_fill:
            trade = position.pending[index]
            unexecuted = abs_fill - abs(executed)
            direction_sign = 1 if trade.direction == LONG else -1
            if trade.direction == LONG:
                mae_move = position.min_price - trade.entry_price
                mfe_move = position.max_price - trade.entry_price
            else:
                mae_move = trade.entry_price - position.max_price
                mfe_move = trade.entry_price - position.min_price
            if unexecuted >= trade.quantity:
                executed -= trade.quantity * direction_sign
                position.pending.pop(index)
                if index > 0 and not self._fifo:
                    index -= 1
                trade.exit_time = time
                trade.exit_price = price
                trade.profit_loss = net_round(
                    (price - trade.entry_price)
                    * trade.quantity
                    * direction_sign
                    * conversion_rate
                    * multiplier,
                    2,
                )
                trade.total_fees += Decimal(0) if fee_assigned else order_fee
                trade.mae = net_round(mae_move * trade.quantity * conversion_rate * multiplier, 2)
                trade.mfe = net_round(mfe_move * trade.quantity * conversion_rate * multiplier, 2)
                trade.order_ids.add(order_id)
                self._close(trade)
            else:
                executed += unexecuted * -direction_sign
                trade.quantity -= unexecuted
                closed = Trade(
                    symbol=trade.symbol,
                    entry_time=trade.entry_time,
                    entry_price=trade.entry_price,
                    direction=trade.direction,
                    quantity=unexecuted,
                    exit_time=time,
                    exit_price=price,
                    profit_loss=net_round(
                        (price - trade.entry_price)
                        * unexecuted
                        * direction_sign
                        * conversion_rate
                        * multiplier,
                        2,
                    ),
                    total_fees=trade.total_fees + (Decimal(0) if fee_assigned else order_fee),
                    mae=net_round(mae_move * unexecuted * conversion_rate * multiplier, 2),
                    mfe=net_round(mfe_move * unexecuted * conversion_rate * multiplier, 2),
                    order_ids=set(trade.order_ids) | {order_id},
                    symbol_id=trade.symbol_id,
                )
                self._close(closed)
                trade.total_fees = Decimal(0)
            fee_assigned = True

        if abs(executed) == abs_fill and not position.pending:
            del self.positions[symbol]
        elif abs(executed) < abs_fill:
            # reversal: the excess opens a new trade (its fee already went to the closed trade)
            remaining = quantity - executed
            position.pending = [
                self._new_trade(symbol, time, price, remaining, Decimal(0), order_id)
            ]
            position.min_price = price
            position.max_price = price

    def _close(self, trade: Trade) -> None:
        rule = self._is_win
        trade.is_win = trade.profit_loss > 0 if rule is None else bool(rule(trade.profit_loss))
        self.closed_trades.append(trade)

    def to_json(self) -> list[dict]:
        """``totalPerformance.closedTrades``."""
        return [t.to_json() for t in self.closed_trades]
