"""Option strategies: ``OptionStrategy`` with its option and underlying legs (LEAN's
Common/Securities/Option/OptionStrategy.cs) and the ``OptionStrategies`` factory methods (LEAN's
Common/Securities/Option/OptionStrategies.cs). An algorithm orders a strategy with
``order``/``buy``/``sell(strategy, quantity)``: one combo market order of its legs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from engine.model.combo import Leg
from engine.model.enums import OptionRight, SecurityType
from engine.model.symbol import Symbol

#: the contract multiplier of equity and index options in LEAN's symbol-properties database
#: (its ``[*]`` option rows): a covered call holds this many shares per contract
OPTION_CONTRACT_MULTIPLIER = 100


@dataclass
class OptionLegData(Leg):
    """An option leg described by its right, strike and expiration; ``symbol`` is set when the
    strategy builds its contracts' symbols."""

    right: Any = OptionRight.CALL
    expiration: datetime | None = None
    strike: float = 0.0

    @staticmethod
    def create(  # type: ignore[override]
        quantity: float, symbol: Symbol, order_price: float | None = None
    ) -> OptionLegData:
        return OptionLegData(
            symbol,
            quantity,
            order_price,
            right=symbol.id.option_right,
            expiration=symbol.id.date,
            strike=float(symbol.id.strike_price),
        )

    Create = create
    Right = property(lambda self: self.right)
    Expiration = property(lambda self: self.expiration)
    Strike = property(lambda self: self.strike)

    def __str__(self) -> str:
        expiry = self.expiration.strftime("%Y%m%d") if self.expiration else ""
        right = getattr(self.right, "name", str(self.right)).title()
        return (
            f"Leg: {self.quantity:g}. Right: {right}. Strike: {self.strike:g}. Expiration: {expiry}"
        )


@dataclass
class UnderlyingLegData(Leg):
    """The strategy's underlying leg (shares of the option's underlying)."""

    @staticmethod
    def create(  # type: ignore[override]
        quantity: float, symbol: Any = None, order_price: float | None = None
    ) -> UnderlyingLegData:
        if symbol is not None and not isinstance(symbol, Symbol):
            # LEAN's Create(quantity, orderPrice) overload
            return UnderlyingLegData(None, quantity, float(symbol))
        return UnderlyingLegData(symbol, quantity, order_price)

    Create = create

    def __str__(self) -> str:
        return f"Leg: {self.quantity:g}. {self.symbol}" if self.symbol is not None else ""


class OptionStrategy:
    """A named set of option legs (and underlying legs) on one canonical option."""

    OptionLegData = OptionLegData
    UnderlyingLegData = UnderlyingLegData

    def __init__(
        self,
        name: str = "",
        canonical_option: Symbol | None = None,
        option_legs: Iterable[OptionLegData] | None = None,
        underlying_legs: Iterable[UnderlyingLegData] | None = None,
    ) -> None:
        self.name = name
        self.canonical_option = canonical_option
        self.underlying = canonical_option.underlying if canonical_option is not None else None
        self.option_legs: list[OptionLegData] = list(option_legs or [])
        self.underlying_legs: list[UnderlyingLegData] = list(underlying_legs or [])
        if canonical_option is not None:
            self.set_symbols()

    def set_symbols(self) -> None:
        """The canonical option (from the underlying leg when missing) and each option leg's
        contract symbol, as LEAN's ``OptionStrategy.SetSymbols``."""
        if self.canonical_option is None:
            if self.underlying is None:
                first = self.underlying_legs[0] if self.underlying_legs else None
                if first is None or first.symbol is None:
                    return
                self.underlying = first.symbol
            self.canonical_option = Symbol.create_canonical_option(self.underlying)
        canonical = self.canonical_option
        for leg in self.option_legs:
            if leg.symbol is None:
                if leg.expiration is None:
                    raise ValueError(f"{self.name}: an option leg needs an expiration")
                leg.symbol = Symbol.create_option(
                    self.underlying,
                    canonical.id.symbol,
                    canonical.id.market,
                    canonical.id.option_style,
                    leg.right,
                    leg.strike,
                    leg.expiration,
                )
        for leg in self.underlying_legs:
            if leg.symbol is None:
                leg.symbol = self.underlying

    @staticmethod
    def create(name: str, legs: Iterable[Leg]) -> OptionStrategy:
        option_legs: list[OptionLegData] = []
        underlying_legs: list[UnderlyingLegData] = []
        canonical = None
        for leg in legs:
            if isinstance(leg, UnderlyingLegData):
                underlying_legs.append(leg)
            elif isinstance(leg, OptionLegData):
                option_legs.append(leg)
                if canonical is None:
                    canonical = leg.symbol.canonical
            else:
                raise ValueError(f"Invalid leg type: {type(leg).__name__}")
        return OptionStrategy(name, canonical, option_legs, underlying_legs)

    def legs(self) -> list[Leg]:
        """The combo order's legs: underlying legs first, as LEAN's GenerateOptionStrategyOrders."""
        self.set_symbols()
        return [*self.underlying_legs, *self.option_legs]

    def __repr__(self) -> str:
        return f"OptionStrategy({self.name!r}, {self.canonical_option}, {len(self.option_legs)} option legs)"

    Create = create
    SetSymbols = set_symbols
    Name = property(lambda self: self.name)
    CanonicalOption = property(lambda self: self.canonical_option)
    Underlying = property(lambda self: self.underlying)
    OptionLegs = property(lambda self: self.option_legs)
    UnderlyingLegs = property(lambda self: self.underlying_legs)


