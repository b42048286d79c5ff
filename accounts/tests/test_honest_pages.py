"""Pages say what the organization has, in words for the user: node counts (the free node too)
beside the tier's limits, and plain empty states."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import Node
from accounts.selectors import personal_organization

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_dashboard_shows_node_counts_not_tier_limits(owner_client, owner, organization):
    # Acme Capital: Team (10 backtest nodes allowed), one backtest node bought.
    Node.objects.create(organization=organization, kind="backtest", model="B2-8", name="B1")
    owner_client.post(reverse("accounts:organization_switch"), {"organization_id": organization.id})
    text = _text(owner_client.get("/"))
    assert "Backtest nodes 1 of 10" in text
    assert "Live nodes 0 of 10" in text


def test_the_free_node_counts_on_the_personal_organization(owner_client, owner):
    personal = personal_organization(owner)
    text = _text(owner_client.get("/"))
    assert "Backtest nodes 1 of 1" in text and "Research nodes 1 of 1" in text
    page = owner_client.get(reverse("accounts:organization_resources", args=[personal.id]))
    text = _text(page)
    assert "1 of 1 on the Free tier" in text and "0 of 1" not in text
    assert "placeholder" not in text
    assert 'class="table-scroll"' in page.content.decode()


def test_billing_empty_states_speak_to_the_user(owner_client, owner):
    personal = personal_organization(owner)
    text = _text(owner_client.get(reverse("accounts:billing", args=[personal.id])))
    assert "No entries found" not in text
    assert "No card on file" in text and "No credit activity yet" in text


def test_destructive_actions_look_dangerous_and_ask_first(owner_client, owner, organization, card):
    html = owner_client.get(reverse("accounts:account")).content.decode()
    token = html[html.index("accounts/api-token") - 400 :].split("</form>")[0]
    assert "hx-confirm=" in token and 'class="button button-danger">Regenerate token' in token
    Node.objects.create(organization=organization, kind="backtest", model="B2-8", name="B1")
    html = owner_client.get(reverse("accounts:billing", args=[organization.id])).content.decode()
    remove_card = html[: html.index('id="card-remove"')].rsplit("<form", 1)[1]
    assert "data-confirm=" in remove_card and "button-danger" in remove_card
    html = owner_client.get(
        reverse("accounts:organization_resources", args=[organization.id])
    ).content.decode()
    remove_node = html[html.index('data-confirm="Remove B1?"') :].split("</form>")[0]
    assert 'class="button button-danger button-small">Remove' in remove_node
