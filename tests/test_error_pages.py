from __future__ import annotations

import pytest
from django.test import RequestFactory

from qcweb import views

pytestmark = pytest.mark.django_db


def test_an_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content
    assert b"Back to the dashboard" in response.content


def test_a_missing_organization_is_a_404_with_the_layout(member_client):
    response = member_client.post("/accounts/organizations/switch/", {"organization_id": 999999})

    assert response.status_code == 404
    assert b'class="topbar"' in response.content


def test_the_403_page(rf: RequestFactory, owner):
    request = rf.get("/")
    request.user = owner
    request.session = {}
    response = views.permission_denied(request)

    assert response.status_code == 403
    assert b"You can't open this page" in response.content


def test_the_500_page_renders_without_a_request_context(rf: RequestFactory):
    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
