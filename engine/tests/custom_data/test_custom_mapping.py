"""Custom data whose type requires mapping (LEAN's ``RequiresMapping``): the config's
``mapped_symbol`` follows the map file by date and a rename reaches the slice as a
SymbolChangedEvent (LEAN's CustomDataUsingMapFile behaviour)."""

from __future__ import annotations

import shutil

from helpers import debug_lines, run

from engine.data.maps import resolve_map_file

ALGO = """
class Renamed(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource(f"{config.mapped_symbol.lower()}.csv",
                                      SubscriptionTransportMedium.LOCAL_FILE)
    def reader(self, config, line, date, is_live):
        d, v = line.split(",")
        point = Renamed()
        point.symbol = config.symbol
        point.time = datetime.strptime(d, "%Y-%m-%d")
        point.end_time = point.time + timedelta(days=1)
        point.value = float(v)
        return point
    def requires_mapping(self):
        return True

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 11)
        self.s = self.add_data(Renamed, Symbol.create("NEW", SecurityType.EQUITY, Market.USA)).symbol
    def on_data(self, data):
        if data.symbol_changed_events.contains_key(self.s):
            e = data.symbol_changed_events[self.s]
            self.debug(f"{self.time:%m-%d %H:%M} renamed {e.old_symbol} {e.new_symbol}")
        if data.contains_key(self.s):
            self.debug(f"{self.time:%m-%d} value {data[self.s].value}")
"""


def _data(demo_data, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder)
    maps = folder / "equity" / "usa" / "map_files"
    maps.mkdir(parents=True, exist_ok=True)
    # the security called NEW today traded as OLD up to 07-09
    (maps / "zzz.csv").write_text("20240101,old,Q\n20240709,old,Q\n20501231,new,Q\n")
    return folder


def test_a_ticker_of_today_resolves_through_the_rows_naming_it(demo_data, tmp_path):
    folder = _data(demo_data, tmp_path)
    assert resolve_map_file(folder, "usa", "NEW").ticker == "zzz"
    assert resolve_map_file(folder, "usa", "OLD").ticker == "zzz"
    assert resolve_map_file(folder, "usa", "SPY").ticker == "spy"
    assert resolve_map_file(folder, "usa", "NONE").identity


def test_custom_data_requiring_mapping_reads_by_date_and_raises_the_rename(demo_data, tmp_path):
    folder = _data(demo_data, tmp_path)
    project = tmp_path / "p"
    project.mkdir()
    (project / "old.csv").write_text("2024-07-08,1\n2024-07-09,2\n")
    (project / "new.csv").write_text("2024-07-10,30\n2024-07-11,40\n")
    outcome = run(project, ALGO, folder)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == [
        "07-09 value 1.0",
        "07-10 00:00 renamed OLD NEW",
        "07-10 value 2.0",
        "07-11 value 30.0",
        "07-12 value 40.0",
    ]
