from __future__ import annotations

from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("", views.live_list, name="list"),
    path("project/<int:project_id>/deploy/", views.live_deploy, name="deploy"),
    path("<int:deployment_id>/", views.live_detail, name="detail"),
    path("<int:deployment_id>/stop/", views.live_stop, name="stop"),
    path("<int:deployment_id>/liquidate/", views.live_liquidate, name="liquidate"),
    path("<int:deployment_id>/redeploy/", views.live_redeploy, name="redeploy"),
    path("<int:deployment_id>/update/", views.live_update, name="update"),
    path("<int:deployment_id>/reconcile/", views.live_reconcile, name="reconcile"),
    path("<int:deployment_id>/add-security/", views.live_add_security, name="add_security"),
    path("<int:deployment_id>/order/", views.live_order, name="order"),
    path(
        "<int:deployment_id>/liquidate-security/",
        views.live_liquidate_security,
        name="liquidate_security",
    ),
    path("<int:deployment_id>/log.txt", views.live_log_download, name="log"),
]
