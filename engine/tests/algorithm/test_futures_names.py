"""``Futures`` ticker names as algorithms import them from AlgorithmImports."""

from __future__ import annotations

from engine.algorithm import imports
from engine.model.futures_tickers import python_constant_name


def test_futures_groups_answer_both_spellings() -> None:
    futures = imports.Futures
    assert futures.Indices.SP_500_E_MINI == futures.Indices.SP500EMini == "ES"
    assert futures.Metals.GOLD == "GC"
    assert futures.Indices.EURO_STOXX_50 == "FESX"
    assert futures.Energy.CRUDE_OIL_WTI == "CL"
    assert futures.Grains.WHEAT == futures.Grains.SRW_WHEAT == "ZW"
    assert futures.MAXIMUM_CONTRACT_DEPTH_OFFSET == 2
    assert "FutureMarginModel" in imports.__all__


def test_python_constant_names_split_words_and_numbers() -> None:
    assert python_constant_name("Nikkei225Dollar") == "NIKKEI_225_DOLLAR"
    assert python_constant_name("MSCIEuropeNTR") == "MSCI_EUROPE_NTR"
    assert python_constant_name("HRWWheat") == "HRW_WHEAT"
