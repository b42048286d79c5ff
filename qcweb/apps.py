from __future__ import annotations

from django.apps import AppConfig


class QcwebConfig(AppConfig):
    """Site-wide pieces: shared static files, error views, the SQLite channel layer, the sandbox
    for user code."""

    name = "qcweb"
    verbose_name = "qcweb site"

    def ready(self) -> None:
        from qcweb.sandbox import checks  # noqa: F401 - registers the system check
