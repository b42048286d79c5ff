"""The one way the platform starts user code.

Every job that runs code a user wrote (a backtest today; optimizations, live deployments,
Learning Center checks and research notebooks as they come) is described by a ``Job`` and started
with ``start(job)``. No other module may start the engine or any user code in a process of its
own (``tests/test_architecture.py`` keeps it so).

A job runs under bubblewrap (``bwrap``) in fresh PID, network, IPC, UTS and cgroup namespaces:
- it sees the Python runtime and the engine package read-only, the folders its job names
  read-only (project snapshot, data), one writable output folder, a private size-limited ``/tmp``,
  its own ``/proc`` and a minimal ``/dev``; not the source tree, not ``var/`` (database, secret key,
  Huey queue, channel layer, other users' backtests), not the network (only a loopback device of
  its own);
- its environment is cleared (a few fixed variables only);
- it runs as an unprivileged uid with no capabilities and ``no_new_privs``: as root, the real uid
  ``QCWEB_SANDBOX_UID`` (65534, "nobody") set by ``setpriv`` after bwrap has built the mounts;
  otherwise bwrap's user namespace maps the worker's own uid to that uid inside;
- hard kernel limits (``prlimit``: address space, processes, file size, open files, CPU seconds,
  no core dumps) are set before the uid drop, so the job cannot raise them; as root a per-job
  cgroup adds a memory and a process-count limit and is how every process of the job is killed;
- killing the job kills its PID namespace: no forked or ``setsid`` child outlives it.

The output folder is the job's and therefore hostile: read it only with ``read_output`` (no
symlinks, no FIFOs, regular files only, capped), and never write into it after the job ends.

Where bubblewrap cannot run, ``start`` refuses with ``SandboxUnavailable`` naming why and how to
fix it, unless the operator set ``QCWEB_UNSAFE_NO_SANDBOX=1`` (one user on their own machine:
the job then runs as the worker's own user with the same limits but no isolation).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from qcweb.sandbox.cgroups import JobGroup, sweep_orphans
from qcweb.sandbox.outputs import UnsafeOutput, folder_usage, list_output, read_output

__all__ = [
    "ENGINE_ROOT",
    "OUTPUT",
    "Availability",
    "Detached",
    "Job",
    "Limits",
    "RunningJob",
    "SandboxUnavailable",
    "UnsafeOutput",
    "availability",
    "folder_usage",
    "layer_plan",
    "list_output",
    "read_output",
    "share_read_only",
    "start",
    "start_detached",
]

OUTPUT = "/job/out"  # the job's writable folder, as the job sees it
ENGINE_ROOT = "/opt/qcweb"  # on the job's PYTHONPATH: the engine package is ENGINE_ROOT/engine
TAIL_BYTES = 64 * 1024  # of the job's console output kept for error messages
# Variables that keep numeric libraries working on some processors (never secrets).
PASSED_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
UNSAFE_SETTING = "QCWEB_UNSAFE_NO_SANDBOX"


class SandboxUnavailable(RuntimeError):
    """User code cannot be started: the sandbox cannot run here (the message says how to fix)."""


@dataclass(frozen=True)
class Limits:
    wall_seconds: float  # the caller's polling enforces wall time; CPU time is capped from it
    memory_mb: int
    processes: int = 0  # 0: QCWEB_SANDBOX_PROCESSES
    output_mb: int = 0  # 0: QCWEB_SANDBOX_OUTPUT_MB
    tmp_mb: int = 0  # 0: QCWEB_SANDBOX_TMP_MB
    open_files: int = 256

    def resolved(self) -> Limits:
        def pick(value: int, name: str, default: int) -> int:
            return value or int(getattr(settings, name, default))

        return Limits(
            wall_seconds=self.wall_seconds,
            memory_mb=self.memory_mb,
            processes=pick(self.processes, "QCWEB_SANDBOX_PROCESSES", 128),
            output_mb=pick(self.output_mb, "QCWEB_SANDBOX_OUTPUT_MB", 256),
            tmp_mb=pick(self.tmp_mb, "QCWEB_SANDBOX_TMP_MB", 256),
            open_files=self.open_files,
        )


@dataclass(frozen=True)
class Job:
    """One run of user code: ``python ARGV...`` with the engine importable.

    ``read_only`` maps paths inside the sandbox to host folders; ``output`` is the host folder
    mounted writable at ``OUTPUT`` (created, and emptied first, by ``start``). Arguments name
    paths as the job sees them.
    """

    name: str
    argv: tuple[str, ...]
    output: Path
    limits: Limits
    read_only: Mapping[str, Path] = field(default_factory=dict)
    environment: Mapping[str, str] = field(default_factory=dict)
    cwd: str = OUTPUT
    # Folders copied into the output folder before the job starts (name inside it -> trusted
    # host folder), e.g. the organization's Object Store, which the job may change and the
    # caller then reads back like any other output.
    initial_output: Mapping[str, Path] = field(default_factory=dict)
    # Host folders laid over a read-only folder (inside path -> host folder), read-only too:
    # where both have a file, the overlay's wins; e.g. an organization's imported market data
    # over the installation's data folder. Only this job sees the overlay.
    overlays: Mapping[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Availability:
    mode: str  # "bwrap" (isolated), "unsafe" (operator's explicit opt-out), "unavailable"
    detail: str

    @property
    def isolated(self) -> bool:
        return self.mode == "bwrap"

    @property
    def usable(self) -> bool:
        return self.mode != "unavailable"


def _uid() -> tuple[int, int]:
    return (
        int(getattr(settings, "QCWEB_SANDBOX_UID", 65534)),
        int(getattr(settings, "QCWEB_SANDBOX_GID", 65534)),
    )


def _as_root() -> bool:
    return os.geteuid() == 0


def availability() -> Availability:
    """Whether user code can be started here, and how (cheap: the probe runs once a process)."""
    if getattr(settings, UNSAFE_SETTING, False):
        return Availability(
            "unsafe",
            f"{UNSAFE_SETTING} is set: user code runs WITHOUT isolation, as the worker's own "
            "user, able to read the database and every other user's files. Only for a "
            "single-user installation on your own machine.",
        )
    problem = _probe(shutil.which("bwrap") or "", _as_root())
    if problem:
        return Availability(
            "unavailable",
            f"Backtests cannot run: user code only runs inside the sandbox, and {problem} "
            f"For a single-user installation on your own machine only, {UNSAFE_SETTING}=1 runs "
            "user code without isolation.",
        )
    mode = "real uid" if _as_root() else "user namespace"
    return Availability("bwrap", f"bubblewrap ({mode}, no network, read-only runtime)")


@functools.cache
def _probe(bwrap: str, as_root: bool) -> str:
    """'' when a minimal sandbox starts and runs; otherwise why not and how to fix it."""
    if not bwrap:
        return (
            "bubblewrap is not installed. Install it (Debian: apt-get install bubblewrap; "
            "`make run` does this as root)."
        )
    missing = [tool for tool in ("prlimit", "setpriv") if not shutil.which(tool)]
    if missing:
        return f"{' and '.join(missing)} (util-linux) is missing. Install util-linux."
    command = [bwrap, *_namespace_flags(as_root), *_runtime_mounts(), "--"]
    command += ["prlimit", "--core=0", "--", *_drop_privileges(as_root), "/bin/true"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=20, env=_outer_environment())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not be started ({exc})."
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        return (
            f"bubblewrap cannot create its namespaces here ({why[0]}). Run the worker as root, "
            "or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 "
            "and user.max_user_namespaces > 0), or install bwrap setuid root."
        )
    return ""


def _namespace_flags(as_root: bool) -> list[str]:
    flags = [
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--new-session",
    ]
    if not as_root:
        # The uid change happens through the user namespace; nested namespaces are refused.
        uid, gid = _uid()
        flags += [
            "--unshare-user",
            "--disable-userns",
            "--uid",
            str(uid),
            "--gid",
            str(gid),
            "--cap-drop",
            "ALL",
        ]
    return flags


def _drop_privileges(as_root: bool) -> list[str]:
    """As root: become the sandbox's uid with no capabilities, after bwrap built the mounts and
    prlimit set the hard limits (both need root). Otherwise the user namespace did it already."""
    if not as_root:
        return []
    uid, gid = _uid()
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={gid}",
        "--clear-groups",
        "--no-new-privs",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
    ]


def _runtime_mounts() -> list[str]:
    """The operating system's programs and libraries and the Python runtime, read-only."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf"):
        args += ["--ro-bind-try", name, name]
    for prefix in _python_prefixes():
        args += _mount("--ro-bind", prefix, str(prefix))
    return args


