"""Request data: query string (GET) plus a JSON or form body (POST), validated against the
endpoint's declared fields. Form bodies may use PHP-style nested names, as the lean CLI sends
`projects/update`: `files[0][name]=main.py&files[0][content]=...&parameters[0][key]=...`."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest

from api.registry import ApiError, Endpoint, Field

MAX_FORM_FIELDS = 20000
_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def read_body(request: HttpRequest) -> bytes:
    # RequestBodyLimitMiddleware has refused bodies past the site's limit (api/conf.py), which is
    # also DATA_UPLOAD_MAX_MEMORY_SIZE.
    return request.body


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY_RE.match(key)
        if not match:
            root[key] = value
            continue
        parts = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "":  # "libraries[]" appends
                part = str(len(node))
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
    return _listify(root)


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: _listify(v) for k, v in value.items()}
        if value and all(k.isdigit() for k in value):
            return [value[k] for k in sorted(value, key=int)]
    return value


def raw_data(request: HttpRequest) -> tuple[dict[str, Any], bool]:
    """(data, typed): typed is True when the values came from JSON (types must match)."""
    data: dict[str, Any] = _nest(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True))
    typed = False
    body = read_body(request)
    if body.strip():
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            text = body.decode("utf-8", errors="replace")
            try:
                pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
            except ValueError:
                raise ApiError(f"Too many form fields (at most {MAX_FORM_FIELDS}).") from None
            data.update(_nest(pairs))
        elif content_type == "multipart/form-data":
            raise ApiError("Send the request body as JSON or as application/x-www-form-urlencoded.")
        else:
            try:
                parsed = json.loads(body)
            except (ValueError, UnicodeDecodeError) as exc:
                raise ApiError(f"The request body is not valid JSON: {exc}.", status=400) from None
            if not isinstance(parsed, dict):
                raise ApiError("The JSON request body must be an object.", status=400)
            data.update(parsed)
            typed = True
    return data, typed


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def coerce(field: Field, value: Any, typed: bool) -> Any:
    """The value converted to the field's type, or ApiError naming the field. Strings from
    query strings and forms are converted; JSON values must already have the right type (an
    integer may also come as a string of digits, as the seed types some ids as strings)."""
    kind = field.type
    name = field.name
    if value is None:
        if field.required:
            raise ApiError(f"{name} is required.")
        return None
    if kind == "integer":
        if isinstance(value, bool):
            raise ApiError(f"{name} must be an integer.")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
            return int(value)
        raise ApiError(f"{name} must be an integer.")
    if kind == "number":
        if isinstance(value, bool):
            raise ApiError(f"{name} must be a number.")
        if isinstance(value, int | float):
            return value
        if isinstance(value, str) and not typed:
            try:
                return float(value)
            except ValueError:
                pass
        raise ApiError(f"{name} must be a number.")
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ApiError(f"{name} must be true or false.")
    if kind in ("string", "date-time"):
        if isinstance(value, str):
            if field.enum and value not in field.enum:
                options = ", ".join(repr(o) for o in field.enum)
                raise ApiError(f"{name} must be one of {options}.")
            return value
        # Ids may come as numbers (ours are numeric); other strings must be strings in JSON.
        if isinstance(value, int) and not isinstance(value, bool) and (not typed or name.endswith("Id")):
            return str(value)
        raise ApiError(f"{name} must be a string.")
    if kind == "array":
        if value == "" and not typed:
            return []
        if isinstance(value, dict) and not value:
            return []
        if not isinstance(value, list):
            raise ApiError(f"{name} must be an array.")
        if field.items in ("integer", "string", "number", "boolean"):
            item_field = Field(f"{name}[]", field.items, required=True)
            return [coerce(item_field, item, typed) for item in value]
        return value
    if kind == "object":
        if value == "" and not typed:
            return {}
        if isinstance(value, list) and not value:
            return {}
        if not isinstance(value, dict):
            raise ApiError(f"{name} must be an object.")
        return value
    return value


def validate(endpoint: Endpoint, data: dict[str, Any], typed: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for field in endpoint.request:
        present = [n for n in (field.name, *field.aliases) if n in data]
        if not present:
            if field.required:
                raise ApiError(f"{field.name} is required.")
            continue
        value = data[present[0]]
        if value is None and not field.required:
            continue
        if isinstance(value, str) and value == "" and field.type in ("integer", "number"):
            if field.required:
                raise ApiError(f"{field.name} is required.")
            continue
        clean[field.name] = coerce(field, value, typed)
    return clean
