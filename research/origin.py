"""The research origin: the Jupyter front end served from an origin of its own.

JupyterLab runs scripts the user (or a notebook someone shared) wrote: JavaScript outputs,
widgets, extensions. Served from the site's own origin they would act with the user's site
session. So the site never serves ``/research/<project>/lab/``; the research origin
(``QCWEB_RESEARCH_ORIGIN``, another host name, the same ASGI application: this middleware routes
its requests by ``Host``) serves only that and the handover, holds no site session, and has a
policy of its own (``QCWEB_RESEARCH_CSP``).

The handover: "Open JupyterLab" (a POST on the site, logged in, the session's own user) records a
fresh nonce on the session and redirects to the research origin's ``handover/`` with a signed
token (session and nonce) valid for a minute. The research origin takes it once (the nonce is
cleared as it is used), sets its own cookie (a random key; the session keeps only its sha256;
path ``/research/<project>/lab/``, HttpOnly) and redirects into JupyterLab. Every request and
websocket there is then the browser with that key, for that running session only; a new
handover moves the session to the new browser.
"""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest
from django.utils.deprecation import MiddlewareMixin

from research.models import ResearchSession

COOKIE = "qcweb_lab"
HANDOVER_SALT = "research.handover"
HANDOVER_SECONDS = 60
URLCONF = "research.lab_urls"


def research_origin() -> str:
    return settings.QCWEB_RESEARCH_ORIGIN


def research_host() -> str:
    """host[:port] of the research origin, as browsers send it in ``Host``."""
    return urlsplit(research_origin()).netloc.lower()


def is_research_host(host: str) -> bool:
    return bool(host) and host.lower() == research_host()


class ResearchOriginMiddleware(MiddlewareMixin):
    """Requests to the research origin see only its URLs (``research/lab_urls.py``) and get its
    content security policy; the site's URLs are 404 there."""

    def process_request(self, request: HttpRequest) -> None:
        if is_research_host(request.get_host()):
            request.urlconf = URLCONF
            request.content_security_policy = settings.QCWEB_RESEARCH_CSP
            request.research_origin = True
        else:
            request.content_security_policy = site_policy()


def site_policy() -> dict[str, list[str]]:
    """The site's policy, its forms allowed to lead to the research origin (the handover is a
    POST redirected there) and nowhere else."""
    policy = dict(settings.SECURE_CSP)
    policy["form-action"] = [*policy.get("form-action", ["'self'"]), research_origin()]
    return policy


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def handover_url(session: ResearchSession, target: str) -> str:
    """A one-time link into the session on the research origin (the site's side)."""
    nonce = secrets.token_urlsafe(24)
    ResearchSession.objects.filter(pk=session.pk).update(handover_nonce=nonce)
    token = signing.dumps({"s": session.pk, "n": nonce}, salt=HANDOVER_SALT)
    query = urlencode({"t": token, "next": target})
    return f"{research_origin()}/research/{session.project_id}/handover/?{query}"


def handover_accept(project_id: int, token: str) -> tuple[ResearchSession, str]:
    """The research origin's side: the session the token hands over and the browser key to set
    as the cookie. Http404 for a token that is forged, expired, used, or not of this project's
    running session."""
    try:
        data = signing.loads(token, salt=HANDOVER_SALT, max_age=HANDOVER_SECONDS)
        session_id, nonce = int(data["s"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404("This link has expired; open JupyterLab from the site again.") from None
    key = secrets.token_urlsafe(32)
    taken = ResearchSession.objects.filter(
        pk=session_id,
        project_id=project_id,
        status=ResearchSession.Status.RUNNING,
        handover_nonce=nonce,
    ).update(handover_nonce="", browser_key=_digest(key))
    if not nonce or not taken:
        raise Http404("This link has expired; open JupyterLab from the site again.")
    return ResearchSession.objects.get(pk=session_id), key


def session_for_browser(project_id: int, key: str | None) -> ResearchSession:
    """The running session of the project this browser was handed, else Http404."""
    if not key:
        raise Http404("No research session is open in this browser")
    session = (
        ResearchSession.objects.filter(
            project_id=project_id,
            status=ResearchSession.Status.RUNNING,
            browser_key=_digest(key),
        )
        .select_related("project")
        .first()
    )
    if session is None:
        raise Http404("No research session is open in this browser")
    return session


def cookie_path(project_id: int) -> str:
    return f"/research/{project_id}/lab/"


def cookie_secure() -> bool:
    return research_origin().startswith("https://")
