"""The results page's chart data: computed once when the backtest ends, stored beside its results,
served compressed with an ETag (a reload gets 304), never inlined into the page's HTML."""

from __future__ import annotations

import gzip
import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from backtests.models import Backtest
from backtests.services import page_data
from backtests.storage import CHART_DATA, PAGE_SUMMARY, RESULTS, output_exists, output_write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)


@pytest.fixture
def owner_client(owner_client, organization):
    session = owner_client.session
    session["organization_id"] = organization.pk
    session.save()
    return owner_client


@pytest.fixture
def completed(make_completed, project):
    return make_completed(project, name="Charted Backtest")


def _get(client, backtest, **headers):
    return client.get(reverse("backtests:chart_data", args=[backtest.pk]), headers=headers)


def test_chart_data_is_compressed_json_with_an_etag(owner_client, completed):
    response = _get(owner_client, completed, accept_encoding="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/json"
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert "private" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    figures = json.loads(gzip.decompress(response.content))
    assert {"equity", "drawdown"} <= set(figures)
    equity = figures["equity"]
    assert equity["data"][0]["name"] == "Equity" and len(equity["data"][0]["x"]) > 10
    labels = [b["label"] for b in equity["layout"]["xaxis"]["rangeselector"]["buttons"]]
    assert labels == ["1m", "3m", "1y", "all"]
    titles = {f["title"] for f in page_data.page_summary(backtest=completed)["figures"]}
    assert "Moving averages" in titles  # the user's plot() chart is among them


def test_a_reload_with_the_etag_gets_304_and_no_body(owner_client, completed):
    first = _get(owner_client, completed, accept_encoding="gzip")
    again = _get(owner_client, completed, accept_encoding="gzip", if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    other = _get(owner_client, completed, accept_encoding="gzip", if_none_match='"something-else"')
    assert other.status_code == 200 and other.content == first.content


def test_a_client_without_gzip_gets_plain_json(owner_client, completed):
    response = _get(owner_client, completed)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "equity" in json.loads(response.content)


def test_outsiders_and_members_without_the_project_get_404(
    outsider_client, member_client, completed
):
    assert _get(outsider_client, completed, accept_encoding="gzip").status_code == 404
    assert _get(member_client, completed, accept_encoding="gzip").status_code == 404


def test_a_running_backtest_has_no_chart_data(owner_client, completed):
    Backtest.objects.filter(pk=completed.pk).update(status=Backtest.Status.RUNNING, progress=0.3)
    assert _get(owner_client, completed, accept_encoding="gzip").status_code == 404


def test_the_page_fetches_its_charts_and_stays_small(owner_client, completed):
    response = owner_client.get(reverse("backtests:detail", args=[completed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="backtest-figures"' not in html  # no inline figure data
    assert f'data-chart-url="{reverse("backtests:chart_data", args=[completed.pk])}"' in html
    assert 'id="chart-selector"' in html and ">Moving averages</option>" in html
    assert len(response.content) < 100 * 1024


def test_the_page_reads_the_stored_summary_not_the_result_document(owner_client, completed):
    owner_client.get(reverse("backtests:detail", args=[completed.pk]))  # builds the summary once
    assert output_exists(completed, PAGE_SUMMARY) and output_exists(completed, CHART_DATA)
    # the result document gone bad: the overview and the charts come from the stored copies
    output_write(completed, RESULTS, b"not json")
    html = owner_client.get(reverse("backtests:detail", args=[completed.pk])).content.decode()
    assert 'id="statistics-table"' in html and 'id="key-statistics"' in html
    assert _get(owner_client, completed, accept_encoding="gzip").status_code == 200


def test_a_rewritten_result_document_gives_a_new_summary(completed):
    first = page_data.page_summary(backtest=completed)
    assert first["hasResult"]
    output_write(completed, RESULTS, json.dumps({"statistics": {}, "charts": {}}).encode())
    second = page_data.page_summary(backtest=completed)
    assert not second["hasResult"] and second["etag"] != first["etag"]


def test_an_outdated_summary_is_rebuilt(completed):
    summary = page_data.page_summary(backtest=completed)
    output_write(completed, PAGE_SUMMARY, json.dumps({**summary, "format": 0}).encode())
    assert page_data.page_summary(backtest=completed)["format"] == page_data.FORMAT


def test_partial_results_fold_snapshots_and_keep_the_latest(completed):
    state: dict = {}
    for minute in range(3):
        snapshot = {
            "time": f"2024-01-02T09:3{minute}:00",
            "equity": 100000.0 + minute,
            "orders": {str(i): {"id": i, "symbol": {"value": "SPY"}} for i in range(1, 61)},
            "runtimeStatistics": {"Equity": "$100,002.00"},
            "runtimeStatisticsValues": {"equity": 100002.0, "bogus": "text"},
            "logCount": minute + 1,
        }
        state = page_data.partial_update(
            backtest=completed, partial=state, snapshot=snapshot, lines=[f"line {minute}"]
        )
    assert state["orderCount"] == 60 and len(state["orders"]) == page_data.PARTIAL_ORDERS
    assert "60" in state["orders"] and "1" not in state["orders"]  # the newest are kept
    assert state["runtimeStatisticsValues"] == {"equity": 100002.0}  # numbers only
    # the same algorithm time again adds no point
    state = page_data.partial_update(
        backtest=completed, partial=state, snapshot={"time": "2024-01-02T09:32:00"}, lines=[]
    )
    assert [p[0] for p in state["equity"]] == [
        "2024-01-02 09:30:00",
        "2024-01-02 09:31:00",
        "2024-01-02 09:32:00",
    ]
    assert state["logs"] == ["line 0", "line 1", "line 2"]
    stored = page_data.partial_state(backtest=completed)
    assert stored == state


def test_partial_orders_are_shown_in_the_exchange_time_zone(completed):
    # an order at 21:00 UTC on 2023-01-31 was placed at 16:00 in New York, as the finished
    # page and the log lines (algorithm time) show it
    snapshot = {
        "time": "2023-01-31T16:00:00",
        "equity": 100000.0,
        "orders": {"1": {"id": 1, "symbol": {"value": "SPY"}, "time": "2023-01-31T21:00:00Z"}},
        "dataSubscriptions": [
            {"symbol": "SPY", "securityType": "Equity", "market": "usa", "resolution": "Daily"},
            "not a subscription",
        ],
    }
    page_data.partial_update(backtest=completed, partial={}, snapshot=snapshot, lines=[])

    partial = page_data.partial_context(backtest=completed)["partial"]

    assert partial["time_zone"] == "America/New_York"
    assert partial["orders"][0]["time"] == "2023-01-31 16:00:00"
    html = render_to_string("backtests/_partial.html", {"partial": partial})
    assert "Time (America/New_York)" in html and "2023-01-31 16:00:00" in html


def test_partial_orders_without_subscriptions_say_utc(completed):
    snapshot = {"time": "2023-01-31T16:00:00", "orders": {"1": {"id": 1, "time": 1675198800}}}
    page_data.partial_update(backtest=completed, partial={}, snapshot=snapshot, lines=[])

    partial = page_data.partial_context(backtest=completed)["partial"]

    assert partial["time_zone"] == "UTC" and partial["orders"][0]["time"] == "2023-01-31 21:00:00"


def test_range_buttons_sit_below_the_plotly_toolbar(sample_result):
    # the toolbar (modebar) takes the figure's top right corner: the buttons sit under it, just
    # above the plot area, with the top margin leaving room for both
    figures = page_data.page_figures(sample_result)
    dated = [f for _, _, f in figures if (f["layout"].get("xaxis") or {}).get("type") == "date"]
    assert dated
    for figure in dated:
        buttons = figure["layout"]["xaxis"]["rangeselector"]
        assert [b["label"] for b in buttons["buttons"]] == ["1m", "3m", "1y", "all"]
        assert buttons["yanchor"] == "bottom" and 1 <= buttons["y"] < 1.1
        assert figure["layout"]["margin"]["t"] >= page_data.RANGE_BUTTONS_MARGIN_TOP
