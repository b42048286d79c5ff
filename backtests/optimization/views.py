"""Optimization pages. Every view starts with `get_project_for_user` or
`get_optimization_for_user` (404 for another organization's objects)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import credit_balance
from backtests.optimization import presenters, services, strategies
from backtests.optimization.nodes import DEFAULT_NODE, NODES
from backtests.optimization.objectives import OBJECTIVES, OPERATORS
from backtests.optimization.selectors import (
    best_trial,
    get_optimization_for_user,
    optimization_list_for_project,
    optimization_progress,
    out_of_sample_trial,
    overfitting_of,
    trials_of,
)
from projects.selectors import get_project_for_user

DETAIL = "backtests/optimization_detail.html"


def _form_input(request: HttpRequest) -> dict:
    """The create form's fields as `optimization_create` keywords."""
    post = request.POST
    parameters = []
    for i in range(services.MAX_PARAMETERS):
        name = post.get(f"param{i}_name", "").strip()
        if name:
            parameters.append(
                {
                    "name": name,
                    "min": post.get(f"param{i}_min", ""),
                    "max": post.get(f"param{i}_max", ""),
                    "step": post.get(f"param{i}_step", ""),
                    "minStep": post.get(f"param{i}_min_step", "") or None,
                }
            )
    constraints = []
    for i in range(3):
        target = post.get(f"constraint{i}_target", "").strip()
        if target:
            constraints.append(
                {
                    "target": target,
                    "operator": post.get(f"constraint{i}_operator", ""),
                    "value": post.get(f"constraint{i}_value", ""),
                }
            )
    try:
        node_count = int(post.get("node_count", "1"))
    except ValueError:
        node_count = 0
    return {
        "parameters": parameters,
        "constraints": constraints,
        "strategy": post.get("strategy", strategies.GRID),
        "target": post.get("target", "sharpeRatio"),
        "maximize": post.get("extremum", "max") != "min",
        "node_type": post.get("node_type", DEFAULT_NODE),
        "node_count": node_count,
        "name": post.get("name", ""),
        "walk_forward": {key: post.get(key, "") for key, _ in services.WALK_FORWARD_FIELDS},
    }


@login_required
@require_http_methods(["GET", "POST"])
def optimization_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """The create form with its estimate; "Estimate" re-renders, "Launch" charges and starts."""
    project = get_project_for_user(request.user, project_id, write=request.method == "POST")
    estimate = None
    error = ""
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data = _form_input(request)
        try:
            if request.POST.get("action") == "launch":
                optimization = services.optimization_create(
                    project=project, user=request.user, **data
                )
                return redirect("backtests:optimization_detail", optimization.pk)
            estimate = services.optimization_estimate(
                project=project,
                parameters=data["parameters"],
                strategy=data["strategy"],
                node_type=data["node_type"],
                node_count=data["node_count"],
                walk_forward=data["walk_forward"],
            )
        except Exception as exc:  # noqa: BLE001  refused requests explain themselves
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            error = " ".join(exc.messages)
    return render(
        request,
        "backtests/optimization_create.html",
        {
            "project": project,
            "project_parameters": project.parameters_dict(),
            "values": values,
            "estimate": estimate,
            "error": error,
            "strategies": strategies.STRATEGIES,
            "objectives": OBJECTIVES,
            "operators": OPERATORS,
            "nodes": NODES.values(),
            "max_nodes": services.max_nodes_for(project.organization, DEFAULT_NODE),
            "balance": credit_balance(project.organization),
            "optimizations": optimization_list_for_project(project)[:20],
            "slots": range(services.MAX_PARAMETERS),
            "constraint_slots": range(3),
        },
    )


def _detail_context(request: HttpRequest, optimization) -> dict:
    trials = list(trials_of(optimization))
    best = best_trial(optimization)
    check = out_of_sample_trial(optimization)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir", "desc") != "asc"
    return {
        "optimization": optimization,
        "progress": optimization_progress(optimization),
        "rows": presenters.result_rows(
            optimization, trials, best, sort=sort, descending=descending
        ),
        "best": best,
        "figure": presenters.parameter_figure(optimization, trials),
        "columns": [(key, OBJECTIVES[key]) for key in presenters.COLUMNS],
        "target_label": OBJECTIVES[optimization.target],
        "strategy_label": strategies.STRATEGIES.get(optimization.strategy, optimization.strategy),
        "sort": sort,
        "dir": "desc" if descending else "asc",
        "can_write": optimization.access != "read",
        "overfitting": overfitting_of(optimization) if optimization.is_finished else None,
        "walk_forward": presenters.walk_forward(optimization, best, check)
        if optimization.walk_forward
        else None,
    }


@login_required
@require_GET
def optimization_detail(request: HttpRequest, optimization_id: int) -> HttpResponse:
    optimization = get_optimization_for_user(request.user, optimization_id)
    template = f"{DETAIL}#status" if request.htmx else DETAIL
    return render(request, template, _detail_context(request, optimization))


@login_required
@require_POST
def optimization_abort(request: HttpRequest, optimization_id: int) -> HttpResponse:
    optimization = get_optimization_for_user(request.user, optimization_id, write=True)
    services.optimization_abort(optimization=optimization)
    messages.info(request, "Optimization aborted.")
    return redirect("backtests:optimization_detail", optimization.pk)


@login_required
@require_POST
def optimization_delete(request: HttpRequest, optimization_id: int) -> HttpResponse:
    optimization = get_optimization_for_user(request.user, optimization_id, write=True)
    project_id = optimization.project_id
    services.optimization_delete(optimization=optimization)
    messages.info(request, "Optimization deleted.")
    return redirect("backtests:optimization_create", project_id)


@login_required
@require_POST
def optimization_apply(request: HttpRequest, optimization_id: int, trial_id: int) -> HttpResponse:
    """Set the project's parameters to a trial's values ("apply parameters")."""
    optimization = get_optimization_for_user(request.user, optimization_id, write=True)
    get_project_for_user(request.user, optimization.project_id, write=True)
    trial = optimization.trials.filter(pk=trial_id).first()
    if trial is None:
        raise Http404("No such backtest in this optimization")
    services.optimization_apply_parameters(trial=trial)
    values = ", ".join(f"{k} = {v}" for k, v in trial.parameters.items())
    messages.success(request, f"Project parameters set: {values}.")
    return redirect("projects:detail", optimization.project_id)


@login_required
@require_POST
def optimization_clone(request: HttpRequest, optimization_id: int, trial_id: int) -> HttpResponse:
    """A new ordinary backtest of the project with a trial's parameters ("clone as backtest")."""
    from backtests.services import backtest_create

    optimization = get_optimization_for_user(request.user, optimization_id)
    project = get_project_for_user(request.user, optimization.project_id, write=True)
    trial = optimization.trials.filter(pk=trial_id).first()
    if trial is None:
        raise Http404("No such backtest in this optimization")
    backtest = backtest_create(
        project=project,
        user=request.user,
        parameters={**project.parameters_dict(), **trial.parameters},
    )
    return redirect("backtests:detail", backtest.pk)
