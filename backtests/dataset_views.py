"""The Datasets pages: the market data the installation and the current organization have (its
own imports laid over the installation's LEAN folder, as its backtests read them), imports with a
progress bar and a report, and one symbol's coverage and daily price chart."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.selectors import current_organization
from backtests.charts import figure_layout
from backtests.data_library.models import DataImport
from backtests.data_library.selectors import (
    catalog_with_sources,
    data_import_list,
    data_sources,
    get_data_import_for_user,
    storage_summary,
)
from backtests.data_library.services import DataImportRefused, data_import_create
from backtests.datasets import RESOLUTIONS, daily_closes, symbol_datasets
from backtests.services.execution import ensure_data_dir

TABLE_OPTIONS = ("asset_class", "market", "symbol", "resolution", "data_type", "timezone")


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    sources = data_sources(organization, ensure_data_dir())
    catalog = catalog_with_sources(sources)
    asset_class = request.GET.get("asset_class", "")
    rows = [(s, d) for s, d in catalog if not asset_class or d.asset_class == asset_class]
    context = {
        "rows": rows,
        "organization": organization,
        "asset_classes": sorted({d.asset_class for _, d in catalog}),
        "asset_class": asset_class,
        "total_files": sum(d.files for _, d in rows),
        "total_size": sum(d.size for _, d in rows),
        "imports": data_import_list(organization) if organization else [],
        "storage": storage_summary(organization) if organization else None,
        "resolutions": RESOLUTIONS,
    }
    return render(request, "backtests/dataset_list.html", context)


@login_required
@require_POST
def dataset_import(request: HttpRequest) -> HttpResponse:
    organization = current_organization(request)
    if organization is None:
        raise Http404("No organization")
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", DataImport.Kind.TABLE)
    if upload is None:
        messages.error(request, "Choose a file to import.")
        return redirect("datasets:list")
    options = {name: request.POST.get(name, "") for name in TABLE_OPTIONS}
    try:
        record = data_import_create(
            organization=organization,
            user=request.user,
            kind=kind,
            upload=upload,
            options=options,
            map_file=request.FILES.get("map_file"),
            factor_file=request.FILES.get("factor_file"),
        )
    except DataImportRefused as exc:
        messages.error(request, f"Not imported: {exc}.")
        return redirect("datasets:list")
    return redirect(reverse("datasets:import", args=[record.pk]))


@login_required
def dataset_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    record = get_data_import_for_user(request.user, import_id)
    template = "backtests/dataset_import.html"
    if request.htmx:
        template += "#import-status"
    return render(request, template, {"record": record})


@login_required
def dataset_symbol(
    request: HttpRequest, asset_class: str, market: str, symbol: str
) -> HttpResponse:
    organization = current_organization(request)
    datasets = []
    seen = set()
    for source in data_sources(organization, ensure_data_dir()):
        for dataset in symbol_datasets(source.root, asset_class, market, symbol):
            if dataset.resolution in seen:
                continue  # the organization's files win, as in its backtests
            seen.add(dataset.resolution)
            datasets.append((source, dataset))
    if not datasets:
        raise Http404("No data for this symbol")
    order = {name: i for i, name in enumerate(RESOLUTIONS)}
    datasets.sort(key=lambda pair: order[pair[1].resolution])
    coverage = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": d.resolution,
                "x": sorted(str(day) for day in d.days),
                "y": [d.resolution] * len(d.days),
                "marker": {"symbol": "line-ns-open", "size": 12},
            }
            for _, d in datasets
        ],
        "layout": {
            **figure_layout("Days with data", height=80 + 40 * len(datasets)),
            "showlegend": False,
        },
    }
    figures = {"coverage": coverage}
    daily = next((pair for pair in datasets if pair[1].resolution == "daily"), None)
    if daily is not None:
        days, closes = daily_closes(daily[0].root, daily[1])
        if days:
            figures["price"] = {
                "data": [
                    {"type": "scatter", "mode": "lines", "name": "close", "x": days, "y": closes}
                ],
                "layout": figure_layout("Daily close (raw)", height=360),
            }
    return render(
        request,
        "backtests/dataset_symbol.html",
        {
            "asset_class": asset_class,
            "market": market,
            "symbol": symbol.upper(),
            "datasets": datasets,
            "figures": figures,
        },
    )
