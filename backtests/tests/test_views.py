"""Backtest pages: tenancy (outsiders get 404 everywhere), results page, lists, compare, actions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from backtests.models import Backtest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)


@pytest.fixture
def owner_client(owner_client, organization):
    """Working in the Acme Capital organization (where `project` lives)."""
    session = owner_client.session
    session["organization_id"] = organization.pk
    session.save()
    return owner_client


@pytest.fixture
def completed(make_completed, project):
    return make_completed(project, name="Energetic Orange Lion")


BACKTEST_URLS = [
    ("get", "backtests:detail"),
    ("get", "backtests:status"),
    ("get", "backtests:log"),
    ("get", "backtests:results"),
    ("get", "backtests:chart_data"),
    ("get", "backtests:orders_csv"),
    ("post", "backtests:cancel"),
    ("post", "backtests:update"),
    ("post", "backtests:delete"),
    ("post", "backtests:restore"),
    ("post", "backtests:clone"),
    ("get", "backtests:share"),
    ("post", "backtests:share"),
]
PROJECT_URLS = [
    ("get", "backtests:project_list"),
    ("get", "backtests:project_panel"),
    ("post", "backtests:create"),
]


@pytest.mark.parametrize(("method", "name"), BACKTEST_URLS)
def test_outsiders_get_404_on_every_backtest_url(outsider_client, completed, method, name):
    response = getattr(outsider_client, method)(reverse(name, args=[completed.pk]))
    assert response.status_code == 404
    assert Backtest.objects.filter(pk=completed.pk, name=completed.name).exists()


@pytest.mark.parametrize(("method", "name"), PROJECT_URLS)
def test_outsiders_get_404_on_every_project_backtest_url(outsider_client, project, method, name):
    response = getattr(outsider_client, method)(reverse(name, args=[project.pk]))
    assert response.status_code == 404
    assert not Backtest.objects.exists()


def test_outsiders_get_404_on_compare_and_the_websocket_check(outsider_client, outsider, completed):
    response = outsider_client.get(
        reverse("backtests:compare"), {"a": completed.pk, "b": completed.pk}
    )
    assert response.status_code == 404
    from django.http import Http404

    from backtests.selectors import get_backtest_for_user

    with pytest.raises(Http404):
        get_backtest_for_user(outsider, completed.backtest_id)


def test_members_who_cannot_open_the_project_get_404(member_client, completed):
    # projects are private to their owner and collaborators (projects.selectors)
    assert member_client.get(reverse("backtests:detail", args=[completed.pk])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, completed):
    response = client.get(reverse("backtests:detail", args=[completed.pk]))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_results_page_shows_statistics_charts_and_runtime(owner_client, completed, sample_result):
    response = owner_client.get(reverse("backtests:detail", args=[completed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Energetic Orange Lion" in html
    for key in sample_result["statistics"]:
        assert f'<th scope="row">{key}</th>' in html.replace("&#x27;", "'")
    assert 'id="key-statistics"' in html
    assert 'data-figure="equity"' in html and 'data-figure="drawdown"' in html
    assert "Moving averages" in html  # the user's plot() chart
    assert "plotly/plotly.min.js" in html
    assert 'id="runtime-statistics"' in html
    Backtest.objects.filter(pk=completed.pk).update(data_dir="/data/demo", synthetic_data=True)
    html = owner_client.get(reverse("backtests:detail", args=[completed.pk])).content.decode()
    assert "synthetic demo data, not market data" in html
    assert completed.fingerprint == "" or completed.fingerprint in html


def test_plotly_js_is_served_from_the_installed_package(client):
    response = client.get("/static/plotly/plotly.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"plotly" in body[:2000].lower()


def test_orders_tab_filters_and_paginates(owner_client, completed, sample_result):
    url = reverse("backtests:detail", args=[completed.pk])
    response = owner_client.get(url, {"tab": "orders"})
    html = response.content.decode()
    total = len(sample_result["orders"])
    assert f"{total} order" in html
    assert "Filled" in html and "SPY" in html
    response = owner_client.get(
        url,
        {"tab": "orders", "symbol": "AAPL"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="orders-table",
    )
    assert "No orders match the filter" in response.content.decode()
    assert "<html" not in response.content.decode()
    response = owner_client.get(url, {"tab": "orders", "status": "Filled", "page": 2})
    assert response.status_code == 200


def test_tabs_render_as_fragments_for_htmx(owner_client, completed):
    url = reverse("backtests:detail", args=[completed.pk])
    for tab, marker in [
        ("trades", 'id="trades-table"'),
        ("logs", 'id="logs"'),
        ("code", 'id="code"'),
        ("parameters", "fast"),
    ]:
        response = owner_client.get(
            url, {"tab": tab}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="backtest-tab"
        )
        html = response.content.decode()
        assert marker in html, tab
        assert "<html" not in html


def test_logs_are_viewable_and_downloadable(owner_client, completed):
    html = owner_client.get(
        reverse("backtests:detail", args=[completed.pk]), {"tab": "logs"}
    ).content.decode()
    assert "buy at" in html
    response = owner_client.get(reverse("backtests:log", args=[completed.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"buy at" in response.content


def test_results_json_download(owner_client, completed):
    page = owner_client.get(reverse("backtests:detail", args=[completed.pk])).content.decode()
    url = reverse("backtests:results", args=[completed.pk])
    assert (
        f'href="{url}" id="download-json"' in page
    )  # a button beside Compare, not only a menu item
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b'"statistics"' in b"".join(response.streaming_content)


def test_error_page_shows_message_stacktrace_and_link_to_the_line(
    owner_client, project, owner, bt_settings
):
    from backtests.services import backtest_create

    backtest = backtest_create(project=project, user=owner)
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.RUNTIME_ERROR,
        error="Runtime Error: KeyError: 'missing'",
        stacktrace="KeyError: 'missing'\n  at on_data\n    return x['missing']\n in main.py: line 11",
    )
    html = owner_client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert "Runtime Error" in html and "KeyError" in html
    assert "?file=main.py&amp;line=11" in html


def test_status_fragment_polls_until_finished(owner_client, project, owner, bt_settings):
    from backtests.services import backtest_create

    backtest = backtest_create(project=project, user=owner)
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "In Queue" in html
    Backtest.objects.filter(pk=backtest.pk).update(status=Backtest.Status.RUNNING)
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert "Starting…" in html  # dispatched, no worker thread has picked it up yet
    Backtest.objects.filter(pk=backtest.pk).update(progress=0.45, started_at=timezone.now())
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert "Running 45%" in html
    assert 'id="bt-live"' in html and 'hx-swap-oob="true"' in html  # the big progress card too
    page = owner_client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert "Running · 45%" in page
    Backtest.objects.filter(pk=backtest.pk).update(status=Backtest.Status.COMPLETED, progress=1)
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert "every 2s" not in html and "Completed" in html
    assert 'hx-select="#backtest-body"' in html  # loads the results once


def test_a_stuck_backtest_shows_its_elapsed_time_and_the_limit(
    owner_client, project, owner, bt_settings
):
    """An endless loop never reports progress: the page says how long it has run, that nothing
    moved, and the time limit that will stop it (60 s in these tests' settings)."""
    from datetime import timedelta

    from backtests.services import backtest_create

    backtest = backtest_create(project=project, user=owner)
    started = timezone.now() - timedelta(seconds=45)
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.RUNNING, progress=0, started_at=started
    )
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert "Running 0% · 4" in html  # the badge: 45 s (46 on a slow machine)
    assert "Running for 4" in html and "stopped after 1 min" in html
    assert 'id="bt-no-progress"' in html and "stops at the 1 min limit" in html
    Backtest.objects.filter(pk=backtest.pk).update(progress=0.2)
    html = owner_client.get(reverse("backtests:status", args=[backtest.pk])).content.decode()
    assert "Running 20%" in html and 'id="bt-no-progress"' not in html


