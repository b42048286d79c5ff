"""QuantConnect REST API v2 Compiling Code: compile/create and compile/read.

`projects.services.project_compile` checks the project (and its libraries) at once, so the
create answer already carries BuildSuccess or BuildError; compile/read returns the same."""

from __future__ import annotations

from django.http import Http404

from api.common import project_for
from api.registry import ApiError, Call, Field, endpoint, model
from projects.models import Compile
from projects.selectors import get_compile_for_project
from projects.services import project_compile

SECTION = "Compiling code"

model(
    "CompileResponse",
    "Response from the compiler on a build event.",
    [
        Field("compileId", "string", "Compile Id for a successful build.", required=True),
        Field(
            "state",
            "string",
            "State of the build.",
            required=True,
            enum=("InQueue", "BuildSuccess", "BuildError"),
        ),
        Field("projectId", "integer", "Project Id of the build.", required=True),
        Field("logs", "array", "Logs of the compilation request.", required=True, items="string"),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


def compile_json(compile_: Compile) -> dict:
    return {
        "compileId": compile_.compile_id,
        "state": compile_.state,
        "projectId": compile_.project_id,
        "logs": list(compile_.logs or []),
    }


@endpoint(
    "compile/create",
    section=SECTION,
    summary="Compile (check) a project.",
    request=[Field("projectId", "integer", "Project Id we wish to compile.", required=True)],
    response="CompileResponse",
)
def compile_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    result = project_compile(project=project)
    return compile_json(Compile.objects.get(compile_id=result.id))


@endpoint(
    "compile/read",
    section=SECTION,
    summary="Read a compile result.",
    request=[
        Field("projectId", "integer", "Project Id we sent for compile.", required=True),
        Field(
            "compileId", "string", "Compile Id returned during the creation request.", required=True
        ),
    ],
    response="CompileResponse",
)
def compile_read(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    try:
        compile_ = get_compile_for_project(project, call.get("compileId"))
    except Http404:
        raise ApiError(
            f"compileId {call.get('compileId')!r}: no such compile of this project."
        ) from None
    return compile_json(compile_)
