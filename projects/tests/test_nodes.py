"""Project nodes (QuantConnect's project nodes): the active nodes a project is pinned to; none = auto-select."""

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


# The IDE's Resources panel -------------------------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def nodes_url(project):
    from django.urls import reverse

    return reverse("projects:nodes", args=[project.id])


def detail_url(project):
    from django.urls import reverse

    return reverse("projects:detail", args=[project.id])


def test_resources_panel_lists_backtest_nodes_and_auto_select(owner_client, project, organization):
    make_node(organization, "alpha")
    make_node(organization, "rs", kind=Node.Kind.RESEARCH, model="R2-8")
    html = owner_client.get(detail_url(project)).content.decode()
    assert 'id="resources"' in html and 'id="node-form"' in html
    assert "alpha" in html and "auto-select (any free node)" in html
    assert ">rs<" not in html  # research nodes are not for backtests


def test_choose_a_node_then_auto_select_again(owner_client, project, organization):
    alpha = make_node(organization, "alpha")
    response = owner_client.post(nodes_url(project), {"node": str(alpha.id)}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="resources"')
    assert '<span class="mono" id="selected-node">alpha</span>' in html
    assert list(project.active_nodes.all()) == [alpha]

    response = owner_client.post(nodes_url(project), {"node": "auto"}, **HTMX)
    assert "auto-select (any free node)" in response.content.decode()
    assert project.auto_select_node


def test_plain_form_post_redirects_to_the_ide(owner_client, project, organization):
    alpha = make_node(organization, "alpha")
    response = owner_client.post(nodes_url(project), {"node": str(alpha.id)})
    assert response.status_code == 302 and response["Location"] == detail_url(project)
    assert list(project.active_nodes.all()) == [alpha]


def test_another_organizations_node_is_refused_in_the_panel(owner_client, project, outsider):
    theirs = make_node(personal_organization(outsider), "theirs")
    response = owner_client.post(nodes_url(project), {"node": str(theirs.id)}, **HTMX)
    assert response.status_code == 400
    assert f"Node {theirs.id}: no such node" in response.content.decode()
    assert project.auto_select_node


def test_outsider_gets_404(outsider_client, project, organization):
    alpha = make_node(organization, "alpha")
    assert outsider_client.post(nodes_url(project), {"node": str(alpha.id)}).status_code == 404
    assert project.auto_select_node


def test_read_only_collaborator_sees_the_choice_but_cannot_change_it(
    member_client, reader, project, organization
):
    alpha = make_node(organization, "alpha")
    project_set_nodes(project=project, node_ids=[alpha.id])
    html = member_client.get(detail_url(project)).content.decode()
    assert '<span class="mono" id="selected-node">alpha</span>' in html
    assert "Use node" not in html and "disabled" in html
    response = member_client.post(nodes_url(project), {"node": "auto"}, **HTMX)
    assert response.status_code == 403
    assert list(project.active_nodes.all()) == [alpha]


def test_write_collaborator_can_choose(member_client, writer, project, organization):
    alpha = make_node(organization, "alpha")
    assert (
        member_client.post(nodes_url(project), {"node": str(alpha.id)}, **HTMX).status_code == 200
    )
    assert list(project.active_nodes.all()) == [alpha]
