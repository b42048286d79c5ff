"""The one formatting of money, numbers, durations and times (pages, report, PDF)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backtests import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1.3, "-$1.30"),
        (1.3, "$1.30"),
        (105397.9, "$105,397.90"),
        ("105397.90", "$105,397.90"),
        ("$-1.30", "-$1.30"),
        ("-$1,300.5", "-$1,300.50"),
        (Decimal("0"), "$0.00"),
        (-0.001, "$0.00"),  # rounds to zero: no "-$0.00"
        (None, ""),
        ("n/a", "n/a"),
    ],
)
def test_money(value, expected):
    assert formatting.money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_300_000_000, "$1.3B"),
        ("1300000000.00", "$1.3B"),
        (2_000_000, "$2M"),
        (25_400, "$25.4K"),
        (999_960, "$1M"),
        (-4_500_000, "-$4.5M"),
        (950, "$950.00"),
        (3.2e12, "$3.2T"),
    ],
)
def test_money_compact(value, expected):
    assert formatting.money_compact(value) == expected


def test_number_and_percent():
    assert formatting.number(1234567.891) == "1,234,567.89"
    assert formatting.number("-0.001") == "0.00"
    assert formatting.number(12, decimals=0) == "12"
    assert formatting.percent(0.05398) == "5.40%"
    assert formatting.percent(-0.0534, decimals=3) == "-5.340%"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, ""),
        (0, "0 s"),
        (42.7, "42 s"),
        (60, "1 min"),
        (185, "3 min 5 s"),
        (3720, "1 h 2 min"),
    ],
)
def test_duration(seconds, expected):
    assert formatting.duration(seconds) == expected


def test_to_number_reads_statistic_strings():
    assert formatting.to_number("5.398%") == pytest.approx(5.398)
    assert formatting.to_number("$1,300.50") == pytest.approx(1300.5)
    assert formatting.to_number("abc") is None
    assert formatting.to_number(float("nan")) is None
    assert formatting.to_number(True) is None


def test_results_page_statistics_use_the_one_money_format():
    from backtests import presenters

    result = {
        "statistics": {
            "End Equity": "105397.90",
            "Total Fees": "$1.30",
            "Estimated Strategy Capacity": "$1300000000.00",
            "Net Profit": "5.398%",
        },
        "runtimeStatistics": {
            "Equity": "$105,397.90",
            "Fees": "-$1.30",
            "Net Profit": "$-1.30",
            "Return": "5.40 %",
        },
        "runtimeStatisticsValues": {
            "equity": 105397.9,
            "fees": -1.3,
            "netProfit": -1.3,
            "return": 5.4,
        },
    }
    cards = {s["key"]: s for s in presenters.key_statistics(result)}
    assert cards["End Equity"]["value"] == "$105,397.90"
    assert cards["Estimated Strategy Capacity"]["value"] == "$1.3B"
    assert cards["Estimated Strategy Capacity"]["title"] == "$1,300,000,000.00"
    assert cards["Net Profit"]["value"] == "5.398%"
    table = presenters.statistics_table(result)
    assert table["End Equity"] == "$105,397.90" and table["Total Fees"] == "$1.30"
    runtime = {r["key"]: r["value"] for r in presenters.runtime_statistics(result)}
    assert runtime == {
        "Equity": "$105,397.90",
        "Fees": "-$1.30",
        "Net Profit": "-$1.30",
        "Return": "5.40%",
    }


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        ("2024-01-02T14:31:00Z", "America/New_York", "2024-01-02 09:31:00"),  # EST, UTC-5
        ("2024-07-02T13:31:00Z", "America/New_York", "2024-07-02 09:31:00"),  # EDT, UTC-4
        (1704205860, "America/New_York", "2024-01-02 09:31:00"),  # unix seconds
        ("2024-01-02T14:31:00Z", None, "2024-01-02 14:31:00"),
        ("2024-01-02T14:31:00Z", "Not/AZone", "2024-01-02 14:31:00"),
        ("2024-01-02T09:45:00", None, "2024-01-02 09:45:00"),  # no offset, no zone: as written
        ("", "America/New_York", ""),
        (None, None, ""),
    ],
)
def test_date_time(value, zone, expected):
    assert formatting.date_time(value, zone) == expected


def test_zone_label_names_the_one_zone_or_says_exchange_time():
    assert formatting.zone_label({"SPY": "America/New_York"}) == "America/New_York"
    assert formatting.zone_label({"SPY": "America/New_York", "QQQ": "America/New_York"}) == (
        "America/New_York"
    )
    assert formatting.zone_label({"SPY": "America/New_York", "BTCUSD": "UTC"}) == "exchange time"
    assert formatting.zone_label({}) == "UTC"
