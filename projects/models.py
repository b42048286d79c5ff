"""Algorithm projects: files, parameters, collaborators, libraries and compile results.

QuantConnect-like: a project has an integer id (`projectId`), belongs to an organization and is
owned by the member who created it; its files are named by their path relative to the project
root (`main.py` is the entry point). Writes go through `projects/services.py`, reads and the
tenancy check through `projects/selectors.py` (`get_project_for_user`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

MAIN_FILE = "main.py"


class Project(models.Model):
    class Language(models.TextChoices):
        PYTHON = "Py", "Python"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="projects"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_projects"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    language = models.CharField(max_length=4, choices=Language.choices, default=Language.PYTHON)
    # Empty folders (folders holding files exist through the files' paths).
    folders = models.JSONField(default=list, blank=True)
    libraries = models.ManyToManyField(
        "self", symmetrical=False, related_name="used_by", blank=True
    )
    # Nodes of the organization the project is pinned to (QuantConnect's "active" project nodes); none
    # means autoSelectNode: any free node. Backtests use the chosen backtesting nodes only.
    active_nodes = models.ManyToManyField("accounts.Node", related_name="projects", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified", "-id"]

    def __str__(self) -> str:
        return self.name

    def parameters_dict(self) -> dict[str, str]:
        """Parameter name -> value, what the engine's `get_parameter` reads."""
        return dict(self.parameters.order_by("name").values_list("name", "value"))

    @property
    def auto_select_node(self) -> bool:
        return not self.active_nodes.exists()

    @property
    def library_package_name(self) -> str:
        """The Python package name this project has when used as a library: the last part of
        its name (QuantConnect keeps libraries under `Library/<Name>`), made an identifier."""
        base = self.name.rstrip("/").rsplit("/", 1)[-1].strip()
        ident = re.sub(r"\W", "_", base) or f"Library{self.pk}"
        if ident[0].isdigit():
            ident = f"_{ident}"
        return ident


class ProjectFile(models.Model):
    """One file. `revision` grows by one on every content change; saves name the revision they
    were based on so a stale save can be refused (see `services.file_save`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)  # path relative to the project root, "/" separated
    content = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_project_file"),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_main(self) -> bool:
        return self.name == MAIN_FILE

    @property
    def size(self) -> int:
        return len(self.content.encode("utf-8"))


class ProjectParameter(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(max_length=100)
    value = models.CharField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_project_parameter"),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Collaborator(models.Model):
    """A member of the project's organization the owner shared the project with."""

    class Access(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="collaborators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaborations"
    )
    access = models.CharField(max_length=5, choices=Access.choices, default=Access.READ)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_collaborator"),
        ]
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.user} on {self.project} ({self.access})"


class Compile(models.Model):
    """A compile (static check) of a project, addressed by a QuantConnect-style `compile_id`
    ("<hash of the files>-<random hash>"). `files` is the snapshot that was checked (the
    project's files plus its libraries, as `project_materialize` lays them out), so a backtest
    can run exactly the compiled code."""

    class State(models.TextChoices):
        IN_QUEUE = "InQueue", "In queue"
        SUCCESS = "BuildSuccess", "Build success"
        ERROR = "BuildError", "Build error"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="compiles")
    compile_id = models.CharField(max_length=80, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_QUEUE)
    logs = models.JSONField(default=list, blank=True)  # list[str]
    diagnostics = models.JSONField(default=list, blank=True)  # list of Diagnostic.to_json()
    files = models.JSONField(default=dict, blank=True)  # path -> content
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.compile_id

    @property
    def succeeded(self) -> bool:
        return self.state == self.State.SUCCESS


class ObjectStoreItem(models.Model):
    """One key of an organization's Object Store (the file lives under the organization's store
    folder, `projects.objectstore.store_dir`); this row is its index: size and modified time for
    lists and the storage quota. Writes go through `projects/objectstore.py`."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="object_store_items"
    )
    key = models.CharField(max_length=1024)
    size = models.BigIntegerField(default=0)
    modified = models.DateTimeField()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="unique_object_store_key")
        ]

    def __str__(self) -> str:
        return self.key


class CodingSession(models.Model):
    """A project open in a user's IDE. The page pings it while it stays open; one not seen for
    `CODING_SESSION_IDLE` counts no more. The tier limits how many a user has open at once
    (projects/sessions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coding_sessions"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="coding_sessions")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="coding_sessions"
    )
    opened = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_session_per_project")
        ]
