"""A research notebook executed headless (nbclient) inside the sandbox: QuantBook history on the
installation's data equals what the engine reads, the Object Store it writes comes back to the
organization, a failing cell is reported in the executed notebook."""

from __future__ import annotations

import json

import pytest

from projects.objectstore import object_read, object_save
from research.execution import NotebookError, notebook_execute

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db]

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def notebook_text(*cells: str) -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": c,
                    "outputs": [],
                    "execution_count": None,
                    "id": f"c{i}",
                }
                for i, c in enumerate(cells)
            ],
        }
    )


def _outputs(notebook: dict, index: int) -> str:
    parts = []
    for output in notebook["cells"][index]["outputs"]:
        parts.append(
            "".join(output.get("text", "")) + output.get("ename", "") + output.get("evalue", "")
        )
    return "".join(parts)


def test_quantbook_notebook_runs_in_the_sandbox(bt_settings, make_project, organization):
    object_save(organization=organization, key="inputs/n", data=b"3")
    notebook = notebook_text(
        "from AlgorithmImports import *\n"
        "qb = QuantBook()\n"
        "qb.set_start_date(2024, 2, 1)\n"
        "spy = qb.add_equity('SPY', Resolution.DAILY).symbol\n"
        "n = int(qb.object_store.read('inputs/n'))\n"
        "h = qb.history(spy, n, Resolution.DAILY)\n"
        "print('ROWS', len(h), 'LAST', h.index[-1][1].date())",
        "qb.object_store.save('research/last', str(h['close'].iloc[-1]))",
    )
    project = make_project("# research only\n")
    project.files.create(name="research.ipynb", content=notebook)
    run = notebook_execute(project=project, name="research.ipynb", timeout=120)
    assert run.ok, json.dumps(run.notebook)[:2000]
    assert "ROWS 3 LAST 2024-01-31" in _outputs(run.notebook, 0)
    assert run.object_store.saved == ["research/last"]
    assert float(object_read(organization=organization, key="research/last")) > 0


def test_a_failing_cell_is_reported(bt_settings, make_project):
    project = make_project("# research only\n")
    project.files.create(
        name="broken.ipynb", content=notebook_text("raise ValueError('boom')", "print('never')")
    )
    run = notebook_execute(project=project, name="broken.ipynb", timeout=120)
    assert not run.ok
    assert "ValueError" in _outputs(run.notebook, 0) and "boom" in _outputs(run.notebook, 0)
    assert run.notebook["cells"][1]["outputs"] == []


def test_only_notebooks_of_the_project_run(bt_settings, make_project):
    project = make_project("# research only\n")
    with pytest.raises(NotebookError):
        notebook_execute(project=project, name="main.py")
