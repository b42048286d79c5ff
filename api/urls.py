from __future__ import annotations

from django.urls import re_path

from api import data, objects, schema, views

app_name = "api"

urlpatterns = [
    re_path(r"^schema/?$", schema.schema_json, name="schema"),
    re_path(r"^docs/?$", schema.docs, name="docs"),
    re_path(
        r"^object/download/(?P<token>[^/]+)/?$", objects.object_download, name="object_download"
    ),
    re_path(r"^data/download/(?P<token>[^/]+)/?$", data.data_download, name="data_download"),
    # Leading slashes are tolerated: QuantConnect's Python example joins "api/v2/" + "/authenticate".
    re_path(r"^[/]*(?P<path>[A-Za-z0-9_/]+)$", views.dispatch, name="endpoint"),
]
