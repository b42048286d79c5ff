"""Personas shared by all app tests: an organization with an owner and a member, and an outsider.

owner       owns `organization` (Team tier, "Acme Capital"), plus their personal organization
member      a plain member of `organization`
outsider    only has their own personal organization; use it for cross-organization tests
*_client    Django test clients logged in as each persona
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Membership, Organization, User
from accounts.services import organization_create, user_signup

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    cache.clear()  # it holds login rate-limit counters; start from zero

    def make(email: str, *, display_name: str = "", password: str = PASSWORD) -> User:
        return user_signup(email=email, password=password, display_name=display_name)

    return make


@pytest.fixture
def owner(make_user) -> User:
    return make_user("owner@example.com", display_name="Olivia Owner")


@pytest.fixture
def organization(owner) -> Organization:
    organization = organization_create(name="Acme Capital", owner=owner)
    organization.tier = Organization.Tier.TEAM
    organization.save(update_fields=["tier"])
    return organization


@pytest.fixture
def member(make_user, organization) -> User:
    user = make_user("member@example.com", display_name="Max Member")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def outsider(make_user) -> User:
    return make_user("outsider@example.com", display_name="Oscar Outsider")


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _client_for(owner)


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder instead of var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def channel_layer_db(settings, tmp_path, db) -> str:
    """Point the default channel layer at a fresh SQLite file (returns its path).

    Requests `db` because channels' consumers close stale Django connections around each event
    (`aclose_old_connections`): once an earlier test has opened a connection, that touches the
    database, which pytest-django would otherwise block."""
    path = str(tmp_path / "channels.sqlite3")
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "qcweb.channel_layer.SQLiteChannelLayer", "CONFIG": {"path": path}}
    }
    return path


def processes_with(*markers: str) -> list[int]:
    """Pids of this machine's processes whose command line holds every marker (not this one)."""
    wanted = [m.encode() for m in markers]
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if all(m in cmdline for m in wanted):
            found.append(int(entry.name))
    return found
