"""Endpoints the lean CLI calls beyond the QuantConnect REST API v2 reference: organization nodes and the Python
environment (built). Optimizations are `api/optimizations.py`, the object store `api/objects.py`."""

from __future__ import annotations

from api.common import organization_for
from api.projects import LEAN_ENVIRONMENT_ID, organization_nodes
from api.registry import Call, Field, endpoint, model

ORGANIZATION_ID = Field("organizationId", "string", "Id of the organization.")

model(
    "NodeListResponse",
    "The organization's nodes by kind.",
    [
        Field("backtest", "array", "Backtesting nodes.", required=True, items="ProjectNode"),
        Field("research", "array", "Research nodes.", required=True, items="ProjectNode"),
        Field("live", "array", "Live trading nodes.", required=True, items="ProjectNode"),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "LeanEnvironment",
    "A Python environment algorithms run in.",
    [
        Field("id", "integer", "Environment id.", required=True),
        Field("name", "string", "Name.", required=True),
        Field("path", "string", "Path (none).", nullable=True),
        Field("description", "string", "Description.", required=True),
        Field("public", "boolean", "Available to everyone.", required=True),
    ],
)
model(
    "LeanEnvironmentsResponse",
    "The Python environments.",
    [
        Field("environments", "array", "Environments.", required=True, items="LeanEnvironment"),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)


@endpoint(
    "nodes/read",
    section="Nodes",
    summary="Read the nodes of an organization.",
    request=[ORGANIZATION_ID],
    response="NodeListResponse",
)
def nodes_read(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    return organization_nodes(organization)


@endpoint(
    "lean/environments/read",
    section="Nodes",
    summary="Read the Python environments algorithms can run in.",
    response="LeanEnvironmentsResponse",
)
def lean_environments_read(call: Call) -> dict:
    return {
        "environments": [
            {
                "id": LEAN_ENVIRONMENT_ID,
                "name": "Default",
                "path": None,
                "description": "qcweb's Python engine with its standard library set.",
                "public": True,
            }
        ]
    }
