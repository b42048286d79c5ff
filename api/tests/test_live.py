"""live/* endpoints: create, read, list, log, portfolio, orders, stop, liquidate, commands; bad
input answered with a clear error; every endpoint refuses another organization's ids. One test
follows a real sandboxed deployment (a high replay speed) through the API, commands included."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from accounts.models import Node
from api.registry import ENDPOINTS
from api.tests.conftest import check_model
from live.models import LiveCommand, LiveDeployment
from live.services import live_execute
from live.tests.conftest import PAPER
from live.tests.test_commands import COMMANDED

pytestmark = pytest.mark.django_db(transaction=True)

BROKERAGE = {
    "id": "QuantConnectBrokerage",
    "cash": [{"currency": "USD", "amount": 50000}],
    "holdings": [
        {"symbol": "SPY", "symbolId": "SPY R735QTJ8XC9X", "quantity": 10, "averagePrice": 470.5}
    ],
}
LIVE_PATHS = [p for p in ENDPOINTS if p.startswith("live/")]


def compiled(api, project) -> str:
    result = api.ok("compile/create", {"projectId": project.id})
    assert result["state"] == "BuildSuccess", result
    return result["compileId"]


def create(api, project, **extra):
    payload = {
        "projectId": project.id,
        "compileId": compiled(api, project),
        "brokerage": BROKERAGE,
        "replayStart": "2024-01-02",
        "replaySpeed": 3600,
        **extra,
    }
    return api.post("live/create", payload).json()


@pytest.fixture
def paper(live_settings, make_project, no_enqueue):
    return make_project(PAPER, name="Paper Api")


def test_every_live_endpoint_is_built(api):
    assert {
        "live/create",
        "live/read",
        "live/list",
        "live/read/log",
        "live/read/portfolio",
        "live/read/orders",
        "live/update/liquidate",
        "live/update/stop",
        "live/commands/create",
        "live/commands/broadcast",
    } <= set(LIVE_PATHS)
    assert all(ENDPOINTS[p].available for p in LIVE_PATHS)


def test_create_read_list_and_stop(api, paper, node, owner):
    created = create(
        api,
        paper,
        nodeId=str(node.id),
        automaticRedeploy=False,
        notification={
            "events": ["orderEvent"],
            "targets": [{"address": "me@example.com", "subject": "fills"}],
        },
    )
    assert created["success"] is True, created
    check_model(created, "LiveAlgorithmResponse")
    assert created["status"] == "InQueue" and created["brokerage"] == "QuantConnectBrokerage"
    deployment = LiveDeployment.objects.get(deploy_id=created["deployId"])
    assert deployment.project_id == paper.id and deployment.node_id == node.id
    assert deployment.starting_cash == {"USD": 50000.0}
    assert deployment.starting_holdings == [
        {"symbol": "SPY", "quantity": 10.0, "averagePrice": 470.5}
    ]
    assert deployment.replay_speed == 3600 and deployment.automatic_restart is False
    assert deployment.notification_targets == [
        {"type": "email", "address": "me@example.com", "subject": "fills"}
    ]

    read = api.ok("live/read", {"projectId": paper.id})
    check_model(read, "LiveAlgorithmResults")
    assert read["deployId"] == deployment.deploy_id and read["status"] == "InQueue"
    assert read["stopped"] is None and read["dataFeed"].startswith("Replay of recorded data")
    assert read["launched"] == deployment.created.strftime("%Y-%m-%d %H:%M:%S")
    by_id = api.ok("live/read", {"projectId": paper.id, "deployId": deployment.deploy_id})
    assert by_id["deployId"] == deployment.deploy_id

    listed = api.ok("live/list")
    check_model(listed, "LiveList")
    assert [a["deployId"] for a in listed["Algorithms"]] == [deployment.deploy_id]
    assert api.ok("live/list", {"status": "Stopped"})["Algorithms"] == []
    assert api.ok("live/list", {"start": int(time.time()) + 3600})["Algorithms"] == []

    # the node is busy for the lean CLI (one algorithm per node)
    nodes = api.ok("nodes/read", {"organizationId": str(paper.organization_id)})
    assert [(n["id"], n["busy"]) for n in nodes["live"]] == [(str(node.id), True)]

    api.ok("live/update/stop", {"projectId": paper.id})
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.STOPPED
    assert any(e.text == "Stop requested." and e.user == owner for e in deployment.events.all())
    read = api.ok("live/read", {"projectId": paper.id})
    assert read["status"] == "Stopped" and read["stopped"]
    assert api.ok("live/list", {"status": "Stopped"})["Algorithms"][0]["status"] == "Stopped"
    assert "no running live deployment" in api.refused("live/update/stop", {"projectId": paper.id})
    assert "no running live deployment" in api.refused(
        "live/update/liquidate", {"projectId": paper.id}
    )


def test_bad_input_gets_a_clear_error_and_creates_nothing(
    api, paper, node, make_project, organization
):
    project_id = paper.id
    compile_id = compiled(api, paper)

    def refused(**fields):
        payload = {
            "projectId": project_id,
            "compileId": compile_id,
            "brokerage": BROKERAGE,
            "replayStart": "2024-01-02",
            **fields,
        }
        payload = {k: v for k, v in payload.items() if v is not None}
        return api.refused("live/create", payload)

    assert refused(projectId=999999) == "projectId 999999: no such project."
    assert refused(compileId="nope") == "compileId 'nope': no such compile of this project."
    assert refused(brokerage=None) == "brokerage is required."
    assert refused(brokerage={"cash": []}).startswith("brokerage.id is required")
    assert "QuantConnect Paper Trading only" in refused(brokerage={"id": "InteractiveBrokers"})
    assert (
        refused(brokerage={"id": "QuantConnectBrokerage", "cash": [{"currency": "USD"}]})
        == "brokerage.cash[0]: currency and amount are required."
    )
    assert (
        refused(brokerage={"id": "PaperTrading", "holdings": [{"symbol": "SPY", "quantity": 1}]})
        == "brokerage.holdings[0]: averagePrice required."
    )
    assert refused(nodeId="404404") == f"nodeId 404404: no such node in {organization.name}."
    backtest_node = Node.objects.create(
        organization=organization, kind=Node.Kind.BACKTEST, model="B2-8", name="B-1"
    )
    assert refused(nodeId=str(backtest_node.id)) == "B-1 is a Backtesting node, not a live node."
    assert refused(replayStart="yesterday") == "replayStart must be a date (YYYY-MM-DD)."
    assert "no intraday data on 2031-01-02" in refused(replayStart="2031-01-02")
    assert "replay speed" in refused(replaySpeed=100000)

    # a project that does not compile: its failed build, or code broken after the build
    broken = make_project("class Broken(QCAlgorithm:\n", name="Broken")
    build = api.ok("compile/create", {"projectId": broken.id})
    assert build["state"] == "BuildError"
    message = api.refused(
        "live/create",
        {"projectId": broken.id, "compileId": build["compileId"], "brokerage": BROKERAGE},
    )
    assert "the project does not compile" in message
    main = paper.files.get(name="main.py")
    good = main.content
    main.content = "def broken(:\n"
    main.save()
    assert refused().startswith("The project does not compile")
    main.content = good
    main.save()
    assert not LiveDeployment.objects.exists()

    # the node set is full: one algorithm per node, then no free node for an unnamed one
    created = create(api, paper, nodeId=node.name)
    assert created["success"] is True, created
    other = make_project(PAPER, name="Other")
    message = api.refused(
        "live/create",
        {"projectId": other.id, "compileId": compiled(api, other), "brokerage": BROKERAGE},
    )
    assert (
        message
        == f"{organization.name} has no free live node: add one on its Resources page or stop a deployment."
    )
    message = api.refused(
        "live/create",
        {
            "projectId": other.id,
            "compileId": compiled(api, other),
            "brokerage": BROKERAGE,
            "nodeId": str(node.id),
        },
    )
    assert message == "L-1 already runs an algorithm (one algorithm per node)."
    assert LiveDeployment.objects.count() == 1

    # commands: only to a running deployment, and only JSON objects
    message = api.refused("live/commands/create", {"projectId": paper.id, "command": {"a": 1}})
    assert "not running (In Queue)" in message
    assert api.refused("live/commands/create", {"projectId": paper.id}) == "command is required."
    assert (
        api.refused("live/commands/create", {"projectId": paper.id, "command": "x"})
        == "command must be an object."
    )
    assert "no running live deployment" in api.refused(
        "live/commands/create", {"projectId": other.id, "command": {}}
    )
    assert api.refused("live/read", {"projectId": other.id}) == (
        f"No live deployment found for project {other.id}."
    )
    assert api.refused("live/read", {"projectId": paper.id, "deployId": "L-nope"}) == (
        "deployId 'L-nope': no such deployment of this project."
    )
    assert "end - start must be at most 100" in api.refused(
        "live/read/orders", {"projectId": paper.id, "start": 0, "end": 500}
    )


def test_other_organizations_are_refused_on_every_endpoint(
    api, outsider_api, paper, node, organization, outsider
):
    created = create(api, paper, nodeId=str(node.id))
    deploy_id = created["deployId"]
    LiveDeployment.objects.filter(deploy_id=deploy_id).update(status="Running")
    refused_project = f"projectId {paper.id}: no such project."
    requests = {
        "live/create": {"projectId": paper.id, "compileId": "x", "brokerage": BROKERAGE},
        "live/read": {"projectId": paper.id, "deployId": deploy_id},
        "live/read/log": {"projectId": paper.id, "algorithmId": deploy_id},
        "live/read/portfolio": {"projectId": paper.id},
        "live/portfolio/read": {"projectId": paper.id},
        "live/read/orders": {"projectId": paper.id},
        "live/update/liquidate": {"projectId": paper.id},
        "live/update/stop": {"projectId": paper.id},
        "live/commands/create": {"projectId": paper.id, "command": {"$type": "X"}},
    }
    assert set(requests) | {"live/list", "live/commands/broadcast"} == set(LIVE_PATHS)
    for path, payload in requests.items():
        assert outsider_api.refused(path, payload) == refused_project, path
    assert outsider_api.ok("live/list")["Algorithms"] == []
    message = outsider_api.refused(
        "live/commands/broadcast", {"organizationId": str(organization.id), "command": {}}
    )
    assert message == f"organizationId {organization.id}: no such organization."
    # the outsider's own organization has no running deployment to broadcast to
    assert "No live deployment" in outsider_api.refused("live/commands/broadcast", {"command": {}})
    deployment = LiveDeployment.objects.get(deploy_id=deploy_id)
    assert deployment.status == "Running" and not deployment.stop_requested
    assert not LiveCommand.objects.exists()


def _execute(pk: int) -> None:
    try:
        live_execute(deployment_id=pk)
    finally:
        connection.close()


def holding_of(holdings: dict, value: str) -> dict | None:
    """The holding of the symbol whose value is `value` (holdings are keyed by the symbol's
    SecurityIdentifier string, "SPY R735QTJ8XC9X")."""
    found = [h for key, h in holdings.items() if h["Symbol"]["Value"] == value]
    assert all(key == h["Symbol"]["ID"] for key, h in holdings.items())
    return found[0] if found else None


def wait_for(condition, what, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


def test_a_real_deployment_through_the_api_with_commands(
    api, live_settings, make_project, node, no_enqueue
):
    project = make_project(COMMANDED, name="Commanded Api")
    created = create(api, project, nodeId=str(node.id), brokerage={"id": "QuantConnectBrokerage"})
    assert created["success"] is True, created
    deployment = LiveDeployment.objects.get(deploy_id=created["deployId"])
    assert no_enqueue == [deployment.pk]
    worker = threading.Thread(target=_execute, args=(deployment.pk,))
    worker.start()
    try:
        wait_for(
            lambda: (
                "bar " in "\n".join(api.ok("live/read/log", {"projectId": project.id})["LiveLogs"])
            ),
            "the first bar in the log",
        )
        sent = api.ok(
            "live/commands/create",
            {"projectId": project.id, "command": {"$type": "Buy", "quantity": 4}},
        )
        check_model(sent, "LiveCommandResponse")
        assert sent["deployId"] == deployment.deploy_id

        def command_done():
            commands = api.ok("live/read", {"projectId": project.id})["commands"]
            return next(
                (
                    c
                    for c in commands
                    if c["commandId"] == sent["commandId"] and c["status"] == "Done"
                ),
                None,
            )

        done = wait_for(command_done, "the command's result")
        assert done["name"] == "Buy" and done["success"] is True

        def holds_four():
            holdings = api.ok("live/read/portfolio", {"projectId": project.id})["portfolio"]
            spy = holding_of(holdings["Holdings"], "SPY")
            return spy if spy and spy["Quantity"] == 4 else None

        wait_for(holds_four, "the command's order to fill")
        lean_cli_view = api.get("live/portfolio/read", {"projectId": project.id}).json()
        assert holding_of(lean_cli_view["portfolio"]["holdings"], "SPY")["Quantity"] == 4
        assert "USD" in lean_cli_view["portfolio"]["cash"]
        orders = api.ok("live/read/orders", {"projectId": project.id})
        check_model(orders, "LiveOrdersResponse")
        assert [(o["Quantity"], o["Tag"]) for o in orders["orders"]] == [(4.0, "bought by command")]
        assert orders["latestOrderTimestamp"] > 0

        # LEAN's built-in OrderCommand in the shape `lean live submit-order` writes: a manual
        # order, checked before it is queued, tagged as manual
        builtin = "QuantConnect.Commands.OrderCommand, QuantConnect.Common"
        order = {"$type": builtin, "Ticker": "SPY", "SecurityType": "Equity", "Market": "usa"}
        assert "positive limit price" in api.refused(
            "live/commands/create",
            {"projectId": project.id, "command": {**order, "OrderType": "Limit", "Quantity": 1}},
        )
        manual = api.ok(
            "live/commands/create",
            {"projectId": project.id, "command": {**order, "OrderType": "Market", "Quantity": 1}},
        )
        wait_for(
            lambda: LiveCommand.objects.filter(
                command_id=manual["commandId"], status="done", success=True
            ).exists(),
            "the OrderCommand's result",
        )
        wait_for(
            lambda: (
                "Manual order"
                in [
                    o["Tag"]
                    for o in api.ok("live/read/orders", {"projectId": project.id})["orders"]
                ]
            ),
            "the manual order in the orders",
        )
        wait_for(
            lambda: (
                holding_of(
                    api.ok("live/read/portfolio", {"projectId": project.id})["portfolio"][
                        "Holdings"
                    ],
                    "SPY",
                )["Quantity"]
                == 5
            ),
            "the manual order to fill",
        )

        broadcast = api.ok(
            "live/commands/broadcast",
            {"command": {"text": "yes"}, "organizationId": str(project.organization_id)},
        )
        assert [c["deployId"] for c in broadcast["commands"]] == [deployment.deploy_id]
        told = broadcast["commands"][0]["commandId"]
        wait_for(
            lambda: LiveCommand.objects.filter(command_id=told, status="done").exists(),
            "the broadcast command's result",
        )

        read = api.ok("live/read", {"projectId": project.id})
        check_model(read, "LiveAlgorithmResults")
        assert read["status"] == "Running"
        results = read["LiveResults"]["results"]
        assert holding_of(results["Holdings"], "SPY")["Quantity"] == 5
        assert results["Charts"]["Strategy Equity"]["Series"]["Equity"]["Values"]

        api.ok("live/update/liquidate", {"projectId": project.id})
        wait_for(
            lambda: api.ok("live/read", {"projectId": project.id})["status"] == "Liquidated",
            "the liquidation",
        )
    finally:
        LiveDeployment.objects.filter(pk=deployment.pk).update(stop_requested="stop")
        worker.join(timeout=60)
    log = api.ok("live/read/log", {"projectId": project.id})["LiveLogs"]
    text = "\n".join(log)
    assert f"COMMAND:: Buy ({sent['commandId']}) ran: success" in text
    assert "told yes" in text
    portfolio = api.ok("live/read/portfolio", {"projectId": project.id})["portfolio"]
    assert holding_of(portfolio["Holdings"], "SPY") is None  # liquidated
    stamped = [line for line in log if line[:4].isdigit()]
    first = stamped[0][:19]
    from datetime import UTC, datetime

    first_unix = int(datetime.fromisoformat(first).replace(tzinfo=UTC).timestamp())
    window = api.ok(
        "live/read/log", {"projectId": project.id, "start": first_unix, "end": first_unix}
    )["LiveLogs"]
    assert window and all(line.startswith(first) for line in window)
