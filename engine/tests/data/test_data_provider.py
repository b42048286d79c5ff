"""LEAN's DefaultDataProvider and ``Extensions.read_lines`` (Common/Extensions.cs ReadLines)."""

from __future__ import annotations

import pytest

from engine.algorithm.lean_names import Extensions
from engine.data.data_provider import DefaultDataProvider
from engine.execution.shortable import LocalDiskShortableProvider


def test_read_lines_through_the_provider(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("AAPL,50000\nBAC,20000\n", encoding="utf-8")
    provider = DefaultDataProvider()
    assert Extensions.read_lines(provider, str(path)) == ["AAPL,50000", "BAC,20000"]
    # a missing file has no lines (LEAN's provider answers null, ReadLines yields nothing)
    assert Extensions.read_lines(provider, str(tmp_path / "missing.csv")) == []


def test_read_lines_needs_a_provider(tmp_path):
    with pytest.raises(ValueError, match="dataProvider"):
        Extensions.read_lines(None, str(tmp_path / "x.csv"))


def test_shortable_provider_subclasses_get_the_disk_provider():
    class Mine(LocalDiskShortableProvider):
        pass

    assert isinstance(Mine("testbrokerage").data_provider, DefaultDataProvider)
