"""In headless Chromium: create a project from the SMA template, edit a line in the editor, run a
backtest, watch its status change without reloading, see the equity chart and statistics, open
the orders tab."""

from __future__ import annotations

import pytest

from backtests.models import Backtest
from projects.models import Project
from projects.tests.test_browser import log_in, wait_js
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDIT = (
    "const m = qcwebIde.editor.getModel();"
    "const n = m.findMatches('self.set_start_date(2023, 1, 1)', false, false, true, null, false)[0];"
    "m.pushEditOperations([], [{range: n.range, text: 'self.set_start_date(2024, 1, 2)'}], () => null);"
    "const e = m.findMatches('self.set_end_date(2024, 12, 31)', false, false, true, null, false)[0];"
    "m.pushEditOperations([], [{range: e.range, text: 'self.set_end_date(2024, 2, 28)'}], () => null);"
)


def test_run_a_backtest_from_the_ide_and_read_the_results(
    browser,  # noqa: F811
    live_server,
    owner,
    bt_settings,
    huey_consumer,
):
    from selenium.webdriver.common.by import By

    log_in(browser, live_server, owner.email)
    browser.get(live_server.url + "/projects/new/")
    browser.find_element(By.NAME, "name").send_keys("Browser backtest")
    browser.find_element(By.CSS_SELECTOR, "input[name=template][value=sma_crossover]").click()
    browser.find_element(By.CSS_SELECTOR, "#project-create-form button[type=submit]").click()
    wait_for(browser, "#project-name", text="Browser backtest")
    wait_js(browser, "return document.getElementById('ide').dataset.ready === 'true'")
    project = Project.objects.get(name="Browser backtest")

    # Edit lines in Monaco (the demo data of the tests covers Jan-Feb 2024), then Backtest: the
    # button saves the open file first.
    browser.execute_script(EDIT)
    wait_for(browser, "#backtest-button").click()
    wait_for(browser, "#backtest-status")
    backtest = Backtest.objects.get(project=project)
    assert "self.set_start_date(2024, 1, 2)" in backtest.snapshot["files"]["main.py"]
    assert "self.set_start_date(2024, 1, 2)" in project.files.get(name="main.py").content

    # The status updates in place until Completed; the results then load without a reload.
    browser.execute_script("window.__same_page = true")
    wait_for(browser, "#backtest-status [data-status=Completed]")
    wait_for(browser, "#chart-equity svg.main-svg")
    assert browser.execute_script("return window.__same_page") is True
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-drawdown svg.main-svg")
    table = browser.find_element(By.ID, "statistics-table").text
    for key in ("Sharpe Ratio", "Net Profit", "Drawdown", "Probabilistic Sharpe Ratio"):
        assert key in table
    assert "NET PROFIT" in browser.find_element(By.ID, "key-statistics").text.upper()

    browser.find_element(By.ID, "tab-orders").click()
    wait_for(browser, "#orders-table")
    backtest.refresh_from_db()
    assert backtest.status == Backtest.Status.COMPLETED
    assert f"{backtest.total_orders} order" in browser.find_element(By.ID, "orders-table").text
    assert "tab=orders" in browser.current_url

    # The rolling statistics: one-month windows first, then the three-month ones in place.
    browser.find_element(By.ID, "tab-rolling").click()
    wait_for(browser, "#rolling-M1_20240131")
    browser.execute_script("window.__same_page = true")
    browser.find_element(By.ID, "rolling-window-3").click()
    wait_for(browser, "#rolling-M3_20240131")
    assert not browser.find_elements(By.ID, "rolling-M1_20240131")
    assert browser.execute_script("return window.__same_page") is True
    assert "window=3" in browser.current_url


