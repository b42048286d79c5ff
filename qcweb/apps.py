from __future__ import annotations

from django.apps import AppConfig


class QcwebConfig(AppConfig):
    """Site-wide pieces: shared static files, error views, the SQLite channel layer."""

    name = "qcweb"
    verbose_name = "qcweb site"
