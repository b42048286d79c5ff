"""In headless Chromium: import a small CSV from the datasets page, watch the import page reach
"Completed" by polling (a real Huey consumer runs the import), read the refused line in the
report, and find the symbol in the catalog and on its page."""

from __future__ import annotations

import pytest

from backtests.data_library.models import DataImport
from projects.tests.test_browser import log_in
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "date,open,high,low,close,volume\n"
    "2024-01-02,20,21,19,20.5,1000\n"
    "2024-01-03,20.5,22,20,21.5,1100\n"
    "2024-01-04,21.5,x,21,22,900\n"
    "2024-01-05,22,23,21.5,22.5,1200\n"
)


def test_import_a_csv_and_see_it_in_the_catalog(
    browser,  # noqa: F811
    live_server,
    owner,
    settings,
    demo_data,
    huey_consumer,
    tmp_path,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    settings.QCWEB_DATA_DIR = demo_data
    log_in(browser, live_server, owner.email)
    browser.get(live_server.url + "/datasets/")
    wait_for(browser, "#dataset-table", text="SPY")
    assert "BRWS" not in browser.find_element(By.ID, "dataset-table").text
    source = tmp_path / "brws.csv"
    source.write_text(CSV)
    browser.find_element(By.ID, "import-file").send_keys(str(source))
    browser.find_element(By.ID, "import-symbol").send_keys("BRWS")
    Select(browser.find_element(By.NAME, "resolution")).select_by_value("daily")
    browser.find_element(By.ID, "import-submit").click()

    wait_for(browser, "#import-state", text="Completed")
    record = DataImport.objects.get()
    assert browser.current_url.endswith(f"/datasets/imports/{record.pk}/")
    refused = browser.find_element(By.ID, "import-refused").text
    assert "column high is not a number ('x')" in refused and "4" in refused
    assert "equity/usa/daily/brws.zip" in browser.find_element(By.ID, "import-imported").text
    assert browser.find_element(By.ID, "import-progress").get_attribute("value") == "100"

    browser.find_element(By.LINK_TEXT, "← Datasets").click()
    wait_for(browser, "#dataset-table", text="BRWS")
    row = next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, "#dataset-table tbody tr")
        if "BRWS" in r.text
    )
    assert "Organization" in row.text and "2024-01-02" in row.text and "2024-01-05" in row.text
    assert int(browser.find_element(By.ID, "data-storage-used").text.split()[0]) > 0
    row.find_element(By.LINK_TEXT, "BRWS").click()
    wait_for(browser, "#dataset-symbol", text="BRWS")
    wait_for(browser, "#chart-price .main-svg")
