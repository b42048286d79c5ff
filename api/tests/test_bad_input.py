"""Bad input: missing fields, wrong types, malformed JSON, oversized bodies, unknown ids. Each
answer has the error shape with a message naming the field; nothing is written half-way."""

from __future__ import annotations

import pytest
import requests

from projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("endpoint", "payload", "expected"),
    [
        ("projects/create", {"language": "Py"}, "name is required."),
        ("projects/create", {"name": "X"}, "language is required."),
        ("projects/create", {"name": 5.5, "language": "Py"}, "name must be a string."),
        ("projects/create", {"name": "X", "language": "Go"}, "language must be one of 'C#', 'Py'."),
        ("projects/read", {"projectId": "abc"}, "projectId must be an integer."),
        ("projects/read", {"projectId": True}, "projectId must be an integer."),
        ("projects/update", {"name": "x"}, "projectId is required."),
        ("projects/update", {"projectId": 1, "files": "main.py"}, "files must be an array."),
        (
            "projects/update",
            {"projectId": 1, "libraries": ["x"]},
            "libraries[] must be an integer.",
        ),
        ("files/create", {"projectId": [1], "name": "a.py"}, "projectId must be an integer."),
        ("compile/read", {"projectId": 1}, "compileId is required."),
        (
            "backtests/create",
            {"projectId": 1, "compileId": "c", "backtestName": "n", "parameters": [1]},
            "parameters must be an object.",
        ),
        (
            "backtests/list",
            {"projectId": 1, "includeStatistics": "maybe"},
            "includeStatistics must be true or false.",
        ),
        (
            "backtests/read/orders",
            {"projectId": 1, "backtestId": "b", "start": "x"},
            "start must be an integer.",
        ),
    ],
)
def test_missing_and_mistyped_fields(api, endpoint, payload, expected):
    assert api.refused(endpoint, payload) == expected


def test_unknown_ids(api, api_project):
    assert (
        api.refused("projects/read", {"projectId": 424242}) == "projectId 424242: no such project."
    )
    assert api.refused(
        "projects/create", {"name": "X", "language": "Py", "organizationId": "999"}
    ) == ("organizationId 999: no such organization.")
    message = api.refused("backtests/read", {"projectId": api_project.id, "backtestId": "f" * 32})
    assert message.startswith("backtestId")
    assert api.refused(
        "projects/library/create", {"projectId": api_project.id, "libraryId": 777}
    ) == ("projectId 777: no such project.")


def test_malformed_json(api):
    response = requests.post(
        api.base_url + "projects/create",
        headers={**api.get_headers(), "Content-Type": "application/json"},
        data=b'{"name": "X", "language": ',
        timeout=30,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and body["errors"][0].startswith(
        "The request body is not valid JSON"
    )
    response = requests.post(
        api.base_url + "projects/create",
        headers={**api.get_headers(), "Content-Type": "application/json"},
        data=b"[1, 2]",
        timeout=30,
    )
    assert response.status_code == 400 and "object" in response.json()["errors"][0]
    assert not Project.objects.filter(name="X").exists()


def test_oversized_body(api, api_project, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    response = api.post(
        "files/create", {"projectId": api_project.id, "name": "big.py", "content": "x" * 2000}
    )
    assert response.status_code == 413
    assert response.json() == {
        "success": False,
        "errors": ["The request body is larger than 1000 bytes."],
    }
    assert not api_project.files.filter(name="big.py").exists()


def test_file_size_limit_of_the_tier_is_reported(api, api_project, settings):
    from accounts.limits import limit_for

    limit = limit_for(api_project.organization, "max_file_bytes")
    if limit is None:
        pytest.skip("no per-file limit on this tier")
    settings.MAX_REQUEST_BODY_BYTES = limit * 4
    message = api.refused(
        "files/create",
        {"projectId": api_project.id, "name": "big.py", "content": "x" * (limit + 10)},
    )
    assert "big.py" in message
    assert not api_project.files.filter(name="big.py").exists()


def test_a_failing_file_in_a_bulk_update_changes_nothing(api, api_project):
    before = dict(api_project.files.values_list("name", "content"))
    message = api.refused(
        "projects/update",
        {
            "projectId": api_project.id,
            "description": "new",
            "parameters": [{"key": "fast", "value": "5"}],
            "files": [{"name": "main.py", "content": "changed\n"}, {"content": "no name"}],
        },
    )
    assert message == "files[1][name] is required."
    api_project.refresh_from_db()
    assert api_project.description == ""
    assert api_project.parameters_dict() == {"fast": "30"}
    assert dict(api_project.files.values_list("name", "content")) == before


def test_read_only_collaborator_cannot_write(live_server, api_project, member):
    from api.tests.conftest import ExampleClient
    from projects.services import collaborator_set

    collaborator_set(project=api_project, user=member, access="read")
    client = ExampleClient(live_server.url, member.api_user_id, member.api_token)
    assert client.ok("files/read", {"projectId": api_project.id})["files"]
    message = client.refused(
        "files/update", {"projectId": api_project.id, "fileName": "main.py", "newFileContents": ""}
    )
    assert message.startswith(f"projectId {api_project.id}:") and "read-only" in message


def test_methods_other_than_get_and_post(api):
    response = requests.put(api.base_url + "authenticate", headers=api.get_headers(), timeout=30)
    assert response.status_code == 405
    assert response.json()["success"] is False
