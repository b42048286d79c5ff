"""``QuantBook``: the research environment's algorithm (LEAN ``Research/QuantBook.cs``).

A ``QCAlgorithm`` that no backtest loop drives: it is created in a notebook, adds securities and
asks for history, indicators over history and the object store exactly as an algorithm does, on
the same data folder. As in LEAN, its clock starts at the current time (history by bar count
ends now); ``set_start_date`` moves it, which is how research on a fixed sample data folder asks
for the bars before a given day.

The data folder is ``QuantBook(data_folder=...)``, else the ``QCWEB_DATA_DIR`` environment
variable, else ``./data``; the object store folder is ``object_store=...``, else
``QCWEB_OBJECT_STORE``, else a temporary one.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.runtime import AlgorithmRuntime
from engine.data.folder import DataFolder

DATA_VARIABLE = "QCWEB_DATA_DIR"
OBJECT_STORE_VARIABLE = "QCWEB_OBJECT_STORE"


class QuantBook(QCAlgorithm):
    """``qb = QuantBook()``; ``qb.add_equity("SPY")``; ``qb.history(...)``."""

    def __init__(
        self,
        data_folder: str | Path | None = None,
        *,
        object_store: str | Path | None = None,
    ) -> None:
        super().__init__()
        folder = data_folder or os.environ.get(DATA_VARIABLE) or "data"
        store = object_store or os.environ.get(OBJECT_STORE_VARIABLE)
        AlgorithmRuntime(self).attach(
            DataFolder(Path(folder)),
            object_store_dir=str(store) if store else None,
        )
        self.set_start_date(datetime.now().replace(microsecond=0))
