"""QuantConnect REST API v2 Project Management: projects/create|read|update|delete, projects/nodes/read|update
(the project's active nodes; none = autoSelectNode), and projects/library/create|delete (lean CLI).

Writes go through `projects.services`; `projects/update` also takes the lean CLI's form-encoded
files, parameters and libraries and makes the project match them in one transaction."""

from __future__ import annotations

from django.db.models import Count, Q

from accounts.catalog import NODE_MODELS, included_node_id
from accounts.models import Node
from accounts.selectors import included_node
from api.common import iso, organization_for, project_for
from api.registry import ApiError, Call, Field, endpoint, model
from backtests.models import Backtest
from live.models import LiveDeployment
from projects import services
from projects.models import MAIN_FILE, Project
from projects.selectors import project_list_for_user

SECTION = "Project management"
PROJECT_ID = Field("projectId", "integer", "Id of the project.", required=True)
LEAN_VERSION_ID = -1  # "master": qcweb runs one engine version
LEAN_ENVIRONMENT_ID = 1  # the one Python environment (lean/environments/read)

model(
    "Collaborator",
    "A person with access to the project.",
    [
        Field("uid", "integer", "API user id.", required=True),
        Field("liveControl", "boolean", "May control live deployments.", required=True),
        Field("permission", "string", "read or write.", required=True, enum=("read", "write")),
        Field("profileImage", "string", "Avatar URL (may be empty).", required=True),
        Field("name", "string", "Display name.", required=True),
        Field("owner", "boolean", "Owner of the project.", required=True),
    ],
)
model(
    "Parameter",
    "A project parameter.",
    [
        Field("key", "string", "Name.", required=True),
        Field("value", "string", "Value.", required=True),
    ],
)
model(
    "ProjectLibrary",
    "A library project the project uses.",
    [
        Field("projectId", "integer", "Id of the library project.", required=True),
        Field("libraryName", "string", "Name of the library project.", required=True),
        Field("ownerName", "string", "Owner of the library project.", required=True),
        Field("access", "boolean", "The caller can open the library.", required=True),
    ],
)
model(
    "Project",
    "Response from reading a project by id.",
    [
        Field("projectId", "integer", "Project id.", required=True),
        Field("organizationId", "string", "Id of the organization of the project.", required=True),
        Field("name", "string", "Name of the project.", required=True),
        Field("description", "string", "Description of the project.", required=True),
        Field("created", "date-time", "Date the project was created.", required=True),
        Field("modified", "date-time", "Modified date for the project.", required=True),
        Field(
            "language",
            "string",
            "Programming language of the project.",
            required=True,
            enum=("C#", "Py"),
        ),
        Field(
            "collaborators",
            "array",
            "Owner and collaborators.",
            required=True,
            items="Collaborator",
        ),
        Field("leanVersionId", "integer", "LEAN version (-1: master).", required=True),
        Field("leanPinnedToMaster", "boolean", "Runs the latest engine.", required=True),
        Field("leanEnvironment", "integer", "Python environment id.", required=True),
        Field("parameters", "array", "Project parameters.", required=True, items="Parameter"),
        Field("libraries", "array", "Library projects.", required=True, items="ProjectLibrary"),
        Field("encrypted", "boolean", "Encrypted project (never on qcweb).", required=True),
        Field("encryptionKey", "object", "Encryption key (none).", nullable=True),
    ],
)
model(
    "ProjectListResponse",
    "Project list response.",
    [
        Field(
            "projects",
            "array",
            "List of projects for the authenticated user.",
            required=True,
            items="Project",
        ),
        Field("versions", "array", "LEAN versions (none).", items="object"),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "ProjectNode",
    "A node of the project's organization.",
    [
        Field("id", "string", "Node id.", required=True),
        Field("name", "string", "Node name.", required=True),
        Field("sku", "string", "Node model.", required=True),
        Field("busy", "boolean", "Running a job.", required=True),
        Field("usedBy", "string", "Who holds the node.", required=True),
        Field("active", "boolean", "Selected for the project.", required=True),
        Field("projectName", "string", "The project a live node runs.", required=True),
        Field("description", "string", "Cores, speed and memory.", required=True),
        Field("price", "object", "{monthly, yearly} in dollars.", required=True),
        Field("speed", "number", "Clock speed (GHz).", required=True),
        Field("cpu", "integer", "Cores.", required=True),
        Field("ram", "number", "Memory (GB).", required=True),
        Field("assets", "integer", "Asset limit (0: none).", required=True),
    ],
)
model(
    "ProjectNodes",
    "Nodes of the project's organization by kind.",
    [
        Field("backtest", "array", "Backtesting nodes.", required=True, items="ProjectNode"),
        Field("research", "array", "Research nodes.", required=True, items="ProjectNode"),
        Field("live", "array", "Live trading nodes.", required=True, items="ProjectNode"),
    ],
)
model(
    "ProjectNodesResponse",
    "Response received when reading all nodes of a project.",
    [
        Field("nodes", "ProjectNodes", "List of project nodes.", required=True),
        Field(
            "autoSelectNode",
            "boolean",
            "Indicate if a node is automatically selected.",
            required=True,
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


def project_json(project: Project, user) -> dict:
    owner = project.owner
    collaborators = [
        {
            "uid": owner.api_user_id,
            "liveControl": True,
            "permission": "write",
            "profileImage": owner.avatar.url if owner.avatar else "",
            "name": owner.name,
            "owner": True,
        }
    ]
    for collaborator in project.collaborators.select_related("user"):
        person = collaborator.user
        collaborators.append(
            {
                "uid": person.api_user_id,
                "liveControl": collaborator.access == "write",
                "permission": collaborator.access,
                "profileImage": person.avatar.url if person.avatar else "",
                "name": person.name,
                "owner": False,
            }
        )
    visible = set(project_list_for_user(user, project.organization).values_list("id", flat=True))
    return {
        "projectId": project.id,
        "organizationId": str(project.organization_id),
        "name": project.name,
        "description": project.description,
        "created": iso(project.created),
        "modified": iso(project.modified),
        "language": project.language,
        "collaborators": collaborators,
        "leanVersionId": LEAN_VERSION_ID,
        "leanPinnedToMaster": True,
        "leanEnvironment": LEAN_ENVIRONMENT_ID,
        "parameters": [
            {"key": p.name, "value": p.value} for p in project.parameters.order_by("name")
        ],
        "libraries": [
            {
                "projectId": library.id,
                "libraryName": library.name,
                "ownerName": library.owner.name,
                "access": library.id in visible,
            }
            for library in project.libraries.select_related("owner").order_by("name")
        ],
        "encrypted": False,
        "encryptionKey": None,
    }


@endpoint(
    "projects/create",
    section=SECTION,
    summary="Create a project (with an empty main.py) in your default or the given organization.",
    request=[
        Field("name", "string", "Project name.", required=True),
        Field(
            "language",
            "string",
            "Programming language (qcweb runs Python).",
            required=True,
            enum=("C#", "Py"),
        ),
        Field("organizationId", "string", "Organization to create it in (default: yours)."),
    ],
    response="ProjectListResponse",
)
def projects_create(call: Call) -> dict:
    if call.get("language") != "Py":
        raise ApiError("language: only Py projects are supported (qcweb runs Python algorithms).")
    organization = organization_for(call.user, call.get("organizationId"))
    name = services.validate_project_name(call.get("name"))
    if Project.objects.filter(organization=organization, name=name).exists():
        raise ApiError(f"name: a project named {name!r} already exists in {organization.name}.")
    project = services.project_create(organization=organization, owner=call.user, name=name)
    return {"projects": [project_json(project, call.user)], "versions": []}


@endpoint(
    "projects/read",
    section=SECTION,
    summary="Read one project, or list every project you can open (optionally of one organization).",
    request=[
        Field("projectId", "integer", "Id of the project (omit to list)."),
        Field("organizationId", "string", "Only projects of this organization."),
    ],
    response="ProjectListResponse",
)
def projects_read(call: Call) -> dict:
    if call.has("projectId"):
        project = project_for(call.user, call.get("projectId"))
        if call.get("organizationId") and str(project.organization_id) != str(
            call.get("organizationId")
        ):
            raise ApiError(
                f"projectId {project.id}: no such project in organization {call.get('organizationId')}."
            )
        projects = [project]
    else:
        organization = None
        if call.get("organizationId"):
            organization = organization_for(call.user, call.get("organizationId"))
        projects = project_list_for_user(call.user, organization).order_by("id")
    return {"projects": [project_json(p, call.user) for p in projects], "versions": []}


def _sync_files(project: Project, files: list) -> None:
    """Make the project's files exactly `files` ([{name, content}]); main.py stays if absent."""
    wanted: dict[str, str] = {}
    for index, item in enumerate(files):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ApiError(f"files[{index}][name] is required.")
        content = item.get("content", "")
        if not isinstance(content, str):
            raise ApiError(f"files[{index}][content] must be a string.")
        wanted[services.validate_path(item["name"])] = content
    existing = {f.name: f for f in project.files.all()}
    for name in sorted(set(existing) - set(wanted)):
        if name != MAIN_FILE:
            services.file_delete(project=project, name=name)
    for name, content in wanted.items():
        if name in existing:
            if existing[name].content != content:
                services.file_save(project=project, name=name, content=content, base_revision=None)
        else:
            services.file_create(project=project, name=name, content=content)


def _sync_parameters(project: Project, parameters: list) -> None:
    wanted: dict[str, str] = {}
    for index, item in enumerate(parameters):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise ApiError(f"parameters[{index}][key] is required.")
        wanted[item["key"]] = str(item.get("value", ""))
    current = project.parameters_dict()
    for name in set(current) - set(wanted):
        services.parameter_delete(project=project, name=name)
    for name, value in wanted.items():
        if name not in current:
            services.parameter_set(project=project, name=name, value=value)
        elif current[name] != value:
            services.parameter_set(project=project, name=name, value=value, old_name=name)


def _sync_libraries(call: Call, project: Project, library_ids: list[int]) -> None:
    wanted = {project_for(call.user, library_id).id: library_id for library_id in library_ids}
    current = set(project.libraries.values_list("id", flat=True))
    for library_id in current - set(wanted):
        services.library_remove(project=project, library_id=library_id)
    for library_id in set(wanted) - current:
        services.library_add(project=project, library=project_for(call.user, library_id))


@endpoint(
    "projects/update",
    section=SECTION,
    summary=(
        "Update a project's name, description, parameters, files or libraries (JSON or form: "
        "files[i][name], files[i][content], parameters[i][key], parameters[i][value], libraries[i])."
    ),
    request=[
        PROJECT_ID,
        Field("name", "string", "The new name for the project."),
        Field("description", "string", "The new description for the project."),
        Field(
            "parameters",
            "array",
            "All parameters of the project ([{key, value}]).",
            items="Parameter",
        ),
        Field(
            "files",
            "array",
            "All files of the project ([{name, content}]); others are deleted.",
            items="object",
        ),
        Field("libraries", "array", "Ids of all library projects.", items="integer"),
        Field("versionId", "integer", "LEAN version (only -1, master)."),
        Field("leanEnvironment", "integer", "Python environment (only 1)."),
        Field("encryptionKey", "string", "Encryption key id (empty: not encrypted)."),
        Field("codeSourceId", "string", "Where the change comes from (informational)."),
    ],
)
def projects_update(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    if call.get("encryptionKey"):
        raise ApiError("encryptionKey: encrypted projects are not supported.")
    if call.has("versionId") and call.get("versionId") != LEAN_VERSION_ID:
        raise ApiError(f"versionId: only {LEAN_VERSION_ID} (master) is available.")
    if call.has("leanEnvironment") and call.get("leanEnvironment") != LEAN_ENVIRONMENT_ID:
        raise ApiError(f"leanEnvironment: only environment {LEAN_ENVIRONMENT_ID} is available.")
    if call.has("name") or call.has("description"):
        name = call.get("name")
        if name is not None and name != project.name:
            name = services.validate_project_name(name)
            clash = Project.objects.filter(organization=project.organization, name=name)
            if clash.exclude(pk=project.pk).exists():
                raise ApiError(f"name: a project named {name!r} already exists.")
        services.project_update(project=project, name=name, description=call.get("description"))
    if call.has("parameters"):
        _sync_parameters(project, call.get("parameters"))
    if call.has("files"):
        _sync_files(project, call.get("files"))
    if call.has("libraries"):
        _sync_libraries(call, project, call.get("libraries"))
    return {}


@endpoint(
    "projects/delete",
    section=SECTION,
    summary="Delete a project (owner only).",
    request=[PROJECT_ID],
)
def projects_delete(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), owner=True)
    services.project_delete(project=project)
    return {}


def node_json(node: Node, active: set[int] | frozenset[int], project_name: str = "") -> dict:
    """A node as QuantConnect's API lists it (the lean CLI reads every field)."""
    spec = NODE_MODELS.get(node.model)
    return {
        "id": str(node.id),
        "name": node.name,
        "sku": node.model,
        "busy": bool(node.assigned_job or node.running or getattr(node, "live", 0)),
        "usedBy": node.assigned_to.name if node.assigned_to else "",
        "active": node.id in active,
        "projectName": project_name,
        "description": spec.specs if spec else "",
        "price": {
            "monthly": (spec.monthly_cents if spec else 0) // 100,
            "yearly": (spec.monthly_cents if spec else 0) * 12 // 100,
        },
        "speed": float(spec.ghz if spec else 0),
        "cpu": spec.cores if spec else 0,
        "ram": float(spec.ram_gb if spec else 0),
        "assets": 0,  # no asset limit per node here
    }


def organization_nodes(organization, *, active: set[int] | frozenset[int] = frozenset()) -> dict:
    """The organization's nodes by kind, each busy when it runs a backtest or a live algorithm;
    `active`: the ids a project has chosen."""
    nodes: dict[str, list[dict]] = {"backtest": [], "research": [], "live": []}
    running_on = dict(
        LiveDeployment.objects.filter(
            organization=organization, status__in=LiveDeployment.ACTIVE, node__isnull=False
        ).values_list("node_id", "project__name")
    )
    running = Count("backtests", filter=Q(backtests__status=Backtest.Status.RUNNING), distinct=True)
    # a live node runs one algorithm: busy while a deployment on it is active
    live = Count(
        "live_deployments",
        filter=Q(live_deployments__status__in=LiveDeployment.ACTIVE),
        distinct=True,
    )
    for node in (
        Node.objects.filter(organization=organization)
        .select_related("assigned_to")
        .annotate(running=running, live=live)
    ):
        nodes.setdefault(node.kind, []).append(node_json(node, active, running_on.get(node.id, "")))
    for kind in nodes:
        model_code = included_node(organization, kind)
        if model_code:
            nodes[kind].append(included_node_json(organization, kind, model_code))
    return nodes


def included_node_json(organization, kind: str, model_code: str) -> dict:
    """The free node of a personal organization as a node of the list: it runs the backtests
    of the projects that choose no node (so it is never "active" for a project), busy while one
    of the organization's backtests runs."""
    spec = NODE_MODELS[model_code]
    busy = (
        kind == Node.Kind.BACKTEST
        and Backtest.objects.filter(
            organization=organization, status=Backtest.Status.RUNNING
        ).exists()
    )
    return {
        "id": included_node_id(kind),
        "name": f"{model_code} (free)",
        "sku": model_code,
        "busy": busy,
        "usedBy": "",
        "active": False,
        "projectName": "",
        "description": spec.specs,
        "price": {"monthly": 0, "yearly": 0},
        "speed": float(spec.ghz),
        "cpu": spec.cores,
        "ram": float(spec.ram_gb),
        "assets": 0,
    }


def _project_nodes(project: Project) -> dict:
    active = set(project.active_nodes.values_list("id", flat=True))
    return {
        "nodes": organization_nodes(project.organization, active=active),
        "autoSelectNode": not active,
    }


@endpoint(
    "projects/nodes/read",
    section=SECTION,
    summary="Read the nodes of the project's organization and which are active for the project.",
    request=[Field("projectId", "integer", "Project Id to which the nodes refer.", required=True)],
    response="ProjectNodesResponse",
)
def projects_nodes_read(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    return _project_nodes(project)


@endpoint(
    "projects/nodes/update",
    section=SECTION,
    summary="Make the given nodes the project's active nodes; none makes autoSelectNode true. "
    "Backtests of a project with active backtesting nodes run only on those nodes.",
    request=[
        Field("projectId", "integer", "Project Id to which the nodes refer.", required=True),
        Field("nodes", "array", "List of node Id to update.", items="string"),
    ],
    response="ProjectNodesResponse",
)
def projects_nodes_update(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    services.project_set_nodes(project=project, node_ids=call.get("nodes") or [])
    return _project_nodes(project)


@endpoint(
    "projects/library/create",
    section=SECTION,
    summary="Add a library project to a project.",
    request=[
        PROJECT_ID,
        Field("libraryId", "integer", "Id of the library project.", required=True),
    ],
)
def projects_library_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    library = project_for(call.user, call.get("libraryId"))
    services.library_add(project=project, library=library)
    return {}


@endpoint(
    "projects/library/delete",
    section=SECTION,
    summary="Remove a library project from a project.",
    request=[
        PROJECT_ID,
        Field("libraryId", "integer", "Id of the library project.", required=True),
    ],
)
def projects_library_delete(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    if not project.libraries.filter(id=call.get("libraryId")).exists():
        raise ApiError(f"libraryId {call.get('libraryId')}: the project doesn't use this library.")
    services.library_remove(project=project, library_id=call.get("libraryId"))
    return {}
