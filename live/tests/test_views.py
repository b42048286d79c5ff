"""Live pages: the wizard, the results page, control, the log; and every URL refuses people
outside the project's organization."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from live.models import LiveDeployment
from live.services import live_deploy


@pytest.fixture
def deployment(live_settings, project, owner, node, no_enqueue):
    return live_deploy(
        project=project, user=owner, node=node, replay_start=date(2024, 1, 2), replay_speed=60
    )


def urls(deployment):
    pk = deployment.pk
    return [
        ("get", reverse("live:detail", args=[pk])),
        ("get", reverse("live:log", args=[pk])),
        ("post", reverse("live:stop", args=[pk])),
        ("post", reverse("live:liquidate", args=[pk])),
        ("post", reverse("live:redeploy", args=[pk])),
        ("post", reverse("live:update", args=[pk])),
        ("post", reverse("live:add_security", args=[pk])),
        ("post", reverse("live:order", args=[pk])),
        ("post", reverse("live:liquidate_security", args=[pk])),
        ("get", reverse("live:deploy", args=[deployment.project_id])),
        ("post", reverse("live:deploy", args=[deployment.project_id])),
    ]


def test_outsiders_are_refused_everywhere(deployment, outsider_client):
    for method, url in urls(deployment):
        response = getattr(outsider_client, method)(url, {"confirm": "yes"})
        assert response.status_code == 404, url
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE and not deployment.stop_requested
    assert LiveDeployment.objects.count() == 1
    assert not deployment.commands.exists()
    listing = outsider_client.get(reverse("live:list")).content.decode()
    assert deployment.project.name not in listing


def test_the_page_names_the_replay_feed(deployment, owner_client):
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert "Replay of recorded data from 2024-01-02 at 60x" in page
    assert "not a market connection" in page
    assert f'ws-connect="/ws/live/{deployment.pk}/"' in page
    # The list shows the organization the user works in: switch to the deployment's.
    owner_client.post(
        reverse("accounts:organization_switch"), {"organization_id": deployment.organization_id}
    )
    listing = owner_client.get(reverse("live:list")).content.decode()
    assert reverse("live:detail", args=[deployment.pk]) in listing


def test_the_page_shows_the_saved_state(deployment, owner_client):
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Running",
        state={
            "time": "2024-01-02T10:00:00",
            "holdings": {
                "X": {
                    "symbol": {"value": "SPY"},
                    "quantity": 7.0,
                    "averagePrice": 470.0,
                    "unrealizedPnl": -12.25,  # the engine's Holding key (LEAN's reader's)
                }
            },
            "cash": {"USD": {"amount": 1234.5}},
            "orders": {"1": {"id": 1, "symbol": {"value": "SPY"}, "quantity": 7, "status": 3}},
            "runtimeStatistics": {"Equity": "$4,524.50", "Unrealized": "$0.00"},
        },
        equity=[[1.0, 100.0], [2.0, 101.0]],
    )
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    for text in ("SPY", "1,234.50", "$4,524.50", 'id="live-figures"', "101.0"):
        assert text in page
    assert "<td>-12.25</td>" in page  # the holding's unrealized P&L
    filled = page[page.index('id="live-filled-orders"') :]
    assert "<td>1</td>" in filled[: filled.index("</table>")]
    # the eight default statistics, a dash for those the engine has not reported yet
    for name in ("Fees", "Holdings", "Net Profit", "Probabilistic Sharpe Ratio", "Volume"):
        assert f'data-statistic="{name}">-<' in page


def test_orders_are_shown_in_the_exchange_time_zone(deployment, owner_client):
    """As on the backtest results page: each order's time in its exchange's zone, the zone named
    in the header, from the subscriptions the engine's snapshot lists."""
    spy = {"securityType": "equity", "market": "usa", "symbol": "SPY", "resolution": "minute"}
    order = {"symbol": {"value": "SPY"}, "quantity": 7, "price": 470.0}
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Running",
        state={
            "time": "2024-01-02T09:45:00",
            "timeZone": "America/New_York",
            "dataSubscriptions": [{**spy, "internal": False}],
            "orders": {
                # filled 14:31 UTC in winter: 09:31 in New York
                "1": {**order, "id": 1, "status": 3, "time": "2024-01-02T14:31:00Z"},
                "2": {**order, "id": 2, "status": 1, "time": "2024-01-02T14:40:00Z"},
            },
        },
    )
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    filled = page[page.index('id="live-filled-orders"') :]
    filled = filled[: filled.index("</table>")]
    assert '<th id="live-filled-orders-time-zone">Time (America/New_York)</th>' in filled
    assert '<td title="America/New_York">2024-01-02 09:31:00</td>' in filled
    opened = page[page.index('id="live-open-orders"') :]
    opened = opened[: opened.index("</table>")]
    assert '<th id="live-open-orders-time-zone">Time (America/New_York)</th>' in opened
    assert '<td title="America/New_York">2024-01-02 09:40:00</td>' in opened
    assert "14:31" not in page and "14:40" not in page
    assert '<span id="live-time">2024-01-02 09:45:00 America/New_York</span>' in page


