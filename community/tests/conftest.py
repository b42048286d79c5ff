from __future__ import annotations

import pytest

from community.services import discussion_create


@pytest.fixture(autouse=True)
def _own_channel_layer(channel_layer_db):
    """Notifications go through a channel layer of this test, not the developer's var/ one."""
    return channel_layer_db


@pytest.fixture
def moderator(make_user):
    user = make_user("mod@example.com", display_name="Mia Moderator")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def discussion(owner):
    """A discussion started by `owner`."""
    return discussion_create(
        author=owner,
        title="How do I warm up an SMA?",
        body="My `SMA(20)` is not ready on the first day.",
        tags="indicators, warm-up",
    )
