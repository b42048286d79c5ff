"""QuantConnect REST API v2 Backtest Management and Reports over HTTP, with real engine runs
(Huey runs tasks inline in tests, so backtests/create returns after the run is stored)."""

from __future__ import annotations

import os

import pytest

from api.tests.conftest import check_model
from backtests.models import Backtest
from backtests.report.pdf import browser_path
from backtests.selectors import backtest_result

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# LEAN's BacktestResult model: the fields QuantConnect's API marks "required".
BACKTEST_RESULT_REQUIRED = {
    "name": str,
    "organizationId": str,
    "projectId": int,
    "completed": bool,
    "backtestId": str,
    "tradeableDates": int,
    "backtestStart": str,
    "backtestEnd": str,
    "created": str,
    "snapshotId": int,
    "status": str,
    "progress": (int, float),
    "charts": dict,
    "parameterSet": dict,
    "runtimeStatistics": dict,
    "statistics": dict,
    "totalPerformance": dict,
    "nodeName": str,
}
BACKTEST_RESULT_NULLABLE_ON_SUCCESS = ("error", "stacktrace")
# QuantConnect's Order model.
ORDER_FIELDS = (
    "Id",
    "ContingentId",
    "BrokerId",
    "Symbol",
    "Price",
    "PriceCurrency",
    "Time",
    "CreatedTime",
    "LastFillTime",
    "LastUpdateTime",
    "CanceledTime",
    "Quantity",
    "Type",
    "Status",
    "Tag",
    "SecurityType",
    "Direction",
    "Value",
    "OrderSubmissionData",
    "IsMarketable",
)


@pytest.fixture
def finished(api, api_project, bt_settings):
    compile_id = api.ok("compile/create", {"projectId": api_project.id})["compileId"]
    created = api.ok(
        "backtests/create",
        {
            "projectId": api_project.id,
            "compileId": compile_id,
            "backtestName": "Api run",
            "parameters": {"fast": 20},
        },
    )
    check_model(created, "BacktestResponse")
    assert created["debugging"] is False
    return created["backtest"]["backtestId"]


