"""The demo data folder is generated on first use, also when several workers need it at once."""

from __future__ import annotations

import threading
import time

from backtests import conf
from backtests.services import ensure_data_dir
from engine.data import is_synthetic


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_second_use_during_generation_never_sees_a_partial_folder(
    settings, tmp_path, monkeypatch
):
    folder = tmp_path / "demo-data"
    settings.QCWEB_DATA_DIR = folder
    monkeypatch.setattr(conf, "DEMO_START", "2024-01-02")
    monkeypatch.setattr(conf, "DEMO_END", "2024-01-05")
    monkeypatch.setattr(conf, "DEMO_TICKERS", ("SPY",))
    first = threading.Thread(target=ensure_data_dir)
    first.start()
    # the second use comes as soon as anything shows at the folder's place
    while first.is_alive() and not (folder.exists() and any(folder.iterdir())):
        time.sleep(0.001)
    seen = listing(ensure_data_dir())
    first.join()

    assert is_synthetic(folder)
    assert seen == listing(folder)
    assert [p.name for p in tmp_path.iterdir()] == ["demo-data"]  # no partial copy left behind
