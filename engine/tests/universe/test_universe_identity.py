"""A universe names a security by LEAN's identifier (first ticker and first date): its data is read
through the map file that identifier names, not the one named by the ticker it trades under that
day (LEAN's class A Google traded as GOOG until 2014; its map file is googl.csv, while goog.csv is
class C)."""

from __future__ import annotations

from datetime import date

from helpers import debug_lines, run

from engine.data.demo import generate
from engine.statistics.identifiers import map_file_by_identifier, security_identifier

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 10)
        self.universe_settings.resolution = Resolution.DAILY
        self.add_universe(self.select)
    def select(self, coarse):
        return [c.symbol for c in coarse]
    def on_data(self, data):
        for symbol in sorted(data.bars.keys(), key=str):
            self.debug(f"{self.time:%m-%d} {symbol.value} {symbol.id} {data.bars[symbol].close}")
"""


def _folder(tmp_path):
    folder = generate(tmp_path / "data", "2024-06-24", "2024-07-19", ["SPY", "ABC"], seed=3)
    maps = folder / "equity" / "usa" / "map_files"
    maps.mkdir(parents=True, exist_ok=True)
    # the security trading as ABC in July 2024 is called XYZ today; today's ABC is another one,
    # listed (as ABD) only from 2024-07-15
    (maps / "xyz.csv").write_text("20240101,abc,Q\n20240801,abc,Q\n20501231,xyz,Q\n")
    (maps / "abc.csv").write_text("20240715,abd,Q\n20501231,abc,Q\n")
    sid = security_identifier("ABC", "equity", "usa", date(2024, 1, 1))
    coarse = folder / "equity" / "usa" / "fundamental" / "coarse"
    coarse.mkdir(parents=True, exist_ok=True)
    for day in ("20240705", "20240708", "20240709"):
        (coarse / f"{day}.csv").write_text(f"{sid},ABC,100,1000,100000,False,1,1\n")
    return folder, sid


def test_a_map_file_is_found_by_the_identifier(tmp_path):
    folder, sid = _folder(tmp_path)
    mapping = map_file_by_identifier(folder, "usa", sid)
    assert mapping is not None and mapping.ticker == "xyz"
    assert (
        map_file_by_identifier(folder, "usa", security_identifier("ABC", "equity", "usa")) is None
    )


def test_a_selected_security_reads_the_data_its_identifier_names(tmp_path):
    folder, sid = _folder(tmp_path)
    outcome = run(tmp_path / "p", ALGO, folder)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    abc = [line for line in lines if " ABC " in line]
    # through abc.csv the security would have no data before 07-15
    assert [line.split()[0] for line in abc] == ["07-08", "07-09", "07-10"]
    assert all(sid in line for line in abc)


FINE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 9)
        self.universe_settings.resolution = Resolution.DAILY
        self.add_universe(self.select, self.fine)
    def select(self, coarse):
        return [Symbol.create("ABC", SecurityType.EQUITY, Market.USA)]
    def fine(self, fine):
        self.debug(" ".join(str(f.symbol.id) for f in fine))
        return [f.symbol for f in fine]
"""


def test_the_fine_selector_sees_the_symbols_selected(tmp_path):
    # the coarse row found by the ticker ABC is the security called XYZ today; the fine data is
    # built for the symbol the coarse selector returned (LEAN's UniverseSelection), not for it:
    # Symbol.create names today's ABC, listed as ABD on 2024-07-15 (abc.csv)
    folder, sid = _folder(tmp_path)
    outcome = run(tmp_path / "p", FINE, folder)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    today = security_identifier("ABD", "equity", "usa", date(2024, 7, 15))
    assert lines and all(line == today for line in lines)
