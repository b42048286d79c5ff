"""Login throttling: at most N failed attempts per email + IP address per window.

Counts live in Django's cache (the database cache by default, Redis when REDIS_URL is set), so
every web process sees the same numbers. A success clears the count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(email: str, ip: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_failures(email: str, ip: str) -> int:
    return cache.get(_key(email, ip), 0)


def login_blocked(email: str, ip: str) -> bool:
    return login_failures(email, ip) >= settings.LOGIN_RATE_LIMIT


def login_failed(email: str, ip: str) -> int:
    """Count one failure; the window starts at the first failure."""
    key = _key(email, ip)
    if cache.add(key, 1, timeout=settings.LOGIN_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.LOGIN_RATE_WINDOW)
        return 1


def login_succeeded(email: str, ip: str) -> None:
    cache.delete(_key(email, ip))
