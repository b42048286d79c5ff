"""The personal organization's free nodes (B-MICRO, R1-4) after an upgrade from Free: they stay
until the first node of their kind is subscribed to, as the Resources page says, on every page
and in the API the lean CLI reads."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.billing import services as billing
from accounts.selectors import personal_organization
from accounts.services import nodes as node_services
from accounts.tests.conftest import GOOD_CARD

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def upgraded(owner, owner_client):
    personal = personal_organization(owner)
    billing.payment_method_set(
        organization=personal, actor=owner, number=GOOD_CARD, exp_month=1, exp_year=2041, cvc="999"
    )
    response = owner_client.post(
        reverse("accounts:organization_tier", args=[personal.id]), {"tier": "researcher"}
    )
    assert response.status_code in (200, 302)
    personal.refresh_from_db()
    assert personal.tier == "researcher"
    return personal


def test_the_free_nodes_stay_after_an_upgrade(owner_client, upgraded):
    from api.projects import organization_nodes
    from backtests.selectors import backtest_nodes_for

    text = _text(owner_client.get(reverse("accounts:organization_resources", args=[upgraded.id])))
    assert "B-MICRO (free)" in text and "R1-4 (free)" in text
    assert "replaced by the first node of its kind you subscribe to" in text
    owner_client.post(reverse("accounts:organization_switch"), {"organization_id": upgraded.id})
    text = _text(owner_client.get("/"))
    assert re.search(r"Backtest nodes 1 of \d+", text), text
    assert re.search(r"Research nodes 1 of \d+", text), text
    assert backtest_nodes_for(upgraded) == 1
    nodes = organization_nodes(upgraded)
    assert [(n["id"], n["name"], n["sku"]) for n in nodes["backtest"]] == [
        ("free-backtest", "B-MICRO (free)", "B-MICRO")
    ]
    assert [n["sku"] for n in nodes["research"]] == ["R1-4"] and nodes["live"] == []
    assert nodes["backtest"][0]["price"] == {"monthly": 0, "yearly": 0}


def test_the_project_page_names_the_free_node_and_the_api_accepts_it(owner, owner_client, upgraded):
    from projects.services import ProjectError, project_create, project_set_nodes

    project = project_create(organization=upgraded, owner=owner, name="Free node")
    text = _text(owner_client.get(reverse("projects:detail", args=[project.id])))
    assert "on the organization's free B-MICRO node (they start after a 20-second delay)" in text
    # choosing the free node is choosing no node: it runs the backtests of such projects
    assert project_set_nodes(project=project, node_ids=["free-backtest"]) == []
    assert not project.active_nodes.exists()
    node_services.node_add(organization=upgraded, model="B2-8", actor=owner, name="fast")
    with pytest.raises(ProjectError, match="no such node"):
        project_set_nodes(project=project, node_ids=["free-backtest"])


def test_the_first_node_of_a_kind_replaces_its_free_node(owner, owner_client, upgraded):
    from api.projects import organization_nodes

    node_services.node_add(organization=upgraded, model="B2-8", actor=owner, name="fast")
    page = owner_client.get(reverse("accounts:organization_resources", args=[upgraded.id]))
    text = _text(page)
    assert "B-MICRO (free)" not in text and 'value="fast"' in page.content.decode()
    assert "R1-4 (free)" in text  # the research node is still the free one
    nodes = organization_nodes(upgraded)
    assert [(n["sku"], n["name"]) for n in nodes["backtest"]] == [("B2-8", "fast")]
    assert [n["sku"] for n in nodes["research"]] == ["R1-4"]
