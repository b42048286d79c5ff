"""The loop's garbage-collector settings (``engine.runner.loop.fewer_collections``)."""

from __future__ import annotations

import gc

from engine.runner.loop import LOOP_GC_THRESHOLD, fewer_collections


def test_the_setup_is_frozen_during_the_loop_and_unfrozen_after_it():
    before = gc.get_threshold()
    setup = [object() for _ in range(10)]
    with fewer_collections():
        assert gc.get_freeze_count() >= len(setup)
        assert gc.get_threshold()[0] == max(before[0], LOOP_GC_THRESHOLD)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_process_that_froze_objects_itself_keeps_them_frozen():
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        with fewer_collections():
            pass
        assert gc.get_freeze_count() == count
    finally:
        gc.unfreeze()
