"""ASGI entry point: HTTP goes to Django, websockets to the consumers in qcweb/routing.py.

Served by daphne (`make run`: `daphne qcweb.asgi:application`).
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcweb.settings")
django_asgi_app = get_asgi_application()  # sets Django up before the routing imports models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from qcweb import server  # noqa: E402
from qcweb.routing import websocket_urlpatterns  # noqa: E402

server.install()  # daphne refuses oversized request bodies as they arrive

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
