"""The PDF report: WeasyPrint + kaleido (Chromium). Skipped without Chromium or poppler, except
under CI=true (`make test` installs both)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image, ImageStat

from backtests.models import Backtest
from backtests.report import services
from backtests.report.pdf import browser_path
from backtests.tests.report_documents import result_document

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _tools():
    missing = [
        name
        for name, found in (
            ("chromium", browser_path()),
            ("pdftotext", shutil.which("pdftotext")),
            ("pdftoppm", shutil.which("pdftoppm")),
        )
        if not found
    ]
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PDF tests need {', '.join(missing)} under CI (make test installs them)")
        pytest.skip(f"PDF tests need {', '.join(missing)}")


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_has_pages_headings_and_page_numbers(project, make_completed):
    project.description = "Moving-average crossover on SPY, long only."
    project.save()
    backtest = make_completed(project, result=result_document("2019-01-02", "2020-06-30"))
    state = services.report_get_or_queue(backtest=backtest)  # Huey runs inline in tests
    assert state.ready, state.error
    text = _text(state.pdf_path)
    pages = _pages(state.pdf_path)
    assert pages == state.pages
    assert 4 <= pages <= 8
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    for heading in (
        "Moving-average crossover on SPY, long only.",
        "Key Statistics",
        "Sharpe Ratio",
        "Cumulative Returns",
        "Annual Returns",
        "Monthly Returns",
        "Daily Returns Distribution",
        "Returns per Trade",
        "Top 5 Drawdown Periods",
        "Rolling Portfolio Beta",
        "Rolling Sharpe Ratio",
        "Leverage",
        "Long-Short Exposure by Asset Class",
        "Asset Allocation",
        "Crisis Events",
        "COVID-19 Pandemic 2020",
    ):
        assert heading in text, heading
    assert "Market Sell-Off 2015" not in text
    assert "1.234" in text  # the document's Sharpe ratio
    assert "2019" in text and "2020" in text  # SVG chart text stays text


def test_first_two_pages_are_not_blank(project, make_completed, tmp_path):
    backtest = make_completed(project)
    state = services.report_get_or_queue(backtest=backtest)
    assert state.ready, state.error
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "2",
            str(state.pdf_path),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 2
    for path in images:
        image = Image.open(path).convert("L")
        histogram = image.histogram()
        non_white = sum(histogram[:235]) / sum(histogram)
        assert non_white > 0.03, (path.name, non_white)
        assert ImageStat.Stat(image).stddev[0] > 20


def test_cache_is_reused_and_regenerated_after_a_description_change(project, make_completed):
    backtest = make_completed(project)
    first = services.report_get_or_queue(backtest=backtest)
    assert first.ready, first.error
    stamp = first.pdf_path.stat().st_mtime_ns
    again = services.report_get_or_queue(backtest=backtest)
    assert again.ready and again.pdf_path.stat().st_mtime_ns == stamp  # cache reused
    from backtests.tasks import generate_report_task

    generate_report_task(backtest.pk)  # a fresh cache is not rendered again
    assert services.pdf_path(backtest).stat().st_mtime_ns == stamp

    project.description = "Now with a new description."
    project.save()
    backtest = Backtest.objects.get(pk=backtest.pk)  # what the next request loads
    assert services.report_state(backtest=backtest).status == services.MISSING
    regenerated = services.report_get_or_queue(backtest=backtest)
    assert regenerated.ready
    assert regenerated.pdf_path.stat().st_mtime_ns != stamp
    assert "Now with a new description." in _text(regenerated.pdf_path)
    assert "Now with a new description." in services.report_html(backtest=backtest)


def test_pdf_download_view(owner_client, project, make_completed):
    backtest = make_completed(project)
    response = owner_client.get(reverse("backtests:report_pdf", args=[backtest.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Once ready, the button offers the download; a click-initiated poll starts it.
    html = owner_client.get(reverse("backtests:report_pdf_status", args=[backtest.pk])).content
    assert b'id="download-pdf"' in html
    assert b"pdf-autodownload" not in html
    response = owner_client.get(
        reverse("backtests:report_pdf_status", args=[backtest.pk]) + "?download=1",
        headers={"HX-Request": "true"},
    )
    assert b'id="pdf-autodownload"' in response.content


# Layout: nothing past the right margin (the key statistics' 4th column was), page 1 filled (it
# was half empty), an empty description prints nothing.
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
