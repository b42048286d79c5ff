"""In headless Chromium at 1400 px: with an avatar, a long name and a long organization name the
top bar stays on one row."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects.tests.test_browser import log_in
from tests.test_browser import browser  # noqa: F401  (the foundation's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_top_bar_is_one_row_at_1400px(browser, live_server, owner, organization, media_root):  # noqa: F811
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#1f6fd1").save(buffer, "PNG")
    owner.avatar = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    owner.display_name = "Olivia Long-Named Owner of Several Trading Desks"
    owner.save()
    organization.name = "Acme Capital Quantitative Research and Trading Partners"
    organization.save()
    browser.set_window_size(1400, 900)
    log_in(browser, live_server, owner.email)
    heights = browser.execute_script(
        "const nav = document.querySelector('.nav');"
        "const items = [...nav.children];"
        "const tops = items.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));"
        "return {tops, height: nav.getBoundingClientRect().height, avatar: !!nav.querySelector('img.avatar')};"
    )
    assert heights["avatar"]
    assert max(heights["tops"]) - min(heights["tops"]) <= 4, heights
    assert heights["height"] < 70, heights
