"""Writes for backtests (services), split by side:

- `core.py`: snapshot + create, dispatch to free backtest nodes, realtime publishing, cancel,
  update, delete, restore, stale workers;
- `execution.py`: the Huey worker's `backtest_execute` (the engine in the sandbox, limits,
  outcome).

Import from `backtests.services`; the names below are the public interface (the REST API maps
`/backtests/create|update|delete` to `backtest_create`, `backtest_update`, `backtest_delete`;
reads such as `backtest_result` and `backtest_log` are in `backtests.selectors`).
"""

from __future__ import annotations

from backtests.services.core import (
    backtest_cancel,
    backtest_clone_project,
    backtest_create,
    backtest_delete,
    backtest_dispatch,
    backtest_group,
    backtest_publish,
    backtest_restore,
    backtest_share,
    backtest_unshare,
    backtest_update,
    backtests_reap_stale,
    project_snapshot,
    snapshot_tree,
    stop_engine_processes_under,
    write_snapshot,
)
from backtests.services.execution import (
    backtest_execute,
    backtest_free_node_wait,
    backtest_job,
    engine_job,
    ensure_data_dir,
    key_numbers,
    log_within_limit,
)

__all__ = [
    "backtest_cancel",
    "backtest_create",
    "backtest_delete",
    "backtest_dispatch",
    "backtest_execute",
    "backtest_free_node_wait",
    "backtest_group",
    "backtest_publish",
    "backtest_restore",
    "backtest_clone_project",
    "backtest_share",
    "backtest_unshare",
    "backtest_update",
    "backtests_reap_stale",
    "backtest_job",
    "engine_job",
    "ensure_data_dir",
    "key_numbers",
    "log_within_limit",
    "project_snapshot",
    "snapshot_tree",
    "stop_engine_processes_under",
    "write_snapshot",
]
