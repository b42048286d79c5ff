"""``Fundamental`` / ``FineFundamental``: a coarse row plus Morningstar's fine fields.

Open-source LEAN ships only the coarse files; its ``CoarseFundamentalDataProvider``
(Common/Data/UniverseSelection/CoarseFundamentalDataProvider.cs) answers every other field with
``BaseFundamentalDataProvider.GetDefault``: NaN for doubles, 0 for decimals and integers, null for
strings, ``false`` for booleans and ``DateTime`` 0001-01-01. Fine selectors therefore see empty
fundamentals, and filters such as ``f.valuation_ratios.pe_ratio > 0`` keep nothing. This module
gives the same defaults: the fine field groups (``valuation_ratios``, ``asset_classification``...)
answer any field with a missing number (a NaN that also answers the multi-period members
``value``, ``three_months``, ``has_value``...), except the fields LEAN types as strings, integers,
booleans or dates, listed below with their own defaults.

A run given a fine-fundamental file (engine/universe/fine_source.py) answers the fields that file
lists with its values, as LEAN does with an ``IFundamentalDataProvider`` that has them.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from engine.common.naming import to_snake
from engine.universe.coarse import CoarseFundamental
from engine.universe.fine_source import TOP_LEVEL, PeriodField, active_fine_source

# Fine field groups of LEAN's FineFundamental (Common/Data/Fundamental/Generated/FineFundamental.cs).
FIELD_GROUPS = (
    "company_reference",
    "security_reference",
    "financial_statements",
    "earning_reports",
    "operation_ratios",
    "earning_ratios",
    "valuation_ratios",
    "company_profile",
    "asset_classification",
)

_STRING = None
_INTEGER = 0
_BOOLEAN = False
_DATE = datetime(1, 1, 1)

# The fields LEAN does not type as double, by group (their defaults differ from NaN).
_TYPED_FIELDS: dict[str, dict[str, Any]] = {
    "company_reference": {
        **dict.fromkeys(
            (
                "company_id short_name standard_name legal_name country_id cik company_status "
                "industry_template_code primary_share_class_id primary_symbol primary_exchange_id "
                "business_country_id legal_name_language_code auditor auditor_language_code advisor "
                "advisor_language_code primary_mic yearof_establishment"
            ).split(),
            _STRING,
        ),
        **dict.fromkeys(("fiscal_year_end", "report_style"), _INTEGER),
        **dict.fromkeys(
            ("is_limited_partnership", "is_reit", "is_limited_liability_company"), _BOOLEAN
        ),
        "expected_fiscal_year_end": _DATE,
    },
    "security_reference": {
        **dict.fromkeys(
            (
                "security_symbol exchange_id currency_id security_type share_class_description "
                "share_class_status investment_id delisting_reason mic common_share_sub_type "
                "ipo_offer_price_range exchange_sub_market_global_id market_data_id"
            ).split(),
            _STRING,
        ),
        **dict.fromkeys(("ipo_date", "delisting_date"), _DATE),
        **dict.fromkeys(
            (
                "is_depositary_receipt is_primary_share is_dividend_reinvest is_direct_invest "
                "trading_status"
            ).split(),
            _BOOLEAN,
        ),
    },
    "valuation_ratios": dict.fromkeys(
        ("forward_calculation_style", "trailing_calculation_style"), _STRING
    ),
    "company_profile": {
        **dict.fromkeys(
            [f"headquarter_address_line{i}" for i in range(1, 6)]
            + [f"registered_address_line{i}" for i in range(1, 5)]
            + (
                "headquarter_city headquarter_province headquarter_country headquarter_postal_code "
                "headquarter_phone headquarter_fax headquarter_homepage contact_email registered_city "
                "registered_province registered_country registered_postal_code registered_phone "
                "registered_fax reasonof_shares_change"
            ).split(),
            _STRING,
        ),
        **dict.fromkeys(
            (
                "total_employee_number average_employee_number shares_outstanding market_cap "
                "enterprise_value share_class_level_shares_outstanding "
                "shares_outstanding_with_balance_sheet_ending_date"
            ).split(),
            _INTEGER,
        ),
        "is_head_office_same_with_registered_office_flag": _BOOLEAN,
    },
    "asset_classification": {
        **dict.fromkeys(
            (
                "stock_type style_box morningstar_industry_code morningstar_industry_group_code "
                "morningstar_sector_code morningstar_economy_sphere_code sic naics cannaics"
            ).split(),
            _INTEGER,
        ),
        **dict.fromkeys(("growth_grade", "financial_health_grade", "profitability_grade"), _STRING),
    },
}


def field_default(key: tuple[str, ...]) -> Any:
    """The value of a field with no data: LEAN's default of its type (``key`` from
    ``fine_source.field_key``); a multi-period field's periods are doubles."""
    if key[0] == TOP_LEVEL:
        return False if key[1] == "has_fundamental_data" else math.nan
    if len(key) > 2:
        return math.nan
    return _TYPED_FIELDS.get(key[0], {}).get(key[1], math.nan)


