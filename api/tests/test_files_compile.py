"""QuantConnect REST API v2 File Management and Compiling Code over HTTP."""

from __future__ import annotations

import pytest

from api.tests.conftest import check_model

pytestmark = pytest.mark.django_db(transaction=True)

FILE_FIELDS = {"name": str, "content": str, "modified": str}
COMPILE_FIELDS = {"compileId": str, "state": str, "logs": list}


def test_files_create_read_update_delete(api, api_project):
    created = api.ok(
        "files/create", {"projectId": api_project.id, "name": "signals.py", "content": "A = 1\n"}
    )
    check_model(created, "ProjectFilesResponse")
    for name, kind in FILE_FIELDS.items():
        assert isinstance(created["files"][0][name], kind)

    everything = api.ok("files/read", {"projectId": api_project.id})["files"]
    assert [f["name"] for f in everything] == ["helpers.py", "main.py", "signals.py"]
    one = api.ok("files/read", {"projectId": api_project.id, "fileName": "signals.py"})["files"]
    assert one[0]["content"] == "A = 1\n"

    # QuantConnect's API reference spelling: fileName + newFileContents; lean CLI spelling: name + content.
    api.ok(
        "files/update",
        {"projectId": api_project.id, "fileName": "signals.py", "newFileContents": "A = 2\n"},
    )
    assert api_project.files.get(name="signals.py").content == "A = 2\n"
    api.ok(
        "files/update", {"projectId": api_project.id, "name": "signals.py", "content": "A = 3\n"}
    )
    assert api_project.files.get(name="signals.py").content == "A = 3\n"
    api.ok(
        "files/update",
        {
            "projectId": api_project.id,
            "oldFileName": "signals.py",
            "newFileName": "alpha/signals.py",
        },
    )
    assert api_project.files.filter(name="alpha/signals.py").exists()

    api.ok("files/delete", {"projectId": api_project.id, "name": "alpha/signals.py"})
    assert not api_project.files.filter(name__contains="signals").exists()


def test_file_errors_name_the_field(api, api_project):
    assert "fileName" in api.refused(
        "files/read", {"projectId": api_project.id, "fileName": "nope.py"}
    )
    assert "already exists" in api.refused(
        "files/create", {"projectId": api_project.id, "name": "main.py", "content": ""}
    )
    assert "name is required" in api.refused("files/create", {"projectId": api_project.id})
    assert "newFileContents is required" in api.refused(
        "files/update", {"projectId": api_project.id, "fileName": "main.py"}
    )
    assert "main.py" in api.refused(
        "files/delete", {"projectId": api_project.id, "name": "main.py"}
    )
    assert "name" in api.refused("files/delete", {"projectId": api_project.id, "name": "ghost.py"})


def test_files_of_other_organizations_are_not_found(outsider_api, api_project):
    for endpoint, payload in [
        ("files/read", {"projectId": api_project.id}),
        ("files/create", {"projectId": api_project.id, "name": "x.py", "content": ""}),
        (
            "files/update",
            {"projectId": api_project.id, "fileName": "main.py", "newFileContents": ""},
        ),
        ("files/delete", {"projectId": api_project.id, "name": "helpers.py"}),
        ("compile/create", {"projectId": api_project.id}),
    ]:
        assert (
            outsider_api.refused(endpoint, payload)
            == f"projectId {api_project.id}: no such project."
        )
    assert api_project.files.count() == 2


def test_compile_create_and_read(api, api_project):
    created = api.ok("compile/create", {"projectId": api_project.id})
    check_model(created, "CompileResponse")
    for name, kind in COMPILE_FIELDS.items():
        assert isinstance(created[name], kind)
    assert created["state"] == "BuildSuccess"
    read = api.ok("compile/read", {"projectId": api_project.id, "compileId": created["compileId"]})
    assert read["compileId"] == created["compileId"] and read["state"] == "BuildSuccess"
    assert "compileId" in api.refused(
        "compile/read", {"projectId": api_project.id, "compileId": "nope"}
    )


def test_compile_reports_build_errors(api, api_project):
    api.ok(
        "files/update",
        {"projectId": api_project.id, "fileName": "main.py", "newFileContents": "def broken(:\n"},
    )
    created = api.ok("compile/create", {"projectId": api_project.id})
    assert created["state"] == "BuildError"
    assert any("main.py" in line for line in created["logs"])
