"""Request data: query string (GET) plus a JSON or form body (POST), validated against the
endpoint's declared fields. Form bodies may use PHP-style nested names, as the lean CLI sends
`projects/update`: `files[0][name]=main.py&files[0][content]=...&parameters[0][key]=...`.

Hostile values are refused here, once for every field: nesting deeper than MAX_DEPTH (400),
integers outside 64 bits (no id or count column holds them), NUL characters and unpaired
surrogates (no database text column stores them; UTF-8 can't even encode a surrogate)."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest

from api.registry import ApiError, Endpoint, Field

MAX_FORM_FIELDS = 20000
MAX_DEPTH = 32  # objects and arrays within one another; the deepest real request has 3
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
TOO_DEEP = f"The request body is nested more than {MAX_DEPTH} levels deep."
_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_INTEGER_RE = re.compile(r"\s*-?[0-9]+\s*")
_BAD_TEXT_RE = re.compile("[\x00\ud800-\udfff]")


def read_body(request: HttpRequest) -> bytes:
    # RequestBodyLimitMiddleware has refused bodies past the site's limit (api/conf.py), which is
    # also DATA_UPLOAD_MAX_MEMORY_SIZE.
    return request.body


def _integer(value: Any) -> int | None:
    """An int, an integral float or a string of ASCII digits as an int, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and _INTEGER_RE.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts
            return None
    return None


def _fits(number: int) -> bool:
    return INT64_MIN <= number <= INT64_MAX


def int64(value: Any) -> int | None:
    """`value` as an int if it is one (see _integer) within 64 bits, else None: an id that can't
    exist, for ids the API receives as strings."""
    number = _integer(value)
    return number if number is not None and _fits(number) else None


def _out_of_range(name: str) -> ApiError:
    return ApiError(f"{name} must be an integer from {INT64_MIN} to {INT64_MAX}.")


def _check_text(name: str, text: str) -> None:
    if _BAD_TEXT_RE.search(text):
        label = ascii(name) if _BAD_TEXT_RE.search(name) else name
        raise ApiError(f"{label} must be text without NUL characters or unpaired surrogates.")


def _check_values(data: dict[str, Any]) -> None:
    """Walk every value (without recursion: the nesting is what may be hostile) and refuse what
    would fail deep inside a service, naming the top-level field."""
    stack: list[tuple[str, Any, int]] = []
    for name, value in data.items():
        _check_text(name, name)
        stack.append((name, value, 1))
    while stack:
        name, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ApiError(TOO_DEEP, status=400)
            for key, item in value.items() if isinstance(value, dict) else enumerate(value):
                if isinstance(key, str):
                    _check_text(name, key)
                stack.append((name, item, depth + 1))
        elif isinstance(value, str):
            _check_text(name, value)
        elif isinstance(value, int) and not isinstance(value, bool) and not _fits(value):
            raise _out_of_range(name)


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY_RE.match(key)
        if not match:
            root[key] = value
            continue
        parts = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        if len(parts) > MAX_DEPTH:
            raise ApiError(TOO_DEEP, status=400)
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
        if value and all(k.isascii() and k.isdigit() for k in value):
            return [value[k] for k in sorted(value, key=int)]
    return value


def raw_data(request: HttpRequest) -> tuple[dict[str, Any], bool]:
    """(data, typed): typed is True when the values came from JSON (types must match)."""
    data: dict[str, Any] = _nest(
        parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    )
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
            # Uploads (object/set): the fields join the data, the files stay on request.FILES.
            try:
                fields = request.POST
            except Exception as exc:  # MultiPartParserError, TooManyFieldsSent, ...
                raise ApiError(f"The multipart request body is not valid: {exc}.") from None
            data.update(_nest(list(fields.items())))
        else:
            try:
                parsed = json.loads(body, parse_constant=_json_constant, parse_float=_json_float)
            except RecursionError:
                raise ApiError(TOO_DEEP, status=400) from None
            except (ValueError, UnicodeDecodeError) as exc:
                raise ApiError(f"The request body is not valid JSON: {exc}.", status=400) from None
            if not isinstance(parsed, dict):
                raise ApiError("The JSON request body must be an object.", status=400)
            data.update(parsed)
            typed = True
    _check_values(data)
    return data, typed


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def coerce(field: Field, value: Any, typed: bool) -> Any:
    """The value converted to the field's type, or ApiError naming the field. Strings from
    query strings and forms are converted; JSON values must already have the right type (an
    integer may also come as a string of digits, as QuantConnect's API types some ids as strings)."""
    kind = field.type
    name = field.name
    if value is None:
        if field.required:
            raise ApiError(f"{name} is required.")
        return None
    if kind == "integer":
        number = _integer(value)
        if number is None:
            raise ApiError(f"{name} must be an integer.")
        if not _fits(number):
            raise _out_of_range(name)
        return number
    if kind == "number":
        if isinstance(value, bool):
            raise ApiError(f"{name} must be a number.")
        if isinstance(value, int | float):
            return value
        if isinstance(value, str) and not typed:
            try:
                number = float(value)
            except ValueError:
                pass
            else:
                if math.isfinite(number):
                    return number
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
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (not typed or name.endswith("Id"))
        ):
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
