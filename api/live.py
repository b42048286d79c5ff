"""QuantConnect REST API v2 Live Management: live/create, live/read, live/list, live/read/log,
live/read/portfolio, live/read/orders, live/update/liquidate, live/update/stop, and the
algorithm commands live/commands/create and live/commands/broadcast; plus the spellings the lean
CLI uses (`live/portfolio/read` with lower-case keys, `live/orders/read`).

Deployments are QuantConnect Paper Trading on a replay of recorded data; the work is
`live.services` and the reads `live.selectors`, this module translates requests and answers. A
project's endpoints act on its current deployment (or the `deployId` given); another
organization's projects and deployments are "no such project" / "no such deployment", like ids
that don't exist. The live algorithm's dates are "YYYY-MM-DD HH:MM:SS" UTC, the form the lean CLI
parses."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from django.http import Http404
from django.utils import timezone

from api.backtests import order_json, portfolio_json
from api.common import organization_for, project_for
from api.registry import ApiError, Call, Field, endpoint, model
from live import services
from live.models import LiveDeployment
from live.presenters import log_tail
from live.selectors import (
    active_deployment,
    current_deployment,
    deployment_list_for_user,
    get_deployment_for_user,
    project_equity,
)
from live.services.commands import command_json, deployment_commands
from live.services.remote import PAPER_TRADING_ID, live_deploy_remote
from projects.models import Project

SECTION = "Live management"
PROJECT_ID = Field("projectId", "integer", "Project Id.", required=True)
DEPLOY_ID = Field("deployId", "string", "Deployment id (default: the project's latest).")
COMMAND = Field(
    "command",
    "object",
    'The command: {"$type": "MyCommand", ...} runs the class the algorithm registered with '
    "add_command; without $type it goes to on_command.",
    required=True,
)
STATUSES = tuple(LiveDeployment.Status.values)
MAX_ORDERS_PAGE = 100
MAX_LOG_LINES = 5000
COMMANDS_SHOWN = 20
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")

ALGORITHM_FIELDS = [
    Field("projectId", "integer", "Project Id for the live instance.", required=True),
    Field("deployId", "string", "Unique live algorithm deployment identifier.", required=True),
    Field("status", "string", "States of a live deployment.", required=True, enum=STATUSES),
    Field("launched", "string", "Launch time, UTC (YYYY-MM-DD HH:MM:SS).", required=True),
    Field("stopped", "string", "Stop time, UTC; null while it runs.", nullable=True),
    Field("brokerage", "string", "Brokerage id (QuantConnectBrokerage).", required=True),
    Field("subscription", "string", "Chart subscribed to.", required=True),
    Field("error", "string", "Error message of a crash or runtime error.", required=True),
    Field("dataFeed", "string", "What feeds the algorithm: a replay of recorded data."),
    Field("node", "string", "The live node it runs on."),
]
SUCCESS = Field("success", "boolean", "Indicate if the API request was successful.", required=True)
ERRORS = Field("errors", "array", "List of errors with the API call.", items="string")

model(
    "LiveAlgorithm",
    "Live algorithm instance result from the QuantConnect REST API.",
    ALGORITHM_FIELDS,
)
model(
    "LiveAlgorithmResponse", "A live algorithm (live/create).", [*ALGORITHM_FIELDS, SUCCESS, ERRORS]
)
model(
    "LiveCommand",
    "A command sent to a live algorithm and what it answered.",
    [
        Field("commandId", "string", "Id of the command.", required=True),
        Field("name", "string", "The command's $type, or OnCommand.", required=True),
        Field(
            "status",
            "string",
            "Queued, Sent (to the algorithm), Done (it ran), Failed (not run).",
            required=True,
        ),
        Field("success", "boolean", "What the command returned (null: nothing).", nullable=True),
        Field("message", "string", "Why it failed.", required=True),
        Field("created", "string", "When it was sent (ISO 8601).", required=True),
        Field("completed", "string", "When it ran or failed.", nullable=True),
    ],
)
model(
    "LiveResultsData",
    "Holds information about the state and operation of the live running algorithm.",
    [
        Field("version", "integer", "Results version.", required=True),
        Field("resolution", "string", "Storage format of the charting data.", required=True),
        Field(
            "results", "object", "Holdings, Cash, Charts, Orders, Statistics, ...", required=True
        ),
    ],
)
model(
    "LiveAlgorithmResults",
    "Details a live algorithm from the live/read API endpoint.",
    [
        *ALGORITHM_FIELDS,
        Field("LiveResults", "LiveResultsData", "The live results.", required=True),
        Field(
            "commands",
            "array",
            "The latest commands sent to it.",
            required=True,
            items="LiveCommand",
        ),
        SUCCESS,
        ERRORS,
    ],
)
model(
    "LiveList",
    "List of the live algorithms which match the requested status.",
    [
        Field("Algorithms", "array", "Algorithm list.", required=True, items="LiveAlgorithm"),
        SUCCESS,
        ERRORS,
    ],
)
model(
    "ReadLiveLogsResponse",
    "Logs from a live algorithm.",
    [
        Field(
            "LiveLogs",
            "array",
            "List of logs from the live algorithm.",
            required=True,
            items="string",
        ),
        SUCCESS,
        ERRORS,
    ],
)
model(
    "LivePortfolioResponse",
    "Contains holdings and cash of the live algorithm.",
    [Field("portfolio", "Portfolio", "The portfolio state.", required=True), SUCCESS, ERRORS],
)
model(
    "LiveOrdersResponse",
    "Contains orders and the number of orders of the live algorithm in the request criteria.",
    [
        Field("orders", "array", "The orders from start to end.", required=True, items="Order"),
        Field("Length", "integer", "Total number of returned orders.", required=True),
        Field(
            "latestOrderTimestamp",
            "integer",
            "Unix time of the latest order event (0: none).",
            required=True,
        ),
        SUCCESS,
        ERRORS,
    ],
)
model(
    "LiveCommandResponse",
    "The command was queued for the algorithm; live/read shows its result.",
    [
        Field("commandId", "string", "Id of the command.", required=True),
        Field("deployId", "string", "The deployment it was sent to.", required=True),
        SUCCESS,
        ERRORS,
    ],
)
model(
    "LiveBroadcastResponse",
    "The command was queued for every running deployment of the organization.",
    [
        Field("commands", "array", "One per deployment: commandId and deployId.", required=True),
        SUCCESS,
        ERRORS,
    ],
)


# -- helpers --------------------------------------------------------------------------------------
def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def algorithm_json(deployment: LiveDeployment) -> dict[str, Any]:
    return {
        "projectId": deployment.project_id,
        "deployId": deployment.deploy_id,
        "status": deployment.status,
        "launched": _stamp(deployment.launched_at or deployment.created),
        "stopped": _stamp(deployment.stopped_at),
        "brokerage": PAPER_TRADING_ID,
        "subscription": "Strategy Equity",
        "error": deployment.error,
        "dataFeed": deployment.feed_description,
        "node": deployment.node_name,
    }


def _deployment(call: Call, *, write: bool = False) -> tuple[Project, LiveDeployment]:
    """The project's deployment named by `deployId` (or `algorithmId`), else its latest."""
    project = project_for(call.user, call.get("projectId"), write=write)
    deploy_id = call.get("deployId") or call.get("algorithmId")
    if deploy_id:
        try:
            deployment = get_deployment_for_user(call.user, deploy_id, write=write)
        except Http404:
            deployment = None
        if deployment is None or deployment.project_id != project.pk:
            raise ApiError(f"deployId {deploy_id!r}: no such deployment of this project.")
        return project, deployment
    deployment = current_deployment(project)
    if deployment is None:
        raise ApiError(f"No live deployment found for project {project.pk}.")
    return project, deployment


