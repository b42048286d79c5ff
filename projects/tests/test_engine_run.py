"""Projects run on the real engine: a template with its parameters, and a library import."""

from __future__ import annotations

import pytest

from projects.services import file_save, library_add, project_create, project_materialize

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAIN_USING_LIBRARY = """\
from AlgorithmImports import *
from Calculators.Library import double


class UsesLibrary(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2023, 1, 3)
        self.set_end_date(2023, 1, 31)
        self.set_cash(100000)
        self.add_equity("SPY", Resolution.DAILY)
        self.debug(f"double says {double(21)}, fast={self.get_parameter('fast')}")

    def on_data(self, data: Slice):
        pass
"""


@pytest.fixture(scope="module")
def data_dir():
    from engine.__main__ import default_data_dir

    return default_data_dir()  # synthetic demo data, generated once into the user's cache


def run(project, tmp_path, data_dir):
    from engine.api import run_backtest

    folder = project_materialize(project=project, dest_dir=tmp_path / "project")
    return run_backtest(folder, data_dir=data_dir, parameters=project.parameters_dict())


def test_library_import_works_in_a_backtest(organization, owner, project, tmp_path, data_dir):
    library = project_create(
        organization=organization, owner=owner, name="Library/Calculators", template="library"
    )
    library_add(project=project, library=library)
    file_save(project=project, name="main.py", content=MAIN_USING_LIBRARY, base_revision=None)

    outcome = run(project, tmp_path, data_dir)

    assert outcome.error is None, outcome.stacktrace
    assert any("double says 42, fast=10" in line for line in outcome.logs), outcome.logs


@pytest.mark.parametrize("template", ["buy_and_hold", "sma_crossover"])
def test_templates_trade_on_demo_data(organization, owner, template, tmp_path, data_dir):
    project = project_create(
        organization=organization, owner=owner, name=template, template=template
    )
    outcome = run(project, tmp_path, data_dir)
    assert outcome.error is None, outcome.stacktrace
    assert int(outcome.result["statistics"]["Total Orders"]) >= 1
