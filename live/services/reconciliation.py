"""Reconciliation (QuantConnect's out-of-sample backtest of a live deployment): on request, a
backtest of the deployment's code snapshot and parameters over the period it has traded (the
replay's start date to the algorithm's latest date), starting from the deployment's starting
cash and holdings (as the live algorithm did, not the algorithm's own set_cash), through the
organization's ordinary backtest queue, nodes and sandbox. The live page overlays its equity on the live curve.

The backtest is an ordinary one (it shows in the project's backtests); the deployment remembers
the latest one in `reconciliation.json` next to its log.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from backtests.fingerprint import engine_version
from backtests.models import Backtest
from backtests.selectors import backtest_result
from backtests.services import backtest_dispatch
from live.models import LiveDeployment
from live.services.deploy import DeployError

if TYPE_CHECKING:
    from accounts.models import User


def _pointer(deployment: LiveDeployment):
    return deployment.log_path.with_name("reconciliation.json")


def starting_account(deployment: LiveDeployment) -> dict[str, Any]:
    """The account the deployment started with (the wizard's cash and holdings), for the backtest
    to start from the same state; empty when the deployment used the algorithm's own set_cash."""
    account: dict[str, Any] = {}
    if deployment.starting_cash:
        account["cash"] = {str(k): float(v) for k, v in deployment.starting_cash.items()}
    if deployment.starting_holdings:
        account["holdings"] = [
            {
                "symbol": str(row["symbol"]),
                "quantity": float(row["quantity"]),
                "averagePrice": float(row["averagePrice"]),
            }
            for row in deployment.starting_holdings
        ]
    return account


def live_reconcile(*, deployment: LiveDeployment, user: User) -> Backtest:
    """Queue the reconciliation backtest of `deployment`. Raises DeployError when it has not
    traded yet (no algorithm time to end at)."""
    when = str((deployment.state or {}).get("time") or "")
    try:
        end = date.fromisoformat(when[:10])
    except ValueError:
        raise DeployError(
            "The deployment has not run yet: there is no period to backtest."
        ) from None
    start = deployment.replay_start
    with transaction.atomic():
        backtest = Backtest.objects.create(
            organization_id=deployment.organization_id,
            project_id=deployment.project_id,
            created_by=user,
            name=f"Reconciliation of live {deployment.deploy_id}"[:200],
            snapshot=deployment.snapshot,
            parameters=dict(deployment.parameters or {}),
            period_start=start,
            period_end=max(end, start),
            account=starting_account(deployment),
            engine_version=engine_version(),
        )
        path = _pointer(deployment)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"backtest": backtest.pk}), encoding="utf-8")
        deployment.record(
            f"Reconciliation backtest requested ({start:%Y-%m-%d} to {end:%Y-%m-%d}).", user=user
        )
        organization_id = deployment.organization_id
        transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))
    return backtest


def reconciliation_for(deployment: LiveDeployment) -> dict[str, Any]:
    """{"backtest": the latest reconciliation backtest or None, "result": its result document
    once it completed, else None}."""
    try:
        pk = int(json.loads(_pointer(deployment).read_text(encoding="utf-8"))["backtest"])
    except (OSError, ValueError, KeyError, TypeError):
        return {"backtest": None, "result": None}
    backtest = Backtest.objects.filter(pk=pk, project_id=deployment.project_id).first()
    result = None
    if backtest is not None and backtest.status == Backtest.Status.COMPLETED:
        result = backtest_result(backtest) or None
    return {"backtest": backtest, "result": result}
