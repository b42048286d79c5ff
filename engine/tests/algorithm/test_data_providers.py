"""LEAN's DefaultDataProvider / LocalDiskMapFileProvider / LocalDiskFactorFileProvider as an
algorithm builds them (``from QuantConnect.Lean.Engine.DataFeeds import DefaultDataProvider``)."""

from __future__ import annotations

from engine.api import run_backtest

ALGORITHM = """from AlgorithmImports import *
from QuantConnect.Data.Auxiliary import *
from QuantConnect.Lean.Engine.DataFeeds import DefaultDataProvider

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 3, 25)
        self.set_end_date(2014, 3, 26)
        googl = self.add_equity("GOOGL", Resolution.DAILY).symbol
        data_provider = DefaultDataProvider()
        maps = LocalDiskMapFileProvider()
        maps.initialize(data_provider)
        factors = LocalDiskFactorFileProvider()
        factors.initialize(maps, data_provider)
        factor_file = factors.get(googl)
        map_file = maps.get(googl)
        self.debug(f"{factor_file.get_price_factor(datetime(2014, 3, 25), DataNormalizationMode.ADJUSTED)} "
                   f"{factor_file.get_price_factor(datetime(2014, 4, 3), DataNormalizationMode.ADJUSTED)} "
                   f"{factor_file.get_price_factor(datetime(2014, 3, 25), DataNormalizationMode.RAW)}")
        self.debug(f"{map_file.first_ticker} {map_file.first_date.date()} "
                   f"{map_file.get_mapped_symbol(datetime(2014, 3, 25))} {map_file.get_mapped_symbol(datetime(2014, 4, 3))}")
        self.debug(f"{data_provider.fetch('equity/usa/map_files/googl.csv') is not None} {data_provider.fetch('nope.csv')}")
"""


def test_the_providers_read_the_run_data_folder(tmp_path, lean_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    outcome = run_backtest(project, data_dir=lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in outcome.logs]
    # googl.csv factor rows: 2014-04-02 split factor 0.5, none after; map rows: goog until
    # 2014-04-02, then googl
    assert lines[:3] == [
        "0.5 1.0 1.0",
        "GOOG 2004-08-19 GOOG GOOGL",
        "True None",
    ]
