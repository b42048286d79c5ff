"""``RollingWindow``: LEAN's fixed-size window, index 0 = most recent item."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RollingWindow(Generic[T]):
    """``RollingWindow[TradeBar](10)`` or ``RollingWindow(10)``; ``window[0]`` is the newest item."""

    def __init__(self, size: int) -> None:
        if int(size) < 1:
            raise ValueError("RollingWindow size must be at least 1")
        self._size = int(size)
        self._items: deque = deque(maxlen=self._size)
        self._samples = 0
        self.most_recently_removed: Any = None

    def add(self, item: T) -> None:
        if len(self._items) == self._size:
            self.most_recently_removed = self._items[-1]
        self._items.appendleft(item)
        self._samples += 1

    def __getitem__(self, index: int) -> T:
        if index < 0 or index >= len(self._items):
            raise IndexError(f"RollingWindow index {index} out of range (count {len(self._items)})")
        return self._items[index]

    def __setitem__(self, index: int, value: T) -> None:
        self._items[index] = value

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def reset(self) -> None:
        self._items.clear()
        self._samples = 0

    @property
    def count(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size

    @property
    def samples(self) -> int:
        return self._samples

    @property
    def is_ready(self) -> bool:
        return len(self._items) == self._size

    # PascalCase API
    Add = add
    Reset = reset
    Count = count
    Size = size
    Samples = samples
    IsReady = is_ready
    MostRecentlyRemoved = property(lambda self: self.most_recently_removed)