def _mount(kind: str, host: Path, inside: str) -> list[str]:
    """A bind mount, its missing parent folders made traversable (bwrap makes them 0700, which
    the sandbox's uid could not enter)."""
    args: list[str] = []
    for parent in reversed(Path(inside).parents[:-1]):
        args += ["--perms", "0755", "--dir", str(parent)]
    return [*args, kind, str(host), inside]


def _python_prefixes() -> list[Path]:
    """Folders of the interpreter and its packages outside /usr (a venv, a pyenv build)."""
    candidates = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    usr = Path("/usr")
    kept: list[Path] = []
    for path in sorted(candidates, key=lambda p: len(p.parts)):
        if path.is_relative_to(usr) or any(path.is_relative_to(k) for k in kept):
            continue
        kept.append(path)
    return kept


def _outer_environment() -> dict[str, str]:
    # bwrap's own processes (its PID 1 is visible in the sandbox's /proc) get nothing secret.
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}


def _inner_environment(job: Job, *, engine_root: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONPATH": engine_root,
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        # A fixed hash seed: set and dict iteration in user code is the same on every run.
        "PYTHONHASHSEED": "0",
        # One thread per numeric library: a job is one node's work, results stay repeatable.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    env.update({k: os.environ[k] for k in PASSED_VARIABLES if k in os.environ})
    env.update(job.environment)
    return env


def _prlimit(limits: Limits, *, with_cgroup: bool) -> list[str]:
    memory = limits.memory_mb * 1024 * 1024
    cpu = int(limits.wall_seconds) + 60
    # With a cgroup the process count is limited per job there; RLIMIT_NPROC counts every
    # process of the uid on the machine (all concurrent jobs), so it is only a wide backstop.
    nproc = limits.processes * 8 if with_cgroup else limits.processes
    return [
        "prlimit",
        f"--as={memory}",
        f"--nproc={nproc}",
        f"--fsize={limits.output_mb * 1024 * 1024}",
        f"--nofile={limits.open_files}",
        f"--cpu={cpu}",
        "--core=0",
        "--",
    ]


def share_read_only(folder: Path) -> None:
    """Make a folder the worker wrote (a project snapshot) readable by the sandbox's uid."""
    os.chmod(folder, 0o755)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)


