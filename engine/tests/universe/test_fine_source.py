"""Fine-fundamental values from a ``--fundamentals`` CSV (engine/universe/fine_source.py)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from helpers import debug_lines, run

from engine.model import Market, SecurityType, Symbol
from engine.universe.coarse import CoarseFundamental
from engine.universe.fine_source import (
    FineFundamentalSource,
    FineSourceError,
    field_key,
    use_fine_source,
)
from engine.universe.fundamental import as_fundamental

FILE = """security,field,value
*,HasFundamentalData,true
*,ValuationRatios_PERatio,0
*,CompanyReference_IndustryTemplateCode,
ACME X1,ValuationRatios_PERatio,21.5
ACME X1,CompanyProfile_MarketCap,123456789012
ACME X1,earning_ratios.equity_per_share_growth.one_year,0.3
ACME,company_profile.headquarter_city,Springfield
ACME X1,CompanyReference_IndustryTemplateCode,N
"""


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "fine.csv"
    path.write_text(FILE)
    loaded = FineFundamentalSource.from_csv(path)
    use_fine_source(loaded)
    yield loaded
    use_fine_source(None)


def _row(ticker: str, sid: str, has_data: bool = False) -> CoarseFundamental:
    row = CoarseFundamental(
        Symbol(ticker, SecurityType.EQUITY, Market.USA), date(2014, 3, 25), 10.0, 1e5, 1e6, has_data
    )
    row.sid = sid
    return row


def test_field_names_in_lean_and_python_forms():
    assert field_key("ValuationRatios_PERatio") == ("valuation_ratios", "pe_ratio")
    assert field_key("valuation_ratios.pe_ratio") == ("valuation_ratios", "pe_ratio")
    assert field_key("EarningRatios_EquityPerShareGrowth_OneYear") == (
        "earning_ratios",
        "equity_per_share_growth",
        "one_year",
    )
    assert field_key("HasFundamentalData") == ("", "has_fundamental_data")
    with pytest.raises(FineSourceError):
        field_key("a.b.c.d")
    # a bare name is a field of the Fundamental itself: only has_fundamental_data comes from here
    with pytest.raises(FineSourceError, match="Group_Field"):
        field_key("pe_ratio")


def test_values_by_identifier_ticker_and_default(source):
    acme = as_fundamental(_row("ACME", "ACME X1"))
    assert acme.valuation_ratios.pe_ratio == 21.5
    assert acme.market_cap == 123456789012 and isinstance(acme.market_cap, int)
    assert acme.company_reference.industry_template_code == "N"
    # the ticker's row combines with the identifier's
    assert acme.company_profile.headquarter_city == "Springfield"
    growth = acme.earning_ratios.equity_per_share_growth
    assert growth.one_year == 0.3 and growth.value == 0.3 and growth > 0.25
    assert math.isnan(growth.three_months)
    # the file's own field replaces the coarse column
    assert acme.has_fundamental_data is True

    other = as_fundamental(_row("OTHER", "OTHER X2"))
    assert other.valuation_ratios.pe_ratio == 0.0  # the "*" row
    assert other.company_reference.industry_template_code == ""
    assert other.market_cap == 0  # no row at all: the missing default
    assert math.isnan(other.valuation_ratios.pb_ratio)
    assert other.company_profile.headquarter_city is None


def test_a_selected_symbol_uses_the_identifier_given(source):
    # an identifier given by the caller (the selected symbol's) wins over the row's
    fine = as_fundamental(_row("ACME", "ACME OLD"), sid="ACME X1")
    assert fine.valuation_ratios.pe_ratio == 21.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sym,field,value\n", "header"),
        ("security,field,value\nX,ValuationRatios_PERatio,high\n", "line 2"),
        ("security,field,value\nX,CompanyProfile_MarketCap\n", "line 2"),
        ("security,field,value\nX,HasFundamentalData,maybe\n", "true or false"),
        ("security,field,value\n,ValuationRatios_PERatio,1\n", "security is empty"),
    ],
)
def test_bad_files_are_refused_with_the_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(FineSourceError, match=message):
        FineFundamentalSource.from_csv(path)


def test_a_missing_file_stops_the_run(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 1)
                self.set_end_date(2024, 7, 2)
        """,
        demo_data,
        fundamentals_file=tmp_path / "absent.csv",
    )
    assert outcome.error and "fundamentals file" in outcome.error


def test_universes_and_securities_read_the_file(tmp_path, lean_data):
    # two identifiers of the sample coarse files with P/E ratios: the single-pass selection
    # ranks by them, and the coarse + fine form and Security.Fundamentals see them too
    fine = tmp_path / "fine.csv"
    fine.write_text(
        "security,field,value\n"
        "*,ValuationRatios_PERatio,0\n"
        "AIG R735QTJ8XC9X,ValuationRatios_PERatio,9\n"
        "IBM R735QTJ8XC9X,ValuationRatios_PERatio,12\n"
        "IBM R735QTJ8XC9X,CompanyProfile_MarketCap,200\n"
        "NB R735QTJ8XC9X,CompanyProfile_MarketCap,100\n"
    )
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 25)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.by_pe)
                self.add_universe(self.tickers, self.by_cap)
            def by_pe(self, fundamental):
                ranked = sorted(fundamental, key=lambda f: f.valuation_ratios.pe_ratio, reverse=True)
                self.debug("pe " + " ".join(f.symbol.value for f in ranked[:2]))
                return [f.symbol for f in ranked[:2]]
            def tickers(self, coarse):
                return [Symbol.create(t, SecurityType.EQUITY, Market.USA) for t in ["BAC", "IBM", "SPY"]]
            def by_cap(self, fine):
                ranked = sorted(fine, key=lambda f: f.market_cap, reverse=True)
                self.debug("cap " + " ".join(f"{f.symbol.value}={f.market_cap}" for f in ranked))
                return [ranked[0].symbol]
            def on_end_of_algorithm(self):
                self.debug(f"ibm {self.securities['IBM'].fundamentals.valuation_ratios.pe_ratio}")
        """,
        lean_data,
        fundamentals_file=fine,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "pe IBM AIG" in lines
    # BAC's identifier is NB's (its first ticker in the map file)
    assert "cap IBM=200 BAC=100 SPY=0" in lines
    assert lines[-1] == "ibm 12.0"
