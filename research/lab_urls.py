"""The research origin's URLs (research/origin.py): the handover and the Jupyter proxy, nothing
of the site."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from research import proxy

urlpatterns = [
    path("research/<int:project_id>/handover/", proxy.handover, name="lab_handover"),
    path("research/<int:project_id>/lab/", proxy.lab_proxy, name="lab"),
    path("research/<int:project_id>/lab/<path:path>", proxy.lab_proxy, name="lab_path"),
]


def _plain(status: int, text: str):
    def handler(request, exception=None) -> HttpResponse:
        # plain text: the site's error pages link to the site's URLs, which this origin has not
        return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")

    return handler


handler400 = _plain(400, "Bad request.")
handler403 = _plain(403, "Forbidden.")
handler404 = _plain(404, "Not found. Open JupyterLab from the project's Jupyter session page.")
handler500 = _plain(500, "Server error.")
