"""``self.object_store``: LEAN's ObjectStore (Common/Storage/ObjectStore.cs, LocalObjectStore.cs)
backed by a folder the caller provides (``run_backtest(object_store_dir=...)`` / ``--object-store``).

API: ``save(key, str | bytes)``, ``save_string``, ``save_bytes``, ``save_json``, ``read`` (str),
``read_string``, ``read_bytes``, ``read_json``, ``contains_key``, ``delete``, ``get_file_path``,
``keys``, ``len()``, ``in`` and iteration (``(key, bytes)`` pairs, like LEAN's KeyValuePair).

Keys are relative paths inside the store ("models/latest.pkl"): absolute paths, ``..``, backslashes
and control characters are refused. The store's total size is limited (``DEFAULT_MAX_BYTES``, LEAN's
default 50 MB quota) and so is the file count; going over raises ``ObjectStoreError`` with the limit.
Without a folder the store lives in a temporary directory removed at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_FILES = 1000


class ObjectStoreError(Exception):
    """A refused object store operation (bad key, over the size limit, missing key)."""


def check_key(key: Any) -> str:
    """The key as stored ("a//b/./c" -> "a/b/c"); ObjectStoreError when it is not a relative
    path that stays inside the store."""
    if not isinstance(key, str) or not key.strip():
        raise ObjectStoreError("object store keys must be non-empty strings")
    text = key.strip().replace("\\", "/")
    if "\\" in key or any(ord(c) < 32 for c in text):
        raise ObjectStoreError(f"invalid object store key {key!r}")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise ObjectStoreError(f"object store keys are relative paths, got {key!r}")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise ObjectStoreError(f"object store key {key!r} leaves the object store")
    return "/".join(parts)


class ObjectStore:
    """A folder of files addressed by key."""

    def __init__(
        self,
        root: str | Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_files: int = DEFAULT_MAX_FILES,
    ) -> None:
        if root is None:
            root = tempfile.mkdtemp(prefix="qcweb-objectstore-")
            atexit.register(shutil.rmtree, root, True)
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.max_files = max_files

    # -- paths -----------------------------------------------------------------------------------
    def _path(self, key: Any) -> Path:
        path = (self.root / check_key(key)).resolve()
        if path != self.root and self.root not in path.parents:  # symlinks pointing outside
            raise ObjectStoreError(f"object store key {key!r} leaves the object store")
        return path

    def _files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file())

    def _key_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # -- writes ----------------------------------------------------------------------------------
    def save_bytes(self, key: str, data: bytes | bytearray) -> bool:
        path = self._path(key)
        payload = bytes(data)
        existing = path.stat().st_size if path.is_file() else 0
        files = self._files()
        used = sum(p.stat().st_size for p in files) - existing
        if used + len(payload) > self.max_bytes:
            raise ObjectStoreError(
                f"object store full: saving {key!r} ({len(payload):,} bytes) would exceed the "
                f"{self.max_bytes:,}-byte limit ({used:,} bytes used)"
            )
        if not path.is_file() and len(files) >= self.max_files:
            raise ObjectStoreError(f"object store full: at most {self.max_files} files")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp-write")
        tmp.write_bytes(payload)
        os.replace(tmp, path)
        return True

    def save_string(self, key: str, text: str, encoding: str = "utf-8") -> bool:
        return self.save_bytes(key, str(text).encode(encoding))

    def save_json(self, key: str, obj: Any, encoding: str = "utf-8") -> bool:
        return self.save_string(key, json.dumps(obj), encoding)

    def save(self, key: str, value: Any = None) -> bool:
        """``save(key, str)`` / ``save(key, bytes)``; ``save(key)`` keeps an existing file (LEAN
        persists the file written through ``get_file_path``)."""
        if value is None:
            return self._path(key).is_file()
        if isinstance(value, bytes | bytearray):
            return self.save_bytes(key, value)
        return self.save_string(key, value)

    def delete(self, key: str) -> bool:
        path = self._path(key)
        if not path.is_file():
            return False
        path.unlink()
        return True

    # -- reads -----------------------------------------------------------------------------------
    def contains_key(self, key: str) -> bool:
        try:
            return self._path(key).is_file()
        except ObjectStoreError:
            return False

    def read_bytes(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise ObjectStoreError(
                f"the object store has no key {key!r}; check contains_key() first"
            )
        return path.read_bytes()

    def read_string(self, key: str, encoding: str = "utf-8") -> str:
        return self.read_bytes(key).decode(encoding)

    read = read_string

    def read_json(self, key: str, encoding: str = "utf-8") -> Any:
        return json.loads(self.read_string(key, encoding))

    def get_file_path(self, key: str) -> str:
        """The file behind ``key`` (its folder is created; the file may not exist yet)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    @property
    def keys(self) -> list[str]:
        return [self._key_of(p) for p in self._files() if not p.name.endswith(".tmp-write")]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.contains_key(key)

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for key in self.keys:
            yield key, self.read_bytes(key)

    def __getattr__(self, name: str) -> Any:  # PascalCase spelling (ContainsKey, ReadBytes, ...)
        from engine.common.naming import to_snake

        snake = to_snake(name)
        if snake != name:
            return object.__getattribute__(self, snake)
        raise AttributeError(f"'ObjectStore' object has no attribute '{name}'")

    Keys = property(lambda self: self.keys)


class ObjectStoreMixin:
    """``self.object_store`` on QCAlgorithm, created on first use from ``_object_store_dir``."""

    _object_store: ObjectStore | None = None

    @property
    def object_store(self) -> ObjectStore:
        store = self._object_store
        if store is None:
            store = ObjectStore(getattr(self, "_object_store_dir", None))
            self._object_store = store
        return store
