"""Options and futures held to expiry, run as real backtests through the web app's backtest path
(the worker's task body and the sandboxed engine) on LEAN's sample data: the result document,
the results page (orders with their exercise events, trades, holdings, the symbol filter), the
API v2 reads and the report.

The algorithms are engine/tests/contract_expiry.py's: a bought GOOG call exercised and a written
one assigned at expiry (OptionExercise orders); an ES contract liquidated at its expiry and
another still held at the end."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backtests.models import Backtest
from backtests.selectors import backtest_result
from backtests.services import backtest_create
from backtests.tests.conftest import run_now
from engine.tests.conftest import lean_data_path
from engine.tests.contract_expiry import FUTURE_EXPIRY, OPTION_EXPIRY

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db]

BOUGHT = "GOOG  151224C00747500"  # OSI symbols: the underlying padded to six characters
WRITTEN = "GOOG  151224C00745000"
EXERCISE = 6  # LEAN's OrderType.OptionExercise


@pytest.fixture
def lean_settings(bt_settings):
    folder = lean_data_path()
    if not folder.is_dir():
        pytest.skip(f"LEAN sample data not found at {folder}")
    bt_settings.QCWEB_DATA_DIR = folder
    return bt_settings


def _run(make_project, owner, code: str, name: str) -> Backtest:
    backtest = run_now(backtest_create(project=make_project(code, name=name), user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    return backtest


def _api(client, user, endpoint: str, payload: dict) -> dict:
    """One API v2 call with QuantConnect's authentication headers."""
    from api.tests.conftest import ExampleClient, with_api_access

    with_api_access(user)
    headers = ExampleClient("", user.api_user_id, user.api_token).get_headers()
    response = client.post(
        f"/api/v2/{endpoint}",
        data=json.dumps(payload),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["success"] is True, data
    return data


def _page(client, backtest: Backtest, **query: str) -> str:
    response = client.get(reverse("backtests:detail", args=[backtest.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_option_held_to_expiry(lean_settings, make_project, owner, owner_client, client):
    backtest = _run(make_project, owner, OPTION_EXPIRY, "Call to expiry")
    result = backtest_result(backtest)

    # the document: two exercise orders (the bought call exercised, the written one assigned),
    # each with the contract's fill and the underlying's delivery at the strike
    exercises = {o["symbol"]["value"]: o for o in result["orders"].values() if o["type"] == 6}
    assert set(exercises) == {BOUGHT, WRITTEN}
    assert exercises[BOUGHT]["quantity"] == -1 and exercises[WRITTEN]["quantity"] == 1
    assert exercises[BOUGHT]["securityType"] == 2  # Option
    events = {}
    for event in result["orderEvents"]:
        events.setdefault(event["orderId"], []).append(event)
    bought = events[exercises[BOUGHT]["id"]]
    assert [e["symbolValue"] for e in bought] == [BOUGHT, "GOOG"]
    assert bought[0]["message"].startswith("Automatic Exercise")
    assert (bought[1]["fillQuantity"], bought[1]["fillPrice"]) == (100, 747.5)
    written = events[exercises[WRITTEN]["id"]]
    assert written[0]["isAssignment"] and written[0]["message"].startswith("Assigned")
    assert (written[1]["fillQuantity"], written[1]["fillPrice"]) == (-100, 745)
    # every contract position is closed: neither the chain nor an expired contract is held
    assert not [h for h in result["holdings"].values() if h["quantity"]]
    assert not [h for h in result["holdings"].values() if h["symbol"]["value"].startswith("?")]

    # the orders tab: the exercise orders by type, their events each naming its symbol
    html = _page(owner_client, backtest, tab="orders")
    assert html.count("<td>Option Exercise</td>") == 2
    assert f'<strong class="bt-symbol">{BOUGHT}</strong>' in html
    assert "Automatic Exercise. Underlying: 748.4" in html and "Option Exercise</td>" in html
    assert '<td class="small bt-symbol">GOOG</td>' in html  # the underlying's delivery
    # the symbol filter's value keeps the OSI spacing (as an option's text it would collapse)
    assert f'<option value="{BOUGHT}">{BOUGHT}</option>' in html
    filtered = _page(owner_client, backtest, tab="orders", symbol=BOUGHT)
    assert (
        "2 orders" in filtered
        and WRITTEN not in filtered.split('id="orders-symbol"')[1].split("</select>")[1]
    )

    # trades: one per contract and the shares delivered and delivered back
    trades = _page(owner_client, backtest, tab="trades")
    assert trades.count('<strong class="bt-symbol">') == 3 and BOUGHT in trades

    holdings = _page(owner_client, backtest, tab="holdings")
    assert "No open positions at the end of the backtest." in holdings
    assert 'id="cash-table"' in holdings and "USD" in holdings

    # API v2: the orders read names the type and the security type as LEAN's enums do
    api = _api(
        client,
        owner,
        "backtests/read/orders",
        {"projectId": backtest.project_id, "backtestId": backtest.backtest_id, "end": 10},
    )
    types = {(o["Symbol"]["Value"], o["Type"], o["SecurityType"]) for o in api["Orders"]}
    assert (BOUGHT, "OptionExercise", "Option") in types
    assert (WRITTEN, "OptionExercise", "Option") in types
    read = _api(
        client,
        owner,
        "backtests/read",
        {"projectId": backtest.project_id, "backtestId": backtest.backtest_id},
    )["backtest"]
    closed = read["totalPerformance"]["closedTrades"]
    ids = {o["symbol"]["value"]: o["symbol"]["id"] for o in result["orders"].values()}
    assert {
        t["symbol"]["value"]: t["symbol"]["id"] for t in closed if "|" in t["symbol"]["id"]
    } == {
        BOUGHT: ids[BOUGHT],
        WRITTEN: ids[WRITTEN],
    }

    report = owner_client.get(reverse("backtests:report", args=[backtest.pk])).content.decode()
    assert "Option" in report and BOUGHT in report

    # the overview's "Data used": the chain's data once (its folder, found), not each contract
    overview = _page(owner_client, backtest)
    used = overview.split('id="datasets-used"', 1)[1].split("</section>", 1)[0]
    assert "151224" not in used and "151231" not in used
    rows = used.split("<tr>")[1:]
    option_rows = [row for row in rows if "option · usa · minute" in row]
    assert len(option_rows) == 1 and ">GOOG</a>" in option_rows[0]
    assert "no such data now" not in used


def test_a_future_held_to_expiry_and_one_held_at_the_end(
    lean_settings, make_project, owner, owner_client, client
):
    backtest = _run(make_project, owner, FUTURE_EXPIRY, "ES to expiry")
    result = backtest_result(backtest)

    orders = sorted(result["orders"].values(), key=lambda o: o["id"])
    assert [(o["symbol"]["value"], o["quantity"], o["tag"]) for o in orders] == [
        ("ES20Z13", 1, ""),
        ("ES21H14", -2, ""),
        ("ES20Z13", -1, "Liquidate from delisting"),
    ]
    # the open contract, keyed by its own identifier (the one its orders name)
    held = result["holdings"][orders[1]["symbol"]["id"]]
    assert held["symbol"]["value"] == "ES21H14" and held["securityType"] == 5
    assert (held["quantity"], held["averagePrice"], held["marketPrice"]) == (-2, 1640, 1836.8)
    (trade,) = result["totalPerformance"]["closedTrades"]
    assert trade["symbol"]["id"] == orders[0]["symbol"]["id"] == "ES VMKLFZIH2MTD"

    html = _page(owner_client, backtest, tab="orders")
    assert "Liquidate from delisting" in html and '<option value="ES21H14">' in html

    # the holdings tab: the contract with its type, prices, value and unrealized loss
    holdings = _page(owner_client, backtest, tab="holdings")
    row = holdings.split('data-holding="ES VP274HSU1AF5"', 1)[1].split("</tr>", 1)[0]
    assert "ES21H14" in row and "<td>Future</td>" in row
    assert ">-2<" in row and "1,640.00" in row and "1,836.80" in row
    assert "-$183,675.00" in row and 'class="num neg"' in row
    assert "ES20Z13" not in holdings  # expired and delisted: held no more

    portfolio = _api(
        client,
        owner,
        "backtests/read/portfolio",
        {"projectId": backtest.project_id, "backtestId": backtest.backtest_id},
    )["portfolio"]
    assert set(portfolio["Holdings"]) == {"ES VP274HSU1AF5"}
    contract = portfolio["Holdings"]["ES VP274HSU1AF5"]
    assert contract["Symbol"]["Value"] == "ES21H14" and contract["Type"] == "Future"
    assert contract["Quantity"] == -2 and contract["UnrealizedPnl"] == held["unrealizedPnl"]

    # the report: futures as the market; the allocation values a contract at $50 a point
    report = owner_client.get(reverse("backtests:report", args=[backtest.pk])).content.decode()
    assert "Future" in report and "ES21H14" in report

    overview = _page(owner_client, backtest)
    used = overview.split('id="datasets-used"', 1)[1].split("</section>", 1)[0]
    rows = used.split("<tr>")[1:]
    assert len(rows) == 1 and ">ES</a>" in rows[0] and "future · cme · daily" in rows[0]
