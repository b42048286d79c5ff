"""In headless Chromium: open Research from a project, start a Jupyter session, open JupyterLab
on the research origin (another host name of the same daphne server), run a cell, see its
output, save, and find the saved notebook in the project. The site's policy and the research
origin's must let all of that happen with no violation reported."""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from projects.services import project_create
from research.models import ResearchSession
from tests.test_browser import CHROMEDRIVER, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
pytest.importorskip("jupyterlab")


@pytest.fixture
def lab_browser(tmp_path):
    """The foundation's headless Chromium, keeping the console (CSP violations are logged
    there)."""
    import os

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
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def research_site(research_settings):
    """The site on http://127.0.0.1:PORT and the research origin on http://localhost:PORT: one
    daphne server (a child process, websockets included) told apart by host name, as `make run`
    serves them on two ports; a real Huey consumer (one thread) in this process."""
    from functools import partial

    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    import research.tasks  # noqa: F401  (the consumer here starts and follows the session)

    folder = Path(tempfile.mkdtemp(prefix="rs-", dir="/tmp"))  # a socket path is short
    research_settings.QCWEB_RESEARCH_DIR = folder
    port = free_port()
    research_settings.QCWEB_RESEARCH_ORIGIN = f"http://localhost:{port}"
    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(folder / "huey.sqlite3"))
    connections.close_all()  # the child opens its own
    process = DaphneProcess(
        "127.0.0.1", partial(make_application, static_wrapper=ASGIStaticFilesHandler), port=port
    )
    process.start()
    consumer = None
    try:
        if not process.ready.wait(timeout=30):
            raise RuntimeError("daphne did not start")
        consumer = HUEY.create_consumer(
            workers=1, worker_type="thread", periodic=False, check_worker_health=False
        )
        consumer._set_signal_handlers = lambda: None  # pytest owns the main thread's signals
        consumer.start()
        yield f"http://127.0.0.1:{port}"
    finally:
        from qcweb import sandbox

        for session in ResearchSession.objects.exclude(process=None):
            sandbox.Detached.from_dict(session.process).stop()
        if consumer is not None:
            consumer.stop(graceful=True)
        process.terminate()
        process.join(timeout=10)
        HUEY.storage.close()
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate
        shutil.rmtree(folder, ignore_errors=True)


def until(driver, predicate, timeout=60):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.25).until(predicate)
    except TimeoutException:
        text = driver.execute_script("return document.body ? document.body.innerText : ''")
        logs = [entry["message"] for entry in driver.get_log("browser")][-20:]
        raise AssertionError(
            f"timed out at {driver.current_url}: {text[-1500:]!r} {logs}"
        ) from None


def csp_violations(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
        or "Content-Security-Policy" in entry["message"]
    ]


def test_jupyterlab_runs_a_cell_and_saves_to_the_project(
    lab_browser, research_site, organization, owner, research_node
):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from live.tests.test_browser import log_in

    driver = lab_browser
    project = project_create(organization=organization, owner=owner, name="Lab study")
    log_in(driver, research_site, owner.email)
    driver.get(f"{research_site}/projects/{project.id}/")
    until(driver, lambda d: d.find_elements(By.ID, "research-link"))[0].click()
    until(driver, lambda d: d.find_elements(By.ID, "jupyter-link"))[0].click()
    until(driver, lambda d: d.find_elements(By.ID, "start-session"))
    driver.find_element(By.ID, "start-session").click()
    # the page polls until the server answers on its socket
    until(driver, lambda d: d.find_elements(By.ID, "open-lab"), timeout=180)
    driver.find_element(By.ID, "open-lab").click()

    # JupyterLab, on the research origin, with the project's notebook open
    until(
        driver,
        lambda d: d.current_url.startswith(f"http://localhost:{research_site.rsplit(':', 1)[1]}/"),
    )
    until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell"), timeout=180)
    assert "sessionid" not in {c["name"] for c in driver.get_cookies()}  # no site session here
    # the kernel is up when its status shows idle
    until(
        driver,
        lambda d: d.execute_script(
            "const s = document.querySelector('.jp-Notebook');"
            "return s && document.body.innerText.includes('Idle');"
        ),
        timeout=180,
    )
    cells = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")
    # "Click to add a cell." under the notebook: a new code cell at the end
    driver.find_element(By.CSS_SELECTOR, ".jp-Notebook-footer").click()
    until(
        driver,
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")) > len(cells),
    )
    editor = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")[-1]
    content = editor.find_element(By.CSS_SELECTOR, ".cm-content")
    content.click()
    content.send_keys("40 + 2")
    until(driver, lambda d: "40 + 2" in editor.text)
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    until(
        driver,
        lambda d: any(
            o.text.strip() == "42"
            for o in d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")
        ),
        timeout=120,
    )
    # save (Ctrl+S): the proxy queues the copy back to the project
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()

    def saved() -> bool:
        content = project.files.get(name="research.ipynb").content
        sources = ["".join(c.get("source") or "") for c in json.loads(content)["cells"]]
        return "40 + 2" in sources

    until(driver, lambda d: saved(), timeout=60)
    assert csp_violations(driver) == []
