"""QuantConnect REST API v2 Project Management over HTTP: projects/create|read|update|delete, nodes, libraries."""

from __future__ import annotations

import pytest
import requests

from api.tests.conftest import check_model
from projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)

# QuantConnect's "Project Model" (plus what the lean CLI requires).
PROJECT_FIELDS = {
    "projectId": int,
    "name": str,
    "created": str,
    "modified": str,
    "language": str,
}


def _check_project(project: dict) -> None:
    for name, kind in PROJECT_FIELDS.items():
        assert isinstance(project[name], kind), name
    check_model(project, "Project")


def test_create_read_update_delete(api, organization, owner):
    data = api.ok(
        "projects/create",
        {"name": "Created By Api", "language": "Py", "organizationId": str(organization.id)},
    )
    check_model(data, "ProjectListResponse")
    created = data["projects"][0]
    _check_project(created)
    assert created["name"] == "Created By Api" and created["language"] == "Py"
    project = Project.objects.get(pk=created["projectId"])
    assert project.organization == organization and project.owner == owner
    assert project.files.filter(name="main.py").exists()

    read = api.ok("projects/read", {"projectId": project.id})
    assert [p["projectId"] for p in read["projects"]] == [project.id]
    _check_project(read["projects"][0])

    api.ok(
        "projects/update", {"projectId": project.id, "name": "Renamed", "description": "About it"}
    )
    project.refresh_from_db()
    assert (project.name, project.description) == ("Renamed", "About it")

    api.ok("projects/delete", {"projectId": project.id})
    assert not Project.objects.filter(pk=project.id).exists()


def test_read_lists_projects_of_the_callers_organizations(api, api_project, organization, outsider):
    from accounts.selectors import personal_organization
    from projects.services import project_create

    project_create(organization=personal_organization(outsider), owner=outsider, name="Secret")
    listed = api.ok("projects/read")["projects"]
    assert [p["name"] for p in listed] == ["Api Project"]
    by_org = api.ok("projects/read", {"organizationId": str(organization.id)})["projects"]
    assert [p["projectId"] for p in by_org] == [api_project.id]
    project = by_org[0]
    assert project["organizationId"] == str(organization.id)
    assert project["parameters"] == [{"key": "fast", "value": "30"}]
    assert project["collaborators"][0]["owner"] is True


def test_create_in_the_default_organization_and_duplicate_names(api, owner):
    from accounts.selectors import personal_organization

    data = api.ok("projects/create", {"name": "Mine", "language": "Py"})
    assert Project.objects.get(
        pk=data["projects"][0]["projectId"]
    ).organization == personal_organization(owner)
    message = api.refused("projects/create", {"name": "Mine", "language": "Py"})
    assert "name" in message and "already exists" in message
    assert Project.objects.filter(name="Mine").count() == 1
    assert "language" in api.refused("projects/create", {"name": "Sharp", "language": "C#"})


def test_update_form_encoded_like_the_lean_cli(api, api_project):
    form = {
        "projectId": api_project.id,
        "files[0][name]": "main.py",
        "files[0][content]": "# new main\n",
        "files[1][name]": "lib/util.py",
        "files[1][content]": "Z = 3\n",
        "parameters[0][key]": "slow",
        "parameters[0][value]": "120",
    }
    response = requests.post(
        api.base_url + "projects/update", headers=api.get_headers(), data=form, timeout=30
    )
    assert response.json() == {"success": True}
    files = dict(api_project.files.values_list("name", "content"))
    assert files == {"main.py": "# new main\n", "lib/util.py": "Z = 3\n"}
    assert api_project.parameters_dict() == {"slow": "120"}


def test_update_is_all_or_nothing(api, api_project):
    before = dict(api_project.files.values_list("name", "content"))
    message = api.refused(
        "projects/update",
        {
            "projectId": api_project.id,
            "name": "Changed Name",
            "files": [
                {"name": "main.py", "content": "x = 1\n"},
                {"name": "../escape.py", "content": ""},
            ],
        },
    )
    assert message
    api_project.refresh_from_db()
    assert api_project.name == "Api Project"
    assert dict(api_project.files.values_list("name", "content")) == before


def _node(organization, name, kind="backtest"):
    from accounts.models import Node

    return Node.objects.create(
        organization=organization,
        kind=kind,
        model="B2-8" if kind == "backtest" else "R2-8",
        name=name,
    )


