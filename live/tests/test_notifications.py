"""Live notifications: the algorithm's `self.notify` requests and the platform's deployment
events, delivered by email (Django's locmem backend), webhook (a real HTTP server on a thread),
SMS and Telegram backends; the tier's hourly quota and QCC; the delivery log on the page."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from accounts.models import CreditEntry, Organization
from accounts.services.credit import credit_grant
from live.models import LiveDeployment, LiveNotification
from live.notifications import EMAIL_BODY_BYTES, DeliveryError, NotificationBackend
from live.selectors import notification_quota
from live.services import live_deploy, live_execute
from live.services.notify import (
    deployment_event_notify,
    notification_deliver,
    notification_request,
    notifications_receive,
    sms_cost,
)

Status = LiveNotification.Status


class Hook:
    """A local HTTP server that records POSTs and answers with the scripted statuses."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                time.sleep(hook.delay)
                status = hook.statuses.pop(0) if hook.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook(settings):
    settings.QCWEB_LIVE_WEBHOOK_ALLOW_PRIVATE = True  # the test server is on loopback
    settings.QCWEB_LIVE_NOTIFY_BACKOFF = 0.05
    server = Hook()
    yield server
    server.close()


@pytest.fixture
def deployment(live_settings, project, owner, node, no_enqueue):
    return live_deploy(
        project=project,
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
        notification_targets=[{"type": "email", "address": "ops@example.com"}],
    )


def web(url: str, data=None, headers=None) -> dict:
    return {"type": "web", "address": url, "data": data, "headers": headers or {}}


# -- delivery -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_webhook_is_posted_as_json_with_its_headers(deployment, hook):
    n = notification_request(
        deployment=deployment,
        request=web(hook.url, {"symbol": "SPY", "price": 470.5}, {"Authorization": "Bearer k"}),
    )
    assert n.status == Status.PENDING and n.qcc == 0
    done = notification_deliver(notification_id=n.pk)
    assert done.status == Status.SENT
    (request,) = hook.received
    assert json.loads(request["body"]) == {"symbol": "SPY", "price": 470.5}
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Bearer k"
    n.refresh_from_db()
    assert n.sent_at is not None and n.attempts == 1


@pytest.mark.django_db
def test_a_failing_webhook_is_retried_with_backoff_then_given_up(deployment, hook):
    hook.statuses = [503, 502, 200]
    began = time.monotonic()
    n = notification_request(deployment=deployment, request=web(hook.url, {"a": 1}))
    done = notification_deliver(notification_id=n.pk)
    assert done.status == Status.SENT and len(hook.received) == 3
    assert time.monotonic() - began >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s

    hook.statuses = [503, 503, 503]
    n = notification_request(deployment=deployment, request=web(hook.url, {"a": 2}))
    done = notification_deliver(notification_id=n.pk)
    assert done.status == Status.FAILED
    assert "HTTP 503" in done.detail and "after 3 attempts" in done.detail

    hook.statuses = [404]  # the address is wrong: no retry
    n = notification_request(deployment=deployment, request=web(hook.url, {"a": 3}))
    done = notification_deliver(notification_id=n.pk)
    n.refresh_from_db()
    assert done.status == Status.FAILED and n.attempts == 1 and "404" in n.detail


@pytest.mark.django_db
def test_a_webhook_that_does_not_answer_times_out(deployment, hook, settings):
    settings.QCWEB_LIVE_WEBHOOK_TIMEOUT = 0.3
    settings.QCWEB_LIVE_NOTIFY_ATTEMPTS = 2
    hook.delay = 1.0
    began = time.monotonic()
    n = notification_request(deployment=deployment, request=web(hook.url, {}))
    done = notification_deliver(notification_id=n.pk)
    assert done.status == Status.FAILED and "No answer" in done.detail
    assert time.monotonic() - began < 2.0  # two 0.3 s timeouts and a 0.05 s wait


