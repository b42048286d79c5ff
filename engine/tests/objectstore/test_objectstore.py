"""``self.object_store``: round trips, persistence in the caller's folder, refused keys, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import debug_lines, run

from engine.objectstore import ObjectStore, ObjectStoreError


def test_round_trip(tmp_path):
    store = ObjectStore(tmp_path / "store")
    assert store.save("notes.txt", "hello")
    assert store.save_bytes("models/a.bin", b"\x00\x01")
    store.save_json("cfg.json", {"a": 1})
    assert store.read("notes.txt") == "hello"
    assert store.ReadBytes("models/a.bin") == b"\x00\x01"
    assert store.read_json("cfg.json") == {"a": 1}
    assert store.contains_key("notes.txt") and "models/a.bin" in store
    assert sorted(store.keys) == ["cfg.json", "models/a.bin", "notes.txt"]
    assert dict(list(store))["notes.txt"] == b"hello"
    path = Path(store.get_file_path("direct/file.csv"))
    path.write_text("1,2")
    assert store.save("direct/file.csv") and store.read("direct/file.csv") == "1,2"
    assert store.delete("notes.txt") and not store.contains_key("notes.txt")
    assert not store.delete("notes.txt")
    with pytest.raises(ObjectStoreError, match="no key"):
        store.read("notes.txt")


@pytest.mark.parametrize("key", ["../escape.txt", "a/../../b", "/etc/passwd", "a\\b", "", "C:/x"])
def test_path_traversal_is_refused(tmp_path, key):
    store = ObjectStore(tmp_path / "store")
    with pytest.raises(ObjectStoreError):
        store.save(key, "x")
    assert not store.contains_key(key)
    assert not (tmp_path / "escape.txt").exists()


def test_symlink_out_of_the_store_is_refused(tmp_path):
    store = ObjectStore(tmp_path / "store")
    (tmp_path / "outside").mkdir()
    (store.root / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(ObjectStoreError, match="leaves"):
        store.save("link/x.txt", "x")


def test_size_limit(tmp_path):
    store = ObjectStore(tmp_path / "store", max_bytes=10, max_files=2)
    store.save("a", "12345")
    store.save("a", "1234567890")  # replacing a file counts its new size only
    with pytest.raises(ObjectStoreError, match="10-byte limit"):
        store.save("b", "x")
    store.save("a", "1")
    store.save("b", "1")
    with pytest.raises(ObjectStoreError, match="at most 2 files"):
        store.save("c", "1")


def test_algorithm_object_store_persists_between_backtests(tmp_path, demo_data):
    source = """
    class A(QCAlgorithm):
        def initialize(self):
            self.set_start_date(2024, 7, 8)
            self.set_end_date(2024, 7, 8)
            self.add_equity("SPY", Resolution.DAILY)
            runs = int(self.object_store.read("runs")) if self.object_store.contains_key("runs") else 0
            self.ObjectStore.Save("runs", str(runs + 1))
            self.debug(f"runs {runs + 1}")
    """
    store = tmp_path / "store"
    for expected in (1, 2):
        outcome = run(tmp_path / "p", source, demo_data, object_store_dir=store)
        assert outcome.error is None, outcome.error
        assert debug_lines(outcome)[0].endswith(f"runs {expected}")
    assert (store / "runs").read_text() == "2"
