"""QuantConnect REST API v2 File Management: files/create|read|update|delete.

The lean CLI names the file `name` (and the new content `content`) where QuantConnect's API reference says
`fileName` / `newFileContents`; both spellings are accepted (field aliases)."""

from __future__ import annotations

from api.common import iso, project_for
from api.registry import ApiError, Call, Field, endpoint, model
from projects import services
from projects.models import ProjectFile

SECTION = "File management"
PROJECT_ID = Field("projectId", "integer", "Project Id to which the file belongs.", required=True)

model(
    "ProjectFile",
    "File for a project.",
    [
        Field("name", "string", "Name of a project file.", required=True),
        Field("content", "string", "Contents of the project file.", required=True),
        Field("modified", "date-time", "DateTime project file was modified.", required=True),
        Field("isLibrary", "boolean", "The file belongs to a library project.", required=True),
    ],
)
model(
    "ProjectFilesResponse",
    "Response received when reading files from a project.",
    [
        Field(
            "files",
            "array",
            "List of project file information.",
            required=True,
            items="ProjectFile",
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


def file_json(file: ProjectFile) -> dict:
    return {
        "name": file.name,
        "content": file.content,
        "modified": iso(file.modified),
        "isLibrary": False,
    }


@endpoint(
    "files/create",
    section=SECTION,
    summary="Add a file to a project.",
    request=[
        PROJECT_ID,
        Field(
            "name",
            "string",
            "The name of the new file (e.g. main.py or utils/helpers.py).",
            required=True,
        ),
        Field("content", "string", "The content of the new file."),
    ],
    response="ProjectFilesResponse",
)
def files_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    file = services.file_create(
        project=project, name=call.get("name"), content=call.get("content") or ""
    )
    return {"files": [file_json(file)]}


@endpoint(
    "files/read",
    section=SECTION,
    summary="Read one file of a project (fileName), or all of them.",
    request=[
        PROJECT_ID,
        Field("fileName", "string", "Optional. The name of the file to read.", aliases=("name",)),
    ],
    response="ProjectFilesResponse",
)
def files_read(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    files = project.files.order_by("name")
    if call.get("fileName"):
        files = files.filter(name=call.get("fileName"))
        if not files:
            raise ApiError(f"fileName {call.get('fileName')!r}: no such file in the project.")
    return {"files": [file_json(f) for f in files]}


@endpoint(
    "files/update",
    section=SECTION,
    summary=(
        "Rename a file (oldFileName, newFileName) or replace its contents "
        "(fileName, newFileContents)."
    ),
    request=[
        PROJECT_ID,
        Field("oldFileName", "string", "The current name of the file (rename)."),
        Field("newFileName", "string", "The new name for the file (rename)."),
        Field(
            "fileName", "string", "The name of the file that should be updated.", aliases=("name",)
        ),
        Field("newFileContents", "string", "The new contents of the file.", aliases=("content",)),
    ],
)
def files_update(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    if call.has("oldFileName") or call.has("newFileName"):
        if not call.get("oldFileName"):
            raise ApiError("oldFileName is required to rename a file.")
        if not call.get("newFileName"):
            raise ApiError("newFileName is required to rename a file.")
        services.file_rename(
            project=project, name=call.get("oldFileName"), new_name=call.get("newFileName")
        )
        return {}
    if not call.get("fileName"):
        raise ApiError("fileName is required (or oldFileName and newFileName to rename).")
    if not call.has("newFileContents"):
        raise ApiError("newFileContents is required.")
    if not project.files.filter(name=call.get("fileName")).exists():
        raise ApiError(f"fileName {call.get('fileName')!r}: no such file in the project.")
    services.file_save(
        project=project,
        name=call.get("fileName"),
        content=call.get("newFileContents"),
        base_revision=None,
    )
    return {}


@endpoint(
    "files/delete",
    section=SECTION,
    summary="Delete a file of a project.",
    request=[
        PROJECT_ID,
        Field(
            "name",
            "string",
            "The name of the file that should be deleted.",
            required=True,
            aliases=("fileName",),
        ),
    ],
)
def files_delete(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    if not project.files.filter(name=call.get("name")).exists():
        raise ApiError(f"name {call.get('name')!r}: no such file in the project.")
    services.file_delete(project=project, name=call.get("name"))
    return {}
