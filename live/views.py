"""Live trading pages. Every view starts with `get_deployment_for_user` or
`get_project_for_user`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Node
from accounts.selectors import current_organization
from live import presenters, services
from live.forms import AddSecurityForm, DeployForm, ManualOrderForm, UpdateForm
from live.models import LiveDeployment
from live.selectors import (
    current_deployment,
    get_deployment_for_user,
    live_nodes,
    project_live_deployments,
)
from live.services.notify import live_notices_seen
from projects.selectors import get_project_for_user


@login_required
@require_GET
def live_list(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    if organization is None:
        raise Http404("No organization")
    deployments = (
        LiveDeployment.objects.filter(organization=organization)
        .exclude(status=LiveDeployment.Status.DELETED)
        .select_related("project")
    )
    deployments = [d for d in deployments if _can_open(request, d)]
    response = render(
        request,
        "live/live_list.html",
        {"organization": organization, "deployments": deployments},
    )
    live_notices_seen(user=request.user, organization=organization)  # shown once as new
    return response


def _can_open(request: HttpRequest, deployment: LiveDeployment) -> bool:
    try:
        get_deployment_for_user(request.user, deployment.pk)
    except Http404:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def live_deploy(request: HttpRequest, project_id: int) -> HttpResponse:
    """The Deploy Live wizard (QuantConnect Paper Trading on a replay of recorded data)."""
    project = get_project_for_user(request.user, project_id, write=request.method == "POST")
    nodes = live_nodes(project.organization)
    form = DeployForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        node = Node.objects.filter(pk=data["node"], organization=project.organization).first()
        try:
            deployment = services.live_deploy(
                project=project,
                user=request.user,
                node=node,
                replay_start=data["replay_start"],
                replay_speed=data["replay_speed"],
                feed=data["feed"],
                starting_cash=data["cash"],
                starting_holdings=data["holdings"],
                automatic_restart=data["automatic_restart"],
                notification_targets=form.targets(),
            )
        except services.DeployError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Deployed to live paper trading.")
            return redirect("live:detail", deployment.pk)
    return render(
        request,
        "live/live_deploy.html",
        {
            "project": project,
            "form": form,
            "nodes": nodes,
            "current": current_deployment(project),
            "deployments": project_live_deployments(project)[:20],
        },
    )


@login_required
@require_GET
def live_detail(request: HttpRequest, deployment_id: int) -> HttpResponse:
    deployment = get_deployment_for_user(request.user, deployment_id)
    context = presenters.page_context(deployment)
    context["log_lines"] = presenters.log_tail(deployment)
    context["update_form"] = UpdateForm(initial=UpdateForm.initial_for(deployment))
    context["add_security_form"] = AddSecurityForm(auto_id="add-security-%s")
    context["order_form"] = ManualOrderForm(auto_id="order-%s")
    template = "live/live_detail.html"
    if request.htmx:
        template += "#state"
    return render(request, template, context)


def _control(request: HttpRequest, deployment_id: int, *, liquidate: bool) -> HttpResponse:
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm the action first.")
    elif services.live_stop(deployment=deployment, user=request.user, liquidate=liquidate):
        messages.success(request, "Liquidating, then stopping." if liquidate else "Stopping.")
    else:
        messages.info(request, "The deployment is not running.")
    return redirect("live:detail", deployment.pk)


@login_required
@require_POST
def live_stop(request: HttpRequest, deployment_id: int) -> HttpResponse:
    return _control(request, deployment_id, liquidate=False)


@login_required
@require_POST
def live_liquidate(request: HttpRequest, deployment_id: int) -> HttpResponse:
    return _control(request, deployment_id, liquidate=True)


@login_required
@require_POST
def live_redeploy(request: HttpRequest, deployment_id: int) -> HttpResponse:
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm the action first.")
        return redirect("live:detail", deployment.pk)
    try:
        new = services.live_redeploy(deployment=deployment, user=request.user)
    except services.DeployError as exc:
        messages.error(request, str(exc))
        return redirect("live:detail", deployment.pk)
    messages.success(request, "Redeployed with the project's current code.")
    return redirect("live:detail", new.pk)


@login_required
@require_GET
def live_log_download(request: HttpRequest, deployment_id: int) -> HttpResponse:
    deployment = get_deployment_for_user(request.user, deployment_id)
    if not deployment.log_path.exists():
        return HttpResponse("", content_type="text/plain; charset=utf-8")
    return FileResponse(
        deployment.log_path.open("rb"),
        as_attachment=True,
        filename=f"{deployment.deploy_id}-log.txt",
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_POST
def live_update(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """The same code snapshot deployed again with new parameters or a new account state."""
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    form = UpdateForm(request.POST)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm the update first.")
    elif not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            new = services.live_update(
                deployment=deployment,
                user=request.user,
                parameters=form.cleaned_data["parameters"],
                starting_cash=form.cleaned_data["cash"],
                starting_holdings=form.cleaned_data["holdings"],
            )
        except services.DeployError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Updated: the same code runs with the new settings.")
            return redirect("live:detail", new.pk)
    return redirect("live:detail", deployment.pk)


@login_required
@require_POST
def live_reconcile(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """Reconciliation: a backtest of the deployment's code over the period it traded."""
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm the reconciliation first.")
    else:
        try:
            services.live_reconcile(deployment=deployment, user=request.user)
        except services.DeployError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Reconciliation backtest queued.")
    return redirect("live:detail", deployment.pk)


