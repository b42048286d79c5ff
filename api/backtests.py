"""QuantConnect REST API v2, Backtest Management (LEAN's BacktestResult response models):
backtests/create|read|update|delete, backtests/list, backtests/read/portfolio,
backtests/read/orders (also at the lean CLI's backtests/orders/read), backtests/chart/read and
backtests/read/log. Runs go through `backtests.services` (the Huey queue)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import Http404

from api.common import iso, project_for
from api.registry import ApiError, Call, Field, endpoint, model
from backtests.models import Backtest
from backtests.selectors import (
    backtest_list_for_project,
    backtest_log,
    backtest_optimization,
    backtest_result,
    get_backtest_for_user,
)
from backtests.services import (
    backtest_create,
    backtest_delete,
    backtest_update,
)
from engine.model.enums import OrderDirection, OrderStatus, OrderType, SecurityType
from projects.models import Compile

SECTION = "Backtest management"
PROJECT_ID = Field("projectId", "integer", "Id of the project.", required=True)
BACKTEST_ID = Field("backtestId", "string", "Id of the backtest.", required=True)
MAX_ORDERS_PAGE = 100
MAX_INSIGHTS_PAGE = 100

# The "status" enum of QuantConnect's backtest model.
STATUS = {
    Backtest.Status.QUEUED: "In Queue...",
    Backtest.Status.RUNNING: "In Progress...",
    Backtest.Status.COMPLETED: "Completed.",
    Backtest.Status.RUNTIME_ERROR: "Runtime Error",
    Backtest.Status.CANCELLED: "Runtime Error",
}

model(
    "ResearchGuide",
    "A power gauge for backtests, time and parameters to estimate the overfitting risk.",
    [
        Field("minutes", "integer", "Number of minutes used in developing the current backtest."),
        Field("backtestCount", "integer", "The quantity of backtests run in the project."),
        Field("parameters", "integer", "Number of parameters detected."),
    ],
)
model(
    "BacktestResult",
    "Results object class. Results are exhaust from backtest or live algorithms running in LEAN.",
    [
        Field("note", "string", "Note on the backtest attached by the user."),
        Field("name", "string", "Name of the backtest.", required=True),
        Field("organizationId", "string", "The Id of the organization.", required=True),
        Field("projectId", "integer", "Id of the project.", required=True),
        Field(
            "completed", "boolean", "Boolean true when the backtest is completed.", required=True
        ),
        Field(
            "optimizationId",
            "string",
            "Optimization task ID, if part of an optimization.",
            nullable=True,
        ),
        Field("backtestId", "string", "Assigned backtest ID.", required=True),
        Field(
            "tradeableDates", "integer", "Number of tradeable days in the backtest.", required=True
        ),
        Field("researchGuide", "ResearchGuide", "Overfitting gauge."),
        Field(
            "backtestStart",
            "date-time",
            "The starting time of the backtest.",
            required=True,
            nullable=True,
        ),
        Field(
            "backtestEnd",
            "date-time",
            "The ending time of the backtest.",
            required=True,
            nullable=True,
        ),
        Field("created", "date-time", "Backtest creation date and time.", required=True),
        Field("snapshotId", "integer", "Snapshot Id of this backtest result.", required=True),
        Field(
            "status",
            "string",
            "Status of the backtest.",
            required=True,
            enum=tuple(dict.fromkeys(STATUS.values())),
        ),
        Field(
            "error",
            "string",
            "Backtest error message (null when none).",
            required=True,
            nullable=True,
        ),
        Field(
            "stacktrace",
            "string",
            "Backtest error stacktrace (null when none).",
            required=True,
            nullable=True,
        ),
        Field("progress", "number", "Progress of the backtest in percent 0-1.", required=True),
        Field("hasInitializeError", "boolean", "The backtest failed during initialization."),
        Field("charts", "object", "Chart names ({name: {name}}).", required=True),
        Field("parameterSet", "object", "Parameters used in the backtest.", required=True),
        Field("rollingWindow", "object", "Rolling window detailed statistics."),
        Field(
            "runtimeStatistics",
            "object",
            "Runtime banner statistics (label -> text).",
            required=True,
            nullable=True,
        ),
        Field("statistics", "object", "Statistics (label -> text).", required=True, nullable=True),
        Field(
            "totalPerformance",
            "object",
            "TradeStatistics, PortfolioStatistics and closed trades.",
            required=True,
            nullable=True,
        ),
        Field("nodeName", "string", "The backtest node name.", required=True),
        Field(
            "outOfSampleMaxEndDate", "date-time", "End date of out of sample data.", nullable=True
        ),
        Field("outOfSampleDays", "integer", "Number of days of out of sample days."),
        Field("analysis", "array", "Analyses of the result.", items="object"),
    ],
)
model(
    "BacktestResponse",
    "Response carrying one backtest.",
    [
        Field("backtest", "BacktestResult", "The backtest.", required=True),
        Field(
            "debugging",
            "boolean",
            "Indicates if the backtest is run under debugging mode.",
            required=True,
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "BacktestList",
    "Collection container for a list of backtests for a project.",
    [
        Field(
            "backtests",
            "array",
            "The backtests, newest first.",
            required=True,
            items="BacktestResult",
        ),
        Field("count", "integer", "Number of backtests.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "Symbol",
    "Represents a unique security identifier.",
    [
        Field("Value", "string", "The current symbol for this ticker.", required=True),
        Field("ID", "string", "The security identifier for this symbol.", required=True),
        Field("Permtick", "string", "The current symbol for this ticker.", required=True),
    ],
)
model(
    "OrderSubmissionData",
    "Stores time and price information available at the time an order was submitted.",
    [
        Field("BidPrice", "number", "The bid price at an order submission time.", nullable=True),
        Field("AskPrice", "number", "The ask price at an order submission time.", nullable=True),
        Field(
            "LastPrice", "number", "The current price at an order submission time.", nullable=True
        ),
    ],
)
model(
    "Order",
    "Order struct for placing new trade.",
    [
        Field("Id", "integer", "Order ID.", required=True),
        Field(
            "ContingentId",
            "integer",
            "Order Id to process before processing this order.",
            required=True,
        ),
        Field("BrokerId", "array", "Brokerage Ids.", required=True, items="string"),
        Field("Symbol", "Symbol", "The security.", required=True),
        Field("Price", "number", "Price of the Order.", required=True),
        Field("PriceCurrency", "string", "Currency for the order price.", required=True),
        Field("Time", "date-time", "The utc time the order was created.", required=True),
        Field("CreatedTime", "date-time", "Alias for Time.", required=True),
        Field("LastFillTime", "date-time", "The utc time of the last fill.", nullable=True),
        Field("LastUpdateTime", "date-time", "The utc time of the last update.", nullable=True),
        Field("CanceledTime", "date-time", "The utc time the order was canceled.", nullable=True),
        Field("Quantity", "number", "Number of shares to execute.", required=True),
        Field("Type", "string", "Order type.", required=True),
        Field("Status", "string", "Status of the Order.", required=True),
        Field("Tag", "string", "Tag the order with some custom data.", required=True),
        Field("SecurityType", "string", "Type of tradable security.", required=True),
        Field(
            "Direction",
            "string",
            "Direction of the order.",
            required=True,
            enum=("Buy", "Sell", "Hold"),
        ),
        Field("Value", "number", "The executed value of this order.", required=True),
        Field("OrderSubmissionData", "OrderSubmissionData", "Prices at submission.", required=True),
        Field(
            "IsMarketable",
            "boolean",
            "Returns true if the order is a marketable order.",
            required=True,
        ),
    ],
)
model(
    "BacktestOrdersResponse",
    "Contains orders and the number of orders of the backtest in the request criteria.",
    [
        Field("Orders", "array", "The orders from start to end.", required=True, items="Order"),
        Field("Length", "integer", "Total number of returned orders.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "Holding",
    "A holding at the end of the backtest.",
    [
        Field("Symbol", "Symbol", "The security.", required=True),
        Field("Type", "string", "Type of tradable security.", required=True),
        Field("CurrencySymbol", "string", "The currency symbol of the holding.", required=True),
        Field("AveragePrice", "number", "Average price of the holding.", required=True),
        Field("Quantity", "number", "Quantity held.", required=True),
        Field(
            "MarketPrice",
            "number",
            "Market price at the end (null when not recorded).",
            nullable=True,
        ),
        Field(
            "ConversionRate", "number", "Conversion rate into the account currency.", required=True
        ),
        Field(
            "MarketValue",
            "number",
            "Market value at the end (null when not recorded).",
            nullable=True,
        ),
        Field("UnrealizedPnl", "number", "Unrealized P/L (null when not recorded).", nullable=True),
    ],
)
model(
    "Cash",
    "Represents a holding of a currency in cash.",
    [
        Field("Symbol", "string", "Gets the symbol used to represent this cash.", required=True),
        Field("Amount", "number", "Gets or sets the amount of cash held.", required=True),
        Field(
            "ConversionRate",
            "number",
            "The currency conversion rate to the account base currency.",
            required=True,
        ),
        Field("CurrencySymbol", "string", "The symbol of the currency, such as $.", required=True),
        Field(
            "ValueInAccountCurrency",
            "number",
            "The value of the cash in the account currency.",
            required=True,
        ),
    ],
)
model(
    "Portfolio",
    "Holdings (by ticker) and cash (by currency) at the end of the backtest.",
    [
        Field("Holdings", "object", "Ticker -> Holding.", required=True),
        Field("Cash", "object", "Currency -> Cash.", required=True),
    ],
)
model(
    "BacktestPortfolioResponse",
    "Contains holdings and cash of the backtest instance.",
    [
        Field("portfolio", "Portfolio", "The portfolio state.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)
model(
    "BacktestChartResponse",
    "One chart of a backtest.",
    [
        Field("chart", "object", "The chart: name and series.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "BacktestLogResponse",
    "Log lines of a backtest.",
    [
        Field("logs", "array", "The lines from start to end.", required=True, items="string"),
        Field("length", "integer", "Total number of log lines.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)


def backtest_for(call: Call, *, write: bool = False) -> tuple[Any, Backtest]:
    project = project_for(call.user, call.get("projectId"), write=write)
    backtest_id = call.get("backtestId")
    try:
        backtest = get_backtest_for_user(call.user, backtest_id, write=write)
    except Http404:
        backtest = None
    if backtest is None or backtest.project_id != project.id:
        raise ApiError(f"backtestId {backtest_id!r}: no such backtest in project {project.id}.")
    return project, backtest


def _start_end(result: dict) -> tuple[str | None, str | None]:
    config = result.get("algorithmConfiguration") or {}

    def fmt(text: Any) -> str | None:
        if not text:
            return None
        return str(text).replace(" ", "T") + ("" if str(text).endswith("Z") else "Z")

    return fmt(config.get("startDate")), fmt(config.get("endDate"))


def tradeable_dates(result: dict) -> int:
    """The engine's count of trading days (``tradeableDates`` of its result). Documents written
    before the engine counted them: the distinct days of the daily equity samples (their x is
    epoch seconds, so each sample is turned into its date, not counted as one)."""
    if isinstance(result.get("tradeableDates"), int):
        return result["tradeableDates"]
    series = ((result.get("charts") or {}).get("Strategy Equity") or {}).get("series") or {}
    days = set()
    for point in (series.get("Equity") or {}).get("values") or []:
        x = point[0] if isinstance(point, list | tuple) else (point or {}).get("x")
        if isinstance(x, int | float):
            days.add(datetime.fromtimestamp(x, tz=UTC).date())
        elif x:
            days.add(str(x)[:10])
    return len(days)


def backtest_json(backtest: Backtest, *, statistics: bool = True) -> dict:
    result = (
        backtest_result(backtest)
        if backtest.status == Backtest.Status.COMPLETED or statistics
        else {}
    )
    completed = backtest.is_finished
    error = backtest.error or None
    stacktrace = backtest.stacktrace or None
    if backtest.status == Backtest.Status.CANCELLED and not error:
        error = "The backtest was cancelled."
    start, end = _start_end(result)
    optimization = backtest_optimization(backtest)
    data: dict[str, Any] = {
        "note": backtest.note,
        "name": backtest.name,
        "organizationId": str(backtest.organization_id),
        "projectId": backtest.project_id,
        "completed": completed,
        "optimizationId": optimization.optimization_id if optimization else None,
        "backtestId": backtest.backtest_id,
        "tradeableDates": tradeable_dates(result),
        "researchGuide": {
            "minutes": 0,
            "backtestCount": Backtest.objects.filter(project_id=backtest.project_id).count(),
            "parameters": len(backtest.parameters or {}),
        },
        "backtestStart": start,
        "backtestEnd": end,
        "created": iso(backtest.created),
        "snapshotId": backtest.pk,
        "status": STATUS.get(backtest.status, backtest.status),
        "error": error,
        "stacktrace": stacktrace,
        "progress": float(backtest.progress or 0.0),
        "hasInitializeError": bool(error) and not result.get("statistics"),
        "charts": {name: {"name": name} for name in (result.get("charts") or {})},
        "parameterSet": dict(backtest.parameters or {}),
        "rollingWindow": result.get("rollingWindow") or {},
        "runtimeStatistics": result.get("runtimeStatistics") if statistics else None,
        "statistics": result.get("statistics") if statistics else None,
        "totalPerformance": result.get("totalPerformance") if statistics else None,
        "nodeName": "qcweb",
        "outOfSampleMaxEndDate": None,
        "outOfSampleDays": 0,
        "analysis": [],
    }
    return data


@endpoint(
    "backtests/create",
    section=SECTION,
    summary="Queue a backtest of a successful compile of the project.",
    request=[
        Field("projectId", "integer", "Id of the project to backtest.", required=True),
        Field("compileId", "string", "Compile Id for the project to backtest.", required=True),
        Field("backtestName", "string", "Name for the new backtest.", required=True),
        Field(
            "parameters", "object", "Parameters to use for the backtest (default: the project's)."
        ),
    ],
    response="BacktestResponse",
)
def backtests_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    compile_ = Compile.objects.filter(project=project, compile_id=call.get("compileId")).first()
    if compile_ is None:
        raise ApiError(f"compileId {call.get('compileId')!r}: no such compile of this project.")
    if not compile_.succeeded:
        raise ApiError(
            f"compileId {call.get('compileId')!r}: the build failed; fix the errors and compile again."
        )
    parameters = call.get("parameters")
    if parameters is not None:
        for key, value in parameters.items():
            if isinstance(value, dict | list) or value is None:
                raise ApiError(f"parameters[{key}] must be a string or a number.")
    backtest = backtest_create(
        project=project, user=call.user, name=call.get("backtestName"), parameters=parameters
    )
    return {"backtest": backtest_json(backtest), "debugging": False}


@endpoint(
    "backtests/read",
    section=SECTION,
    summary="Read one backtest's status and results; without backtestId, list the project's backtests.",
    request=[
        PROJECT_ID,
        Field("backtestId", "string", "When provided, specific backtest Id to read."),
    ],
    response="BacktestResponse",
)
def backtests_read(call: Call) -> dict:
    if not call.get("backtestId"):
        return backtests_list(call)
    _, backtest = backtest_for(call)
    return {"backtest": backtest_json(backtest), "debugging": False}


@endpoint(
    "backtests/list",
    section=SECTION,
    summary="List the backtests of a project, newest first.",
    request=[
        PROJECT_ID,
        Field(
            "includeStatistics", "boolean", "Include statistics of each backtest (default true)."
        ),
    ],
    response="BacktestList",
)
def backtests_list(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    statistics = call.get("includeStatistics", True)
    backtests = [
        backtest_json(b, statistics=statistics) for b in backtest_list_for_project(project)
    ]
    return {"backtests": backtests, "count": len(backtests)}


@endpoint(
    "backtests/update",
    section=SECTION,
    summary="Rename a backtest and/or change its note.",
    request=[
        Field(
            "projectId", "integer", "Project Id for the backtest we want to update.", required=True
        ),
        Field("backtestId", "string", "Backtest Id we want to update.", required=True),
        Field("name", "string", "Name we'd like to assign to the backtest."),
        Field("note", "string", "Note attached to the backtest."),
    ],
)
def backtests_update(call: Call) -> dict:
    _, backtest = backtest_for(call, write=True)
    if not call.has("name") and not call.has("note"):
        raise ApiError("name or note is required.")
    if call.has("name") and not (call.get("name") or "").strip():
        raise ApiError("name must not be empty.")
    backtest_update(backtest=backtest, name=call.get("name"), note=call.get("note"))
    return {}


@endpoint(
    "backtests/delete",
    section=SECTION,
    summary="Delete a backtest (a running one is cancelled first).",
    request=[
        Field(
            "projectId", "integer", "Project Id for the backtest we want to delete.", required=True
        ),
        Field("backtestId", "string", "Backtest Id we want to delete.", required=True),
    ],
)
def backtests_delete(call: Call) -> dict:
    _, backtest = backtest_for(call, write=True)
    backtest_delete(backtest=backtest)
    return {}


def _pascal(enum, value: Any) -> str:
    try:
        name = enum(int(value)).name
    except (TypeError, ValueError):
        return str(value)
    return "".join(part.title() for part in name.split("_"))


def order_json(order: dict) -> dict:
    symbol = order.get("symbol") or {}
    submission = order.get("orderSubmissionData") or {}
    return {
        "Id": int(order.get("id", 0)),
        "ContingentId": int(order.get("contingentId", 0) or 0),
        "BrokerId": [str(b) for b in order.get("brokerId") or []],
        "Symbol": {
            "Value": symbol.get("value", ""),
            "ID": symbol.get("id", ""),
            "Permtick": symbol.get("permtick", symbol.get("value", "")),
        },
        "Price": float(order.get("price") or 0.0),
        "PriceCurrency": order.get("priceCurrency") or "USD",
        "Time": order.get("time"),
        "CreatedTime": order.get("createdTime") or order.get("time"),
        "LastFillTime": order.get("lastFillTime"),
        "LastUpdateTime": order.get("lastUpdateTime"),
        "CanceledTime": order.get("canceledTime"),
        "Quantity": float(order.get("quantity") or 0.0),
        "Type": _pascal(OrderType, order.get("type")),
        "Status": _pascal(OrderStatus, order.get("status")),
        "Tag": order.get("tag") or "",
        "SecurityType": _pascal(SecurityType, order.get("securityType")),
        "Direction": _pascal(OrderDirection, order.get("direction")),
        "Value": float(order.get("value") or 0.0),
        "OrderSubmissionData": {
            "BidPrice": submission.get("bidPrice"),
            "AskPrice": submission.get("askPrice"),
            "LastPrice": submission.get("lastPrice"),
        },
        "IsMarketable": bool(order.get("isMarketable", False)),
    }


def _finished_result(backtest: Backtest) -> dict:
    if backtest.status != Backtest.Status.COMPLETED:
        raise ApiError(
            f"backtestId {backtest.backtest_id!r}: the backtest has no results yet (status {backtest.get_status_display()})."
        )
    return backtest_result(backtest)


ORDERS_REQUEST = [
    Field(
        "start",
        "integer",
        "Starting index of the orders to be fetched (default 0). Required if end > 100.",
    ),
    Field(
        "end",
        "integer",
        f"Last index (exclusive) of the orders to be fetched; end - start must be at most {MAX_ORDERS_PAGE}.",
    ),
    PROJECT_ID,
    BACKTEST_ID,
]


def _page_bounds(call: Call, limit: int) -> tuple[int, int]:
    """The `start`/`end` slice of a paged read (end exclusive, at most `limit` items)."""
    start = call.get("start", 0)
    end = call.get("end", start + limit)
    if start < 0:
        raise ApiError("start must be 0 or more.")
    if end < start:
        raise ApiError("end must not be less than start.")
    if end - start > limit:
        raise ApiError(f"end - start must be at most {limit}.")
    return start, end


@endpoint(
    "backtests/read/orders",
    section=SECTION,
    summary=f"Read orders start..end (at most {MAX_ORDERS_PAGE} at a time) of a completed backtest.",
    request=ORDERS_REQUEST,
    response="BacktestOrdersResponse",
    aliases=("backtests/orders/read",),
)
def backtests_read_orders(call: Call) -> dict:
    start, end = _page_bounds(call, MAX_ORDERS_PAGE)
    _, backtest = backtest_for(call)
    raw = _finished_result(backtest).get("orders") or {}
    items = list(raw.values()) if isinstance(raw, dict) else list(raw)
    items.sort(key=lambda o: int(o.get("id", 0)))
    page = [order_json(o) for o in items[start:end]]
    return {"Orders": page, "Length": len(page)}


def portfolio_json(result: dict) -> dict:
    """The open holdings and the cash book at the end of the backtest, as the engine wrote them
    into the result document (`holdings`, `cash`), in the API's field names. Holdings are keyed
    by the symbol's SecurityIdentifier string as LEAN keys them (``GetHoldings`` of
    ``Engine/Results/LiveTradingResultHandler.cs``; the lean CLI reads a key without its
    `symbol` as `{"ID": key, "Value": key.split(" ")[0]}`): "ES VP274HSU1AF5" for ES21H14."""
    holdings = {}
    for key, holding in (result.get("holdings") or {}).items():
        if not holding.get("quantity"):
            continue
        symbol = holding.get("symbol") or {}
        holdings[symbol.get("id") or key] = {
            "Symbol": {
                "Value": symbol.get("value", ""),
                "ID": symbol.get("id", ""),
                "Permtick": symbol.get("permtick") or symbol.get("value", ""),
            },
            "Type": _pascal(SecurityType, holding.get("securityType", 1)),
            "CurrencySymbol": holding.get("currencySymbol", "$"),
            "AveragePrice": holding.get("averagePrice"),
            "Quantity": holding.get("quantity"),
            "MarketPrice": holding.get("marketPrice"),
            "ConversionRate": holding.get("conversionRate"),
            "MarketValue": holding.get("marketValue"),
            "UnrealizedPnl": holding.get("unrealizedPnl"),
        }
    cash = {
        currency: {
            "Symbol": entry.get("symbol", currency),
            "Amount": entry.get("amount"),
            "ConversionRate": entry.get("conversionRate"),
            "CurrencySymbol": entry.get("currencySymbol", ""),
            "ValueInAccountCurrency": entry.get("valueInAccountCurrency"),
        }
        for currency, entry in (result.get("cash") or {}).items()
    }
    return {"Holdings": holdings, "Cash": cash}


@endpoint(
    "backtests/read/portfolio",
    section=SECTION,
    summary="Read the holdings and cash at the end of a completed backtest.",
    request=[PROJECT_ID, BACKTEST_ID],
    response="BacktestPortfolioResponse",
)
def backtests_read_portfolio(call: Call) -> dict:
    _, backtest = backtest_for(call)
    return {"portfolio": portfolio_json(_finished_result(backtest))}


@endpoint(
    "backtests/chart/read",
    section=SECTION,
    summary="Read one chart of a completed backtest.",
    request=[
        PROJECT_ID,
        BACKTEST_ID,
        Field("name", "string", "Name of the chart (e.g. Strategy Equity).", required=True),
        Field("start", "integer", "Unused (the whole chart is returned)."),
        Field("end", "integer", "Unused."),
        Field("count", "integer", "Unused."),
    ],
    response="BacktestChartResponse",
)
def backtests_chart_read(call: Call) -> dict:
    _, backtest = backtest_for(call)
    charts = _finished_result(backtest).get("charts") or {}
    chart = charts.get(call.get("name"))
    if chart is None:
        raise ApiError(f"name {call.get('name')!r}: no such chart in this backtest.")
    return {"chart": chart}


@endpoint(
    "backtests/read/log",
    section=SECTION,
    summary="Read log lines start..end of a backtest.",
    request=[
        PROJECT_ID,
        BACKTEST_ID,
        Field("start", "integer", "First line (default 0)."),
        Field("end", "integer", "Last line, exclusive (default start + 1000)."),
        Field("query", "string", "Only lines containing this text."),
    ],
    response="BacktestLogResponse",
)
def backtests_read_log(call: Call) -> dict:
    _, backtest = backtest_for(call)
    lines = backtest_log(backtest).splitlines()
    query = (call.get("query") or "").strip()
    if query:
        lines = [line for line in lines if query in line]
    start = max(call.get("start", 0), 0)
    end = call.get("end", start + 1000)
    return {"logs": lines[start:end], "length": len(lines)}


model(
    "BacktestInsightsResponse",
    "Insights emitted by a backtest (Algorithm Framework alpha models or emit_insights).",
    [
        Field(
            "insights",
            "array",
            "The insights from start to end, in LEAN's serialized form.",
            required=True,
            items="object",
        ),
        Field("length", "integer", "Total number of insights of the backtest.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


@endpoint(
    "backtests/read/insights",
    section=SECTION,
    summary=f"Read insights start..end (at most {MAX_INSIGHTS_PAGE} at a time) of a completed backtest.",
    request=[
        PROJECT_ID,
        BACKTEST_ID,
        Field("start", "integer", "Starting index of the insights to be fetched (default 0)."),
        Field(
            "end",
            "integer",
            f"Last index (exclusive); end - start must be at most {MAX_INSIGHTS_PAGE}.",
        ),
    ],
    response="BacktestInsightsResponse",
)
def backtests_read_insights(call: Call) -> dict:
    start, end = _page_bounds(call, MAX_INSIGHTS_PAGE)
    _, backtest = backtest_for(call)
    insights = _finished_result(backtest).get("insights") or []
    return {"insights": insights[start:end], "length": len(insights)}
