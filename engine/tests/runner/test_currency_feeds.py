"""Currency conversion feeds (LEAN ``Cash.EnsureCurrencyDataFeed``): a currency without a pair among the
algorithm's securities gets an internal feed (not in ``securities``, slices or ``on_data``) from the data
folder, and its conversion rate follows that feed."""

from __future__ import annotations

import io
import textwrap
import zipfile
from datetime import date

import pytest
from helpers import debug_lines, run

PROBE = """
    def on_data(self, data):
        self.n += 1
        keys = sorted(str(k) for k in data.keys())
        if self.n == 5:
            self.market_order(self.pair, 1 if self.pair.value.startswith("BTC") else 1000)
        if self.n in (6, 300):
            book = self.portfolio.cash_book
            rates = " ".join(f"{c}={book[c].conversion_rate:.6f}" for c in sorted(book.keys()))
            secs = sorted(s.value for s in self.securities.keys())
            self.debug(f"probe {keys} {secs} {rates} tpv={self.portfolio.total_portfolio_value:.2f}")
"""


def _probes(outcome):
    assert outcome.error is None, outcome.error
    out = []
    for line in debug_lines(outcome):
        if " probe " in line:
            _, rest = line.split(" probe ", 1)
            keys, rest = rest.split("] ", 1)
            secs, rest = rest.split("] ", 1)
            rates = dict(kv.split("=") for kv in rest.split())
            out.append((keys + "]", secs + "]", {k: float(v) for k, v in rates.items()}))
    assert out
    return out


def test_btceur_gets_eurusd_and_btcusd_feeds(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        textwrap.dedent(
            """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2018, 4, 4)
                self.set_end_date(2018, 4, 4)
                self.set_cash(100000)
                self.pair = self.add_crypto("BTCEUR", Resolution.MINUTE).symbol
                self.n = 0
        """
        ).rstrip()
        + "\n"
        + PROBE,
        lean_data,
    )
    for keys, secs, rates in _probes(outcome):
        assert keys == "['BTCEUR']" and secs == "['BTCEUR']"  # internal feeds stay out of sight
        assert rates["EUR"] == pytest.approx(1.23, abs=0.02)  # EURUSD (oanda) in April 2018
        assert 6500 < rates["BTC"] < 7600  # BTCUSD (coinbase): a direct pair is preferred
        assert rates["USD"] == 1.0


def test_account_currency_eur_uses_inverted_pair(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        textwrap.dedent(
            """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2018, 4, 4)
                self.set_end_date(2018, 4, 4)
                self.set_account_currency("EUR")
                self.set_cash(100000)
                self.pair = self.add_crypto("BTCUSD", Resolution.MINUTE).symbol
                self.n = 0
        """
        ).rstrip()
        + "\n"
        + PROBE,
        lean_data,
    )
    probes = _probes(outcome)
    for _keys, secs, rates in probes:
        assert secs == "['BTCUSD']"
        assert rates["USD"] == pytest.approx(1 / 1.23, abs=0.02)  # 1 / EURUSD
        assert rates["EUR"] == 1.0
        assert rates["BTC"] == pytest.approx(rates["USD"] * 7000, rel=0.1)


def _forex_zip(folder, ticker, day: date, mid: float) -> None:
    rows = []
    for m in range(0, 24 * 60):
        p = mid * (1 + 0.0001 * ((m % 7) - 3))
        rows.append(
            f"{m * 60000},{p:.5f},{p:.5f},{p:.5f},{p:.5f},0,{p + 2e-5:.5f},{p + 2e-5:.5f},"
            f"{p + 2e-5:.5f},{p + 2e-5:.5f},0"
        )
    path = folder / "forex" / "oanda" / "minute" / ticker / f"{day:%Y%m%d}_quote.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(f"{day:%Y%m%d}_{ticker}_minute_quote.csv", "\n".join(rows) + "\n")
    path.write_bytes(buf.getvalue())


@pytest.fixture(scope="module")
def fx_data(tmp_path_factory):
    from engine.data.demo import generate

    folder = generate(tmp_path_factory.mktemp("fx"), "2024-07-08", "2024-07-10", ["SPY"], seed=3)
    for d in (date(2024, 7, 8), date(2024, 7, 9), date(2024, 7, 10)):
        _forex_zip(folder, "eurgbp", d, 0.85)
        _forex_zip(folder, "gbpusd", d, 1.28)
    props = folder / "symbol-properties" / "symbol-properties-database.csv"
    with open(props, "a") as fh:
        fh.write(
            "oanda,EURGBP,forex,EUR/GBP,GBP,1,0.00001,1\noanda,GBPUSD,forex,GBP/USD,USD,1,0.00001,1\n"
        )
    return folder


SOURCE_EURGBP = """
    class A(QCAlgorithm):
        def initialize(self):
            self.set_start_date(2024, 7, 9)
            self.set_end_date(2024, 7, 9)
            self.set_cash(100000)
            self.pair = self.add_forex("EURGBP", Resolution.MINUTE).symbol
            self.n = 0
"""


def test_eurgbp_gets_internal_gbpusd_and_two_leg_eur(tmp_path, fx_data):
    outcome = run(tmp_path / "p", textwrap.dedent(SOURCE_EURGBP) + PROBE, fx_data)
    for keys, secs, rates in _probes(outcome):
        assert keys == "['EURGBP']" and secs == "['EURGBP']"
        assert rates["GBP"] == pytest.approx(1.28, rel=0.002)
        assert rates["EUR"] == pytest.approx(0.85 * 1.28, rel=0.003)


def test_missing_conversion_data_is_an_error_naming_the_currency(tmp_path, fx_data):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(fx_data, folder)
    shutil.rmtree(folder / "forex" / "oanda" / "minute" / "gbpusd")
    outcome = run(tmp_path / "p", textwrap.dedent(SOURCE_EURGBP) + PROBE, folder)
    assert outcome.error is not None
    assert "In order to maintain cash in GBP" in outcome.error and "GBPUSD" in outcome.error
