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
        # the running figures are local variables in the loop (each rolling window runs it over
        # its trades: ~26,000 trades for a year of the SMA bench) and stored once after it; the
        # decimal operations are LEAN's, in its order
        zero = Decimal(0)
        consecutive_wins = consecutive_losses = 0
        max_total_pl = zero
        max_total_pl_with_mfe = zero
        sum_for_variance = zero
        sum_for_downside = zero
        last_peak: datetime | None = None
        in_drawdown = False
        all_durations: list[timedelta] = []
        win_durations: list[timedelta] = []
        loss_durations: list[timedelta] = []
        avg_secs = avg_win_secs = avg_loss_secs = 0.0
        start_time = end_time = None
        n = wins = losses = in_the_money_wins = 0
        max_wins = max_losses = 0
        total_pl = total_profit = total_loss = zero
        average_profit = average_loss = average_pl = zero
        largest_profit = largest_loss = zero
        average_mae = average_mfe = largest_mae = largest_mfe = zero
        max_closed_dd = max_intra_dd = max_end_dd = zero
        max_dd_duration = timedelta(0)
        total_fees = zero

        for trade in trades:
            entry_time = trade.entry_time
            exit_time = trade.exit_time
            if last_peak is None:
                last_peak = entry_time
            if start_time is None or entry_time < start_time:
                start_time = entry_time
            if end_time is None or exit_time > end_time:
                end_time = exit_time
            n += 1
            mae = trade.mae
            mfe = trade.mfe

            if total_pl + mfe > max_total_pl_with_mfe:
                max_total_pl_with_mfe = total_pl + mfe
            if total_pl + mae - max_total_pl_with_mfe < max_intra_dd:
                max_intra_dd = total_pl + mae - max_total_pl_with_mfe

            pl = trade.profit_loss
            duration = trade.duration
            secs = duration.total_seconds()
            if pl > 0:
                wins += 1
                total_pl += pl
                total_profit += pl
                average_profit += (pl - average_profit) / wins
                avg_win_secs += (secs - avg_win_secs) / wins
                win_durations.append(duration)
                if pl > largest_profit:
                    largest_profit = pl
                consecutive_wins += 1
                consecutive_losses = 0
                max_wins = max(max_wins, consecutive_wins)
                if total_pl > max_total_pl:
                    max_total_pl = total_pl
                    if in_drawdown and exit_time - last_peak > max_dd_duration:
                        max_dd_duration = exit_time - last_peak
                    last_peak = exit_time
                    in_drawdown = False
            else:
                losses += 1
                total_pl += pl
                total_loss += pl
                prev_avg_loss = average_loss
                average_loss += (pl - average_loss) / losses
                sum_for_downside += (pl - prev_avg_loss) * (pl - average_loss)
                avg_loss_secs += (secs - avg_loss_secs) / losses
                loss_durations.append(duration)
                if pl < largest_loss:
                    largest_loss = pl
                if trade.is_win:
                    # an option exercised in the money loses its premium yet wins (Trade.IsWin)
                    in_the_money_wins += 1
                    consecutive_losses = 0
                    consecutive_wins += 1
                    max_wins = max(max_wins, consecutive_wins)
                else:
                    consecutive_wins = 0
                    consecutive_losses += 1
                    max_losses = max(max_losses, consecutive_losses)
                if total_pl - max_total_pl < max_closed_dd:
                    max_closed_dd = total_pl - max_total_pl
                in_drawdown = True

            prev_avg = average_pl
            average_pl += (pl - average_pl) / n
            sum_for_variance += (pl - prev_avg) * (pl - average_pl)
            avg_secs += (secs - avg_secs) / n
            all_durations.append(duration)
            average_mae += (mae - average_mae) / n
            average_mfe += (mfe - average_mfe) / n
            if mae < largest_mae:
                largest_mae = mae
            if mfe > largest_mfe:
                largest_mfe = mfe
            end_trade_drawdown = pl - mfe  # Trade.end_trade_drawdown
            if end_trade_drawdown < max_end_dd:
                max_end_dd = end_trade_drawdown
            total_fees += trade.total_fees

        self.start_date_time = start_time
        self.end_date_time = end_time
        self.total_number_of_trades = n
        # LEAN counts the losing trades' wins once the loop is done
        self.number_of_winning_trades = wins + in_the_money_wins
        self.number_of_losing_trades = losses - in_the_money_wins
        self.total_profit_loss = total_pl
        self.total_profit = total_profit
        self.total_loss = total_loss
        self.largest_profit = largest_profit
        self.largest_loss = largest_loss
        self.average_profit_loss = average_pl
        self.average_profit = average_profit
        self.average_loss = average_loss
        self.max_consecutive_winning_trades = max_wins
        self.max_consecutive_losing_trades = max_losses
        self.average_mae = average_mae
        self.average_mfe = average_mfe
        self.largest_mae = largest_mae
        self.largest_mfe = largest_mfe
        self.maximum_closed_trade_drawdown = max_closed_dd
        self.maximum_intra_trade_drawdown = max_intra_dd
        self.maximum_end_trade_drawdown = max_end_dd
        self.maximum_drawdown_duration = max_dd_duration
        self.total_fees = total_fees

        # LEAN updates both deviations after every trade; only the last values remain
        n = self.total_number_of_trades
        if n:
            variance = sum_for_variance / (n - 1) if n > 1 else Decimal(0)
            self.profit_loss_standard_deviation = to_decimal(math.sqrt(float(variance)))
        n_loss = losses  # the loop's count, before the in-the-money wins moved
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
