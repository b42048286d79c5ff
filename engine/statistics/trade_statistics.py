"""LEAN's TradeStatistics (Common/Statistics/TradeStatistics.cs) over the closed trades."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal, localcontext

from .formatting import DECIMAL_CONTEXT, format_decimal, to_decimal
from .trades import Trade, format_timespan, iso_utc

__all__ = ["TradeStatistics", "trade_statistics"]


class TradeStatistics:
    """Every field of LEAN's TradeStatistics; :meth:`to_json` gives the API v2 shape."""

    def __init__(self, trades: list[Trade]) -> None:
        self.start_date_time: datetime | None = None
        self.end_date_time: datetime | None = None
        self.total_number_of_trades = 0
        self.number_of_winning_trades = 0
        self.number_of_losing_trades = 0
        z = Decimal(0)
        self.total_profit_loss = z
        self.total_profit = z
        self.total_loss = z
        self.largest_profit = z
        self.largest_loss = z
        self.average_profit_loss = z
        self.average_profit = z
        self.average_loss = z
        self.average_trade_duration = timedelta(0)
        self.average_winning_trade_duration = timedelta(0)
        self.average_losing_trade_duration = timedelta(0)
        self.median_trade_duration = timedelta(0)
        self.median_winning_trade_duration = timedelta(0)
        self.median_losing_trade_duration = timedelta(0)
        self.max_consecutive_winning_trades = 0
        self.max_consecutive_losing_trades = 0
        self.profit_loss_ratio = z
        self.win_loss_ratio = z
        self.win_rate = z
        self.loss_rate = z
        self.average_mae = z
        self.average_mfe = z
        self.largest_mae = z
        self.largest_mfe = z
        self.maximum_closed_trade_drawdown = z
        self.maximum_intra_trade_drawdown = z
        self.profit_loss_standard_deviation = z
        self.profit_loss_downside_deviation = z
        self.profit_factor = z
        self.sharpe_ratio = z
        self.sortino_ratio = z
        self.profit_to_max_drawdown_ratio = z
        self.maximum_end_trade_drawdown = z
        self.average_end_trade_drawdown = z
        self.maximum_drawdown_duration = timedelta(0)
        self.total_fees = z
        with localcontext(DECIMAL_CONTEXT):
            self._compute(trades)

    def _compute(self, trades: list[Trade]) -> None:
        consecutive_wins = consecutive_losses = 0
        max_total_pl = Decimal(0)
        max_total_pl_with_mfe = Decimal(0)
        sum_for_variance = Decimal(0)
        sum_for_downside = Decimal(0)
        last_peak: datetime | None = None
        in_drawdown = False
        all_durations: list[timedelta] = []
        win_durations: list[timedelta] = []
        loss_durations: list[timedelta] = []
        avg_secs = avg_win_secs = avg_loss_secs = 0.0

        for trade in trades:
            if last_peak is None:
                last_peak = trade.entry_time
            if self.start_date_time is None or trade.entry_time < self.start_date_time:
                self.start_date_time = trade.entry_time
            if self.end_date_time is None or trade.exit_time > self.end_date_time:
                self.end_date_time = trade.exit_time
            self.total_number_of_trades += 1
            n = self.total_number_of_trades

            if self.total_profit_loss + trade.mfe > max_total_pl_with_mfe:
                max_total_pl_with_mfe = self.total_profit_loss + trade.mfe
            if (
                self.total_profit_loss + trade.mae - max_total_pl_with_mfe
                < self.maximum_intra_trade_drawdown
            ):
                self.maximum_intra_trade_drawdown = (
                    self.total_profit_loss + trade.mae - max_total_pl_with_mfe
                )

            pl = trade.profit_loss
            secs = trade.duration.total_seconds()
            if trade.is_win:
                self.number_of_winning_trades += 1
                w = self.number_of_winning_trades
                self.total_profit_loss += pl
                self.total_profit += pl
                self.average_profit += (pl - self.average_profit) / w
                avg_win_secs += (secs - avg_win_secs) / w
                win_durations.append(trade.duration)
                if pl > self.largest_profit:
                    self.largest_profit = pl
                consecutive_wins += 1
                consecutive_losses = 0
                self.max_consecutive_winning_trades = max(
                    self.max_consecutive_winning_trades, consecutive_wins
                )
                if self.total_profit_loss > max_total_pl:
                    max_total_pl = self.total_profit_loss
                    if in_drawdown and trade.exit_time - last_peak > self.maximum_drawdown_duration:
                        self.maximum_drawdown_duration = trade.exit_time - last_peak
                    last_peak = trade.exit_time
                    in_drawdown = False
            else:
                self.number_of_losing_trades += 1
                n_loss = self.number_of_losing_trades
                self.total_profit_loss += pl
                self.total_loss += pl
                prev_avg_loss = self.average_loss
                self.average_loss += (pl - self.average_loss) / n_loss
                sum_for_downside += (pl - prev_avg_loss) * (pl - self.average_loss)
                avg_loss_secs += (secs - avg_loss_secs) / n_loss
                loss_durations.append(trade.duration)
                if pl < self.largest_loss:
                    self.largest_loss = pl
                consecutive_wins = 0
                consecutive_losses += 1
                self.max_consecutive_losing_trades = max(
                    self.max_consecutive_losing_trades, consecutive_losses
                )
                if self.total_profit_loss - max_total_pl < self.maximum_closed_trade_drawdown:
                    self.maximum_closed_trade_drawdown = self.total_profit_loss - max_total_pl
                in_drawdown = True

            prev_avg = self.average_profit_loss
            self.average_profit_loss += (pl - self.average_profit_loss) / n
            sum_for_variance += (pl - prev_avg) * (pl - self.average_profit_loss)
            avg_secs += (secs - avg_secs) / n
            all_durations.append(trade.duration)
            self.average_mae += (trade.mae - self.average_mae) / n
            self.average_mfe += (trade.mfe - self.average_mfe) / n
            if trade.mae < self.largest_mae:
                self.largest_mae = trade.mae
            if trade.mfe > self.largest_mfe:
                self.largest_mfe = trade.mfe
            if trade.end_trade_drawdown < self.maximum_end_trade_drawdown:
                self.maximum_end_trade_drawdown = trade.end_trade_drawdown
            self.total_fees += trade.total_fees

        # LEAN updates both deviations after every trade; only the last values remain
        n = self.total_number_of_trades
        if n:
            variance = sum_for_variance / (n - 1) if n > 1 else Decimal(0)
            self.profit_loss_standard_deviation = to_decimal(math.sqrt(float(variance)))
        n_loss = self.number_of_losing_trades
        if n_loss:
            downside_var = sum_for_downside / (n_loss - 1) if n_loss > 1 else Decimal(0)
            self.profit_loss_downside_deviation = to_decimal(math.sqrt(float(downside_var)))
        self.average_trade_duration = timedelta(seconds=avg_secs)
        self.average_winning_trade_duration = timedelta(seconds=avg_win_secs)
        self.average_losing_trade_duration = timedelta(seconds=avg_loss_secs)
        n = self.total_number_of_trades
        self.profit_loss_ratio = (
            Decimal(0) if self.average_loss == 0 else self.average_profit / abs(self.average_loss)
        )
        if n == 0:
            self.win_loss_ratio = Decimal(0)
        elif self.number_of_losing_trades > 0:
            self.win_loss_ratio = (
                Decimal(self.number_of_winning_trades) / self.number_of_losing_trades
            )
        else:
            self.win_loss_ratio = Decimal(10)
        self.win_rate = Decimal(self.number_of_winning_trades) / n if n else Decimal(0)
        self.loss_rate = 1 - self.win_rate if n else Decimal(0)
        if self.total_profit == 0:
            self.profit_factor = Decimal(0)
        elif self.total_loss < 0:
            self.profit_factor = self.total_profit / abs(self.total_loss)
        else:
            self.profit_factor = Decimal(10)
        sd = self.profit_loss_standard_deviation
        dd = self.profit_loss_downside_deviation
        self.sharpe_ratio = self.average_profit_loss / sd if sd > 0 else Decimal(0)
        self.sortino_ratio = self.average_profit_loss / dd if dd > 0 else Decimal(0)
        if self.total_profit_loss == 0:
            self.profit_to_max_drawdown_ratio = Decimal(0)
        elif self.maximum_closed_trade_drawdown < 0:
            self.profit_to_max_drawdown_ratio = self.total_profit_loss / abs(
                self.maximum_closed_trade_drawdown
            )
        else:
            self.profit_to_max_drawdown_ratio = Decimal(10)
        self.average_end_trade_drawdown = self.average_profit_loss - self.average_mfe
        if all_durations:
            self.median_trade_duration = _median(all_durations)
        if win_durations:
            self.median_winning_trade_duration = _median(win_durations)
        if loss_durations:
            self.median_losing_trade_duration = _median(loss_durations)

    def to_json(self) -> dict:
        """API v2 ``tradeStatistics``: decimals as invariant strings, counts as ints."""

        def d(value: Decimal) -> str:
            return format_decimal(value)

        def t(value: timedelta) -> str:
            return format_timespan(value)

        return {
            "startDateTime": iso_utc(self.start_date_time) if self.start_date_time else None,
            "endDateTime": iso_utc(self.end_date_time) if self.end_date_time else None,
            "totalNumberOfTrades": self.total_number_of_trades,
            "numberOfWinningTrades": self.number_of_winning_trades,
            "numberOfLosingTrades": self.number_of_losing_trades,
            "totalProfitLoss": d(self.total_profit_loss),
            "totalProfit": d(self.total_profit),
            "totalLoss": d(self.total_loss),
            "largestProfit": d(self.largest_profit),
            "largestLoss": d(self.largest_loss),
            "averageProfitLoss": d(self.average_profit_loss),
            "averageProfit": d(self.average_profit),
            "averageLoss": d(self.average_loss),
            "averageTradeDuration": t(self.average_trade_duration),
            "averageWinningTradeDuration": t(self.average_winning_trade_duration),
            "averageLosingTradeDuration": t(self.average_losing_trade_duration),
            "medianTradeDuration": t(self.median_trade_duration),
            "medianWinningTradeDuration": t(self.median_winning_trade_duration),
            "medianLosingTradeDuration": t(self.median_losing_trade_duration),
            "maxConsecutiveWinningTrades": self.max_consecutive_winning_trades,
            "maxConsecutiveLosingTrades": self.max_consecutive_losing_trades,
            "profitLossRatio": d(self.profit_loss_ratio),
            "winLossRatio": d(self.win_loss_ratio),
            "winRate": d(self.win_rate),
            "lossRate": d(self.loss_rate),
            "averageMAE": d(self.average_mae),
            "averageMFE": d(self.average_mfe),
            "largestMAE": d(self.largest_mae),
            "largestMFE": d(self.largest_mfe),
            "maximumClosedTradeDrawdown": d(self.maximum_closed_trade_drawdown),
            "maximumIntraTradeDrawdown": d(self.maximum_intra_trade_drawdown),
            "profitLossStandardDeviation": d(self.profit_loss_standard_deviation),
            "profitLossDownsideDeviation": d(self.profit_loss_downside_deviation),
            "profitFactor": d(self.profit_factor),
            "sharpeRatio": d(self.sharpe_ratio),
            "sortinoRatio": d(self.sortino_ratio),
            "profitToMaxDrawdownRatio": d(self.profit_to_max_drawdown_ratio),
            "maximumEndTradeDrawdown": d(self.maximum_end_trade_drawdown),
            "averageEndTradeDrawdown": d(self.average_end_trade_drawdown),
            "maximumDrawdownDuration": t(self.maximum_drawdown_duration),
            "totalFees": d(self.total_fees),
        }


def _median(values: list[timedelta]) -> timedelta:
    ticks = sorted(round(v.total_seconds() * 10_000_000) for v in values)
    # statistics.median's answer on the list sorted here (it would sort a copy again)
    middle = len(ticks) // 2
    value = ticks[middle] if len(ticks) % 2 else (ticks[middle - 1] + ticks[middle]) / 2
    return timedelta(microseconds=value / 10)


def trade_statistics(trades: list[Trade]) -> TradeStatistics:
    return TradeStatistics(trades)
