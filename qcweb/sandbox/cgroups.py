"""Per-job control groups: a memory and a process-count limit the job cannot raise, and a way to
kill every process of the job however it detached itself (double fork, ``setsid``).

Both cgroup layouts are handled: v1 (one hierarchy per controller, ``/sys/fs/cgroup/memory`` and
``/sys/fs/cgroup/pids``) and v2 (one unified hierarchy with ``memory.max`` / ``pids.max``).
Creating groups needs write access to the hierarchy (root, or a delegated subtree); without it a
job runs with its kernel resource limits and PID namespace only, and ``JobGroup.create`` returns
None.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PARENT = "qcweb-sandbox"


@dataclass(frozen=True)
class JobGroup:
    """The cgroup folders of one job (one per v1 controller, or one v2 folder)."""

    folders: tuple[Path, ...]
    unified: bool

    @classmethod
    def create(cls, name: str, *, memory_bytes: int, processes: int) -> JobGroup | None:
        try:
            if (ROOT / "cgroup.controllers").exists():
                return cls._create_v2(name, memory_bytes=memory_bytes, processes=processes)
            return cls._create_v1(name, memory_bytes=memory_bytes, processes=processes)
        except OSError:
            return None

    @classmethod
    def _create_v1(cls, name: str, *, memory_bytes: int, processes: int) -> JobGroup | None:
        memory, pids = ROOT / "memory" / PARENT / name, ROOT / "pids" / PARENT / name
        if not (memory.parent.parent.is_dir() and pids.parent.parent.is_dir()):
            return None
        group = cls((memory, pids), unified=False)
        for folder in group.folders:
            folder.mkdir(parents=True, exist_ok=True)
        # swap counted too (memsw), so the limit is not dodged by swapping
        return group._configure(
            {
                memory / "memory.limit_in_bytes": str(memory_bytes),
                memory / "memory.memsw.limit_in_bytes": str(memory_bytes),
                pids / "pids.max": str(processes),
            }
        )

    @classmethod
    def _create_v2(cls, name: str, *, memory_bytes: int, processes: int) -> JobGroup | None:
        parent = ROOT / PARENT
        parent.mkdir(exist_ok=True)
        controllers = set((ROOT / "cgroup.controllers").read_text().split())
        if not {"memory", "pids"} <= controllers:
            return None
        (ROOT / "cgroup.subtree_control").write_text("+memory +pids")
        (parent / "cgroup.subtree_control").write_text("+memory +pids")
        folder = parent / name
        folder.mkdir(exist_ok=True)
        group = cls((folder,), unified=True)
        return group._configure(
            {
                folder / "memory.max": str(memory_bytes),
                folder / "memory.swap.max": "0",
                folder / "pids.max": str(processes),
            }
        )

    def _configure(self, limits: dict[Path, str]) -> JobGroup:
        """Write the limit files (a swap file only where the kernel accounts swap); on failure
        the half-made group is removed and the error raised."""
        try:
            for path, value in limits.items():
                if "swap" in path.name and not path.exists():
                    continue
                path.write_text(value)
        except OSError:
            self.remove()
            raise
        return self

    @property
    def procs_files(self) -> list[str]:
        """Files a process writes its own pid into to join the group (every controller)."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            try:
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                pass
        return found

    def out_of_memory(self) -> bool:
        """True when the kernel killed a process of the job for exceeding the memory limit."""
        name = "memory.events" if self.unified else "memory.oom_control"
        try:
            fields = dict(
                line.split()[:2] for line in (self.folders[0] / name).read_text().splitlines()
            )
        except (OSError, ValueError):
            return False
        return int(fields.get("oom_kill", "0")) > 0

    def kill(self, *, timeout: float = 5.0) -> bool:
        """SIGKILL every process in the group until it is empty; True when it emptied."""
        deadline = time.monotonic() + timeout
        while True:
            pids = self.pids()
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def remove(self) -> None:
        self.kill()
        for folder in self.folders:
            try:
                folder.rmdir()
            except OSError:
                pass


def sweep_orphans() -> int:
    """Empty and remove the groups of jobs whose worker process is gone (a worker killed before it
    could clean up); a group's name ends in ``-<worker pid>-<counter>``. Returns groups removed."""
    removed = 0
    for base in (ROOT / "memory" / PARENT, ROOT / "pids" / PARENT, ROOT / PARENT):
        if not base.is_dir():
            continue
        for folder in base.iterdir():
            parts = folder.name.rsplit("-", 2)
            if not folder.is_dir() or len(parts) != 3 or not parts[1].isdigit():
                continue
            if Path(f"/proc/{parts[1]}").exists():
                continue
            group = JobGroup((folder,), unified=base == ROOT / PARENT)
            group.remove()
            removed += not folder.exists()
    return removed