class MissingNumber(float):
    """A fundamental number with no data: NaN (so comparisons are false and ``math.isnan`` is
    true) that also answers a multi-period field's members (``value``, ``three_months``...) and
    a statement's line items (``balance_sheet.total_assets.value``) with a missing number."""

    def __new__(cls) -> MissingNumber:
        return super().__new__(cls, math.nan)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if to_snake(name) == "has_value":
            return False
        return MISSING

    def get_periods(self) -> list[str]:
        return []

    def get_period_values(self) -> dict[str, float]:
        return {}

    def get_period_value(self, period: str) -> float:
        return MISSING

    GetPeriods = get_periods
    GetPeriodValues = get_period_values
    GetPeriodValue = get_period_value

    def __repr__(self) -> str:
        return "nan"


MISSING = MissingNumber()


class FundamentalTimeProvider:
    """LEAN's FundamentalTimeProvider: the fixed time of one Fundamental's data."""

    __slots__ = ("_time",)

    def __init__(self, time: datetime) -> None:
        self._time = time

    def get_utc_now(self) -> datetime:
        return self._time

    GetUtcNow = get_utc_now


class FieldGroup:
    """One fine field group (``valuation_ratios``...): the values the run's fine-fundamental
    source gives (``values``: field -> value, or period -> value for a multi-period field), the
    missing defaults for the other fields."""

    __slots__ = ("name", "_time_provider", "_values")

    def __init__(
        self, name: str, time_provider: Any = None, values: dict[str, Any] | None = None
    ) -> None:
        self.name = name
        # as LEAN's generated field groups, each holds the time provider of its Fundamental (the
        # data's time): two days' groups are distinct objects answering for their own day
        self._time_provider = time_provider
        self._values = values or {}

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        key = to_snake(attribute)
        if key in self._values:
            value = self._values[key]
            return PeriodField(value) if isinstance(value, dict) else value
        typed = _TYPED_FIELDS.get(self.name, {})
        return typed[key] if key in typed else MISSING

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name}: {len(self._values)} fields with data)"


def fine_values(sid: str, ticker: str) -> dict[str, dict[str, Any]]:
    """The run's fine values of one security by group (``{"valuation_ratios": {"pe_ratio":
    13.0}}``; a multi-period field holds ``{period: value}``); empty without a source."""
    source = active_fine_source()
    if source is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, value in source.of(sid, ticker).items():
        group = out.setdefault(key[0], {})
        if len(key) == 3:
            group.setdefault(key[1], {})[key[2]] = value
        else:
            group[key[1]] = value
    return out


class Fundamental(CoarseFundamental):
    """A security's coarse row with its fine field groups (all without data, as LEAN's coarse
    provider answers them); ``market_cap`` is ``company_profile.market_cap``."""

    @property
    def market_cap(self) -> Any:
        return self.company_profile.market_cap

    def __getattr__(self, name: str) -> Any:
        snake = to_snake(name)
        if snake in FIELD_GROUPS:
            values = self.__dict__.get("_fine", {}).get(snake)
            group = FieldGroup(snake, FundamentalTimeProvider(self.time), values)
            self.__dict__[snake] = group
            return group
        if snake != name:
            return getattr(self, snake)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"Fundamental({self.symbol.value} {self.time:%Y-%m-%d} ${self.dollar_volume:,.0f})"


class FineFundamental(Fundamental):
    """What a fine selector receives (LEAN FineFundamental): the same fields as ``Fundamental``."""


def as_fundamental(
    row: CoarseFundamental, kind: type[Fundamental] = Fundamental, *, sid: str = ""
) -> Fundamental:
    """``row`` with its fine fields: the run's fine-fundamental source's values for ``sid`` (by
    default the row's SecurityIdentifier), else none."""
    out = kind.__new__(kind)
    for name in ("symbol", "time", "end_time", "value", "is_fill_forward"):  # BaseData's slots
        setattr(out, name, getattr(row, name))
    out.__dict__.update(row.__dict__)
    sid = sid or row.__dict__.get("sid") or row.symbol.id.sid
    fine = fine_values(sid, row.symbol.value)
    if fine:
        out.__dict__["_fine"] = fine
        # the source's own fields (has_fundamental_data) replace the coarse file's
        out.__dict__.update(fine.get(TOP_LEVEL, {}))
    return out


def fundamental_for(folder: Any, symbol: Any, at: datetime) -> Fundamental:
    """LEAN's ``Fundamental.ForDate(time, symbol)``: the security's fundamental data at ``at``
    (algorithm or security local time). As LEAN's CoarseFundamentalDataProvider, the coarse
    fields come from the coarse file of that date, with its defaults (0, no data) when the file
    or the security's row is missing; the fine fields have no data."""
    from engine.universe.coarse import read_coarse

    day = at.date()
    rows = read_coarse(str(folder), day) if folder else []
    row = next((r for r in rows if r.symbol == symbol), None)
    if row is None:
        row = CoarseFundamental(symbol, day, 0.0, 0.0, 0.0, False, 0.0, 0.0)
    # the security's own identifier, as LEAN's Security.Fundamentals (the coarse row under its
    # ticker may be another company's on that day)
    from engine.statistics.identifiers import symbol_identifier

    out = as_fundamental(row, sid=symbol_identifier(folder, symbol) if folder else "")
    out.symbol = symbol
    out.time = out.end_time = at
    return out
