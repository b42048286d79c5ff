"""QuantConnect REST API v2 Reports: /backtests/read/report (also at /reports/backtest/read).

The report is the backtests app's (`backtests.report.services.report_html`): the same
self-contained HTML the PDF is printed from, cached with it. A backtest that is not completed, or
a server without the browser that draws the charts, answers the documented RequestFailedError
shape with the reason."""

from __future__ import annotations

from api.backtests import BACKTEST_ID, PROJECT_ID, backtest_for
from api.registry import ApiError, Call, Field, endpoint, model
from backtests.report.pdf import ReportRenderError
from backtests.report.services import report_html

SECTION = "Reports"

model(
    "BacktestReport",
    "Backtest Report Response wrapper.",
    [
        Field(
            "report",
            "string",
            "HTML data of the report with embedded base64 images.",
            required=True,
        ),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


@endpoint(
    "backtests/read/report",
    section=SECTION,
    summary="Read the HTML report of a completed backtest.",
    request=[PROJECT_ID, BACKTEST_ID],
    response="BacktestReport",
    aliases=("reports/backtest/read",),
)
def backtests_read_report(call: Call) -> dict:
    _, backtest = backtest_for(call)
    try:
        return {"report": report_html(backtest=backtest)}
    except ReportRenderError as exc:
        raise ApiError(f"backtestId {backtest.backtest_id!r}: {exc}") from exc