@pytest.mark.django_db
def test_a_webhook_to_the_servers_own_network_is_refused_by_default(deployment, settings):
    settings.QCWEB_LIVE_WEBHOOK_ALLOW_PRIVATE = False
    n = notification_request(deployment=deployment, request=web("http://127.0.0.1:9/x", {}))
    done = notification_deliver(notification_id=n.pk)
    assert done.status == Status.FAILED and "public addresses only" in done.detail


@pytest.mark.django_db
def test_email_goes_through_djangos_mail_backend_with_the_10kb_cap(deployment):
    n = notification_request(
        deployment=deployment,
        request={
            "type": "email",
            "address": "me@example.com",
            "subject": "Filled\nBcc: evil@example.com",
            "message": "é" * EMAIL_BODY_BYTES,  # 20 KB of UTF-8
            "data": "a,b\n1,2",
            "headers": {"X-Strategy": "paper", "Bcc": "evil@example.com"},
        },
    )
    assert notification_deliver(notification_id=n.pk).status == Status.SENT
    (message,) = mail.outbox
    assert message.to == ["me@example.com"] and message.subject == "Filled Bcc: evil@example.com"
    assert len(message.body.encode()) <= EMAIL_BODY_BYTES
    assert message.attachments[0][0] == "data.txt"
    assert message.extra_headers == {"X-Strategy": "paper"}  # no Bcc from the algorithm


class Recorder(NotificationBackend):
    sent: list = []

    def send(self, notification) -> None:
        if notification.message == "fail":
            raise DeliveryError("provider down")
        Recorder.sent.append((notification.kind, notification.target, notification.message))


@pytest.mark.django_db
def test_sms_and_telegram_go_through_the_configured_backends(deployment, settings, caplog):
    settings.QCWEB_LIVE_SMS_BACKEND = "live.tests.test_notifications.Recorder"
    credit_grant(organization=deployment.organization, qcc=100, reason="test")
    Recorder.sent = []
    sms = notification_request(
        deployment=deployment,
        request={"type": "sms", "phoneNumber": "+15551234567", "message": "filled"},
    )
    assert notification_deliver(notification_id=sms.pk).status == Status.SENT
    assert Recorder.sent == [("sms", "+15551234567", "filled")]
    failed = notification_request(
        deployment=deployment,
        request={"type": "sms", "phoneNumber": "+15551234567", "message": "fail"},
    )
    assert notification_deliver(notification_id=failed.pk).detail == "provider down"
    # Telegram: the logging default
    tg = notification_request(
        deployment=deployment, request={"type": "telegram", "id": "-503016366", "message": "hi"}
    )
    with caplog.at_level("INFO", logger="live.notifications"):
        assert notification_deliver(notification_id=tg.pk).status == Status.SENT
    assert "-503016366" in caplog.text and "hi" in caplog.text


@pytest.mark.django_db
def test_telegram_bot_backend_calls_the_bot_api(deployment, settings, hook):
    settings.QCWEB_LIVE_TELEGRAM_BACKEND = "live.notifications.TelegramBotBackend"
    settings.QCWEB_LIVE_TELEGRAM_API = hook.url.rsplit("/", 1)[0]
    tg = notification_request(
        deployment=deployment,
        request={"type": "telegram", "id": "-100", "message": "hello", "token": "123:abc"},
    )
    assert notification_deliver(notification_id=tg.pk).status == Status.SENT
    (request,) = hook.received
    assert request["path"] == "/bot123:abc/sendMessage"
    assert json.loads(request["body"]) == {"chat_id": "-100", "text": "hello"}


