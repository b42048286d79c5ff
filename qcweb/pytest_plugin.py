"""Test environment, loaded by pytest before Django reads settings (pyproject: -p qcweb.pytest_plugin).

Settings default to production-safe values when DEBUG is off; tests speak plain HTTP and run Huey
tasks inline, so switch those off here. Real environment variables still win.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
# Selenium: use the installed chromedriver, never download one.
os.environ.setdefault("SE_OFFLINE", "true")
