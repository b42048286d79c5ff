"""Shared pytest setup for every app. Personas and helpers live in tests/fixtures.py."""

from __future__ import annotations

pytest_plugins = ["tests.fixtures"]
