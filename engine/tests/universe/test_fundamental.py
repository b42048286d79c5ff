"""Fine fundamental fields without data (LEAN's coarse-only provider defaults) and the coarse +
fine universe form."""

from __future__ import annotations

import math
from datetime import date, datetime

from helpers import debug_lines, run

from engine.model import Market, SecurityType, Symbol
from engine.universe.coarse import CoarseFundamental
from engine.universe.fundamental import FineFundamental, Fundamental, as_fundamental


def _row() -> CoarseFundamental:
    symbol = Symbol("AAPL", SecurityType.EQUITY, Market.USA)
    return CoarseFundamental(symbol, date(2014, 3, 25), 530.0, 1e6, 5.3e8, True, 0.9, 1.0)


def test_fine_fields_have_lean_defaults():
    f = as_fundamental(_row())
    assert isinstance(f, Fundamental)
    assert (f.price, f.dollar_volume, f.has_fundamental_data) == (530.0, 5.3e8, True)
    assert f.end_time == datetime(2014, 3, 26)
    # doubles are NaN, integers 0, strings None, booleans False, dates 0001-01-01
    assert math.isnan(f.valuation_ratios.pe_ratio) and math.isnan(f.ValuationRatios.PERatio)
    assert not f.valuation_ratios.pe_ratio > 0 and not f.valuation_ratios.pe_ratio < 0
    assert f.asset_classification.morningstar_sector_code == 0
    assert f.market_cap == 0 and f.company_profile.market_cap == 0
    assert f.company_reference.industry_template_code is None
    assert f.security_reference.is_primary_share is False
    assert f.security_reference.ipo_date == datetime(1, 1, 1)
    # multi-period fields and statement line items
    assert math.isnan(f.earning_reports.basic_eps.three_months)
    assert math.isnan(f.financial_statements.balance_sheet.total_assets.value)
    assert f.operation_ratios.roe.has_value is False


def test_unknown_top_level_field_is_an_attribute_error():
    f = as_fundamental(_row(), FineFundamental)
    try:
        f.valuation_ratio  # noqa: B018 - a typo of valuation_ratios
    except AttributeError as exc:
        assert "valuation_ratio" in str(exc)
    else:
        raise AssertionError("a misspelled field must not read as missing data")


def test_coarse_and_fine_universe_runs_fine_on_coarse_choice(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 26)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.coarse, self.fine)
            def coarse(self, coarse):
                ranked = sorted(coarse, key=lambda c: c.dollar_volume, reverse=True)
                return [c.symbol for c in ranked[:3]]
            def fine(self, fine):
                fine = list(fine)
                kept = [f for f in fine if f.valuation_ratios.pe_ratio > 0]
                self.debug(f"fine {self.time:%m-%d} {type(fine[0]).__name__} {len(fine)} {len(kept)} "
                           f"{fine[0].price > 0}")
                return [f.symbol for f in fine[:1]]
            def on_securities_changed(self, changes):
                self.debug(f"added {len(changes.added_securities)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[:2] == ["fine 03-25 FineFundamental 3 0 True", "added 1"]


def test_coarse_and_fine_universe_refuses_asynchronous(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 9)
                self.universe_settings.asynchronous = True
                self.add_universe(lambda c: [], lambda f: [])
        """,
        demo_data,
    )
    assert outcome.error is not None and "Asynchronous universe setting" in outcome.error


def test_security_fundamentals_read_the_coarse_file_of_its_date(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 25)
                self.aapl = self.add_equity("AAPL", Resolution.DAILY)
            def on_data(self, data):
                f = self.aapl.fundamentals
                growth = f.earning_ratios.equity_per_share_growth.one_year
                self.debug(f"f {f.symbol.value} {f.end_time:%m-%d} {f.price > 0} {f.dollar_volume > 1e9} "
                           f"{growth != growth} {f.has_fundamental_data}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("f AAPL 03-25 True True True True")