def test_the_header_refreshes_when_the_backtest_finishes_on_an_open_page(
    browser,  # noqa: F811
    live_server,
    owner,
    project,
    bt_settings,
    huey_consumer,
):
    """The page is opened while the backtest runs (the SMA takes ~20 s on the demo data); when it completes, the run time, node, data
    label and the Report / Download PDF buttons appear without a reload."""
    from selenium.webdriver.common.by import By

    from backtests.services import backtest_create
    from backtests.tests.conftest import wait_until

    log_in(browser, live_server, owner.email)
    backtest = backtest_create(project=project, user=owner)
    browser.get(f"{live_server.url}/backtests/{backtest.pk}/")
    wait_for(browser, "#backtest-status")
    # The page opened before the end, so its header was rendered without the final state.
    assert not browser.find_elements(By.CSS_SELECTOR, "#backtest-status [data-status=Completed]")
    assert not browser.find_elements(By.ID, "report-link")
    assert not browser.find_elements(By.ID, "download-json")
    assert " ran " not in browser.find_element(By.ID, "backtest-meta").text
    browser.execute_script("window.__same_page = true")

    wait_until(lambda: Backtest.objects.get(pk=backtest.pk).is_finished, timeout=120)
    finished = Backtest.objects.get(pk=backtest.pk)
    assert finished.status == Backtest.Status.COMPLETED, finished.error

    wait_for(browser, "#backtest-status [data-status=Completed]")
    wait_for(browser, "#report-link")
    wait_for(browser, "#report-pdf")
    wait_for(browser, "#download-json")
    meta = browser.find_element(By.ID, "backtest-meta").text
    assert f"ran {finished.duration_seconds:.1f} s" in meta
    assert finished.data_dir and finished.synthetic_data  # the demo data of the tests
    assert "synthetic demo data" in meta
    wait_for(browser, "#chart-equity svg.main-svg")
    assert browser.execute_script("return window.__same_page") is True


def test_option_and_future_results_filter_by_contract_and_show_the_holdings(
    browser,  # noqa: F811
    live_server,
    owner,
    make_project,
    bt_settings,
):
    """Real option and futures backtests on LEAN's sample data: the orders tab filtered by an
    option contract (its symbol's two spaces kept in the filter's value), the exercise's events,
    and the Holdings tab's open futures contract."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from backtests.services import backtest_create
    from backtests.tests.conftest import run_now
    from engine.tests.conftest import lean_data_path
    from engine.tests.contract_expiry import FUTURE_EXPIRY, OPTION_EXPIRY

    folder = lean_data_path()
    if not folder.is_dir():
        pytest.skip(f"LEAN sample data not found at {folder}")
    bt_settings.QCWEB_DATA_DIR = folder
    option = run_now(backtest_create(project=make_project(OPTION_EXPIRY, name="Call"), user=owner))
    future = run_now(backtest_create(project=make_project(FUTURE_EXPIRY, name="ES"), user=owner))
    assert option.status == future.status == Backtest.Status.COMPLETED, option.error + future.error

    log_in(browser, live_server, owner.email)
    browser.get(f"{live_server.url}/backtests/{option.pk}/?tab=orders")
    wait_for(browser, "#orders-table", text="4 orders")
    browser.execute_script("window.__same_page = true")
    Select(browser.find_element(By.ID, "orders-symbol")).select_by_value("GOOG  151224C00747500")
    wait_for(browser, "#orders-table", text="2 orders")
    symbols = browser.execute_script(
        "return Array.from(document.querySelectorAll('#orders-table tbody.bt-order strong'))"
        ".map(function (s) { return s.textContent; })"
    )
    assert symbols == ["GOOG  151224C00747500"] * 2
    assert "Option Exercise" in browser.find_element(By.ID, "orders-table").text
    assert browser.execute_script("return window.__same_page") is True
    # the exercise order's events: the contract's fill, then the shares delivered at the strike
    events = browser.execute_script(
        "return Array.from(document.querySelectorAll('#orders-table .bt-events'))"
        ".map(function (r) { return r.textContent; }).join(' ')"
    )
    assert "Automatic Exercise" in events and "Option Exercise" in events

    browser.get(f"{live_server.url}/backtests/{future.pk}/")
    wait_for(browser, "#tab-holdings").click()
    wait_for(browser, "#holdings-table")
    row = browser.find_element(
        By.CSS_SELECTOR, '#holdings-table tr[data-holding="ES VP274HSU1AF5"]'
    )
    assert "ES21H14" in row.text and "Future" in row.text and "-2" in row.text
    assert "tab=holdings" in browser.current_url
