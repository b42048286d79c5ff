"""Backtest pages. Every view starts with `get_backtest_for_user` or `get_project_for_user`."""

from __future__ import annotations

import csv
import gzip
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_etags, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.selectors import current_organization
from backtests import charts, conf, formatting, presenters, services
from backtests.data_library.selectors import datasets_used
from backtests.models import Backtest
from backtests.report import services as report_services
from backtests.selectors import (
    SORTS,
    backtest_list_for_project,
    backtest_list_for_user,
    backtest_log,
    backtest_optimization,
    backtest_result,
    exchange_time_zones,
    get_backtest_for_user,
    queue_position,
)
from backtests.services import page_data
from backtests.storage import RESULTS, output_open
from engine.statistics.rolling import ROLLING_MONTHS
from projects.selectors import get_project_for_user
from projects.services import ProjectError

TABS = (
    "overview",
    "orders",
    "trades",
    "holdings",
    "insights",
    "rolling",
    "logs",
    "code",
    "parameters",
)
TAB_LABELS = {"rolling": "Rolling statistics"}
MAX_INSIGHTS = 1000
ORDERS_PER_PAGE = 20
MAX_LOG_LINES = 5000
DETAIL = "backtests/backtest_detail.html"


def _sort_args(request: HttpRequest) -> tuple[str, str]:
    sort = request.GET.get("sort", "date")
    direction = request.GET.get("dir", "desc")
    return (sort if sort in SORTS else "date"), ("asc" if direction == "asc" else "desc")


def _next_url(request: HttpRequest) -> str | None:
    """The `next` field when it is a URL of this site (no open redirects)."""
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def _status_context(backtest: Backtest, *, live: bool = False) -> dict:
    return {
        "backtest": backtest,
        "queue_position": queue_position(backtest),
        "live": live,
        "can_write": getattr(backtest, "access", "read") != "read",
    }


