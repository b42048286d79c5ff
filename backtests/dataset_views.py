"""The Datasets pages: the market data the installation has (the LEAN folder backtests read),
and one symbol's coverage and daily price chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from backtests.charts import figure_layout
from backtests.datasets import RESOLUTIONS, daily_closes, dataset_catalog, symbol_datasets
from backtests.services.execution import ensure_data_dir


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    root = ensure_data_dir()
    catalog = dataset_catalog(root)
    asset_class = request.GET.get("asset_class", "")
    rows = [d for d in catalog if not asset_class or d.asset_class == asset_class]
    return render(
        request,
        "backtests/dataset_list.html",
        {
            "datasets": rows,
            "asset_classes": sorted({d.asset_class for d in catalog}),
            "asset_class": asset_class,
            "total_files": sum(d.files for d in rows),
            "total_size": sum(d.size for d in rows),
        },
    )


@login_required
def dataset_symbol(
    request: HttpRequest, asset_class: str, market: str, symbol: str
) -> HttpResponse:
    root = ensure_data_dir()
    datasets = symbol_datasets(root, asset_class, market, symbol)
    if not datasets:
        raise Http404("No data for this symbol")
    order = {name: i for i, name in enumerate(RESOLUTIONS)}
    datasets.sort(key=lambda d: order[d.resolution])
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
            for d in datasets
        ],
        "layout": {
            **figure_layout("Days with data", height=80 + 40 * len(datasets)),
            "showlegend": False,
        },
    }
    figures = {"coverage": coverage}
    daily = next((d for d in datasets if d.resolution == "daily"), None)
    if daily is not None:
        days, closes = daily_closes(root, daily)
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
