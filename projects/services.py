"""Writes for projects: create (from templates), rename, clone, delete, files, parameters,
collaborators, libraries; `project_materialize` (files on disk for the engine) and
`project_compile` (static check with `engine.api.check_project`).

Every function raises `ProjectError` (a ValidationError) with a message fit for the user when the
request is not allowed; views show the message.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.catalog import included_node_id
from accounts.limits import limit_for
from accounts.models import Membership, Node, Organization, User
from accounts.selectors import included_node
from projects.models import MAIN_FILE, Collaborator, Compile, Project, ProjectFile, ProjectParameter
from projects.selectors import library_closure
from qcweb.ids import parse_id

TEMPLATES_DIR = Path(__file__).resolve().parent / "project_templates"
# The starter notebook every algorithm project gets (QuantBook, history, an indicator, a plot).
RESEARCH_FILE = "research.ipynb"
ALLOWED_EXTENSIONS = (".py", ".json", ".csv", ".txt", ".md", ".ipynb")
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)
PROJECT_NAME_RE = re.compile(r"^[A-Za-z0-9_\- ]+(/[A-Za-z0-9_\- ]+)*$")
PATH_PART_RE = re.compile(r"^[A-Za-z0-9_\-][A-Za-z0-9_\-. ]*$")
PARAMETER_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-.]*$")
MAX_PATH_LENGTH = 255


class ProjectError(ValidationError):
    """A request the project rules refuse; `.message` is shown to the user."""


class StaleSave(ProjectError):
    """A save based on an older revision than the stored one (HTTP 409)."""

    def __init__(self, file: ProjectFile) -> None:
        super().__init__(
            f"{file.name} was changed by someone else (revision {file.revision}) since you opened it."
        )
        self.file = file


@dataclass(frozen=True)
class ProjectTemplate:
    key: str
    label: str
    description: str
    folder: str
    parameters: dict[str, str] = field(default_factory=dict)
    # Algorithm projects start with the research notebook, as on QuantConnect; libraries do not.
    research: bool = True


PROJECT_TEMPLATES: dict[str, ProjectTemplate] = {
    t.key: t
    for t in (
        ProjectTemplate(
            "empty", "Empty algorithm", "initialize and on_data, nothing else", "empty"
        ),
        ProjectTemplate(
            "buy_and_hold", "Buy and hold", "buys SPY on the first day and holds it", "buy_and_hold"
        ),
        ProjectTemplate(
            "sma_crossover",
            "SMA crossover",
            "holds SPY while the 10-day average is above the 30-day one",
            "sma_crossover",
            {"fast": "10", "slow": "30"},
        ),
        ProjectTemplate(
            "library",
            "Library",
            "shared code to add to other projects as a library",
            "library",
            research=False,
        ),
    )
}


# Names and sizes -------------------------------------------------------------------------------


def validate_project_name(name: str) -> str:
    name = (name or "").strip("/").rstrip()
    if not name:
        raise ProjectError("Enter a project name.")
    if len(name) > 200:
        raise ProjectError("The project name is too long (200 characters at most).")
    if name.startswith(" ") or not PROJECT_NAME_RE.match(name):
        raise ProjectError(
            "A project name may only contain letters, numbers, spaces, - and _ "
            "(use / to put it in a directory) and can't start with a space."
        )
    for part in name.split("/"):
        if part.strip().upper() in RESERVED_NAMES:
            raise ProjectError(f"{part.strip()!r} is a reserved name.")
        if not part.strip():
            raise ProjectError("A project name can't have empty directory names.")
    return name


def validate_path(path: str, *, folder: bool = False) -> str:
    """A clean "/"-separated path relative to the project root, or ProjectError."""
    raw = path or ""
    if not raw.strip():
        raise ProjectError("Enter a name.")
    if "\\" in raw or "\x00" in raw:
        raise ProjectError("Names can't contain backslashes.")
    if raw.startswith("/"):
        raise ProjectError("Use a path relative to the project root (no leading /).")
    parts = [p for p in raw.strip("/").split("/")] if folder else raw.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise ProjectError("Paths can't contain empty, '.' or '..' parts.")
        if part != part.strip():
            raise ProjectError("Names can't start or end with a space.")
        if part.startswith("."):
            raise ProjectError("Names can't start with a dot.")
        if not PATH_PART_RE.match(part):
            raise ProjectError(
                f"{part!r} is not a valid name: use letters, numbers, spaces, '.', '-' and '_'."
            )
        if part.split(".")[0].upper() in RESERVED_NAMES:
            raise ProjectError(f"{part!r} is a reserved name.")
    clean = "/".join(parts)
    if len(clean) > MAX_PATH_LENGTH:
        raise ProjectError(f"The path is too long ({MAX_PATH_LENGTH} characters at most).")
    if not folder and not clean.lower().endswith(ALLOWED_EXTENSIONS):
        raise ProjectError(
            "Unsupported file type: use one of " + ", ".join(ALLOWED_EXTENSIONS) + "."
        )
    return clean


def check_file_size(organization: Organization, content: str, name: str = "The file") -> None:
    limit = limit_for(organization, "max_file_bytes")
    size = len(content.encode("utf-8"))
    if limit is not None and size > limit:
        raise ProjectError(
            f"{name} is {size / 1024:.1f} KB; the {organization.get_tier_display()} tier allows "
            f"{limit // 1024} KB per file."
        )


def check_project_limit(organization: Organization) -> None:
    limit = limit_for(organization, "max_projects")
    if limit is not None and organization.projects.count() >= limit:
        raise ProjectError(
            f"{organization.name} has reached its limit of {limit} projects on the "
            f"{organization.get_tier_display()} tier. Delete a project or upgrade."
        )


def _touch(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(modified=timezone.now())


# Projects -----------------------------------------------------------------------------------


def template_files(template: str) -> dict[str, str]:
    spec = PROJECT_TEMPLATES.get(template)
    if spec is None:
        raise ProjectError(f"Unknown template {template!r}.")
    folder = TEMPLATES_DIR / spec.folder
    files = {
        str(p.relative_to(folder)).replace("\\", "/"): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    if MAIN_FILE not in files:
        files[MAIN_FILE] = (TEMPLATES_DIR / "empty" / MAIN_FILE).read_text(encoding="utf-8")
    if spec.research and RESEARCH_FILE not in files:
        files[RESEARCH_FILE] = (TEMPLATES_DIR / RESEARCH_FILE).read_text(encoding="utf-8")
    return files


@transaction.atomic
def project_create(
    *,
    organization: Organization,
    owner: User,
    name: str,
    template: str = "empty",
    description: str = "",
    files: dict[str, str] | None = None,
    parameters: dict[str, str] | None = None,
) -> Project:
    """A new project of `organization` owned by `owner`, with the template's files (or `files`)."""
    name = validate_project_name(name)
    if not Membership.objects.filter(user=owner, organization=organization).exists():
        raise ProjectError("Only members of the organization can create projects in it.")
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    check_project_limit(organization)
    if files is None:
        files = template_files(template)
        if parameters is None:
            parameters = dict(PROJECT_TEMPLATES[template].parameters)
    if MAIN_FILE not in files:
        files = {MAIN_FILE: template_files("empty")[MAIN_FILE], **files}
    project = Project.objects.create(
        organization=organization, owner=owner, name=name, description=description[:5000]
    )
    for path, content in files.items():
        path = validate_path(path)
        check_file_size(organization, content, path)
        ProjectFile.objects.create(project=project, name=path, content=content)
    for key, value in (parameters or {}).items():
        ProjectParameter.objects.create(project=project, name=key, value=value)
    return project


