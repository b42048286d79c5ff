from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_mails_a_reset_link_that_sets_a_new_password(client, owner):
    response = client.post(reverse("accounts:password_reset"), {"email": "owner@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert message.subject == "Reset your qcweb password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)  # Django swaps the token for a session marker
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password("a-brand-new-secret-42")


def test_an_unknown_email_gets_no_mail_and_the_same_page(client, owner):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_tampered_link_is_refused(client, owner):
    response = client.get("/accounts/password/reset/MQ/bad-token/", follow=True)

    assert response.status_code == 200
    assert not response.context["validlink"]
    assert b"This link no longer works" in response.content