def test_create_from_the_ide_redirects_to_the_results_page(owner_client, project):
    response = owner_client.post(
        reverse("backtests:create", args=[project.pk]), HTTP_HX_REQUEST="true"
    )
    backtest = Backtest.objects.get()
    assert response["HX-Redirect"] == reverse("backtests:detail", args=[backtest.pk])
    response = owner_client.post(reverse("backtests:create", args=[project.pk]))
    assert response.status_code == 302


def test_read_only_collaborators_can_look_but_not_run(client, member, project, completed):
    from projects.models import Collaborator

    Collaborator.objects.create(project=project, user=member, access=Collaborator.Access.READ)
    client.force_login(member)
    assert client.get(reverse("backtests:detail", args=[completed.pk])).status_code == 200
    assert client.post(reverse("backtests:create", args=[project.pk])).status_code == 403
    assert client.post(reverse("backtests:delete", args=[completed.pk])).status_code == 403


def test_project_panel_and_lists(owner_client, project, make_completed, sample_result):
    good = make_completed(project, name="Good")
    bad_result = {
        **sample_result,
        "statistics": {
            **sample_result["statistics"],
            "Net Profit": "-50%",
            "Sharpe Ratio": "-2",
            "Drawdown": "60%",
        },
        "statisticsValues": {
            **sample_result["statisticsValues"],
            "netProfit": -50.0,
            "sharpeRatio": -2.0,
            "drawdown": 60.0,
        },
    }
    bad = make_completed(project, name="Bad", result=bad_result)
    panel = owner_client.get(reverse("backtests:project_panel", args=[project.pk])).content.decode()
    assert "Good" in panel and "Bad" in panel and 'id="backtest-button"' in panel
    url = reverse("backtests:project_list", args=[project.pk])
    for sort, direction, first in [
        ("net_profit", "desc", good),
        ("net_profit", "asc", bad),
        ("drawdown", "desc", bad),
        ("sharpe", "asc", bad),
        ("date", "desc", bad),
    ]:
        html = owner_client.get(url, {"sort": sort, "dir": direction}).content.decode()
        order = [html.index(f'data-backtest="{b.pk}"') for b in (good, bad)]
        assert (order[0] < order[1]) == (first == good), (sort, direction)
    html = owner_client.get(reverse("backtests:list")).content.decode()
    assert "Good" in html and project.name in html


