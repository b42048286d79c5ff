"""``add_data`` on QCAlgorithm: custom data subscriptions (read by the runner through engine.custom)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from engine.custom.source import CustomConfig
from engine.model import Market, SecurityType, Symbol


@dataclass
class CustomSubscription:
    symbol: Symbol
    type: type
    config: CustomConfig
    # selected by a universe: a missing file is skipped as LEAN does (an algorithm's own add_data
    # with no file at all stops the run naming it)
    from_universe: bool = False
    request: Any = None  # add_data's SubscriptionRequest (the feed's resolution and flags)


class CustomDataMixin:
    _custom_subscriptions: list[CustomSubscription] | None = None

    def add_data(
        self, data_type: type, ticker: Any, resolution: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        """Subscribe a ``PythonData`` subclass under ``ticker`` (a ``Security`` of type Base, market
        usa, New York time, always open); its points reach ``slice[symbol]``, ``slice.get(Type)``
        and the security's price."""
        from engine.model.subscriptions import SubscriptionRequest

        if isinstance(ticker, Symbol) and ticker.security_type != SecurityType.BASE:
            # AddData(type, underlying): LEAN's Symbol.CreateBase links the custom symbol to it
            symbol = Symbol.create_base(data_type, ticker, ticker.market)
        elif isinstance(ticker, Symbol):
            symbol = ticker
        else:
            symbol = Symbol(str(ticker).upper(), SecurityType.BASE, Market.USA)
        if self._custom_subscriptions is None:
            self._custom_subscriptions = []
        for sub in self._custom_subscriptions:
            if sub.symbol == symbol:
                return self.securities[symbol]
        properties = hours = None
        if resolution is not None and hasattr(resolution, "lot_size"):
            # AddData(type, ticker, SymbolProperties, SecurityExchangeHours, resolution, ...)
            properties = resolution
            rest = list(args)
            hours = rest.pop(0) if rest else kwargs.get("exchange_hours")
            resolution = rest.pop(0) if rest else kwargs.get("resolution")
        elif args and not isinstance(args[0], bool | int | float):
            time_zone = args[0]  # AddData(type, ticker, resolution, time_zone, ...)
            kwargs.setdefault("time_zone", time_zone)
        res = self._custom_resolution(data_type, symbol, resolution)
        request = SubscriptionRequest(
            symbol=symbol, resolution=res, fill_forward=False, extended_market_hours=True
        )
        security = self._create_security(request)  # QCAlgorithm's
        for info in security.subscriptions:
            info.custom_type = data_type
        if properties is not None:
            security.symbol_properties = properties
        if hours is not None:
            security.exchange_hours = hours
            security.time_zone = security.exchange.time_zone
        leverage = kwargs.get("leverage")
        if leverage is not None:
            security.set_leverage(float(leverage))
        config = CustomConfig(symbol, data_type, res)
        config.mapping = self._custom_mapping(data_type, symbol)
        time_zone = kwargs.get("time_zone") or (hours.time_zone if hours is not None else None)
        if time_zone:
            config.time_zone = str(time_zone)
        self._custom_subscriptions.append(
            CustomSubscription(symbol, data_type, config, request=request)
        )
        self._pending_added.append(security)
        return security

    AddData = add_data

    def _custom_resolution(self, data_type: type, symbol: Symbol, resolution: Any) -> Any:
        """The resolution of a custom subscription, as LEAN's DataManager.Add: without one, the
        type's ``default_resolution()`` (BaseData's is Daily); a given one must be among the
        type's ``supported_resolutions()`` in a backtest."""
        from engine.custom.source import call_optional
        from engine.model import Resolution
        from engine.model.subscriptions import as_resolution

        instance = data_type()
        if resolution is None:
            default = call_optional(instance, "default_resolution", "DefaultResolution")
            return as_resolution(default) if default is not None else Resolution.DAILY
        res = as_resolution(resolution)
        supported = call_optional(instance, "supported_resolutions", "SupportedResolutions")
        if supported is not None and res not in [as_resolution(r) for r in supported]:
            names = ", ".join(as_resolution(r).name.title() for r in supported)
            raise ValueError(
                f"Sorry {res.name.title()} is not a supported resolution for "
                f"{data_type.__name__} and SecurityType.Base ({symbol.value}). Please change your "
                f"AddData to use one of the supported resolutions ({names})."
            )
        return res

    def _subscribe_auxiliary(self, data_type: type, symbol: Symbol) -> None:
        """Feed ``data_type``'s points (auxiliary data in UTC, such as a perpetual's funding rates)
        to the security of ``symbol``; a market without that file just has none, as in LEAN."""
        from engine.model import Resolution

        if self._custom_subscriptions is None:
            self._custom_subscriptions = []
        for sub in self._custom_subscriptions:
            if sub.symbol == symbol and sub.type is data_type:
                return
        config = CustomConfig(symbol, data_type, Resolution.DAILY)
        config.time_zone = "UTC"
        self._custom_subscriptions.append(
            CustomSubscription(symbol, data_type, config, from_universe=True)
        )

    def _custom_mapping(self, data_type: type, symbol: Symbol) -> Any:
        """The map file of a custom type whose ``requires_mapping()`` is true (LEAN maps such a
        subscription's ticker by date and raises its renames), found as LEAN resolves a ticker
        of today; else None."""
        from engine.custom.source import call_optional
        from engine.data.maps import resolve_map_file

        if not call_optional(data_type(), "requires_mapping", "RequiresMapping"):
            return None
        folder = getattr(self, "_data_folder", None)
        if folder is None:
            return None
        ticker = symbol.underlying.value if symbol.underlying is not None else symbol.value
        mapping = resolve_map_file(folder, symbol.market or "usa", ticker)
        return None if mapping.identity else mapping

    def custom_history_points(
        self,
        data_type: type,
        symbols: list[Symbol],
        start_ns: int | None,
        end_ns: int,
        count: int | None,
    ) -> dict[Symbol, list[Any]]:
        """History of a custom type (LEAN runs the type's ``get_source``/``reader`` over the
        requested dates): per symbol, the points ending in (start_ns, end_ns], or the last
        ``count`` points ending at or before ``end_ns``."""
        from pathlib import Path

        from engine.common.clock import local_to_ns, ns_to_local
        from engine.custom.source import read_points, relative_source_dir
        from engine.model import Resolution

        folder = getattr(self, "_data_folder", None)
        data_root = Path(folder.root) if folder is not None else None
        project_dir = relative_source_dir(self)
        store = getattr(self, "object_store", None)
        out: dict[Symbol, list[Any]] = {}
        for symbol in symbols:
            config = next(
                (
                    s.config
                    for s in self._custom_subscriptions or ()
                    if s.symbol == symbol and s.type is data_type
                ),
                None,
            ) or CustomConfig(symbol, data_type, Resolution.DAILY)
            tz = config.time_zone

            def read(first_ns: int, config: CustomConfig = config, tz: str = tz) -> list[Any]:
                first = ns_to_local(first_ns, tz).date() - timedelta(days=1)
                last = ns_to_local(end_ns, tz).date()
                points = read_points(
                    data_type, config, first, last, data_root, project_dir, store, True
                )
                return [p for p in points if first_ns < local_to_ns(p.end_time, tz) <= end_ns]

            if count is None:
                assert start_ns is not None
                points = read(start_ns)
            else:
                step = max(config.increment, timedelta(hours=1))
                span = step * count * 2 + timedelta(days=7)
                points = []
                for _ in range(6):  # widen the look-back until enough points (about 3 years)
                    points = read(end_ns - int(span.total_seconds() * 1e9))
                    if len(points) >= count:
                        break
                    span *= 4
                points = points[-count:]
            out[symbol] = points
        return out