def test_without_subscriptions_order_times_are_named_utc(deployment, owner_client):
    """A state saved before snapshots listed their subscriptions: times stay UTC, and say so."""
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Running",
        state={
            "time": "2024-01-02T09:45:00",
            "orders": {"1": {"id": 1, "symbol": {"value": "SPY"}, "status": 3,
                             "time": "2024-01-02T14:31:00Z"}},
        },
    )  # fmt: skip
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert '<th id="live-filled-orders-time-zone">Time (UTC)</th>' in page
    assert '<td title="UTC">2024-01-02 14:31:00</td>' in page


def test_stop_needs_confirmation_and_is_recorded(deployment, owner_client, owner):
    url = reverse("live:stop", args=[deployment.pk])
    owner_client.post(url)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE
    owner_client.post(url, {"confirm": "yes"})
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.STOPPED
    assert deployment.events.last().user == owner


def test_a_read_only_collaborator_cannot_control(deployment, member_client, project, member):
    from projects.models import Collaborator

    Collaborator.objects.create(project=project, user=member, access=Collaborator.Access.READ)
    assert member_client.get(reverse("live:detail", args=[deployment.pk])).status_code == 200
    response = member_client.post(
        reverse("live:liquidate", args=[deployment.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 403
    deployment.refresh_from_db()
    assert not deployment.stop_requested


def test_the_wizard_deploys_and_reports_errors(
    live_settings, project, node, owner_client, no_enqueue
):
    url = reverse("live:deploy", args=[project.pk])
    page = owner_client.get(url).content.decode()
    assert "QuantConnect Paper Trading" in page and "L-1" in page
    bad = owner_client.post(
        url, {"node": node.pk, "replay_start": "2030-01-02", "replay_speed": "60"}
    ).content.decode()
    assert "no intraday data" in bad
    response = owner_client.post(
        url,
        {
            "node": node.pk,
            "replay_start": "2024-01-02",
            "replay_speed": "60",
            "cash": "USD=20000",
            "holdings": "SPY 3 470.5",
            "automatic_restart": "on",
        },
    )
    deployment = LiveDeployment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/live/{deployment.pk}/")
    assert deployment.starting_cash == {"USD": 20000.0}
    assert deployment.starting_holdings[0]["symbol"] == "SPY"


def test_the_log_downloads(deployment, owner_client):
    deployment.log_path.parent.mkdir(parents=True, exist_ok=True)
    deployment.log_path.write_text("2024-01-02 09:31:00 hello\n")
    response = owner_client.get(reverse("live:log", args=[deployment.pk]))
    assert b"".join(response.streaming_content) == b"2024-01-02 09:31:00 hello\n"


def test_the_live_equity_curve_is_kept_between_deployments(deployment, owner, owner_client):
    """Stop and redeploy: the project's live equity continues (QuantConnect retains a project's
    live equity curve between deployments)."""
    from live.services import live_redeploy

    # the first deployment ran and stopped (the worker's end of a stop request)
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Stopped", equity=[[100.0, 1000.0], [200.0, 1010.0], [300.0, 1020.0]]
    )
    deployment.refresh_from_db()
    second = live_redeploy(deployment=deployment, user=owner)
    # the second run's replay starts again at 250 s: its points replace the first's from there
    LiveDeployment.objects.filter(pk=second.pk).update(
        status="Running", equity=[[250.0, 2000.0], [400.0, 2100.0]]
    )
    page = owner_client.get(reverse("live:detail", args=[second.pk])).content.decode()
    import json
    import re

    figures = json.loads(
        re.search(
            r'<script id="live-figures" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    equity = next(t for t in figures["equity"]["data"] if t["name"] == "Equity")
    assert list(equity["y"]) == [1000.0, 1010.0, 2000.0, 2100.0]
    # the first deployment's own page shows the curve as it was then
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert "2100.0" not in page and "1020.0" in page
