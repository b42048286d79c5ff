"""LEAN's ``Compression`` helpers that algorithms call (Compression/Compression.cs): zip bytes in
memory, unzip them, and the lines of a zip file's entry."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any


def zip_bytes(data: Any, zip_entry_name: str) -> bytes:
    """A zip archive (deflated) holding ``data`` (bytes, or an iterable of byte values, as a
    Python list passed to LEAN's ``byte[]``) under ``zip_entry_name``."""
    return zip_data({zip_entry_name: data})


def zip_data(entries: dict[str, Any]) -> bytes:
    """A zip archive of ``{entry name: bytes or str}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, _as_bytes(content))
    return buffer.getvalue()


def unzip_data(data: Any) -> dict[str, bytes]:
    """``{entry name: bytes}`` of an in-memory zip archive."""
    with zipfile.ZipFile(io.BytesIO(_as_bytes(data))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def entry_text(data: bytes, entry: str | None = None) -> str:
    """The text of a zip archive's entry ``entry`` (the first entry when None)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if not names:
            raise ValueError("the zip archive is empty")
        if entry is None:
            name = names[0]
        elif entry in names:
            name = entry
        else:
            raise ValueError(f"the zip archive has no entry {entry!r} (entries: {names[:5]})")
        return archive.read(name).decode("utf-8-sig", errors="replace")


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, Iterable):
        return bytes(int(b) & 0xFF for b in content)
    raise TypeError(f"expected bytes, got {type(content).__name__}")


class Compression:
    """``Compression.zip_bytes(...)`` and friends, as LEAN's static class."""

    zip_bytes = staticmethod(zip_bytes)
    zip_data = staticmethod(zip_data)
    unzip_data = staticmethod(unzip_data)
    ZipBytes = staticmethod(zip_bytes)
    ZipData = staticmethod(zip_data)
    UnzipData = staticmethod(unzip_data)
