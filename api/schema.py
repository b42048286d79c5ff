"""The OpenAPI 3 document and the browsable docs page, both generated from the registry.

/api/v2/schema  JSON (no authentication: it describes the API, holds no data)
/api/v2/docs    server-rendered HTML: every endpoint, its request fields and response models
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from api import conf
from api.registry import ENDPOINTS, MODELS, TYPES, Endpoint, Field, load_sections

BASE_PATH = "/api/v2"


def _schema_for(field: Field) -> dict[str, Any]:
    if field.type == "array":
        item = field.items or "any"
        items = _type_schema(item)
        schema: dict[str, Any] = {"type": "array", "items": items}
    else:
        schema = _type_schema(field.type)
    if field.description:
        schema = (
            {**schema, "description": field.description}
            if "$ref" not in schema
            else {"allOf": [schema], "description": field.description}
        )
    if field.enum:
        schema["enum"] = list(field.enum)
    if field.nullable:
        schema["nullable"] = True
    return schema


def _type_schema(name: str) -> dict[str, Any]:
    if name == "date-time":
        return {"type": "string", "format": "date-time"}
    if name == "any":
        return {}
    if name in TYPES:
        return {"type": name}
    return {"$ref": f"#/components/schemas/{name}"}


def _object_schema(fields: tuple[Field, ...], description: str = "", open: bool = False) -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _schema_for(f) for f in fields},
    }
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    if open:
        schema["additionalProperties"] = True
    return schema


def _operation(endpoint: Endpoint, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": f"{method}_{endpoint.path.replace('/', '_')}",
        "tags": [endpoint.section],
        "summary": endpoint.summary,
        "responses": {
            "200": {
                "description": "Success, or {success: false, errors: [...]} when the request is refused.",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{endpoint.response}"}
                    }
                },
            },
            "401": {
                "description": "Authentication error (Hash doesn't match.)",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/UnauthorizedError"}
                    }
                },
            },
            "429": {
                "description": "Rate limit exceeded.",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/RequestFailedError"}
                    }
                },
            },
        },
        "x-available": endpoint.available,
    }
    if endpoint.aliases:
        operation["x-aliases"] = [f"/{a}" for a in endpoint.aliases]
    if method == "post":
        operation["requestBody"] = {
            "required": any(f.required for f in endpoint.request),
            "content": {
                "application/json": {"schema": _object_schema(endpoint.request)},
                "application/x-www-form-urlencoded": {"schema": _object_schema(endpoint.request)},
            },
        }
    else:
        operation["parameters"] = [
            {
                "name": f.name,
                "in": "query",
                "required": f.required,
                "schema": _schema_for(f),
            }
            for f in endpoint.request
            if f.type not in ("object", "array") or f.items in ("integer", "string")
        ]
    return operation


def openapi_document() -> dict[str, Any]:
    load_sections()
    paths = {
        f"/{endpoint.path}": {
            "post": _operation(endpoint, "post"),
            "get": _operation(endpoint, "get"),
        }
        for endpoint in ENDPOINTS.values()
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "qcweb REST API v2",
            "version": "2.0",
            "description": (
                "QuantConnect-compatible API. Authenticate every request with HTTP Basic "
                "(user name: your API user id; password: sha256 hex of '<api token>:<timestamp>') "
                f"and a Timestamp header (unix seconds, within {conf.timestamp_window()} s of the "
                f"server clock). Rate limit: {conf.rate_limit()} requests per {conf.rate_window()} s "
                "per user. Request fields may be sent as JSON, as a form or (GET) as a query string."
            ),
        },
        "servers": [{"url": BASE_PATH}],
        "security": [{"basic": [], "timestamp": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "timestamp": {"type": "apiKey", "in": "header", "name": "Timestamp"},
            },
            "schemas": {
                name: _object_schema(item.fields, item.description, item.open)
                for name, item in sorted(MODELS.items())
            },
        },
    }


@require_GET
def schema_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"indent": 1})


def _referenced_models(name: str, seen: list[str]) -> list[str]:
    if name in seen or name not in MODELS:
        return seen
    seen.append(name)
    for field in MODELS[name].fields:
        for ref in (field.type, field.items):
            if ref and ref not in TYPES:
                _referenced_models(ref, seen)
    return seen


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    load_sections()
    sections: dict[str, list[dict]] = {}
    for endpoint in ENDPOINTS.values():
        sections.setdefault(endpoint.section, []).append(
            {
                "endpoint": endpoint,
                "models": [MODELS[m] for m in _referenced_models(endpoint.response, [])],
            }
        )
    return render(
        request,
        "api/docs.html",
        {
            "sections": sections,
            "base_path": BASE_PATH,
            "window": conf.timestamp_window(),
            "rate_limit": conf.rate_limit(),
            "rate_window": conf.rate_window(),
            "max_body": conf.max_body_bytes(),
        },
    )
