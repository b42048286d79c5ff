"""``scaled_raw`` normalization: adjusted prices on the scale of the read's last date."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.factors import FactorFile


def _factor_file() -> FactorFile:
    # a 2:1 split after 2024-01-05 and a dividend after 2024-01-10
    return FactorFile(
        "x",
        np.array(["2024-01-05", "2024-01-10", "2050-01-01"], dtype="datetime64[D]"),
        np.array([0.98, 0.98, 1.0]),
        np.array([0.5, 1.0, 1.0]),
        np.array([0.0, 0.0, 0.0]),
    )


def test_scaled_raw_is_raw_on_the_last_date_and_continuous_before_it() -> None:
    ff = _factor_file()
    days = np.array(["2024-01-04", "2024-01-08", "2024-01-09"], dtype="datetime64[D]")
    scale = ff.price_scale(days, "scaled_raw", np.datetime64("2024-01-09").astype(object))
    assert scale[-1] == pytest.approx(1.0)
    # before the split: halved, the price factor cancels out (both dates share it)
    assert scale[0] == pytest.approx(0.5)
    adjusted = ff.price_scale(days, "adjusted")
    assert scale == pytest.approx(adjusted / adjusted[-1])
