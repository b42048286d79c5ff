from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.catalog import INCLUDED_BACKTEST_NODE_DELAY_SECONDS
from accounts.models import Membership, User
from accounts.selectors import included_node
from projects.models import Project
from projects.selectors import OWNER, READ, library_candidates, project_backtest_nodes


def detail_url(project: Project, file: str | None = None) -> str:
    url = reverse("projects:detail", args=[project.id])
    return f"{url}?file={file}" if file else url


def panel_context(request: HttpRequest, project: Project, **extra) -> dict:
    """Everything the IDE page and its panels need."""
    access = getattr(project, "access", READ)
    collaborators = list(project.collaborators.select_related("user"))
    context = {
        "project": project,
        "access": access,
        "can_write": access != READ,
        "is_owner": access == OWNER,
        "files": list(project.files.only("id", "name", "revision", "modified")),
        "folders": project.folders,
        "parameters": list(project.parameters.all()),
        "collaborators": collaborators,
        "libraries": list(project.libraries.order_by("name")),
        "last_compile": project.compiles.first(),
        "backtest_nodes": project_backtest_nodes(project),
    }
    context["auto_select_node"] = not any(node.active for node in context["backtest_nodes"])
    context["included_backtest_node"] = included_node(project.organization, "backtest")
    context["included_node_delay"] = INCLUDED_BACKTEST_NODE_DELAY_SECONDS
    if access == OWNER:
        taken = {c.user_id for c in collaborators} | {project.owner_id}
        context["member_choices"] = [
            m.user
            for m in Membership.objects.filter(organization=project.organization)
            .select_related("user")
            .order_by("user__email")
            if m.user_id not in taken
        ]
    if access != READ:
        context["library_choices"] = list(library_candidates(project, request.user))
    context["tree"] = file_tree(context["files"], project.folders)
    context.update(extra)
    return context


def file_tree(files, folders) -> list[dict]:
    """Folders and files in display order, each with its depth for indentation."""
    entries: dict[str, dict] = {}
    for folder in folders:
        parts = folder.split("/")
        for i in range(1, len(parts) + 1):
            path = "/".join(parts[:i])
            entries[path] = {"kind": "folder", "path": path, "name": parts[i - 1], "depth": i - 1}
    for file in files:
        parts = file.name.split("/")
        for i in range(1, len(parts)):
            path = "/".join(parts[:i])
            entries[path] = {"kind": "folder", "path": path, "name": parts[i - 1], "depth": i - 1}
        entries[file.name] = {
            "kind": "file",
            "path": file.name,
            "name": parts[-1],
            "depth": len(parts) - 1,
        }

    # folders before files at each level, like an explorer
    def key(path: str) -> list:
        parts = path.split("/")
        kinds = [
            0 if entries.get("/".join(parts[: i + 1]), {}).get("kind") == "folder" else 1
            for i in range(len(parts))
        ]
        return [(k, p.lower()) for k, p in zip(kinds, parts, strict=True)]

    return [entries[p] for p in sorted(entries, key=key)]


def render_panel(
    request: HttpRequest, project: Project, panel: str, *, status: int = 200, **extra
) -> HttpResponse:
    """The panel fragment for htmx, else back to the IDE page (plain-form fallback)."""
    if request.htmx:
        return render(
            request,
            f"projects/project_detail.html#{panel}",
            panel_context(request, project, **extra),
            status=status,
        )
    from django.contrib import messages

    if extra.get("error"):
        messages.error(request, extra["error"])
    return redirect(detail_url(project))


def member_of(project: Project, user_id: int) -> User | None:
    membership = (
        Membership.objects.filter(organization=project.organization, user_id=user_id)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None