def _check_readable(folder: Path) -> None:
    """The sandbox's uid must be able to enter a folder mounted for it (its root at least: bind
    mounts skip the host's parent folders, not the folder's own mode)."""
    info = folder.stat()
    uid, gid = _uid() if _as_root() else (os.geteuid(), os.getegid())
    if info.st_uid == uid:
        bits = info.st_mode >> 6
    elif info.st_gid == gid:
        bits = info.st_mode >> 3
    else:
        bits = info.st_mode
    if bits & 0o5 != 0o5:
        raise SandboxUnavailable(
            f"The folder {folder} is not readable by the sandbox's user (uid {uid}); make it "
            f"readable, e.g. chmod -R a+rX {folder}"
        )


def _engine_folder() -> Path:
    import engine

    return Path(engine.__file__).resolve().parent


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)[:100] or "job"


def _prepare_output(
    folder: Path, *, isolated: bool, initial: Mapping[str, Path] | None = None
) -> None:
    if folder.is_symlink() or folder.exists():
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink()
        else:
            shutil.rmtree(folder)
    folder.mkdir(parents=True, mode=0o700)
    for name, source in (initial or {}).items():
        if "/" in name or name in ("", ".", ".."):
            raise ValueError(f"not a plain folder name: {name!r}")
        shutil.copytree(source, folder / name, symlinks=False)
    if isolated and _as_root():
        uid, gid = _uid()
        for path in (folder, *folder.rglob("*")):
            os.chown(path, uid, gid, follow_symlinks=False)