def project_update(
    *, project: Project, name: str | None = None, description: str | None = None
) -> Project:
    """Rename and/or describe."""
    fields = ["modified"]
    if name is not None:
        project.name = validate_project_name(name)
        fields.append("name")
    if description is not None:
        if len(description) > 5000:
            raise ProjectError("The description is too long (5000 characters at most).")
        project.description = description
        fields.append("description")
    project.save(update_fields=fields)
    return project


@transaction.atomic
def project_clone(*, project: Project, user: User, name: str | None = None) -> Project:
    """A copy of the project (files, folders, parameters, libraries; not backtests) owned by
    `user` in the same organization."""
    clone = project_create(
        organization=project.organization,
        owner=user,
        name=name or _clone_name(project),
        description=project.description,
        files={f.name: f.content for f in project.files.all()},
        parameters=project.parameters_dict(),
    )
    clone.folders = list(project.folders)
    clone.save(update_fields=["folders"])
    clone.libraries.set(project.libraries.all())
    return clone


def _clone_name(project: Project) -> str:
    base = f"{project.name} clone"[:190]
    name, n = base, 2
    while Project.objects.filter(organization=project.organization, name=name).exists():
        name, n = f"{base} {n}", n + 1
    return name


def project_delete(*, project: Project) -> None:
    project.delete()


