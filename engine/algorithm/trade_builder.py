"""``QCAlgorithm.trade_builder`` (LEAN's Common/Statistics/TradeBuilder.cs seen from Python): the
run's closed trades, each with LEAN's Trade fields as Python numbers."""

from __future__ import annotations

from typing import Any

from engine.model.enums import LeanEnum, pascal_aliases


@pascal_aliases
class TradeDirection(LeanEnum):
    """LEAN's TradeDirection."""

    LONG = 0
    SHORT = 1


class ClosedTrade:
    """One closed trade: ``symbols``, ``entry_time``/``exit_time``, ``entry_price``/
    ``exit_price``, ``direction``, ``quantity``, ``profit_loss``, ``total_fees``, ``mae``,
    ``mfe``, ``is_win``."""

    def __init__(self, trade: Any, symbols: dict[str, Any]) -> None:
        self._trade = trade
        self.symbols = [symbols.get(trade.symbol, trade.symbol)]
        self.entry_time = trade.entry_time
        self.exit_time = trade.exit_time
        self.entry_price = float(trade.entry_price)
        self.exit_price = float(trade.exit_price)
        self.direction = TradeDirection(int(trade.direction))
        self.quantity = float(trade.quantity)
        self.profit_loss = float(trade.profit_loss)
        self.total_fees = float(trade.total_fees)
        self.mae = float(trade.mae)
        self.mfe = float(trade.mfe)
        self.is_win = bool(trade.is_win)

    Symbols = property(lambda self: self.symbols)
    EntryTime = property(lambda self: self.entry_time)
    ExitTime = property(lambda self: self.exit_time)
    EntryPrice = property(lambda self: self.entry_price)
    ExitPrice = property(lambda self: self.exit_price)
    Direction = property(lambda self: self.direction)
    Quantity = property(lambda self: self.quantity)
    ProfitLoss = property(lambda self: self.profit_loss)
    TotalFees = property(lambda self: self.total_fees)
    MAE = property(lambda self: self.mae)
    MFE = property(lambda self: self.mfe)
    IsWin = property(lambda self: self.is_win)


class TradeBuilderView:
    def __init__(self, source: Any, securities: Any) -> None:
        self._source = source
        self._securities = securities

    @property
    def closed_trades(self) -> list[ClosedTrade]:
        builder = self._source() if self._source is not None else None
        if builder is None:
            return []
        symbols = {s.value: s for s in self._securities.keys()}
        return [ClosedTrade(t, symbols) for t in builder.closed_trades]

    def has_open_position(self, symbol: Any) -> bool:
        builder = self._source() if self._source is not None else None
        return bool(builder is not None and builder.has_open_position(str(symbol)))

    ClosedTrades = closed_trades
    HasOpenPosition = has_open_position
