"""In headless Chromium: the editor completes the QC API (self., Resolution., AlgorithmImports
names) from the engine's own data, shows docs on hover, keeps open files as tabs beside the file
tree, and checks the code again shortly after typing (markers without pressing Build)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.services import project_create
from projects.tests.test_browser import log_in, wait_js
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN = """from AlgorithmImports import *


class Demo(QCAlgorithm):
    def initialize(self):
        self.debug("hi")
"""


def _open(browser, live_server, owner, organization):  # noqa: F811
    project = project_create(
        organization=organization,
        owner=owner,
        name="Completion",
        files={"main.py": MAIN, "helpers.py": "X = 1\n"},
    )
    log_in(browser, live_server, owner.email)
    browser.get(live_server.url + reverse("projects:detail", args=[project.pk]))
    wait_js(browser, "return document.getElementById('ide').dataset.ready === 'true'")
    return project


def _suggestions(browser, line_text):  # noqa: F811
    """Put `line_text` on a new last line, ask Monaco for suggestions, return their labels."""
    browser.execute_script(
        """
        const ed = qcwebIde.editor, model = ed.getModel();
        const last = model.getLineCount();
        model.applyEdits([{range: new qcwebIde.monaco.Range(last, model.getLineMaxColumn(last), last,
          model.getLineMaxColumn(last)), text: "\\n        " + arguments[0]}]);
        const end = model.getLineCount();
        ed.setPosition({lineNumber: end, column: model.getLineMaxColumn(end)});
        ed.focus();
        ed.trigger("test", "editor.action.triggerSuggest", {});
        """,
        line_text,
    )
    wait_for(browser, ".suggest-widget.visible .monaco-list-row")
    # each row's name is painted inside its row (a page style named like Monaco's row parts once
    # pushed the names below their rows, leaving the popup blank)
    assert browser.execute_script(
        "return [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')]"
        ".every(r => { const a = r.getBoundingClientRect(),"
        " b = r.querySelector('.label-name').getBoundingClientRect();"
        " return b.height > 0 && b.top >= a.top - 1 && b.bottom <= a.bottom + 1; })"
    )
    labels = browser.execute_script(
        "return [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')]"
        ".map(r => r.getAttribute('aria-label') || r.textContent)"
    )
    browser.execute_script("qcwebIde.editor.trigger('test', 'hideSuggestWidget', {})")
    return " ".join(labels)


def test_completion_popup_knows_the_qc_api(browser, live_server, owner, organization):  # noqa: F811
    _open(browser, live_server, owner, organization)
    wait_js(browser, "return !!(qcwebIde.api && qcwebIde.api.algorithm.length)")
    assert "set_start_date" in _suggestions(browser, "self.set_st")
    assert "MINUTE" in _suggestions(browser, "Resolution.MI")
    assert "OrderType" in _suggestions(browser, "x = OrderTy")
    # The popup's details carry the signature from the engine.
    api_detail = browser.execute_script(
        "return qcwebIde.api.algorithm.find(m => m.name === 'set_start_date').detail"
    )
    assert api_detail.startswith("set_start_date(")

    # Hover over debug in `self.debug("hi")` shows its signature.
    browser.execute_script(
        """
        const ed = qcwebIde.editor;
        ed.setPosition({lineNumber: 6, column: 15});
        ed.focus();
        ed.trigger("test", "editor.action.showHover", {});
        """
    )
    wait_js(
        browser,
        "const h = document.querySelector('.monaco-hover:not(.hidden)');"
        "return h && h.textContent.includes('debug(')",
    )


def test_open_files_are_tabs_beside_the_file_tree(browser, live_server, owner, organization):  # noqa: F811
    from selenium.webdriver.common.by import By

    _open(browser, live_server, owner, organization)
    assert browser.find_element(By.ID, "file-tree").is_displayed()

    def tabs():
        found = browser.find_elements(By.CSS_SELECTOR, ".editor-tab")
        return [t.get_attribute("data-file") for t in found]

    assert tabs() == ["main.py"]
    browser.find_element(By.CSS_SELECTOR, ".file-link[data-file='helpers.py']").click()
    wait_js(browser, "return qcwebIde.current().name === 'helpers.py'")
    assert tabs() == ["main.py", "helpers.py"]
    assert browser.find_element(By.ID, "file-tree").is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".editor-tab[data-file='main.py']").click()
    wait_js(browser, "return qcwebIde.current().name === 'main.py'")
    assert "is-current" in browser.find_element(
        By.CSS_SELECTOR, ".editor-tab[data-file='main.py']"
    ).get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, ".editor-tab[data-file='helpers.py'] .tab-close").click()
    wait_js(browser, "return document.querySelectorAll('.editor-tab').length === 1")
    assert tabs() == ["main.py"]


def test_the_ide_fits_the_window(browser, live_server, owner, organization):  # noqa: F811
    from selenium.webdriver.common.by import By

    _open(browser, live_server, owner, organization)
    # no sideways scrolling: the backtest panel's buttons wrap inside the side column
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    width = browser.execute_script("return document.documentElement.clientWidth")
    for button in ("backtest-button", "optimize-button", "deploy-live-button"):
        assert (
            browser.find_element(By.ID, button).rect["x"]
            + browser.find_element(By.ID, button).rect["width"]
            <= width
        )


def test_diagnostics_follow_the_typing(browser, live_server, owner, organization):  # noqa: F811
    _open(browser, live_server, owner, organization)
    browser.execute_script(
        "const m = qcwebIde.editor.getModel();"
        "m.setValue(m.getValue() + '        self.debug(undefined_name_xyz)\\n');"
    )
    # No Build click: the autosave, then the check, then the marker.
    wait_js(
        browser,
        "return qcwebIde.monaco.editor.getModelMarkers({}).some(m => m.message.includes('undefined_name_xyz'))",
        timeout=40,
    )