# Files ----------------------------------------------------------------------------------------


def _folder_names(project: Project) -> set[str]:
    names = set(project.folders)
    for name in project.files.values_list("name", flat=True):
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            names.add("/".join(parts[:i]))
    return names


def _check_free(project: Project, path: str) -> None:
    if project.files.filter(name__iexact=path).exists():
        raise ProjectError(f"{path} already exists.")
    if path in _folder_names(project):
        raise ProjectError(f"A folder named {path} already exists.")
    parts = path.split("/")
    for i in range(1, len(parts)):
        if project.files.filter(name="/".join(parts[:i])).exists():
            raise ProjectError(f"{'/'.join(parts[:i])} is a file, not a folder.")


def file_create(*, project: Project, name: str, content: str = "") -> ProjectFile:
    path = validate_path(name)
    _check_free(project, path)
    check_file_size(project.organization, content, path)
    try:
        with transaction.atomic():
            file = ProjectFile.objects.create(project=project, name=path, content=content)
    except IntegrityError:
        raise ProjectError(f"{path} already exists.") from None
    _drop_covered_folders(project)
    _touch(project)
    return file


def file_upload(*, project: Project, name: str, data: bytes, folder: str = "") -> ProjectFile:
    """Add (or replace) a file from uploaded bytes; text files only (UTF-8)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    path = validate_path(f"{validate_path(folder, folder=True)}/{base}" if folder else base)
    limit = limit_for(project.organization, "max_file_bytes")
    if limit is not None and len(data) > limit:
        raise ProjectError(
            f"{path} is {len(data) / 1024:.1f} KB; the {project.organization.get_tier_display()} "
            f"tier allows {limit // 1024} KB per file."
        )
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProjectError(f"{path} is not a UTF-8 text file.") from None
    existing = project.files.filter(name=path).first()
    if existing is not None:
        return file_save(project=project, name=path, content=content, base_revision=None)
    return file_create(project=project, name=path, content=content)


def file_save(
    *, project: Project, name: str, content: str, base_revision: int | None
) -> ProjectFile:
    """Store new content. `base_revision` is the revision the editor started from: when the
    stored file has moved on, raise StaleSave (nothing is written). None overwrites."""
    file = project.files.filter(name=name).first()
    if file is None:
        raise ProjectError(f"{name} does not exist.")
    check_file_size(project.organization, content, name)
    if content == file.content and base_revision in (None, file.revision):
        return file
    query = ProjectFile.objects.filter(pk=file.pk)
    if base_revision is not None:
        query = query.filter(revision=base_revision)
    updated = query.update(content=content, revision=F("revision") + 1, modified=timezone.now())
    file.refresh_from_db()
    if not updated:
        raise StaleSave(file)
    _touch(project)
    return file


def file_rename(*, project: Project, name: str, new_name: str) -> ProjectFile:
    file = project.files.filter(name=name).first()
    if file is None:
        raise ProjectError(f"{name} does not exist.")
    if file.is_main:
        raise ProjectError(f"{MAIN_FILE} is the entry point of the project; it can't be renamed.")
    path = validate_path(new_name)
    if path == file.name:
        return file
    if path.lower() != file.name.lower():
        _check_free(project, path)
    file.name = path
    file.save(update_fields=["name", "modified"])
    _touch(project)
    return file


def file_delete(*, project: Project, name: str) -> None:
    if name == MAIN_FILE:
        raise ProjectError(f"{MAIN_FILE} is the entry point of the project; it can't be deleted.")
    deleted, _ = project.files.filter(name=name).delete()
    if not deleted:
        raise ProjectError(f"{name} does not exist.")
    _touch(project)


def folder_create(*, project: Project, name: str) -> str:
    path = validate_path(name, folder=True)
    _check_free(project, path)
    project.folders = sorted({*project.folders, path})
    project.save(update_fields=["folders", "modified"])
    return path


def folder_rename(*, project: Project, name: str, new_name: str) -> str:
    old = validate_path(name, folder=True)
    new = validate_path(new_name, folder=True)
    if old not in _folder_names(project):
        raise ProjectError(f"{old} does not exist.")
    if new == old:
        return new
    if new.startswith(old + "/"):
        raise ProjectError("A folder can't be moved into itself.")
    _check_free(project, new)
    with transaction.atomic():
        for file in project.files.filter(name__startswith=old + "/"):
            file.name = new + file.name[len(old) :]
            file.save(update_fields=["name", "modified"])
        project.folders = sorted(
            {
                new + f[len(old) :] if f == old or f.startswith(old + "/") else f
                for f in project.folders
            }
        )
        project.save(update_fields=["folders", "modified"])
    return new


def folder_delete(*, project: Project, name: str) -> None:
    path = validate_path(name, folder=True)
    if path not in _folder_names(project):
        raise ProjectError(f"{path} does not exist.")
    with transaction.atomic():
        project.files.filter(name__startswith=path + "/").delete()
        project.folders = [f for f in project.folders if f != path and not f.startswith(path + "/")]
        project.save(update_fields=["folders", "modified"])


def _drop_covered_folders(project: Project) -> None:
    """Empty-folder entries that now hold files are implied by the files' paths."""
    if not project.folders:
        return
    names = list(project.files.values_list("name", flat=True))
    keep = [f for f in project.folders if not any(n.startswith(f + "/") for n in names)]
    if keep != project.folders:
        project.folders = keep
        project.save(update_fields=["folders"])


