"""Live trading pages. Every view starts with `get_deployment_for_user` or
`get_project_for_user`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Node
from accounts.selectors import current_organization
from live import presenters, services
from live.forms import DeployForm
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
    context["events"] = deployment.events.select_related("user")
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
