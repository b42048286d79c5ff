from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Organization
from projects.models import Collaborator, Compile, Project
from projects.services import PROJECT_TEMPLATES, file_save

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.id, *args])


def switch_to(client, organization):
    client.post(reverse("accounts:organization_switch"), {"organization_id": organization.id})


# Every URL of a project: (url name, extra args, method, data)
PROJECT_URLS = [
    ("detail", (), "get", {}),
    ("edit", (), "post", {"name": "Hacked"}),
    ("clone", (), "post", {}),
    ("delete", (), "get", {}),
    ("delete", (), "post", {}),
    ("compile", (), "post", {}),
    ("parameter_save", (), "post", {"name": "x", "value": "1"}),
    ("parameter_delete", (), "post", {"name": "fast"}),
    ("collaborator_add", (), "post", {"user": "0", "access": "read"}),
    ("collaborator_remove", ("USER",), "post", {}),
    ("library_add", (), "post", {"library": "0"}),
    ("library_remove", ("LIB",), "post", {}),
    ("nodes", (), "post", {"node": "auto"}),
    ("file_read", (), "get", {"name": "main.py"}),
    ("file_save", (), "post", {"name": "main.py", "content": "x", "base_revision": ""}),
    ("file_create", (), "post", {"name": "x.py"}),
    ("file_rename", (), "post", {"name": "x.py", "new_name": "y.py"}),
    ("file_delete", (), "post", {"name": "main.py"}),
    ("file_upload", (), "post", {}),
    ("session_ping", (), "post", {}),
    ("session_close", ("LIB",), "post", {}),
]


@pytest.mark.parametrize(("name", "args", "method", "data"), PROJECT_URLS, ids=lambda v: str(v))
def test_outsider_gets_404_on_every_project_url(
    outsider_client, project, owner, name, args, method, data
):
    args = [owner.id if a == "USER" else project.id if a == "LIB" else a for a in args]
    response = getattr(outsider_client, method)(url(name, project, *args), data)
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.name == "Trend"
    assert project.files.get(name="main.py").content != "x"


def test_every_project_url_is_covered():
    from projects.urls import urlpatterns

    named = {p.name for p in urlpatterns if "project_id" in str(p.pattern)}
    assert named == {n for n, *_ in PROJECT_URLS}


@pytest.mark.parametrize(("name", "args", "method", "data"), PROJECT_URLS, ids=lambda v: str(v))
def test_anonymous_is_sent_to_login(client, project, owner, name, args, method, data):
    args = [owner.id if a == "USER" else project.id if a == "LIB" else a for a in args]
    response = getattr(client, method)(url(name, project, *args), data)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_member_who_is_not_a_collaborator_gets_404(member_client, project):
    assert member_client.get(url("detail", project)).status_code == 404


def test_list_shows_my_projects_of_the_current_organization(
    owner_client, organization, project, outsider
):
    switch_to(owner_client, organization)
    response = owner_client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert "Trend" in response.content.decode()


