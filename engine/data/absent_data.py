"""Data LEAN would read that the data folder lacks, where the run can go on without it.

By default a warning in the algorithm's log, named again by the run's error if the run fails (a
failure may come from the absent data). Under the strict-data control (``Controls.strict_data``,
``python -m engine backtest --strict-data``) absent data that sets a security's prices stops the
run, with ``IncompleteData`` naming the files, once the run rests on it: when the algorithm
places an order for a security of that data (an option contract of the underlying whose quote
files are absent, a contract of the future), or already has one when the absence comes to light,
or when the algorithm's own code reads such a security's price, bid or ask (its decision then
rests on a price LEAN's data sets and this folder does not, e.g. a contract that did not trade
reads 0). A run's figures are its orders' fills and the holdings they leave, so a run that never
touches the incomplete data that way (a chain it looked at, a contract it added but never priced
or traded) still compares with LEAN's figures and goes on with the warning.

An equity's quote ticks do not set its prices in that sense: its prices and fills come from
trades when quotes are absent, as for much of LEAN's own data folder (minute and second equity
days without quote files), so they stay a warning.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from engine.common.controls import controls_of
from engine.errors import IncompleteData

OPTION_FOLDERS = ("option", "indexoption", "futureoption")
# the engine package's folder: frames of files under it are the engine's, not the algorithm's
ENGINE_DIR = str(Path(__file__).resolve().parents[1])


def data_group(symbol: Any) -> tuple[str, str, str]:
    """The files a security's prices come from: (security type folder, market, ticker folder);
    an option contract's are its underlying's option folder, which all its contracts share."""
    from engine.data.future_expiry import data_ticker_of
    from engine.data.option_files import contract_key

    kind = symbol.security_type.folder_name
    if kind in OPTION_FOLDERS:
        key = contract_key(symbol)
        return key.security_type, key.market, key.underlying.lower()
    return kind, symbol.market, data_ticker_of(symbol).lower()


def note_absent_data(
    algorithm: Any, message: str, *, symbol: Any = None, prices: bool = True
) -> None:
    """Warn once per message about absent data of ``symbol``'s files; with ``prices`` (the data
    sets the security's prices) remember it for ``check_order_data``, and under strict data stop
    at once if an order already rests on it."""
    if prices and symbol is not None:
        group = data_group(symbol)
        incomplete = algorithm.__dict__.setdefault("_incomplete_data", {})
        incomplete.setdefault(group, message)
        if controls_of(algorithm).strict_data:
            for order in algorithm.transactions.get_orders():
                if data_group(order.symbol) == group:
                    raise _stop(order.symbol, message)
            mark_securities(algorithm)
    notes = algorithm.__dict__.setdefault("_absent_data_notes", [])
    if message not in notes:
        notes.append(message)
        algorithm.debug(f"Warning: {message}")


def mark_securities(algorithm: Any) -> None:
    """Under strict data, give each security whose price files are partly absent the note
    (``Security.strict_data_gap``), so that a price read by the algorithm's code stops the run;
    called whenever subscriptions are added (a contract added later gets it too)."""
    incomplete = algorithm.__dict__.get("_incomplete_data")
    if not incomplete or not controls_of(algorithm).strict_data:
        return
    for security in algorithm.securities.values():
        if security.strict_data_gap is None:
            security.strict_data_gap = incomplete.get(data_group(security.symbol))


def check_price_read(symbol: Any, message: str) -> None:
    """Stop when the frame reading a marked security's price is the algorithm's code (a file
    outside the engine package); the engine's own reads (valuations, fills) go on."""
    frame = sys._getframe(2)  # the reader: 0 is this function, 1 the property
    if not frame.f_code.co_filename.startswith(ENGINE_DIR):
        raise IncompleteData(
            f"Incomplete data (strict data): the algorithm read the price of {symbol.value}, "
            f"which rests on data the folder lacks: {message} The run stops here because it was "
            "started with --strict-data; without it the run goes on without these files."
        )


def check_order_data(algorithm: Any, symbol: Any) -> None:
    """Under strict data, stop before an order for a security whose price data is partly absent."""
    if not controls_of(algorithm).strict_data:
        return
    incomplete = algorithm.__dict__.get("_incomplete_data")
    if not incomplete:
        return
    message = incomplete.get(data_group(symbol))
    if message is not None:
        raise _stop(symbol, message)


def _stop(symbol: Any, message: str) -> IncompleteData:
    return IncompleteData(
        f"Incomplete data (strict data): an order for {symbol.value} rests on data the folder "
        f"lacks: {message} The run stops here because it was started with --strict-data; "
        "without it the run goes on without these files."
    )


def absent_data_notes(algorithm: Any) -> list[str]:
    """The absent-data warnings of the run so far."""
    return list(algorithm.__dict__.get("_absent_data_notes", []))