# Parameters -----------------------------------------------------------------------------------


def parameter_set(
    *, project: Project, name: str, value: str, old_name: str | None = None
) -> ProjectParameter:
    """Add a parameter or change one (`old_name` renames it)."""
    name = (name or "").strip()
    if not PARAMETER_NAME_RE.match(name) or len(name) > 100:
        raise ProjectError(
            "A parameter name starts with a letter or _ and holds letters, numbers, _, - and '.'."
        )
    value = (value or "").strip()
    if len(value) > 1000:
        raise ProjectError("The parameter value is too long (1000 characters at most).")
    if not old_name:
        if project.parameters.filter(name=name).exists():
            raise ProjectError(f"The parameter name {name!r} is already used in this project.")
        current = None
    else:
        current = project.parameters.filter(name=old_name).first()
        if current is None:
            raise ProjectError(f"There is no parameter {old_name!r}.")
    if (current is None or current.name != name) and project.parameters.filter(name=name).exists():
        raise ProjectError(f"The parameter name {name!r} is already used in this project.")
    if current is None:
        parameter = ProjectParameter.objects.create(project=project, name=name, value=value)
    else:
        current.name, current.value = name, value
        current.save(update_fields=["name", "value"])
        parameter = current
    _touch(project)
    return parameter


def parameter_delete(*, project: Project, name: str) -> None:
    project.parameters.filter(name=name).delete()
    _touch(project)


# Collaborators --------------------------------------------------------------------------------


def collaborator_set(*, project: Project, user: User, access: str) -> Collaborator:
    """Share the project with a member of its organization (or change their access)."""
    if access not in Collaborator.Access.values:
        raise ProjectError("Choose read or write access.")
    if user.id == project.owner_id:
        raise ProjectError("The owner already has full access.")
    if not Membership.objects.filter(user=user, organization_id=project.organization_id).exists():
        raise ProjectError("Only members of the project's organization can be collaborators.")
    collaborator, created = Collaborator.objects.get_or_create(
        project=project, user=user, defaults={"access": access}
    )
    if not created and collaborator.access != access:
        collaborator.access = access
        collaborator.save(update_fields=["access"])
    return collaborator


def collaborator_remove(*, project: Project, user_id: int) -> None:
    Collaborator.objects.filter(project=project, user_id=user_id).delete()


# Libraries ------------------------------------------------------------------------------------


def library_add(*, project: Project, library: Project) -> None:
    if library.id == project.id:
        raise ProjectError("A project can't be its own library.")
    if library.organization_id != project.organization_id:
        raise ProjectError("Libraries must belong to the same organization as the project.")
    if project in library_closure(library):
        raise ProjectError(f"{library.name} already uses {project.name} as a library.")
    package = library.library_package_name
    if project.files.filter(name__startswith=package + "/").exists() or package in project.folders:
        raise ProjectError(f"The project already has a folder named {package}.")
    for other in project.libraries.all():
        if other.library_package_name == package:
            raise ProjectError(f"The project already has a library named {package}.")
    project.libraries.add(library)
    _touch(project)


def library_remove(*, project: Project, library_id: int) -> None:
    project.libraries.remove(library_id)
    _touch(project)


# Nodes ----------------------------------------------------------------------------------------


