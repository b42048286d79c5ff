"""In headless Chromium, on the site served by daphne (websockets included) with a real Huey
consumer and sandboxed engine: deploy from the IDE through the wizard, watch log lines, the
equity chart and holdings arrive without reloading (and measure how long a `self.log()` line
takes to reach the page), add a security and place a manual order, liquidate, redeploy, stop."""

from __future__ import annotations

import re

import pytest

from live.models import LiveDeployment
from tests.fixtures import PASSWORD
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Logs the wall time of every line (the sandbox shares the machine's clock with the browser),
# every five replayed minutes: at 3600x about twelve lines a second, from midnight on.
TICKER = """from AlgorithmImports import *
import time as wall


class Ticker(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.ticks = 0
        self.schedule.on(
            self.date_rules.every_day(), self.time_rules.every(timedelta(minutes=5)), self.tick
        )

    def tick(self):
        self.ticks += 1
        self.log(f"tick {self.ticks} at {wall.time():.3f}")

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 0.5)
"""

OBSERVE = """
window.__lines = [];
new MutationObserver(function (records) {
  records.forEach(function (r) {
    r.addedNodes.forEach(function (n) { window.__lines.push([n.textContent, Date.now()]); });
  });
}).observe(document.getElementById('live-log'), {childList: true});
"""

LINE = re.compile(r"tick (\d+) at (\d+\.\d+)")


def log_in(driver, base, email):
    from selenium.webdriver.common.by import By

    driver.get(base + "/accounts/login/")
    wait_for(driver, "form")
    field = driver.find_elements(By.NAME, "username") or driver.find_elements(By.NAME, "email")
    field[0].send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "#user-menu")


