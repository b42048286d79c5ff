"""The log within the tier's quota and the 100,000-line cap, the user's charts within the chart
quotas, update (the same code with new settings), and the page's notices about what was dropped."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from live.models import LiveDeployment
from live.presenters import chart_figures
from live.services import DeployError, live_deploy, live_update
from live.services import results as results_service
from live.services.results import LogAppender, clean_charts, log_meta, store_charts

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(live_settings, project, owner, node, no_enqueue):
    return live_deploy(
        project=project, user=owner, node=node, replay_start=date(2024, 1, 2), replay_speed=60
    )


def test_lines_past_the_daily_quota_are_dropped_counted_and_shown(deployment, owner_client):
    appender = LogAppender(deployment)
    appender.limit = 100  # bytes: the tier's quota, small
    kept = appender.append([f"line {i:03d} " + "x" * 20 for i in range(10)])
    assert kept[:3] == [f"line {i:03d} " + "x" * 20 for i in range(3)]
    assert kept[-1].startswith("LOG LIMIT:: the Team tier's daily log quota")
    assert appender.append(["more " + "x" * 20]) == []  # one note a day
    assert log_meta(deployment) == {"dropped": 8, "trimmed": 0, "lines": 4}
    LiveDeployment.objects.filter(pk=deployment.pk).update(log_lines=4)
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert "8 lines dropped: the Team tier's daily log quota was used up." in page
    download = owner_client.get(reverse("live:log", args=[deployment.pk]))
    assert b"".join(download.streaming_content).decode().count("\n") == 4


def test_the_log_keeps_the_newest_lines_past_its_cap(deployment, monkeypatch, owner_client):
    monkeypatch.setattr(results_service, "LOG_MAX_LINES", 50)
    monkeypatch.setattr(results_service, "LOG_TRIM_SLACK", 10)
    appender = LogAppender(deployment)
    for start in range(0, 100, 20):
        appender.append([f"line {i}" for i in range(start, start + 20)])
    lines = deployment.log_path.read_text().splitlines()
    assert lines[-1] == "line 99" and 50 <= len(lines) <= 60
    meta = log_meta(deployment)
    assert meta["trimmed"] == 100 - len(lines) and meta["lines"] == len(lines)
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert f"The {meta['trimmed']} oldest lines were removed" in page


def test_charts_keep_ten_series_and_four_thousand_points_each(deployment):
    charts = {
        f"Chart {c}": {
            "name": f"Chart {c}",
            "series": {
                f"S{s}": {"name": f"S{s}", "seriesType": 0, "values": [[t, t] for t in range(5000)]}
                for s in range(4)
            },
        }
        for c in range(4)
    }
    cleaned, skipped = clean_charts(charts)
    assert sum(len(c["series"]) for c in cleaned.values()) == 10
    assert all(len(s["values"]) == 4000 for c in cleaned.values() for s in c["series"].values())
    assert skipped == 10 * 1000
    assert clean_charts("junk") == ({}, 0)
    store_charts(deployment, charts)
    figures, skipped = chart_figures(deployment)
    assert list(figures) == ["Chart 0", "Chart 1", "Chart 2"]
    assert len(figures["Chart 0"]["data"]) == 4 and len(figures["Chart 2"]["data"]) == 2
    assert skipped == 10_000


def test_update_runs_the_same_code_with_new_settings(deployment, owner, project):
    with pytest.raises(DeployError, match="Stop the running deployment"):
        live_update(deployment=deployment, user=owner, parameters={"fast": "5"})
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Stopped")
    deployment.refresh_from_db()
    with pytest.raises(DeployError, match="Nothing to update"):
        live_update(deployment=deployment, user=owner, parameters=deployment.parameters)
    # the project's code changed since: an update keeps the deployment's snapshot
    main = project.files.get(name="main.py")
    main.content = main.content.replace("0.5", "0.25")
    main.save()
    new = live_update(
        deployment=deployment,
        user=owner,
        parameters={"fast": "5"},
        starting_cash={"USD": 25000},
    )
    assert new.pk != deployment.pk and new.status == LiveDeployment.Status.IN_QUEUE
    assert new.snapshot == deployment.snapshot
    assert "0.5" in new.snapshot["files"]["main.py"]
    assert new.parameters == {"fast": "5"} and new.starting_cash == {"USD": 25000.0}
    assert new.replay_speed == deployment.replay_speed and new.node_id == deployment.node_id
    assert "Updated: parameters fast=5; cash USD 25000" in deployment.events.last().text
    assert deployment.events.last().user == owner
    assert f"Update of {deployment.deploy_id}" in new.events.last().text


def test_the_update_form_confirms_and_redirects(deployment, owner_client):
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Stopped")
    url = reverse("live:update", args=[deployment.pk])
    owner_client.post(url, {"parameters": "fast=7"})
    assert LiveDeployment.objects.count() == 1  # not confirmed
    bad = owner_client.post(url, {"parameters": "no equals", "confirm": "yes"}, follow=True)
    assert "Write NAME=VALUE" in bad.content.decode()
    response = owner_client.post(
        url, {"parameters": "fast=7", "cash": "USD=1000", "holdings": "", "confirm": "yes"}
    )
    new = LiveDeployment.objects.exclude(pk=deployment.pk).get()
    assert response["Location"].endswith(f"/live/{new.pk}/")
    assert new.parameters == {"fast": "7"} and new.starting_cash == {"USD": 1000.0}


def test_the_equity_chart_overlays_a_backtest_of_the_same_period(deployment):
    """Reconciliation's drawing: the live curve and a backtest result document's equity."""
    from live.presenters import equity_figure

    LiveDeployment.objects.filter(pk=deployment.pk).update(
        equity=[[1704205860.0, 100000.0], [1704205920.0, 100050.0]]
    )
    deployment.refresh_from_db()
    backtest = {
        "charts": {
            "Strategy Equity": {
                "series": {"Equity": {"values": [[1704205860, 100000.0], [1704205920, 100040.0]]}}
            }
        }
    }
    figure = equity_figure(deployment, backtest)
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Equity", "Out of Sample Backtest"]
    assert figure["data"][1]["y"] == [100000.0, 100040.0]
    assert figure["layout"]["uirevision"] == "live"
    assert [t["name"] for t in equity_figure(deployment)["data"]] == ["Equity"]
