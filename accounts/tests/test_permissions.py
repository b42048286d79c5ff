"""The permission matrix: one test per role per action, then the views that enforce it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership, Organization
from accounts.permissions import MATRIX, can, role_can

pytestmark = pytest.mark.django_db

EXPECTED = {
    # action: (owner, admin, member)
    "view": (True, True, True),
    "use_nodes": (True, True, True),
    "spend_credit": (True, True, True),
    "leave": (False, True, True),
    "edit_branding": (True, True, False),
    "invite_member": (True, True, False),
    "remove_member": (True, True, False),
    "assign_nodes": (True, True, False),
    "stop_nodes": (True, True, False),
    "change_roles": (True, False, False),
    "manage_billing": (True, False, False),
    "transfer_ownership": (True, False, False),
    "delete_organization": (True, False, False),
}
ROLES = ("owner", "admin", "member")


def test_the_expectations_cover_every_action():
    assert set(EXPECTED) == set(MATRIX)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role_index", range(3), ids=ROLES)
def test_role_can(action, role_index):
    assert role_can(ROLES[role_index], "team", action) is EXPECTED[action][role_index]


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_non_members_can_do_nothing(action, outsider, organization):
    assert can(outsider, organization, action) is False


@pytest.mark.parametrize("tier", ["trading_firm", "institution"])
def test_billing_is_delegated_to_admins_on_trading_firm_and_institution(tier):
    assert role_can("admin", tier, "manage_billing")
    assert not role_can("member", tier, "manage_billing")


@pytest.mark.parametrize("tier", ["free", "researcher", "team"])
def test_billing_stays_with_the_owner_on_lower_tiers(tier):
    assert not role_can("admin", tier, "manage_billing")


def test_can_reads_the_membership(owner, member, admin, organization):
    assert can(owner, organization, "delete_organization")
    assert can(admin, organization, "invite_member")
    assert not can(member, organization, "invite_member")


# Views enforce the matrix: 403 for members without the permission.
POSTS = {
    "invite_member": (
        "accounts:organization_members",
        {"email": "new@example.com", "role": "member"},
    ),
    "edit_branding": ("accounts:organization_rename", {"name": "Acme Two"}),
    "manage_billing": ("accounts:organization_tier", {"tier": "trading_firm"}),
    "delete_organization": ("accounts:organization_delete", {"confirm_name": "Acme Capital"}),
}


@pytest.mark.parametrize("action", sorted(POSTS))
@pytest.mark.parametrize("persona", ["owner", "admin", "member"])
def test_views_enforce_the_matrix(action, persona, request, organization, card):
    request.getfixturevalue(persona)
    client = request.getfixturevalue(f"{persona}_client")
    name, data = POSTS[action]
    response = client.post(reverse(name, args=[organization.id]), data)
    allowed = EXPECTED[action][ROLES.index(persona)]
    assert (response.status_code != 403) is allowed
    if not allowed:
        assert Organization.objects.filter(
            pk=organization.pk, name="Acme Capital", tier="team"
        ).exists()
        assert Membership.objects.filter(organization=organization).count() == 2
        assert not organization.invitations.exists()