@pytest.mark.django_db
def test_malformed_requests_are_refused_and_logged(deployment):
    lines: list[str] = []
    snapshot = {
        "notificationCount": 5,
        "notifications": [
            {"type": "email", "address": "nobody", "subject": "s", "message": "m"},
            {"type": "web", "address": "file:///etc/passwd", "data": {}},
            {"type": "sms", "phoneNumber": "call me", "message": "m"},
            {"type": "fax", "address": "x"},
            web("https://example.com/big", "x" * 70_000),
        ],
    }
    assert (
        notifications_receive(deployment=deployment, snapshot=snapshot, seen=0, log=lines.extend)
        == 5
    )
    rows = list(deployment.notifications.order_by("id"))
    assert [r.status for r in rows] == [Status.REFUSED] * 5
    assert "Invalid email address" in rows[0].detail
    assert "Invalid webhook address" in rows[1].detail
    assert "at most 65536" in rows[4].detail  # a webhook body past 64 KB
    assert len(lines) == 5 and all(line.startswith("NOTIFICATION:: ") for line in lines)
    # a later snapshot: only the new ones
    snapshot["notificationCount"] = 6
    snapshot["notifications"].append(web("https://example.com/x", 1))
    assert notifications_receive(deployment=deployment, snapshot=snapshot, seen=5) == 6
    assert deployment.notifications.count() == 6


# -- quotas ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_hourly_quota_is_free_then_costs_qcc_then_is_refused(deployment):
    organization = deployment.organization
    organization.tier = Organization.Tier.RESEARCHER  # 20 an hour
    organization.save(update_fields=["tier"])
    telegram = {"type": "telegram", "id": "-1", "message": "m"}
    for _ in range(20):
        assert notification_request(deployment=deployment, request=telegram).qcc == 0
    assert notification_quota(deployment) == {"limit": 20, "used": 20, "left": 0, "qcc": 0}
    refused = notification_request(deployment=deployment, request=telegram)
    assert refused.status == Status.REFUSED and "hourly quota of 20" in refused.detail
    credit_grant(organization=organization, qcc=1, reason="test")
    paid = notification_request(deployment=deployment, request=telegram)
    assert paid.status == Status.PENDING and paid.qcc == 1
    spent = CreditEntry.objects.get(organization=organization, kind=CreditEntry.Kind.SPEND)
    assert spent.amount == -1 and deployment.deploy_id in spent.reason
    assert notification_request(deployment=deployment, request=telegram).status == Status.REFUSED
    assert notification_quota(deployment)["qcc"] == 1
    # an hour later the quota is free again
    LiveNotification.objects.update(
        created=LiveNotification.objects.first().created.replace(year=2000)
    )
    assert notification_request(deployment=deployment, request=telegram).qcc == 0


@pytest.mark.django_db
def test_sms_always_costs_qcc(deployment):
    assert sms_cost("+1 555 123 4567") == 1 and sms_cost("5551234567") == 1
    assert sms_cost("+44 20 7946 0958") == 10
    request = {"type": "sms", "phoneNumber": "+447946095800", "message": "m"}
    assert notification_request(deployment=deployment, request=request).status == Status.REFUSED
    credit_grant(organization=deployment.organization, qcc=10, reason="test")
    assert notification_request(deployment=deployment, request=request).qcc == 10


# -- the platform's notifications -----------------------------------------------------------------
@pytest.mark.django_db
def test_a_stop_notifies_the_targets_and_the_deployer_in_the_site(deployment, owner, hook):
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        notification_targets=[
            {"type": "email", "address": "ops@example.com"},
            {"type": "webhook", "address": hook.url},
        ]
    )
    deployment.refresh_from_db()
    made = deployment_event_notify(
        deployment=deployment, status="RuntimeError", error="KeyError: 'x'", restarts_used_up=True
    )
    email, webhook, site = made
    assert site.kind == "site" and site.user == owner and site.status == Status.SENT
    assert "after the last automatic restart" in site.subject
    for n in (email, webhook):
        assert notification_deliver(notification_id=n.pk).status == Status.SENT
    assert "KeyError" in mail.outbox[0].body
    body = json.loads(hook.received[0]["body"])
    assert body["status"] == "RuntimeError" and body["restartsUsedUp"] is True
    assert body["deployId"] == deployment.deploy_id
    assert notification_quota(deployment)["used"] == 0  # the platform's own are free


