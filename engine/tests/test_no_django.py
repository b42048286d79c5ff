"""The engine must never import Django (the web app imports the engine, not the other way round)."""

from __future__ import annotations

import re
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"^\s*(import\s+django|from\s+django[\s.])", re.MULTILINE)


def test_engine_does_not_import_django():
    offenders = [
        str(p.relative_to(ENGINE))
        for p in ENGINE.rglob("*.py")
        if p.name != "test_no_django.py" and PATTERN.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
