"""Reading a custom type's points: ``get_source`` per date, ``reader`` per line. Sources are local
files (absolute, or relative to the data folder, else the project folder; ``file.zip`` reads the
archive's first entry, ``file.zip#name`` the entry ``name``) or object store keys (a key ending in
``.zip`` reads the archive's first entry, as LEAN's ObjectStoreSubscriptionStreamReader). Remote
files cannot be downloaded: backtests run without network access, so a URL source stops the run
with an error naming it. Each distinct source is read once (a whole-history CSV returned for every
date is read one time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.custom.data import SubscriptionTransportMedium


class CustomDataError(Exception):
    """A custom data source that cannot be read (missing file, network error, bad reader)."""


class CustomDataMissing(CustomDataError):
    """None of a custom type's sources exists in the requested dates."""


@dataclass
class CustomConfig:
    """The ``config`` handed to ``get_source``/``reader`` (LEAN's SubscriptionDataConfig subset)."""

    symbol: Any
    type: type
    resolution: Any
    time_zone: str = "America/New_York"
    fill_forward: bool = False
    extended_market_hours: bool = True
    is_custom_data: bool = True
    tick_type: Any = 0  # TickType.TRADE
    properties: dict = field(default_factory=dict)
    mapping: Any = None  # the MapFile of a type that requires mapping
    mapped_day: date | None = None  # the date read_points reads (mapped_symbol's date)

    def __getattr__(self, name: str) -> Any:
        from engine.common.naming import to_snake

        snake = to_snake(name)
        if snake != name:
            return object.__getattribute__(self, snake)
        raise AttributeError(name)

    @property
    def market(self) -> str:
        return self.symbol.market

    @property
    def mapped_symbol(self) -> str:
        """The ticker on the date being read: from the map file of a type whose
        ``requires_mapping()`` is true (LEAN's SubscriptionDataConfig.MappedSymbol), else the
        symbol's."""
        if self.mapping is not None and self.mapped_day is not None:
            ticker = self.mapping.ticker_on(self.mapped_day)
            if ticker:
                return ticker.upper()
        return self.symbol.value

    @property
    def data_time_zone(self) -> str:
        return self.time_zone

    @property
    def exchange_time_zone(self) -> str:
        return self.time_zone

    @property
    def increment(self) -> timedelta:
        from engine.model import Resolution

        return {
            Resolution.DAILY: timedelta(days=1),
            Resolution.HOUR: timedelta(hours=1),
            Resolution.MINUTE: timedelta(minutes=1),
            Resolution.SECOND: timedelta(seconds=1),
        }.get(self.resolution, timedelta(0))


