"""``OpenInterestFutureUniverseSelectionModel`` (LEAN's Algorithm.Framework/Selection/
OpenInterestFutureUniverseSelectionModel.cs): once a day, of each chain's contracts (the
``chain_contracts_lookup_limit`` nearest expiries, all when None) it keeps the
``results_limit`` with the largest open interest, the nearer expiry first on a tie.

A contract's open interest is its open-interest history from the start of the previous trading
day (extended hours count) to now: the earliest point of that span, as LEAN's model takes the
last of the points ordered from the newest. A chain none of whose contracts has any selects
nothing and the algorithm gets an error message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from engine.common.clock import local_to_ns, ns_to_local
from engine.framework.future_selection import FutureUniverseSelectionModel

ONE_DAY = timedelta(days=1)


def previous_day_start(hours: Any, end: datetime, extended: bool = True) -> datetime:
    """LEAN's Time.GetStartTimeForTradeBars for one daily bar: ``end`` rounded down to midnight in
    the data time zone, then back a day at a time until a day with open hours is passed."""
    in_data = ns_to_local(local_to_ns(end, hours.time_zone), hours.data_time_zone)
    midnight = datetime(in_data.year, in_data.month, in_data.day)
    current = ns_to_local(local_to_ns(midnight, hours.data_time_zone), hours.time_zone)
    for _ in range(30):
        previous, current = current, current - ONE_DAY
        if hours.is_open_between(current, previous, extended):
            return current
    raise ValueError(f"no open day in the 30 days before {end}")


class OpenInterestFutureUniverseSelectionModel(FutureUniverseSelectionModel):
    def __init__(
        self,
        algorithm: Any,
        future_chain_symbol_selector: Any,
        chain_contracts_lookup_limit: int | None = 6,
        results_limit: int | None = 1,
    ) -> None:
        if algorithm is None:
            raise ValueError("OpenInterestFutureUniverseSelectionModel needs the algorithm")
        super().__init__(ONE_DAY, future_chain_symbol_selector)
        self._algorithm = algorithm
        self.chain_contracts_lookup_limit = chain_contracts_lookup_limit
        self.results_limit = results_limit

    def filter(self, filter: Any) -> Any:  # noqa: A002 - LEAN's parameter name
        symbols = list(dict.fromkeys(filter.symbols))
        return filter.contracts(self.filter_by_open_interest(symbols))

    def filter_by_open_interest(self, contracts: list[Any]) -> list[Any]:
        """The contracts to keep, largest open interest first."""
        symbols = sorted(contracts, key=lambda s: s.id.date)
        if self.chain_contracts_lookup_limit is not None:
            symbols = symbols[: int(self.chain_contracts_lookup_limit)]
        open_interest = self._open_interest(symbols)
        if not open_interest:
            self._algorithm.error(
                "OpenInterestFutureUniverseSelectionModel.FilterByOpenInterest: Failed to get "
                "historical open interest, no symbol will be selected."
            )
            return []
        ranked = sorted(open_interest, key=lambda s: (-open_interest[s], s.id.date))
        if self.results_limit is not None:
            ranked = ranked[: int(self.results_limit)]
        return ranked

    def _open_interest(self, symbols: list[Any]) -> dict[Any, float]:
        if not symbols:
            return {}
        from engine.model.open_interest import OpenInterest

        algorithm = self._algorithm
        database = algorithm.market_hours_database
        out: dict[Any, float] = {}
        by_hours: dict[int, tuple[Any, list[Any]]] = {}
        for symbol in symbols:
            hours = database.get_exchange_hours(symbol.id.market, symbol, symbol.security_type)
            by_hours.setdefault(id(hours), (hours, []))[1].append(symbol)
        now = algorithm.utc_time
        for hours, group in by_hours.values():
            end_local = now.astimezone(hours.tz).replace(tzinfo=None)
            start = previous_day_start(hours, end_local)
            start_utc = ns_to_local(local_to_ns(start, hours.time_zone), "UTC").replace(tzinfo=UTC)
            points = algorithm.history[OpenInterest](group, start_utc, now)
            for point in points:
                out.setdefault(point.symbol, point.value)  # the earliest of the span
        return out

    FilterByOpenInterest = filter_by_open_interest
    Filter = filter
