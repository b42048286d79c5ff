"""The sandbox module on its own: what a job sees, its limits, killing it, reading its output
folder as hostile, and what happens where bubblewrap cannot run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from qcweb import sandbox
from qcweb.sandbox import UnsafeOutput, folder_usage, read_output
from tests.fixtures import processes_with

pytestmark = pytest.mark.db_independent

needs_bwrap = pytest.mark.skipif(
    not sandbox.availability().isolated, reason="bubblewrap cannot run on this machine"
)


def run_job(tmp_path: Path, code: str, *, read_only=None, timeout: float = 30, **limits):
    job = sandbox.Job(
        name="test",
        argv=("-c", code),
        output=tmp_path / "out",
        read_only=read_only or {},
        limits=sandbox.Limits(
            wall_seconds=timeout, memory_mb=limits.pop("memory_mb", 1024), **limits
        ),
    )
    with sandbox.start(job) as running:
        running.wait(timeout)
        assert running.returncode is not None, "the job did not end"
        return running.returncode, running.console_tail(), running


# -- reading the job's folder -----------------------------------------------------------------------
def test_read_output_reads_a_regular_file_up_to_a_cap(tmp_path):
    (tmp_path / "results.json").write_bytes(b"x" * 100)
    assert read_output(tmp_path, "results.json", max_bytes=10) == b"x" * 10
    assert read_output(tmp_path, "missing.json", max_bytes=10) is None


def test_read_output_reads_the_tail_after_the_head(tmp_path):
    (tmp_path / "log.txt").write_bytes(b"0123456789abcdef")
    assert read_output(tmp_path, "log.txt", max_bytes=4, tail_after=4) == b"cdef"
    # never before `tail_after`: the head already read is not read again
    assert read_output(tmp_path, "log.txt", max_bytes=100, tail_after=10) == b"abcdef"
    assert read_output(tmp_path, "log.txt", max_bytes=4, tail_after=16) == b""


def test_read_output_refuses_symlinks_fifos_hard_links_and_paths(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("secret")
    job = tmp_path / "job"
    job.mkdir()
    (job / "link").symlink_to(secret)
    os.mkfifo(job / "fifo")
    os.link(secret, job / "hard")
    for name in ("link", "fifo", "hard"):
        with pytest.raises(UnsafeOutput):
            read_output(job, name, max_bytes=100)
    with pytest.raises(ValueError):
        read_output(job, "../secret", max_bytes=100)
    # the folder itself replaced by a link
    (tmp_path / "job2").symlink_to(job)
    with pytest.raises(UnsafeOutput):
        read_output(tmp_path / "job2", "anything", max_bytes=100)


def test_folder_usage_counts_disk_space_without_following_links(tmp_path):
    (tmp_path / "a").write_bytes(os.urandom(64 * 1024))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(os.urandom(64 * 1024))
    (tmp_path / "loop").symlink_to(tmp_path)
    used, entries = folder_usage(tmp_path)
    assert used >= 128 * 1024 and entries == 4


# -- a real job -------------------------------------------------------------------------------------
@needs_bwrap
def test_a_job_sees_only_its_mounts_no_network_and_a_clean_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "leak-me")
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "prices.csv").write_text("1,2,3\n")
    code = """
import json, os, socket
probe = {"uid": os.getuid(), "env": sorted(os.environ), "root": sorted(os.listdir("/"))}
probe["data"] = open("/job/data/prices.csv").read()
try:
    open("/job/data/new.txt", "w")
    probe["data_write"] = "allowed"
except OSError as exc:
    probe["data_write"] = exc.errno
s = socket.socket()
probe["connect"] = s.connect_ex(("127.0.0.1", 22))
probe["pid"] = os.getpid()
open("/tmp/scratch", "w").write("private /tmp is writable")
probe["tmp"] = open("/tmp/scratch").read()
import engine
probe["engine"] = engine.__file__
open("/job/out/probe.json", "w").write(json.dumps(probe))
"""
    code_rc, console, _ = run_job(tmp_path, code, read_only={"/job/data": data})
    assert code_rc == 0, console
    probe = json.loads((tmp_path / "out" / "probe.json").read_text())
    assert probe["uid"] == 65534
    assert "SECRET_KEY" not in probe["env"] and "PYTHONHASHSEED" in probe["env"]
    assert probe["data"] == "1,2,3\n" and probe["data_write"] == 30  # EROFS
    assert probe["connect"] != 0
    assert probe["pid"] < 10  # its own PID namespace
    assert probe["tmp"] == "private /tmp is writable"
    assert probe["engine"] == "/opt/qcweb/engine/__init__.py"
    assert "var" not in probe["root"] and "home" not in probe["root"]


@needs_bwrap
def test_killing_a_job_kills_every_process_it_started(tmp_path):
    code = """
import os, time
for _ in range(3):
    if os.fork() == 0:
        os.setsid()
        os.execv("/bin/sleep", ["sleep", "987" + ".5"])
