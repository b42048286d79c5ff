from __future__ import annotations

from django.urls import path

from backtests import views
from backtests.optimization import views as optimization_views
from backtests.report import views as report_views

app_name = "backtests"

urlpatterns = [
    path("", views.backtest_list, name="list"),
    path("compare/", views.backtest_compare, name="compare"),
    path("recent/", views.recent_backtests, name="recent"),
    path("project/<int:project_id>/", views.project_backtest_list, name="project_list"),
    path("project/<int:project_id>/panel/", views.project_panel, name="project_panel"),
    path("project/<int:project_id>/create/", views.backtest_create, name="create"),
    path("<int:backtest_id>/", views.backtest_detail, name="detail"),
    path("<int:backtest_id>/status/", views.backtest_status, name="status"),
    path("<int:backtest_id>/cancel/", views.backtest_cancel, name="cancel"),
    path("<int:backtest_id>/update/", views.backtest_update, name="update"),
    path("<int:backtest_id>/delete/", views.backtest_delete, name="delete"),
    path("<int:backtest_id>/restore/", views.backtest_restore, name="restore"),
    path("<int:backtest_id>/clone/", views.backtest_clone, name="clone"),
    path("<int:backtest_id>/share/", views.backtest_share, name="share"),
    path("shared/<str:token>/", views.backtest_shared, name="shared"),
    path("<int:backtest_id>/log.txt", views.backtest_log_download, name="log"),
    path("<int:backtest_id>/charts.json", views.backtest_chart_data, name="chart_data"),
    path("<int:backtest_id>/results.json", views.backtest_results_download, name="results"),
    path("<int:backtest_id>/orders.csv", views.backtest_orders_download, name="orders_csv"),
    path("<int:backtest_id>/report/", report_views.report_detail, name="report"),
    path("<int:backtest_id>/report/pdf/", report_views.report_pdf_status, name="report_pdf_status"),
    path(
        "<int:backtest_id>/report/pdf/generate/",
        report_views.report_pdf_generate,
        name="report_pdf_generate",
    ),
    path("<int:backtest_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path(
        "project/<int:project_id>/optimize/",
        optimization_views.optimization_create,
        name="optimization_create",
    ),
    path(
        "optimizations/<int:optimization_id>/",
        optimization_views.optimization_detail,
        name="optimization_detail",
    ),
    path(
        "optimizations/<int:optimization_id>/abort/",
        optimization_views.optimization_abort,
        name="optimization_abort",
    ),
    path(
        "optimizations/<int:optimization_id>/delete/",
        optimization_views.optimization_delete,
        name="optimization_delete",
    ),
    path(
        "optimizations/<int:optimization_id>/trials/<int:trial_id>/apply/",
        optimization_views.optimization_apply,
        name="optimization_apply",
    ),
    path(
        "optimizations/<int:optimization_id>/trials/<int:trial_id>/clone/",
        optimization_views.optimization_clone,
        name="optimization_clone",
    ),
]
