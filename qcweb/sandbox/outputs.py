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


def read_output(folder: Path, name: str, *, max_bytes: int) -> bytes | None:
    """The first ``max_bytes`` of ``folder/name``; None when it does not exist.

    Raises ``UnsafeOutput`` when the entry is anything but a plain regular file.
    """
    if "/" in name or name in ("", ".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    try:
        dir_fd = _open_folder(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:  # the folder itself replaced by a symlink or a file
        raise UnsafeOutput(f"{folder.name} is not a folder") from exc
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