def _expiry(value: Any, name: str, parameter: str = "expiration") -> datetime:
    if isinstance(value, datetime):
        if value in (datetime.min, datetime.max):
            raise ValueError(f"{name}: {parameter} must contain expiration date")
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValueError(f"{name}: {parameter} must contain expiration date")


def _check_canonical(canonical: Any, name: str) -> None:
    if (
        not isinstance(canonical, Symbol)
        or not canonical.has_underlying
        or float(canonical.id.strike_price) != 0.0
        or canonical.id.date.year != 1899
    ):
        raise ValueError(f"{name}: canonicalOption must contain canonical option symbol")


def _leg(right: Any, strike: float, quantity: float, expiration: datetime) -> OptionLegData:
    return OptionLegData(
        None, quantity, None, right=right, expiration=expiration, strike=float(strike)
    )


def _invert(strategy: OptionStrategy, name: str) -> OptionStrategy:
    strategy.name = name
    for leg in [*strategy.option_legs, *strategy.underlying_legs]:
        leg.quantity *= -1
    return strategy


def _multiplier(canonical: Symbol) -> int:
    if canonical.security_type in (SecurityType.OPTION, SecurityType.INDEX_OPTION):
        return OPTION_CONTRACT_MULTIPLIER
    raise ValueError(
        "covered and protective strategies are supported on equity and index options only"
    )


CALL, PUT = OptionRight.CALL, OptionRight.PUT


