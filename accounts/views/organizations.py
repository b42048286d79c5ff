"""Organization pages: home, members and invitations, resources (nodes, storage), settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.billing.selectors import monthly_total_cents, subscription_for
from accounts.catalog import (
    NODE_KINDS,
    NODE_LIMIT_NAMES,
    NODE_MODELS,
    STORAGE_PLANS,
    node_models,
    storage_plan,
)
from accounts.forms import (
    DeleteOrganizationForm,
    InvitationForm,
    OrganizationAvatarForm,
    OrganizationRenameForm,
)
from accounts.limits import limit_for, limits_for_tier
from accounts.models import Invitation, Membership, Node, Organization, User
from accounts.permissions import allowed_actions
from accounts.services.members import invitation_check
from accounts.views.helpers import flash_errors, organization_for


def _nodes_with_jobs(organization: Organization) -> list[dict]:
    """Each purchased or included node with the job it runs. Running backtests fill the
    backtesting nodes in start order (the backtests app doesn't pin a node to a run)."""
    jobs = [j for j in selectors.running_jobs(organization) if j.status == "running"]
    rows: list[dict] = []
    nodes = list(organization.nodes.select_related("assigned_to"))
    for kind in NODE_KINDS:
        kind_nodes = [n for n in nodes if n.kind == kind]
        included = selectors.included_node(organization, kind)
        entries = [
            {"node": n, "name": n.name, "model": n.spec, "included": False} for n in kind_nodes
        ]
        if included:
            entries.append(
                {
                    "node": None,
                    "name": f"{included} (free)",
                    "model": NODE_MODELS[included],
                    "included": True,
                }
            )
        for entry in entries:
            entry["kind"] = kind
            entry["job"] = None
            if kind == "backtest" and jobs:
                entry["job"] = jobs.pop(0)
        rows.extend(entries)
    return rows


def _home_context(request: HttpRequest, organization: Organization) -> dict:
    subscription = subscription_for(organization)
    storage = selectors.storage_used(organization)
    return {
        "organization": organization,
        "limits": limits_for_tier(organization.tier),
        "can": allowed_actions(request.user, organization),
        "memberships": selectors.members_of(organization),
        "nodes": _nodes_with_jobs(organization),
        "queued_jobs": [j for j in selectors.running_jobs(organization) if j.status != "running"],
        "backtest_node_count": selectors.backtest_node_count(organization),
        "balance": selectors.credit_balance(organization),
        "entries": selectors.credit_entries(organization, limit=5),
        "storage": storage,
        "storage_plan": storage_plan(subscription.storage_bytes),
        "subscription": subscription,
        "monthly_total": monthly_total_cents(organization),
        "tiers": Organization.Tier.choices,
        "rename_form": OrganizationRenameForm(initial={"name": organization.name}),
        "avatar_form": OrganizationAvatarForm(),
        "delete_form": DeleteOrganizationForm(),
    }


@login_required
def organization_home(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id)
    return render(
        request, "accounts/organization_detail.html", _home_context(request, organization)
    )


@login_required
def organization_current(request: HttpRequest) -> HttpResponse:
    organization = selectors.current_organization(request)
    if organization is None:
        return redirect("accounts:organization_create")
    return redirect("accounts:organization_home", organization.id)


@login_required
@require_POST
def organization_rename(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "edit_branding")
    form = OrganizationRenameForm(request.POST)
    if form.is_valid():
        try:
            services.organization_rename(
                organization=organization, name=form.cleaned_data["name"], actor=request.user
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, "Organization Name Updated Successfully")
    return redirect("accounts:organization_home", organization.id)


@login_required
@require_POST
def organization_avatar(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "edit_branding")
    form = OrganizationAvatarForm(request.POST, request.FILES)
    if form.is_valid():
        services.organization_set_avatar(
            organization=organization, avatar=form.cleaned_data["avatar"], actor=request.user
        )
        messages.success(request, "Photo Uploaded")
    else:
        for error in form.errors.get("avatar", []):
            messages.error(request, error)
    return redirect("accounts:organization_home", organization.id)


@login_required
@require_POST
def organization_tier(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    tier = request.POST.get("tier", "")
    try:
        services.organization_change_tier(organization=organization, tier=tier, actor=request.user)
    except ValidationError as error:
        messages.error(
            request,
            "The tier was not changed. What must change first:"
            if len(error.messages) > 1
            else "The tier was not changed.",
        )
        flash_errors(request, error)
    else:
        messages.success(
            request, f"{organization.name} is now on the {organization.get_tier_display()} tier."
        )
    return redirect("accounts:organization_home", organization.id)


@login_required
@require_POST
def organization_delete(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "delete_organization")
    name = organization.name
    try:
        services.organization_delete(
            organization=organization,
            actor=request.user,
            confirm_name=request.POST.get("confirm_name", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("accounts:organization_home", organization_id)
    request.session.pop(selectors.SESSION_KEY, None)
    messages.success(request, f"{name} was deleted.")
    return redirect("dashboard")


@login_required
@require_POST
def organization_leave(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id)
    try:
        services.organization_leave(organization=organization, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("accounts:organization_members", organization.id)
    request.session.pop(selectors.SESSION_KEY, None)
    messages.success(request, f"You left {organization.name}.")
    return redirect("dashboard")


@login_required
@require_POST
def organization_transfer(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "transfer_ownership")
    membership = get_object_or_404(
        Membership, organization=organization, pk=request.POST.get("membership_id") or 0
    )
    try:
        services.organization_transfer_ownership(
            organization=organization, actor=request.user, new_owner=membership.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{membership.user.name} now owns {organization.name}.")
    return redirect("accounts:organization_members", organization.id)


# Members ------------------------------------------------------------------------------------


def _members_context(request: HttpRequest, organization: Organization, form=None) -> dict:
    limits = limits_for_tier(organization.tier)
    return {
        "organization": organization,
        "memberships": selectors.members_of(organization),
        "invitations": selectors.pending_invitations(organization),
        "seats_in_use": selectors.seats_in_use(organization),
        "limits": limits,
        "can": allowed_actions(request.user, organization),
        "form": form or InvitationForm(),
    }


def _members_changed(request: HttpRequest, organization: Organization) -> HttpResponse:
    """After a change to the members list: its fragment for HTMX, else back to the members page."""
    if request.htmx:
        return render(
            request,
            "accounts/organization_members.html#members",
            _members_context(request, organization),
        )
    return redirect("accounts:organization_members", organization.id)


@login_required
def organization_members(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id)
    form = None
    if request.method == "POST":
        organization = organization_for(request, organization_id, "invite_member")
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    actor=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, f"Invitation sent to {invitation.email}.")
                if not request.htmx:
                    return redirect("accounts:organization_members", organization.id)
                form = InvitationForm()
    template = "accounts/organization_members.html"
    if request.htmx:
        template += "#members"
    return render(request, template, _members_context(request, organization, form))


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, organization_id: int, invitation_id: int
) -> HttpResponse:
    organization = organization_for(request, organization_id, "invite_member")
    invitation = get_object_or_404(Invitation, organization=organization, pk=invitation_id)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"The invitation of {invitation.email} was revoked.")
    return _members_changed(request, organization)


@login_required
@require_POST
def member_remove(request: HttpRequest, organization_id: int, membership_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "remove_member")
    membership = get_object_or_404(Membership, organization=organization, pk=membership_id)
    try:
        services.member_remove(organization=organization, membership=membership, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{membership.user.name} was removed from {organization.name}.")
    return _members_changed(request, organization)


@login_required
@require_POST
def member_role(request: HttpRequest, organization_id: int, membership_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "change_roles")
    membership = get_object_or_404(Membership, organization=organization, pk=membership_id)
    try:
        services.member_change_role(
            organization=organization,
            membership=membership,
            role=request.POST.get("role", ""),
            actor=request.user,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, f"{membership.user.name} is now {membership.get_role_display().lower()}."
        )
    return redirect("accounts:organization_members", organization.id)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link. Anonymous visitors log in (or sign up) first and come back here."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()
    )
    error = None
    try:
        invitation_check(invitation, request.user if request.user.is_authenticated else None)
    except ValidationError as failure:
        error = failure.messages[0]
    if request.method == "POST" and request.user.is_authenticated and error is None:
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as failure:
            error = failure.messages[0]
        else:
            services.organization_switch(request=request, organization=membership.organization)
            messages.success(request, f"Welcome to {membership.organization.name}!")
            return redirect("accounts:organization_members", membership.organization.id)
    next_url = reverse("accounts:invitation_accept", args=[token])
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation if invitation else None, "error": error, "next_url": next_url},
        status=200 if error is None else 400,
    )


# Resources ------------------------------------------------------------------------------------


@login_required
def organization_resources(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id)
    subscription = subscription_for(organization)
    context = _home_context(request, organization)
    context |= {
        "node_sections": [
            {
                "kind": kind,
                "label": label,
                "models": node_models(kind),
                # The free included node counts too (it is listed among the nodes above).
                "count": selectors.node_counts(organization)[kind]
                + (1 if selectors.included_node(organization, kind) else 0),
                "limit": limit_for(organization, NODE_LIMIT_NAMES[kind]),
            }
            for kind, label in NODE_KINDS.items()
        ],
        "storage_plans": STORAGE_PLANS,
        "current_storage": subscription.storage_bytes,
        "member_users": [m.user for m in selectors.members_of(organization)],
    }
    return render(request, "accounts/organization_resources.html", context)


@login_required
@require_POST
def node_add(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    try:
        node = services.node_add(
            organization=organization,
            model=request.POST.get("model", ""),
            actor=request.user,
            name=request.POST.get("name", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Added {node.name} ({node.model}).")
    return redirect("accounts:organization_resources", organization.id)


@login_required
@require_POST
def node_remove(request: HttpRequest, organization_id: int, node_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "manage_billing")
    node = get_object_or_404(Node, organization=organization, pk=node_id)
    try:
        credit = services.node_remove(node=node, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        extra = (
            f" A pro-rated credit of ${credit / 100:.2f} goes to your next invoice."
            if credit
            else ""
        )
        messages.success(request, f"Removed {node.name}.{extra}")
    return redirect("accounts:organization_resources", organization.id)


@login_required
@require_POST
def node_assign(request: HttpRequest, organization_id: int, node_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "assign_nodes")
    node = get_object_or_404(Node, organization=organization, pk=node_id)
    user = None
    if request.POST.get("user_id"):
        user = User.objects.filter(pk=request.POST["user_id"]).first()
    try:
        services.node_assign(
            node=node, actor=request.user, user=user, job=request.POST.get("job", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{node.name} is assigned to {user.name if user else 'nobody'}.")
    return redirect("accounts:organization_resources", organization.id)


@login_required
@require_POST
def node_rename(request: HttpRequest, organization_id: int, node_id: int) -> HttpResponse:
    organization = organization_for(request, organization_id, "use_nodes")
    node = get_object_or_404(Node, organization=organization, pk=node_id)
    try:
        services.node_rename(node=node, name=request.POST.get("name", ""), actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("accounts:organization_resources", organization.id)
