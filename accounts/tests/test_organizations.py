from __future__ import annotations

import re

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.models import Membership, Organization
from accounts.selectors import get_organization_for_user

pytestmark = pytest.mark.django_db


def switch(client, organization_id, next_url=""):
    return client.post(
        reverse("accounts:organization_switch"),
        {"organization_id": organization_id, "next": next_url},
    )


def test_the_personal_organization_is_current_by_default(member_client, member):
    response = member_client.get(reverse("dashboard"))

    assert response.context["current_organization"].name == "Max Member's Organization"
    assert response.context["current_organization"].is_personal


def test_it_switches_to_another_organization_of_the_user(member_client, organization):
    response = switch(member_client, organization.id)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    response = member_client.get(reverse("dashboard"))
    assert response.context["current_organization"] == organization
    content = response.content.decode()
    assert '<h1 id="organization-name">Acme Capital</h1>' in content
    assert "Team tier" in content
    assert '<dd id="member-count">2</dd>' in content
    assert re.search(r'data-testid="current-organization"[^>]*>Acme Capital</strong>', content)


def test_it_returns_to_the_page_it_came_from(member_client, organization):
    response = switch(member_client, organization.id, next_url="/accounts/")

    assert response.url == "/accounts/"


def test_it_ignores_an_external_next_url(member_client, organization):
    response = switch(member_client, organization.id, next_url="https://evil.example.com/")

    assert response.url == reverse("dashboard")


def test_an_outsider_cannot_switch_to_the_organization(outsider_client, organization):
    response = switch(outsider_client, organization.id)

    assert response.status_code == 404
    dashboard = outsider_client.get(reverse("dashboard"))
    assert dashboard.context["current_organization"] != organization
    assert b"Acme Capital" not in dashboard.content


def test_switching_needs_post(member_client, organization):
    assert member_client.get(reverse("accounts:organization_switch")).status_code == 405


def test_a_removed_member_falls_back_to_the_personal_organization(
    member_client, member, organization
):
    switch(member_client, organization.id)
    Membership.objects.filter(user=member, organization=organization).delete()

    response = member_client.get(reverse("dashboard"))
    assert response.context["current_organization"].is_personal


def test_the_switcher_lists_only_the_users_organizations(member_client, outsider):
    response = member_client.get(reverse("dashboard"))

    names = [o.name for o in response.context["user_organizations"]]
    assert sorted(names) == ["Acme Capital", "Max Member's Organization"]


def test_get_organization_for_user(member, outsider, organization):
    assert get_organization_for_user(member, organization.id) == organization
    with pytest.raises(Http404):
        get_organization_for_user(outsider, organization.id)
    with pytest.raises(Http404):
        get_organization_for_user(member, organization.id, admin=True)
    with pytest.raises(Http404):
        get_organization_for_user(member, "not-a-number")


def test_it_creates_an_organization_owned_by_the_user(outsider_client, outsider):
    response = outsider_client.post(reverse("accounts:organization_create"), {"name": "Quant  Lab"})

    assert response.status_code == 302
    organization = Organization.objects.get(name="Quant Lab")
    assert organization.tier == "free" and not organization.is_personal
    assert Membership.objects.get(organization=organization).user == outsider
    assert outsider_client.get(reverse("dashboard")).context["current_organization"] == organization


def test_organization_names_are_unique(outsider_client, organization):
    response = outsider_client.post(
        reverse("accounts:organization_create"), {"name": "acme capital"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "An organization with this name already exists."
    ]


def test_anonymous_visitors_get_the_landing_page(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "landing.html"
    assert b"Create a free account" in response.content