def until(driver, predicate, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(predicate)


def confirm_click(driver, css):
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    until(driver, lambda d: d.switch_to.alert, timeout=5).accept()


def text(driver, element_id):
    """An element's text read in one script (the websocket swaps the state fragment many times a
    second: an element found first may be gone when its text is read)."""
    return driver.execute_script(
        "var e = document.getElementById(arguments[0]); return e ? e.textContent : '';", element_id
    )


def command_result(driver, name):
    """The result cell of the latest command called `name` in the Commands table."""
    return driver.execute_script(
        "var rows = document.querySelectorAll('#live-commands tr[data-command]');"
        "for (var i = 0; i < rows.length; i++) {"
        "  if (rows[i].children[1].textContent === arguments[0])"
        "    return rows[i].querySelector('[data-command-result]').textContent; }"
        "return '';",
        name,
    )


def status(driver):
    return driver.execute_script(
        "var e = document.getElementById('live-status'); return e && e.dataset.status;"
    )


def test_deploy_from_the_ide_watch_it_live_liquidate_redeploy_and_stop(
    live_site,
    browser,  # noqa: F811
    owner,
    make_project,
    node,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    project = make_project(TICKER, name="Ticker")
    log_in(browser, live_site, owner.email)
    browser.get(f"{live_site}/projects/{project.pk}/")
    wait_for(browser, "#deploy-live-button").click()

    wait_for(browser, "#deploy-form")
    Select(browser.find_element(By.NAME, "node")).select_by_value(str(node.pk))
    browser.execute_script("document.getElementsByName('replay_start')[0].value = '2024-01-02'")
    speed = browser.find_element(By.NAME, "replay_speed")
    speed.clear()
    speed.send_keys("3600")
    browser.find_element(By.ID, "deploy-submit").click()

    # the deploy request checks the project's build first: allow for a loaded machine
    until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#live-log"), timeout=60)
    deployment = LiveDeployment.objects.get(project=project)
    assert browser.current_url.endswith(f"/live/{deployment.pk}/")
    browser.execute_script(OBSERVE + "window.__same_page = true;")

    # 50 log lines pushed into the page: how long after `self.log()` each appeared
    until(browser, lambda d: d.execute_script("return window.__lines.length") >= 55, timeout=90)
    seen = browser.execute_script("return window.__lines")
    delays = []
    for line, shown_ms in seen:
        match = LINE.search(line)
        if match:
            delays.append(shown_ms / 1000 - float(match.group(2)))
    delays = sorted(delays[:50])
    assert len(delays) == 50
    p95 = delays[int(0.95 * len(delays)) - 1]
    print(
        f"\nlog line to page: p95 {p95 * 1000:.0f} ms, median {delays[25] * 1000:.0f} ms, "
        f"max {delays[-1] * 1000:.0f} ms over {len(delays)} lines"
    )
    # The 1 s target is a measurement (printed above, reported in the closing note), not a timed
    # assertion that a loaded test machine would break; what must hold is that lines stream while
    # the run goes on (a page filled only by the final snapshot would see them tens of seconds late)
    assert p95 < 10.0

    # the market opens (09:31 replayed, about ten seconds in): the order fills, equity is drawn
    until(browser, lambda d: "SPY" in text(d, "live-holdings"), timeout=90)
    until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#live-chart-equity .main-svg"))
    assert "SPY" in text(browser, "live-filled-orders")
    assert "Equity$" in text(browser, "live-statistics").replace(" ", "").replace("\n", "")
    assert browser.execute_script("return window.__same_page") is True

    # Add Security (LEAN's AddSecurityCommand) and a manual order (OrderCommand) from the page:
    # each confirmed, its result under Commands, the order in the orders table flagged manual
    wait_for(browser, "#add-security-symbol").send_keys("QQQ")
    confirm_click(browser, "#live-add-security")
    until(browser, lambda d: "AddSecurityCommand" in text(d, "live-commands"), timeout=30)
    until(
        browser,
        lambda d: "success" in command_result(d, "AddSecurityCommand"),
        timeout=90,
    )
    # a holding's "Create Order" fills the order form with its symbol
    browser.execute_script("document.querySelector('[data-order-symbol=\"SPY\"]').click()")
    symbol = browser.find_element(By.ID, "order-symbol")
    assert symbol.get_attribute("value") == "SPY"
    symbol.clear()
    symbol.send_keys("QQQ")
    browser.find_element(By.ID, "order-quantity").send_keys("5")
    confirm_click(browser, "#live-create-order")
    until(browser, lambda d: "success" in command_result(d, "OrderCommand"), timeout=90)
    until(
        browser,
        lambda d: (
            d.execute_script(
                "return Array.from(document.querySelectorAll('#live-filled-orders tr[data-manual]'))"
                ".map(function (r) { return r.textContent; }).join(' ')"
            ).count("QQQ")
            == 1
        ),
        timeout=60,
    )
    assert "manual" in text(browser, "live-filled-orders")
    until(browser, lambda d: "QQQ" in text(d, "live-holdings"), timeout=30)

    confirm_click(browser, "#live-liquidate")
    until(browser, lambda d: status(d) == "Liquidated", timeout=60)
    assert "None" in text(browser, "live-holdings")
    events = text(browser, "live-events")
    assert "Stop and liquidate requested." in events and owner.email in events
    until(browser, lambda d: d.find_element(By.ID, "live-redeploy").is_displayed(), timeout=10)

    confirm_click(browser, "#live-redeploy")
    # the new deployment's page (the form's own URL shows while the request is under way)
    new_page = re.compile(r"/live/(\d+)/$")
    until(
        browser,
        lambda d: (m := new_page.search(d.current_url)) and int(m.group(1)) != deployment.pk,
        timeout=60,
    )
    # the log is there but empty (no height: not "visible") until the new engine has started
    until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#live-log"), timeout=30)
    browser.execute_script(OBSERVE)
    until(browser, lambda d: d.execute_script("return window.__lines.length") >= 3, timeout=90)
    until(browser, lambda d: d.find_element(By.ID, "live-stop").is_displayed(), timeout=30)
    confirm_click(browser, "#live-stop")
    until(browser, lambda d: status(d) == "Stopped", timeout=120)
    second = LiveDeployment.objects.exclude(pk=deployment.pk).get(project=project)
    assert second.status == LiveDeployment.Status.STOPPED
    assert [e.user for e in second.events.all() if e.text == "Stop requested."] == [owner]
