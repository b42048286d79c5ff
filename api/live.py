"""QuantConnect REST API v2 Live Management. Live trading is a later issue: until it lands every endpoint
answers the error shape. The live feature replaces these `unavailable` entries with `@endpoint`
functions in this module (same paths, same request fields)."""

from __future__ import annotations

from api.registry import Field, unavailable

SECTION = "Live management"
REASON = "live trading is not built yet."
PROJECT_ID = Field("projectId", "integer", "Project Id.", required=True)
DEPLOY_ID = Field("deployId", "string", "Specific instance Id to read.")

unavailable(
    "live/create",
    section=SECTION,
    summary="Deploy a live algorithm.",
    reason=REASON,
    request=[
        PROJECT_ID,
        Field("compileId", "string", "Compile Id.", required=True),
        Field("nodeId", "string", "Node to run on.", aliases=("serverType",)),
        Field("brokerage", "object", "Brokerage settings.", aliases=("baseLiveAlgorithmSettings",)),
        Field("versionId", "string", "LEAN version."),
    ],
)
unavailable(
    "live/read",
    section=SECTION,
    summary="Read a live algorithm's statistics.",
    reason=REASON,
    request=[PROJECT_ID, DEPLOY_ID],
)
unavailable(
    "live/list",
    section=SECTION,
    summary="List live algorithms.",
    reason=REASON,
    request=[
        Field("status", "string", "States of a live deployment."),
        Field("start", "integer", "Earliest launched time (unix seconds)."),
        Field("end", "integer", "Latest launched time (unix seconds)."),
    ],
)
unavailable(
    "live/read/log",
    section=SECTION,
    summary="Read a live algorithm's logs.",
    reason=REASON,
    request=[
        PROJECT_ID,
        Field("algorithmId", "string", "Deploy id."),
        Field("startTime", "integer", "From."),
        Field("endTime", "integer", "To."),
    ],
)
unavailable(
    "live/read/portfolio",
    section=SECTION,
    summary="Read a live algorithm's portfolio state.",
    reason=REASON,
    request=[PROJECT_ID],
)
unavailable(
    "live/read/orders",
    section=SECTION,
    summary="Read a live algorithm's orders.",
    reason=REASON,
    request=[
        PROJECT_ID,
        Field("start", "integer", "First order."),
        Field("end", "integer", "Last order."),
    ],
    aliases=("live/orders/read",),
)
unavailable(
    "live/update/liquidate",
    section=SECTION,
    summary="Liquidate a live algorithm's portfolio and stop it.",
    reason=REASON,
    request=[PROJECT_ID],
)
unavailable(
    "live/update/stop",
    section=SECTION,
    summary="Stop a live algorithm.",
    reason=REASON,
    request=[PROJECT_ID],
)
