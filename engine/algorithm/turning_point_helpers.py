"""QCAlgorithm's helpers (Algorithm/QCAlgorithm.Indicators.cs) for the cycle, turning-point,
market-profile and new-highs/new-lows indicators: ``ht``, ``mama``, ``sarext``, ``tds``, ``pphl``,
``vp``, ``tp``, ``nhnl`` and ``nhnlv``.

Names follow LEAN's helpers; where an argument is left out, its default is printed as C# prints
LEAN's decimal default (``0.70``, ``0.0``), since that is what LEAN's name shows.
"""

from __future__ import annotations

from typing import Any

from engine.algorithm.indicator_names import number_text
from engine.indicators import cycles, new_highs_lows, profiles, turning_points
from engine.model.enums import Resolution


def _text(value: Any, lean_default: str) -> str:
    return lean_default if value is None else number_text(value)


def _value(value: Any, default: float) -> float:
    return default if value is None else float(value)


class TurningPointHelpersMixin:
    """Mixed into ``ExtraIndicatorHelpersMixin``; uses its ``create_indicator_name``,
    ``_lean_helper`` and ``_breadth``."""

    def ht(
        self,
        symbol: Any,
        length: int,
        in_phase_multiplication_factor: float,
        quadrature_multiplication_factor: float,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        # LEAN's HT helper builds its name but constructs the indicator without it, so the
        # indicator keeps HilbertTransform's own default name
        indicator = cycles.HilbertTransform(
            length, in_phase_multiplication_factor, quadrature_multiplication_factor
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def mama(
        self,
        symbol: Any,
        fast_limit: float | None = None,
        slow_limit: float | None = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"MAMA({_text(fast_limit, '0.5')},{_text(slow_limit, '0.05')})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = cycles.MesaAdaptiveMovingAverage(
            name, _value(fast_limit, 0.5), _value(slow_limit, 0.05)
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def sarext(
        self,
        symbol: Any,
        sar_start: float | None = None,
        offset_on_reverse: float | None = None,
        af_start_short: float | None = None,
        af_increment_short: float | None = None,
        af_max_short: float | None = None,
        af_start_long: float | None = None,
        af_increment_long: float | None = None,
        af_max_long: float | None = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        given = (
            sar_start,
            offset_on_reverse,
            af_start_short,
            af_increment_short,
            af_max_short,
            af_start_long,
            af_increment_long,
            af_max_long,
        )
        lean_defaults = ("0.0", "0.0", "0.02", "0.02", "0.2", "0.02", "0.02", "0.2")
        label = "SAREXT(" + ",".join(map(_text, given, lean_defaults)) + ")"
        name = self.create_indicator_name(symbol, label, resolution)
        values = [_value(v, float(d)) for v, d in zip(given, lean_defaults, strict=True)]
        indicator = turning_points.ParabolicStopAndReverseExtended(name, *values)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def tds(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, "TDS", resolution)
        indicator = turning_points.TomDemarkSequential(name)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def pphl(
        self,
        symbol: Any,
        length_high: int,
        length_low: int,
        last_stored_values: int = 100,
        strict: Any = True,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        # LEAN's overload PPHL(symbol, high, low, stored, resolution, selector) takes the
        # resolution in strict's place
        if isinstance(strict, Resolution):
            strict, resolution = True, strict
        name = self.create_indicator_name(symbol, f"PPHL({length_high},{length_low})", resolution)
        indicator = turning_points.PivotPointsHighLow(
            name, length_high, length_low, last_stored_values, bool(strict)
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def _profile(
        self,
        kind: type,
        label: str,
        symbol: Any,
        period: int,
        value_area_volume_percentage: float | None,
        price_range_round_off: float | None,
        resolution: Any,
        selector: Any,
    ) -> Any:
        text = (
            f"{label}({period},{_text(value_area_volume_percentage, '0.70')},"
            f"{_text(price_range_round_off, '0.05')})"
        )
        name = self.create_indicator_name(symbol, text, resolution)
        indicator = kind(
            name,
            period,
            _value(value_area_volume_percentage, 0.70),
            _value(price_range_round_off, 0.05),
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def vp(
        self,
        symbol: Any,
        period: int = 2,
        value_area_volume_percentage: float | None = None,
        price_range_round_off: float | None = None,
        resolution: Any = Resolution.DAILY,
        selector: Any = None,
    ) -> Any:
        return self._profile(
            profiles.VolumeProfile,
            "VP",
            symbol,
            period,
            value_area_volume_percentage,
            price_range_round_off,
            resolution,
            selector,
        )

    def tp(
        self,
        symbol: Any,
        period: int = 2,
        value_area_volume_percentage: float | None = None,
        price_range_round_off: float | None = None,
        resolution: Any = Resolution.DAILY,
        selector: Any = None,
    ) -> Any:
        return self._profile(
            profiles.TimeProfile,
            "TP",
            symbol,
            period,
            value_area_volume_percentage,
            price_range_round_off,
            resolution,
            selector,
        )

    def _new_highs_lows(
        self, kind: type, label: str, symbols: Any, period: int, resolution: Any, selector: Any
    ) -> Any:
        symbols = list(symbols)
        if not symbols:
            raise ValueError(f"{label} needs at least one symbol")
        if resolution is None:
            request = self._subscription_of(self._indicator_symbol(symbols[0]))
            if request is None:
                raise ValueError(
                    f"The symbol {symbols[0]} has no subscription; add it before creating {label}"
                )
            name_resolution = request.resolution
        else:
            name_resolution = resolution
        name = self.create_indicator_name(None, f"{label}({period})", name_resolution)
        return self._breadth(kind(name, period), symbols, resolution, selector)

    def nhnl(self, symbols: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._new_highs_lows(
            new_highs_lows.NewHighsNewLows, "NH/NL", symbols, period, resolution, selector
        )

    def nhnlv(self, symbols: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._new_highs_lows(
            new_highs_lows.NewHighsNewLowsVolume,
            "NH/NL Volume",
            symbols,
            period,
            resolution,
            selector,
        )

    HT, MAMA, SAREXT, TDS, PPHL = ht, mama, sarext, tds, pphl
    VP, TP, NHNL, NHNLV = vp, tp, nhnl, nhnlv
