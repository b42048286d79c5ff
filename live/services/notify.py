"""Live notifications: what the algorithm asks for (`self.notify`) and what the platform sends
about a deployment, checked against the tier's hourly quota, recorded, and delivered.

The sandboxed engine has no network: it lists its requests in its snapshots
(`notifications`, `notificationCount`), and the worker's follower hands the new ones to
`notifications_receive`. Each becomes a `LiveNotification` row (the deployment's delivery log)
and is delivered on a small thread pool of the worker (a webhook may take its full timeout and
retries; that must hold neither the follower nor a Huey slot backtests need), through the
backends of `live.notifications`.

Quotas (QuantConnect's live trading notification quotas): each live algorithm may send the
tier's `notifications_per_hour` email, webhook and Telegram notifications an hour for free;
each one past that costs 1 QCC from the organization's credit, and without credit it is refused.
Every SMS costs 1 QCC (US and Canadian numbers: +1) or 10 QCC (other countries). Notifications
the platform sends about the deployment itself (runtime error, stop, restarts used up) to the
wizard's targets are free and do not count.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.limits import SMS_QCC
from accounts.notifications import user_notify
from accounts.services.credit import InsufficientCredit, credit_spend
from live.models import LiveDeployment, LiveNotification
from live.notifications import (
    EMAIL_BODY_BYTES,
    SMS_CHARS,
    TELEGRAM_CHARS,
    WEBHOOK_BODY_BYTES,
    DeliveryError,
    backend_for,
    cap_bytes,
)
from live.selectors import QUOTA_KINDS, notification_quota

logger = logging.getLogger(__name__)

Kind = LiveNotification.Kind
Status = LiveNotification.Status
Source = LiveNotification.Source

# requests handled from one snapshot at most (the engine keeps its newest 200)
MAX_PER_SNAPSHOT = 200
MAX_HEADERS = 20
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,24}$")
TELEGRAM_ID = re.compile(r"^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$")
WIZARD_KINDS = {"email": Kind.EMAIL, "webhook": Kind.WEB, "web": Kind.WEB, "sms": Kind.SMS}
WIZARD_KINDS["telegram"] = Kind.TELEGRAM

_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="live-notify")


class BadRequest(ValueError):
    """A notification request that cannot be sent as given (the message says why)."""


# -- quota ----------------------------------------------------------------------------------------
def sms_cost(phone: str) -> int:
    """QCC of one SMS: US and Canadian numbers (+1, or ten digits without a country code) are
    domestic."""
    digits = re.sub(r"\D", "", phone)
    domestic = phone.strip().startswith("+1") or (
        not phone.strip().startswith("+") and len(digits) == 10
    )
    return SMS_QCC["domestic" if domestic else "international"]


def _pay(deployment: LiveDeployment, kind: str, target: str) -> int:
    if kind in QUOTA_KINDS:
        quota = notification_quota(deployment)
        if quota["left"] > 0:
            return 0
        cost = 1
        why = f"the hourly quota of {quota['limit']} free notifications is used up"
    else:
        cost = sms_cost(target)
        why = "every SMS costs QCC"
    try:
        credit_spend(
            organization=deployment.organization,
            amount=cost,
            reason=f"Live {Kind(kind).label} notification of {deployment.deploy_id}",
            actor=None,
        )
    except InsufficientCredit as exc:
        raise BadRequest(
            f"Not sent: {why} and the organization's QCC does not cover {cost} QCC."
        ) from exc
    return cost


# -- requests from the algorithm ------------------------------------------------------------------
def _headers(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    items = list(value.items())[:MAX_HEADERS]
    return {str(k)[:100]: str(v)[:1000] for k, v in items}


def _clean(request: dict[str, Any]) -> dict[str, Any]:
    """A request of the (hostile) engine output as row fields; BadRequest when unusable."""
    kind = str(request.get("type", ""))
    if kind == "email":
        address = str(request.get("address", ""))[:254]
        try:
            validate_email(address)
        except ValidationError as exc:
            raise BadRequest(f"Invalid email address: {address}") from exc
        subject = " ".join(str(request.get("subject", "")).split())[:200]
        return {
            "kind": Kind.EMAIL,
            "target": address,
            "subject": subject,
            "message": cap_bytes(str(request.get("message", "")), EMAIL_BODY_BYTES),
            "payload": {
                "data": cap_bytes(str(request.get("data", "")), EMAIL_BODY_BYTES),
                "headers": _headers(request.get("headers")),
            },
        }
    if kind == "web":
        address = str(request.get("address", ""))[:500]
        try:
            URLValidator(schemes=["http", "https"])(address)
        except ValidationError as exc:
            raise BadRequest(f"Invalid webhook address: {address}") from exc
        size = len(json.dumps(request.get("data")).encode("utf-8"))
        if size > WEBHOOK_BODY_BYTES:
            raise BadRequest(f"The webhook body is {size} bytes; at most {WEBHOOK_BODY_BYTES}.")
        return {
            "kind": Kind.WEB,
            "target": address,
            "message": "",
            "payload": {"data": request.get("data"), "headers": _headers(request.get("headers"))},
        }
    if kind == "sms":
        phone = str(request.get("phoneNumber", ""))[:30]
        if not PHONE.match(phone):
            raise BadRequest(f"Invalid phone number: {phone}")
        return {
            "kind": Kind.SMS,
            "target": phone,
            "message": str(request.get("message", ""))[:SMS_CHARS],
            "payload": {},
        }
    if kind == "telegram":
        chat = str(request.get("id", ""))[:70]
        if not TELEGRAM_ID.match(chat):
            raise BadRequest(f"Invalid Telegram chat id: {chat}")
        return {
            "kind": Kind.TELEGRAM,
            "target": chat,
            "message": str(request.get("message", ""))[:TELEGRAM_CHARS],
            "payload": {"token": str(request.get("token") or "")[:200]},
        }
    raise BadRequest(f"Unknown notification type {kind[:20]!r}")


def notification_request(
    *, deployment: LiveDeployment, request: dict[str, Any]
) -> LiveNotification:
    """Record one `self.notify` request of the algorithm: refused (with the reason) when it is
    malformed or cannot be paid, else queued for delivery."""
    fields: dict[str, Any] | None = None
    try:
        fields = _clean(request)
        qcc = _pay(deployment, fields["kind"], fields["target"])
    except BadRequest as exc:
        if fields is None:  # malformed: keep what identifies it
            kind = str(request.get("type", ""))
            fields = {
                "kind": kind if kind in Kind.values and kind != Kind.SITE else Kind.WEB,
                "target": str(
                    request.get("address") or request.get("phoneNumber") or request.get("id") or ""
                )[:500],
            }
        return LiveNotification.objects.create(
            deployment=deployment,
            source=Source.ALGORITHM,
            kind=fields["kind"],
            target=fields["target"],
            subject=fields.get("subject", ""),
            message=fields.get("message", ""),
            status=Status.REFUSED,
            detail=str(exc)[:500],
        )
    notification = LiveNotification.objects.create(
        deployment=deployment, source=Source.ALGORITHM, qcc=qcc, **fields
    )
    notification_submit(notification_id=notification.pk)
    return notification


def notifications_receive(
    *,
    deployment: LiveDeployment,
    snapshot: dict[str, Any],
    seen: int,
    log: Callable[[list[str]], Any] | None = None,
) -> int:
    """The requests of an engine snapshot the worker has not handled yet (`seen`: how many of
    this run's it has); returns the new count. Refusals are written to the deployment's log."""
    requests = snapshot.get("notifications")
    count = snapshot.get("notificationCount")
    if not isinstance(requests, list) or not isinstance(count, int) or count <= seen:
        return seen
    fresh = min(count - seen, MAX_PER_SNAPSHOT)
    lines = []
    if count - seen > len(requests[-fresh:]):
        lines.append(
            f"NOTIFICATION:: {count - seen - len(requests[-fresh:])} notifications were requested "
            "too fast to be kept and were not sent."
        )
    for request in requests[-fresh:]:
        if not isinstance(request, dict):
            continue
        notification = notification_request(deployment=deployment, request=request)
        if notification.status == Status.REFUSED:
            lines.append(f"NOTIFICATION:: {notification.detail}")
    if lines and log is not None:
        log(lines)
    return count


# -- order events for the wizard's targets --------------------------------------------------------
# LEAN's OrderStatus values worth telling (Submitted, PartiallyFilled, Filled, Canceled, Invalid)
ORDER_EVENT_STATUSES = {1: "Submitted", 2: "PartiallyFilled", 3: "Filled", 5: "Canceled"}
ORDER_EVENT_STATUSES[7] = "Invalid"


def order_statuses(state: dict[str, Any] | None) -> dict[str, Any]:
    """Order id -> status of a saved state or snapshot (what was already told)."""
    orders = (state or {}).get("orders")
    if not isinstance(orders, dict):
        return {}
    return {str(k): v.get("status") for k, v in orders.items() if isinstance(v, dict)}


def order_events_notify(
    *, deployment: LiveDeployment, snapshot: dict[str, Any], known: dict[str, Any]
) -> dict[str, Any]:
    """Targets of the wizard that asked for order events (`"events": ["orders"]`) hear of every
    order whose status changed since `known` (the statuses told before); returns the new
    `known`. They count toward the hourly quota like the algorithm's own notifications."""
    orders = snapshot.get("orders")
    targets = [
        t for t in deployment.notification_targets or [] if "orders" in (t.get("events") or [])
    ]
    if not isinstance(orders, dict):
        return known
    current = order_statuses(snapshot)
    if not targets:
        return current
    for key, status in current.items():
        if known.get(key) == status or status not in ORDER_EVENT_STATUSES:
            continue
        order = orders[key]
        symbol = order.get("symbol")
        ticker = symbol.get("value") if isinstance(symbol, dict) else str(symbol or "")
        label = ORDER_EVENT_STATUSES[status]
        text = (
            f"Order {order.get('id', key)} {label}: {ticker} {order.get('quantity')} "
            f"at {order.get('price')}"
        )
        data = {
            "deployId": deployment.deploy_id,
            "orderId": order.get("id", key),
            "symbol": ticker,
            "quantity": order.get("quantity"),
            "price": order.get("price"),
            "status": label,
            "tag": order.get("tag", ""),
            "time": snapshot.get("time"),
        }
        for target in targets:
            kind = WIZARD_KINDS.get(str(target.get("type", "")))
            if kind is None:
                continue
            request: dict[str, Any] = {"type": str(kind), "message": text}
            if kind == Kind.EMAIL:
                request.update(address=target.get("address"), subject=text)
            elif kind == Kind.WEB:
                request.update(address=target.get("address"), data=data)
                request["headers"] = target.get("headers") or {}
            elif kind == Kind.SMS:
                request["phoneNumber"] = target.get("address")
            else:
                request.update(id=target.get("address"), token=target.get("token") or "")
            notification_request(deployment=deployment, request=request)
    return current


# -- the platform's own notifications -------------------------------------------------------------
def deployment_event_notify(
    *, deployment: LiveDeployment, status: str, error: str = "", restarts_used_up: bool = False
) -> list[LiveNotification]:
    """Tell the wizard's targets and, in the site, the deployer that the deployment stopped
    (`status`: Stopped, Liquidated, RuntimeError, Completed)."""
    label = LiveDeployment.Status(status).label
    name = deployment.project.name
    subject = f"Live algorithm {name}: {label}"
    if restarts_used_up:
        subject += " after the last automatic restart"
    url = reverse("live:detail", args=[deployment.pk])
    text = subject + "." + (f"\n\n{error}" if error else "") + f"\n\nDeployment {url}"
    data = {
        "deployId": deployment.deploy_id,
        "projectId": deployment.project_id,
        "project": name,
        "status": status,
        "error": error,
        "restartsUsedUp": restarts_used_up,
        "time": timezone.now().isoformat(),
    }
    made = []
    for target in deployment.notification_targets or []:
        kind = WIZARD_KINDS.get(str(target.get("type", "")))
        address = str(target.get("address", ""))[:500]
        if kind is None or not address:
            continue
        payload: dict[str, Any] = {}
        if kind == Kind.WEB:
            payload = {"data": data, "headers": _headers(target.get("headers"))}
        elif kind == Kind.TELEGRAM:
            payload = {"token": str(target.get("token") or "")}
        made.append(
            LiveNotification.objects.create(
                deployment=deployment,
                source=Source.EVENT,
                kind=kind,
                target=address,
                subject=subject[:200],
                message=text,
                payload=payload,
            )
        )
    for notification in made:
        notification_submit(notification_id=notification.pk)
    if deployment.created_by_id is not None:
        made.append(
            LiveNotification.objects.create(
                deployment=deployment,
                source=Source.EVENT,
                kind=Kind.SITE,
                target=str(deployment.created_by),
                user_id=deployment.created_by_id,
                subject=subject[:200],
                message=error[:2000],
                status=Status.SENT,
                sent_at=timezone.now(),
            )
        )
        try:  # and a toast on the pages the deployer has open
            user_notify(
                user_id=deployment.created_by_id,
                text=subject + (f": {error[:200]}" if error else ""),
                level="error" if status == LiveDeployment.Status.RUNTIME_ERROR else "info",
                url=url,
            )
        except Exception:
            logger.exception("Could not push the notice of %s", deployment.deploy_id)
    return made


# -- delivery -------------------------------------------------------------------------------------
def notification_submit(*, notification_id: int) -> None:
    """Deliver on the worker's notification threads once the row is committed."""
    transaction.on_commit(lambda: _pool.submit(_deliver_on_thread, notification_id))


def _deliver_on_thread(notification_id: int) -> None:
    close_old_connections()
    try:
        notification_deliver(notification_id=notification_id)
    except Exception:
        logger.exception("Delivering live notification %s failed", notification_id)
    finally:
        connection.close()


def notification_deliver(*, notification_id: int) -> LiveNotification:
    """Send a pending notification through its backend; a passing failure (no answer, HTTP 5xx
    or 429, mail server down) is tried again `QCWEB_LIVE_NOTIFY_ATTEMPTS` times in all, waiting
    `QCWEB_LIVE_NOTIFY_BACKOFF` seconds, then twice that, and so on."""
    notification = LiveNotification.objects.select_related("deployment").get(pk=notification_id)
    if notification.status != Status.PENDING:
        return notification
    attempts = max(1, int(getattr(settings, "QCWEB_LIVE_NOTIFY_ATTEMPTS", 3)))
    backoff = float(getattr(settings, "QCWEB_LIVE_NOTIFY_BACKOFF", 2.0))
    status, detail = Status.FAILED, ""
    for attempt in range(attempts):
        notification.attempts += 1
        try:
            backend_for(notification.kind).send(notification)
        except DeliveryError as exc:
            detail = str(exc)
            if exc.retry and attempt + 1 < attempts:
                time.sleep(backoff * 2**attempt)
                continue
            if exc.retry:
                detail += f" (after {notification.attempts} attempts)"
            break
        except Exception as exc:  # a misconfigured or broken backend
            logger.exception("Notification backend failed on %s", notification_id)
            detail = f"The {notification.get_kind_display()} backend failed: {exc}"
            break
        else:
            status, detail = Status.SENT, ""
            break
    LiveNotification.objects.filter(pk=notification.pk).update(
        status=status,
        detail=detail[:500],
        attempts=notification.attempts,
        sent_at=timezone.now() if status == Status.SENT else None,
    )
    notification.status, notification.detail = status, detail[:500]
    return notification


def notifications_resume_pending() -> int:
    """A worker (re)start: notifications whose delivery was cut off are delivered again."""
    pending = list(
        LiveNotification.objects.filter(status=Status.PENDING).values_list("pk", flat=True)
    )
    for pk in pending:
        notification_submit(notification_id=pk)
    return len(pending)


def live_notices_seen(*, user: Any, organization: Any) -> int:
    """The user has seen their notices about the organization's deployments (the live list)."""
    return LiveNotification.objects.filter(
        user=user, kind=Kind.SITE, deployment__organization=organization, read=False
    ).update(read=True)
