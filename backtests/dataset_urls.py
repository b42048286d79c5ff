from __future__ import annotations

from django.urls import path

from backtests import dataset_views

app_name = "datasets"

urlpatterns = [
    path("", dataset_views.dataset_list, name="list"),
    path("import/", dataset_views.dataset_import, name="import_create"),
    path("imports/<int:import_id>/", dataset_views.dataset_import_detail, name="import"),
    path(
        "<slug:asset_class>/<slug:market>/<str:symbol>/",
        dataset_views.dataset_symbol,
        name="symbol",
    ),
]
