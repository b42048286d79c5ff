"""Manual trading from the live page and the API (Add Security, Create Order, Liquidate one
security): LEAN's built-in commands checked, queued and recorded by the services; the views'
confirmation, errors and read-only refusal; and, through a real sandboxed deployment, the security
added, the manual order filled and tagged, the holding liquidated, each result on the page."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from live.models import LiveCommand, LiveDeployment
from live.services import (
    CommandError,
    live_add_security,
    live_command_create,
    live_deploy,
    live_execute,
    live_liquidate_security,
    live_manual_order,
    live_stop,
)
from live.services.builtins import builtin_check, lean_type
from live.tests.test_commands import wait_for

ORDER = lean_type("OrderCommand")


def finished(item: LiveCommand) -> LiveCommand | None:
    item.refresh_from_db()
    return item if item.status not in (LiveCommand.Status.QUEUED, LiveCommand.Status.SENT) else None


def execute(pk: int) -> None:
    try:
        live_execute(deployment_id=pk)
    finally:
        connection.close()


@pytest.fixture
def running_row(live_settings, project, owner, node, no_enqueue):
    """A deployment marked Running (no engine: the command is only queued)."""
    deployment = live_deploy(
        project=project, user=owner, node=node, replay_start=date(2024, 1, 2), replay_speed=60
    )
    LiveDeployment.objects.filter(pk=deployment.pk).update(status=LiveDeployment.Status.RUNNING)
    deployment.refresh_from_db()
    return deployment


def test_builtin_commands_are_checked_before_they_are_queued():
    good = {"$type": ORDER, "Ticker": "SPY", "SecurityType": "Equity", "Market": "usa"}
    for fields, message in (
        ({"OrderType": "Market"}, "Quantity is required"),
        ({"OrderType": "Market", "Quantity": 0}, "must not be zero"),
        ({"OrderType": "TrailingStop", "Quantity": 1}, "is not one of Market"),
        ({"OrderType": "Limit", "Quantity": 1}, "positive limit price"),
        ({"OrderType": "StopLimit", "Quantity": 1, "LimitPrice": 1}, "positive stop price"),
        ({"OrderType": "Market", "Quantity": "lots"}, "not a number"),
        ({"OrderType": "Market", "Quantity": 1, "Market": ""}, "Market is required"),
        ({"OrderType": 1, "Quantity": 1, "SecurityType": "Bond"}, "Security type 'Bond'"),
    ):
        with pytest.raises(CommandError, match=message):
            builtin_check({**good, **fields})
    # enums by name or number, any letter case (as Newtonsoft reads them); untagged: manual
    checked = builtin_check(
        {**good, "ordertype": 3, "Quantity": -2, "LIMITPRICE": 5, "stopPrice": 6}
    )
    assert checked["Tag"] == "Manual order"
    assert builtin_check({**good, "OrderType": "market", "Quantity": 1, "tag": "mine"})["tag"] == (
        "mine"
    )
    add = lean_type("AddSecurityCommand")
    with pytest.raises(CommandError, match="ticker such as SPY"):
        builtin_check({"$type": add, "Symbol": "../x", "SecurityType": "Equity"})
    with pytest.raises(CommandError, match="Resolution 'Weekly'"):
        builtin_check({"$type": add, "Symbol": "QQQ", "SecurityType": 1, "Resolution": "Weekly"})
    with pytest.raises(CommandError, match="Order id"):
        builtin_check({"$type": lean_type("CancelOrderCommand"), "OrderId": -1})
    # a command of the algorithm's own is not LEAN's: passed on untouched
    assert builtin_check({"$type": "OrderCommand", "x": 1}) == {"$type": "OrderCommand", "x": 1}


def test_the_services_queue_leans_shapes_and_record_what_was_asked(running_row, owner):
    add = live_add_security(
        deployment=running_row, user=owner, symbol="qqq", resolution="Hour", leverage=2
    )
    assert add.name == "AddSecurityCommand"
    assert add.payload == {
        "$type": "QuantConnect.Commands.AddSecurityCommand, QuantConnect.Common",
        "Symbol": "QQQ",
        "SecurityType": "Equity",
        "Resolution": "Hour",
        "Market": "usa",
        "FillDataForward": True,
        "Leverage": 2.0,
        "ExtendedMarketHours": False,
    }
    order = live_manual_order(
        deployment=running_row, user=owner, symbol="SPY", quantity=5, tag="hedge"
    )
    assert order.name == "OrderCommand" and order.payload["Tag"] == "Manual order: hedge"
    sell = live_liquidate_security(deployment=running_row, user=owner, symbol="SPY")
    assert sell.payload["$type"].startswith("QuantConnect.Commands.LiquidateCommand")
    texts = [e.text for e in running_row.events.all()]
    assert any("Add security QQQ (Equity)" in t for t in texts)
    assert any("Market order for 5 SPY (Manual order: hedge)" in t for t in texts)
    assert any("Liquidate SPY" in t for t in texts)
    with pytest.raises(CommandError, match="positive limit price"):
        live_manual_order(
            deployment=running_row, user=owner, symbol="SPY", quantity=1, order_type="Limit"
        )
    assert LiveCommand.objects.count() == 3


def test_the_views_confirm_queue_and_refuse(running_row, owner_client, member_client, member):
    from projects.models import Collaborator

    pk = running_row.pk
    page = owner_client.get(reverse("live:detail", args=[pk])).content.decode()
    assert 'id="live-add-security-form"' in page and 'id="live-order-form"' in page
    add_url, order_url = reverse("live:add_security", args=[pk]), reverse("live:order", args=[pk])
    fields = {"symbol": "QQQ", "security_type": "Equity", "resolution": "Minute", "market": "usa"}
    owner_client.post(add_url, fields)  # not confirmed
    assert not LiveCommand.objects.exists()
    response = owner_client.post(add_url, {**fields, "confirm": "yes", "fill_forward": "on"})
    assert response.status_code == 302
    assert LiveCommand.objects.get().payload["FillDataForward"] is True
    order = {"symbol": "SPY", "quantity": "3", "order_type": "Limit", "security_type": "Equity"}
    page = owner_client.post(
        order_url, {**order, "market": "usa", "confirm": "yes"}, follow=True
    ).content.decode()
    assert "A Limit order needs a positive limit price." in page
    owner_client.post(order_url, {**order, "limit_price": "400", "market": "usa", "confirm": "yes"})
    assert LiveCommand.objects.filter(name="OrderCommand").get().payload["LimitPrice"] == 400
    page = owner_client.get(reverse("live:detail", args=[pk])).content.decode()
    assert 'id="live-commands"' in page and "OrderCommand" in page and "AddSecurityCommand" in page

    Collaborator.objects.create(
        project=running_row.project, user=member, access=Collaborator.Access.READ
    )
    for url in (add_url, order_url, reverse("live:liquidate_security", args=[pk])):
        assert member_client.post(url, {**fields, **order, "confirm": "yes"}).status_code == 403
    assert LiveCommand.objects.count() == 2
    LiveDeployment.objects.filter(pk=pk).update(status=LiveDeployment.Status.STOPPED)
    page = owner_client.post(
        reverse("live:liquidate_security", args=[pk]),
        {"symbol": "SPY", "confirm": "yes"},
        follow=True,
    ).content.decode()
    assert "is not running (Stopped)" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.db_independent
def test_manual_trading_reaches_a_running_sandboxed_algorithm(
    live_settings, make_project, owner, node, no_enqueue, owner_client
):
    from live.tests.test_commands import COMMANDED

    deployment = live_deploy(
        project=make_project(COMMANDED, name="Manual"),
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
        starting_cash={"USD": 100000},
    )
    worker = threading.Thread(target=execute, args=(deployment.pk,))
    worker.start()
    try:
        wait_for(
            lambda: deployment.log_path.exists() and "bar " in deployment.log_path.read_text(),
            what="the first bar",
        )
        added = live_add_security(deployment=deployment, user=owner, symbol="QQQ")
        wait_for(lambda: finished(added), what="Add Security")
        assert (added.status, added.success) == (LiveCommand.Status.DONE, True)
        bought = live_manual_order(deployment=deployment, user=owner, symbol="QQQ", quantity=4)
        # through the API's shape as well (a LEAN OrderCommand with numbers for the enums)
        api = live_command_create(
            deployment=deployment,
            user=owner,
            command={
                "$type": ORDER,
                "Ticker": "SPY",
                "SecurityType": 1,
                "Market": "usa",
                "OrderType": 0,
                "Quantity": 2,
            },
        )
        unknown = live_manual_order(deployment=deployment, user=owner, symbol="MSFT", quantity=1)
        for item in (bought, api, unknown):
            wait_for(lambda item=item: finished(item), what=item.name)
        assert bought.success is True and api.success is True
        assert unknown.success is False and "not a security of the algorithm" in unknown.message

        def holds(symbol, quantity):
            state = LiveDeployment.objects.get(pk=deployment.pk).state
            return any(
                (h.get("symbol") or {}).get("value") == symbol and h.get("quantity") == quantity
                for h in (state.get("holdings") or {}).values()
            )

        wait_for(lambda: holds("QQQ", 4), what="the manual order to fill")
        page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
        filled = page[page.index('id="live-filled-orders"') :]
        filled = filled[: filled.index("</table>")]
        assert "<td>QQQ</td>" in filled and "data-manual" in filled and "Manual order" in filled
        sold = live_liquidate_security(deployment=deployment, user=owner, symbol="QQQ")
        wait_for(lambda: finished(sold), what="Liquidate")
        assert sold.success is True
        wait_for(lambda: holds("QQQ", 0) or not holds("QQQ", 4), what="the liquidation")
        live_stop(deployment=deployment, user=owner)
        wait_for(
            lambda: LiveDeployment.objects.get(pk=deployment.pk).status == "Stopped",
            what="the stop",
        )
    finally:
        LiveDeployment.objects.filter(pk=deployment.pk).update(stop_requested="stop")
        worker.join(timeout=60)
    log = deployment.log_path.read_text()
    assert f"COMMAND:: AddSecurityCommand ({added.command_id}) ran: success" in log
    assert "Market for 4 units of QQQ: OrderResponse: OrderId:" in log
    assert "OrderCommand Error: MSFT is not a security of the algorithm" in log
