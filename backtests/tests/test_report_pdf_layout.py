"""The PDF's layout: nothing runs past the right margin (the key statistics' 4th column did),
page 1 is filled (it was half empty), and an empty description prints nothing."""

from __future__ import annotations

import re
import subprocess

import pytest

from backtests.report import services
from backtests.tests.report_documents import result_document
from backtests.tests.test_report_pdf import _tools  # noqa: F401  (skips without the tools)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MM = 72 / 25.4  # PDF points per millimetre


def _words(pdf) -> list[dict]:
    """Every word with its page, box and the page's size (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page = [], None
    for line in html.splitlines():
        if m := re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line):
            page = {"n": (page or {"n": 0})["n"] + 1, "w": float(m[1]), "h": float(m[2])}
        elif m := re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
            line,
        ):
            words.append(
                {
                    "page": page,
                    "x0": float(m[1]),
                    "y0": float(m[2]),
                    "x1": float(m[3]),
                    "y1": float(m[4]),
                    "text": m[5],
                }
            )
    return words


def test_key_statistics_stay_inside_the_margins_and_page_one_is_full(project, make_completed):
    project.description = ""
    project.save()
    backtest = make_completed(project, result=result_document("2019-01-02", "2020-06-30"))
    state = services.report_get_or_queue(backtest=backtest)
    assert state.ready, state.error
    words = _words(state.pdf_path)
    text = " ".join(w["text"] for w in words)
    assert "no description yet" not in text
    right = words[0]["page"]["w"] - 14 * MM + 1  # the @page right margin (14 mm)
    outside = [w["text"] for w in words if w["x1"] > right]
    assert not outside, outside
    first = [w for w in words if w["page"]["n"] == 1 and not w["text"].startswith("Page")]
    height = words[0]["page"]["h"]
    lowest = max(w["y1"] for w in first if w["y1"] < height - 18 * MM)
    assert lowest > 0.75 * height, f"page 1 ends at {lowest / height:.0%} of its height"
