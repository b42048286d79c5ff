"""In headless Chromium: create a project from the SMA template, edit main.py in Monaco, save with
Ctrl+S, and see the conflict view when someone else saved in between."""

from __future__ import annotations

import pytest

from projects.models import Project
from projects.services import file_save
from tests.fixtures import PASSWORD
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(driver, live_server, email):
    from selenium.webdriver.common.by import By

    driver.get(live_server.url + "/accounts/login/")
    wait_for(driver, "form")
    field = driver.find_elements(By.NAME, "username") or driver.find_elements(By.NAME, "email")
    field[0].send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "#user-menu")


def wait_js(driver, script, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def status(driver):
    return driver.find_element("id", "save-status").text


def test_create_edit_and_save_with_ctrl_s(browser, live_server, owner):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    log_in(browser, live_server, owner.email)
    browser.find_element(By.LINK_TEXT, "Projects").click()
    browser.find_element(By.ID, "new-project").click()
    browser.find_element(By.NAME, "name").send_keys("Browser SMA")
    browser.find_element(By.CSS_SELECTOR, "input[name=template][value=sma_crossover]").click()
    browser.find_element(By.CSS_SELECTOR, "#project-create-form button[type=submit]").click()

    wait_for(browser, "#project-name", text="Browser SMA")
    wait_js(browser, "return document.getElementById('ide').dataset.ready === 'true'")
    project = Project.objects.get(name="Browser SMA")
    # Monaco shows main.py with line numbers and Python highlighting
    wait_for(browser, "#editor .monaco-editor .view-lines")
    assert browser.find_element(By.ID, "current-file-name").text == "main.py"
    numbers = browser.execute_script(
        "return [...document.querySelectorAll('#editor .line-numbers')].map(e => e.textContent)"
    )
    assert "1" in numbers and "2" in numbers
    wait_js(
        browser,
        "return document.querySelector('#editor .view-lines').textContent"
        ".includes('SmaCrossoverAlgorithm')",
    )
    assert browser.execute_script("return qcwebIde.editor.getModel().getLanguageId()") == "python"
    assert status(browser) == "Saved"

    # Type into the editor: the status turns unsaved, Ctrl+S saves.
    browser.find_element(By.CSS_SELECTOR, "#editor .view-lines").click()
    browser.execute_script(
        "qcwebIde.editor.setPosition({lineNumber: 1, column: 1}); qcwebIde.editor.focus();"
    )
    active = browser.switch_to.active_element
    active.send_keys("# typed in the browser")
    active.send_keys(Keys.ENTER)
    wait_js(browser, "return qcwebIde.editor.getValue().startsWith('# typed in the browser')")
    assert status(browser) in ("Unsaved changes", "Saving…")
    active.send_keys(Keys.CONTROL, "s")
    wait_for(browser, "#save-status", text="Saved")
    assert project.files.get(name="main.py").content.startswith("# typed in the browser\n")

    # Change a line through Monaco's API; autosave stores it.
    browser.execute_script(
        "const m = qcwebIde.editor.getModel();"
        "m.pushEditOperations([], [{range: new qcwebIde.monaco.Range(1, 1, 1, m.getLineMaxColumn(1)),"
        " text: '# changed by the API'}], () => null);"
    )
    wait_js(
        browser,
        "return document.getElementById('save-status').dataset.state === 'saved'"
        " && qcwebIde.editor.getValue().startsWith('# changed by the API')",
    )
    assert project.files.get(name="main.py").content.startswith("# changed by the API\n")

    # Someone else saves in between: the next save shows the conflict, "Reload theirs" takes it.
    file_save(project=project, name="main.py", content="# their version\n", base_revision=None)
    browser.execute_script(
        "const m = qcwebIde.editor.getModel(); m.setValue('# my version\\n' + m.getValue()); qcwebIde.save();"
    )
    wait_for(browser, "#conflict")
    assert status(browser) == "Conflict"
    assert project.files.get(name="main.py").content == "# their version\n"
    browser.find_element(By.ID, "conflict-reload").click()
    wait_for(browser, "#save-status", text="Saved")
    assert browser.execute_script("return qcwebIde.editor.getValue()") == "# their version\n"

    # Build shows diagnostics with a marker in the editor.
    browser.execute_script("qcwebIde.editor.getModel().setValue('x = (\\n')")
    browser.find_element(By.ID, "compile-button").click()
    wait_for(browser, "#compile-state", text="BuildError")
    wait_js(browser, "return qcwebIde.monaco.editor.getModelMarkers({owner: 'compile'}).length > 0")

    # A link with ?file=&line= (as on a failed backtest's page) puts the cursor on that line.
    browser.execute_script(
        "qcwebIde.editor.getModel().setValue('a = 1\\nb = 2\\nc = 3\\nd = 4\\n'); qcwebIde.save();"
    )
    wait_for(browser, "#save-status", text="Saved")
    browser.get(f"{live_server.url}/projects/{project.id}/?file=main.py&line=3")
    wait_js(browser, "return document.getElementById('ide').dataset.ready === 'true'")
    assert browser.execute_script("return qcwebIde.editor.getPosition().lineNumber") == 3
