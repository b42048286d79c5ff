"""SPX and its weeklies (SPXW) on LEAN's sample data (January 2021): one underlying, two option
tickers, two chains kept apart; and a contract's data ends with its delisting date (LEAN's
SubscriptionDataReader reads no later date), though the folder has bars of the expired weeklies
the next day."""

from __future__ import annotations

from helpers import debug_lines, run

WEEKLIES = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 5)
        self.spx = self.add_index_option("SPX")
        self.spx.set_filter(lambda u: u.strikes(0, 1).expiration(0, 30))
        self.spxw = self.add_index_option("SPX", "SPXW")
        self.spxw.set_filter(lambda u: u.strikes(0, 1).expiration(0, 7).include_weeklys())
        self.days = set()

    def on_data(self, slice):
        if self.time.date() in self.days or self.time.hour < 9:
            return
        self.days.add(self.time.date())
        for canonical in (self.spx.symbol, self.spxw.symbol):
            chain = slice.option_chains.get(canonical)
            names = sorted(str(c.symbol) for c in chain) if chain else []
            self.debug(f"{self.time.date()} {canonical.value} {names}")
"""


def _chains(tmp_path, lean_data) -> list[str]:
    outcome = run(tmp_path / "p", WEEKLIES, lean_data)
    assert outcome.error is None, outcome.error
    return [line.split(" ", 2)[2] for line in debug_lines(outcome) if " 2021-01-0" in line]


def test_spx_and_spxw_chains_stay_apart(tmp_path, lean_data):
    lines = _chains(tmp_path, lean_data)
    text = "\n".join(lines)
    assert "2021-01-04 ?SPX ['SPX   210115C03800000', 'SPX   210115P04200000']" in text, text
    spxw_first = next(line for line in lines if line.startswith("2021-01-04 ?SPXW"))
    assert "SPX   " not in spxw_first and "SPXW  210104P03800000" in spxw_first, text


def test_expired_weeklies_have_no_data_after_their_delisting_date(tmp_path, lean_data):
    lines = _chains(tmp_path, lean_data)
    text = "\n".join(lines)
    # the weeklies of Jan 4 are delisted that day: Jan 5's files still list them, LEAN reads not
    spxw_next = next(line for line in lines if line.startswith("2021-01-05 ?SPXW"))
    assert "210104" not in spxw_next and "SPXW  210106P03800000" in spxw_next, text


SELECTION_TIMES = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 6)
        self.add_index_option("SPX", "SPXW").set_filter(
            lambda u: u.strikes(0, 1).expiration(0, 7).include_weeklys())

    def on_securities_changed(self, changes):
        self.debug(f"changes {self.time:%m-%d %H:%M} +{len(changes.added_securities)} "
                   f"-{len(changes.removed_securities)}")
"""


def test_an_index_option_chain_selects_at_its_exchange_midnight(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SELECTION_TIMES, lean_data)
    assert outcome.error is None, outcome.error
    changes = [line.split(" ", 3)[3] for line in debug_lines(outcome) if " changes " in line]
    # Chicago's midnight is 01:00 in New York: the run's first selection and, on Jan 5, the
    # expired weeklies of Jan 4 leaving
    assert changes[0].startswith("01-04 01:00 +"), changes
    assert any(c.startswith("01-05 01:00 +0 -") for c in changes), changes
