"""In headless Chromium: open the Object Store from the projects list, upload a CSV, preview it
as a table in place (HTMX), then delete it."""

from __future__ import annotations

import pytest

from projects.models import ObjectStoreItem
from projects.tests.test_browser import log_in
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_and_delete(browser, live_server, owner, organization, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    log_in(browser, live_server, owner.email)
    browser.get(live_server.url + f"/projects/object-store/{organization.id}/")
    wait_for(browser, "#object-store-empty")
    source = tmp_path / "prices.csv"
    source.write_text("date,close\n2024-01-02,470.1\n")
    browser.find_element(By.CSS_SELECTOR, "#object-store-upload input[type=file]").send_keys(
        str(source)
    )
    browser.find_element(By.CSS_SELECTOR, "#object-store-upload input[name=key]").send_keys(
        "data/prices.csv"
    )
    browser.find_element(By.CSS_SELECTOR, "#object-store-upload button[type=submit]").click()
    wait_for(browser, "#object-table", text="data/prices.csv")
    assert "28" in browser.find_element(By.ID, "object-store-used").text

    browser.find_element(By.LINK_TEXT, "data/prices.csv").click()
    wait_for(browser, "#object-preview table", text="470.1")
    assert browser.current_url.endswith(f"/projects/object-store/{organization.id}/")

    browser.find_element(By.CSS_SELECTOR, "#object-table button.button-danger").click()
    browser.switch_to.alert.accept()
    wait_for(browser, "#object-store-empty")
    assert not ObjectStoreItem.objects.filter(organization=organization).exists()
