"""Market hours of indexes and index options from LEAN's database, converted as LEAN's
MarketHoursDatabaseJsonConverter: their own Chicago sessions, with the US holidays of the
``Index-usa-[*]`` entry (``Index-usa-SPX`` lists none itself)."""

from __future__ import annotations

from datetime import date, datetime

from engine.data import DataFolder
from engine.data.market_hours import market_hours


def test_spx_and_its_options_keep_chicago_sessions_and_the_us_holidays(lean_data):
    folder = DataFolder(lean_data)
    index = market_hours("index", "usa", folder, "SPX")
    weeklys = market_hours("indexoption", "usa", folder, "SPXW")
    for hours in (index, weeklys):
        assert hours.time_zone == "America/Chicago"
        assert hours.is_open(datetime(2021, 1, 14, 8, 30))  # 09:30 in New York
        assert not hours.is_open(datetime(2021, 1, 14, 8, 29))
        assert not hours.is_date_open(date(2021, 1, 18))  # Martin Luther King Jr. Day
        assert hours.is_date_open(date(2021, 1, 19))
    assert weeklys.data_time_zone == "America/New_York"
    assert index.market_close(date(2021, 1, 14)).time().isoformat() == "15:15:00"
