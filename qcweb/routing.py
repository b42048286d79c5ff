"""Websocket routes of every app, collected in one list for qcweb/asgi.py.

Each app keeps its own `routing.py` with a `websocket_urlpatterns` list; add it here.
"""

from __future__ import annotations

from accounts.routing import websocket_urlpatterns as accounts_routes
from backtests.routing import websocket_urlpatterns as backtests_routes
from live.routing import websocket_urlpatterns as live_routes
from research.routing import websocket_urlpatterns as research_routes

websocket_urlpatterns = [
    *accounts_routes,
    *backtests_routes,
    *live_routes,
    *research_routes,
]
