"""Per-user request limit: API_RATE_LIMIT requests per API_RATE_WINDOW seconds (fixed window,
counted in the shared cache so every web process sees the same count)."""

from __future__ import annotations

import time

from django.core.cache import cache

from api import conf
from api.registry import ApiError


def check_rate(user_id: int) -> None:
    limit, window = conf.rate_limit(), conf.rate_window()
    if limit <= 0:
        return
    bucket = int(time.time() // window)
    key = f"api-rate:{user_id}:{bucket}"
    if cache.add(key, 1, timeout=window * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window * 2)
            count = 1
    if count > limit:
        retry = window - int(time.time()) % window
        raise ApiError(
            f"Rate limit exceeded: at most {limit} requests per {window} seconds per user. "
            f"Retry in {retry} seconds.",
            status=429,
        )
