from __future__ import annotations

from django.urls import path

from backtests import dataset_views

app_name = "datasets"

urlpatterns = [
    path("", dataset_views.dataset_list, name="list"),
    path(
        "<slug:asset_class>/<slug:market>/<str:symbol>/",
        dataset_views.dataset_symbol,
        name="symbol",
    ),
]
