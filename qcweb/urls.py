from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from qcweb.dashboard import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("projects/", include("projects.urls")),
    path("backtests/", include("backtests.urls")),
    path("datasets/", include("backtests.dataset_urls")),
    path("live/", include("live.urls")),
    path("research/", include("research.urls")),
    path("community/", include("community.urls")),
    path("api/v2/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler403 = "qcweb.views.permission_denied"
handler404 = "qcweb.views.page_not_found"
handler500 = "qcweb.views.server_error"
