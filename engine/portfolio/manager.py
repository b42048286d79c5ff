"""``SecurityPortfolioManager``: cash, holdings and portfolio-level values (LEAN SecurityPortfolioManager.cs,
SecurityPortfolioModel.ProcessFill, ApplySplit, ApplyDividend)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from engine.execution.buying_power import buying_power_call
from engine.execution.fees import CashAmount
from engine.execution.margin_interest import (
    MarginInterestRateParameters,
    NullMarginInterestRateModel,
    apply_margin_interest,
)
from engine.execution.settlement import (
    ApplyFundsSettlementModelParameters,
    ScanSettlementModelParameters,
    apply_funds,
    scan_unsettled,
)
from engine.model.data import Dividend, QuoteBar, Split, Tick, TradeBar
from engine.model.enums import DataNormalizationMode, OrderDirection, SecurityType
from engine.model.orders import OrderEvent
from engine.model.pairs import KeyValuePair
from engine.model.symbol import Symbol
from engine.portfolio.cashbook import CashBook
from engine.portfolio.exercise_results import cash_settlement_amount, fill_is_win
from engine.portfolio.holding import SecurityHolding
from engine.portfolio.position_groups import SecurityPositionGroupModel, grouped_margin_used
from engine.portfolio.security import Security, SecurityManager
from engine.portfolio.settlement import UnsettledCash

_NOT_IN_TPV = (
    SecurityType.FOREX,
    SecurityType.CRYPTO,
    SecurityType.FUTURE,
    SecurityType.CFD,
    SecurityType.CRYPTO_FUTURE,
)

# Enum members read once here: on Python 3.11 reading one from its class costs ~0.35 us
# (EnumType defines __getattr__, which puts every class attribute read through a Python-level
# hook), and apply_fill runs for every fill.
_CRYPTO_FUTURE = SecurityType.CRYPTO_FUTURE
_FUTURE = SecurityType.FUTURE
_PROFIT_PAID_IN_CASH = frozenset(
    (SecurityType.FUTURE, SecurityType.CFD, SecurityType.CRYPTO_FUTURE)
)
_CURRENCY_PAIRS = frozenset((SecurityType.FOREX, SecurityType.CRYPTO))


class SecurityPortfolioManager:
    """``algorithm.portfolio``: indexable by Symbol or ticker, yielding ``SecurityHolding``."""

    def __init__(
        self, securities: SecurityManager, transactions: Any = None, account_currency: str = "USD"
    ) -> None:
        self.securities = securities
        self.transactions = transactions
        self.cash_book = CashBook(account_currency)
        self.cash_book[account_currency].set_amount(100000.0)
        self.unsettled_cash_book: list[UnsettledCash] = []
        self.margin_call_model: Any = None  # set by engine.portfolio.margin_call on first use
        # LEAN's Positions: options and their underlying margined as option strategies
        self.positions: SecurityPositionGroupModel = SecurityPositionGroupModel()

    # ----------------------------------------------------------------- dict-like access
    def set_margin_call_model(self, model: Any) -> None:
        """LEAN's SetMarginCallModel (``MarginCallModel.NULL`` turns margin calls off)."""
        self.margin_call_model = model

    SetMarginCallModel = set_margin_call_model

    def set_positions(self, model: SecurityPositionGroupModel) -> None:
        """LEAN's SetPositions (``SecurityPositionGroupModel.NULL`` margins each security alone)."""
        if not isinstance(model, SecurityPositionGroupModel):
            raise TypeError(f"set_positions takes a SecurityPositionGroupModel, got {model!r}")
        self.positions = model

    SetPositions = set_positions

    def __getitem__(self, key: Symbol | str) -> SecurityHolding:
        return self.securities[key].holdings

    def __contains__(self, key: object) -> bool:
        return key in self.securities

    def __iter__(self) -> Iterator[KeyValuePair]:
        # as LEAN's SecurityPortfolioManager (a C# IDictionary) iterated from Python: KeyValuePair
        # entries of the Symbol and its SecurityHolding
        return iter([KeyValuePair(k, s.holdings) for k, s in self.securities.items()])

    def __len__(self) -> int:
        return len(self.securities)

    def keys(self) -> list[Symbol]:
        return self.securities.keys()

    def values(self) -> list[SecurityHolding]:
        return [s.holdings for s in self.securities.values()]

    def items(self) -> list[tuple[Symbol, SecurityHolding]]:
        return [(k, s.holdings) for k, s in self.securities.items()]

    def contains_key(self, key: Symbol | str) -> bool:
        return key in self.securities

    def get(self, key: Symbol | str, default: Any = None) -> SecurityHolding | None:
        sec = self.securities.get(key)
        return sec.holdings if sec is not None else default

    # ----------------------------------------------------------------- cash
    @property
    def account_currency(self) -> str:
        return self.cash_book.account_currency

    @property
    def cash(self) -> float:
        return self.cash_book.total_value_in_account_currency

    @property
    def unsettled_cash(self) -> float:
        if not self.unsettled_cash_book:
            return 0.0
        return sum(
            self.cash_book.convert_to_account_currency(u.amount, u.currency)
            for u in self.unsettled_cash_book
        )

    def set_cash(
        self,
        symbol_or_amount: str | float,
        amount: float | None = None,
        conversion_rate: float = 0.0,
    ) -> None:
        """``set_cash(100000)`` or ``set_cash("BTC", 1.5, conversion_rate)``."""
        if amount is None:
            self.cash_book[self.account_currency].set_amount(float(symbol_or_amount))
            return
        self.cash_book.add(str(symbol_or_amount), float(amount), conversion_rate)

    def set_account_currency(
        self,
        currency: str,
        starting_cash: float | None = None,
        *,
        keep_previous_cash: bool = False,
    ) -> None:
        """Change the account currency. As LEAN's CashBook.AccountCurrency setter, the previous
        account currency's amount moves to the new one (the default 100,000 becomes 100,000 of
        the new currency) unless ``keep_previous_cash``: cash the algorithm set for that
        currency by name stays in its own entry (Common/Securities/SecurityPortfolioManager.cs)."""
        old = self.cash_book
        currency = currency.upper()
        previous = old[old.account_currency] if old.account_currency in old else None
        self.cash_book = CashBook(currency)
        for sym, cash in old.items():
            if sym != old.account_currency or (keep_previous_cash and sym != currency):
                self.cash_book.add(sym, cash.amount, cash.conversion_rate)
        if previous is not None and currency not in old and not keep_previous_cash:
            self.cash_book[currency].set_amount(previous.amount)
        if currency in old:
            self.cash_book[currency].conversion_rate = 1.0
        if starting_cash is not None:
            self.cash_book[currency].set_amount(starting_cash)

    # ----------------------------------------------------------------- totals
    @property
    def total_portfolio_value(self) -> float:
        holdings = 0.0
        cfd = 0.0
        for sec in self.securities.iter_values():
            h = sec.holdings
            if not h.quantity:
                continue
            st = sec.type
            if st not in _NOT_IN_TPV:
                holdings += h.holdings_value
            elif st in (SecurityType.CFD, SecurityType.CRYPTO_FUTURE):
                cfd += h.unrealized_profit
            elif st == SecurityType.FUTURE:
                # futures' profit is paid into cash daily: the day's unsettled part counts here
                cfd += h.unsettled_profit if hasattr(h, "settled_profit") else h.unrealized_profit
        unsettled = self.unsettled_cash if self.unsettled_cash_book else 0.0
        return self.cash_book.total_value_in_account_currency + unsettled + holdings + cfd

    def total_portfolio_value_less_free_buffer(self, settings: Any = None) -> float:
        tpv = self.total_portfolio_value
        free_value = (
            getattr(settings, "free_portfolio_value", None) if settings is not None else None
        )
        if free_value is not None:
            return tpv - free_value
        pct = (
            getattr(settings, "free_portfolio_value_percentage", 0.0025)
            if settings is not None
            else 0.0025
        )
        return tpv - tpv * pct

    @property
    def total_holdings_value(self) -> float:
        return sum(
            s.holdings.absolute_holdings_value
            for s in self.securities.values()
            if s.holdings.quantity
        )

    @property
    def total_absolute_holdings_cost(self) -> float:
        return sum(s.holdings.absolute_holdings_cost for s in self.securities.values())

    @property
    def total_unrealized_profit(self) -> float:
        return sum(
            s.holdings.unrealized_profit for s in self.securities.values() if s.holdings.quantity
        )

    total_unrealised_profit = total_unrealized_profit

    @property
    def total_profit(self) -> float:
        return sum(s.holdings.profit for s in self.securities.values())

    @property
    def total_net_profit(self) -> float:
        return sum(s.holdings.net_profit for s in self.securities.values())

    @property
    def total_fees(self) -> float:
        return sum(s.holdings.total_fees for s in self.securities.values())

    @property
    def total_fees_decimal(self) -> Decimal:
        """``total_fees`` summed in decimals (LEAN's ``Portfolio.TotalFees``, which Total Fees
        prints)."""
        return sum((s.holdings.total_fees_decimal for s in self.securities.values()), Decimal(0))

    @property
    def total_sale_volume(self) -> float:
        return sum(s.holdings.total_sale_volume for s in self.securities.values())

    @property
    def total_dividends(self) -> float:
        return sum(s.holdings.total_dividends for s in self.securities.values())

    @property
    def invested(self) -> bool:
        for security in self.securities.iter_values():
            if security.holdings.quantity:
                return True
        return False

    hold_stock = invested  # LEAN's older name (SecurityPortfolioManager.HoldStock)

    @property
    def total_margin_used(self) -> float:
        total, grouped = grouped_margin_used(self)
        for sec in self.securities.iter_values():
            # (an empty set first: hashing a symbol is a Python call)
            if sec.holdings.quantity and (not grouped or sec.symbol not in grouped):
                total += buying_power_call(
                    sec.buying_power_model, "get_reserved_buying_power_for_position", sec
                )
        return total

    def get_margin_remaining(self, total_portfolio_value: float | None = None) -> float:
        tpv = self.total_portfolio_value if total_portfolio_value is None else total_portfolio_value
        return tpv - self.unsettled_cash - self.total_margin_used

    @property
    def margin_remaining(self) -> float:
        return self.get_margin_remaining()

    def get_buying_power(
        self, symbol: Symbol | str, direction: OrderDirection = OrderDirection.BUY
    ) -> float:
        sec = self.securities[symbol]
        return sec.buying_power_model.get_buying_power(self, sec, direction)

    def open_order_reserved(
        self, security: Security, side: str, exclude_order_id: int = 0
    ) -> float:
        """Cash reserved by other open orders (used by ``CashBuyingPowerModel``)."""
        if self.transactions is None:
            return 0.0
        total = 0.0
        for order in self.transactions.get_open_orders():
            if order.id == exclude_order_id or order.id >= exclude_order_id > 0:
                continue
            other = self.securities.get(order.symbol)
            if other is None:
                continue
            if (
                side == "base"
                and order.quantity < 0
                and other.base_currency == security.base_currency
            ):
                total += -order.quantity
            elif (
                side == "quote"
                and order.quantity > 0
                and other.quote_currency == security.quote_currency
            ):
                price = order.limit_price or other.ask_price or other.price
                total += order.quantity * price
        return total

    # ----------------------------------------------------------------- fills (SecurityPortfolioModel.ProcessFill)
    def apply_fill(self, fill: OrderEvent, *, fee_in_quantity: bool = False) -> None:
        """Apply one fill event (its ``order_fee`` in ``order_fee_currency``). ``fee_in_quantity``: the fee
        was taken from the filled base-currency quantity (Binance buys), so cash is not charged again."""
        security = self.securities[fill.symbol]
        h = security.holdings
        quote = security.quote_currency
        conv = security.conversion_rate or 1.0
        mult = security.symbol_properties.contract_multiplier
        is_long, is_short = h.is_long, h.is_short
        qty_holdings, abs_holdings, avg = h.quantity, h.absolute_quantity, h.average_price
        fill_qty, fill_price = fill.fill_quantity, fill.fill_price

        crypto_future = security.type == _CRYPTO_FUTURE
        if crypto_future:  # valued in its collateral currency (CryptoFutureHolding)
            h.add_new_sale(h.get_quantity_value(abs(fill_qty), fill_price).in_account_currency)
        else:
            h.add_new_sale(fill_price * abs(fill_qty) * conv * mult)
        fee_acct = 0.0
        fee_amount = float(fill.order_fee or 0.0)
        currency = fill.order_fee_currency or self.account_currency
        if fee_amount:
            fee_acct = self.cash_book.convert_to_account_currency(fee_amount, currency)
            h.add_new_fee(fee_acct)
            if (
                fee_in_quantity
            ):  # ModifiedFillQuantityOrderFee: the quote currency pays for the fee quantity
                self.cash_book.add_amount(quote, -fee_amount * fill_price * mult)
            else:
                self.cash_book.add_amount(currency, -fee_amount)

        utc = fill.utc_time
        if security.type not in _PROFIT_PAID_IN_CASH:
            apply_funds(
                security.settlement_model,
                ApplyFundsSettlementModelParameters(
                    self, security, utc, CashAmount(-fill_qty * fill_price * mult, quote), fill
                ),
            )
        if security.type in _CURRENCY_PAIRS and security.base_currency:
            apply_funds(
                security.settlement_model,
                ApplyFundsSettlementModelParameters(
                    self, security, utc, CashAmount(fill_qty, security.base_currency), fill
                ),
            )

        closed = (is_long and fill_qty < 0) or (is_short and fill_qty > 0)
        if closed:
            abs_closed = min(abs(fill_qty), abs_holdings)
            # profit of the closed part: (exit - entry) x closed quantity in the holding's direction
            direction_qty = abs_closed if is_long else -abs_closed
            if crypto_future:
                # LEAN SecurityPortfolioModel.ProcessCloseTradeProfit: the closed quantity's value at
                # the fill less its value at cost, settled in the collateral currency at once
                sale = h.get_quantity_value(direction_qty, fill_price)
                cost = h.get_quantity_value(direction_qty, avg)
                apply_funds(
                    security.settlement_model,
                    ApplyFundsSettlementModelParameters(
                        self,
                        security,
                        utc,
                        CashAmount(sale.amount - cost.amount, sale.cash.symbol),
                        fill,
                    ),
                )
                profit = (sale.amount - cost.amount) * sale.cash.conversion_rate
            else:
                profit = (fill_price - avg) * direction_qty * conv * mult
                settled = cash_settlement_amount(security, fill)
                if settled:
                    # OptionPortfolioModel.ProcessCloseTradeProfit: a cash-settled exercise pays
                    # the intrinsic value, part of the closed trade's profit
                    apply_funds(
                        security.settlement_model,
                        ApplyFundsSettlementModelParameters(
                            self, security, utc, CashAmount(settled, quote), fill
                        ),
                    )
                    profit += settled * conv
                if security.type == _FUTURE:
                    # LEAN's ProcessCloseTradeProfit pays a future's closed profit into cash
                    # through its settlement model (no upfront payment was made)
                    apply_funds(
                        security.settlement_model,
                        ApplyFundsSettlementModelParameters(
                            self,
                            security,
                            utc,
                            CashAmount((fill_price - avg) * direction_qty * mult, quote),
                            fill,
                        ),
                    )
            h.add_new_profit(profit)
            h.set_last_trade_profit(profit)
            if self.transactions is not None:
                record = profit - 2 * fee_acct
                self.transactions.add_transaction_record(
                    utc, record, fill_is_win(fill, security, record)
                )

        if qty_holdings == 0:
            avg, qty_holdings = fill_price, fill_qty
        elif is_long:
            if fill_qty > 0:
                avg = (avg * qty_holdings + fill_qty * fill_price) / (qty_holdings + fill_qty)
                qty_holdings += fill_qty
            else:
                qty_holdings += fill_qty
                if qty_holdings < 0:
                    avg = fill_price
                elif qty_holdings == 0:
                    avg = 0.0
        elif is_short:
            if fill_qty < 0:
                avg = (avg * qty_holdings + fill_qty * fill_price) / (qty_holdings + fill_qty)
                qty_holdings += fill_qty
            else:
                qty_holdings += fill_qty
                if qty_holdings > 0:
                    avg = fill_price
                elif qty_holdings == 0:
                    avg = 0.0
        qty_holdings = round(qty_holdings, 10)
        if qty_holdings == 0:
            avg = 0.0
        h.set_holdings(avg, qty_holdings)

    process_fill = apply_fill

    # ----------------------------------------------------------------- corporate actions
    def apply_dividend(
        self, dividend: Dividend, live_mode: bool = False, mode: DataNormalizationMode | None = None
    ) -> None:
        security = self.securities[dividend.symbol]
        mode = security.data_normalization_mode if mode is None else mode
        if mode not in (DataNormalizationMode.RAW, DataNormalizationMode.SPLIT_ADJUSTED):
            return
        if self.transactions is not None and self.transactions._is_warming_up:
            return
        total = (
            security.holdings.quantity * dividend.distribution * (security.conversion_rate or 1.0)
        )
        security.holdings.add_new_dividend(total)
        self.cash_book.add_amount(
            security.quote_currency, total / (security.conversion_rate or 1.0)
        )

    def apply_split(
        self, split: Split, live_mode: bool = False, mode: DataNormalizationMode | None = None
    ) -> None:
        security = self.securities[split.symbol]
        if security.type != SecurityType.EQUITY:
            return
        mode = security.data_normalization_mode if mode is None else mode
        if not live_mode and mode != DataNormalizationMode.RAW:
            return
        if self.transactions is not None and self.transactions._is_warming_up:
            return
        factor = split.split_factor
        h = security.holdings
        quantity = h.quantity / factor
        avg = h.average_price * factor
        whole = float(int(quantity))
        left_over = quantity - whole
        h.set_holdings(avg, whole)
        _scale_cached_prices(security, factor)
        if left_over:
            self.cash_book.add_amount(security.quote_currency, left_over * security.price)
        if self.transactions is not None:
            self.transactions.apply_split(split)  # open orders: quantity / factor, prices x factor

    def update_conversion_rates(self) -> None:
        """Refresh currency conversion rates from the latest prices (runner: every step, LEAN step 7)."""
        self.cash_book.update_conversion_rates(self.securities)

    def apply_margin_interest(self, utc_time: datetime) -> bool:
        """Apply every security's margin interest rate model (runner: first step of each clock hour,
        before the settlement scan, LEAN step 6); whether any is not the null model."""
        applied = False
        for sec in self.securities.values():
            model = getattr(sec, "margin_interest_rate_model", None)
            if model is None or isinstance(model, NullMarginInterestRateModel):
                continue
            apply_margin_interest(
                model, MarginInterestRateParameters(sec, utc_time, self.cash_book)
            )
            applied = True
        return applied

    @property
    def needs_settlement_scan(self) -> bool:
        """Unsettled cash to settle, or a futures position to settle daily."""
        if self.unsettled_cash_book:
            return True
        return any(
            sec.type == SecurityType.FUTURE and sec.holdings.quantity
            for sec in self.securities.iter_values()
        )

    def scan_settlement(self, utc_time: datetime) -> None:
        """Settle due unsettled cash and futures' daily profit (runner: first step of each clock
        hour, LEAN step 6)."""
        if not self.needs_settlement_scan:
            return
        for sec in self.securities.values():
            scan_unsettled(sec.settlement_model, ScanSettlementModelParameters(self, sec, utc_time))

    # PascalCase API
    Cash = property(lambda self: self.cash)
    CashBook = property(lambda self: self.cash_book)
    UnsettledCash = property(lambda self: self.unsettled_cash)
    TotalPortfolioValue = property(lambda self: self.total_portfolio_value)
    TotalHoldingsValue = property(lambda self: self.total_holdings_value)
    TotalUnrealizedProfit = property(lambda self: self.total_unrealized_profit)
    TotalUnrealisedProfit = TotalUnrealizedProfit
    TotalProfit = property(lambda self: self.total_profit)
    TotalNetProfit = property(lambda self: self.total_net_profit)
    TotalFees = property(lambda self: self.total_fees)
    TotalSaleVolume = property(lambda self: self.total_sale_volume)
    TotalAbsoluteHoldingsCost = property(lambda self: self.total_absolute_holdings_cost)
    Invested = property(lambda self: self.invested)
    MarginRemaining = property(lambda self: self.margin_remaining)
    TotalMarginUsed = property(lambda self: self.total_margin_used)
    SetCash = set_cash
    GetBuyingPower = get_buying_power
    GetMarginRemaining = get_margin_remaining
    ContainsKey = contains_key
    Keys = property(keys)
    Values = property(values)


def _scale_cached_prices(security: Security, factor: float) -> None:
    """After a Raw-mode split, the cached prices are restated at the post-split scale."""
    c = security.cache
    for attr in ("price", "open", "high", "low", "close", "bid_price", "ask_price"):
        setattr(c, attr, getattr(c, attr) * factor)
    tb = c.last_trade_bar
    if isinstance(tb, TradeBar):
        tb.open, tb.high, tb.low, tb.close = (
            tb.open * factor,
            tb.high * factor,
            tb.low * factor,
            tb.close * factor,
        )
        tb.value = tb.close
    qb = c.last_quote_bar
    if isinstance(qb, QuoteBar):
        for bar in (qb.bid, qb.ask):
            if bar is not None:
                bar.open, bar.high, bar.low, bar.close = (
                    bar.open * factor,
                    bar.high * factor,
                    bar.low * factor,
                    bar.close * factor,
                )
    for t in c.trade_ticks + c.quote_ticks:
        if isinstance(t, Tick):
            t.value *= factor
            t.bid_price *= factor
            t.ask_price *= factor
