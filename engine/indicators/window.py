"""``RollingWindow``: LEAN's fixed-size window, index 0 = newest (Common/Indicators/RollingWindow.cs)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any


class RollingWindow:
    """Fixed-size window of the most recent items; ``window[0]`` is the newest.

    ``RollingWindow[TradeBar](5)`` (QC's generic syntax) and ``RollingWindow(5)`` both work.
    ``is_ready`` once ``size`` items were added (``samples >= size``). Reading an index below ``size``
    but not yet filled returns ``None`` (C#'s ``default``); an index >= ``size`` raises ``IndexError``.
    Negative indexes count from the oldest item (a Python convenience LEAN does not have).
    """

    __slots__ = ("_items", "_size", "samples", "most_recently_removed", "__weakref__")

    def __init__(self, size: int) -> None:
        size = int(size)
        if size < 1:
            raise ValueError("RollingWindow must have a size of at least 1")
        self._size = size
        self._items: deque = deque(maxlen=size)
        self.samples = 0
        self.most_recently_removed: Any = None

    def __class_getitem__(cls, item: Any) -> type[RollingWindow]:
        return cls

    def add(self, item: Any) -> None:
        items = self._items
        if len(items) == self._size:
            self.most_recently_removed = items[-1]
        items.appendleft(item)
        self.samples += 1

    def __getitem__(self, i: int) -> Any:
        i = int(i)
        n = len(self._items)
        if i < 0:
            if -i > n:
                raise IndexError(f"RollingWindow index {i} out of range (count {n})")
            return self._items[i]
        if i >= self._size:
            raise IndexError(f"RollingWindow index {i} out of range (size {self._size})")
        if i >= n:
            return None
        return self._items[i]

    def __setitem__(self, i: int, value: Any) -> None:
        if not -len(self._items) <= i < len(self._items):
            raise IndexError(f"RollingWindow index {i} out of range (count {len(self._items)})")
        self._items[i] = value

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"RollingWindow(size={self._size}, count={len(self._items)})"

    @property
    def count(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size

    @size.setter
    def size(self, value: int) -> None:
        value = int(value)
        if value < self._size:
            raise ValueError("RollingWindow size can only grow")
        self._items = deque(self._items, maxlen=value)
        self._size = value

    @property
    def is_ready(self) -> bool:
        return self.samples >= self._size

    def reset(self) -> None:
        self._items.clear()
        self.samples = 0
        self.most_recently_removed = None

    # PascalCase API
    def Add(self, item: Any) -> None:  # noqa: N802
        self.add(item)

    def Reset(self) -> None:  # noqa: N802
        self.reset()

    Count = property(lambda self: len(self._items))
    Size = size
    IsReady = property(lambda self: self.samples >= self._size)
    Samples = property(lambda self: self.samples)
    MostRecentlyRemoved = property(lambda self: self.most_recently_removed)
