"""End to end in headless Chromium: sign up, see the organization, log out, log back in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium and chromedriver are required under CI (make test installs them)")
        pytest.skip("Chromium or chromedriver is not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def wait_for(driver, css: str, *, text: str | None = None):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 15)
    if text is not None:
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def test_sign_up_see_the_organization_log_out_and_back_in(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(live_server.url + "/")
    browser.find_element(By.LINK_TEXT, "Create a free account").click()

    wait_for(browser, "#signup-form")
    browser.find_element(By.NAME, "email").send_keys("ada@example.com")
    browser.find_element(By.NAME, "display_name").send_keys("Ada Lovelace")
    browser.find_element(By.NAME, "password").send_keys("analytical-engine-1843")
    browser.find_element(By.CSS_SELECTOR, "#signup-form button[type=submit]").click()

    heading = wait_for(browser, "#organization-name", text="Ada Lovelace's Organization")
    assert heading.text == "Ada Lovelace's Organization"
    assert browser.find_element(By.ID, "organization-tier").text == "Free tier"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=current-organization]").text == (
        "Ada Lovelace's Organization"
    )
    assert "Welcome to qcweb!" in browser.find_element(By.CLASS_NAME, "flashes").text

    browser.find_element(By.CSS_SELECTOR, "#user-menu summary").click()
    wait_for(browser, "#logout-button").click()
    wait_for(browser, ".hero")
    assert browser.find_elements(By.ID, "organization-name") == []

    browser.find_element(By.CSS_SELECTOR, ".nav-right").find_element(By.LINK_TEXT, "Log in").click()
    wait_for(browser, "#login-form")
    browser.find_element(By.NAME, "username").send_keys("ada@example.com")
    browser.find_element(By.NAME, "password").send_keys("analytical-engine-1843")
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()

    heading = wait_for(browser, "#organization-name", text="Ada Lovelace's Organization")
    assert heading.text == "Ada Lovelace's Organization"
