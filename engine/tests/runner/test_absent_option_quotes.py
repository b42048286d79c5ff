"""An option contract whose day has a trade file but no quote file (LEAN writes both): the run
warns naming the missing file, and a run that then fails names it in its error. The data folder
is LEAN's sample data with GOOG's minute option quotes of 2015-12-24 left out."""

from __future__ import annotations

from pathlib import Path

from helpers import debug_lines, run

ALGORITHM = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.add_equity("GOOG")
        self.contract = Symbol.create_option("GOOG", Market.USA, OptionStyle.AMERICAN,
                                             OptionRight.CALL, 750, datetime(2016, 1, 15))
        self.add_option_contract(self.contract)
        self.quotes = 0

    def on_data(self, slice):
        self.quotes += slice.quote_bars.contains_key(self.contract)

    def on_end_of_algorithm(self):
        if self.quotes == 0:
            raise AssertionError("no quotes")
"""


def _folder_without_quotes(lean_data: Path, root: Path) -> Path:
    """The sample folder, linked entry by entry, with option/usa/minute/goog holding every file
    but the quote zips."""

    def link_tree(source: Path, target: Path, skip: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            if skip.is_relative_to(entry):
                if entry == skip:
                    own = target / entry.name
                    own.mkdir()
                    for path in entry.iterdir():
                        if "_quote_" not in path.name:
                            (own / path.name).symlink_to(path)
                else:
                    link_tree(entry, target / entry.name, skip)
            else:
                (target / entry.name).symlink_to(entry)

    link_tree(lean_data, root, lean_data / "option" / "usa" / "minute" / "goog")
    return root


def test_a_missing_quote_file_is_named(tmp_path, lean_data):
    data = _folder_without_quotes(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", ALGORITHM, data)
    expected = "20151224_quote_american.zip missing beside their trade files"
    assert any("Warning: no minute quote data for GOOG" in line for line in debug_lines(outcome))
    assert outcome.error is not None
    first = outcome.error.splitlines()[0]
    assert first.startswith("Runtime Error: AssertionError: no quotes (data absent"), first
    assert expected in first, first


def test_complete_option_data_raises_no_warning(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGORITHM, lean_data)
    assert outcome.error is None, outcome.error
    assert not any("quote data for GOOG" in line for line in debug_lines(outcome))