@pytest.mark.django_db
def test_the_page_shows_the_quota_and_the_delivery_log(deployment, owner_client, outsider_client):
    notification_request(deployment=deployment, request=web("https://example.com/h", {"a": 1}))
    notification_request(deployment=deployment, request={"type": "email", "address": "bad"})
    page = owner_client.get(f"/live/{deployment.pk}/").content.decode()
    assert 'id="live-notifications"' in page
    assert "This hour: 1 of 60 free" in page
    assert "https://example.com/h" in page and "Invalid email address: bad" in page
    assert outsider_client.get(f"/live/{deployment.pk}/").status_code == 404


# -- end to end: a real engine asks, the worker delivers ------------------------------------------
NOTIFYING = """from AlgorithmImports import *


class Notifying(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.sent = 0

    def on_data(self, data):
        if self.spy in data.bars and self.sent < 3:
            if self.sent == 0:
                self.market_order(self.spy, 2)
            self.sent += 1
            ok = self.notify.web(self.get_parameter("hook"), {"close": data.bars[self.spy].close, "n": self.sent})
            self.notify.email("me@example.com", f"bar {self.sent}", str(self.time))
            self.log(f"notify returned {ok}")
        if self.sent == 3:
            self.sent += 1
            return {}["boom"]  # a crash: the deployment's targets hear about it
"""


@pytest.mark.django_db(transaction=True)
def test_a_live_algorithm_notifies_and_its_crash_notifies_the_targets(
    live_settings, make_project, owner, node, no_enqueue, hook
):
    project = make_project(NOTIFYING, name="Notifying")
    deployment = live_deploy(
        project=project,
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
        automatic_restart=False,
        parameters={"hook": hook.url},
        notification_targets=[{"type": "webhook", "address": hook.url, "events": ["orders"]}],
    )
    live_execute(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.RUNTIME_ERROR, deployment.error
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(hook.received) < 5:
        time.sleep(0.1)
    bodies = [json.loads(r["body"]) for r in hook.received]
    algorithm = [b for b in bodies if "close" in b]
    assert sorted(b["n"] for b in algorithm) == [1, 2, 3]
    orders = [b for b in bodies if "orderId" in b]
    assert orders and orders[-1]["status"] == "Filled" and orders[-1]["symbol"] == "SPY"
    assert orders[-1]["quantity"] == 2
    (event,) = [b for b in bodies if "restartsUsedUp" in b]
    assert event["status"] == "RuntimeError" and "boom" in event["error"]
    while time.monotonic() < deadline and len(mail.outbox) < 3:
        time.sleep(0.1)
    assert sorted(m.subject for m in mail.outbox) == ["bar 1", "bar 2", "bar 3"]
    log = deployment.log_path.read_text()
    assert "notify returned True" in log
    kinds = sorted((n.source, n.kind, n.status) for n in deployment.notifications.all())
    assert kinds.count(("algorithm", "web", "sent")) == 3 + len(orders)  # order events count
    assert ("event", "site", "sent") in kinds


@pytest.mark.django_db(transaction=True)
def test_restarts_used_up_notify_the_targets_once(
    live_settings, make_project, owner, node, no_enqueue
):
    from .conftest import CRASH

    deployment = live_deploy(
        project=make_project(CRASH, name="Crashy"),
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
        notification_targets=[{"type": "email", "address": "ops@example.com"}],
    )
    # it ran before (a saved state) and has used four of its five attempts
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        state={"time": "2024-01-02T10:00:00", "cash": {"USD": {"amount": 1000.0}}}, restarts=4
    )
    live_execute(deployment_id=deployment.pk)  # the fifth restart is queued: no notification
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE and deployment.restarts == 5
    assert not deployment.notifications.exists()
    live_execute(deployment_id=deployment.pk)  # crashes again: no attempt left
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.RUNTIME_ERROR
    assert any("gave up after 5 attempts" in e.text for e in deployment.events.all())
    site = deployment.notifications.get(kind="site")
    assert site.user == owner and "after the last automatic restart" in site.subject
    assert "missing" in site.message
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not mail.outbox:
        time.sleep(0.1)
    (message,) = mail.outbox
    assert message.to == ["ops@example.com"] and "Runtime Error" in message.subject


