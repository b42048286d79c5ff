from __future__ import annotations

from django.urls import path

from live.consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/live/<int:deployment_id>/", LiveConsumer.as_asgi()),
]
