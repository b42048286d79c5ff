"""The benchmark's process figures are each child's own (``engine.bench.run_process``)."""

from __future__ import annotations

import pytest

from engine.bench import compile_engine_bytecode, run_process


def test_a_child_peak_rss_is_its_own_not_the_benchmarks():
    # Hold ~200 MiB in this process: spawned straight from here, a child's ru_maxrss would start
    # at this process's peak; through the wrapper it is a bare interpreter's.
    ballast = b"\x01" * (200 * 1024 * 1024)
    child = run_process(["-c", "print('ready')"])
    assert child.stdout == "ready\n"
    assert child.rss_mb < 60
    assert len(ballast) == 200 * 1024 * 1024


def test_a_child_that_allocates_reports_that_peak():
    child = run_process(["-c", "block = b'\\x01' * (80 * 1024 * 1024); print(len(block))"])
    assert 80 < child.rss_mb < 200
    assert child.cpu > 0
    assert child.wall > 0


def test_a_failing_child_is_an_error_naming_its_exit_code():
    with pytest.raises(SystemExit, match=r"failed \(3\)"):
        run_process(["-c", "import sys; sys.exit(3)"])


def test_the_engine_bytecode_is_compiled_before_measuring():
    compile_engine_bytecode()
    assert compile_engine_bytecode() == 0  # nothing stale is left for a measured process
