"""Login throttling: at most N failed attempts per email + IP address per window.

Counts live in Django's cache (the database cache by default, Redis when REDIS_URL is set), so
every web process sees the same numbers. A success clears the count.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(email: str, ip: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-failures:{digest}"


def _window(email: str, ip: str) -> tuple[int, float]:
    """(failures, end of the window) for this email and IP; (0, 0) when none are recorded."""
    count, window_end = cache.get(_key(email, ip), (0, 0.0))
    if window_end <= time.time():
        return 0, 0.0
    return count, window_end


def login_failures(email: str, ip: str) -> int:
    return _window(email, ip)[0]


def login_blocked(email: str, ip: str) -> bool:
    return login_failures(email, ip) >= settings.LOGIN_RATE_LIMIT


def login_failed(email: str, ip: str) -> int:
    """Count one failure; the window starts at the first failure and is not extended by later
    ones (cache.incr would reset the expiry on some backends, so the end time is stored)."""
    count, window_end = _window(email, ip)
    now = time.time()
    if not count:
        window_end = now + settings.LOGIN_RATE_WINDOW
    count += 1
    cache.set(_key(email, ip), (count, window_end), timeout=max(1, math.ceil(window_end - now)))
    return count


def login_succeeded(email: str, ip: str) -> None:
    cache.delete(_key(email, ip))
