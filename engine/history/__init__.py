"""History requests (``self.history``) over the LEAN data folder: see ``engine.history.api``."""

from engine.history.api import HistoryError, HistoryMixin, history, to_frame
from engine.history.provider import HistorySpec, SymbolHistory, read_count, read_range

__all__ = [
    "HistoryError",
    "HistoryMixin",
    "HistorySpec",
    "SymbolHistory",
    "history",
    "read_count",
    "read_range",
    "to_frame",
]
