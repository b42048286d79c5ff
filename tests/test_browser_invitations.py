"""In headless Chromium: an owner invites a member by email, the member accepts from the mailed
link and appears in the member list."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.fixtures import PASSWORD
from tests.test_browser import browser, wait_for  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(driver, url: str, email: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url + "/accounts/login/")
    wait_for(driver, "#login-form")
    driver.find_element(By.NAME, "username").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait_for(driver, "#user-menu")


def test_owner_invites_and_the_member_accepts_from_the_mail(  # noqa: F811
    browser,  # noqa: F811
    live_server,
    settings,
    make_user,
):
    from selenium.webdriver.common.by import By

    from accounts.services import organization_create

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = make_user("olivia@example.com", display_name="Olivia Owner")
    organization = organization_create(name="Acme Capital", owner=owner)
    organization.tier = "team"
    organization.save(update_fields=["tier"])
    make_user("max@example.com", display_name="Max Member")

    log_in(browser, live_server.url, "olivia@example.com")
    browser.get(f"{live_server.url}/accounts/organizations/{organization.id}/members/")
    wait_for(browser, "#invite-form")
    browser.find_element(By.CSS_SELECTOR, "#invite-form input[name=email]").send_keys(
        "max@example.com"
    )
    browser.find_element(By.CSS_SELECTOR, "#invite-form button[type=submit]").click()
    wait_for(browser, "#invitations", text="max@example.com")  # swapped in by htmx

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    browser.find_element(By.CSS_SELECTOR, "#user-menu summary").click()
    wait_for(browser, "#logout-button").click()
    wait_for(browser, ".hero")

    browser.get(link)
    wait_for(browser, "#invitation-login").click()
    wait_for(browser, "#login-form")
    browser.find_element(By.NAME, "username").send_keys("max@example.com")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait_for(browser, "#accept-invitation").click()

    wait_for(browser, "#member-list", text="max@example.com")
    rows = browser.find_elements(By.CSS_SELECTOR, "#member-list tbody tr")
    assert [row.get_attribute("data-member") for row in rows] == [
        "olivia@example.com",
        "max@example.com",
    ]
    assert "Welcome to Acme Capital!" in browser.find_element(By.CLASS_NAME, "flashes").text
    browser.save_screenshot("/tmp/smk/members.png")
