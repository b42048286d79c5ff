"""LEAN's framework import paths (``from Alphas.ConstantAlphaModel import ConstantAlphaModel``)."""

from __future__ import annotations

import importlib
import sys

import engine.framework as framework
from engine.algorithm import imports


def test_every_lean_module_exposes_its_class_and_algorithm_imports():
    imports.install()
    for package, modules in framework.LEAN_MODULES.items():
        assert package in sys.modules
        for stem in modules:
            module = sys.modules[f"{package}.{stem}"]
            assert getattr(module, stem) is getattr(imports, stem)
            assert module.QCAlgorithm is imports.QCAlgorithm  # ``import *`` gives AlgorithmImports


def test_lean_style_imports_work():
    imports.install()
    namespace: dict[str, object] = {}
    exec(  # noqa: S102 - the statements a LEAN regression algorithm starts with
        "from Alphas.ConstantAlphaModel import ConstantAlphaModel\n"
        "from Portfolio.EqualWeightingPortfolioConstructionModel import *\n"
        "from Execution.ImmediateExecutionModel import ImmediateExecutionModel\n"
        "from Risk.NullRiskManagementModel import NullRiskManagementModel\n"
        "from Selection.ManualUniverseSelectionModel import ManualUniverseSelectionModel\n",
        namespace,
    )
    assert namespace["ConstantAlphaModel"] is framework.ConstantAlphaModel
    assert namespace["EqualWeightingPortfolioConstructionModel"] is (
        framework.EqualWeightingPortfolioConstructionModel
    )
    assert importlib.import_module("Risk").NullRiskManagementModel is not None
