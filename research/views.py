"""Research pages: a project's notebooks (list, rendered read-only view, the executed copy of a
run) and "Run notebook". Every view starts with `get_project_for_user` or `get_run_for_user`
(404 for another organization's project)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import research_node_count
from projects.selectors import READ, get_project_for_user
from research import origin, services, sessions
from research.models import NotebookRun, ResearchSession
from research.rendering import NotebookFormatError, notebook_html
from research.selectors import (
    get_run_for_user,
    project_notebooks,
    project_runs,
    research_node_model,
    research_nodes_in_use,
)
from research.services import ResearchError


@login_required
@require_GET
def research_home(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's Research page: its notebooks, recent runs, research nodes."""
    project = get_project_for_user(request.user, project_id)
    organization = project.organization
    return render(
        request,
        "research/research_home.html",
        {
            "project": project,
            "can_write": project.access != READ,
            "notebooks": project_notebooks(project),
            "runs": project_runs(project),
            "nodes": research_node_count(organization),
            "nodes_busy": research_nodes_in_use(organization),
            "node_model": research_node_model(organization),
        },
    )


@login_required
@require_GET
def notebook_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """A notebook of the project rendered read-only (?name=path). The IDE loads the
    `notebook-view` fragment in place of the editor."""
    project = get_project_for_user(request.user, project_id)
    name = request.GET.get("name", "")
    file = project.files.filter(name=name).first() if name.lower().endswith(".ipynb") else None
    if file is None:
        raise Http404("No such notebook")
    try:
        html, error = notebook_html(file.content), ""
    except NotebookFormatError as exc:
        html, error = "", str(exc)
    context = {
        "project": project,
        "file": file,
        "html": html,
        "error": error,
        "can_write": project.access != READ,
    }
    template = "research/notebook_detail.html"
    if request.htmx:
        template += "#notebook-view"
    return render(request, template, context)


@login_required
@require_POST
def notebook_run_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """POST name: run the notebook headless on a research node."""
    project = get_project_for_user(request.user, project_id, write=True)
    try:
        run = services.notebook_run_create(
            project=project, user=request.user, name=request.POST.get("name", "")
        )
    except ResearchError as exc:
        messages.error(request, exc.message)
        return redirect("research:home", project.id)
    return redirect("research:run_detail", run.pk)


@login_required
@require_GET
def notebook_run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its status (polled while it runs) and, once done, the executed notebook."""
    run = get_run_for_user(request.user, run_id)
    html = ""
    if run.finished and run.html_path.is_file():
        html = run.html_path.read_text(encoding="utf-8")  # sanitized when it was written
    context = {"run": run, "project": run.project, "html": html}
    template = "research/run_detail.html"
    if request.htmx:
        template += "#run-status"
    return render(request, template, context)


@login_required
@require_GET
def notebook_run_download(request: HttpRequest, run_id: int) -> HttpResponse:
    """The executed notebook (.ipynb with outputs) as a download."""
    run = get_run_for_user(request.user, run_id)
    if run.status == NotebookRun.Status.ERROR or not run.notebook_path.is_file():
        raise Http404("This run has no executed notebook")
    filename = run.name.rsplit("/", 1)[-1].removesuffix(".ipynb") + f"-run{run.pk}.ipynb"
    return FileResponse(
        run.notebook_path.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/x-ipynb+json",
    )


@login_required
def session_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """The user's Jupyter session of the project: start it (POST), its state, open or stop it."""
    project = get_project_for_user(request.user, project_id, write=True)
    if request.method == "POST":
        try:
            sessions.session_open(project=project, user=request.user)
        except sessions.SessionError as exc:
            messages.error(request, str(exc))
            return redirect("research:home", project.id)
        return redirect("research:session", project.id)
    session = sessions.session_for(request.user, project)
    if session is not None:
        session = sessions.session_refresh(session)
    last = session or project.research_sessions.filter(user=request.user).first()
    notebook = request.GET.get("name") or "research.ipynb"
    context = {
        "project": project,
        "session": last,
        "active": session is not None,
        "research_origin": origin.research_origin(),
    }
    if session is not None and session.status == ResearchSession.Status.RUNNING:
        context["lab_target"] = f"lab/tree/{quote(notebook)}"
    template = "research/session_detail.html"
    if request.htmx:
        template += "#session-status"
    return render(request, template, context)


@login_required
@require_POST
def session_open_lab(request: HttpRequest, project_id: int) -> HttpResponse:
    """ "Open JupyterLab": a one-time link to the session on the research origin (its own host,
    where the site's session cookie never goes; see research/origin.py)."""
    project = get_project_for_user(request.user, project_id, write=True)
    session = sessions.session_for(request.user, project)
    if session is None or session.status != ResearchSession.Status.RUNNING:
        messages.error(request, "The Jupyter session is not running; start it first.")
        return redirect("research:session", project.id)
    target = request.POST.get("next", "lab")
    return redirect(origin.handover_url(session, target))


@login_required
@require_POST
def session_stop(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    session = sessions.session_for(request.user, project)
    if session is not None:
        sessions.session_stop(session=session)
    return redirect("research:session", project.id)