def _command_sent(
    request: HttpRequest, deployment: LiveDeployment, send: Callable[[], Any]
) -> None:
    """Queue a manual command; the page says it was sent or why it was refused (its result
    appears in the page's Commands list when the algorithm ran it)."""
    try:
        item = send()
    except services.CommandError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{item.name} sent; its result appears under Commands.")


def _form_command(
    request: HttpRequest,
    deployment_id: int,
    form_class: type[forms.Form],
    *,
    unconfirmed: str,
    send: Callable[[LiveDeployment, dict[str, Any]], Any],
) -> HttpResponse:
    """A manual command from a confirmed form: refused when unconfirmed or invalid, otherwise
    `send(deployment, cleaned_data)` queues it."""
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    form = form_class(request.POST)
    if request.POST.get("confirm") != "yes":
        messages.error(request, unconfirmed)
    elif not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _command_sent(request, deployment, lambda: send(deployment, form.cleaned_data))
    return redirect("live:detail", deployment.pk)


@login_required
@require_POST
def live_add_security(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """Add Security: LEAN's AddSecurityCommand to the running algorithm."""

    def send(deployment: LiveDeployment, data: dict[str, Any]) -> Any:
        return services.live_add_security(
            deployment=deployment,
            user=request.user,
            symbol=data["symbol"],
            security_type=data["security_type"],
            resolution=data["resolution"],
            leverage=data["leverage"] or 0.0,
            market=data["market"],
            fill_forward=data["fill_forward"],
            extended_market_hours=data["extended_market_hours"],
        )

    return _form_command(
        request, deployment_id, AddSecurityForm, unconfirmed="Confirm the action first.", send=send
    )


@login_required
@require_POST
def live_order(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """Create Order: LEAN's OrderCommand, tagged as a manual order."""

    def send(deployment: LiveDeployment, data: dict[str, Any]) -> Any:
        return services.live_manual_order(
            deployment=deployment,
            user=request.user,
            symbol=data["symbol"],
            quantity=data["quantity"],
            order_type=data["order_type"],
            limit_price=data["limit_price"],
            stop_price=data["stop_price"],
            security_type=data["security_type"],
            market=data["market"],
            tag=data["tag"],
        )

    return _form_command(
        request, deployment_id, ManualOrderForm, unconfirmed="Confirm the order first.", send=send
    )


@login_required
@require_POST
def live_liquidate_security(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """Liquidate one security: LEAN's LiquidateCommand (the algorithm keeps running)."""
    deployment = get_deployment_for_user(request.user, deployment_id, write=True)
    symbol = request.POST.get("symbol", "")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm the action first.")
    else:
        _command_sent(
            request,
            deployment,
            lambda: services.live_liquidate_security(
                deployment=deployment,
                user=request.user,
                symbol=symbol,
                security_type=request.POST.get("security_type") or "Equity",
                market=request.POST.get("market") or "usa",
            ),
        )
    return redirect("live:detail", deployment.pk)


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
        for name, errors in form.errors.items()
        for error in errors
    )
