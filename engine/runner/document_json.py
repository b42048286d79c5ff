"""The result document as JSON text, each repeated closed trade encoded once.

LEAN's AlgorithmPerformance (``Common/Statistics/AlgorithmPerformance.cs``) gives every rolling
window its own ``ClosedTrades``, so a year of minute trading repeats each trade in up to 22 windows:
two thirds of a large results.json. The windows share the trades' dicts (built once by
``engine.statistics.rolling.MergedRun.trade_json``); here each of them is encoded once and the
windows' lists are joined from that text. The output is the same text ``json.dumps`` gives.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any

# json.dumps' item separator (no indent): the windows' lists are joined with it
ITEM_SEPARATOR = ", "


def dumps_document(document: dict[str, Any], default: Callable[[Any], Any]) -> str:
    """``json.dumps(document, default=default)`` with each ``rollingWindow`` trade encoded once.

    The document must be a tree (no cycles), as the result documents are."""
    return "".join(document_json_parts(document, default))


def document_json_parts(document: dict[str, Any], default: Callable[[Any], Any]) -> Iterator[str]:
    """:func:`dumps_document`'s text in pieces, to write one after the other (a large result's
    text is never held whole)."""
    encoder = json.JSONEncoder(default=default, check_circular=False)
    rolling = document.get("rollingWindow")
    if not isinstance(rolling, dict) or not rolling:
        yield encoder.encode(document)
        return
    # each window's list is replaced by a marker string, then the marker's JSON by the list's text;
    # a random token keeps any string of the algorithm's own from matching
    token = secrets.token_hex(8)
    lists: list[list[str]] = []
    encoded: dict[int, str] = {}
    windows: dict[str, Any] = {}
    for key, window in rolling.items():
        trades = window.get("closedTrades") if isinstance(window, dict) else None
        if not isinstance(trades, list) or not trades:
            windows[key] = window
            continue
        parts = []
        for trade in trades:
            text = encoded.get(id(trade))
            if text is None:
                text = encoded[id(trade)] = encoder.encode(trade)
            parts.append(text)
        windows[key] = {**window, "closedTrades": f"closedTrades:{token}:{len(lists)}"}
        lists.append(parts)
    text = encoder.encode({**document, "rollingWindow": windows})
    # split() with one group: the text between markers at even positions, the lists' numbers at odd
    pieces = re.split(f'"closedTrades:{token}:(\\d+)"', text)
    for position, piece in enumerate(pieces):
        if position % 2 == 0:
            yield piece
        else:
            yield "["
            yield ITEM_SEPARATOR.join(lists[int(piece)])
            yield "]"


__all__ = ["document_json_parts", "dumps_document"]
