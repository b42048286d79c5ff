"""The REST API and the lean CLI are a paid-tier feature (Quant Researcher and above): a Free
organization is refused with a message naming the tier that includes it."""

from __future__ import annotations

import pytest

from accounts.models import Organization
from accounts.selectors import personal_organization
from api.tests.conftest import ExampleClient

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_with_only_a_free_organization_is_refused(live_server, outsider):
    assert personal_organization(outsider).tier == Organization.Tier.FREE  # a new user: Free
    client = ExampleClient(live_server.url, outsider.api_user_id, outsider.api_token)
    message = client.refused("authenticate", status=403)
    assert "need the Quant Researcher tier or higher" in message
    assert "on the Free tier" in message
    assert client.refused("projects/read", status=403) == message


def test_a_free_organization_is_refused_beside_a_paid_one(live_server, owner, organization):
    # owner: a Free personal organization and the Team organization Acme Capital.
    from projects.services import project_create

    personal = personal_organization(owner)
    free_project = project_create(organization=personal, owner=owner, name="Free one")
    team_project = project_create(organization=organization, owner=owner, name="Team one")
    client = ExampleClient(live_server.url, owner.api_user_id, owner.api_token)

    assert client.ok("authenticate")
    assert client.ok("projects/read", {"projectId": team_project.id})["projects"]
    message = client.refused("projects/read", {"projectId": free_project.id}, status=403)
    assert f"organization {personal.name} is on the Free tier" in message
    message = client.refused("projects/read", {"organizationId": str(personal.id)}, status=403)
    assert "Quant Researcher" in message
    # Without organizationId requests work in the organization that has the API.
    created = client.ok("projects/create", {"name": "Via API", "language": "Py"})
    assert created["projects"][0]["organizationId"] == str(organization.id)
    listed = client.ok("organizations/list")["organizations"]
    assert [o["preferred"] for o in listed if o["id"] == str(organization.id)] == [True]


def test_after_an_upgrade_the_api_answers(live_server, outsider):
    client = ExampleClient(live_server.url, outsider.api_user_id, outsider.api_token)
    client.refused("authenticate", status=403)
    organization = personal_organization(outsider)
    organization.tier = Organization.Tier.RESEARCHER
    organization.save(update_fields=["tier"])
    assert client.ok("authenticate") == {"success": True}
