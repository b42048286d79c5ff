"""Project nodes (seed 000 14.2.6): the active nodes a project is pinned to; none = auto-select."""

from __future__ import annotations

import pytest

from accounts.models import Node
from accounts.selectors import personal_organization
from projects.services import ProjectError, project_set_nodes

pytestmark = pytest.mark.django_db


def make_node(organization, name, kind=Node.Kind.BACKTEST, model="B2-8") -> Node:
    return Node.objects.create(organization=organization, kind=kind, model=model, name=name)


def test_set_nodes_then_clear_them_is_auto_select(project, organization):
    first, second = make_node(organization, "b1"), make_node(organization, "b2")
    assert project.auto_select_node

    chosen = project_set_nodes(project=project, node_ids=[str(second.id)])
    assert chosen == [second]
    assert list(project.active_nodes.all()) == [second]
    assert not project.auto_select_node

    project_set_nodes(project=project, node_ids=[first.id, str(second.id), first.id])
    assert set(project.active_nodes.all()) == {first, second}

    project_set_nodes(project=project, node_ids=[])
    assert project.auto_select_node


@pytest.mark.parametrize("bad", ["999999", "abc", "", "-1"])
def test_unknown_node_ids_are_refused_by_name(project, organization, bad):
    node = make_node(organization, "b1")
    project_set_nodes(project=project, node_ids=[node.id])
    with pytest.raises(ProjectError, match="no such node"):
        project_set_nodes(project=project, node_ids=[node.id, bad])
    assert list(project.active_nodes.all()) == [node]  # unchanged: all or nothing


def test_another_organizations_node_is_refused(project, organization, outsider):
    theirs = make_node(personal_organization(outsider), "theirs")
    with pytest.raises(ProjectError, match=f"Node {theirs.id}"):
        project_set_nodes(project=project, node_ids=[theirs.id])
    assert project.auto_select_node


def test_removing_a_node_returns_the_project_to_auto_select(project, organization):
    node = make_node(organization, "b1")
    project_set_nodes(project=project, node_ids=[node.id])
    node.delete()
    assert project.auto_select_node
