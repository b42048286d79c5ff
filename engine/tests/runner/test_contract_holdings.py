"""The result document of option and futures contracts held to expiry (LEAN's sample data): the
holdings LEAN reports (``GetHoldings`` of ``Engine/Results/LiveTradingResultHandler.cs``) keyed
by each contract's own SecurityIdentifier, and closed trades naming the same identifier as the
orders."""

from __future__ import annotations

import json

import pytest

from engine.api import run_backtest
from engine.runner.backtest import write_outputs
from engine.tests.contract_expiry import FUTURE_EXPIRY, OPTION_EXPIRY


def document(tmp_path, lean_data, code: str) -> dict:
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.py").write_text(code)
    outcome = run_backtest(project, data_dir=lean_data)
    assert outcome.error is None, outcome.error
    write_outputs(outcome, tmp_path / "out")
    return json.loads((tmp_path / "out" / "results.json").read_text())


@pytest.fixture(scope="module")
def futures(tmp_path_factory, lean_data) -> dict:
    return document(tmp_path_factory.mktemp("futures"), lean_data, FUTURE_EXPIRY)


@pytest.fixture(scope="module")
def options(tmp_path_factory, lean_data) -> dict:
    return document(tmp_path_factory.mktemp("options"), lean_data, OPTION_EXPIRY)


def test_future_holdings_are_keyed_by_the_contracts_identifier(futures):
    orders = {o["symbol"]["value"]: o["symbol"]["id"] for o in futures["orders"].values()}
    assert orders == {"ES20Z13": "ES VMKLFZIH2MTD", "ES21H14": "ES VP274HSU1AF5"}
    held = futures["holdings"]["ES VP274HSU1AF5"]
    assert held["symbol"] == {"value": "ES21H14", "id": "ES VP274HSU1AF5", "permtick": "ES21H14"}
    assert held["securityType"] == 5 and held["quantity"] == -2.0
    assert held["averagePrice"] == 1640.0 and held["marketPrice"] == 1836.8
    assert held["unrealizedPnl"] < 0
    # the expired contract is delisted (untradable): LEAN reports it no more; no identifier is
    # rebuilt from a contract's ticker ("ES20Z13 R735QTJ8XDZ5" named no contract)
    values = [h["symbol"]["value"] for h in futures["holdings"].values()]
    assert "ES20Z13" not in values
    assert all(key == h["symbol"]["id"] for key, h in futures["holdings"].items())
    assert not any(key.startswith("ES20Z13") for key in futures["holdings"])
    assert values == sorted(values)


def test_a_future_trade_names_the_contracts_identifier(futures):
    (trade,) = futures["totalPerformance"]["closedTrades"]
    assert trade["symbol"]["value"] == "ES20Z13" and trade["symbol"]["id"] == "ES VMKLFZIH2MTD"
    assert futures["statistics"]["Lowest Capacity Asset"] in ("ES VMKLFZIH2MTD", "ES VP274HSU1AF5")


def test_option_holdings_leave_out_the_chain_and_the_exercised_contracts(options):
    exercised = {
        o["symbol"]["id"] for o in options["orders"].values() if o["type"] == 6
    }  # OrderType.OptionExercise
    assert len(exercised) == 2
    assert not exercised & set(options["holdings"])
    assert not any(h["symbol"]["value"].startswith("?") for h in options["holdings"].values())
    goog = options["holdings"]["GOOCV VP83T1ZUHROL"]
    assert goog["symbol"]["value"] == "GOOG" and goog["securityType"] == 1
    trade_ids = {t["symbol"]["id"] for t in options["totalPerformance"]["closedTrades"]}
    assert exercised <= trade_ids