def start(job: Job, *, console: Path | None = None) -> RunningJob:
    """Start the job; raises ``SandboxUnavailable`` when user code cannot run here. With
    ``console`` (a host file outside the job's folder), the job's output goes there rather than
    to a pipe the caller must keep reading."""
    state = availability()
    if not state.usable:
        raise SandboxUnavailable(state.detail)
    limits = job.limits.resolved()
    if state.isolated:
        for host in (*job.read_only.values(), *job.overlays.values()):
            _check_readable(host)
    _prepare_output(job.output, isolated=state.isolated, initial=job.initial_output)
    if not state.isolated:
        return _start_unsafe(job, limits, console=console)

    if _as_root():
        _sweep_once()
    group = (
        JobGroup.create(
            f"{_safe_name(job.name)}-{os.getpid()}-{time.monotonic_ns()}",
            memory_bytes=limits.memory_mb * 1024 * 1024,
            processes=limits.processes,
        )
        if _as_root()
        else None
    )
    bwrap = shutil.which("bwrap") or "bwrap"
    # The private /tmp first: the runtime mounts may lie under the host's /tmp (a checkout
    # there) and must stay visible on top of it.
    command = [bwrap, *_namespace_flags(_as_root())]
    command += ["--perms", "1777", "--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    command += _runtime_mounts()
    command += _mount("--ro-bind", _engine_folder(), f"{ENGINE_ROOT}/engine")
    for inside, host in sorted(job.read_only.items()):
        if inside in job.overlays:
            command += _overlay_mounts(inside, host, job.overlays[inside])
        else:
            command += _mount("--ro-bind", host, inside)
    command += _mount("--bind", job.output, OUTPUT)
    command += ["--proc", "/proc", "--dev", "/dev", "--chdir", job.cwd, "--clearenv"]
    for key, value in sorted(_inner_environment(job, engine_root=ENGINE_ROOT).items()):
        command += ["--setenv", key, value]
    command += ["--", *_prlimit(limits, with_cgroup=group is not None)]
    command += [*_drop_privileges(_as_root()), sys.executable, *job.argv]
    if group is not None:
        # The shell joins the job's cgroup, then becomes bwrap: every process of the job is in
        # the group from its first instruction.
        join = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'
        command = ["/bin/sh", "-c", join, "sh", *group.procs_files, "--", *command]
    return RunningJob(job, limits, command, group=group, isolated=True, console=console)


def start_detached(job: Job, *, console: Path) -> Detached:
    """Start a long-lived job (a research server) that no thread follows: its output goes to
    ``console``, and the returned ``Detached`` (plain data, kept in the database) lets any thread
    of the worker's machine see whether it still runs and stop it. The job still dies with the
    worker process that started it (bubblewrap's ``--die-with-parent``), so a worker restart
    leaves nothing running that no one follows."""
    running = start(job, console=console)
    # The Popen object is dropped while the process runs: Python's subprocess module keeps it
    # and reaps the process once it exits (no zombie is left).
    return Detached(
        pid=running.process.pid,
        started=_process_start(running.process.pid),
        group=tuple(str(f) for f in running.group.folders) if running.group else (),
        unified=bool(running.group and running.group.unified),
        console=str(console),
        output_mb=running.limits.output_mb,
    )


def _file_tail(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, stream.seek(0, os.SEEK_END) - TAIL_BYTES))
            return stream.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _process_start(pid: int) -> int:
    """The process's start time (clock ticks after boot): with the pid, it names one process
    (a pid alone may be reused once the process is gone)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    fields = stat_line.rsplit(")", 1)[1].split()
    return int(fields[19]) if fields[0] != "Z" else -1


@dataclass(frozen=True)
class Detached:
    """A job started by ``start_detached``, as plain data (``as_dict``/``from_dict``)."""

    pid: int
    started: int
    group: tuple[str, ...]
    unified: bool
    console: str
    output_mb: int

    def as_dict(self) -> dict:
        return {
            "pid": self.pid,
            "started": self.started,
            "group": list(self.group),
            "unified": self.unified,
            "console": self.console,
            "output_mb": self.output_mb,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Detached:
        return cls(
            pid=int(data["pid"]),
            started=int(data["started"]),
            group=tuple(data.get("group") or ()),
            unified=bool(data.get("unified")),
            console=str(data["console"]),
            output_mb=int(data.get("output_mb") or 256),
        )

    def alive(self) -> bool:
        """The job's process is still the one started (not exited, not a reused pid)."""
        return self.started >= 0 and _process_start(self.pid) == self.started

    def stop(self) -> None:
        """Kill the whole job (as ``RunningJob.kill``) and remove its cgroup."""
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.group:
            JobGroup(tuple(Path(f) for f in self.group), unified=self.unified).remove()

    def console_tail(self) -> str:
        return _file_tail(Path(self.console))

    def output_over_limit(self, output: Path) -> str:
        """'' or why the job's output folder is over its size."""
        used, entries = folder_usage(output)
        if used > self.output_mb * 1024 * 1024:
            return f"its output reached {used // (1024 * 1024)} MB, over the limit of {self.output_mb} MB"
        if entries >= 100_000:
            return "its output folder holds more than 100,000 files"
        return ""


