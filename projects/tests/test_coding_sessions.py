"""Coding session quotas: Free has one session across its Free organizations, paid tiers a quota
per member per organization (at least the live node count); the quota page closes one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Node, Organization
from accounts.selectors import personal_organization
from accounts.services import organization_create
from projects.models import CodingSession
from projects.services import project_create
from projects.sessions import (
    CODING_SESSION_IDLE,
    CodingSessionLimit,
    coding_session_open,
    coding_session_quota,
)

pytestmark = pytest.mark.django_db


def _projects(organization, owner, count):
    return [
        project_create(organization=organization, owner=owner, name=f"P{i}") for i in range(count)
    ]


def test_free_allows_one_session_across_free_organizations(owner):
    personal = personal_organization(owner)
    other_free = organization_create(name="Second Free", owner=owner)
    first = project_create(organization=personal, owner=owner, name="A")
    second = project_create(organization=other_free, owner=owner, name="B")
    coding_session_open(user=owner, project=first)
    coding_session_open(user=owner, project=first)  # the same project again: the same session
    with pytest.raises(CodingSessionLimit) as refused:
        coding_session_open(user=owner, project=second)
    assert "The Free tier allows 1 open coding session across your Free organizations" in (
        refused.value.message
    )
    assert "The Quant Researcher tier and above allow more coding sessions" in refused.value.message
    assert [s.project for s in refused.value.sessions] == [first]


def test_a_paid_organization_counts_apart_and_has_the_tiers_quota(owner, organization):
    # organization: Team, 4 sessions per member; the Free personal session does not count there.
    coding_session_open(
        user=owner,
        project=project_create(organization=personal_organization(owner), owner=owner, name="F"),
    )
    projects = _projects(organization, owner, 5)
    for project in projects[:4]:
        coding_session_open(user=owner, project=project)
    with pytest.raises(CodingSessionLimit) as refused:
        coding_session_open(user=owner, project=projects[4])
    assert "The Team tier allows 4 open coding sessions in Acme Capital" in refused.value.message
    assert "The Trading Firm tier and above allow more coding sessions" in refused.value.message


def test_the_quota_rises_to_the_live_node_count(organization):
    assert coding_session_quota(organization) == 4
    for i in range(6):
        Node.objects.create(organization=organization, kind="live", model="L-MICRO", name=f"L{i}")
    assert coding_session_quota(organization) == 6


def test_an_idle_session_no_longer_counts(owner):
    first, second = _projects(personal_organization(owner), owner, 2)
    coding_session_open(user=owner, project=first)
    CodingSession.objects.update(
        last_seen=timezone.now() - CODING_SESSION_IDLE - timedelta(seconds=1)
    )
    coding_session_open(user=owner, project=second)


def test_the_ide_shows_the_quota_page_and_closing_a_session_opens_the_project(owner, owner_client):
    personal = personal_organization(owner)
    assert personal.tier == Organization.Tier.FREE
    first, second = _projects(personal, owner, 2)
    assert owner_client.get(reverse("projects:detail", args=[first.pk])).status_code == 200
    page = owner_client.get(reverse("projects:detail", args=[second.pk]))
    assert page.status_code == 429
    text = page.content.decode()
    assert "The Free tier allows 1 open coding session" in text and "P0" in text
    session = CodingSession.objects.get(project=first)
    response = owner_client.post(reverse("projects:session_close", args=[second.pk, session.pk]))
    assert response.status_code == 302
    assert owner_client.get(response.url).status_code == 200
    assert list(CodingSession.objects.values_list("project", flat=True)) == [second.pk]


def test_the_ping_keeps_the_session_and_reloads_when_the_quota_is_full(owner, owner_client):
    first, second = _projects(personal_organization(owner), owner, 2)
    owner_client.get(reverse("projects:detail", args=[first.pk]))
    ping = reverse("projects:session_ping", args=[first.pk])
    assert owner_client.post(ping).status_code == 204
    CodingSession.objects.all().delete()  # closed from another tab, which opened `second`
    coding_session_open(user=owner, project=second)
    response = owner_client.post(ping, HTTP_HX_REQUEST="true")
    assert response.headers["HX-Refresh"] == "true"


def test_closing_another_users_session_does_nothing(owner, outsider, outsider_client):
    project = _projects(personal_organization(owner), owner, 1)[0]
    session = coding_session_open(user=owner, project=project)
    mine = _projects(personal_organization(outsider), outsider, 1)[0]
    outsider_client.post(reverse("projects:session_close", args=[mine.pk, session.pk]))
    assert CodingSession.objects.filter(pk=session.pk).exists()
    # and another organization's project is not found
    response = outsider_client.post(
        reverse("projects:session_close", args=[project.pk, session.pk])
    )
    assert response.status_code == 404
