"""Two-symbol indicators: Beta (on returns) and Correlation (on prices), as LEAN's ``BarIndicator`` pairs.

Both are updated with the bars of the target and the reference symbol; a pair is formed when both
symbols have a bar with the same ``end_time`` (LEAN aligns the two inputs the same way).
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.base import IndicatorBase


class _PairIndicator(IndicatorBase):
    def __init__(self, name: str, target: Any, reference: Any, period: int) -> None:
        super().__init__(name)
        self.target_symbol = target
        self.reference_symbol = reference
        self.period = int(period)
        self._pending: dict[Any, tuple[datetime, float]] = {}
        self._last_pair_time: datetime | None = None

    def _symbol_key(self, symbol: Any) -> str:
        return symbol if isinstance(symbol, str) else getattr(symbol, "value", str(symbol))

    def _pair(self, data: Any) -> tuple[float, float] | None:
        key = self._symbol_key(data.symbol)
        price = float(getattr(data, "close", data.value))
        self._pending[key] = (data.end_time, price)
        t = self._pending.get(self._symbol_key(self.target_symbol))
        r = self._pending.get(self._symbol_key(self.reference_symbol))
        if t is None or r is None or t[0] != r[0] or t[0] == self._last_pair_time:
            return None
        self._last_pair_time = t[0]
        return t[1], r[1]

    def _reset_state(self) -> None:
        self._pending.clear()
        self._last_pair_time = None


class Beta(_PairIndicator):
    """``cov(target returns, reference returns) / var(reference returns)`` over ``period`` returns."""

    def __init__(self, *args: Any) -> None:
        if isinstance(args[0], str) and len(args) == 4 and isinstance(args[1], int):
            name, period, target, reference = args  # Beta(name, period, target, reference)
        elif isinstance(args[0], str) and len(args) == 4:
            name, target, reference, period = args
        else:
            target, reference, period = args[:3]
            name = f"B({period})"
        super().__init__(name, target, reference, period)
        self.warm_up_period = self.period + 1
        self._prev: tuple[float, float] | None = None
        self._rt: deque[float] = deque(maxlen=self.period)
        self._rr: deque[float] = deque(maxlen=self.period)

    def _compute(self, data: Any) -> float | None:
        pair = self._pair(data)
        if pair is None:
            return None
        prev, self._prev = self._prev, pair
        if prev is not None and prev[0] != 0.0 and prev[1] != 0.0:
            self._rt.append(pair[0] / prev[0] - 1.0)
            self._rr.append(pair[1] / prev[1] - 1.0)
        n = len(self._rr)
        if n < 2:
            return 0.0
        mt, mr = math.fsum(self._rt) / n, math.fsum(self._rr) / n
        cov = math.fsum((a - mt) * (b - mr) for a, b in zip(self._rt, self._rr, strict=True))
        var = math.fsum((b - mr) ** 2 for b in self._rr)
        return cov / var if var != 0.0 else 0.0

    @property
    def is_ready(self) -> bool:
        return len(self._rr) >= self.period

    def _reset_state(self) -> None:
        super()._reset_state()
        self._prev = None
        self._rt.clear()
        self._rr.clear()


class Correlation(_PairIndicator):
    """Pearson correlation of the two symbols' closes over ``period`` aligned bars (0 when undefined)."""

    def __init__(self, *args: Any) -> None:
        if isinstance(args[0], str) and len(args) >= 4:
            name, target, reference, period = args[:4]
            rest = args[4:]
        else:
            target, reference, period = args[:3]
            rest = args[3:]
            name = f"Correlation({period})"
        if int(period) < 2:
            raise ValueError(
                f"Period parameter for Correlation indicator must be greater than 2 but was {period}"
            )
        super().__init__(name, target, reference, period)
        self.correlation_type = rest[0] if rest else 0
        self.warm_up_period = self.period
        self._xt: deque[float] = deque(maxlen=self.period)
        self._xr: deque[float] = deque(maxlen=self.period)

    def _compute(self, data: Any) -> float | None:
        pair = self._pair(data)
        if pair is None:
            return None
        self._xt.append(pair[0])
        self._xr.append(pair[1])
        n = len(self._xt)
        if n < 2:
            return 0.0
        mt, mr = math.fsum(self._xt) / n, math.fsum(self._xr) / n
        cov = math.fsum((a - mt) * (b - mr) for a, b in zip(self._xt, self._xr, strict=True))
        vt = math.fsum((a - mt) ** 2 for a in self._xt)
        vr = math.fsum((b - mr) ** 2 for b in self._xr)
        if vt == 0.0 or vr == 0.0:
            return 0.0
        value = cov / math.sqrt(vt * vr)
        return 0.0 if math.isnan(value) else value

    @property
    def is_ready(self) -> bool:
        return len(self._xt) >= self.period

    def _reset_state(self) -> None:
        super()._reset_state()
        self._xt.clear()
        self._xr.clear()


class Covariance(_PairIndicator):
    """Sample covariance (``n - 1``) of the two symbols' simple close-to-close returns over
    ``period`` returns (LEAN's Covariance.cs, MathNet's ``Covariance``); 0 when undefined."""

    def __init__(self, *args: Any) -> None:
        if isinstance(args[0], str) and len(args) == 4 and isinstance(args[1], int):
            name, period, target, reference = args  # Covariance(name, period, target, reference)
        elif isinstance(args[0], str) and len(args) == 4:
            name, target, reference, period = args
        else:
            target, reference, period = args[:3]
            name = f"COV({period})"
        if int(period) < 2:
            raise ValueError(
                f"Period parameter for Covariance indicator must be greater than 2 but was {period}."
            )
        super().__init__(name, target, reference, period)
        self.warm_up_period = self.period + 1
        self._prev: tuple[float, float] | None = None
        self._rt: deque[float] = deque(maxlen=self.period)
        self._rr: deque[float] = deque(maxlen=self.period)

    def _compute(self, data: Any) -> float | None:
        pair = self._pair(data)
        if pair is None:
            return None
        prev, self._prev = self._prev, pair
        if prev is not None:
            self._rt.append(pair[0] / prev[0] - 1.0 if prev[0] != 0.0 else -1.0)
            self._rr.append(pair[1] / prev[1] - 1.0 if prev[1] != 0.0 else -1.0)
        n = len(self._rt)
        if n < 2:
            return 0.0
        mt, mr = math.fsum(self._rt) / n, math.fsum(self._rr) / n
        cov = math.fsum((a - mt) * (b - mr) for a, b in zip(self._rt, self._rr, strict=True))
        value = cov / (n - 1)
        return 0.0 if math.isnan(value) else value

    @property
    def is_ready(self) -> bool:
        return len(self._rt) >= self.period

    def _reset_state(self) -> None:
        super()._reset_state()
        self._prev = None
        self._rt.clear()
        self._rr.clear()
