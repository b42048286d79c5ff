"""``set_account_currency`` moves the starting cash to the new currency as LEAN's CashBook does,
and ``SplitType`` names the two kinds of ``Split`` an Indian equity's factor file produces."""

from __future__ import annotations

from helpers import debug_lines, run

from engine.algorithm.imports import SplitType
from engine.model.data import Split


def messages(outcome):
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


CODE = """
class A(QCAlgorithm):
    def initialize(self):
{before}
        self.set_start_date(2004, 5, 20)
        self.set_end_date(2016, 7, 26)
        self.add_equity("CCCL", Resolution.DAILY, Market.INDIA)
        book = self.portfolio.cash_book
        self.debug("cash " + " ".join(f"{c}={book[c].amount:g}" for c in sorted(book.keys())))
        self.kinds = []

    def on_splits(self, splits):
        for symbol, split in splits.items():
            kind = "warning" if split.type == SplitType.WARNING else "occurred"
            if split.type == SplitType.SPLIT_OCCURRED:
                kind += f" {split.split_factor:g}"
            self.kinds.append(kind)

    def on_end_of_algorithm(self):
        self.debug(f"splits {self.kinds}")
"""


def run_with(tmp_path, lean_data, before):
    outcome = run(tmp_path / "p", CODE.replace("{before}", before), lean_data)
    assert outcome.error is None, outcome.error
    return messages(outcome)


def test_the_default_cash_moves_to_the_new_account_currency(tmp_path, lean_data):
    lines = run_with(tmp_path, lean_data, '        self.set_account_currency("INR")')
    assert "cash INR=100000" in lines
    # the factor file's split: its warning the trading day before, then the split
    assert "splits ['warning', 'occurred 0.2']" in lines


def test_cash_set_before_moves_too_unless_set_by_currency_name(tmp_path, lean_data):
    moved = run_with(
        tmp_path / "a",
        lean_data,
        '        self.set_cash(5000)\n        self.set_account_currency("INR")',
    )
    assert "cash INR=5000" in moved
    # cash named USD stays USD: it then needs a USD/INR conversion, which the data lacks
    kept = run(
        tmp_path / "b" / "p",
        CODE.replace(
            "{before}",
            '        self.set_cash("USD", 5000)\n        self.set_account_currency("INR")',
        ),
        lean_data,
    )
    assert kept.error is not None and "maintain cash in USD" in kept.error


def test_split_type_values_are_leans():
    assert (int(SplitType.WARNING), int(SplitType.SPLIT_OCCURRED)) == (0, 1)
    assert SplitType.WARNING == Split.WARNING and SplitType.SPLIT_OCCURRED == Split.SPLIT_OCCURRED
