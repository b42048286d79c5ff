from __future__ import annotations

from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("<int:project_id>/", views.research_home, name="home"),
    path("<int:project_id>/notebook/", views.notebook_detail, name="notebook"),
    path("<int:project_id>/run/", views.notebook_run_create, name="run_create"),
    path("<int:project_id>/session/", views.session_detail, name="session"),
    path("<int:project_id>/session/stop/", views.session_stop, name="session_stop"),
    path("<int:project_id>/session/open/", views.session_open_lab, name="session_open"),
    path("runs/<int:run_id>/", views.notebook_run_detail, name="run_detail"),
    path("runs/<int:run_id>/download/", views.notebook_run_download, name="run_download"),
]
