"""Universe selections that run inside a time slice (scheduled and user-defined universes whose
trigger time is not midnight), before the slice's data reaches the securities.

LEAN's SubscriptionSynchronizer (Engine/DataFeeds/SubscriptionSynchronizer.cs) collects every
subscription's data of the frontier time, then applies the universe selections due at that time;
TimeSliceFactory.Create (Engine/DataFeeds/TimeSliceFactory.cs) leaves out the packets of the
subscriptions a selection has just removed (DataFeedPacket.IsSubscriptionRemoved). A security
whose subscription ends there therefore keeps the cache UniverseSelection reset: its bar of that
time never updates its price, its consolidators or the slice, and it is not counted as a data
point. Selected again later, it has no price until its new subscription brings data.
"""

from __future__ import annotations

from datetime import datetime

from engine.runner.feeds import SELECTION


def run_step_selections(
    entries: list, subscriptions: list, local: datetime
) -> tuple[list, set[int] | None]:
    """Run the selections due in this step (their markers sort first, with the other auxiliary
    points) at ``local`` (naive algorithm time). Returns the step's entries without those of the
    subscriptions the selections removed, and the ids of the subscriptions before the selections
    (None when no selection ran)."""
    runs = [feed.run for feed, _obj, _ff in entries if feed.kind == SELECTION and feed.run]
    if not runs:
        return entries, None
    before = {id(r) for r in subscriptions}
    for run in runs:
        run(local)
    if len(subscriptions) == len(before) and all(id(r) in before for r in subscriptions):
        return entries, before
    current = {id(r) for r in subscriptions}
    removed = before - current
    if not removed:
        return entries, before
    kept = [
        entry
        for entry in entries
        if getattr(entry[0], "request", None) is None or id(entry[0].request) not in removed
    ]
    return kept, before