@pytest.mark.django_db
def test_the_deployer_sees_the_notice_in_the_site_once_as_new(
    deployment, owner, owner_client, member_client
):
    from django.urls import reverse

    deployment_event_notify(deployment=deployment, status="Stopped")
    owner_client.post(
        reverse("accounts:organization_switch"), {"organization_id": deployment.organization_id}
    )
    page = owner_client.get(reverse("live:list")).content.decode()
    assert 'id="live-notices"' in page and "<strong>New</strong>" in page
    assert f"Live algorithm {deployment.project.name}: Stopped" in page
    again = owner_client.get(reverse("live:list")).content.decode()
    assert "<strong>New</strong>" not in again and "Stopped" in again
    # addressed to the deployer only
    member_client.post(
        reverse("accounts:organization_switch"), {"organization_id": deployment.organization_id}
    )
    assert 'id="live-notices"' not in member_client.get(reverse("live:list")).content.decode()


@pytest.mark.django_db
def test_a_stop_completed_by_a_worker_restart_notifies_too(deployment, owner):
    from live.services import live_resume_interrupted

    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running", stop_requested="stop")
    live_resume_interrupted()
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.STOPPED
    kinds = sorted(deployment.notifications.values_list("kind", "target"))
    assert kinds == [("email", "ops@example.com"), ("site", str(owner))]


@pytest.mark.django_db
def test_order_events_reach_the_targets_that_asked_for_them(deployment, hook):
    from live.forms import DeployForm
    from live.services.notify import order_events_notify, order_statuses

    form = DeployForm(
        {
            "node": 1,
            "replay_start": "2024-01-02",
            "replay_speed": "60",
            "notify_webhook": hook.url,
            "notify_order_events": "on",
        },
        nodes=[type("N", (), {"id": 1, "name": "L", "model": "m"})()],
    )
    assert form.is_valid(), form.errors
    targets = form.targets() + [{"type": "email", "address": "quiet@example.com"}]
    LiveDeployment.objects.filter(pk=deployment.pk).update(notification_targets=targets)
    deployment.refresh_from_db()

    def snapshot(status: int) -> dict:
        order = {"id": 1, "symbol": {"value": "SPY"}, "quantity": 10, "price": 470.0}
        return {"time": "2024-01-02T09:31:00", "orders": {"1": {**order, "status": status}}}

    known = order_statuses(deployment.state)
    known = order_events_notify(deployment=deployment, snapshot=snapshot(1), known=known)
    known = order_events_notify(deployment=deployment, snapshot=snapshot(1), known=known)
    known = order_events_notify(deployment=deployment, snapshot=snapshot(3), known=known)
    rows = list(deployment.notifications.order_by("id"))
    assert [(r.kind, r.target) for r in rows] == [("web", hook.url)] * 2  # not the quiet one
    for row in rows:
        notification_deliver(notification_id=row.pk)
    statuses = [json.loads(r["body"])["status"] for r in hook.received]
    assert statuses == ["Submitted", "Filled"]
    assert notification_quota(deployment)["used"] == 2  # they count toward the quota
    # a resumed run starts from the saved state's orders: nothing is told twice
    assert order_events_notify(deployment=deployment, snapshot=snapshot(3), known={"1": 3}) == {
        "1": 3
    }
    assert deployment.notifications.count() == 2
