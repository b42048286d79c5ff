"""How a live notification leaves the server: one backend per kind.

Email goes through Django's mail backend (``EMAIL_*`` settings), webhooks are HTTP POSTs with a
JSON body. SMS and Telegram need an account with a provider, so they are pluggable: a backend is
a class with one method, named by a dotted path in the settings::

    QCWEB_LIVE_SMS_BACKEND       default "live.notifications.LoggingBackend"
    QCWEB_LIVE_TELEGRAM_BACKEND  default "live.notifications.LoggingBackend"
                                 ("live.notifications.TelegramBotBackend" sends through
                                 Telegram's Bot API with the request's token or
                                 QCWEB_LIVE_TELEGRAM_BOT_TOKEN)

    class MySmsBackend(NotificationBackend):
        def send(self, notification):      # a live.models.LiveNotification
            response = my_provider.send(to=notification.target, text=notification.message)
            if not response.ok:
                raise DeliveryError(response.reason, retry=response.status >= 500)

``send`` returns when the message is handed over and raises :class:`DeliveryError` when not
(``retry=True``: a passing failure, tried again with backoff). The logging default writes the
message to the ``live.notifications`` logger, so a development machine shows what would be sent.

Other settings: ``QCWEB_LIVE_WEBHOOK_TIMEOUT`` (seconds, 300 as QuantConnect's webhooks),
``QCWEB_LIVE_NOTIFY_ATTEMPTS`` (3) and ``QCWEB_LIVE_NOTIFY_BACKOFF`` (2 seconds, doubled per
attempt), ``QCWEB_LIVE_WEBHOOK_ALLOW_PRIVATE`` (off: a webhook may not target the server's own
network - loopback, private, link-local addresses - since the worker sends it from inside it).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from live.models import LiveNotification

logger = logging.getLogger("live.notifications")

#: QuantConnect's email body cap ("up to 10KB of text content in the message body").
EMAIL_BODY_BYTES = 10 * 1024
WEBHOOK_BODY_BYTES = 64 * 1024
SMS_CHARS = 1600
TELEGRAM_CHARS = 4096
TELEGRAM_API = "https://api.telegram.org"


class DeliveryError(Exception):
    """The notification was not delivered; ``retry``: worth trying again later."""

    def __init__(self, message: str, *, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


class NotificationBackend:
    """Delivers notifications of one kind (see the module's documentation)."""

    def send(self, notification: LiveNotification) -> None:
        raise NotImplementedError


class LoggingBackend(NotificationBackend):
    """Writes the notification to the ``live.notifications`` log instead of sending it."""

    def send(self, notification: LiveNotification) -> None:
        logger.info(
            "%s notification of %s to %s (not sent: no %s backend configured): %s",
            notification.get_kind_display(),
            notification.deployment.deploy_id,
            notification.target,
            notification.get_kind_display(),
            notification.message[:500],
        )


def cap_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


class EmailBackend(NotificationBackend):
    """Django's mail backend; the body capped at 10 KB, ``data`` attached as ``data.txt``."""

    def send(self, notification: LiveNotification) -> None:
        payload = notification.payload or {}
        headers = {
            str(k): str(v).replace("\r", " ").replace("\n", " ")
            for k, v in (payload.get("headers") or {}).items()
            if str(k).lower().startswith("x-")  # never From/To/Bcc from the algorithm
        }
        message = EmailMessage(
            subject=notification.subject or "Live algorithm notification",
            body=cap_bytes(notification.message, EMAIL_BODY_BYTES),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.target],
            headers=headers,
        )
        data = str(payload.get("data") or "")
        if data:
            message.attach("data.txt", cap_bytes(data, EMAIL_BODY_BYTES), "text/plain")
        try:
            message.send()
        except (OSError, ValueError) as exc:  # SMTP errors are OSErrors
            raise DeliveryError(f"The mail server refused it: {exc}", retry=True) from exc


def _check_public(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryError(f"{url!r} is not an http(s) URL.")
    if getattr(settings, "QCWEB_LIVE_WEBHOOK_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise DeliveryError(f"Cannot resolve {parts.hostname}: {exc}", retry=True) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise DeliveryError(
                f"{parts.hostname} is an address of the server's own network ({address}): "
                "webhooks go to public addresses only."
            )


def post_json(url: str, body: Any, headers: dict[str, str], timeout: float) -> None:
    """POST ``body`` as JSON; a 2xx answer is delivered, 5xx/429/no answer is worth a retry."""
    data = json.dumps(body).encode("utf-8")
    if len(data) > WEBHOOK_BODY_BYTES:
        raise DeliveryError(f"The body is {len(data)} bytes; at most {WEBHOOK_BODY_BYTES}.")
    request = urllib.request.Request(url, data=data, method="POST")
    for key, value in headers.items():
        if key.lower() not in ("host", "content-length", "content-type"):
            request.add_header(str(key), str(value).replace("\r", " ").replace("\n", " "))
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", "qcweb-live-notifications")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked)
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(
            f"HTTP {exc.code} {exc.reason}", retry=exc.code >= 500 or exc.code == 429
        ) from exc
    except (urllib.error.URLError, OSError) as exc:  # refused, timed out, reset
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"No answer: {reason}", retry=True) from exc


class WebhookBackend(NotificationBackend):
    """HTTP POST of the notification's ``data`` as JSON with its headers."""

    def send(self, notification: LiveNotification) -> None:
        _check_public(notification.target)
        payload = notification.payload or {}
        post_json(
            notification.target,
            payload.get("data"),
            dict(payload.get("headers") or {}),
            float(getattr(settings, "QCWEB_LIVE_WEBHOOK_TIMEOUT", 300)),
        )


class TelegramBotBackend(NotificationBackend):
    """Telegram's Bot API ``sendMessage`` with the request's bot token (or the server's
    ``QCWEB_LIVE_TELEGRAM_BOT_TOKEN``); ``QCWEB_LIVE_TELEGRAM_API`` overrides the API's address."""

    def send(self, notification: LiveNotification) -> None:
        token = (notification.payload or {}).get("token") or getattr(
            settings, "QCWEB_LIVE_TELEGRAM_BOT_TOKEN", ""
        )
        if not token:
            raise DeliveryError("No Telegram bot token: give one or configure the server's.")
        api = getattr(settings, "QCWEB_LIVE_TELEGRAM_API", TELEGRAM_API).rstrip("/")
        post_json(
            f"{api}/bot{token}/sendMessage",
            {"chat_id": notification.target, "text": notification.message[:TELEGRAM_CHARS]},
            {},
            float(getattr(settings, "QCWEB_LIVE_WEBHOOK_TIMEOUT", 300)),
        )


def backend_for(kind: str) -> NotificationBackend:
    """The backend delivering ``kind`` ("email", "web", "sms", "telegram")."""
    if kind == "email":
        return EmailBackend()
    if kind == "web":
        return WebhookBackend()
    setting = {"sms": "QCWEB_LIVE_SMS_BACKEND", "telegram": "QCWEB_LIVE_TELEGRAM_BACKEND"}[kind]
    path = getattr(settings, setting, "live.notifications.LoggingBackend")
    backend = import_string(path)()
    if not isinstance(backend, NotificationBackend):
        raise TypeError(f"{setting} must name a NotificationBackend subclass, not {path}")
    return backend


__all__ = [
    "DeliveryError",
    "EmailBackend",
    "LoggingBackend",
    "NotificationBackend",
    "TelegramBotBackend",
    "WebhookBackend",
    "backend_for",
]
