"""``PythonIndicator``: a Python subclass's ``update`` drives ``current``, ``samples`` and ``is_ready``."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from engine.indicators import IndicatorDataPoint, PythonIndicator


class _Mean(PythonIndicator):
    def __init__(self, name: str, period: int) -> None:
        super().__init__()
        self.name = name
        self._queue: deque = deque(maxlen=period)

    def update(self, input: IndicatorDataPoint) -> bool:
        self._queue.append(input.value)
        self.value = sum(self._queue) / len(self._queue)
        return len(self._queue) == self._queue.maxlen


class _MeanWithWarmUp(_Mean):
    def __init__(self, name: str, period: int) -> None:
        super().__init__(name, period)
        self.warm_up_period = period


def _points(values: list[float]) -> list[IndicatorDataPoint]:
    start = datetime(2024, 1, 2, 9, 31)
    return [IndicatorDataPoint(start + timedelta(minutes=i), v) for i, v in enumerate(values)]


def test_update_sets_current_samples_and_readiness() -> None:
    mean = _Mean("mean", 3)
    seen: list[float] = []
    mean.updated += lambda sender, point: seen.append(point.value)
    results = [mean.update(p) for p in _points([1.0, 2.0, 6.0, 10.0])]
    assert results == [False, False, True, True]
    assert mean.samples == 4 and mean.is_ready
    assert mean.current.value == 6.0 and mean.current.end_time == datetime(2024, 1, 2, 9, 34)
    assert seen == [1.0, 1.5, 3.0, 6.0]
    assert mean.warm_up_period == 0


def test_subclass_of_subclass_and_reset() -> None:
    mean = _MeanWithWarmUp("m", 2)
    for p in _points([4.0, 8.0]):
        mean.update(p)
    assert mean.warm_up_period == 2 and mean.is_ready and mean.current.value == 6.0
    mean.reset()
    assert not mean.is_ready and mean.samples == 0 and mean.current.value == 0.0


def test_an_older_point_is_ignored() -> None:
    mean = _Mean("m", 2)
    later, earlier = _points([1.0, 2.0])[::-1]
    mean.update(later)
    mean.update(earlier)
    assert mean.samples == 1 and mean.current.value == 2.0