def test_backtest_lifecycle(api, api_project, finished):
    data = api.ok("backtests/read", {"projectId": api_project.id, "backtestId": finished})
    check_model(data, "BacktestResponse")
    backtest = data["backtest"]
    for name, kind in BACKTEST_RESULT_REQUIRED.items():
        assert isinstance(backtest[name], kind), name
    for name in BACKTEST_RESULT_NULLABLE_ON_SUCCESS:
        assert backtest[name] is None  # the lean CLI prints statistics only when both are null
    assert backtest["status"] == "Completed." and backtest["completed"] is True
    assert backtest["progress"] == 1.0
    assert backtest["parameterSet"] == {"fast": "20"}
    assert backtest["statistics"]["Total Orders"] == str(
        Backtest.objects.get(backtest_id=finished).total_orders
    )
    assert backtest["totalPerformance"]["tradeStatistics"]
    assert "Strategy Equity" in backtest["charts"]
    assert backtest["backtestStart"].startswith("2024-01-02")
    # Hand count, 2024-01-02..2024-02-28 on NYSE: January's 23 weekdays less New Year's Day and
    # Martin Luther King Day (21), February 1-28's 20 weekdays less Presidents' Day (19).
    assert backtest["tradeableDates"] == 21 + 19

    listed = api.ok("backtests/list", {"projectId": api_project.id, "includeStatistics": False})
    check_model(listed, "BacktestList")
    assert [b["backtestId"] for b in listed["backtests"]] == [finished] and listed["count"] == 1
    assert listed["backtests"][0]["statistics"] is None
    # backtests/read without a backtest id lists too (QuantConnect's API: "When provided").
    assert api.ok("backtests/read", {"projectId": api_project.id})["backtests"][0]["statistics"]

    api.ok(
        "backtests/update",
        {"projectId": api_project.id, "backtestId": finished, "name": "Renamed", "note": "Good"},
    )
    row = Backtest.objects.get(backtest_id=finished)
    assert (row.name, row.note) == ("Renamed", "Good")

    orders = api.ok(
        "backtests/read/orders",
        {"projectId": api_project.id, "backtestId": finished, "start": 0, "end": 2},
    )
    check_model(orders, "BacktestOrdersResponse")
    assert orders["Length"] == len(orders["Orders"]) == min(2, row.total_orders)
    first = orders["Orders"][0]
    assert set(ORDER_FIELDS) <= set(first)
    assert first["Id"] == 1 and first["Type"] == "Market" and first["Direction"] in ("Buy", "Sell")
    assert first["Symbol"]["Value"] == "SPY"
    later = api.ok(
        "backtests/orders/read",
        {"projectId": api_project.id, "backtestId": finished, "start": 1, "end": 3},
    )
    assert later["Orders"][0]["Id"] == 2
    assert "end - start" in api.refused(
        "backtests/read/orders",
        {"projectId": api_project.id, "backtestId": finished, "start": 0, "end": 150},
    )

    portfolio = api.ok(
        "backtests/read/portfolio", {"projectId": api_project.id, "backtestId": finished}
    )
    check_model(portfolio, "BacktestPortfolioResponse")
    cash = portfolio["portfolio"]["Cash"]["USD"]
    check_model(cash, "Cash")
    for holding in portfolio["portfolio"]["Holdings"].values():
        check_model(holding, "Holding")
    # what the engine wrote at the end of the run, not a replay of the fills
    document = backtest_result(Backtest.objects.get(backtest_id=finished))
    assert cash["Amount"] == document["cash"]["USD"]["amount"]
    open_positions = {h["symbol"]["id"]: h for h in document["holdings"].values() if h["quantity"]}
    # keyed by the SecurityIdentifier string, as LEAN keys holdings
    assert set(portfolio["portfolio"]["Holdings"]) == set(open_positions)
    for sid, holding in portfolio["portfolio"]["Holdings"].items():
        assert holding["Symbol"]["ID"] == sid
        assert holding["MarketValue"] == open_positions[sid]["marketValue"]
        assert holding["Quantity"] == open_positions[sid]["quantity"]

    chart = api.ok(
        "backtests/chart/read",
        {"projectId": api_project.id, "backtestId": finished, "name": "Strategy Equity"},
    )
    assert chart["chart"]
    log = api.ok(
        "backtests/read/log",
        {"projectId": api_project.id, "backtestId": finished, "start": 0, "end": 5},
    )
    assert isinstance(log["logs"], list) and log["length"] >= len(log["logs"])

    if browser_path() is not None or os.environ.get("CI", "").lower() == "true":
        report = api.ok(
            "backtests/read/report", {"projectId": api_project.id, "backtestId": finished}
        )
        check_model(report, "BacktestReport")
        assert "<html" in report["report"] and "Key Statistics" in report["report"]
        assert "data:image/svg+xml;base64," in report["report"]
        again = api.ok(
            "reports/backtest/read", {"projectId": api_project.id, "backtestId": finished}
        )
        assert again["report"] == report["report"]

    api.ok("backtests/delete", {"projectId": api_project.id, "backtestId": finished})
    assert not Backtest.objects.filter(backtest_id=finished).exists()
    assert "backtestId" in api.refused(
        "backtests/read", {"projectId": api_project.id, "backtestId": finished}
    )


def test_runtime_error_has_error_and_stacktrace(api, api_project, bt_settings):
    api.ok(
        "files/update",
        {
            "projectId": api_project.id,
            "fileName": "main.py",
            "newFileContents": (
                "from AlgorithmImports import *\n\nclass Crashy(QCAlgorithm):\n"
                "    def initialize(self):\n        self.set_start_date(2024, 1, 2)\n"
                "        self.set_end_date(2024, 1, 10)\n        self.add_equity('SPY', Resolution.DAILY)\n\n"
                "    def on_data(self, data):\n        return {}['missing']\n"
            ),
        },
    )
    compile_id = api.ok("compile/create", {"projectId": api_project.id})["compileId"]
    backtest_id = api.ok(
        "backtests/create",
        {"projectId": api_project.id, "compileId": compile_id, "backtestName": "Crash"},
    )["backtest"]["backtestId"]
    backtest = api.ok("backtests/read", {"projectId": api_project.id, "backtestId": backtest_id})[
        "backtest"
    ]
    assert backtest["status"] == "Runtime Error" and backtest["completed"] is True
    assert "KeyError" in (backtest["error"] or "") + (backtest["stacktrace"] or "")
    refused = api.refused(
        "backtests/read/report", {"projectId": api_project.id, "backtestId": backtest_id}
    )
    assert "completed backtests" in refused


