"""In headless Chromium: create an optimization of two parameters from the project, watch its
progress change without reloading, then see the heat map and the best backtest."""

from __future__ import annotations

import pytest

from backtests.models import Optimization
from backtests.tests.conftest import wait_until
from projects.tests.test_browser import log_in, wait_js
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_watch_progress_and_open_the_heat_map(
    browser,  # noqa: F811
    live_server,
    owner,
    opt_project,
    bt_settings,
    huey_consumer,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    log_in(browser, live_server, owner.email)
    browser.get(f"{live_server.url}/backtests/project/{opt_project.pk}/optimize/")
    fields = {
        "param0_min": "1",
        "param0_max": "2",
        "param0_step": "1",
        "param1_min": "0.5",
        "param1_max": "1",
        "param1_step": "0.5",
    }
    Select(browser.find_element(By.NAME, "param0_name")).select_by_value("period")
    Select(browser.find_element(By.NAME, "param1_name")).select_by_value("weight")
    for name, value in fields.items():
        browser.find_element(By.NAME, name).send_keys(value)
    Select(browser.find_element(By.NAME, "target")).select_by_value("netProfit")
    browser.find_element(By.NAME, "node_count").clear()
    browser.find_element(By.NAME, "node_count").send_keys("2")
    browser.find_element(By.ID, "launch-button").click()

    wait_for(browser, "#optimization-status")
    optimization = Optimization.objects.get(project=opt_project)
    page = browser.current_url
    # The banner changes on the open page (websocket, polling as fallback) until 4/4.
    # (read in the page: htmx replaces the banner, so a found element can go stale in between)
    progress = "return document.getElementById('optimization-progress')?.textContent || ''"
    wait_until(lambda: "4/4" in browser.execute_script(progress), timeout=180)
    assert browser.current_url == page
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.COMPLETED
    browser.get(page)
    wait_for(browser, "#chart-optimization")
    wait_js(browser, "return !!document.querySelector('#chart-optimization .main-svg')")
    assert (
        browser.execute_script("return document.getElementById('chart-optimization').data[0].type")
        == "heatmap"
    )
    best = wait_for(browser, "#optimization-best")
    assert "Best:" in best.text
    assert browser.find_elements(By.CSS_SELECTOR, "#optimization-table tr.opt-best")
