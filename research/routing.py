from __future__ import annotations

from django.urls import re_path

from research.consumers import JupyterProxyConsumer

websocket_urlpatterns = [
    re_path(r"^research/(?P<project_id>\d+)/lab/", JupyterProxyConsumer.as_asgi()),
]
