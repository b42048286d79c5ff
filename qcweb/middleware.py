"""Site-wide HTTP middleware: the request body limit and the Content-Security-Policy header.

`MAX_REQUEST_BODY_BYTES` is the one limit on request bodies, for every URL (pages and the REST
API). Daphne applies it while a body arrives (qcweb/server.py); the middleware applies it under
any server (the test client, WSGI tooling, another ASGI server) before anything parses the body.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

# Clients of the REST API read every refusal from {"success": false, "errors": [...]}.
API_PREFIX = "/api/"


def body_limit() -> int:
    return int(settings.MAX_REQUEST_BODY_BYTES)


def too_large(path: str, limit: int) -> tuple[str, bytes]:
    """Content type and body of the 413 answer for a request to `path`."""
    message = f"The request body is larger than {limit} bytes."
    if path.startswith(API_PREFIX):
        return "application/json", json.dumps({"success": False, "errors": [message]}).encode()
    return "text/plain; charset=utf-8", message.encode()


def _body_length(request: HttpRequest) -> int | None:
    """The declared Content-Length, else the size of a body that came without one; None when the
    header is not a number."""
    declared = request.META.get("CONTENT_LENGTH")
    if declared:
        return int(declared) if declared.isascii() and declared.isdigit() else None
    # No length (a chunked body): WSGI hands Django no body at all, ASGI the whole body as a
    # temporary file (on disk past FILE_UPLOAD_MAX_MEMORY_SIZE). Measure that file, so nothing
    # parses a body past the limit.
    stream = getattr(request, "_stream", None)
    if stream is None or not stream.seekable():
        return 0
    start = stream.tell()
    size = stream.seek(0, 2)
    stream.seek(start)
    return size - start


class RequestBodyLimitMiddleware(MiddlewareMixin):
    """413 for a body over the limit, 400 for a Content-Length that isn't a number (Django would
    fail on it later with a 500), both before the body is read."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        length = _body_length(request)
        if length is None:
            return HttpResponse(
                "The Content-Length header is not a number.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        limit = body_limit()
        if length > limit:
            content_type, body = too_large(request.path, limit)
            return HttpResponse(body, status=413, content_type=content_type)
        return None


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """`SECURE_CSP` (directive -> sources, as Django 6 spells that setting) as the
    Content-Security-Policy header of every response. With Django 6 this class gives way to
    django.middleware.csp.ContentSecurityPolicyMiddleware."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # the research origin (research/origin.py) has a policy of its own
        directives = getattr(request, "content_security_policy", None) or settings.SECURE_CSP
        policy = "; ".join(
            " ".join([directive, *sources]) for directive, sources in directives.items()
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
