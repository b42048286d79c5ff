from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Organization
from projects.models import Compile, Project
from projects.selectors import get_project_for_user, project_list_for_user
from projects.services import (
    PROJECT_TEMPLATES,
    ProjectError,
    StaleSave,
    file_create,
    file_delete,
    file_rename,
    file_save,
    file_upload,
    folder_create,
    folder_rename,
    library_add,
    parameter_set,
    project_clone,
    project_compile,
    project_create,
    project_materialize,
    project_update,
    validate_path,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template", sorted(PROJECT_TEMPLATES))
def test_create_from_each_template(organization, owner, template):
    project = project_create(
        organization=organization, owner=owner, name=f"P {template}", template=template
    )
    main = project.files.get(name="main.py")
    assert "from AlgorithmImports import *" in main.content
    assert "QCAlgorithm" in main.content
    assert project.language == "Py"
    compiled = project_compile(project=project)
    assert compiled.state == "BuildSuccess", compiled.logs


def test_sma_template_has_parameters(project):
    assert project.parameters_dict() == {"fast": "10", "slow": "30"}


def test_rename_and_describe(project):
    project_update(project=project, name="Research/Trend v2", description="A trend follower")
    project.refresh_from_db()
    assert (project.name, project.description) == ("Research/Trend v2", "A trend follower")


@pytest.mark.parametrize("name", ["", " lead", "bad*name", "CON", "a//b", "x" * 201])
def test_bad_project_names(project, name):
    with pytest.raises(ProjectError):
        project_update(project=project, name=name)


def test_clone_copies_files_parameters_and_libraries(organization, owner, member, project):
    library = project_create(
        organization=organization, owner=owner, name="Calculators", template="library"
    )
    library_add(project=project, library=library)
    file_create(project=project, name="alpha/model.py", content="X = 1\n")
    clone = project_clone(project=project, user=owner)
    assert clone.id != project.id
    assert clone.name == "Trend clone"
    assert {f.name: f.content for f in clone.files.all()} == {
        f.name: f.content for f in project.files.all()
    }
    assert clone.parameters_dict() == project.parameters_dict()
    assert list(clone.libraries.all()) == [library]
    assert project_clone(project=project, user=owner).name == "Trend clone 2"


def test_project_limit_at_and_past_the_boundary(organization, owner, settings, monkeypatch):
    organization.tier = Organization.Tier.FREE
    organization.save()
    import projects.services as services

    monkeypatch.setattr(
        services, "limit_for", lambda org, name: 2 if name == "max_projects" else 32 * 1024
    )
    project_create(organization=organization, owner=owner, name="One")
    project_create(organization=organization, owner=owner, name="Two")  # at the limit
    with pytest.raises(ProjectError, match="limit of 2 projects"):
        project_create(organization=organization, owner=owner, name="Three")
    assert organization.projects.count() == 2


def test_free_tier_limit_comes_from_accounts_limits(organization, owner):
    from accounts.limits import limit_for

    organization.tier = Organization.Tier.FREE
    organization.save()
    limit = limit_for(organization, "max_projects")
    Project.objects.bulk_create(
        Project(organization=organization, owner=owner, name=f"P{i}") for i in range(limit)
    )
    with pytest.raises(ProjectError, match="limit"):
        project_create(organization=organization, owner=owner, name="One too many")


@pytest.mark.parametrize(
    "name",
    [
        "../evil.py",
        "/etc/passwd.py",
        "a/../../b.py",
        "a\\b.py",
        ".hidden.py",
        "run.exe",
        "noext",
        "a//b.py",
        "bad*name.py",
        "con.py",
        " x.py",
    ],
)
def test_bad_file_names(project, name):
    with pytest.raises(ProjectError):
        file_create(project=project, name=name)


@pytest.mark.parametrize(
    "name", ["utils.py", "data/prices.csv", "notes.md", "config.json", "r.ipynb", "a b/c-d_e.txt"]
)
def test_good_file_names(project, name):
    assert file_create(project=project, name=name).name == name


def test_file_size_follows_the_tier(project, organization):
    organization.tier = Organization.Tier.FREE
    organization.save()
    file_create(project=project, name="ok.txt", content="x" * 32 * 1024)
    with pytest.raises(ProjectError, match="32 KB"):
        file_create(project=project, name="big.txt", content="x" * (32 * 1024 + 1))
    with pytest.raises(ProjectError, match="32 KB"):
        file_save(project=project, name="main.py", content="#" * 40_000, base_revision=None)


def test_main_py_cannot_be_deleted_or_renamed(project):
    with pytest.raises(ProjectError, match="entry point"):
        file_delete(project=project, name="main.py")
    with pytest.raises(ProjectError, match="entry point"):
        file_rename(project=project, name="main.py", new_name="other.py")


def test_duplicate_and_file_folder_clash(project):
    file_create(project=project, name="lib/a.py")
    with pytest.raises(ProjectError, match="already exists"):
        file_create(project=project, name="lib/a.py")
    with pytest.raises(ProjectError):
        file_create(project=project, name="lib")  # no extension
    with pytest.raises(ProjectError, match="not a folder"):
        file_create(project=project, name="lib/a.py/b.py")


def test_folders(project):
    folder_create(project=project, name="alphas")
    file_create(project=project, name="alphas/one.py")
    assert (
        project.folders == ["alphas"] or "alphas" not in Project.objects.get(pk=project.pk).folders
    )
    folder_rename(project=project, name="alphas", new_name="models")
    assert project.files.filter(name="models/one.py").exists()


def test_upload(project):
    file = file_upload(project=project, name="C:\\Users\\me\\prices.csv", data=b"a,b\n1,2\n")
    assert (file.name, file.content) == ("prices.csv", "a,b\n1,2\n")
    with pytest.raises(ProjectError, match="UTF-8"):
        file_upload(project=project, name="bin.txt", data=b"\xff\xfe\x00")
    with pytest.raises(ProjectError, match="Unsupported"):
        file_upload(project=project, name="x.exe", data=b"MZ")


def test_stale_save_is_refused(project):
    main = project.files.get(name="main.py")
    first = file_save(
        project=project, name="main.py", content=main.content + "# A\n", base_revision=main.revision
    )
    assert first.revision == main.revision + 1
    with pytest.raises(StaleSave) as info:
        file_save(
            project=project,
            name="main.py",
            content=main.content + "# B\n",
            base_revision=main.revision,
        )
    assert info.value.file.content.endswith("# A\n")
    assert project.files.get(name="main.py").content.endswith("# A\n")
    forced = file_save(project=project, name="main.py", content="# B\n", base_revision=None)
    assert forced.content == "# B\n"


def test_compile_reports_syntax_error_with_file_and_line(project):
    file_create(project=project, name="helpers.py", content="def f(:\n    pass\n")
    result = project_compile(project=project)
    assert result.state == "BuildError"
    assert any(
        d["file"] == "helpers.py" and d["line"] == 1 and "SyntaxError" in d["message"]
        for d in result.diagnostics
    )
    assert Compile.objects.get(compile_id=result.id).state == "BuildError"
    assert any("helpers.py:1" in line for line in result.logs)


def test_compile_reports_unknown_name(project):
    main = project.files.get(name="main.py")
    lines = main.content.splitlines()
    index = next(i for i, line in enumerate(lines) if "self.set_cash" in line)
    lines.insert(index + 1, "        self.debug(UnknownThing)")
    file_save(project=project, name="main.py", content="\n".join(lines) + "\n", base_revision=None)
    result = project_compile(project=project)
    assert result.state == "BuildError"
    [diagnostic] = [d for d in result.diagnostics if "UnknownThing" in d["message"]]
    assert (diagnostic["file"], diagnostic["line"]) == ("main.py", index + 2)


def test_compile_id_looks_like_quantconnect(project):
    result = project_compile(project=project)
    left, right = result.id.split("-")
    assert len(left) == 32 and len(right) == 32


def test_materialize_writes_files_and_libraries(organization, owner, project, tmp_path):
    library = project_create(
        organization=organization, owner=owner, name="Library/Calculators", template="library"
    )
    library_add(project=project, library=library)
    file_create(project=project, name="alphas/one.py", content="ONE = 1\n")
    out = project_materialize(project=project, dest_dir=tmp_path / "p")
    assert (out / "main.py").read_text() == project.files.get(name="main.py").content
    assert (out / "alphas" / "one.py").read_text() == "ONE = 1\n"
    assert (out / "Calculators" / "Library.py").exists()
    assert (out / "Calculators" / "__init__.py").exists()
    assert (out / "Calculators" / "main.py").exists()


def test_library_must_be_same_organization_and_not_cyclic(organization, owner, outsider, project):
    from accounts.selectors import personal_organization

    other = project_create(
        organization=personal_organization(outsider), owner=outsider, name="Theirs"
    )
    with pytest.raises(ProjectError, match="same organization"):
        library_add(project=project, library=other)
    lib = project_create(organization=organization, owner=owner, name="Lib")
    library_add(project=project, library=lib)
    with pytest.raises(ProjectError, match="already uses"):
        library_add(project=lib, library=project)


def test_parameters(project):
    parameter_set(project=project, name="ema", value="5")
    parameter_set(project=project, name="ema_period", value="6", old_name="ema")
    assert project.parameters_dict()["ema_period"] == "6"
    with pytest.raises(ProjectError, match="already used"):
        parameter_set(project=project, name="fast", value="1", old_name="slow")
    with pytest.raises(ProjectError):
        parameter_set(project=project, name="1bad", value="1")


def test_tenancy(project, owner, member, outsider, reader):
    assert get_project_for_user(owner, project.id, write=True).access == "owner"
    assert get_project_for_user(member, project.id).access == "read"
    with pytest.raises(PermissionDenied):
        get_project_for_user(member, project.id, write=True)
    with pytest.raises(Http404):
        get_project_for_user(outsider, project.id)
    with pytest.raises(Http404):
        get_project_for_user(owner, "nope")
    assert list(project_list_for_user(outsider)) == []
    assert list(project_list_for_user(member)) == [project]


def test_members_without_collaboration_do_not_see_it(project, member):
    with pytest.raises(Http404):
        get_project_for_user(member, project.id)


def test_writer_can_write(project, member, writer):
    assert get_project_for_user(member, project.id, write=True).access == "write"


def test_validate_path_normalizes_folder_slashes():
    assert validate_path("a/b/", folder=True) == "a/b"


def test_algorithm_projects_start_with_the_research_notebook(organization, owner):
    import json

    for template in sorted(PROJECT_TEMPLATES):
        project = project_create(
            organization=organization, owner=owner, name=f"R {template}", template=template
        )
        names = set(project.files.values_list("name", flat=True))
        if template == "library":
            assert "research.ipynb" not in names
            continue
        notebook = json.loads(project.files.get(name="research.ipynb").content)
        code = "".join("".join(c["source"]) for c in notebook["cells"])
        assert notebook["nbformat"] == 4 and "qb = QuantBook()" in code