def _running(call: Call) -> LiveDeployment:
    project = project_for(call.user, call.get("projectId"), write=True)
    deployment = active_deployment(project)
    if deployment is None:
        raise ApiError(f"Project {project.pk} has no running live deployment.")
    return deployment


def _state(deployment: LiveDeployment) -> dict[str, Any]:
    return deployment.state or {}


def _orders(deployment: LiveDeployment) -> list[dict[str, Any]]:
    raw = _state(deployment).get("orders") or {}
    items = list(raw.values()) if isinstance(raw, dict) else list(raw)
    items = [o for o in items if isinstance(o, dict)]
    items.sort(key=lambda o: int(o.get("id", 0) or 0))
    return items


def _unix(value: Any) -> int:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def _parse_time(name: str, value: Any) -> datetime | None:
    """Unix seconds or an ISO 8601 date-time (the reference types these both ways)."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    text = str(value)
    if text.isdigit():
        return datetime.fromtimestamp(int(text), UTC)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(f"{name} must be unix seconds or an ISO 8601 date-time.") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- create and read ------------------------------------------------------------------------------
@endpoint(
    "live/create",
    section=SECTION,
    summary="Deploy a live algorithm: QuantConnect Paper Trading on a replay of the data folder "
    "(replayStart, replaySpeed; default: the last week of data at real speed).",
    request=[
        PROJECT_ID,
        Field("compileId", "string", "Compile Id.", required=True),
        Field(
            "nodeId",
            "string",
            "Id or name of the live node (default: a free one).",
            aliases=("serverType",),
        ),
        Field(
            "brokerage",
            "object",
            f'Brokerage settings: {{"id": "{PAPER_TRADING_ID}", "cash": [{{"currency", '
            '"amount"}], "holdings": [{"symbol", "symbolId", "quantity", "averagePrice"}]}.',
            required=True,
            aliases=("baseLiveAlgorithmSettings",),
        ),
        Field("dataProviders", "object", "Live data providers (the replay is the feed here)."),
        Field("automaticRedeploy", "boolean", "Restart automatically after a runtime error."),
        Field("versionId", "string", "LEAN version (the server's engine is used)."),
        Field("notification", "object", "{events: [...], targets: [...]}."),
        Field("parameters", "object", "Parameters (default: the project's)."),
        Field("replayStart", "string", "First day of the replay (YYYY-MM-DD)."),
        Field("replaySpeed", "number", "Replay speed, times real time (default 1)."),
    ],
    response="LiveAlgorithmResponse",
)
def live_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    start = None
    if call.get("replayStart"):
        try:
            start = date.fromisoformat(str(call.get("replayStart"))[:10])
        except ValueError:
            raise ApiError("replayStart must be a date (YYYY-MM-DD).") from None
    parameters = call.get("parameters")
    if parameters is not None and any(isinstance(v, dict | list) for v in parameters.values()):
        raise ApiError("parameters must map names to strings or numbers.")
    try:
        deployment = live_deploy_remote(
            project=project,
            user=call.user,
            compile_id=call.get("compileId"),
            node_id=call.get("nodeId"),
            brokerage=call.get("brokerage"),
            automatic_restart=call.get("automaticRedeploy", True),
            notification=call.get("notification"),
            replay_start=start,
            replay_speed=call.get("replaySpeed"),
            parameters=parameters,
        )
    except services.DeployError as exc:
        raise ApiError(str(exc)) from None
    return algorithm_json(deployment)


@endpoint(
    "live/read",
    section=SECTION,
    summary="Read a live algorithm: status, holdings, cash, orders, runtime statistics, "
    "equity, and its latest commands.",
    request=[PROJECT_ID, DEPLOY_ID],
    response="LiveAlgorithmResults",
)
def live_read(call: Call) -> dict:
    _, deployment = _deployment(call)
    state = _state(deployment)
    portfolio = portfolio_json(state)
    equity = [{"x": int(t), "y": v} for t, v in project_equity(deployment)]
    results = {
        "Holdings": portfolio["Holdings"],
        "Cash": portfolio["Cash"],
        "Charts": {
            "Strategy Equity": {
                "Name": "Strategy Equity",
                "ChartType": "Overlay",
                "Series": {"Equity": {"Name": "Equity", "Unit": "$", "Values": equity}},
            }
        },
        "Orders": {str(o.get("id")): order_json(o) for o in _orders(deployment)},
        "OrderEvents": [],
        "ProfitLoss": {},
        "Statistics": {},
        "RuntimeStatistics": {
            str(k): str(v) for k, v in (state.get("runtimeStatistics") or {}).items()
        },
        "ServerStatistics": {},
        "AlgorithmTime": state.get("time"),
    }
    commands = list(deployment_commands(deployment).order_by("-created", "-id")[:COMMANDS_SHOWN])
    return {
        **algorithm_json(deployment),
        "LiveResults": {"version": 1, "resolution": "minute", "results": results},
        "commands": [command_json(c) for c in commands],
    }


@endpoint(
    "live/list",
    section=SECTION,
    summary="List the live algorithms of the user's organizations.",
    request=[
        Field("status", "string", "Only this state.", enum=STATUSES),
        Field("start", "any", "Launched at or after (unix seconds or ISO 8601)."),
        Field("end", "any", "Launched at or before (unix seconds or ISO 8601)."),
    ],
    response="LiveList",
)
def live_list(call: Call) -> dict:
    deployments = deployment_list_for_user(
        call.user,
        status=call.get("status"),
        launched_after=_parse_time("start", call.get("start")),
        launched_before=_parse_time("end", call.get("end")),
    )
    return {"Algorithms": [algorithm_json(d) for d in deployments]}


@endpoint(
    "live/read/log",
    section=SECTION,
    summary=f"Read a live algorithm's log (at most the last {MAX_LOG_LINES} lines), optionally "
    "between two times of the algorithm's clock.",
    request=[
        PROJECT_ID,
        Field("algorithmId", "string", "Deploy id (default: the latest).", aliases=("deployId",)),
        Field("format", "string", "json."),
        Field(
            "start",
            "integer",
            "No lines stamped before this unix time (the stamp is algorithm time).",
            aliases=("startTime",),
        ),
        Field("end", "integer", "No lines stamped after this unix time.", aliases=("endTime",)),
    ],
    response="ReadLiveLogsResponse",
)
def live_read_log(call: Call) -> dict:
    _, deployment = _deployment(call)
    lines = log_tail(deployment, MAX_LOG_LINES)
    start, end = call.get("start"), call.get("end")
    if start is not None or end is not None:
        kept = []
        for line in lines:
            match = _STAMP.match(line)
            if match is None:
                continue
            when = int(datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC).timestamp())
            if (start is None or when >= start) and (end is None or when <= end):
                kept.append(line)
        lines = kept
    return {"LiveLogs": lines}


@endpoint(
    "live/read/portfolio",
    section=SECTION,
    summary="Read the live algorithm's holdings and cash.",
    request=[PROJECT_ID, DEPLOY_ID],
    response="LivePortfolioResponse",
)
def live_read_portfolio(call: Call) -> dict:
    _, deployment = _deployment(call)
    return {"portfolio": portfolio_json(_state(deployment))}


@endpoint(
    "live/portfolio/read",
    section=SECTION,
    summary="live/read/portfolio as the lean CLI reads it (keys holdings and cash).",
    request=[PROJECT_ID, DEPLOY_ID],
)
def live_portfolio_read(call: Call) -> dict:
    _, deployment = _deployment(call)
    portfolio = portfolio_json(_state(deployment))
    return {"portfolio": {"holdings": portfolio["Holdings"], "cash": portfolio["Cash"]}}


@endpoint(
    "live/read/orders",
    section=SECTION,
    summary=f"Read orders start..end (at most {MAX_ORDERS_PAGE} at a time) of a live algorithm.",
    request=[
        PROJECT_ID,
        DEPLOY_ID,
        Field("start", "integer", "First order (default 0)."),
        Field("end", "integer", f"Last order, exclusive (default start + {MAX_ORDERS_PAGE})."),
    ],
    response="LiveOrdersResponse",
    aliases=("live/orders/read",),
)
def live_read_orders(call: Call) -> dict:
    start = call.get("start", 0)
    end = call.get("end", start + MAX_ORDERS_PAGE)
    if start < 0:
        raise ApiError("start must be 0 or more.")
    if end < start:
        raise ApiError("end must not be less than start.")
    if end - start > MAX_ORDERS_PAGE:
        raise ApiError(f"end - start must be at most {MAX_ORDERS_PAGE}.")
    _, deployment = _deployment(call)
    items = _orders(deployment)
    latest = max(
        (
            _unix(o.get(k))
            for o in items
            for k in ("lastFillTime", "lastUpdateTime", "canceledTime", "time")
            if o.get(k)
        ),
        default=0,
    )
    page = [order_json(o) for o in items[start:end]]
    return {"orders": page, "Length": len(page), "latestOrderTimestamp": latest}


# -- control --------------------------------------------------------------------------------------
def _stop(call: Call, *, liquidate: bool) -> dict:
    deployment = _running(call)
    if not services.live_stop(deployment=deployment, user=call.user, liquidate=liquidate):
        raise ApiError(f"The live deployment {deployment.deploy_id} is not running.")
    return {}


@endpoint(
    "live/update/liquidate",
    section=SECTION,
    summary="Liquidate the portfolio of the project's live algorithm, then stop it.",
    request=[PROJECT_ID],
)
def live_update_liquidate(call: Call) -> dict:
    return _stop(call, liquidate=True)


@endpoint(
    "live/update/stop",
    section=SECTION,
    summary="Stop the project's live algorithm (holdings are kept).",
    request=[PROJECT_ID],
)
def live_update_stop(call: Call) -> dict:
    return _stop(call, liquidate=False)


@endpoint(
    "live/commands/create",
    section=SECTION,
    summary="Send a command to the project's running live algorithm (LEAN's on_command or an "
    "add_command class); its result appears in live/read and the log.",
    request=[PROJECT_ID, COMMAND],
    response="LiveCommandResponse",
)
def live_commands_create(call: Call) -> dict:
    deployment = _running(call)
    try:
        item = services.live_command_create(
            deployment=deployment, user=call.user, command=call.get("command")
        )
    except services.CommandError as exc:
        raise ApiError(str(exc)) from None
    return {"commandId": item.command_id, "deployId": deployment.deploy_id}


@endpoint(
    "live/commands/broadcast",
    section=SECTION,
    summary="Send a command to every running live algorithm of an organization the user may "
    "change (but excludeProjectId's).",
    request=[
        Field("organizationId", "string", "Organization (default: the user's own)."),
        COMMAND,
        Field("excludeProjectId", "integer", "A project not to send it to."),
    ],
    response="LiveBroadcastResponse",
)
def live_commands_broadcast(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    exclude = None
    if call.get("excludeProjectId") is not None:
        exclude = project_for(call.user, call.get("excludeProjectId"))
    try:
        items = services.live_command_broadcast(
            organization=organization,
            user=call.user,
            command=call.get("command"),
            exclude_project=exclude,
        )
    except services.CommandError as exc:
        raise ApiError(str(exc)) from None
    return {
        "commands": [{"commandId": c.command_id, "deployId": c.deployment.deploy_id} for c in items]
    }
