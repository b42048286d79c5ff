"""Reads for research: a project's notebooks, runs a user may open, research node usage."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.catalog import INCLUDED_NODES, NODE_MODELS, RESEARCH, NodeModel
from accounts.models import Node, Organization, User
from accounts.selectors import research_node_count
from projects.models import Project
from projects.selectors import get_project_for_user
from qcweb.ids import parse_id
from research.models import NotebookRun, ResearchSession

NOTEBOOK_SUFFIX = ".ipynb"


def project_notebooks(project: Project) -> list:
    """The project's notebook files, in path order."""
    return list(
        project.files.filter(name__iendswith=NOTEBOOK_SUFFIX)
        .only("id", "name", "revision", "modified")
        .order_by("name")
    )


def get_run_for_user(user: User, run_id: int | str, *, write: bool = False) -> NotebookRun:
    """The run if `user` can open its project, else Http404."""
    pk = parse_id(str(run_id))
    run = (
        NotebookRun.objects.select_related("project", "organization", "created_by")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if run is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such notebook run")
    run.project = get_project_for_user(user, run.project_id, write=write)
    return run


def project_runs(project: Project, *, limit: int = 20) -> QuerySet[NotebookRun]:
    return project.notebook_runs.select_related("created_by")[:limit]


def research_nodes_in_use(organization: Organization) -> int:
    """Research nodes the organization uses now: one per queued or running notebook run and one
    per starting or running Jupyter session."""
    runs = NotebookRun.objects.filter(organization=organization, status__in=NotebookRun.ACTIVE)
    sessions = ResearchSession.objects.filter(
        organization=organization, status__in=ResearchSession.ACTIVE
    )
    return runs.count() + sessions.count()


def research_node_model(organization: Organization) -> NodeModel | None:
    """The model a notebook runs on: the organization's largest research node, or the free R1-4
    of a personal organization; None when it has no research node."""
    if not research_node_count(organization):
        return None
    codes = Node.objects.filter(organization=organization, kind=RESEARCH).values_list(
        "model", flat=True
    )
    models = [NODE_MODELS[code] for code in codes if code in NODE_MODELS]
    if not models:
        return NODE_MODELS[INCLUDED_NODES[RESEARCH]]
    return max(models, key=lambda m: (m.ram_gb, m.cores))
