"""The fine-fundamental values of LEAN's regression runs, as a file for ``--fundamentals``.

LEAN runs its regression algorithms with
``fundamental-data-provider = QuantConnect.Tests.Common.Data.Fundamental.TestFundamentalDataProvider``
(Tests/AlgorithmRunner.cs): a few fine fields (P/E ratio, market cap, industry template code...)
by SecurityIdentifier, a default for the other securities, and ``HasFundamentalData`` true for
every security. This module reads that C# file of the checkout when the harness starts and writes
its values as ``security,field,value`` rows (engine/universe/fine_source.py); the values are
never kept in this repository.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

PROVIDER = Path("Tests/Common/Data/Fundamental/TestFundamentalDataProvider.cs")

_DICTIONARY = re.compile(
    r"Dictionary<string,\s*\w+>\s+(_\w+)\s*=\s*new(?:\s*\(\))?\s*\{(.*?)\};", re.S
)
_ENTRY = re.compile(r'\{\s*"([^"]+)"\s*,\s*([^{}]+?)\s*\}')
_CASE = re.compile(r'case\s+(?:nameof\(\s*\w+\.(\w+)\s*\)|"(\w+)")\s*:')
_RETURN = re.compile(r"return\s+([^;]+);")
_TICKER_TEST = re.compile(r'securityIdentifier\.Symbol\s*==\s*"([^"]+)"')
_LOOKUP = re.compile(r"(_\w+)\.TryGetValue\(\s*securityIdentifier\.ToString\(\)")


def literal(text: str) -> str | None:
    """A C# literal as the text of a ``value`` cell (``None``: not a literal)."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if text == "string.Empty":
        return ""
    if text in ("true", "false"):
        return text
    number = re.fullmatch(r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)[dDfFmMlL]?", text)
    return number.group(1) if number else None


def provider_rows(source: str) -> list[tuple[str, str, str]]:
    """``(security, field, value)`` rows of a TestFundamentalDataProvider.cs text: the fields its
    by-name ``Get`` answers, each security's value from the dictionary it looks up, the value it
    returns otherwise under ``*``."""
    dictionaries = {
        name: [(sid, literal(value)) for sid, value in _ENTRY.findall(body)]
        for name, body in _DICTIONARY.findall(source)
    }
    start = source.find("string name)")
    if start < 0:
        raise ValueError("no Get(..., string name) method in the provider")
    body = source[start:]
    labels = list(_CASE.finditer(body))
    rows: list[tuple[str, str, str]] = []
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(body)
        block = body[label.end() : end]
        field = label.group(1) or label.group(2)
        returns = _RETURN.findall(block)
        if not returns:
            continue
        lookup = _LOOKUP.search(block)
        if lookup:
            for sid, value in dictionaries.get(lookup.group(1), []):
                if value is not None:
                    rows.append((sid, field, value))
        ticker = _TICKER_TEST.search(block)
        if ticker and len(returns) > 1 and literal(returns[0]) is not None:
            rows.append((ticker.group(1), field, literal(returns[0]) or ""))
        # the value returned otherwise: the block's last literal return (the last case's block
        # runs on to the method's closing ``return null``, not a literal)
        defaults = [v for v in map(literal, returns) if v is not None]
        if defaults and (len(defaults) > 1 or not ticker):
            rows.append(("*", field, defaults[-1]))
    return rows


def write_provider_file(lean_root: Path, out: Path) -> Path | None:
    """``out`` holding the checkout's test provider values, or ``None`` when it has no such
    file (a checkout without Tests/)."""
    path = lean_root / PROVIDER
    if not path.is_file():
        return None
    rows = provider_rows(path.read_text(encoding="utf-8"))
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("security", "field", "value"))
        writer.writerows(rows)
    return out
