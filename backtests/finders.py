"""A static files finder for plotly.js, taken from the installed `plotly` PyPI package.

`{% static 'plotly/plotly.min.js' %}` resolves to `plotly/package_data/plotly.min.js`, so the
charts need no CDN and the JS always matches the Python figures' plotly version.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "plotly"
PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"
FILES = ("plotly.min.js",)


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PACKAGE_DATA))
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        for name in FILES:
            if path == f"{PREFIX}/{name}":
                match = str(PACKAGE_DATA / name)
                return [match] if find_all or kwargs.get("all") else match
        return [] if (find_all or kwargs.get("all")) else None

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
