"""``System.Random(seed)``: .NET's seeded pseudo-random generator (Knuth's subtractive method, the
algorithm .NET keeps for seeded instances), so a model that LEAN seeds draws the same numbers here.
"""

from __future__ import annotations

_MBIG = 2**31 - 1
_MSEED = 161803398


class DotNetRandom:
    """``next_double()`` returns what ``new Random(seed).NextDouble()`` returns, call by call."""

    def __init__(self, seed: int) -> None:
        table = [0] * 56
        subtraction = _MBIG if seed == -(2**31) else abs(seed)
        mj = _MSEED - subtraction
        table[55] = mj
        mk = 1
        for i in range(1, 55):
            ii = (21 * i) % 55
            table[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += _MBIG
            mj = table[ii]
        for _ in range(4):
            for i in range(1, 56):
                table[i] -= table[1 + (i + 30) % 55]
                if table[i] < 0:
                    table[i] += _MBIG
        self._table = table
        self._next = 0
        self._next_p = 21

    def next_sample(self) -> int:
        """The next integer in [0, int.MaxValue)."""
        loc_next = self._next + 1
        if loc_next >= 56:
            loc_next = 1
        loc_next_p = self._next_p + 1
        if loc_next_p >= 56:
            loc_next_p = 1
        value = self._table[loc_next] - self._table[loc_next_p]
        if value == _MBIG:
            value -= 1
        if value < 0:
            value += _MBIG
        self._table[loc_next] = value
        self._next = loc_next
        self._next_p = loc_next_p
        return value

    def next_double(self) -> float:
        return self.next_sample() * (1.0 / _MBIG)
