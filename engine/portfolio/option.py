"""The option security (LEAN's Common/Securities/Option/Option.cs): a contract, or the canonical
option an ``add_option`` returns (its chain's filter lives there). A contract knows its underlying
security, strike, right, expiry and style, prices and settles 100 shares a contract (the symbol
properties' multiplier), and is exercised through its exercise model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.execution.option_exercise import (
    DefaultExerciseModel,
    DefaultOptionAssignmentModel,
    exercise_quantity,
    intrinsic_value,
    is_auto_exercised,
    out_of_the_money_amount,
    payoff,
)
from engine.model.enums import DataNormalizationMode, SecurityType
from engine.portfolio.security import Security

#: LEAN's Option.DefaultSettlementDays: option trades settle the next day in cash accounts
DEFAULT_SETTLEMENT_DAYS = 1


class Option(Security):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.underlying: Security | None = None
        # LEAN's IndexOption settles exercises in cash; equity options deliver the underlying
        index = self.symbol.security_type == SecurityType.INDEX_OPTION
        self.exercise_settlement = "cash" if index else "physical"
        self.option_exercise_model: Any = DefaultExerciseModel()
        self.option_assignment_model: Any = DefaultOptionAssignmentModel()
        self.price_model: Any = None  # set by the option pricing part (None: no theoretical price)
        # the chain filter of a canonical option: LEAN's default keeps one strike on each side of
        # the underlying's price and expiries within 35 days
        self.contract_filter: Any = _default_filter
        self.data_normalization_mode = DataNormalizationMode.RAW

    # -- the contract ------------------------------------------------------------------------------
    @property
    def is_canonical(self) -> bool:
        check = getattr(self.symbol, "is_canonical", None)
        return bool(check()) if callable(check) else False

    @property
    def strike_price(self) -> float:
        return float(self.symbol.id.strike_price)

    @property
    def scaled_strike_price(self) -> float:
        return self.strike_price * float(
            getattr(self.symbol_properties, "strike_multiplier", 1) or 1
        )

    @property
    def right(self) -> Any:
        return self.symbol.id.option_right

    @property
    def style(self) -> Any:
        return self.symbol.id.option_style

    @property
    def expiry(self) -> datetime:
        return self.symbol.id.date

    @property
    def contract_multiplier(self) -> float:
        return float(self.symbol_properties.contract_multiplier)

    @property
    def contract_unit_of_trade(self) -> float:
        """Shares delivered per contract (LEAN's OptionSymbolProperties.ContractUnitOfTrade,
        the multiplier unless the properties say otherwise)."""
        unit = getattr(self.symbol_properties, "contract_unit_of_trade", None)
        if not unit and self.symbol.security_type == SecurityType.FUTURE_OPTION:
            # LEAN's SecurityService: a future option exercised gives one future contract
            return 1.0
        return float(unit or self.symbol_properties.contract_multiplier)

    def get_intrinsic_value(self, underlying_price: float) -> float:
        return intrinsic_value(underlying_price, self.scaled_strike_price, self.right)

    def get_pay_off(self, underlying_price: float) -> float:
        return payoff(underlying_price, self.scaled_strike_price, self.right)

    def out_of_the_money_amount(self, underlying_price: float) -> float:
        return out_of_the_money_amount(underlying_price, self.scaled_strike_price, self.right)

    def is_auto_exercised(self, underlying_price: float) -> bool:
        return is_auto_exercised(underlying_price, self.scaled_strike_price, self.right)

    def get_exercise_quantity(self, quantity: float | None = None) -> float:
        if quantity is None:
            quantity = -self.holdings.quantity
        return exercise_quantity(quantity, self.right, self.contract_unit_of_trade)

    # -- models ------------------------------------------------------------------------------------
    def set_option_exercise_model(self, model: Any) -> None:
        self.option_exercise_model = model

    def set_option_assignment_model(self, model: Any) -> None:
        self.option_assignment_model = model

    def set_price_model(self, model: Any) -> None:
        self.price_model = model

    def set_data_normalization_mode(self, mode: Any) -> None:
        if DataNormalizationMode(mode) != DataNormalizationMode.RAW:
            raise ValueError("DataNormalizationMode.Raw must be used with options")
        self.data_normalization_mode = DataNormalizationMode.RAW

    # -- the chain filter (canonical options) ----------------------------------------------------------
    def set_filter(self, *args: Any, **kwargs: Any) -> None:
        """``set_filter(universe_function)``, ``set_filter(min_strike, max_strike)``,
        ``set_filter(min_expiry, max_expiry)`` (timedeltas) or ``set_filter(min_strike,
        max_strike, min_expiry, max_expiry)`` (days or timedeltas)."""
        if kwargs:
            names = ("min_strike", "max_strike", "min_expiry", "max_expiry")
            unknown = set(kwargs) - set(names)
            if unknown:
                raise TypeError(f"set_filter() got unexpected arguments {sorted(unknown)}")
            args = tuple(args) + tuple(kwargs[n] for n in names[len(args) :] if n in kwargs)
        if len(args) == 1 and callable(args[0]):
            self.contract_filter = args[0]
            return
        if len(args) == 2:
            low, high = args
            if isinstance(low, int) and isinstance(high, int):
                self.contract_filter = lambda u: u.strikes(low, high)
            else:
                self.contract_filter = lambda u: u.expiration(low, high)
            return
        if len(args) == 4:
            low, high, first, last = args
            self.contract_filter = lambda u: u.strikes(low, high).expiration(first, last)
            return
        raise TypeError(
            "set_filter takes a function of the OptionFilterUniverse, (min_strike, max_strike), "
            "(min_expiry, max_expiry) or (min_strike, max_strike, min_expiry, max_expiry)"
        )

    # PascalCase API
    SetFilter = set_filter
    SetOptionExerciseModel = set_option_exercise_model
    SetOptionAssignmentModel = set_option_assignment_model
    SetPriceModel = set_price_model
    StrikePrice = strike_price
    ScaledStrikePrice = scaled_strike_price
    Right = right
    Style = style
    Expiry = expiry
    ContractMultiplier = contract_multiplier
    ContractUnitOfTrade = contract_unit_of_trade
    Underlying = property(lambda self: self.underlying)
    IsAutoExercised = is_auto_exercised
    GetIntrinsicValue = get_intrinsic_value
    GetPayOff = get_pay_off
    OutOfTheMoneyAmount = out_of_the_money_amount
    GetExerciseQuantity = get_exercise_quantity


def _default_filter(universe: Any) -> Any:
    return universe.strikes(-1, 1).expiration(0, 35)
