"""Research fixtures: the backtests' data and project fixtures, a research node, the run folder."""

from __future__ import annotations

import pytest

from backtests.tests.conftest import bt_settings, demo_data, huey_consumer, make_project  # noqa: F401


@pytest.fixture
def research_settings(bt_settings, tmp_path):  # noqa: F811
    bt_settings.QCWEB_RESEARCH_DIR = tmp_path / "research"
    bt_settings.QCWEB_RESEARCH_RUN_SECONDS = 180
    return bt_settings


@pytest.fixture
def research_node(organization):
    from accounts.models import Node

    return Node.objects.create(
        organization=organization, kind=Node.Kind.RESEARCH, model="R1-4", name="Research 1"
    )
