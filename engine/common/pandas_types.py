"""Checks for pandas objects that do not import pandas.

pandas takes about half a second to import, and most backtests never use it; a pandas object or
type can only exist once something has imported pandas, so these checks look in ``sys.modules``.
"""

from __future__ import annotations

import sys
from typing import Any


def loaded_pandas() -> Any:
    """The pandas module if something has imported it, else None."""
    return sys.modules.get("pandas")


def is_data_frame_type(value: Any) -> bool:
    """``value`` is ``pandas.DataFrame`` (the type, as ``history(pd.DataFrame, ...)`` passes it)."""
    pandas = loaded_pandas()
    return pandas is not None and value is pandas.DataFrame


def is_index_or_series(value: Any) -> bool:
    pandas = loaded_pandas()
    return pandas is not None and isinstance(value, pandas.Index | pandas.Series)


def is_timestamp(value: Any) -> bool:
    pandas = loaded_pandas()
    return pandas is not None and isinstance(value, pandas.Timestamp)
