"""QuantConnect REST API v2 Authentication, plus the account, user and organization reads the lean CLI
makes (`lean whoami`, `lean cloud status`): account/read, user/read, organizations/read|list."""

from __future__ import annotations

from accounts.models import Membership
from accounts.selectors import credit_balance, organization_list_for_user, personal_organization
from api.common import api_organizations, organization_for
from api.registry import Call, Field, endpoint, model

SECTION = "Authentication and account"

ORGANIZATION_ID = Field(
    "organizationId", "string", "Id of the organization (default: your personal organization)."
)

model(
    "AccountResponse",
    "The organization's account: its id and QCC credit balance.",
    [
        Field("organizationId", "string", "Id of the organization.", required=True),
        Field("creditBalance", "number", "QCC credit balance.", required=True),
        Field(
            "card", "object", "Card on file (none: qcweb takes no card payments).", nullable=True
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "User",
    "The authenticated user.",
    [
        Field("name", "string", "Display name.", required=True),
        Field("profile", "string", "Profile URL path.", required=True),
        Field("badge", "string", "Badge (none).", nullable=True),
    ],
)
model(
    "UserResponse",
    "The authenticated user.",
    [
        Field("user", "User", "The user.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "OrganizationMember",
    "A member of an organization.",
    [
        Field("id", "integer", "The member's API user id.", required=True),
        Field("name", "string", "Display name.", required=True),
        Field("isAdmin", "boolean", "Owner or admin of the organization.", required=True),
        Field("email", "string", "Email address.", required=True),
    ],
)
model(
    "OrganizationCredit",
    "QCC credit of an organization.",
    [
        Field("movements", "array", "Ledger entries, newest first.", required=True, items="object"),
        Field("balance", "number", "Current balance.", required=True),
    ],
)
model(
    "Organization",
    "An organization the user is a member of.",
    [
        Field("id", "string", "Organization id.", required=True),
        Field("name", "string", "Name.", required=True),
        Field("seats", "integer", "Members.", required=True),
        Field("type", "string", "Tier.", required=True),
        Field("credit", "OrganizationCredit", "QCC credit.", required=True),
        Field("products", "array", "Subscribed products.", required=True, items="object"),
        Field("data", "object", "Data agreement state ({signedTime, current}).", required=True),
        Field("members", "array", "Members.", required=True, items="OrganizationMember"),
    ],
)
model(
    "OrganizationResponse",
    "One organization.",
    [
        Field("organization", "Organization", "The organization.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "OrganizationSummary",
    "An organization in a list.",
    [
        Field("id", "string", "Organization id.", required=True),
        Field("name", "string", "Name.", required=True),
        Field("type", "string", "Tier.", required=True),
        Field("ownerName", "string", 'Name of the owner ("You" for your own).', required=True),
        Field("members", "integer", "Number of members.", required=True),
        Field("preferred", "boolean", "The user's default organization.", required=True),
    ],
)
model(
    "OrganizationListResponse",
    "The organizations the user is a member of.",
    [
        Field(
            "organizations", "array", "Organizations.", required=True, items="OrganizationSummary"
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)


@endpoint(
    "authenticate",
    section=SECTION,
    summary="Check that the hashed token in the headers is valid.",
)
def authenticate_view(call: Call) -> dict:
    return {}


@endpoint(
    "account/read",
    section=SECTION,
    summary="Read the organization's account (credit balance).",
    request=[ORGANIZATION_ID],
    response="AccountResponse",
)
def account_read(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    return {
        "organizationId": str(organization.id),
        "creditBalance": credit_balance(organization),
        "card": None,
    }


@endpoint(
    "user/read",
    section=SECTION,
    summary="Read the authenticated user.",
    request=[ORGANIZATION_ID],
    response="UserResponse",
)
def user_read(call: Call) -> dict:
    return {
        "user": {"name": call.user.name, "profile": f"/u/{call.user.api_user_id}", "badge": None}
    }


def _owner_name(organization, user) -> str:
    """The owner's name; "You" when the caller owns it (QuantConnect's convention, which the lean
    CLI's `whoami` relies on to find the personal organization)."""
    owner = (
        Membership.objects.filter(organization=organization, role=Membership.Role.OWNER)
        .select_related("user")
        .first()
    )
    if owner is None:
        return ""
    return "You" if owner.user_id == user.id else owner.user.name


@endpoint(
    "organizations/read",
    section=SECTION,
    summary="Read one organization (default: your personal organization).",
    request=[ORGANIZATION_ID],
    response="OrganizationResponse",
)
def organizations_read(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    memberships = Membership.objects.filter(organization=organization).select_related("user")
    movements = [
        {
            "date": entry.created.strftime("%Y-%m-%d"),
            "description": entry.reason,
            "type": entry.kind,
            "subtype": "",
            "amount": float(entry.amount),
            "balance": 0.0,
        }
        for entry in organization.credit_entries.order_by("-created", "-id")[:50]
    ]
    balance = credit_balance(organization)
    running = balance
    for movement in movements:  # newest first: the balance after each movement
        movement["balance"] = float(running)
        running -= movement["amount"]
    return {
        "organization": {
            "id": str(organization.id),
            "name": organization.name,
            "seats": memberships.count(),
            "type": organization.get_tier_display(),
            "credit": {"movements": movements, "balance": float(balance)},
            "products": [],
            "data": {"signedTime": None, "current": False},
            "members": [
                {
                    "id": m.user.api_user_id,
                    "name": m.user.name,
                    "isAdmin": m.is_admin,
                    "email": m.user.email,
                }
                for m in memberships
            ],
        }
    }


@endpoint(
    "organizations/list",
    section=SECTION,
    summary="List the organizations you are a member of.",
    response="OrganizationListResponse",
)
def organizations_list(call: Call) -> dict:
    # The organization requests without organizationId use (api.common.default_organization).
    usable = api_organizations(call.user)
    preferred = usable[0] if usable else personal_organization(call.user)
    organizations = sorted(
        organization_list_for_user(call.user, member_count=True),
        key=lambda o: (preferred is None or o.id != preferred.id, o.id),
    )
    return {
        "organizations": [
            {
                "id": str(organization.id),
                "name": organization.name,
                "type": organization.get_tier_display(),
                "ownerName": _owner_name(organization, call.user),
                "members": organization.member_count,
                "preferred": preferred is not None and organization.id == preferred.id,
            }
            for organization in organizations
        ]
    }
