"""Reading a database id from user input (URL parts, form fields, API values)."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # primary keys are signed 64-bit integers on every supported database


def parse_id(value: object) -> int | None:
    """The id written in `value` (ASCII digits, within 64 bits), else None.

    `str.isdigit` alone accepts digits such as "¹" that `int()` refuses, and a larger number
    overflows in the database driver, so both are checked here once.
    """
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if number <= MAX_ID else None