class OptionStrategies:
    """LEAN's ``OptionStrategies`` factory: each method returns an ``OptionStrategy`` whose legs
    are one unit of the strategy (a butterfly's middle leg is -2)."""

    def __init__(self) -> None:
        raise TypeError("OptionStrategies is a static class of factory methods")

    # -- with the underlying --------------------------------------------------------------------
    @staticmethod
    def covered_call(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        _check_canonical(canonical_option, "CoveredCall")
        expiry = _expiry(expiration, "CoveredCall")
        shares = _multiplier(canonical_option)
        return OptionStrategy(
            "Covered Call",
            canonical_option,
            [_leg(CALL, strike, -1, expiry)],
            [UnderlyingLegData(canonical_option.underlying, shares)],
        )

    @staticmethod
    def protective_call(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        return _invert(
            OptionStrategies.covered_call(canonical_option, strike, expiration), "Protective Call"
        )

    @staticmethod
    def covered_put(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        _check_canonical(canonical_option, "CoveredPut")
        expiry = _expiry(expiration, "CoveredPut")
        shares = _multiplier(canonical_option)
        return OptionStrategy(
            "Covered Put",
            canonical_option,
            [_leg(PUT, strike, -1, expiry)],
            [UnderlyingLegData(canonical_option.underlying, -shares)],
        )

    @staticmethod
    def protective_put(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        return _invert(
            OptionStrategies.covered_put(canonical_option, strike, expiration), "Protective Put"
        )

    @staticmethod
    def protective_collar(
        canonical_option: Symbol, call_strike: float, put_strike: float, expiration: Any
    ) -> OptionStrategy:
        if call_strike < put_strike:
            raise ValueError("ProtectiveCollar: callStrike must be greater than putStrike")
        covered_call = OptionStrategies.covered_call(canonical_option, call_strike, expiration)
        protective_put = OptionStrategies.protective_put(canonical_option, put_strike, expiration)
        return OptionStrategy(
            "Protective Collar",
            canonical_option,
            covered_call.option_legs + protective_put.option_legs,
            covered_call.underlying_legs,
        )

    @staticmethod
    def conversion(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        strategy = OptionStrategies.protective_collar(canonical_option, strike, strike, expiration)
        strategy.name = "Conversion"
        return strategy

    @staticmethod
    def reverse_conversion(
        canonical_option: Symbol, strike: float, expiration: Any
    ) -> OptionStrategy:
        return _invert(
            OptionStrategies.conversion(canonical_option, strike, expiration), "Reverse Conversion"
        )

    # -- single options -------------------------------------------------------------------------
    @staticmethod
    def naked_call(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        _check_canonical(canonical_option, "NakedCall")
        expiry = _expiry(expiration, "NakedCall")
        return OptionStrategy("Naked Call", canonical_option, [_leg(CALL, strike, -1, expiry)])

    @staticmethod
    def naked_put(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        _check_canonical(canonical_option, "NakedPut")
        expiry = _expiry(expiration, "NakedPut")
        return OptionStrategy("Naked Put", canonical_option, [_leg(PUT, strike, -1, expiry)])

    # -- vertical spreads -----------------------------------------------------------------------
    @staticmethod
    def bear_call_spread(
        canonical_option: Symbol, leg1_strike: float, leg2_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BearCallSpread")
        expiry = _expiry(expiration, "BearCallSpread")
        if leg1_strike >= leg2_strike:
            raise ValueError("BearCallSpread: leg1Strike must be less than leg2Strike")
        legs = [_leg(CALL, leg1_strike, -1, expiry), _leg(CALL, leg2_strike, 1, expiry)]
        return OptionStrategy("Bear Call Spread", canonical_option, legs)

    @staticmethod
    def bear_put_spread(
        canonical_option: Symbol, leg1_strike: float, leg2_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BearPutSpread")
        expiry = _expiry(expiration, "BearPutSpread")
        if leg1_strike <= leg2_strike:
            raise ValueError("BearPutSpread: leg1Strike must be greater than leg2Strike")
        legs = [_leg(PUT, leg1_strike, 1, expiry), _leg(PUT, leg2_strike, -1, expiry)]
        return OptionStrategy("Bear Put Spread", canonical_option, legs)

    @staticmethod
    def bull_call_spread(
        canonical_option: Symbol, leg1_strike: float, leg2_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BullCallSpread")
        expiry = _expiry(expiration, "BullCallSpread")
        if leg1_strike >= leg2_strike:
            raise ValueError("BullCallSpread: leg1Strike must be less than leg2Strike")
        legs = [_leg(CALL, leg1_strike, 1, expiry), _leg(CALL, leg2_strike, -1, expiry)]
        return OptionStrategy("Bull Call Spread", canonical_option, legs)

    @staticmethod
    def bull_put_spread(
        canonical_option: Symbol, leg1_strike: float, leg2_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BullPutSpread")
        expiry = _expiry(expiration, "BullPutSpread")
        if leg1_strike <= leg2_strike:
            raise ValueError("BullPutSpread: leg1Strike must be greater than leg2Strike")
        legs = [_leg(PUT, leg1_strike, -1, expiry), _leg(PUT, leg2_strike, 1, expiry)]
        return OptionStrategy("Bull Put Spread", canonical_option, legs)

    # -- straddles and strangles ----------------------------------------------------------------
    @staticmethod
    def straddle(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        _check_canonical(canonical_option, "Straddle")
        expiry = _expiry(expiration, "Straddle")
        legs = [_leg(CALL, strike, 1, expiry), _leg(PUT, strike, 1, expiry)]
        return OptionStrategy("Straddle", canonical_option, legs)

    @staticmethod
    def short_straddle(canonical_option: Symbol, strike: float, expiration: Any) -> OptionStrategy:
        return _invert(
            OptionStrategies.straddle(canonical_option, strike, expiration), "Short Straddle"
        )

    @staticmethod
    def strangle(
        canonical_option: Symbol, call_leg_strike: float, put_leg_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "Strangle")
        expiry = _expiry(expiration, "Strangle")
        if call_leg_strike <= put_leg_strike:
            raise ValueError("Strangle: callLegStrike must be greater than putLegStrike")
        legs = [_leg(CALL, call_leg_strike, 1, expiry), _leg(PUT, put_leg_strike, 1, expiry)]
        return OptionStrategy("Strangle", canonical_option, legs)

    @staticmethod
    def short_strangle(
        canonical_option: Symbol, call_leg_strike: float, put_leg_strike: float, expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.strangle(
            canonical_option, call_leg_strike, put_leg_strike, expiration
        )
        return _invert(strategy, "Short Strangle")

    # -- butterflies ----------------------------------------------------------------------------
    @staticmethod
    def _butterfly(
        right: Any,
        name: str,
        canonical: Symbol,
        higher: float,
        middle: float,
        lower: float,
        expiration: Any,
    ) -> OptionStrategy:
        label = "CallButterfly" if right == CALL else "PutButterfly"
        _check_canonical(canonical, label)
        expiry = _expiry(expiration, label)
        if not (higher > middle > lower) or higher - middle != middle - lower:
            kind = "ButterflyCall" if right == CALL else "ButterflyPut"
            raise ValueError(
                f"{kind}: upper and lower strikes must both be equidistant from the middle strike"
            )
        legs = [
            _leg(right, higher, 1, expiry),
            _leg(right, middle, -2, expiry),
            _leg(right, lower, 1, expiry),
        ]
        return OptionStrategy(name, canonical, legs)

    @staticmethod
    def call_butterfly(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        return OptionStrategies._butterfly(
            CALL,
            "Butterfly Call",
            canonical_option,
            higher_strike,
            middle_strike,
            lower_strike,
            expiration,
        )

    butterfly_call = call_butterfly

    @staticmethod
    def short_butterfly_call(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.call_butterfly(
            canonical_option, higher_strike, middle_strike, lower_strike, expiration
        )
        return _invert(strategy, "Short Butterfly Call")

    @staticmethod
    def put_butterfly(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        return OptionStrategies._butterfly(
            PUT,
            "Butterfly Put",
            canonical_option,
            higher_strike,
            middle_strike,
            lower_strike,
            expiration,
        )

    butterfly_put = put_butterfly

    @staticmethod
    def short_butterfly_put(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.put_butterfly(
            canonical_option, higher_strike, middle_strike, lower_strike, expiration
        )
        return _invert(strategy, "Short Butterfly Put")

    # -- calendar spreads -----------------------------------------------------------------------
    @staticmethod
    def _calendar(
        right: Any, label: str, name: str, canonical: Symbol, strike: float, near: Any, far: Any
    ) -> OptionStrategy:
        _check_canonical(canonical, label)
        near_expiry = _expiry(near, label, "near_expiration")
        far_expiry = _expiry(far, label, "far_expiration")
        if near_expiry >= far_expiry:
            raise ValueError(f"{label}: near expiration must be less than far expiration")
        legs = [_leg(right, strike, -1, near_expiry), _leg(right, strike, 1, far_expiry)]
        return OptionStrategy(name, canonical, legs)

    @staticmethod
    def call_calendar_spread(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        return OptionStrategies._calendar(
            CALL,
            "CallCalendarSpread",
            "Call Calendar Spread",
            canonical_option,
            strike,
            near_expiration,
            far_expiration,
        )

    @staticmethod
    def short_call_calendar_spread(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.call_calendar_spread(
            canonical_option, strike, near_expiration, far_expiration
        )
        return _invert(strategy, "Short Call Calendar Spread")

    @staticmethod
    def put_calendar_spread(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        return OptionStrategies._calendar(
            PUT,
            "PutCalendarSpread",
            "Put Calendar Spread",
            canonical_option,
            strike,
            near_expiration,
            far_expiration,
        )

    @staticmethod
    def short_put_calendar_spread(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.put_calendar_spread(
            canonical_option, strike, near_expiration, far_expiration
        )
        return _invert(strategy, "Short Put Calendar Spread")

    # -- condors, iron butterflies, boxes, jelly rolls ----------------------------------------
    @staticmethod
    def iron_condor(
        canonical_option: Symbol,
        long_put_strike: float,
        short_put_strike: float,
        short_call_strike: float,
        long_call_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "IronCondor")
        expiry = _expiry(expiration, "IronCondor")
        if not (long_put_strike < short_put_strike <= short_call_strike < long_call_strike):
            raise ValueError("IronCondor: strike prices must be in ascending order")
        legs = [
            _leg(PUT, long_put_strike, 1, expiry),
            _leg(PUT, short_put_strike, -1, expiry),
            _leg(CALL, short_call_strike, -1, expiry),
            _leg(CALL, long_call_strike, 1, expiry),
        ]
        return OptionStrategy("Iron Condor", canonical_option, legs)

    @staticmethod
    def short_iron_condor(
        canonical_option: Symbol,
        short_put_strike: float,
        long_put_strike: float,
        long_call_strike: float,
        short_call_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.iron_condor(
            canonical_option,
            short_put_strike,
            long_put_strike,
            long_call_strike,
            short_call_strike,
            expiration,
        )
        return _invert(strategy, "Short Iron Condor")

    @staticmethod
    def iron_butterfly(
        canonical_option: Symbol,
        otm_put_strike: float,
        atm_strike: float,
        otm_call_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        if atm_strike - otm_put_strike != otm_call_strike - atm_strike:
            raise ValueError("IronButterfly: intervals between exercise prices must be equal")
        strategy = OptionStrategies.iron_condor(
            canonical_option, otm_put_strike, atm_strike, atm_strike, otm_call_strike, expiration
        )
        strategy.name = "Iron Butterfly"
        return strategy

    @staticmethod
    def short_iron_butterfly(
        canonical_option: Symbol,
        otm_put_strike: float,
        atm_strike: float,
        otm_call_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.iron_butterfly(
            canonical_option, otm_put_strike, atm_strike, otm_call_strike, expiration
        )
        return _invert(strategy, "Short Iron Butterfly")

    @staticmethod
    def box_spread(
        canonical_option: Symbol, higher_strike: float, lower_strike: float, expiration: Any
    ) -> OptionStrategy:
        if higher_strike <= lower_strike:
            raise ValueError(
                "BoxSpread: strike prices must be in descending order, higherStrike, lowerStrike"
            )
        bear_put = OptionStrategies.bear_put_spread(
            canonical_option, higher_strike, lower_strike, expiration
        )
        bull_call = OptionStrategies.bull_call_spread(
            canonical_option, lower_strike, higher_strike, expiration
        )
        return OptionStrategy(
            "Box Spread", canonical_option, bear_put.option_legs + bull_call.option_legs
        )

    @staticmethod
    def short_box_spread(
        canonical_option: Symbol, higher_strike: float, lower_strike: float, expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.box_spread(
            canonical_option, higher_strike, lower_strike, expiration
        )
        return _invert(strategy, "Short Box Spread")

    @staticmethod
    def jelly_roll(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        calls = OptionStrategies.call_calendar_spread(
            canonical_option, strike, near_expiration, far_expiration
        )
        puts = OptionStrategies.short_put_calendar_spread(
            canonical_option, strike, near_expiration, far_expiration
        )
        return OptionStrategy("Jelly Roll", canonical_option, calls.option_legs + puts.option_legs)

    @staticmethod
    def short_jelly_roll(
        canonical_option: Symbol, strike: float, near_expiration: Any, far_expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.jelly_roll(
            canonical_option, strike, near_expiration, far_expiration
        )
        return _invert(strategy, "Short Jelly Roll")

    # -- ladders and backspreads ----------------------------------------------------------------
    @staticmethod
    def bear_call_ladder(
        canonical_option: Symbol,
        lower_strike: float,
        middle_strike: float,
        higher_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BearCallLadder")
        expiry = _expiry(expiration, "BearCallLadder")
        if not (lower_strike < middle_strike < higher_strike):
            raise ValueError("BearCallLadder: strike prices must be in ascending order")
        legs = [
            _leg(CALL, lower_strike, -1, expiry),
            _leg(CALL, middle_strike, 1, expiry),
            _leg(CALL, higher_strike, 1, expiry),
        ]
        return OptionStrategy("Bear Call Ladder", canonical_option, legs)

    @staticmethod
    def bull_call_ladder(
        canonical_option: Symbol,
        lower_strike: float,
        middle_strike: float,
        higher_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.bear_call_ladder(
            canonical_option, lower_strike, middle_strike, higher_strike, expiration
        )
        return _invert(strategy, "Bull Call Ladder")

    @staticmethod
    def bear_put_ladder(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "BearPutLadder")
        expiry = _expiry(expiration, "BearPutLadder")
        if not (higher_strike > middle_strike > lower_strike):
            raise ValueError("BearPutLadder: strike prices must be in descending order")
        legs = [
            _leg(PUT, higher_strike, 1, expiry),
            _leg(PUT, middle_strike, -1, expiry),
            _leg(PUT, lower_strike, -1, expiry),
        ]
        return OptionStrategy("Bear Put Ladder", canonical_option, legs)

    @staticmethod
    def bull_put_ladder(
        canonical_option: Symbol,
        higher_strike: float,
        middle_strike: float,
        lower_strike: float,
        expiration: Any,
    ) -> OptionStrategy:
        strategy = OptionStrategies.bear_put_ladder(
            canonical_option, higher_strike, middle_strike, lower_strike, expiration
        )
        return _invert(strategy, "Bull Put Ladder")

    @staticmethod
    def call_backspread(
        canonical_option: Symbol, lower_strike: float, higher_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "CallBackspread")
        expiry = _expiry(expiration, "CallBackspread")
        if lower_strike >= higher_strike:
            raise ValueError(
                "CallBackspread: strike prices must be in ascending order, lowerStrike, higherStrike"
            )
        legs = [_leg(CALL, lower_strike, -1, expiry), _leg(CALL, higher_strike, 2, expiry)]
        return OptionStrategy("Call Backspread", canonical_option, legs)

    @staticmethod
    def short_call_backspread(
        canonical_option: Symbol, lower_strike: float, higher_strike: float, expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.call_backspread(
            canonical_option, lower_strike, higher_strike, expiration
        )
        return _invert(strategy, "Short Call Backspread")

    @staticmethod
    def put_backspread(
        canonical_option: Symbol, higher_strike: float, lower_strike: float, expiration: Any
    ) -> OptionStrategy:
        _check_canonical(canonical_option, "PutBackspread")
        expiry = _expiry(expiration, "PutBackspread")
        if higher_strike <= lower_strike:
            raise ValueError(
                "PutBackspread: strike prices must be in descending order, higherStrike, lowerStrike"
            )
        legs = [_leg(PUT, higher_strike, -1, expiry), _leg(PUT, lower_strike, 2, expiry)]
        return OptionStrategy("Put Backspread", canonical_option, legs)

    @staticmethod
    def short_put_backspread(
        canonical_option: Symbol, higher_strike: float, lower_strike: float, expiration: Any
    ) -> OptionStrategy:
        strategy = OptionStrategies.put_backspread(
            canonical_option, higher_strike, lower_strike, expiration
        )
        return _invert(strategy, "Short Put Backspread")


def _pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


# LEAN's PascalCase names of the factory methods (OptionStrategies.BullCallSpread)
for _name in [n for n in vars(OptionStrategies) if not n.startswith("_")]:
    setattr(OptionStrategies, _pascal(_name), getattr(OptionStrategies, _name))
