"""Files of a project: read and save (JSON for the editor, 409 on a stale save), and the
explorer's create / rename / delete / upload (the file-tree fragment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from accounts.limits import limit_for
from projects import services
from projects.models import Project, ProjectFile
from projects.selectors import READ, get_project_for_user
from projects.services import ProjectError, StaleSave
from projects.views.common import render_panel


def _file_json(project: Project, file: ProjectFile) -> dict:
    return {
        "name": file.name,
        "content": file.content,
        "revision": file.revision,
        "modified": file.modified.isoformat(),
        "readOnly": getattr(project, "access", READ) == READ,
    }


@login_required
@require_GET
def file_read(request: HttpRequest, project_id: int) -> JsonResponse:
    project = get_project_for_user(request.user, project_id)
    file = project.files.filter(name=request.GET.get("name", "")).first()
    if file is None:
        raise Http404("No such file")
    return JsonResponse(_file_json(project, file))


@login_required
@require_POST
def file_save(request: HttpRequest, project_id: int) -> JsonResponse:
    """POST name, content, base_revision (empty = overwrite). 200 with the new revision; 409 with
    the stored version when someone saved in between; 400 for a refused save."""
    project = get_project_for_user(request.user, project_id, write=True)
    raw = request.POST.get("base_revision", "")
    try:
        base_revision = int(raw) if raw != "" else None
    except ValueError:
        return JsonResponse({"error": "base_revision must be a number"}, status=400)
    try:
        file = services.file_save(
            project=project,
            name=request.POST.get("name", ""),
            # multipart form data turns every line break into CRLF; files keep LF
            content=request.POST.get("content", "").replace("\r\n", "\n"),
            base_revision=base_revision,
        )
    except StaleSave as exc:
        return JsonResponse(
            {"error": exc.message, "conflict": True, "current": _file_json(project, exc.file)},
            status=409,
        )
    except ProjectError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    return JsonResponse({"name": file.name, "revision": file.revision, "saved": True})


@login_required
@require_POST
def file_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """POST name and kind ("file" or "folder")."""
    project = get_project_for_user(request.user, project_id, write=True)
    name = request.POST.get("name", "")
    error = opened = None
    try:
        if request.POST.get("kind") == "folder":
            services.folder_create(project=project, name=name)
        else:
            opened = services.file_create(project=project, name=name).name
    except ProjectError as exc:
        error = exc.message
    return render_panel(
        request, project, "file-tree", status=400 if error else 200, error=error, opened=opened
    )


@login_required
@require_POST
def file_rename(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    name, new_name = request.POST.get("name", ""), request.POST.get("new_name", "")
    error = None
    try:
        if request.POST.get("kind") == "folder":
            services.folder_rename(project=project, name=name, new_name=new_name)
        else:
            services.file_rename(project=project, name=name, new_name=new_name)
    except ProjectError as exc:
        error = exc.message
    return render_panel(
        request,
        project,
        "file-tree",
        status=400 if error else 200,
        error=error,
        renamed={"from": name, "to": new_name} if not error else None,
    )


@login_required
@require_POST
def file_delete(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    name = request.POST.get("name", "")
    error = None
    try:
        if request.POST.get("kind") == "folder":
            services.folder_delete(project=project, name=name)
        else:
            services.file_delete(project=project, name=name)
    except ProjectError as exc:
        error = exc.message
    return render_panel(request, project, "file-tree", status=400 if error else 200, error=error)


@login_required
@require_POST
def file_upload(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    uploads = request.FILES.getlist("file")
    error = None
    if not uploads:
        error = "Choose a file to upload."
    for upload in uploads:
        try:
            services.file_upload(
                project=project,
                name=upload.name,
                # Never more than one byte past the tier's limit in memory.
                data=upload.read(limit_for(project.organization, "max_file_bytes") + 1),
                folder=request.POST.get("folder", ""),
            )
        except ProjectError as exc:
            error = exc.message
            break
    return render_panel(request, project, "file-tree", status=400 if error else 200, error=error)
