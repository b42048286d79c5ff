"""Deploying as the REST API's `live/create` asks (and the `lean` CLI sends it): the brokerage
settings object, the node by id or name (or a free one), the starting cash and holdings lists,
notification targets; then `live_deploy` with its checks.

QuantConnect's live API has no replay settings (its feed is a market); the request may name the
replay's start date and speed (`replayStart`, `replaySpeed`). Without them the replay starts on
the first day with intraday data in the last `DEFAULT_REPLAY_DAYS` days of the data folder, at
real speed, as a live deployment would run.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accounts.models import Node
from live.models import LiveDeployment
from live.selectors import live_nodes
from live.services.deploy import DeployError, live_deploy
from projects.models import Compile

if TYPE_CHECKING:
    from accounts.models import Organization, User
    from projects.models import Project

# The brokerage ids of QuantConnect Paper Trading: the lean CLI's module id, the API reference's
# enum value, LEAN's brokerage name.
PAPER_TRADING_IDS = ("QuantConnectBrokerage", "PaperTrading", "PaperBrokerage")
PAPER_TRADING_ID = PAPER_TRADING_IDS[0]
DEFAULT_REPLAY_DAYS = 7
INTRADAY = ("minute", "second", "tick")


def intraday_dates(data_dir: Path) -> set[date]:
    """The days with per-day intraday files (`YYYYMMDD_trade.zip`, `..._quote.zip`)."""
    days: set[date] = set()
    for resolution in INTRADAY:
        for path in data_dir.glob(f"*/*/{resolution}/*/*.zip"):
            stem = path.name[:8]
            if stem.isdigit():
                try:
                    days.add(date(int(stem[:4]), int(stem[4:6]), int(stem[6:])))
                except ValueError:
                    continue
    return days


def default_replay_start(data_dir: Path) -> date:
    """The first day with data among the last DEFAULT_REPLAY_DAYS days of the data folder."""
    days = intraday_dates(data_dir)
    if not days:
        raise DeployError(
            "The data folder has no intraday data to replay: add LEAN minute data to it."
        )
    last = max(days)
    return min(d for d in days if d > last - timedelta(days=DEFAULT_REPLAY_DAYS))


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise DeployError(f"{where} must be a number.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DeployError(f"{where} must be a number.") from None


def paper_trading_account(
    brokerage: Any,
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The starting cash (currency -> amount) and holdings of the brokerage settings, which must
    name QuantConnect Paper Trading. `cash`: [{"currency", "amount"}] (as the lean CLI sends it)
    or {currency: amount}; `holdings`: [{"symbol", "symbolId", "quantity", "averagePrice"}]."""
    if not isinstance(brokerage, dict) or not brokerage:
        raise DeployError(
            f'brokerage is required: {{"id": "{PAPER_TRADING_ID}"}} for QuantConnect Paper '
            "Trading, optionally with cash and holdings."
        )
    kind = brokerage.get("id")
    if not kind:
        raise DeployError(
            f'brokerage.id is required: "{PAPER_TRADING_ID}" (QuantConnect Paper Trading).'
        )
    if str(kind) not in PAPER_TRADING_IDS:
        raise DeployError(
            f"brokerage.id {kind!r}: this server trades QuantConnect Paper Trading only "
            f'("{PAPER_TRADING_ID}"); there is no connection to other brokerages.'
        )
    cash: dict[str, float] = {}
    raw_cash = brokerage.get("cash") or []
    if isinstance(raw_cash, dict):
        raw_cash = [{"currency": k, "amount": v} for k, v in raw_cash.items()]
    if not isinstance(raw_cash, list):
        raise DeployError("brokerage.cash must be a list of {currency, amount}.")
    for i, row in enumerate(raw_cash):
        if not isinstance(row, dict) or not row.get("currency") or row.get("amount") is None:
            raise DeployError(f"brokerage.cash[{i}]: currency and amount are required.")
        cash[str(row["currency"])] = _number(row["amount"], f"brokerage.cash[{i}].amount")
    holdings = []
    raw_holdings = brokerage.get("holdings") or []
    if not isinstance(raw_holdings, list):
        raise DeployError("brokerage.holdings must be a list of holdings.")
    for i, row in enumerate(raw_holdings):
        if not isinstance(row, dict):
            raise DeployError(f"brokerage.holdings[{i}] must be an object.")
        # the CLI sends the ticker and LEAN's symbol id ("SPY R735QTJ8XC9X"); either names it
        symbol = row.get("symbol") or str(row.get("symbolId") or "").split(" ")[0]
        missing = [
            name
            for name, value in (
                ("symbol", symbol),
                ("quantity", row.get("quantity")),
                ("averagePrice", row.get("averagePrice")),
            )
            if value in (None, "")
        ]
        if missing:
            raise DeployError(f"brokerage.holdings[{i}]: {', '.join(missing)} required.")
        holdings.append(
            {
                "symbol": str(symbol),
                "quantity": _number(row["quantity"], f"brokerage.holdings[{i}].quantity"),
                "averagePrice": _number(
                    row["averagePrice"], f"brokerage.holdings[{i}].averagePrice"
                ),
            }
        )
    return cash, holdings


