from __future__ import annotations

import pytest

from qcweb.ids import MAX_ID, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (12, 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 30, None),
        ("¹", None),
        ("٣", None),
        ("-1", None),
        ("", None),
        ("1e3", None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected
