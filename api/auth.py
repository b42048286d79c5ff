"""QuantConnect REST API v2 authentication: HTTP Basic with the API user id and sha256("<token>:<timestamp>"), plus a
`Timestamp` header (unix seconds). The timestamp must be within `API_TIMESTAMP_WINDOW` seconds of
the server clock, so a captured hash stops working. Every refusal starts with "Hash doesn't
match." (what the lean CLI recognises as bad credentials)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

from django.http import HttpRequest

from accounts.models import User
from api import conf
from api.parsing import int64
from api.registry import ApiError

HASH_MISMATCH = "Hash doesn't match."


def token_hash(token: str, timestamp: str | int) -> str:
    return hashlib.sha256(f"{token}:{timestamp}".encode()).hexdigest()


def _refuse(detail: str = "") -> ApiError:
    return ApiError(f"{HASH_MISMATCH} {detail}".strip(), status=401)


def authenticate(request: HttpRequest, *, now: float | None = None) -> User:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        raise _refuse("Send HTTP Basic authorization: your API user id and the hashed token.")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _refuse("The Authorization header is not valid base64.") from None
    user_id, _, hashed = decoded.partition(":")
    stamp = request.META.get("HTTP_TIMESTAMP", "").strip()
    if not stamp:
        raise _refuse("The Timestamp header (unix seconds) is missing.")
    try:
        stamp_value = int(stamp)
    except ValueError:
        raise _refuse("The Timestamp header must be unix seconds.") from None
    window = conf.timestamp_window()
    current = time.time() if now is None else now
    if abs(current - stamp_value) > window:
        raise _refuse(f"The Timestamp is more than {window} seconds away from the server time.")
    user = None
    number = int64(user_id)
    if number is not None:
        user = User.objects.filter(api_user_id=number, is_active=True).first()
    # Compare even for unknown users, so timing does not reveal which ids exist.
    expected = token_hash(user.api_token if user else "-", stamp)
    if not hmac.compare_digest(expected, hashed.strip().lower()) or user is None:
        raise _refuse()
    return user
