"""Account, user and organization reads; nodes and environments; the endpoints answering
"not available yet" (data downloads)."""

from __future__ import annotations

import pytest

from api.registry import ENDPOINTS
from api.tests.conftest import check_model

pytestmark = pytest.mark.django_db(transaction=True)


def test_account_user_and_organizations(api, owner, organization):
    account = api.ok("account/read", {"organizationId": str(organization.id)})
    check_model(account, "AccountResponse")
    assert account["organizationId"] == str(organization.id)
    user = api.ok("user/read")
    check_model(user, "UserResponse")
    assert user["user"]["name"] == owner.name
    read = api.ok("organizations/read", {"organizationId": str(organization.id)})
    check_model(read, "OrganizationResponse")
    members = read["organization"]["members"]
    assert [(m["id"], m["isAdmin"]) for m in members] == [(owner.api_user_id, True)]
    listed = api.ok("organizations/list")
    check_model(listed, "OrganizationListResponse")
    assert {o["id"] for o in listed["organizations"]} == {
        str(o.id) for o in owner.organizations.all()
    }


def test_other_organizations_are_not_found(outsider_api, organization):
    for endpoint in ("account/read", "organizations/read", "nodes/read"):
        message = outsider_api.refused(endpoint, {"organizationId": str(organization.id)})
        assert message == f"organizationId {organization.id}: no such organization."


def test_nodes_and_environments(api, organization):
    nodes = api.ok("nodes/read", {"organizationId": str(organization.id)})
    check_model(nodes, "NodeListResponse")
    environments = api.ok("lean/environments/read")
    check_model(environments, "LeanEnvironmentsResponse")


def test_nodes_read_lists_the_organizations_nodes(api, organization):
    from accounts.models import Node

    node = Node.objects.create(
        organization=organization, kind=Node.Kind.BACKTEST, model="B2-8", name="alpha"
    )
    nodes = api.ok("nodes/read", {"organizationId": str(organization.id)})
    check_model(nodes, "NodeListResponse")
    assert [(n["id"], n["name"], n["busy"]) for n in nodes["backtest"]] == [
        (str(node.id), "alpha", False)
    ]


def test_not_yet_built_endpoints_answer_the_error_shape(api):
    unavailable = [e for e in ENDPOINTS.values() if not e.available]
    paths = {e.path for e in unavailable}
    assert {"data/read"} <= paths
    assert not {p for p in paths if p.startswith("live/")}  # live trading is built
    for endpoint in unavailable:
        message = api.refused(endpoint.path, {})
        assert message.startswith(f"/{endpoint.path} is not available on this server yet:"), message
