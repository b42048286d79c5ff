"""In headless Chromium: a learner completes a lesson in the course IDE. Monaco (not the
textarea fallback) loads with the starter code, what is written in it is what gets submitted,
the checks run in the sandbox on demo data and pass, and the course's progress advances."""

from __future__ import annotations

import pytest

from community.courses import BUILT_IN, course_import
from community.models import LessonProgress, Submission
from community.tests.test_browser import log_in
from tests.test_browser import browser, wait_for  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MARKER = "# written in the course IDE's Monaco editor"


def test_complete_a_lesson_in_the_course_ide(
    browser,  # noqa: F811
    live_server,
    member,
    demo_settings,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    course = course_import(BUILT_IN / "algorithm-basics")
    lesson = course.lessons.first()

    log_in(browser, live_server, member.email)
    browser.get(live_server.url + "/community/learn/")
    row = wait_for(browser, f"[data-course='{course.id}']")
    assert "0 of 5 lessons completed" in row.text
    browser.find_element(By.LINK_TEXT, course.title).click()
    browser.find_element(By.LINK_TEXT, lesson.title).click()
    wait_for(browser, "#lesson-title", text=lesson.title)
    assert "Securities" in browser.find_element(By.ID, "lesson-text").text

    # Monaco replaced the textarea and holds the starter algorithm.
    wait_for(browser, "#lesson-editor .monaco-editor .view-lines")
    assert not browser.find_element(By.ID, "lesson-code").is_displayed()
    WebDriverWait(browser, 15).until(lambda d: d.execute_script("return !!window.qcwebLesson"))
    assert browser.execute_script("return qcwebLesson.editor.getValue()") == lesson.starter

    # Write the answer in Monaco: the solution with a line typed at the keyboard after it.
    browser.execute_script("qcwebLesson.editor.setValue(arguments[0])", lesson.solution)
    browser.find_element(By.CSS_SELECTOR, "#lesson-editor .view-lines").click()
    browser.execute_script(
        "const e = qcwebLesson.editor; const line = e.getModel().getLineCount();"
        "e.setPosition({lineNumber: line, column: e.getModel().getLineMaxColumn(line)}); e.focus();"
    )
    active = browser.switch_to.active_element
    active.send_keys("\n")
    browser.execute_script(
        "const e = qcwebLesson.editor; const line = e.getModel().getLineCount();"
        "e.setPosition({lineNumber: line, column: 1});"
    )
    browser.switch_to.active_element.send_keys(MARKER)
    written = browser.execute_script("return qcwebLesson.editor.getValue()")
    assert written.rstrip().endswith(MARKER)

    browser.find_element(By.ID, "submit-lesson").click()
    WebDriverWait(browser, 180).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#submission[data-status=passed]")
            or d.find_elements(By.CSS_SELECTOR, "#submission[data-status=failed]")
            or d.find_elements(By.CSS_SELECTOR, "#submission[data-status=error]")
        )
    )
    result = browser.find_element(By.ID, "submission")
    submission = Submission.objects.get()
    assert result.get_attribute("data-status") == "passed", (submission.error, result.text)
    assert "All checks passed: lesson completed." in result.text
    assert result.text.count("✔") == len(lesson.checks) and "✘" not in result.text
    assert submission.code == written  # what Monaco held is what was checked
    assert LessonProgress.objects.get(user=member, lesson=lesson).completed

    browser.get(live_server.url + "/community/learn/")
    row = wait_for(browser, f"[data-course='{course.id}']")
    assert "1 of 5 lessons completed" in row.text
