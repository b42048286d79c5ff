"""The proxy between the browser and a user's Jupyter server: ``/research/<project>/lab/...`` on
the research origin (research/origin.py), never on the site's.

Only the browser the session was handed to reaches it (its research-origin cookie; the site's
"Open JupyterLab" checked the login, the project and that the session is the user's). The request goes to the server's UNIX socket with the server's token in
``Authorization``; the browser's cookies and credentials never reach the server, and the
server's cookies never reach the browser (the token is the only credential the server sees,
which also exempts its API from Jupyter's XSRF cookie check). Websockets (kernels) go through
``research.consumers.JupyterProxyConsumer`` the same way.
"""

from __future__ import annotations

import httpx
from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from research import origin
from research.models import ResearchSession
from research.sessions import session_touch

# Requests that change the server's files: a copy back to the project is queued when one succeeds.
CONTENTS_API = "api/contents"

# Request headers passed on; everything else (Cookie, Authorization, X-Forwarded-*) is dropped.
FORWARDED_REQUEST_HEADERS = (
    "accept",
    "accept-language",
    "content-type",
    "if-none-match",
    "if-modified-since",
    "x-requested-with",
)
# Response headers passed back (no Set-Cookie, no server-chosen CSP: the site's applies).
FORWARDED_RESPONSE_HEADERS = (
    "content-type",
    "etag",
    "last-modified",
    "cache-control",
    "location",
    "content-disposition",
)
TIMEOUT = httpx.Timeout(60.0, connect=5.0)


def upstream_headers(session: ResearchSession, headers) -> dict[str, str]:
    out = {k: v for k, v in headers.items() if k.lower() in FORWARDED_REQUEST_HEADERS}
    out["Authorization"] = f"token {session.token}"
    return out


@require_GET
def handover(request: HttpRequest, project_id: int) -> HttpResponse:
    """The research origin takes a one-time link from the site: its cookie, then JupyterLab."""
    session, key = origin.handover_accept(project_id, request.GET.get("t", ""))
    target = request.GET.get("next", "")
    if not target or target.startswith(("/", "\\")) or "://" in target or "\\" in target:
        target = "lab"
    response = redirect(session.base_url + target)
    response.set_cookie(
        origin.COOKIE,
        key,
        path=origin.cookie_path(project_id),
        httponly=True,
        samesite="Lax",
        secure=origin.cookie_secure(),
    )
    return response


@csrf_exempt  # the same-origin check happens below, for unsafe methods only
async def lab_proxy(request: HttpRequest, project_id: int, path: str = "") -> HttpResponse:
    session = await sync_to_async(origin.session_for_browser)(
        project_id, request.COOKIES.get(origin.COOKIE)
    )
    if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
        return HttpResponse("Cross-site request refused.", status=403)
    await sync_to_async(session_touch)(session.pk)
    transport = httpx.AsyncHTTPTransport(uds=str(session.socket_path))
    client = httpx.AsyncClient(transport=transport, timeout=TIMEOUT)
    upstream_request = client.build_request(
        request.method,
        "http://jupyter" + request.path,
        params=request.GET.urlencode() or None,
        headers=upstream_headers(session, request.headers),
        content=request.body,
    )
    try:
        upstream = await client.send(upstream_request, stream=True)
    except httpx.HTTPError:
        await client.aclose()
        return HttpResponse("The research server is not answering.", status=502)

    async def body():
        try:
            async for chunk in upstream.aiter_raw():
                yield chunk
        finally:
            await upstream.aclose()
            await client.aclose()

    if (
        request.method in ("PUT", "PATCH", "POST", "DELETE")
        and CONTENTS_API in request.path
        and upstream.status_code < 300
    ):
        await sync_to_async(_queue_sync)(session.pk)
    response = StreamingHttpResponse(body(), status=upstream.status_code)
    for name in FORWARDED_RESPONSE_HEADERS:
        if name in upstream.headers:
            response[name] = upstream.headers[name]
    return response


def _queue_sync(session_id: int) -> None:
    from research.tasks import sync_session_task

    sync_session_task(session_id)


def _same_origin(request: HttpRequest) -> bool:
    """Unsafe requests must come from the research origin's own pages (Origin or Referer on this
    host)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    host = request.get_host()
    return source.split("://", 1)[-1].split("/", 1)[0] == host
