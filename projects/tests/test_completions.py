"""The IDE's completion data comes from the engine: every QCAlgorithm method it lists exists on
the class with that signature, enums list their real members."""

from __future__ import annotations

import inspect

import pytest
from django.urls import reverse

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.model import Resolution
from projects.completions import api_completions


def test_algorithm_members_are_the_engines():
    data = api_completions()
    members = {m["name"]: m for m in data["algorithm"]}
    for name in ("set_start_date", "add_equity", "market_order", "debug", "portfolio", "time"):
        assert name in members, name
    assert all(hasattr(QCAlgorithm(), name) for name in members)
    assert not [n for n in members if n != n.lower() or n.startswith("_")]
    assert members["add_equity"]["detail"].startswith("add_equity(ticker")
    assert members["add_equity"]["kind"] == "method" and members["time"]["kind"] == "property"
    expected = inspect.getdoc(QCAlgorithm.time).split("\n\n")[0]
    assert members["time"]["doc"] == expected


def test_enums_and_import_names():
    data = api_completions()
    assert [m["name"] for m in data["types"]["Resolution"]] == [r.name for r in Resolution]
    names = {n["name"] for n in data["names"]}
    assert {"QCAlgorithm", "Resolution", "OrderType", "Symbol"} <= names


@pytest.mark.django_db
def test_the_endpoint_needs_a_login(client, owner_client):
    url = reverse("projects:api_completions")
    assert client.get(url).status_code == 302
    response = owner_client.get(url)
    assert response.status_code == 200
    assert response.json()["types"]["Resolution"][2]["name"] == "MINUTE"


def test_the_docs_leave_out_the_engines_source_references():
    # the editor's user is told what a call does, not which engine or LEAN file it came from
    import re

    from projects.completions import api_completions

    data = api_completions()
    docs = [entry["doc"] for key in ("algorithm", "names") for entry in data[key] if entry["doc"]]
    assert docs
    assert not [d for d in docs if re.search(r"\w/[\w./]+\.(?:cs|py)\b", d)]
    set_cash = next(m for m in data["algorithm"] if m["name"] == "set_cash")
    assert set_cash["doc"].startswith("LEAN ``SetCash(startingCash)``")
    assert "QCAlgorithm.cs" not in set_cash["doc"]