class SubscriptionDataConfig(CustomConfig):
    """LEAN's ``SubscriptionDataConfig`` as algorithms construct it: ``SubscriptionDataConfig(config,
    data_type, symbol)`` copies ``config`` with another type and/or symbol (what a custom type
    wrapping LEAN's own files passes to ``TradeBar().get_source``); otherwise the fields by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not args or not isinstance(args[0], CustomConfig):
            super().__init__(*args, **kwargs)
            return
        base, rest = args[0], list(args[1:])
        data_type = rest.pop(0) if rest else kwargs.pop("object_type", None)
        symbol = rest.pop(0) if rest else kwargs.pop("symbol", None)
        super().__init__(
            symbol=symbol if symbol is not None else base.symbol,
            type=data_type if data_type is not None else base.type,
            resolution=kwargs.pop("resolution", base.resolution),
            time_zone=base.time_zone,
            fill_forward=base.fill_forward,
            extended_market_hours=base.extended_market_hours,
            is_custom_data=base.is_custom_data,
            tick_type=base.tick_type,
            properties=dict(base.properties),
        )


def call_optional(obj: Any, snake: str, pascal: str, *args: Any) -> Any:
    """``obj.snake(*args)`` (or its PascalCase spelling) when a class defines it, else None."""
    try:
        return _call(obj, snake, pascal, *args)
    except CustomDataError:
        return None


def _call(obj: Any, snake: str, pascal: str, *args: Any) -> Any:
    for cls in type(obj).__mro__:
        if snake in cls.__dict__:
            return getattr(obj, snake)(*args)
        if pascal in cls.__dict__:
            return getattr(obj, pascal)(*args)
    raise CustomDataError(f"{type(obj).__name__} must define {snake}() (or {pascal}())")


def _resolve_local(source: str, data_root: Path | None, project_dir: Path | None) -> Path:
    """A local source's file: absolute as given; relative, the first that exists under the data
    folder or ``project_dir`` (the folder relative sources resolve against, LEAN's process
    working directory). That join is lexical (``..`` removed without touching the disk): the
    folder stands for a working directory and need not exist itself."""
    path = Path(source).expanduser()
    if path.is_absolute():
        return path
    candidates = [data_root / path] if data_root is not None else []
    if project_dir is not None:
        candidates.append(Path(os.path.normpath(project_dir / path)))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[0] if candidates else Path.cwd() / path


def relative_source_dir(algorithm: Any) -> Path | None:
    """The folder an algorithm's relative local sources resolve against: the run's working folder
    when one was given (``attach(working_dir=...)``), otherwise its project folder."""
    folder = getattr(algorithm, "_working_dir", None) or getattr(algorithm, "_project_dir", None)
    return Path(folder) if folder else None


def _local_text(
    source: str, data_root: Path | None, project_dir: Path | None, missing: list | None = None
) -> str | None:
    from engine.data.compression import entry_text

    name, _, entry = source.partition("#")
    path = _resolve_local(name, data_root, project_dir)
    if not path.is_file():
        if missing is not None:
            missing.append(str(path))
        return None
    if path.suffix.lower() == ".zip":
        try:
            return entry_text(path.read_bytes(), entry or None)
        except ValueError as exc:
            raise CustomDataError(f"{path.name}: {exc}") from exc
    return path.read_text(encoding="utf-8-sig", errors="replace")


def _object_store_text(key: str, object_store: Any) -> str | None:
    from engine.data.compression import entry_text

    if object_store is None:
        raise CustomDataError(f"object store key {key!r}: this run has no object store")
    if not object_store.contains_key(key):
        return None
    payload = object_store.read_bytes(key)
    if key.lower().endswith(".zip"):
        try:
            return entry_text(payload)
        except ValueError as exc:
            raise CustomDataError(f"object store key {key!r}: {exc}") from exc
    return payload.decode("utf-8-sig", errors="replace")


def read_lines(
    source: Any,
    data_root: Path | None,
    project_dir: Path | None,
    object_store: Any = None,
    missing: list | None = None,
) -> list[str] | None:
    """Lines of a source, or None when a local file / object store key does not exist (LEAN skips
    missing dates); ``missing`` collects the missing files and keys."""
    medium = source.transport_medium
    if medium == SubscriptionTransportMedium.OBJECT_STORE:
        text = _object_store_text(source.source, object_store)
        if text is None and missing is not None:
            missing.append(f"object store key {source.source!r}")
    elif medium == SubscriptionTransportMedium.REMOTE_FILE or source.source.lower().startswith(
        ("http://", "https://", "ftp://")
    ):
        raise CustomDataError(
            f"cannot download {source.source}: remote file downloads are unavailable in this "
            "engine (backtests run without network access); save the file in the project folder "
            "or the object store and return a LOCAL_FILE or OBJECT_STORE source"
        )
    elif medium == SubscriptionTransportMedium.LOCAL_FILE:
        text = _local_text(source.source, data_root, project_dir, missing)
    else:
        raise CustomDataError(
            f"transport medium {medium.name} ({source.source}) is not available in backtests"
        )
    return None if text is None else text.splitlines()


def read_points(
    data_type: type,
    config: CustomConfig,
    first: date,
    last: date,
    data_root: Path | None,
    project_dir: Path | None,
    object_store: Any = None,
    require_data: bool = False,
) -> list[Any]:
    """Every point the type's reader returns for dates in [first, last], sorted by end time.

    ``require_data``: when none of the sources exists, stop with an error naming the missing file
    (LEAN skips a missing date silently; a subscription with no file at all is almost always a
    wrong path or data that is not in this data folder)."""
    missing: list[str] = []
    found = False
    factory = data_type()
    seen: set = set()
    out: list[Any] = []
    d = first
    while d <= last:
        day = datetime(d.year, d.month, d.day)
        config.mapped_day = d
        source = _call(factory, "get_source", "GetSource", config, day, False)
        d += timedelta(days=1)
        if source is None or source in seen:
            continue
        seen.add(source)
        lines = read_lines(source, data_root, project_dir, object_store, missing)
        if lines is None:
            continue
        found = True
        for line in lines:
            if not line.strip():
                continue
            point = _call(factory, "reader", "Reader", config, line, day, False)
            if point is None:
                continue
            for item in point if isinstance(point, list | tuple) else [point]:
                if getattr(item, "symbol", None) is None:
                    item.symbol = config.symbol
                out.append(item)
    if require_data and not found and missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise CustomDataMissing(
            f"no data for custom type {data_type.__name__} ({config.symbol}) between {first} and "
            f"{last}: {missing[0]}{more} does not exist"
        )
    out.sort(key=lambda p: p.end_time)
    return out
