"""In headless Chromium, on the site served by daphne (websockets) with a real Huey consumer and
the sandboxed engine: a slow backtest's page shows partial results while it runs (the equity
chart so far, runtime statistics, orders and log lines, updating without a reload), then the
finished view with its charts fetched from the chart-data URL."""

from __future__ import annotations

import pytest

from backtests.models import Backtest
from backtests.services import backtest_create
from backtests.tests.conftest import SLOW
from live.tests.test_browser import log_in
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_js(driver, script, timeout=90):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def test_partial_results_appear_while_a_slow_backtest_runs(
    browser,  # noqa: F811
    backtest_site,
    bt_settings,
    make_project,
    owner,
):
    bt_settings.QCWEB_BACKTEST_SNAPSHOT_SECONDS = 0.5
    project = make_project(SLOW, name="Slow browser", parameters={"pause": "0.4"})
    log_in(browser, backtest_site, owner.email)
    backtest = backtest_create(project=project, user=owner)
    browser.get(f"{backtest_site}/backtests/{backtest.pk}/")
    browser.execute_script("window.__same_page = true")

    # While it runs: the first snapshot's results arrive over the websocket ...
    wait_js(browser, "return !!document.querySelector('#bt-partial-chart svg.main-svg')")
    assert Backtest.objects.get(pk=backtest.pk).status == Backtest.Status.RUNNING
    first_time = browser.execute_script(
        "return document.getElementById('bt-partial-time').textContent"
    )
    wait_js(browser, "return document.querySelectorAll('#partial-orders tbody tr').length > 0")
    wait_js(
        browser, "return /day 2024-01-/.test(document.querySelector('#partial-logs').textContent)"
    )
    wait_js(
        browser,
        "var s = document.getElementById('partial-runtime-statistics');"
        "return s && /Equity/.test(s.textContent) && /Net Profit/.test(s.textContent)",
    )
    # ... and later ones move it on, without a reload
    wait_js(
        browser,
        f"return document.getElementById('bt-partial-time').textContent > '{first_time}'",
    )
    assert Backtest.objects.get(pk=backtest.pk).status == Backtest.Status.RUNNING
    assert browser.execute_script("return window.__same_page") is True

    # At completion the finished view replaces the partial results, charts fetched separately.
    wait_js(browser, "return !!document.querySelector('#backtest-status [data-status=Completed]')")
    wait_js(browser, "return !!document.querySelector('#chart-equity svg.main-svg')")
    assert not browser.find_elements("id", "bt-partial")
    assert browser.execute_script("return window.__same_page") is True
    assert "Net Profit" in browser.find_element("id", "statistics-table").text
