"""API settings, read in one place (defaults here; override in qcweb/settings.py or env).

API_TIMESTAMP_WINDOW   seconds a request's Timestamp may differ from the server clock (3600)
API_RATE_LIMIT         requests per user per window (300)
API_RATE_WINDOW        seconds of the rate-limit window (60)

The largest request body is the site's MAX_REQUEST_BODY_BYTES (8 MB; the lean CLI pushes whole
projects), applied to every URL before any view runs (qcweb/middleware.py).
"""

from __future__ import annotations

from django.conf import settings

from qcweb.middleware import body_limit


def timestamp_window() -> int:
    return int(getattr(settings, "API_TIMESTAMP_WINDOW", 3600))


def rate_limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT", 300))


def rate_window() -> int:
    return int(getattr(settings, "API_RATE_WINDOW", 60))


def max_body_bytes() -> int:
    return body_limit()
