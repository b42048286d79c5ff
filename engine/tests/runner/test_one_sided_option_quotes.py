"""A fill-forward quote subscription's bar without a bid (or an ask) keeps the previous bar's side
(LEAN's QuoteBarFillForwardEnumerator, which FileSystemDataFeed puts on every fill-forward
quote-bar subscription, whatever the security type), so a one-sided option quote is priced at
the mid of its side and the carried one, not at its one side alone."""

from __future__ import annotations

from helpers import debug_lines, run

# LEAN's sample GOOG option quotes of 2015-12-23: the 600 call expiring 2015-12-24 quotes
# 149.20 / 153.80 in the bar ending 09:50 and a bid of 149.20 alone (no ask) in the bar ending
# 09:51; the 800 put quotes an ask of 50.00 alone in the bar ending 09:40 after 46.10 / 50.00
# in the bar ending 09:39
ONE_SIDED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 23)
        self.set_end_date(2015, 12, 23)
        self.set_cash(100000)
        equity = self.add_equity("GOOG")
        contracts = list(self.option_chain(equity.symbol))
        self.call = next(c for c in contracts if c.id.option_right == OptionRight.CALL
                         and c.id.strike_price == 600 and c.id.date.day == 24)
        self.put = next(c for c in contracts if c.id.option_right == OptionRight.PUT
                        and c.id.strike_price == 800 and c.id.date.day == 24)
        self.add_option_contract(self.call)
        self.add_option_contract(self.put)

    def on_data(self, data):
        stamp = self.time.strftime("%H:%M")
        if stamp not in ("09:40", "09:50", "09:51"):
            return
        for symbol in (self.call, self.put):
            bar = data.quote_bars.get(symbol)
            security = self.securities[symbol]
            if bar is not None:
                self.debug(f"{stamp} {symbol.id.option_right} {bar.bid is not None} "
                           f"{bar.ask is not None} {bar.close} {security.price} "
                           f"{security.bid_price} {security.ask_price}")
"""


def test_a_one_sided_option_quote_keeps_the_previous_bar_other_side(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ONE_SIDED, lean_data)
    assert outcome.error is None, outcome.error
    rows = [line.split(" ", 2)[2].split() for line in debug_lines(outcome)]
    by_key = {(r[0], r[1]): r[2:] for r in rows}
    # the call's 09:51 bar had no ask in the file: it carries the 09:50 ask of 153.80
    has_bid, has_ask, close, price, bid, ask = by_key[("09:51", "Call")]
    assert (has_bid, has_ask) == ("True", "True")
    assert float(close) == float(price) == (149.2 + 153.8) / 2
    assert (float(bid), float(ask)) == (149.2, 153.8)
    # the put's 09:40 bar had no bid: it carries the 09:39 bid of 46.10
    has_bid, has_ask, close, price, bid, ask = by_key[("09:40", "Put")]
    assert (has_bid, has_ask) == ("True", "True")
    assert float(close) == float(price) == (46.1 + 50.0) / 2
    assert (float(bid), float(ask)) == (46.1, 50.0)