@functools.cache
def _sweep_once() -> None:
    sweep_orphans()


def layer_plan(base: Path, top: Path) -> list[tuple[str, Path | None]]:
    """How to show `top` laid over `base` with whole-entry binds: (relative path, host path to
    bind there, or None for a folder to create). Where only one of them has an entry, it is bound
    whole; where both have a folder, its entries are merged one level down; where both have a
    file, top's is bound. Links in `top` are left out (the importer writes none)."""
    plan: list[tuple[str, Path | None]] = []

    def walk(b: Path | None, t: Path | None, rel: str) -> None:
        if t is None or b is None:
            plan.append((rel, t if t is not None else b))
            return
        if not (t.is_dir() and b.is_dir()):
            plan.append((rel, t))
            return
        plan.append((rel, None))
        names = sorted(set(os.listdir(b)) | set(os.listdir(t)))
        for name in names:
            bb, tt = b / name, t / name
            walk(
                bb if bb.exists() else None,
                tt if tt.exists() and not tt.is_symlink() else None,
                f"{rel}/{name}" if rel else name,
            )

    walk(base, top, "")
    return plan


def _overlay_mounts(inside: str, base: Path, top: Path) -> list[str]:
    args: list[str] = []
    for rel, host in layer_plan(base, top):
        at = f"{inside}/{rel}" if rel else inside
        if host is None:
            args += ["--perms", "0755", "--dir", at]
        else:
            args += _mount("--ro-bind", host, at)
    return args


def _overlay_links(job: Job, inside: str, base: Path, top: Path) -> Path:
    """Without a sandbox, the overlay is a folder of links beside the job's output folder."""
    view = job.output.parent / f".{job.output.name}-view-{_safe_name(inside)}"
    shutil.rmtree(view, ignore_errors=True)
    for rel, host in layer_plan(base, top):
        path = view / rel if rel else view
        if host is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(host.resolve())
    return view


