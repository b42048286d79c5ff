"""ASGI entry point: HTTP goes to Django, websockets to the consumers in qcweb/routing.py.

Served by daphne (`make run`: `daphne qcweb.asgi:application`).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcweb.settings")
django.setup(set_prefix=False)  # as get_asgi_application(), before the imports of models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.http import HttpRequest, HttpResponseBase  # noqa: E402

from qcweb import server  # noqa: E402
from qcweb.routing import websocket_urlpatterns  # noqa: E402
from research.origin import is_research_host  # noqa: E402


class SiteASGIHandler(ASGIHandler):
    """Django's ASGI handler, but a site request runs the middleware chain and the view in one
    thread, as under WSGI (Django's sync `BaseHandler`, the same MIDDLEWARE).

    Django's own ASGIHandler runs the chain in async mode: every async-capable middleware built
    on `MiddlewareMixin` (all of Django's, and ours) then calls its `process_request` /
    `process_response` through `sync_to_async`, and WhiteNoise (sync only) switches back with
    `async_to_sync`: about a dozen thread hops per request, each a round trip through the event
    loop, before the (sync) view runs. Here a site request crosses into the sync thread once.

    The research origin (research/origin.py) keeps Django's async chain: its JupyterLab proxy
    (research/proxy.py) is an async view that waits on the notebook server, and in the one sync
    thread that wait would hold up every other request."""

    def __init__(self) -> None:
        super().__init__()  # the async chain, for the research origin
        self.sync_handler = BaseHandler()
        self.sync_handler.load_middleware(is_async=False)
        # A fixed pool of threads rather than Django's new thread per request: each thread keeps
        # its database connection between requests (CONN_MAX_AGE in the settings; connections
        # belong to a thread), so a request does not open and close one (1-1.5 ms on SQLite).
        # A few threads, not one, so a slow view (a large result file) does not hold up the rest;
        # not many more: on the results-page bench 16 threads spent 11.6 ms of CPU a request
        # against 8.9 ms for 4 (they contend for the interpreter), and the p95 doubled.
        self.pool = ThreadPoolExecutor(
            max_workers=max(1, int(os.environ.get("WEB_THREADS", "4"))),
            thread_name_prefix="site-request",
        )

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """A site request without Django's per-request `ThreadSensitiveContext`: asgiref gives
        each such context its own executor, a new thread per request and another to join it at
        the end (two thread starts a request, the event loop waiting on each while the request
        threads hold the interpreter). The only thread-sensitive calls left here are the
        request_started / request_finished signals, which now run in asgiref's one shared
        thread; the view and its database work run in the pool."""
        if scope["type"] == "http" and not is_research_host(_host(scope)):
            await self.handle(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    def serve(self, request: HttpRequest) -> HttpResponseBase:
        """One site request in a pool thread. Django checks a thread's connections when a
        request starts and ends (the request_started / request_finished signals), but it sends
        those from another thread under ASGI: the pool thread checks its own here, closing a
        connection that broke or passed CONN_MAX_AGE."""
        close_old_connections()
        try:
            return self.sync_handler.get_response(request)
        finally:
            close_old_connections()

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        if is_research_host(request.META.get("HTTP_HOST", "")):
            return await super().get_response_async(request)
        return await asyncio.get_running_loop().run_in_executor(self.pool, self.serve, request)


def _host(scope: dict) -> str:
    """The request's Host header (as `HTTP_HOST` in Django's request.META)."""
    for name, value in scope.get("headers") or ():
        if name == b"host":
            return value.decode("latin1")
    return ""


server.install()  # daphne refuses oversized request bodies as they arrive

application = ProtocolTypeRouter(
    {
        "http": SiteASGIHandler(),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
