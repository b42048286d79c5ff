from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API v2"

    def ready(self) -> None:
        from api import registry

        registry.load_sections()
