"""Reading a job's writable folder, which its code controls and may have booby-trapped.

Every file is opened by name inside a directory descriptor with ``O_NOFOLLOW`` (a symlink is
refused, not followed) and ``O_NONBLOCK`` (a FIFO cannot stall the worker), must be a regular file
with a single link (a hard link to a file elsewhere is refused), and is read up to a cap. Nothing
here ever writes into the folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeOutput(Exception):
    """The file is not a plain regular file of the folder (symlink, FIFO, hard link...)."""


def _open_folder(folder: Path) -> int:
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)


def _open_path_folder(folder: Path, parts: list[str]) -> int:
    """A descriptor of ``folder/parts...``, each step opened with ``O_NOFOLLOW`` (a symlinked
    folder anywhere on the way is refused, not followed)."""
    fd = _open_folder(folder)
    for part in parts:
        try:
            inner = os.open(
                part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd
            )
        except OSError:
            os.close(fd)
            raise
        os.close(fd)
        fd = inner
    return fd


def read_output(
    folder: Path, name: str, *, max_bytes: int, tail_after: int | None = None
) -> bytes | None:
    """The first ``max_bytes`` of ``folder/name`` (``name`` may name a file in a sub-folder,
    "a/b.txt"); None when it does not exist. With ``tail_after``, its last ``max_bytes`` instead,
    none of them before that offset (the tail of a file whose head was read already).

    Raises ``UnsafeOutput`` when the entry, or a folder on its way, is anything but a plain
    regular file or folder.
    """
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a plain file name: {name!r}")
    try:
        dir_fd = _open_path_folder(folder, parts[:-1])
    except FileNotFoundError:
        return None
    except OSError as exc:  # the folder itself replaced by a symlink or a file
        raise UnsafeOutput(f"{'/'.join(parts[:-1]) or folder.name} is not a folder") from exc
    name = parts[-1]
    try:
        try:
            fd = os.open(
                name,
                os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY,
                dir_fd=dir_fd,
            )
        except FileNotFoundError:
            return None
        except OSError as exc:  # ELOOP: a symlink
            raise UnsafeOutput(f"{name} is not a regular file") from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
                raise UnsafeOutput(f"{name} is not a regular file")
            if tail_after is not None:
                os.lseek(fd, max(tail_after, info.st_size - max_bytes, 0), os.SEEK_SET)
            chunks: list[bytes] = []
            remaining = max_bytes
            while remaining > 0:
                chunk = os.read(fd, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)


def list_output(
    folder: Path, *, max_entries: int = 10_000, skip_hidden: bool = True
) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """The regular files under ``folder`` as ("a/b.txt", size), walked through directory
    descriptors without following symlinks, and the entries refused with why (links, FIFOs,
    devices, hard links). Entries whose name starts with a dot are skipped when ``skip_hidden``
    (tools' own folders such as ``.ipynb_checkpoints``). Stops at ``max_entries``."""
    files: list[tuple[str, int]] = []
    refused: list[tuple[str, str]] = []
    seen = 0
    pending: list[list[str]] = [[]]
    while pending and seen < max_entries:
        parts = pending.pop()
        try:
            fd = _open_path_folder(folder, parts)
        except OSError:
            if parts:
                refused.append(("/".join(parts), "is a link, not a folder"))
            continue
        try:
            with os.scandir(fd) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            for entry in entries:
                seen += 1
                if seen > max_entries:
                    refused.append(("/".join(parts) or ".", f"more than {max_entries} entries"))
                    break
                if skip_hidden and entry.name.startswith("."):
                    continue
                rel = "/".join([*parts, entry.name])
                try:
                    info = os.stat(entry.name, dir_fd=fd, follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISDIR(info.st_mode):
                    pending.append([*parts, entry.name])
                elif stat.S_ISLNK(info.st_mode):
                    refused.append((rel, "is a symbolic link"))
                elif not stat.S_ISREG(info.st_mode):
                    refused.append((rel, "is not a regular file"))
                elif info.st_nlink != 1:
                    refused.append((rel, "is a hard link"))
                else:
                    files.append((rel, info.st_size))
        finally:
            os.close(fd)
    return sorted(files), refused


def folder_usage(folder: Path, *, max_entries: int = 100_000) -> tuple[int, int]:
    """(bytes, entries) under ``folder``, never following symlinks; stops counting entries at
    ``max_entries`` so a folder of millions of files cannot stall the caller."""
    total = 0
    entries = 0
    pending = [str(folder)]
    while pending and entries < max_entries:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                for entry in listing:
                    entries += 1
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    total += info.st_blocks * 512  # space on disk (a sparse file's size is no cost)
                    if stat.S_ISDIR(info.st_mode):
                        pending.append(entry.path)
                    if entries >= max_entries:
                        break
        except OSError:
            continue
    return total, entries
