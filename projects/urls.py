from __future__ import annotations

from django.urls import path

from projects.views import files, objectstore, projects

app_name = "projects"

urlpatterns = [
    path("", projects.project_list, name="list"),
    path("new/", projects.project_create, name="create"),
    path("api-completions.json", projects.api_completions, name="api_completions"),
    path("<int:project_id>/", projects.project_detail, name="detail"),
    path("object-store/", objectstore.object_store_home, name="object_store_home"),
    path("object-store/<int:organization_id>/", objectstore.object_store, name="object_store"),
    path(
        "object-store/<int:organization_id>/upload/",
        objectstore.object_store_upload,
        name="object_store_upload",
    ),
    path(
        "object-store/<int:organization_id>/download/",
        objectstore.object_store_download,
        name="object_store_download",
    ),
    path(
        "object-store/<int:organization_id>/preview/",
        objectstore.object_store_preview,
        name="object_store_preview",
    ),
    path(
        "object-store/<int:organization_id>/delete/",
        objectstore.object_store_delete,
        name="object_store_delete",
    ),
    path("<int:project_id>/session/ping/", projects.session_ping, name="session_ping"),
    path(
        "<int:project_id>/sessions/<int:session_id>/close/",
        projects.session_close,
        name="session_close",
    ),
    path("<int:project_id>/edit/", projects.project_edit, name="edit"),
    path("<int:project_id>/clone/", projects.project_clone, name="clone"),
    path("<int:project_id>/delete/", projects.project_delete, name="delete"),
    path("<int:project_id>/compile/", projects.project_compile, name="compile"),
    path("<int:project_id>/parameters/", projects.parameter_save, name="parameter_save"),
    path("<int:project_id>/parameters/delete/", projects.parameter_delete, name="parameter_delete"),
    path("<int:project_id>/collaborators/", projects.collaborator_add, name="collaborator_add"),
    path(
        "<int:project_id>/collaborators/<int:user_id>/remove/",
        projects.collaborator_remove,
        name="collaborator_remove",
    ),
    path("<int:project_id>/libraries/", projects.library_add, name="library_add"),
    path(
        "<int:project_id>/libraries/<int:library_id>/remove/",
        projects.library_remove,
        name="library_remove",
    ),
    path("<int:project_id>/nodes/", projects.project_nodes, name="nodes"),
    path("<int:project_id>/files/", files.file_read, name="file_read"),
    path("<int:project_id>/files/save/", files.file_save, name="file_save"),
    path("<int:project_id>/files/create/", files.file_create, name="file_create"),
    path("<int:project_id>/files/rename/", files.file_rename, name="file_rename"),
    path("<int:project_id>/files/delete/", files.file_delete, name="file_delete"),
    path("<int:project_id>/files/upload/", files.file_upload, name="file_upload"),
]