def test_nodes_read_and_update(api, api_project, organization):
    first, second = _node(organization, "bt-1"), _node(organization, "bt-2")
    research = _node(organization, "rs-1", kind="research")
    data = api.ok("projects/nodes/read", {"projectId": api_project.id})
    check_model(data, "ProjectNodesResponse")
    assert data["autoSelectNode"] is True
    assert [(n["id"], n["active"]) for n in data["nodes"]["backtest"]] == [
        (str(first.id), False),
        (str(second.id), False),
    ]

    updated = api.ok(
        "projects/nodes/update",
        {"projectId": api_project.id, "nodes": [str(second.id), str(research.id)]},
    )
    check_model(updated, "ProjectNodesResponse")
    assert updated["autoSelectNode"] is False
    read = api.ok("projects/nodes/read", {"projectId": api_project.id})
    assert read["autoSelectNode"] is False
    assert {n["name"]: n["active"] for n in read["nodes"]["backtest"]} == {
        "bt-1": False,
        "bt-2": True,
    }
    assert read["nodes"]["research"][0]["active"] is True
    assert set(api_project.active_nodes.all()) == {second, research}


def test_nodes_read_reports_a_node_running_a_backtest_as_busy(
    api, api_project, organization, owner
):
    from backtests.models import Backtest

    node = _node(organization, "bt-1")
    assert (
        api.ok("projects/nodes/read", {"projectId": api_project.id})["nodes"]["backtest"][0]["busy"]
        is False
    )
    Backtest.objects.create(
        organization=organization,
        project=api_project,
        created_by=owner,
        name="x",
        status=Backtest.Status.RUNNING,
        node=node,
    )
    assert (
        api.ok("projects/nodes/read", {"projectId": api_project.id})["nodes"]["backtest"][0]["busy"]
        is True
    )


def test_nodes_update_with_no_nodes_is_auto_select(api, api_project, organization):
    node = _node(organization, "bt-1")
    api.ok("projects/nodes/update", {"projectId": api_project.id, "nodes": [str(node.id)]})
    for payload in ({"projectId": api_project.id, "nodes": []}, {"projectId": api_project.id}):
        api.ok("projects/nodes/update", {"projectId": api_project.id, "nodes": [str(node.id)]})
        data = api.ok("projects/nodes/update", payload)
        assert data["autoSelectNode"] is True
        assert data["nodes"]["backtest"][0]["active"] is False
        assert (
            api.ok("projects/nodes/read", {"projectId": api_project.id})["autoSelectNode"] is True
        )


def test_nodes_update_refuses_another_organizations_node(api, api_project, organization, outsider):
    from accounts.selectors import personal_organization

    mine = _node(organization, "bt-1")
    theirs = _node(personal_organization(outsider), "theirs")
    api.ok("projects/nodes/update", {"projectId": api_project.id, "nodes": [str(mine.id)]})
    message = api.refused(
        "projects/nodes/update",
        {"projectId": api_project.id, "nodes": [str(mine.id), str(theirs.id)]},
    )
    assert message == f"Node {theirs.id}: no such node in the project's organization."
    assert "no such node" in api.refused(
        "projects/nodes/update", {"projectId": api_project.id, "nodes": ["nope"]}
    )
    assert list(api_project.active_nodes.all()) == [mine]  # unchanged


def test_libraries(api, api_project, organization, owner):
    from projects.services import project_create

    library = project_create(
        organization=organization,
        owner=owner,
        name="Library/Tools",
        files={"main.py": "", "tax.py": "RATE = 0.2\n"},
    )
    api.ok("projects/library/create", {"projectId": api_project.id, "libraryId": library.id})
    read = api.ok("projects/read", {"projectId": api_project.id})["projects"][0]
    assert read["libraries"][0]["projectId"] == library.id
    api.ok("projects/library/delete", {"projectId": api_project.id, "libraryId": library.id})
    assert not api_project.libraries.exists()


def test_other_organizations_projects_are_not_found(outsider_api, api_project):
    for endpoint, payload in [
        ("projects/read", {"projectId": api_project.id}),
        ("projects/update", {"projectId": api_project.id, "name": "Hijacked"}),
        ("projects/delete", {"projectId": api_project.id}),
        ("projects/nodes/read", {"projectId": api_project.id}),
        ("projects/nodes/update", {"projectId": api_project.id, "nodes": []}),
    ]:
        message = outsider_api.refused(endpoint, payload)
        assert message == f"projectId {api_project.id}: no such project.", endpoint
    assert Project.objects.filter(pk=api_project.id, name="Api Project").exists()
    assert not api_project.active_nodes.exists()
    unknown = outsider_api.refused("projects/read", {"projectId": 987654})
    assert unknown == "projectId 987654: no such project."
    assert "organizationId" in outsider_api.refused(
        "projects/read", {"organizationId": str(api_project.organization_id)}
    )
