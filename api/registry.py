"""The endpoint registry: every REST API v2 endpoint, its request fields and response model.

One place for routing (`api/views.py` looks the path up here), validation (the request fields
declare type and required-ness), the OpenAPI document and the docs page (`api/schema.py`).

A section module (`api/projects.py`, `api/backtests.py`, ...) declares its endpoints with
`@endpoint(...)` and its response models with `model(...)`. Features that are built later
(live trading, data downloads, ...) start as `unavailable(...)` entries in their own module;
replacing them with real `@endpoint` functions is all it takes to switch them on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Section modules, in the order of QuantConnect's REST API v2 reference (then the endpoints the
# lean CLI uses).
SECTION_MODULES = [
    "api.account",  # 14.1 authentication; account, user and organization reads
    "api.projects",  # 14.2
    "api.files",  # 14.3
    "api.compile",  # 14.4
    "api.backtests",  # 14.5
    "api.live",  # 14.6 (built with live trading)
    "api.data",  # 14.7 (built with data downloads)
    "api.reports",  # 14.8
    "api.optimizations",  # optimizations/*
    "api.other",  # nodes, lean environments
    "api.objects",  # object store
]

TYPES = ("integer", "number", "string", "boolean", "object", "array", "date-time", "any")


@dataclass(frozen=True)
class Field:
    """A request field or a response model property.

    `type` is one of TYPES or the name of a registered model; arrays name their item type in
    `items`. `aliases` are other names clients send for the same request field (the lean CLI
    sends `name` where QuantConnect's API reference says `fileName`)."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    items: str | None = None
    enum: tuple[Any, ...] = ()
    aliases: tuple[str, ...] = ()
    nullable: bool = False


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: tuple[Field, ...]
    # Extra properties allowed (dicts keyed by names such as statistics labels).
    open: bool = False


@dataclass(frozen=True)
class Endpoint:
    path: str  # without the /api/v2/ prefix, e.g. "projects/read"
    view: Callable[..., dict]
    section: str
    summary: str
    request: tuple[Field, ...] = ()
    response: str = "RestResponse"
    available: bool = True
    aliases: tuple[str, ...] = ()


ENDPOINTS: dict[str, Endpoint] = {}
ROUTES: dict[str, Endpoint] = {}  # path or alias -> endpoint
MODELS: dict[str, Model] = {}


def model(name: str, description: str, fields: list[Field], *, open: bool = False) -> Model:
    item = Model(name=name, description=description, fields=tuple(fields), open=open)
    MODELS[name] = item
    return item


def _register(item: Endpoint) -> None:
    for route in (item.path, *item.aliases):
        existing = ROUTES.get(route)
        if existing is not None and existing.path != item.path:
            raise ValueError(f"API route {route!r} is registered twice")
    ENDPOINTS[item.path] = item
    for route in (item.path, *item.aliases):
        ROUTES[route] = item


def endpoint(
    path: str,
    *,
    section: str,
    summary: str,
    request: list[Field] | tuple[Field, ...] = (),
    response: str = "RestResponse",
    aliases: tuple[str, ...] = (),
) -> Callable[[Callable[..., dict]], Callable[..., dict]]:
    """Register `view(call) -> dict` as the endpoint at `path` (later registrations of the same
    path replace earlier ones, so a feature can take over its `unavailable` placeholder)."""

    def decorate(view: Callable[..., dict]) -> Callable[..., dict]:
        _register(
            Endpoint(
                path=path,
                view=view,
                section=section,
                summary=summary,
                request=tuple(request),
                response=response,
                aliases=aliases,
            )
        )
        return view

    return decorate


class ApiError(Exception):
    """A request the API refuses; answered as {"success": false, "errors": [message]}."""

    def __init__(self, message: str, *, status: int = 200) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def unavailable(
    path: str,
    *,
    section: str,
    summary: str,
    reason: str,
    request: list[Field] | tuple[Field, ...] = (),
    response: str = "RestResponse",
    aliases: tuple[str, ...] = (),
) -> None:
    """A documented endpoint whose feature is not built yet: it answers the error shape."""

    def view(call: Any) -> dict:
        raise ApiError(f"/{path} is not available on this server yet: {reason}")

    _register(
        Endpoint(
            path=path,
            view=view,
            section=section,
            summary=summary,
            request=tuple(request),
            response=response,
            available=False,
            aliases=aliases,
        )
    )


_loaded = False


def load_sections() -> None:
    global _loaded
    if _loaded:
        return
    for name in SECTION_MODULES:
        importlib.import_module(name)
    _loaded = True


def lookup(path: str) -> Endpoint | None:
    load_sections()
    return ROUTES.get(path.strip("/"))


# Models shared by every section ----------------------------------------------------------------

model(
    "RestResponse",
    "Base API response class for the QuantConnect API.",
    [
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "UnauthorizedError",
    "Unauthorized response from the API. Key is missing, invalid, or timestamp is too old for "
    "hash. The WWW-Authenticate header is set.",
    [
        Field("success", "boolean", "Always false.", required=True),
        Field("errors", "array", "Why the request was refused.", required=True, items="string"),
    ],
)
model(
    "RequestFailedError",
    "The API method call could not be completed as requested.",
    [
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


@dataclass
class Call:
    """What an endpoint function receives: the authenticated user, the validated request data
    (field name -> value, aliases resolved, absent optional fields missing) and the request."""

    user: Any
    data: dict[str, Any]
    request: Any = None
    provided: set[str] = field(default_factory=set)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.data