def _start_unsafe(job: Job, limits: Limits, *, console: Path | None = None) -> RunningJob:
    """The operator's explicit opt-out: same job, same limits, the host's paths, no isolation."""
    mapping = {OUTPUT: str(job.output), ENGINE_ROOT: str(_engine_folder().parent)}
    mapping.update({inside: str(host) for inside, host in job.read_only.items()})
    for inside, top in job.overlays.items():
        mapping[inside] = str(_overlay_links(job, inside, job.read_only[inside], top))

    def host_path(arg: str) -> str:
        for inside, host in mapping.items():
            if arg == inside or arg.startswith(inside + "/"):
                return host + arg[len(inside) :]
        return arg

    env = _inner_environment(job, engine_root=mapping[ENGINE_ROOT])
    env["HOME"] = env["TMPDIR"] = str(job.output)
    command = [*_prlimit(limits, with_cgroup=False), sys.executable]
    command += [host_path(arg) for arg in job.argv]
    return RunningJob(
        job,
        limits,
        command,
        group=None,
        isolated=False,
        cwd=host_path(job.cwd),
        env=env,
        console=console,
    )


class RunningJob:
    """A started job. Always ``close()`` it (or use it as a context manager): that kills whatever
    the job left running and removes its cgroup."""

    def __init__(
        self,
        job: Job,
        limits: Limits,
        command: list[str],
        *,
        group: JobGroup | None,
        isolated: bool,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
        console: Path | None = None,
    ) -> None:
        self.job = job
        self.limits = limits
        self.group = group
        self.closed_out_of_memory: bool | None = None
        self.isolated = isolated
        self.started = time.monotonic()
        self._tail = bytearray()
        self._tail_lock = threading.Lock()
        sink = console.open("ab") if console is not None else None
        try:
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env if env is not None else _outer_environment(),
                stdin=subprocess.DEVNULL,
                stdout=sink if sink is not None else subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
        finally:
            if sink is not None:
                sink.close()
        self._console = console
        self._reader = None
        if sink is None:
            self._reader = threading.Thread(target=self._read_console, daemon=True)
            self._reader.start()

    def __enter__(self) -> RunningJob:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _read_console(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while chunk := stream.read1(65536):
            with self._tail_lock:
                self._tail += chunk
                del self._tail[:-TAIL_BYTES]
        stream.close()

    @property
    def returncode(self) -> int | None:
        """The job's exit status; a signal N is -N (bwrap reports it as 128 + N)."""
        code = self.process.returncode
        if code is not None and self.isolated and 128 < code < 128 + 65:
            return -(code - 128)
        return code

    def poll(self) -> int | None:
        self.process.poll()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        return self.returncode

    def console_tail(self) -> str:
        """The last 64 KB the job printed (stdout and stderr)."""
        if self._console is not None:
            return _file_tail(self._console)
        with self._tail_lock:
            return self._tail.decode("utf-8", errors="replace")

    def output_over_limit(self) -> str:
        """'' or why the output folder is over its size (checked by the caller while it runs)."""
        used, entries = folder_usage(self.job.output)
        limit = self.limits.output_mb * 1024 * 1024
        if used > limit:
            return f"its output reached {used // (1024 * 1024)} MB, over the limit of {self.limits.output_mb} MB"
        if entries >= 100_000:
            return "its output folder holds more than 100,000 files"
        return ""

    def out_of_memory(self) -> bool:
        if self.closed_out_of_memory is not None:  # the cgroup is gone: its answer at close
            return self.closed_out_of_memory
        return self.group is not None and self.group.out_of_memory()

    def kill(self) -> None:
        """Kill the whole job now: bwrap's process group (its PID 1 takes the namespace with it)
        and every process left in the cgroup."""
        # Once bwrap has exited (and been reaped) its namespace is gone with it, and its pid may
        # belong to another process: only a live bwrap's group is signalled. Without isolation
        # the job's own children may outlive the leader in its group, so the group is signalled.
        if self.process.returncode is None or not self.isolated:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.group is not None:
            self.group.kill()

    def close(self) -> None:
        self.kill()
        self.process.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self.group is not None:
            # the group's counters go with it: keep its out-of-memory answer for later readers
            self.closed_out_of_memory = self.group.out_of_memory()
            self.group.remove()
