"""The crisis events of the backtest report (QuantConnect's report section Crisis Events), in one place.

Names and date ranges (inclusive) exactly as QuantConnect's report lists them. The report charts an event when
the backtest's daily equity has at least two points inside its range, and omits it otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CrisisEvent:
    name: str
    start: date
    end: date

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")


CRISIS_EVENTS: tuple[CrisisEvent, ...] = (
    CrisisEvent("DotCom Bubble 2000", date(2000, 2, 26), date(2000, 9, 10)),
    CrisisEvent("September 11, 2001", date(2001, 9, 5), date(2001, 10, 10)),
    CrisisEvent("U.S. Housing Bubble 2003", date(2003, 1, 1), date(2003, 2, 20)),
    CrisisEvent("Global Financial Crisis 2007", date(2007, 10, 1), date(2011, 12, 1)),
    CrisisEvent("Flash Crash 2010", date(2010, 5, 1), date(2010, 5, 22)),
    CrisisEvent("Fukushima Meltdown 2011", date(2011, 3, 1), date(2011, 4, 22)),
    CrisisEvent("U.S. Credit Downgrade 2011", date(2011, 8, 5), date(2011, 9, 1)),
    CrisisEvent("ECB IR Event 2012", date(2012, 9, 5), date(2012, 10, 12)),
    CrisisEvent("European Debt Crisis 2014", date(2014, 10, 1), date(2014, 10, 29)),
    CrisisEvent("Market Sell-Off 2015", date(2015, 8, 10), date(2015, 10, 10)),
    CrisisEvent("Recovery 2010-2012", date(2010, 1, 1), date(2012, 10, 1)),
    CrisisEvent("New Normal 2014-2019", date(2014, 1, 1), date(2019, 1, 1)),
    CrisisEvent("COVID-19 Pandemic 2020", date(2020, 2, 10), date(2020, 9, 20)),
)
