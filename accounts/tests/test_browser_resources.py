"""In headless Chromium at 1400 px: the Resources page's price tables fit their cards, with the
monthly price in sight (not behind a sideways scroll)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.selectors import personal_organization
from projects.tests.test_browser import log_in
from tests.test_browser import browser  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_price_tables_fit_their_cards(browser, live_server, owner):  # noqa: F811
    browser.set_window_size(1400, 900)
    log_in(browser, live_server, owner.email)
    organization = personal_organization(owner)
    browser.get(
        live_server.url + reverse("accounts:organization_resources", args=[organization.id])
    )
    tables = browser.execute_script(
        "return [...document.querySelectorAll('.table-scroll')].map(box => {"
        " const card = box.closest('.card').getBoundingClientRect();"
        " const price = box.querySelector('tbody tr td:last-child').getBoundingClientRect();"
        " return {scrolls: box.scrollWidth > box.clientWidth + 1,"
        " inside: price.right <= card.right && price.width > 0}; })"
    )
    assert len(tables) == 3
    assert all(not t["scrolls"] and t["inside"] for t in tables), tables
