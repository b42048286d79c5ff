"""Seed 000 14.8 Reports: /backtests/read/report (also at /reports/backtest/read).

The report feature belongs to the backtests app (a later issue). Until it provides
`backtests.services.backtest_report_html(backtest) -> str`, this endpoint answers the documented
RequestFailedError shape saying the report is not available yet; it never makes one up."""

from __future__ import annotations

from api.backtests import BACKTEST_ID, PROJECT_ID, backtest_for
from api.registry import ApiError, Call, Field, endpoint, model

SECTION = "Reports"

model(
    "BacktestReport",
    "Backtest Report Response wrapper.",
    [
        Field("report", "string", "HTML data of the report with embedded base64 images.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
        Field("errors", "array", "List of errors with the API call.", items="string"),
    ],
)


def _report_builder():
    from backtests import services

    return getattr(services, "backtest_report_html", None)


@endpoint(
    "backtests/read/report",
    section=SECTION,
    summary="Read the HTML report of a completed backtest.",
    request=[PROJECT_ID, BACKTEST_ID],
    response="BacktestReport",
    aliases=("reports/backtest/read",),
    seed="000 14.8.1",
)
def backtests_read_report(call: Call) -> dict:
    _, backtest = backtest_for(call)
    builder = _report_builder()
    if builder is None:
        raise ApiError(
            f"The report of backtest {backtest.backtest_id} is not available yet: backtest "
            "reports are not built on this server yet."
        )
    if backtest.status != backtest.Status.COMPLETED:
        raise ApiError(f"backtestId {backtest.backtest_id!r}: reports exist only for completed backtests.")
    return {"report": builder(backtest)}