def notification_targets(notification: Any) -> list[dict[str, Any]]:
    """The targets of the API's `notification` object ({"events", "targets": [...]}), each
    tagged with its kind as the wizard stores them."""
    if not notification:
        return []
    if not isinstance(notification, dict) or not isinstance(notification.get("targets", []), list):
        raise DeployError("notification must be {events: [...], targets: [...]}.")
    out = []
    for i, target in enumerate(notification.get("targets") or []):
        if not isinstance(target, dict):
            raise DeployError(f"notification.targets[{i}] must be an object.")
        if "phoneNumber" in target:
            out.append({"type": "sms", "phoneNumber": str(target["phoneNumber"])})
        elif "address" in target and "headers" in target:
            out.append(
                {
                    "type": "webhook",
                    "address": str(target["address"]),
                    "headers": dict(target.get("headers") or {}),
                }
            )
        elif "address" in target:
            out.append(
                {
                    "type": "email",
                    "address": str(target["address"]),
                    "subject": str(target.get("subject") or ""),
                }
            )
        elif "id" in target:
            out.append(
                {"type": "telegram", "id": str(target["id"]), "token": target.get("token") or ""}
            )
        else:
            raise DeployError(
                f"notification.targets[{i}]: an email (address, subject), webhook (address, "
                "headers), SMS (phoneNumber) or Telegram (id, token) target."
            )
    return out


def resolve_node(organization: Organization, node_id: Any) -> Node:
    """The organization's node named by id or name; without one, its first free live node."""
    if node_id in (None, ""):
        free = [n for n in live_nodes(organization) if not n.busy]
        if not free:
            raise DeployError(
                f"{organization.name} has no free live node: add one on its Resources page or "
                "stop a deployment."
            )
        return free[0]
    text = str(node_id)
    nodes = Node.objects.filter(organization=organization)
    node = (nodes.filter(pk=int(text)).first() if text.isdigit() else None) or nodes.filter(
        name=text
    ).first()
    if node is None:
        raise DeployError(f"nodeId {text}: no such node in {organization.name}.")
    return node


def live_deploy_remote(
    *,
    project: Project,
    user: User,
    compile_id: str,
    node_id: Any,
    brokerage: Any,
    automatic_restart: bool = True,
    notification: Any = None,
    replay_start: date | None = None,
    replay_speed: float | None = None,
    parameters: dict[str, Any] | None = None,
) -> LiveDeployment:
    """`live/create`: check the compile and the request, then `live_deploy` (its own checks:
    node kind and quota, the code compiles now, the replay has data). Raises DeployError."""
    from backtests.services.execution import ensure_data_dir

    build = Compile.objects.filter(project=project, compile_id=compile_id).first()
    if build is None:
        raise DeployError(f"compileId {compile_id!r}: no such compile of this project.")
    if not build.succeeded:
        raise DeployError(
            f"compileId {compile_id!r}: the project does not compile; fix the errors and "
            "compile again."
        )
    cash, holdings = paper_trading_account(brokerage)
    targets = notification_targets(notification)
    node = resolve_node(project.organization, node_id)
    start = replay_start or default_replay_start(ensure_data_dir())
    return live_deploy(
        project=project,
        user=user,
        node=node,
        replay_start=start,
        replay_speed=1.0 if replay_speed is None else replay_speed,
        starting_cash=cash,
        starting_holdings=holdings,
        automatic_restart=automatic_restart,
        notification_targets=targets,
        parameters=parameters,
    )
