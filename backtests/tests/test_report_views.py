"""Report pages: the HTML report, the PDF button, the results page's links, permissions."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from backtests.report import services
from backtests.tests.report_documents import result_document

pytestmark = pytest.mark.django_db

REPORT_KEYS = (
    "Portfolio Turnover",
    "Compounding Annual Return",
    "Drawdown",
    "Probabilistic Sharpe Ratio",
    "Sharpe Ratio",
    "Sortino Ratio",
    "Information Ratio",
    "Estimated Strategy Capacity",
)


def _statistics_table(html: str) -> dict[str, str]:
    """The results page's Overall Statistics table."""
    table = html.split('id="statistics-table"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table))


def _report_statistics(html: str) -> dict[str, str]:
    """The report's key statistics; a compact value ("$32M") by the full amount of its title."""
    block = html.split('id="report-statistics"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'data-key="(.*?)"><span>.*?</span><strong([^>]*)>(.*?)</strong>', block)
    out = {}
    for label, attributes, text in cells:
        title = re.search(r'title="(.*?)"', attributes)
        out[label] = title.group(1) if title else text
    return out


def test_report_shows_the_statistics_of_the_results_page(owner_client, project, make_completed):
    backtest = make_completed(project)
    results_page = owner_client.get(
        reverse("backtests:detail", args=[backtest.pk])
    ).content.decode()
    report_page = owner_client.get(reverse("backtests:report", args=[backtest.pk])).content.decode()
    overall = _statistics_table(results_page)
    report = _report_statistics(report_page)
    labels = {key: label for label, key in services.data.REPORT_STATISTICS if key}
    for key in REPORT_KEYS:
        assert report[labels[key]] == overall[key], key
    assert set(report) >= {"Runtime Days", "Markets", "Trades per Day"}
    assert report["Markets"] == "Equity"
    capacity = re.search(
        r'data-key="Strategy Capacity"><span>.*?</span><strong[^>]*>(.*?)<', report_page
    )
    assert capacity.group(1) == "$32M"  # compact on the card, the full amount in its title


def test_report_page_has_every_section(owner_client, project, make_completed):
    project.description = "Buys SPY when the fast average crosses above the slow one."
    project.save()
    backtest = make_completed(project)
    response = owner_client.get(reverse("backtests:report", args=[backtest.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Buys SPY when the fast average crosses above the slow one." in html
    for title in (
        "Key Statistics",
        "Cumulative Returns",
        "Annual Returns",
        "Monthly Returns",
        "Daily Returns",
        "Daily Returns Distribution",
        "Returns per Trade",
        "Drawdown",
        "Top 5 Drawdown Periods",
        "Rolling Portfolio Beta",
        "Rolling Sharpe Ratio",
        "Leverage",
        "Long-Short Exposure by Asset Class",
        "Asset Allocation",
        "Crisis Events",
    ):
        assert title in html, title
    assert 'id="backtest-figures"' in html  # interactive plotly.js figures, as on the results page
    assert 'data-figure="cumulative"' in html
    # The sample backtest covers two months: rolling statistics explain why they are missing.
    assert "a rolling 6-month beta needs at least 126" in html
    assert 'id="report-no-crisis"' in html
    assert 'id="download-pdf"' in html


def test_crisis_event_inside_the_backtest_is_charted_and_others_omitted(
    owner_client, project, make_completed
):
    backtest = make_completed(project, result=result_document("2020-02-03", "2020-04-30"))
    html = owner_client.get(reverse("backtests:report", args=[backtest.pk])).content.decode()
    assert 'id="report-crisis-covid-19-pandemic-2020"' in html
    assert "COVID-19 Pandemic 2020" in html
    assert "Feb 10, 2020 – Sep 20, 2020" in html
    assert "Market Sell-Off 2015" not in html
    assert "Global Financial Crisis 2007" not in html
    assert 'id="report-no-crisis"' not in html


def test_missing_benchmark_and_trades_are_explained(owner_client, project, make_completed):
    document = result_document("2021-01-04", "2021-12-31", benchmark=False, trades=False)
    backtest = make_completed(project, result=document)
    html = owner_client.get(reverse("backtests:report", args=[backtest.pk])).content.decode()
    assert "This backtest has no benchmark series, so there is no beta to compute." in html
    assert "The algorithm closed no trades" in html
    assert "The algorithm filled no orders, so it never held any asset." in html
    assert 'data-figure="rolling-sharpe"' in html  # a year is enough for 6 and 12 months


def test_results_page_links_to_the_report(owner_client, project, make_completed):
    backtest = make_completed(project)
    html = owner_client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert reverse("backtests:report", args=[backtest.pk]) in html
    assert reverse("backtests:report_pdf_status", args=[backtest.pk]) in html


def test_report_of_unfinished_backtest_explains(owner_client, owner, project, bt_settings):
    from backtests.services import backtest_create

    backtest = backtest_create(project=project, user=owner)
    response = owner_client.get(reverse("backtests:report", args=[backtest.pk]))
    assert response.status_code == 200
    assert 'id="report-unavailable"' in response.content.decode()


def test_pdf_button_shows_progress_and_polls(owner_client, project, make_completed):
    backtest = make_completed(project)
    services._write_state(
        backtest,
        hash=services.report_inputs_hash(backtest),
        status=services.GENERATING,
        started=time.time(),
    )
    response = owner_client.get(
        reverse("backtests:report_pdf_status", args=[backtest.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Generating PDF" in html
    assert 'hx-trigger="every 1s"' in html


def test_pdf_without_browser_gives_a_clear_error(
    owner_client, project, make_completed, monkeypatch
):
    monkeypatch.setattr(services, "browser_path", lambda: None)
    backtest = make_completed(project)
    response = owner_client.post(
        reverse("backtests:report_pdf_generate", args=[backtest.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "needs Chromium" in html
    assert "every 1s" not in html  # no endless polling
    state = services.report_state(backtest=backtest)
    assert state.failed and "apt-get install chromium" in state.error
    response = owner_client.get(reverse("backtests:report_pdf", args=[backtest.pk]), follow=True)
    assert "needs Chromium" in response.content.decode()
    with pytest.raises(services.ReportRenderError, match="needs Chromium"):
        services.report_html(backtest=backtest)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("backtests:report", "get"),
        ("backtests:report_pdf", "get"),
        ("backtests:report_pdf_status", "get"),
        ("backtests:report_pdf_generate", "post"),
    ],
)
def test_outsiders_get_404(outsider_client, project, make_completed, name, method):
    backtest = make_completed(project)
    response = getattr(outsider_client, method)(reverse(name, args=[backtest.pk]))
    assert response.status_code == 404
    assert not services.pdf_path(backtest).exists()