@transaction.atomic
def project_set_nodes(*, project: Project, node_ids: list) -> list[Node]:
    """Make exactly `node_ids` the project's active nodes (QuantConnect's project nodes); an empty list makes
    them all inactive, i.e. autoSelectNode. Only nodes of the project's organization."""
    wanted: list[int] = []
    for raw in node_ids or []:
        if str(raw).strip() == included_node_id(Node.Kind.BACKTEST) and included_node(
            project.organization, Node.Kind.BACKTEST
        ):
            continue  # the free node runs the backtests of a project that chooses no node
        node_id = parse_id(raw)
        if node_id is None:
            raise ProjectError(
                f"Node {str(raw).strip()!r}: no such node in the project's organization."
            )
        if node_id not in wanted:
            wanted.append(node_id)
    nodes = {
        node.id: node
        for node in Node.objects.filter(organization_id=project.organization_id, id__in=wanted)
    }
    for node_id in wanted:
        if node_id not in nodes:
            raise ProjectError(f"Node {node_id}: no such node in the project's organization.")
    project.active_nodes.set(nodes.values())
    return [nodes[node_id] for node_id in wanted]


# On disk: materialize and compile -------------------------------------------------------------


def project_file_map(project: Project) -> dict[str, str]:
    """Every file the engine sees: the project's files, then each library (and the libraries'
    libraries) as a package folder `<LibraryName>/...` with an `__init__.py`, the way
    QuantConnect's `Library/<Name>` projects are imported (`from Calculators.Tax import Tax`)."""
    files = {f.name: f.content for f in project.files.all()}
    for library in library_closure(project):
        package = library.library_package_name
        if any(name.split("/")[0] == package for name in files):
            continue  # the project's own folder of that name wins
        lib_files = {f.name: f.content for f in library.files.all()}
        for name, content in lib_files.items():
            files[f"{package}/{name}"] = content
        if "__init__.py" not in lib_files:
            files[f"{package}/__init__.py"] = ""
    return files


def write_files(files: dict[str, str], dest_dir: Path) -> Path:
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    for name, content in files.items():
        target = (dest / name).resolve()
        if root not in target.parents:
            raise ProjectError(f"Refusing to write {name!r} outside the project folder.")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return dest


def project_materialize(
    *, project: Project, dest_dir: str | Path, compile: Compile | None = None
) -> Path:
    """Write the project's files plus its libraries' files into `dest_dir` (created if missing)
    so `engine.api.run_backtest(dest_dir, ...)` can run it and `import <Library>` works.
    With `compile`, write exactly the files that compile checked. Returns the folder."""
    files = compile.files if compile is not None else project_file_map(project)
    return write_files(files, Path(dest_dir))


@dataclass(frozen=True)
class CompileResult:
    id: str  # QuantConnect's compileId
    state: str  # "BuildSuccess" | "BuildError"
    logs: list[str]
    diagnostics: list[dict]
    project_id: int


def _compile_id(files: dict[str, str]) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(files[name].encode())
        digest.update(b"\0")
    return f"{digest.hexdigest()}-{secrets.token_hex(16)}"


def project_compile(*, project: Project) -> CompileResult:
    """Check the project (and its libraries) with `engine.api.check_project` on a temporary copy;
    store and return the result. BuildError when any diagnostic is an error."""
    from engine.api import check_project

    files = project_file_map(project)
    workdir = Path(tempfile.mkdtemp(prefix="qcweb-compile-"))
    try:
        write_files(files, workdir)
        diagnostics = [d.to_json() for d in check_project(workdir)]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    errors = [d for d in diagnostics if d.get("severity", "error") == "error"]
    state = Compile.State.ERROR if errors else Compile.State.SUCCESS
    compile_id = _compile_id(files)
    logs = [f"Build Request Successful for Project ID: {project.id}, with CompileID: {compile_id}"]
    logs += [
        f"{d['file']}:{d['line']}:{d['column']}: {d.get('severity', 'error')}: {d['message']}"
        for d in diagnostics
    ]
    logs.append("Build Error" if errors else "Build Success")
    compile_ = Compile.objects.create(
        project=project,
        compile_id=compile_id,
        state=state,
        logs=logs,
        diagnostics=diagnostics,
        files=files,
    )
    return CompileResult(
        id=compile_.compile_id,
        state=compile_.state,
        logs=list(logs),
        diagnostics=diagnostics,
        project_id=project.id,
    )
