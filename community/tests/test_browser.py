"""In headless Chromium: a member posts a discussion with an attached backtest (the results card
draws its equity chart), another user replies and clones the algorithm into their own project."""

from __future__ import annotations

import pytest

from accounts.selectors import personal_organization
from community.models import Discussion
from projects.models import Project
from tests.fixtures import PASSWORD
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(driver, live_server, email):
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(live_server.url + "/accounts/login/")
    wait_for(driver, "form")
    field = driver.find_elements(By.NAME, "username") or driver.find_elements(By.NAME, "email")
    field[0].send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "#user-menu")


def test_post_with_a_backtest_then_another_user_replies_and_clones(
    browser,  # noqa: F811
    live_server,
    owner,
    outsider,
    make_completed_backtest,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    backtest = make_completed_backtest(org=personal_organization(owner), name="Shared SMA")

    log_in(browser, live_server, owner.email)
    browser.find_element(By.LINK_TEXT, "Community").click()
    browser.find_element(By.ID, "new-discussion").click()
    browser.find_element(By.NAME, "title").send_keys("My first SMA crossover")
    browser.find_element(By.NAME, "body").send_keys("Results are **below**.\n\n@[Oscar Outsider]")
    browser.find_element(By.NAME, "tags").send_keys("sma, beginners")
    Select(browser.find_element(By.NAME, "attach-backtest")).select_by_value(str(backtest.id))
    browser.find_element(By.CSS_SELECTOR, "#discussion-form button[type=submit]").click()

    wait_for(browser, "#discussion-title", text="My first SMA crossover")
    card = wait_for(browser, "[data-testid=backtest-card]")
    assert "12.5%" in card.text and "Shared SMA" in card.text
    # Plotly drew the equity chart into the card.
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".backtest-card-chart .main-svg")
    )
    discussion = Discussion.objects.get()

    log_in(browser, live_server, outsider.email)
    browser.get(f"{live_server.url}/community/forum/")
    row = wait_for(browser, f"tr[data-discussion='{discussion.id}']")
    assert "new" in row.text  # unread for the outsider
    row.find_element(By.LINK_TEXT, "My first SMA crossover").click()
    wait_for(browser, "[data-testid=backtest-card]")
    browser.find_element(By.NAME, "body").send_keys("Nice. Cloning it to try other periods.")
    browser.find_element(By.CSS_SELECTOR, "#reply-form button[type=submit]").click()
    wait_for(browser, ".post:not(:first-of-type) .markdown", text="Cloning it")

    clone_button = browser.find_element(By.CSS_SELECTOR, ".clone-button")
    # Below the sticky top bar, where a user's click lands.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", clone_button)
    clone_button.click()
    wait_for(browser, "#project-name", text="Project Shared SMA from forum")
    clone = Project.objects.get(owner=outsider)
    assert clone.organization == personal_organization(outsider)
    assert "class Shared(QCAlgorithm)" in clone.files.get(name="main.py").content
    assert discussion.posts.count() == 2