def test_create_refuses_failed_or_unknown_compiles(api, api_project, bt_settings):
    assert "compileId" in api.refused(
        "backtests/create", {"projectId": api_project.id, "compileId": "nope", "backtestName": "x"}
    )
    api.ok(
        "files/update",
        {"projectId": api_project.id, "fileName": "main.py", "newFileContents": "def broken(:\n"},
    )
    compile_id = api.ok("compile/create", {"projectId": api_project.id})["compileId"]
    message = api.refused(
        "backtests/create",
        {"projectId": api_project.id, "compileId": compile_id, "backtestName": "x"},
    )
    assert "build failed" in message
    assert "backtestName is required." == api.refused(
        "backtests/create", {"projectId": api_project.id, "compileId": compile_id}
    )
    assert not Backtest.objects.exists()


def test_backtests_of_other_organizations_are_not_found(
    api, outsider_api, api_project, finished, outsider
):
    from accounts.selectors import personal_organization
    from projects.services import project_create

    for endpoint in (
        "backtests/read",
        "backtests/update",
        "backtests/delete",
        "backtests/read/orders",
        "backtests/read/portfolio",
        "backtests/read/report",
        "backtests/list",
    ):
        payload = {"projectId": api_project.id, "backtestId": finished, "name": "Hijacked"}
        assert (
            outsider_api.refused(endpoint, payload)
            == f"projectId {api_project.id}: no such project."
        ), endpoint
    # Their own project with our backtest id: still not found.
    theirs = project_create(
        organization=personal_organization(outsider), owner=outsider, name="Theirs"
    )
    message = outsider_api.refused(
        "backtests/read", {"projectId": theirs.id, "backtestId": finished}
    )
    assert message == f"backtestId '{finished}': no such backtest in project {theirs.id}."
    assert Backtest.objects.get(backtest_id=finished).name == "Api run"


FRAMEWORK = (
    "from AlgorithmImports import *\n\n"
    "class Framework(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.set_start_date(2024, 1, 2)\n"
    "        self.set_end_date(2024, 1, 12)\n"
    "        self.add_equity('SPY', Resolution.DAILY)\n"
    "        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(days=1)))\n"
    "        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())\n"
    "        self.set_execution(ImmediateExecutionModel())\n"
)


def test_insights_of_a_framework_backtest_are_read_in_pages(api, api_project, bt_settings):
    api.ok(
        "files/update",
        {"projectId": api_project.id, "fileName": "main.py", "newFileContents": FRAMEWORK},
    )
    compile_id = api.ok("compile/create", {"projectId": api_project.id})["compileId"]
    backtest_id = api.ok(
        "backtests/create",
        {"projectId": api_project.id, "compileId": compile_id, "backtestName": "Framework"},
    )["backtest"]["backtestId"]
    ids = {"projectId": api_project.id, "backtestId": backtest_id}
    assert api.ok("backtests/read", ids)["backtest"]["status"] == "Completed."

    everything = api.ok("backtests/read/insights", ids)
    check_model(everything, "BacktestInsightsResponse")
    assert everything["length"] == len(everything["insights"]) >= 5
    first = everything["insights"][0]
    assert first["ticker"] == "SPY" and first["direction"] == 1 and first["sourceModel"]
    assert first["closeTime"] > first["generatedTime"]

    page = api.ok("backtests/read/insights", {**ids, "start": 1, "end": 3})
    assert (
        page["insights"] == everything["insights"][1:3] and page["length"] == everything["length"]
    )
    assert "end - start" in api.refused("backtests/read/insights", {**ids, "start": 0, "end": 101})


def test_tradeable_dates_of_older_documents_count_days_not_equity_samples():
    from api.backtests import tradeable_dates as tradeable_dates_of

    day = 1704205800  # 2024-01-02 14:30 UTC
    samples = [[day + minutes * 60, 100.0] for minutes in range(0, 390, 30)]  # 13 on one day
    samples += [[day + 86400, 101.0], [day + 86400 + 3600, 101.5], [day + 3 * 86400, 99.0]]
    result = {"charts": {"Strategy Equity": {"series": {"Equity": {"values": samples}}}}}
    assert tradeable_dates_of(result) == 3
    assert tradeable_dates_of({**result, "tradeableDates": 40}) == 40
