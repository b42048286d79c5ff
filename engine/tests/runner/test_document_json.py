"""results.json text: the rolling windows' shared trades encoded once give json.dumps' text."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from decimal import Decimal

from engine.runner.document_json import document_json_parts, dumps_document
from engine.runner.results import json_default


def _trade(n: int) -> dict:
    return {
        "symbol": {"value": "SPY", "id": "SPY R735QTJ8XC9X", "permtick": "SPY"},
        "entryTime": datetime(2023, 1, 3, 15, n, tzinfo=UTC),
        "entryPrice": 380.58636276926995 + n,
        "quantity": Decimal("262"),
        "profitLoss": math.nan if n == 2 else -1.5 * n,
        "duration": "00:56:00",
        "isWin": n % 2 == 0,
        "note": "caf\u00e9 \u2013 \x00",
        "orderIds": [n, n + 1],
    }


def _document() -> dict:
    trades = [_trade(n) for n in range(4)]
    shared = {"tradeStatistics": {"x": 1.0}, "portfolioStatistics": {}, "closedTrades": trades}
    return {
        "rollingWindow": {
            "M1_20230131": {
                "tradeStatistics": {"totalNumberOfTrades": 2},
                "portfolioStatistics": {"sharpeRatio": math.inf},
                "closedTrades": trades[:2],
            },
            "M3_20230331": shared,
            "M6_20230331": shared,  # one computed window under two keys
            "M1_20230228": {"tradeStatistics": {}, "portfolioStatistics": {}, "closedTrades": []},
            "M12_20231231": {"closedTrades": trades[1:], "after": "closedTrades:0"},
        },
        "totalPerformance": {"closedTrades": trades},
        "logs": ['"closedTrades:abc:0"', "closedTrades:0"],
    }


def test_it_gives_json_dumps_text() -> None:
    document = _document()
    expected = json.dumps(document, default=json_default)
    assert dumps_document(document, json_default) == expected
    assert json.loads(dumps_document(document, json_default), parse_constant=str) == json.loads(
        expected, parse_constant=str
    )


def test_it_encodes_documents_without_windows() -> None:
    for document in ({}, {"rollingWindow": {}}, {"rollingWindow": None, "a": [1.5, math.nan]}):
        assert dumps_document(document, json_default) == json.dumps(document, default=json_default)


def test_it_leaves_the_document_unchanged() -> None:
    document = _document()
    before = json.dumps(document, default=json_default)
    dumps_document(document, json_default)
    assert json.dumps(document, default=json_default) == before


def test_its_parts_join_to_the_text() -> None:
    document = _document()
    parts = list(document_json_parts(document, json_default))
    assert len(parts) > 1  # the windows' lists are separate pieces, written one after the other
    assert "".join(parts) == json.dumps(document, default=json_default)
