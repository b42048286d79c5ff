"""QuantBook.get_fundamental (LEAN Research/QuantBook.cs GetFundamental) over a data folder's
coarse fundamental files: a row per day (the data's end time), a column per security identifier,
Fundamental objects or a selected field."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from engine.algorithm.quantbook import QuantBook
from engine.universe.fundamental import Fundamental

ROWS = {
    "20140324": [
        "AAPL R735QTJ8XC9X,AAPL,539.1,11628740,6269053734,True,0.8961764,0.0357143",
        "SPY R735QTJ8XC9X,SPY,185.4,110550534,20496069003,False,0.873229,1",
    ],
    "20140325": [
        "AAPL R735QTJ8XC9X,AAPL,544.99,9947410,5421201371,True,0.8961764,0.0357143",
    ],
    "20140326": [
        "AAPL R735QTJ8XC9X,AAPL,539.78,10315710,5568311393,True,0.8961764,0.0357143",
        "SPY R735QTJ8XC9X,SPY,184.8,102671630,18973463016,False,0.873229,1",
    ],
}


@pytest.fixture
def coarse_folder(tmp_path):
    folder = tmp_path / "equity" / "usa" / "fundamental" / "coarse"
    folder.mkdir(parents=True)
    for day, lines in ROWS.items():
        (folder / f"{day}.csv").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_a_selected_field_per_day_and_security(coarse_folder):
    qb = QuantBook(coarse_folder)
    frame = qb.get_fundamental(
        ["AAPL", "SPY"], "DollarVolume", datetime(2014, 3, 24), datetime(2014, 3, 26)
    )
    assert list(frame.columns) == ["AAPL R735QTJ8XC9X", "SPY R735QTJ8XC9X"]
    assert list(frame.index) == [
        datetime(2014, 3, 25),
        datetime(2014, 3, 26),
        datetime(2014, 3, 27),
    ]
    assert frame.loc[datetime(2014, 3, 25), "AAPL R735QTJ8XC9X"] == 6269053734
    assert pd.isna(frame.loc[datetime(2014, 3, 26), "SPY R735QTJ8XC9X"])  # no row that day
    assert frame.loc[datetime(2014, 3, 27), "SPY R735QTJ8XC9X"] == 18973463016


def test_whole_fundamental_objects_for_a_symbol_within_the_dates(coarse_folder):
    qb = QuantBook(coarse_folder)
    aapl = qb.add_equity("AAPL").symbol
    frame = qb.GetFundamental(aapl, start=datetime(2014, 3, 25), end=datetime(2014, 3, 25))
    assert frame.shape == (1, 1)
    data = frame.iloc[0, 0]
    assert isinstance(data, Fundamental)
    assert data.symbol.value == "AAPL" and data.price == 544.99 and data.has_fundamental_data


def test_fine_fields_without_data_are_none_and_unknown_tickers_give_an_empty_frame(
    coarse_folder,
):
    qb = QuantBook(coarse_folder)
    frame = qb.get_fundamental("AAPL", "ValuationRatios.PERatio", datetime(2014, 3, 24))
    assert frame["AAPL R735QTJ8XC9X"].tolist() == [None, None, None]
    assert qb.get_fundamental("NOPE").empty
    with pytest.raises(TypeError):
        qb.get_fundamental(42)