@pytest.mark.parametrize("template", sorted(PROJECT_TEMPLATES))
def test_create_from_each_template(owner_client, organization, template):
    switch_to(owner_client, organization)
    response = owner_client.post(
        reverse("projects:create"), {"name": f"New {template}", "template": template}
    )
    project = Project.objects.get(name=f"New {template}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("projects:detail", args=[project.id]))
    assert project.organization == organization
    page = owner_client.get(response["Location"]).content.decode()
    assert "vendor/monaco/vs/loader.js" in page
    assert 'data-current-file="main.py"' in page


def test_create_form_shows_templates(owner_client):
    content = owner_client.get(
        reverse("projects:create") + "?template=buy_and_hold"
    ).content.decode()
    assert "SMA crossover" in content and "Buy and hold" in content


def test_create_past_the_limit_shows_the_error(owner_client, organization, owner, monkeypatch):
    import projects.services as services

    switch_to(owner_client, organization)
    monkeypatch.setattr(
        services, "limit_for", lambda org, name: 1 if name == "max_projects" else 10**6
    )
    assert (
        owner_client.post(
            reverse("projects:create"), {"name": "A", "template": "empty"}
        ).status_code
        == 302
    )
    response = owner_client.post(reverse("projects:create"), {"name": "B", "template": "empty"})
    assert response.status_code == 400
    assert "limit of 1 projects" in response.content.decode()
    assert not Project.objects.filter(name="B").exists()


def test_rename_and_describe(owner_client, project):
    response = owner_client.post(
        url("edit", project), {"name": "Renamed", "description": "Hello"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="project-info"' in response.content.decode()
    project.refresh_from_db()
    assert (project.name, project.description) == ("Renamed", "Hello")
    bad = owner_client.post(url("edit", project), {"name": "bad*name"}, **HTMX)
    assert bad.status_code == 400
    assert "may only contain" in bad.content.decode()


def test_clone(owner_client, project):
    response = owner_client.post(url("clone", project))
    clone = Project.objects.exclude(id=project.id).get()
    assert response["Location"] == reverse("projects:detail", args=[clone.id])
    assert clone.parameters_dict() == project.parameters_dict()
    assert clone.files.get(name="main.py").content == project.files.get(name="main.py").content


def test_delete_asks_for_confirmation_first(owner_client, project):
    page = owner_client.get(url("delete", project))
    assert page.status_code == 200
    assert "can't be undone" in page.content.decode()
    assert Project.objects.filter(id=project.id).exists()
    response = owner_client.post(url("delete", project))
    assert response["Location"] == reverse("projects:list")
    assert not Project.objects.filter(id=project.id).exists()


def test_only_the_owner_deletes(member_client, project, writer):
    assert member_client.post(url("delete", project)).status_code == 403
    assert Project.objects.filter(id=project.id).exists()


# Files ----------------------------------------------------------------------------------------


def test_read_file(owner_client, project):
    data = owner_client.get(url("file_read", project), {"name": "main.py"}).json()
    assert data["name"] == "main.py" and data["revision"] == 1 and not data["readOnly"]
    assert "SmaCrossoverAlgorithm" in data["content"]
    assert owner_client.get(url("file_read", project), {"name": "nope.py"}).status_code == 404


def test_save_then_stale_save_gets_409_with_the_other_version(
    owner_client, member_client, project, writer
):
    original = owner_client.get(url("file_read", project), {"name": "main.py"}).json()
    mine = owner_client.post(
        url("file_save", project),
        {
            "name": "main.py",
            "content": original["content"] + "# owner\n",
            "base_revision": original["revision"],
        },
    )
    assert mine.status_code == 200 and mine.json()["revision"] == original["revision"] + 1
    theirs = member_client.post(
        url("file_save", project),
        {
            "name": "main.py",
            "content": original["content"] + "# member\n",
            "base_revision": original["revision"],
        },
    )
    assert theirs.status_code == 409
    body = theirs.json()
    assert body["conflict"] is True
    assert body["current"]["content"].endswith("# owner\n")
    assert body["current"]["revision"] == original["revision"] + 1
    assert project.files.get(name="main.py").content.endswith("# owner\n")
    # "Overwrite with mine": save again based on the revision just seen
    forced = member_client.post(
        url("file_save", project),
        {
            "name": "main.py",
            "content": "# member wins\n",
            "base_revision": body["current"]["revision"],
        },
    )
    assert forced.status_code == 200
    assert project.files.get(name="main.py").content == "# member wins\n"


def test_save_refuses_too_big_files(owner_client, organization, project):
    organization.tier = Organization.Tier.FREE
    organization.save()
    response = owner_client.post(
        url("file_save", project), {"name": "main.py", "content": "#" * 40_000, "base_revision": ""}
    )
    assert response.status_code == 400
    assert "32 KB" in response.json()["error"]


def test_create_rename_delete_files_and_folders(owner_client, project):
    response = owner_client.post(url("file_create", project), {"name": "alphas/one.py"}, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-file="alphas/one.py"' in content and 'data-open-file="alphas/one.py"' in content
    owner_client.post(url("file_create", project), {"name": "empty", "kind": "folder"}, **HTMX)
    assert project.__class__.objects.get(pk=project.pk).folders == ["empty"]
    response = owner_client.post(
        url("file_rename", project), {"name": "alphas/one.py", "new_name": "alphas/two.py"}, **HTMX
    )
    assert 'data-file="alphas/two.py"' in response.content.decode()
    owner_client.post(
        url("file_rename", project),
        {"name": "alphas", "new_name": "models", "kind": "folder"},
        **HTMX,
    )
    assert project.files.filter(name="models/two.py").exists()
    owner_client.post(url("file_delete", project), {"name": "models/two.py"}, **HTMX)
    assert not project.files.filter(name="models/two.py").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.py", "Paths can"),
        ("evil.exe", "Unsupported file type"),
        ("main.py", "already exists"),
    ],
)
def test_file_name_errors_are_shown(owner_client, project, name, message):
    response = owner_client.post(url("file_create", project), {"name": name}, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_main_py_cannot_be_deleted(owner_client, project):
    response = owner_client.post(url("file_delete", project), {"name": "main.py"}, **HTMX)
    assert response.status_code == 400
    assert "entry point" in response.content.decode()
    assert project.files.filter(name="main.py").exists()


def test_upload(owner_client, project):
    upload = SimpleUploadedFile(
        "prices.csv", b"date,close\n2020-01-02,100\n", content_type="text/csv"
    )
    response = owner_client.post(
        url("file_upload", project), {"file": upload, "folder": "data"}, **HTMX
    )
    assert response.status_code == 200
    assert project.files.get(name="data/prices.csv").content.startswith("date,close")


def test_upload_too_big(owner_client, organization, project):
    organization.tier = Organization.Tier.FREE
    organization.save()
    upload = SimpleUploadedFile("big.txt", b"x" * (33 * 1024))
    response = owner_client.post(url("file_upload", project), {"file": upload}, **HTMX)
    assert response.status_code == 400
    assert "32 KB" in response.content.decode()
    assert not project.files.filter(name="big.txt").exists()


# Compile --------------------------------------------------------------------------------------


def test_compile_shows_diagnostics_with_file_and_line(owner_client, project):
    file_save(
        project=project,
        name="main.py",
        content="from AlgorithmImports import *\nx = (\n",
        base_revision=None,
    )
    response = owner_client.post(url("compile", project), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "BuildError" in content
    assert 'data-file="main.py" data-line="2"' in content or 'data-line="3"' in content
    diagnostics = json.loads(
        content.split('id="compile-diagnostics" type="application/json">')[1].split("</script>")[0]
    )
    assert diagnostics[0]["file"] == "main.py" and "SyntaxError" in diagnostics[0]["message"]
    assert Compile.objects.filter(project=project, state="BuildError").count() == 1


def test_read_only_collaborator_can_compile_but_not_edit(member_client, project, reader):
    assert member_client.post(url("compile", project), **HTMX).status_code == 200
    page = member_client.get(url("detail", project)).content.decode()
    assert 'data-read-only="true"' in page
    assert "Read only" in page
    assert 'id="file-create-form"' not in page
    assert (
        member_client.post(
            url("file_save", project), {"name": "main.py", "content": "x"}
        ).status_code
        == 403
    )
    assert member_client.post(url("file_create", project), {"name": "x.py"}).status_code == 403
    assert (
        member_client.post(url("parameter_save", project), {"name": "x", "value": "1"}).status_code
        == 403
    )
    assert member_client.post(url("edit", project), {"name": "Mine"}).status_code == 403


def test_write_collaborator_edits(member_client, project, writer):
    page = member_client.get(url("detail", project)).content.decode()
    assert 'data-read-only="false"' in page
    response = member_client.post(
        url("file_save", project), {"name": "main.py", "content": "# hi\n", "base_revision": "1"}
    )
    assert response.status_code == 200
    assert member_client.post(url("collaborator_add", project), {"user": "1"}).status_code == 403


# Panels ---------------------------------------------------------------------------------------


def test_parameters(owner_client, project):
    response = owner_client.post(
        url("parameter_save", project), {"name": "lookback", "value": "20"}, **HTMX
    )
    assert 'value="lookback"' in response.content.decode()
    owner_client.post(
        url("parameter_save", project), {"old_name": "fast", "name": "fast", "value": "5"}, **HTMX
    )
    owner_client.post(url("parameter_delete", project), {"name": "slow"}, **HTMX)
    assert project.parameters_dict() == {"fast": "5", "lookback": "20"}
    duplicate = owner_client.post(
        url("parameter_save", project), {"name": "fast", "value": "1"}, **HTMX
    )
    assert duplicate.status_code == 400


def test_owner_adds_and_removes_collaborators(owner_client, project, member, outsider):
    response = owner_client.post(
        url("collaborator_add", project), {"user": member.id, "access": "write"}, **HTMX
    )
    assert response.status_code == 200
    assert Collaborator.objects.get(project=project, user=member).access == "write"
    # only members of the organization
    response = owner_client.post(
        url("collaborator_add", project), {"user": outsider.id, "access": "read"}, **HTMX
    )
    assert response.status_code == 400
    owner_client.post(url("collaborator_remove", project, member.id), **HTMX)
    assert not Collaborator.objects.filter(project=project).exists()


@pytest.mark.parametrize("value", ["9" * 30, str(2**63), "¹", "-1", "", "abc"])
def test_a_collaborator_id_that_is_no_id_gets_a_clear_400(owner_client, project, value):
    response = owner_client.post(
        url("collaborator_add", project), {"user": value, "access": "read"}, **HTMX
    )
    assert response.status_code == 400
    assert b"Choose a member of the organization." in response.content


def test_libraries(owner_client, organization, owner, project):
    from projects.services import project_create

    library = project_create(
        organization=organization, owner=owner, name="Library/Calculators", template="library"
    )
    response = owner_client.post(url("library_add", project), {"library": library.id}, **HTMX)
    assert response.status_code == 200
    assert "<code>Calculators</code>" in response.content.decode()
    assert list(project.libraries.all()) == [library]
    owner_client.post(url("library_remove", project, library.id), **HTMX)
    assert not project.libraries.exists()


def test_library_from_another_organization_is_404(owner_client, project, outsider):
    from accounts.selectors import personal_organization
    from projects.services import project_create

    theirs = project_create(
        organization=personal_organization(outsider), owner=outsider, name="Theirs"
    )
    assert (
        owner_client.post(url("library_add", project), {"library": theirs.id}, **HTMX).status_code
        == 404
    )


def test_dashboard_shows_recent_projects(owner_client, organization, project):
    switch_to(owner_client, organization)
    content = owner_client.get("/").content.decode()
    assert 'id="recent-projects"' in content and "Trend" in content