def test_rename_note_and_delete_views(owner_client, completed):
    owner_client.post(
        reverse("backtests:update", args=[completed.pk]),
        {"name": "Calm Teal Otter", "note": "baseline"},
    )
    completed.refresh_from_db()
    assert (completed.name, completed.note) == ("Calm Teal Otter", "baseline")
    response = owner_client.post(reverse("backtests:delete", args=[completed.pk]))
    assert response.status_code == 302
    assert not Backtest.objects.exists()


def test_restore_view(owner_client, completed, project):
    from projects.services import file_save

    file_save(project=project, name="main.py", content="# broken\n", base_revision=None)
    response = owner_client.post(reverse("backtests:restore", args=[completed.pk]))
    assert response.status_code == 302
    assert project.files.get(name="main.py").content == completed.snapshot["files"]["main.py"]


def test_cancel_view(owner_client, project, owner, bt_settings):
    from backtests.services import backtest_create

    backtest = backtest_create(project=project, user=owner)
    response = owner_client.post(
        reverse("backtests:cancel", args=[backtest.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Cancelled" in response.content.decode()


def test_compare_page_side_by_side_with_differences(
    owner_client, project, make_completed, sample_result
):
    a = make_completed(project, name="Alpha")
    other = {
        **sample_result,
        "statistics": {**sample_result["statistics"], "Net Profit": "99%", "Drawdown": "1%"},
        "statisticsValues": {
            **sample_result["statisticsValues"],
            "netProfit": 99.0,
            "drawdown": 1.0,
        },
    }
    b = make_completed(project, name="Beta", result=other)
    picker = owner_client.get(reverse("backtests:compare")).content.decode()
    assert "Alpha" in picker and "Beta" in picker
    html = owner_client.get(reverse("backtests:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    assert 'id="compare-table"' in html and 'id="compare-figure"' in html
    assert html.count("bt-differs") >= 2
    row = html[html.index('data-key="Net Profit"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="bt-better">99%</td>' in row


def test_dashboard_card_lists_recent_backtests(owner_client, completed, outsider_client):
    assert 'hx-get="/backtests/recent/"' in owner_client.get("/").content.decode()
    html = owner_client.get(reverse("backtests:recent")).content.decode()
    assert completed.name in html and "Completed" in html
    assert completed.name not in outsider_client.get(reverse("backtests:recent")).content.decode()


def test_orders_csv_download(owner_client, completed, sample_result):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    response = owner_client.get(reverse("backtests:orders_csv", args=[completed.pk]))
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "Time (America/New_York),Symbol,Price,Quantity,Type,Status,Value,Tag"
    assert len(lines) == 1 + len(sample_result["orders"])
    assert ",SPY," in lines[1]
    # the times are the exchange's, as on the results page
    first = min(sample_result["orders"].values(), key=lambda o: int(o["id"]))
    utc = datetime.fromisoformat(str(first["time"]).replace("Z", "+00:00"))
    local = utc.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M:%S")
    assert local != utc.strftime("%Y-%m-%d %H:%M:%S")
    assert lines[1].startswith(f"{local},SPY,")
    # values are price x quantity without float noise
    for line in lines[1:]:
        value = line.split(",")[6]
        assert len(value.partition(".")[2]) <= 4, line


def test_orders_csv_names_each_zone_when_the_exchanges_differ(
    owner_client, make_completed, project, sample_result
):
    orders = dict(sample_result["orders"])
    key = min(orders, key=int)
    orders[key] = {**orders[key], "symbol": {**orders[key]["symbol"], "value": "BTCUSD"}}
    subscriptions = [
        *sample_result["dataSubscriptions"],
        {
            "securityType": "crypto",
            "market": "coinbase",
            "symbol": "BTCUSD",
            "resolution": "minute",
        },
    ]
    backtest = make_completed(
        project, result={**sample_result, "orders": orders, "dataSubscriptions": subscriptions}
    )
    lines = owner_client.get(reverse("backtests:orders_csv", args=[backtest.pk])).content
    lines = lines.decode().strip().splitlines()
    assert lines[0].startswith("Time (exchange time),Symbol,")
    assert lines[0].endswith(",Tag,Time Zone")
    assert lines[1].split(",")[1] == "BTCUSD" and lines[1].endswith(",UTC")
    assert lines[2].endswith(",America/New_York")


def test_list_rows_have_rename_and_delete_that_return_to_the_list(owner_client, completed, project):
    url = reverse("backtests:project_list", args=[project.pk])
    html = owner_client.get(url).content.decode()
    assert reverse("backtests:update", args=[completed.pk]) in html
    assert reverse("backtests:delete", args=[completed.pk]) in html
    response = owner_client.post(
        reverse("backtests:update", args=[completed.pk]), {"name": "Listed", "next": url}
    )
    assert response["Location"] == url
    response = owner_client.post(
        reverse("backtests:delete", args=[completed.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == url  # foreign `next` ignored: back to the project's list


def test_orders_and_trades_are_shown_in_the_exchange_time_zone(
    owner_client, completed, sample_result
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    first = min(sample_result["orders"].values(), key=lambda o: int(o["id"]))
    utc = datetime.fromisoformat(str(first["time"]).replace("Z", "+00:00"))
    local = utc.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M:%S")
    assert local != utc.strftime("%Y-%m-%d %H:%M:%S")
    url = reverse("backtests:detail", args=[completed.pk])
    html = owner_client.get(url, {"tab": "orders"}).content.decode()
    assert '<th id="orders-time-zone">Time (America/New_York)</th>' in html
    assert f'title="America/New_York">{local}</td>' in html
    html = owner_client.get(url, {"tab": "trades"}).content.decode()
    assert '<th id="trades-time-zone">Entry (America/New_York)</th>' in html


def test_the_insights_tab_lists_the_insights_newest_first(
    owner_client, make_completed, project, sample_result
):
    base = {"ticker": "SPY", "symbol": "SPY R735QTJ8XC9X", "type": 0, "period": 86400.0}
    insights = [
        {**base, "generatedTime": 1704292200, "closeTime": 1704378600, "direction": 1,
         "confidence": 0.7, "sourceModel": "EmaCross", "tag": "first"},
        {**base, "generatedTime": 1704378600, "closeTime": 1704465000, "direction": -1,
         "magnitude": 0.02, "sourceModel": "EmaCross", "tag": "second"},
    ]  # fmt: skip
    backtest = make_completed(project, result={**sample_result, "insights": insights})
    url = reverse("backtests:detail", args=[backtest.pk])
    html = owner_client.get(url, {"tab": "insights"}).content.decode()
    assert 'id="insights-table"' in html and "2 insights emitted" in html
    assert "<th>Generated (America/New_York)</th>" in html
    # 1704292200 = 2024-01-03 14:30 UTC = 09:30 in New York
    assert 'title="America/New_York">2024-01-03 09:30:00</td>' in html
    assert html.index("second") < html.index("first")  # newest first
    assert '<td class="pos">Up</td>' in html and '<td class="neg">Down</td>' in html
    assert owner_client.get(url, {"tab": "insights"}).status_code == 200
    empty = owner_client.get(
        reverse("backtests:detail", args=[make_completed(project).pk]), {"tab": "insights"}
    )
    assert "emitted no insights" in empty.content.decode()


def test_the_rolling_statistics_tab_lists_each_window_of_the_chosen_length(
    owner_client, make_completed, project, sample_result
):
    from backtests import formatting

    rolling = sample_result["rollingWindow"]
    one_month = sorted(key for key in rolling if key.startswith("M1_"))
    assert one_month[0] == "M1_20240131" and len(one_month) == 2  # January, February 2024
    backtest = make_completed(project, result=sample_result)
    url = reverse("backtests:detail", args=[backtest.pk])
    html = owner_client.get(url, {"tab": "rolling"}).content.decode()
    assert ">Rolling statistics</a>" in html and 'id="rolling-table"' in html
    january = rolling["M1_20240131"]["portfolioStatistics"]
    row = html[html.index('id="rolling-M1_20240131"') :].split("</tr>")[0]
    assert '<td class="mono small">2024-01-02</td><td class="mono small">2024-01-31</td>' in row
    assert formatting.percent(january["totalNetProfit"]) in row
    assert formatting.money(january["endEquity"]) in row
    assert html.count('id="rolling-M1_') == 2 and 'id="rolling-M3_' not in html
    # three-month windows: the January one and the one from January to the end
    html = owner_client.get(
        url,
        {"tab": "rolling", "window": "3"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="backtest-tab",
    ).content.decode()
    assert "<html" not in html and 'aria-current="true">3 months</a>' in html
    assert html.count('id="rolling-M3_') == 2 and 'id="rolling-M1_' not in html
    # an unknown window length falls back to one month
    html = owner_client.get(url, {"tab": "rolling", "window": "5"}).content.decode()
    assert html.count('id="rolling-M1_') == 2
    # results written before rolling statistics existed say so
    older = make_completed(project, result={**sample_result, "rollingWindow": {}})
    html = owner_client.get(
        reverse("backtests:detail", args=[older.pk]), {"tab": "rolling"}
    ).content.decode()
    assert "hold no rolling statistics" in html


def test_results_page_reads_the_backtest_access_and_optimization_in_one_query(
    owner_client, completed, django_assert_max_num_queries
):
    """A results page request: session, user, the backtest (with the project's membership check
    and the optimization that ran it), the organizations for the switcher, the cached overview."""
    url = reverse("backtests:detail", args=[completed.pk])
    owner_client.get(url)  # the page summary is built on the first request
    with django_assert_max_num_queries(5):
        assert owner_client.get(url).status_code == 200


def test_order_and_trade_amounts_are_written_as_money(owner_client, completed, sample_result):
    # as the statistics and the runtime statistics: "$99,601.06", "-$2,311.97", never "99601.06"
    from backtests import formatting

    order = min(sample_result["orders"].values(), key=lambda o: int(o["id"]))
    value = order.get("value", order["quantity"] * order["price"])
    assert abs(value) >= 1000
    url = reverse("backtests:detail", args=[completed.pk])
    html = owner_client.get(url, {"tab": "orders"}).content.decode()
    assert f'<td class="num">{formatting.money(value)}</td>' in html
    assert f'<td class="num">{formatting.number(order["price"])}</td>' in html
    trade = sample_result["totalPerformance"]["closedTrades"][0]
    html = owner_client.get(url, {"tab": "trades"}).content.decode()
    row = html[html.index('id="trades-table"') :].split("</tr>")[1]
    for amount in ("profitLoss", "totalFees", "mae", "mfe"):
        assert f">{formatting.money(trade[amount])}</td>" in row, amount
    assert f">{trade['profitLoss']:.2f}</td>" not in row
