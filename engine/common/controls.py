"""The platform's per-run limits: LEAN's job packet ``Controls`` (Common/Packets/Controls.cs, e.g.
``BacktestingMaxOrders``) as far as this engine applies them. A platform runs the engine with the
limits of the account's tier and a sentence for each refusal saying which tier allows more; a
local run has none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Controls:
    # Orders a backtest may place; the one past it is refused and the algorithm stops
    # (LEAN's QCAlgorithm.PreOrderChecks sets Status = Stopped).
    max_orders: int | None = None
    # The finest resolution market data may be subscribed at (e.g. MINUTE: no second or tick
    # data); a finer subscription is an error that stops the algorithm.
    # (A ``Resolution`` value: the common layer sits below the model and does not import it.)
    lowest_resolution: int | None = None
    # Past the custom chart series cap the algorithm stops (QuantConnect Cloud) instead of
    # skipping the series (a local run).
    stop_past_series_cap: bool = False
    # Data the folder lacks beside files it has (a day's trade files without their quote files)
    # stops the run with an error naming them once an order or the algorithm's price read rests
    # on it (engine/data/absent_data.py), instead of a warning the run goes on after: a comparison
    # with LEAN's published figures (engine/conformance) must not count a run on part of LEAN's
    # data as a disagreement of the engine.
    strict_data: bool = False
    # Sentences appended to each refusal: {"orders": ..., "resolution": ..., "series": ...}.
    notes: tuple[tuple[str, str], ...] = ()

    def note(self, key: str) -> str:
        text = dict(self.notes).get(key, "")
        return f" {text}" if text else ""

    def apply(self, algorithm: Any) -> None:
        """Give the algorithm these controls before its ``initialize`` runs."""
        algorithm.__dict__["_controls"] = self
        if self.max_orders is not None:
            algorithm.set_maximum_orders(self.max_orders)


NO_CONTROLS = Controls()


def controls_of(algorithm: Any) -> Controls:
    return algorithm.__dict__.get("_controls") or NO_CONTROLS