time.sleep(60)
"""
    job = sandbox.Job(
        name="kill",
        argv=("-c", code),
        output=tmp_path / "out",
        limits=sandbox.Limits(wall_seconds=60, memory_mb=1024),
    )
    with sandbox.start(job) as running:
        deadline = time.monotonic() + 10
        while len(processes_with("987.5")) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(processes_with("987.5")) == 3
        running.kill()
        running.wait(10)
    assert running.returncode is not None
    assert processes_with("987.5") == []


@needs_bwrap
def test_a_job_cannot_raise_its_hard_limits(tmp_path):
    code = """
import resource
for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU"):
    limit = getattr(resource, name)
    soft, hard = resource.getrlimit(limit)
    try:
        resource.setrlimit(limit, (hard + 1, hard + 1))
        print(name, "raised")
    except (ValueError, OSError):
        print(name, "kept", hard)
"""
    code_rc, console, _ = run_job(tmp_path, code, memory_mb=900)
    assert code_rc == 0, console
    assert "raised" not in console
    assert f"RLIMIT_AS kept {900 * 1024 * 1024}" in console


@needs_bwrap
def test_a_memory_hog_is_stopped_by_the_cgroup_even_without_address_space_growth(tmp_path):
    # mmap'd anonymous memory touched page by page: the cgroup counts resident memory
    code = """
import mmap
chunks = []
while True:
    m = mmap.mmap(-1, 64 << 20)
    m.write(b"x" * (64 << 20))
    chunks.append(m)
"""
    code_rc, console, running = run_job(tmp_path, code, memory_mb=512)
    assert code_rc != 0
    assert "MemoryError" in console or running.out_of_memory()


# -- where the sandbox cannot run -----------------------------------------------------------------
def test_without_bubblewrap_jobs_are_refused_with_the_reason_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    state = sandbox.availability()
    assert state.mode == "unavailable"
    assert "bubblewrap is not installed" in state.detail
    assert "apt-get install bubblewrap" in state.detail
    assert "QCWEB_UNSAFE_NO_SANDBOX" in state.detail
    job = sandbox.Job(
        name="refused",
        argv=("-c", "print(1)"),
        output=tmp_path / "out",
        limits=sandbox.Limits(wall_seconds=5, memory_mb=512),
    )
    with pytest.raises(sandbox.SandboxUnavailable, match="bubblewrap is not installed"):
        sandbox.start(job)


def test_the_check_framework_warns_when_user_code_is_not_isolated(settings, monkeypatch):
    from qcweb.sandbox.checks import sandbox_check

    settings.QCWEB_UNSAFE_NO_SANDBOX = True
    assert [w.id for w in sandbox_check(None)] == ["qcweb.W001"]
    settings.QCWEB_UNSAFE_NO_SANDBOX = False
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    assert [w.id for w in sandbox_check(None)] == ["qcweb.W002"]


def test_the_unsafe_setting_runs_the_job_without_isolation(tmp_path, settings):
    settings.QCWEB_UNSAFE_NO_SANDBOX = True
    code_rc, console, running = run_job(
        tmp_path, "import os; open(os.environ['HOME'] + '/x', 'w').write(str(os.getuid()))"
    )
    assert code_rc == 0, console
    assert running.isolated is False
    assert (tmp_path / "out" / "x").read_text() == str(os.getuid())


@needs_bwrap
def test_groups_of_a_dead_worker_are_swept(tmp_path):
    from qcweb.sandbox.cgroups import JobGroup, sweep_orphans

    dead_pid = 4_194_305  # above the largest pid_max the kernel allows: never a live process
    group = JobGroup.create(f"orphan-{dead_pid}-1", memory_bytes=64 << 20, processes=8)
    if group is None:
        pytest.skip("no writable cgroup hierarchy")
    assert all(folder.exists() for folder in group.folders)
    assert sweep_orphans() >= 1
    assert not any(folder.exists() for folder in group.folders)


@needs_bwrap
def test_mounts_under_tmp_stay_visible_over_the_private_tmp(tmp_path):
    # A checkout (and so its venv) may live under the host's /tmp, as CI's does.
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "x.txt").write_text("seen")
    code_rc, console, _ = run_job(
        tmp_path, "print(open('/tmp/inputs/x.txt').read())", read_only={"/tmp/inputs": data}
    )
    assert code_rc == 0, console
    assert "seen" in console


def test_read_output_reads_sub_folders_but_never_through_a_linked_folder(tmp_path):
    from qcweb.sandbox import list_output

    job = tmp_path / "job"
    (job / "a/b").mkdir(parents=True)
    (job / "a/b/c.txt").write_text("inside")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.txt").write_text("secret")
    (job / "a/link").symlink_to(tmp_path / "outside", target_is_directory=True)
    (job / "a/file-link.txt").symlink_to(tmp_path / "outside/secret.txt")
    (job / ".hidden").mkdir()
    (job / ".hidden/x.txt").write_text("x")
    assert read_output(job, "a/b/c.txt", max_bytes=100) == b"inside"
    with pytest.raises(UnsafeOutput):
        read_output(job, "a/link/secret.txt", max_bytes=100)
    with pytest.raises(ValueError):
        read_output(job, "a/../a/b/c.txt", max_bytes=100)
    files, refused = list_output(job)
    assert files == [("a/b/c.txt", 6)]
    assert sorted(refused) == [
        ("a/file-link.txt", "is a symbolic link"),
        ("a/link", "is a symbolic link"),
    ]
