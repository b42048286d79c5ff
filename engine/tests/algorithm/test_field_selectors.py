"""``Field`` selectors (LEAN's Common/Field.cs) and the bars an indicator helper consolidates for
them: a bid or ask field reads quote bars of an equity whose default bars are trades."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.model import Bar, QuoteBar, SecurityType, Symbol, Tick, TickType, TradeBar
from engine.model.field import Field, data_type_for_selector
from engine.tests.runner.helpers import debug_lines, run

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
T = datetime(2013, 10, 7, 9, 30)


def quote() -> QuoteBar:
    return QuoteBar(T, SPY, Bar(10, 12, 9, 11), 5, Bar(10.5, 12.5, 9.5, 11.5), 6)


def test_quote_fields_read_their_side_of_a_quote_bar() -> None:
    bar = quote()
    assert Field.BID_OPEN(bar) == 10 and Field.BID_HIGH(bar) == 12
    assert Field.BID_LOW(bar) == 9 and Field.BID_CLOSE(bar) == 11
    assert Field.ASK_OPEN(bar) == 10.5 and Field.ASK_HIGH(bar) == 12.5
    assert Field.ASK_LOW(bar) == 9.5 and Field.ASK_CLOSE(bar) == 11.5
    assert Field.BID_PRICE(bar) == 11 and Field.ASK_PRICE(bar) == 11.5
    assert Field.BidClose is Field.BID_CLOSE


def test_fields_fall_back_to_the_value_of_other_data() -> None:
    trade = TradeBar(T, SPY, 1, 4, 0.5, 2, 300)
    assert Field.BID_CLOSE(trade) == 2  # a trade bar has no bid: its value
    assert Field.VOLUME(trade) == 300
    assert Field.VOLUME(quote()) == quote().value  # a quote bar has no volume
    tick = Tick(T, SPY, TickType.QUOTE, bid_price=3.0, ask_price=3.2)
    trade_tick = Tick(T, SPY, TickType.TRADE, price=3.1, quantity=7)
    assert Field.VOLUME(trade_tick) == 7 and Field.BID_CLOSE(trade_tick) == 3.1
    assert Field.BID_PRICE(tick) == 3.0 and Field.ASK_PRICE(tick) == 3.2
    assert Field.WEIGHTED(trade) == (4 + 0.5 + 2 * 2) / 4
    assert Field.SEVEN_BAR(trade) == (2 * 1 + 4 + 0.5 + 3 * 2) / 7
    assert Field.CLOSE(trade) == 2


def test_the_bars_a_selector_needs() -> None:
    assert data_type_for_selector(Field.ASK_LOW) is QuoteBar
    assert data_type_for_selector(Field.BID_PRICE) is QuoteBar
    assert data_type_for_selector(Field.VOLUME) is TradeBar
    assert data_type_for_selector(Field.CLOSE) is None
    assert data_type_for_selector(lambda bar: bar.bid.close) is None
    assert data_type_for_selector(None) is None


BID_ASK_IDENTITY = """
class BidAskIdentity(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.bid = self.identity(self.spy, Resolution.MINUTE, Field.BID_CLOSE, "Bid.Close.")
        self.ask = self.identity(self.spy, Resolution.MINUTE, Field.ASK_HIGH, "Ask.High.")
        self.volume = self.identity(self.spy, Resolution.MINUTE, Field.VOLUME)
        self.checked = 0

    def on_data(self, data):
        quote = data.quote_bars.get(self.spy)
        trade = data.bars.get(self.spy)
        if quote is None or trade is None:
            return
        assert self.bid.current.value == quote.bid.close, (self.bid.current.value, quote.bid.close)
        assert self.ask.current.value == quote.ask.high, (self.ask.current.value, quote.ask.high)
        assert self.volume.current.value == trade.volume
        self.checked += 1

    def on_end_of_algorithm(self):
        history = self.indicator_history(Identity(""), self.spy, 5, Resolution.MINUTE, Field.BID_CLOSE)
        bids = [round(point.value, 4) for point in history.current]
        last = [round(bar.bid.close, 4) for bar in self.history[QuoteBar](self.spy, 5, Resolution.MINUTE)]
        self.debug(f"checked {self.checked}")
        self.debug(f"history {bids == last} {len(bids)}")
"""


def test_bid_and_ask_fields_consolidate_quote_bars(tmp_path: Path, lean_data: Path) -> None:
    outcome = run(tmp_path / "p", BID_ASK_IDENTITY, lean_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    assert "checked 390" in lines
    assert "history True 5" in lines
