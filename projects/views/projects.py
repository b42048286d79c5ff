"""Project pages: list, create, the IDE page, edit, clone, delete, and the IDE's side panels
(parameters, collaborators, libraries, resources/nodes, compile). Every view starts with `get_project_for_user`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.limits import limit_for
from accounts.selectors import current_organization
from projects import completions, services
from projects.forms import ProjectCreateForm, ProjectEditForm
from projects.models import MAIN_FILE
from projects.selectors import get_project_for_user, project_list_for_user
from projects.services import PROJECT_TEMPLATES, ProjectError
from projects.sessions import (
    PING_SECONDS,
    CodingSessionLimit,
    coding_session_close,
    coding_session_open,
)
from projects.views.common import detail_url, member_of, panel_context, render_panel
from qcweb.ids import parse_id


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    projects = project_list_for_user(request.user, organization) if organization else []
    return render(
        request,
        "projects/project_list.html",
        {
            "organization": organization,
            "projects": projects,
            "project_count": organization.projects.count() if organization else 0,
            "max_projects": limit_for(organization, "max_projects") if organization else None,
            "form": ProjectCreateForm(),
            "templates": PROJECT_TEMPLATES.values(),
        },
    )


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    if organization is None:
        messages.error(request, "Create or join an organization first.")
        return redirect("accounts:organization_create")
    form = ProjectCreateForm(
        request.POST or None, initial={"template": request.GET.get("template")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                organization=organization,
                owner=request.user,
                name=form.cleaned_data["name"],
                template=form.cleaned_data["template"],
                description=form.cleaned_data["description"],
            )
        except ProjectError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Created project {project.name}.")
            return redirect(detail_url(project))
    return render(
        request,
        "projects/project_create.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """The IDE: file explorer, Monaco editor, project panel."""
    project = get_project_for_user(request.user, project_id)
    try:
        coding_session_open(user=request.user, project=project)
    except CodingSessionLimit as exc:
        return render(
            request,
            "projects/coding_session_limit.html",
            {"project": project, "message": exc.message, "sessions": exc.sessions},
            status=429,
        )
    context = panel_context(request, project)
    context["ping_seconds"] = PING_SECONDS
    names = {f.name for f in context["files"]}
    current = request.GET.get("file")
    context["current_file"] = current if current in names else MAIN_FILE
    context["edit_form"] = ProjectEditForm(
        initial={"name": project.name, "description": project.description}
    )
    return render(request, "projects/project_detail.html", context)


@login_required
@require_GET
def api_completions(request: HttpRequest) -> JsonResponse:
    """The QC API the editor completes and explains (projects/completions.py)."""
    response = JsonResponse(completions.api_completions())
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def session_ping(request: HttpRequest, project_id: int) -> HttpResponse:
    """The open IDE page keeps its coding session alive; if the session was closed meanwhile and
    the quota is full now, the page reloads into the quota page."""
    project = get_project_for_user(request.user, project_id)
    try:
        coding_session_open(user=request.user, project=project)
    except CodingSessionLimit:
        return HttpResponseClientRefresh()
    return HttpResponse(status=204)


@login_required
@require_POST
def session_close(request: HttpRequest, project_id: int, session_id: int) -> HttpResponse:
    """Close one of the user's coding sessions (from the quota page), then open the project."""
    project = get_project_for_user(request.user, project_id)
    coding_session_close(user=request.user, session_id=session_id)
    return redirect(detail_url(project))


@login_required
@require_POST
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    form = ProjectEditForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.project_update(
                project=project,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ProjectError as exc:
            error = exc.message
    else:
        error = "Enter a name (and at most 5000 characters of description)."
    project.refresh_from_db()
    project.access = get_project_for_user(request.user, project_id).access
    return render_panel(
        request,
        project,
        "project-info",
        status=400 if error else 200,
        error=error,
        saved=not error,
        edit_form=form
        if error
        else ProjectEditForm(initial={"name": project.name, "description": project.description}),
    )


@login_required
@require_POST
def project_clone(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    try:
        clone = services.project_clone(project=project, user=request.user)
    except ProjectError as exc:
        messages.error(request, exc.message)
        return redirect(detail_url(project))
    messages.success(request, f"Cloned {project.name} into {clone.name}.")
    return redirect(detail_url(clone))


@login_required
def project_delete(request: HttpRequest, project_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes. Only the owner deletes a project."""
    project = get_project_for_user(request.user, project_id, owner=True)
    if request.method == "POST":
        name = project.name
        services.project_delete(project=project)
        messages.success(request, f"Project {name} deleted.")
        return redirect("projects:list")
    return render(request, "projects/project_delete.html", {"project": project})


# Panels -------------------------------------------------------------------------------------


@login_required
@require_POST
def parameter_save(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    error = None
    try:
        services.parameter_set(
            project=project,
            name=request.POST.get("name", ""),
            value=request.POST.get("value", ""),
            old_name=request.POST.get("old_name") or None,
        )
    except ProjectError as exc:
        error = exc.message
    return render_panel(request, project, "parameters", status=400 if error else 200, error=error)


@login_required
@require_POST
def parameter_delete(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    services.parameter_delete(project=project, name=request.POST.get("name", ""))
    return render_panel(request, project, "parameters")


@login_required
@require_POST
def collaborator_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, owner=True)
    error = None
    user_id = parse_id(request.POST.get("user", ""))
    user = member_of(project, user_id) if user_id is not None else None
    if user is None:
        error = "Choose a member of the organization."
    else:
        try:
            services.collaborator_set(
                project=project, user=user, access=request.POST.get("access", "read")
            )
        except ProjectError as exc:
            error = exc.message
    return render_panel(
        request, project, "collaborators", status=400 if error else 200, error=error
    )


@login_required
@require_POST
def collaborator_remove(request: HttpRequest, project_id: int, user_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, owner=True)
    services.collaborator_remove(project=project, user_id=user_id)
    return render_panel(request, project, "collaborators")


@login_required
@require_POST
def library_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    error = None
    try:
        library = get_project_for_user(request.user, request.POST.get("library", ""))
        services.library_add(project=project, library=library)
    except ProjectError as exc:
        error = exc.message
    return render_panel(request, project, "libraries", status=400 if error else 200, error=error)


@login_required
@require_POST
def library_remove(request: HttpRequest, project_id: int, library_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    services.library_remove(project=project, library_id=library_id)
    return render_panel(request, project, "libraries")


@login_required
@require_POST
def project_nodes(request: HttpRequest, project_id: int) -> HttpResponse:
    """Resources panel: run the project's backtests on one chosen backtesting node, or
    "auto" (any free node of the organization)."""
    project = get_project_for_user(request.user, project_id, write=True)
    choice = request.POST.get("node", "auto")
    error = None
    try:
        services.project_set_nodes(project=project, node_ids=[] if choice == "auto" else [choice])
    except ProjectError as exc:
        error = exc.message
    return render_panel(
        request, project, "resources", status=400 if error else 200, error=error, saved=not error
    )


@login_required
@require_POST
def project_compile(request: HttpRequest, project_id: int) -> HttpResponse:
    """Check the project; the fragment carries the diagnostics as JSON for editor markers."""
    project = get_project_for_user(request.user, project_id)
    services.project_compile(project=project)
    return render_panel(request, project, "compile-output")
