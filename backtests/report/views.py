"""Report pages: the HTML report, its PDF, and the PDF button's state (polled while generating).

Every view starts with `get_backtest_for_user` (404 for other organizations)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from backtests.models import Backtest
from backtests.report import services
from backtests.selectors import get_backtest_for_user

BUTTON = "backtests/_report_pdf_button.html"


def _button(request: HttpRequest, backtest: Backtest, state: services.ReportState) -> HttpResponse:
    return render(
        request,
        BUTTON,
        {
            "backtest": backtest,
            "state": state,
            "download": request.GET.get("download") == "1",
            "small": request.GET.get("small") == "1",
        },
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id)
    context: dict = {"backtest": backtest, "reportable": services.reportable(backtest)}
    if context["reportable"]:
        context.update(services.report_context(backtest=backtest))
        context["state"] = services.report_state(backtest=backtest)
        context["description_hint"] = True
    return render(request, "backtests/report.html", context)


@login_required
@require_GET
def report_pdf_status(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """The PDF button. With ?download=1 (the user clicked), a ready PDF starts downloading (a
    hidden iframe in the ready button, so the page keeps its state)."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    return _button(request, backtest, services.report_state(backtest=backtest))


@login_required
@require_POST
def report_pdf_generate(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id)
    state = services.report_get_or_queue(backtest=backtest, force=True)
    request.GET = request.GET.copy()
    request.GET["download"] = "1"
    return _button(request, backtest, state)


@login_required
@require_GET
def report_pdf(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """The cached PDF; when it is missing or stale, queue it and say so on the report page."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    state = services.report_get_or_queue(backtest=backtest)
    handle = services.report_pdf_open(backtest=backtest) if state.ready else None
    if handle is not None:
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"backtest-{backtest.backtest_id}-report.pdf",
            content_type="application/pdf",
        )
    if state.failed:
        messages.error(request, f"The PDF report could not be generated: {state.error}")
    elif state.generating:
        messages.info(request, "The report is being generated; download it again in a few seconds.")
    return redirect("backtests:report", backtest.pk)
