"""LEAN's ``DefaultDataProvider`` (Engine/DataFeeds/DefaultDataProvider.cs): opens files of the
local disk for the algorithm's own readers (``Extensions.read_lines(provider, path)``)."""

from __future__ import annotations

from pathlib import Path
from typing import IO


class DefaultDataProvider:
    """Local-disk data: ``fetch(path)`` is the open file, or None when it does not exist (LEAN
    returns null for a missing file rather than raising)."""

    def fetch(self, key: str) -> IO[bytes] | None:
        path = Path(str(key))
        if not path.is_file():
            return None
        return path.open("rb")

    Fetch = fetch


def read_lines(data_provider: DefaultDataProvider | None, file: str) -> list[str]:
    """LEAN ``Extensions.ReadLines(IDataProvider, file)``: the file's lines through the provider,
    none for a missing file."""
    if data_provider is None:
        raise ValueError(
            "The provided 'dataProvider' instance is null. Are you missing some initialization step?"
        )
    fetch = getattr(data_provider, "fetch", None) or data_provider.Fetch
    stream = fetch(file)
    if stream is None:
        return []
    with stream:
        raw = stream.read()
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else str(raw)
    return text.splitlines()