# -- lists ----------------------------------------------------------------------------------------
@login_required
@require_GET
def backtest_list(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    if organization is None:
        raise Http404("No organization")
    sort, direction = _sort_args(request)
    backtests = backtest_list_for_user(request.user, organization, sort=sort, direction=direction)
    page = Paginator(backtests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backtests/backtest_list.html",
        {
            "organization": organization,
            "page": page,
            "backtests": page.object_list,
            "sort": sort,
            "dir": direction,
            "project": None,
        },
    )


@login_required
@require_GET
def recent_backtests(request: HttpRequest) -> HttpResponse:
    """The dashboard's card: the latest backtests of the current organization."""
    organization = current_organization(request)
    backtests = list(backtest_list_for_user(request.user, organization)[:5]) if organization else []
    return render(request, "backtests/_recent.html", {"backtests": backtests})


@login_required
@require_GET
def project_backtest_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    sort, direction = _sort_args(request)
    backtests = backtest_list_for_project(project, sort=sort, direction=direction)
    page = Paginator(backtests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backtests/backtest_list.html",
        {
            "organization": project.organization,
            "page": page,
            "backtests": page.object_list,
            "sort": sort,
            "dir": direction,
            "project": project,
        },
    )


@login_required
@require_GET
def project_panel(request: HttpRequest, project_id: int) -> HttpResponse:
    """The IDE's backtest panel: the Backtest button and the project's latest backtests."""
    project = get_project_for_user(request.user, project_id)
    backtests = list(backtest_list_for_project(project)[:10])
    return render(
        request,
        "backtests/_project_panel.html",
        {
            "project": project,
            "backtests": backtests,
            "any_active": any(b.is_active for b in backtests),
            "can_write": project.access != "read",
        },
    )


# -- create and actions ---------------------------------------------------------------------------
@login_required
@require_POST
def backtest_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    backtest = services.backtest_create(
        project=project, user=request.user, name=request.POST.get("name") or None
    )
    url = reverse("backtests:detail", args=[backtest.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def backtest_cancel(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id, write=True)
    services.backtest_cancel(backtest=backtest)
    backtest.access = getattr(backtest, "access", "owner")
    if request.htmx:
        return render(request, f"{DETAIL}#status", _status_context(backtest, live=True))
    return redirect("backtests:detail", backtest.pk)


@login_required
@require_POST
def backtest_update(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id, write=True)
    services.backtest_update(
        backtest=backtest, name=request.POST.get("name"), note=request.POST.get("note")
    )
    messages.success(request, "Backtest saved.")
    return redirect(_next_url(request) or reverse("backtests:detail", args=[backtest.pk]))


@login_required
@require_POST
def backtest_delete(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id, write=True)
    project_id = backtest.project_id
    name = backtest.name
    services.backtest_delete(backtest=backtest)
    messages.success(request, f"Deleted backtest {name}.")
    url = _next_url(request) or reverse("backtests:project_list", args=[project_id])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def backtest_restore(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id, write=True)
    get_project_for_user(request.user, backtest.project_id, write=True)
    try:
        services.backtest_restore(backtest=backtest)
    except ProjectError as exc:
        messages.error(request, f"Could not restore the code: {exc}")
        return redirect("backtests:detail", backtest.pk)
    messages.success(
        request, f"Restored the code and parameters of {backtest.name} to the project."
    )
    return redirect("projects:detail", backtest.project_id)


@login_required
@require_POST
def backtest_clone(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """A new project with the backtest's code and parameters (the user must be able to create
    projects in its organization: any member can)."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    try:
        project = services.backtest_clone_project(backtest=backtest, user=request.user)
    except ProjectError as exc:
        messages.error(request, f"Could not clone the backtest: {exc.message}")
        return redirect("backtests:detail", backtest.pk)
    messages.success(request, f"Created project {project.name} from {backtest.name}.")
    return redirect("projects:detail", project.pk)


@login_required
def backtest_share(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """The backtest's share link: create it, show it, revoke it (write access)."""
    backtest = get_backtest_for_user(request.user, backtest_id, write=request.method == "POST")
    can_write = getattr(backtest, "access", "read") != "read"
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.backtest_unshare(backtest=backtest)
            messages.success(request, "The share link is revoked: it no longer opens the backtest.")
        else:
            services.backtest_share(backtest=backtest)
        return redirect("backtests:share", backtest.pk)
    link = None
    if backtest.share_token:
        link = request.build_absolute_uri(reverse("backtests:shared", args=[backtest.share_token]))
    return render(
        request,
        "backtests/backtest_share.html",
        {"backtest": backtest, "link": link, "can_write": can_write},
    )


@require_GET
def backtest_shared(request: HttpRequest, token: str) -> HttpResponse:
    """The public read-only page of a shared backtest: its report (statistics and charts), no
    code, no log, no actions. A revoked or unknown token is a 404."""
    backtest = (
        Backtest.objects.select_related("project", "organization").filter(share_token=token).first()
        if token
        else None
    )
    if backtest is None:
        raise Http404("No such shared backtest.")
    context: dict = {"backtest": backtest, "reportable": report_services.reportable(backtest)}
    if context["reportable"]:
        context.update(report_services.report_context(backtest=backtest))
    context["shared"] = True
    response = render(request, "backtests/backtest_shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# -- results --------------------------------------------------------------------------------------
@login_required
@require_GET
def backtest_status(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """The live status fragment (polled every 2 s while the backtest is not finished)."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    return render(request, f"{DETAIL}#status", _status_context(backtest, live=True))


LOCATION = re.compile(r"in ([\w./-]+\.py): line (\d+)")
FILE_LINE = re.compile(r'File "([\w./-]+\.py)", line (\d+)')


def error_location(*texts: str) -> dict | None:
    """The user's file and line named in an engine error ("... in main.py: line 9", or a
    Python traceback line `File "main.py", line 4`)."""
    for text in texts:
        matches = LOCATION.findall(text or "") or FILE_LINE.findall(text or "")
        if matches:
            file, line = matches[-1]
            return {"file": file, "line": int(line)}
    return None


def _filtered_orders(request: HttpRequest, result: dict) -> dict:
    zones = exchange_time_zones(result)
    orders = presenters.orders(result, zones)
    symbols = sorted({o["symbol"] for o in orders})
    statuses = sorted({o["status"] for o in orders})
    symbol = request.GET.get("symbol", "")
    status = request.GET.get("status", "")
    if symbol:
        orders = [o for o in orders if o["symbol"] == symbol]
    if status:
        orders = [o for o in orders if o["status"] == status]
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "orders_page": page,
        "order_symbols": symbols,
        "order_statuses": statuses,
        "order_symbol": symbol,
        "order_status": status,
        "time_zone": formatting.zone_label(zones),
    }


def _detail_context(request: HttpRequest, backtest: Backtest, tab: str) -> dict:
    """What the page shows. The overview and the header read the small summary stored when the
    backtest ended (the figures come from `backtest_chart_data`); only the orders and trades
    tabs read the whole result document."""
    context = _status_context(backtest)
    context["tab"] = tab
    context["tabs"] = [(name, TAB_LABELS.get(name, name.capitalize())) for name in TABS]
    context["optimization"] = backtest_optimization(backtest)
    summary = page_data.page_summary(backtest=backtest)
    context["runtime_statistics"] = presenters.runtime_statistics(summary)
    context["has_result"] = bool(summary.get("hasResult"))
    context["insight_count"] = summary.get("insightCount", 0)
    context["error_location"] = error_location(backtest.error, backtest.stacktrace)
    if not backtest.is_finished:
        context.update(page_data.partial_context(backtest=backtest))
    # the overview's HTML is cached under this key (by the template); "" = not cached
    context["overview_etag"] = summary.get("etag", "")
    if tab == "overview" and context["has_result"]:
        # read only inside the overview's cached fragment: worked out when it is rendered, not
        # on every view of a page whose fragment comes from the cache (the datasets' folders
        # are looked up on disk)
        context["key_statistics"] = SimpleLazyObject(lambda: presenters.key_statistics(summary))
        context["statistics"] = SimpleLazyObject(lambda: presenters.statistics_table(summary))
        context["figures"] = summary.get("figures") or []
        context["datasets_used"] = SimpleLazyObject(
            lambda: datasets_used(backtest.organization, conf.data_dir(), summary)
        )
    elif tab == "orders":
        context.update(_filtered_orders(request, backtest_result(backtest)))
    elif tab == "trades":
        result = backtest_result(backtest)
        zones = exchange_time_zones(result)
        context["trades"] = presenters.closed_trades(result, zones)
        context["time_zone"] = formatting.zone_label(zones)
    elif tab == "holdings":
        result = backtest_result(backtest)
        context["holdings"] = presenters.holdings(result)
        context["cash"] = presenters.cash(result)
    elif tab == "insights":
        result = backtest_result(backtest)
        zones = exchange_time_zones(result)
        rows = presenters.insights(result, zones)
        context["insights"] = rows[:MAX_INSIGHTS]
        context["insights_total"] = len(rows)
        context["time_zone"] = formatting.zone_label(zones)
    elif tab == "rolling":
        months = request.GET.get("window", "")
        months = int(months) if months.isdigit() and int(months) in ROLLING_MONTHS else 1
        context["rolling_months"] = months
        context["rolling_choices"] = ROLLING_MONTHS
        context["rolling_rows"] = presenters.rolling_statistics(backtest_result(backtest), months)
    elif tab == "logs":
        text = backtest_log(backtest)
        lines = text.splitlines()
        context["log_truncated"] = len(lines) > MAX_LOG_LINES
        context["log_lines"] = lines[-MAX_LOG_LINES:]
    elif tab == "code":
        context["snapshot_files"] = sorted((backtest.snapshot.get("files") or {}).items())
    return context


@login_required
@require_GET
def backtest_detail(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id)
    tab = request.GET.get("tab", "overview")
    if tab not in TABS:
        tab = "overview"
    context = _detail_context(request, backtest, tab)
    if request.htmx and request.htmx.target == "backtest-tab":
        return render(request, f"{DETAIL}#tab_panel", context)
    if request.htmx and request.htmx.target == "orders-table":
        return render(request, f"{DETAIL}#orders_table", context)
    return render(request, DETAIL, context)


@login_required
@require_GET
def backtest_chart_data(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """Every figure of the results page as JSON, computed once when the backtest ended and sent
    as stored (gzip); its ETag answers a reload with 304. The page fetches it after its HTML."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    summary = page_data.page_summary(backtest=backtest)
    data = page_data.chart_data(backtest=backtest) if summary.get("etag") else None
    if data is None:
        raise Http404("No chart data")
    etag = f'"{summary["etag"]}"'
    cache = "private, max-age=86400"  # a finished backtest's charts never change
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(data), content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = cache
    response["Vary"] = "Accept-Encoding, Cookie"
    return response


@login_required
@require_GET
def backtest_log_download(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id)
    response = HttpResponse(backtest_log(backtest), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="backtest-{backtest.backtest_id}-log.txt"'
    )
    return response


@login_required
@require_GET
def backtest_orders_download(request: HttpRequest, backtest_id: int) -> HttpResponse:
    """The orders table as CSV, like QuantConnect's Download Orders: times in each symbol's
    exchange time zone as on the results page, the zone named in the header (and in a last
    column when the orders' exchanges are in different zones)."""
    backtest = get_backtest_for_user(request.user, backtest_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="backtest-{backtest.backtest_id}-orders.csv"'
    )
    result = backtest_result(backtest)
    zones = exchange_time_zones(result)
    orders = presenters.orders(result, zones)
    mixed = len({order["zone"] for order in orders}) > 1
    label = formatting.zone_label({str(order["id"]): order["zone"] for order in orders} or zones)
    writer = csv.writer(response)
    header = [f"Time ({label})", "Symbol", "Price", "Quantity", "Type", "Status", "Value", "Tag"]
    writer.writerow([*header, "Time Zone"] if mixed else header)
    for order in orders:
        row = [
            order["time"],
            order["symbol"],
            order["price"],
            order["quantity"],
            order["type"],
            order["status"],
            # price x quantity in floats: 387.51 x -257 is -99590.06999999999 unrounded
            round(order["value"], 10) if isinstance(order["value"], float) else order["value"],
            order["tag"],
        ]
        writer.writerow([*row, order["zone"]] if mixed else row)
    return response


@login_required
@require_GET
def backtest_results_download(request: HttpRequest, backtest_id: int) -> HttpResponse:
    backtest = get_backtest_for_user(request.user, backtest_id)
    handle = output_open(backtest, RESULTS)
    if handle is None:
        return JsonResponse({})
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"backtest-{backtest.backtest_id}-results.json",
        content_type="application/json",
    )


# -- compare --------------------------------------------------------------------------------------
@login_required
@require_GET
def backtest_compare(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    choices = (
        list(
            backtest_list_for_user(request.user, organization)
            .filter(status=Backtest.Status.COMPLETED)
            .select_related("project")[:200]
        )
        if organization
        else []
    )
    context: dict = {"choices": choices, "a": None, "b": None}
    a_id, b_id = request.GET.get("a"), request.GET.get("b")
    if a_id and b_id:
        a = get_backtest_for_user(request.user, a_id)
        b = get_backtest_for_user(request.user, b_id)
        ra, rb = backtest_result(a), backtest_result(b)
        context.update(
            {
                "a": a,
                "b": b,
                "rows": presenters.compare_statistics(ra, rb),
                "figure_json": charts.compare_equity_figure([(a.name, ra), (b.name, rb)]),
            }
        )
    return render(request, "backtests/backtest_compare.html", context)
