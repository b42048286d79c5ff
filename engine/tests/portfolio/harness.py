"""A tiny algorithm double implementing ``AlgorithmContext`` so trading can be tested without the runner.

``h = Harness()``; ``spy = h.add_equity("SPY")``; ``h.at("2013-10-07 09:31")`` moves the clock (ET);
``h.bar(spy, o, hi, lo, c)`` feeds the minute bar ending now; ``h.quote(spy, bid, ask)`` a quote bar;
``h.step()`` runs the transaction scan (as the runner does at step 10 / 19).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from engine.data.market_hours import market_hours
from engine.execution.brokerage import DefaultBrokerageModel
from engine.model.data import Bar, QuoteBar, TradeBar
from engine.model.enums import Resolution, SecurityType
from engine.model.orders import OrderEvent
from engine.model.security import AlwaysOpenHours
from engine.model.symbol import Symbol
from engine.portfolio.security import Security
from engine.portfolio.state import build_trading_state
from engine.portfolio.trading import TradingMixin

ET = ZoneInfo("America/New_York")


@dataclass
class Settings:
    free_portfolio_value_percentage: float = 0.0025
    free_portfolio_value: float | None = None
    minimum_order_margin_portfolio_percentage: float = 0.001
    stale_price_time_span: timedelta = timedelta(hours=1)
    daily_precise_end_time: bool = True


@dataclass
class Harness(TradingMixin):
    settings: Settings = field(default_factory=Settings)
    is_warming_up: bool = False
    _live_mode: bool = False
    logs: list[str] = field(default_factory=list)
    events: list[OrderEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.brokerage_model = DefaultBrokerageModel()
        self.securities, self.portfolio, self.transactions = build_trading_state(self)
        self.transactions.add_order_event_handler(self.events.append)
        self.at("2013-10-07 09:31")

    # AlgorithmContext
    @property
    def utc_time(self) -> datetime:
        return self.securities.utc_time

    @property
    def time(self) -> datetime:
        return self.utc_time.astimezone(ET).replace(tzinfo=None)

    def debug(self, message: str) -> None:
        self.logs.append("DEBUG " + message)

    def error(self, message: str) -> None:
        self.logs.append("ERROR " + message)

    # test helpers
    def at(self, local: str | datetime) -> None:
        t = datetime.fromisoformat(local) if isinstance(local, str) else local
        self.securities.set_time(t.replace(tzinfo=ET).astimezone(UTC))

    def add_equity(
        self,
        ticker: str = "SPY",
        resolution: Resolution = Resolution.MINUTE,
        quotes: bool = True,
        **kwargs: object,
    ) -> Security:
        sec = Security(
            Symbol(ticker, SecurityType.EQUITY, "usa"),
            market_hours("equity", "usa"),
            resolution=resolution,
            **kwargs,
        )
        sec.add_subscription(TradeBar, resolution)
        if quotes and resolution in (Resolution.MINUTE, Resolution.SECOND, Resolution.TICK):
            sec.add_subscription(QuoteBar, resolution)
        self.brokerage_model.initialize_security(sec)
        return self.securities.add(sec)

    def add_crypto(self, ticker: str = "BTCUSD", market: str = "coinbase") -> Security:
        sec = Security(Symbol(ticker, SecurityType.CRYPTO, market), AlwaysOpenHours("UTC"))
        sec.add_subscription(TradeBar, Resolution.MINUTE)
        sec.add_subscription(QuoteBar, Resolution.MINUTE)
        self.brokerage_model.initialize_security(sec)
        self.portfolio.cash_book.ensure(sec.base_currency)
        return self.securities.add(sec)

    def _period(self, sec: Security) -> timedelta:
        return {
            Resolution.MINUTE: timedelta(minutes=1),
            Resolution.HOUR: timedelta(hours=1),
            Resolution.DAILY: timedelta(days=1),
            Resolution.SECOND: timedelta(seconds=1),
        }[sec.resolution]

    def bar(
        self,
        sec: Security,
        o: float,
        h: float,
        lo: float,
        c: float,
        v: float = 1000,
        period: timedelta | None = None,
        end: datetime | None = None,
    ) -> TradeBar:
        period = period or self._period(sec)
        end = end or sec.local_time
        tb = TradeBar(end - period, sec.symbol, o, h, lo, c, v, period)
        sec.update(tb)
        return tb

    def quote(
        self,
        sec: Security,
        bid: float,
        ask: float,
        period: timedelta | None = None,
        bid_bar: tuple[float, float, float, float] | None = None,
        ask_bar: tuple[float, float, float, float] | None = None,
    ) -> QuoteBar:
        period = period or self._period(sec)
        end = sec.local_time
        b = Bar(*bid_bar) if bid_bar else Bar(bid, bid, bid, bid)
        a = Bar(*ask_bar) if ask_bar else Bar(ask, ask, ask, ask)
        qb = QuoteBar(end - period, sec.symbol, b, 100, a, 100, period)
        sec.update(qb)
        return qb

    def step(self) -> None:
        self.transactions.scan(self.utc_time)

    def statuses(self, order_id: int) -> list[str]:
        return [str(e.status) for e in self.events if e.order_id == order_id]
