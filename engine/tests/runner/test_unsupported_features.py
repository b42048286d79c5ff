"""A LEAN feature the engine lacks is named in one line; the user's own bugs keep Python's message."""

from __future__ import annotations

from helpers import run

INIT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
"""


def first_line(outcome) -> str:
    return outcome.error.splitlines()[0]


def test_a_missing_algorithm_method_is_named(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        self.add_basket_of_things('BTCUSD')\n", lean_data)
    assert outcome.status == "RuntimeError"
    assert first_line(outcome) == (
        "Runtime Error: LEAN's QCAlgorithm.add_basket_of_things is not supported by this engine "
        "(line 9 of main.py)"
    )
    # Python's own line and the user's code line stay below it
    assert "AttributeError: 'A' object has no attribute 'add_basket_of_things'" in outcome.error
    assert "self.add_basket_of_things('BTCUSD')" in outcome.error
    assert outcome.result["error"] == outcome.error


def test_a_missing_member_of_an_api_class_is_named(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        Symbol.create_basket_of_things('X')\n", lean_data)
    assert first_line(outcome).startswith(
        "Runtime Error: LEAN's Symbol.create_basket_of_things is not supported by this engine"
    )


def test_a_missing_member_of_a_slice_in_on_data_is_named(tmp_path, lean_data):
    source = INIT + "    def on_data(self, data):\n        data.frobnicate_ticks()\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert "LEAN's Slice.frobnicate_ticks is not supported by this engine" in first_line(outcome)
    assert "(line 10 of main.py)" in first_line(outcome)


def test_a_missing_imported_name_is_named(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        x = CryptoFutureThing()\n", lean_data)
    assert first_line(outcome) == (
        "Runtime Error: LEAN's name `CryptoFutureThing` (from AlgorithmImports) is not supported "
        "by this engine (line 9 of main.py)"
    )
    assert "NameError: name 'CryptoFutureThing' is not defined" in outcome.error


def test_an_unexpected_keyword_of_an_api_method_is_named(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        self.set_cash(starting_cashz=1000)\n", lean_data)
    assert first_line(outcome).startswith(
        "Runtime Error: LEAN's QCAlgorithm.set_cash(..., starting_cashz=...) argument is not "
        "supported by this engine (line 9 of main.py)"
    )
    assert "unexpected keyword argument 'starting_cashz'" in outcome.error


def test_a_missing_clr_module_is_named(tmp_path, lean_data):
    source = INIT.replace("class A", "from QuantConnect.Lean.Nothing import Here\nclass A")
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome).startswith(
        "LEAN's module `QuantConnect.Lean.Nothing` is not supported by this engine (line 4 of main.py)"
    )


def test_a_typo_on_the_users_own_attribute_keeps_pythons_message(tmp_path, lean_data):
    source = INIT + "        self.fast = 1\n        self.debug(str(self.fsat))\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert (
        first_line(outcome) == "Runtime Error: AttributeError: 'A' object has no attribute 'fsat'"
    )


def test_a_missing_method_containing_a_users_local_name_is_named(tmp_path, lean_data):
    # the local ``basket`` is four letters shorter than ``add_basket``: not a misspelling of it
    source = INIT + "        basket = 1\n        self.add_basket('X')\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome) == (
        "Runtime Error: LEAN's QCAlgorithm.add_basket is not supported by this engine "
        "(line 10 of main.py)"
    )


def test_a_missing_method_named_like_a_users_local_variable_is_named(tmp_path, lean_data):
    source = INIT + "        basket_of = self.basket_of('X')\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome) == (
        "Runtime Error: LEAN's QCAlgorithm.basket_of is not supported by this engine "
        "(line 9 of main.py)"
    )


def test_a_misspelt_class_attribute_of_the_users_algorithm_keeps_pythons_message(
    tmp_path, lean_data
):
    source = INIT.replace("class A(QCAlgorithm):\n", "class A(QCAlgorithm):\n    period = 3\n")
    source += "        self.debug(str(self.periodz))\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert "LEAN" not in outcome.error and "periodz" in first_line(outcome)


def test_a_missing_class_spelt_like_a_users_parameter_is_named(tmp_path, lean_data):
    # a local ``baskets``, an attribute ``_basket``, a parameter ``basket``: none is ``Baskets``
    source = (
        INIT + "        baskets = self._basket = 1\n\n    def on_basket(self, basket: Baskets):\n"
    )
    source += "        pass\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome).startswith(
        "LEAN's name `Baskets` (from AlgorithmImports) is not supported by this engine"
    )


def test_an_attribute_read_before_the_user_sets_it_keeps_pythons_message(tmp_path, lean_data):
    source = INIT + "        self.debug(str(self.window_size))\n        self.window_size = 3\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert "AttributeError: 'A' object has no attribute 'window_size'" in first_line(outcome)
    assert "LEAN" not in outcome.error


def test_a_typo_of_an_api_method_keeps_pythons_message(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        self.set_hodlings(self.spy, 1)\n", lean_data)
    assert "AttributeError" in first_line(outcome) and "LEAN" not in outcome.error


def test_a_users_undefined_variable_keeps_pythons_message(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        self.debug(str(threshold))\n", lean_data)
    assert first_line(outcome) == "Runtime Error: NameError: name 'threshold' is not defined"


def test_a_builtin_spelt_with_a_capital_keeps_pythons_message(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        Print('x')\n", lean_data)
    assert "NameError: name 'Print' is not defined" in first_line(outcome)


def test_a_misspelt_imported_name_keeps_pythons_message(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        x = Resolutoin.DAILY\n", lean_data)
    assert "NameError: name 'Resolutoin' is not defined" in first_line(outcome)


def test_a_bad_keyword_on_the_users_own_method_keeps_pythons_message(tmp_path, lean_data):
    source = INIT + "        self.helper(sizee=1)\n    def helper(self, size):\n        pass\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert "TypeError: A.helper() got an unexpected keyword argument 'sizee'" in first_line(outcome)


def test_a_missing_third_party_module_keeps_pythons_message(tmp_path, lean_data):
    outcome = run(tmp_path / "p", "import notamodule.sub\n" + INIT, lean_data)
    assert "ModuleNotFoundError" in first_line(outcome) and "LEAN" not in outcome.error


def test_a_method_the_user_defines_elsewhere_still_names_the_engine_objects_gap(
    tmp_path, lean_data
):
    source = (
        INIT
        + "        TradeBar().compose_reader_options(None, None, False)\n"
        + "class Custom(PythonData):\n"
        + "    def compose_reader_options(self, config, date, is_live_mode):\n"
        + "        return None\n"
    )
    outcome = run(tmp_path / "p", source, lean_data)
    assert "LEAN's TradeBar.compose_reader_options is not supported by this engine" in first_line(
        outcome
    )


def test_an_attribute_the_user_sets_on_engine_objects_keeps_pythons_message(tmp_path, lean_data):
    source = (
        INIT
        + "        self.securities[self.spy].my_window = 3\n"
        + "        self.debug(str(self.portfolio.my_window))\n"
    )
    outcome = run(tmp_path / "p", source, lean_data)
    assert "AttributeError" in first_line(outcome) and "LEAN" not in outcome.error


def test_unrelated_files_of_the_project_folder_do_not_hide_a_gap(tmp_path, lean_data):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "unused.py").write_text(
        "class X:\n    def add_basket_of_things(self):\n        pass\n"
    )
    outcome = run(folder, INIT + "        self.add_basket_of_things('BTCUSD')\n", lean_data)
    assert "LEAN's QCAlgorithm.add_basket_of_things is not supported" in first_line(outcome)


def test_an_overload_with_more_arguments_is_named(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INIT + "        self.set_cash(1000, 'USD', 1, 2, 3)\n", lean_data)
    assert first_line(outcome) == (
        "Runtime Error: LEAN's overload of QCAlgorithm.set_cash with more arguments is not "
        "supported by this engine (line 9 of main.py)"
    )
    assert "TypeError: QCAlgorithm.set_cash() takes" in outcome.error


def test_too_many_arguments_to_the_users_own_function_keep_pythons_message(tmp_path, lean_data):
    source = INIT + "        self.helper(1, 2)\n    def helper(self, size):\n        pass\n"
    outcome = run(tmp_path / "p", source, lean_data)
    assert "TypeError: A.helper() takes 2 positional arguments" in first_line(outcome)


def test_a_custom_data_property_the_user_sets_keeps_pythons_message(tmp_path, lean_data):
    source = (
        INIT
        + "        bar = Custom()\n"
        + "        bar['Signal'] = 1\n"
        + "        self.debug(str(bar.signal))\n"
        + "        self.debug(str(bar.signal_strength))\n"
        + "class Custom(PythonData):\n"
        + "    pass\n"
    )
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome) == (
        "Runtime Error: AttributeError: 'Custom' object has no attribute 'signal_strength'"
    )


def test_a_missing_name_of_a_clr_module_is_named(tmp_path, lean_data):
    source = INIT.replace("class A", "from QuantConnect.Orders import NoSuchOrderThing\nclass A")
    outcome = run(tmp_path / "p", source, lean_data)
    assert first_line(outcome) == (
        "LEAN's name `NoSuchOrderThing` (from QuantConnect.Orders) is not supported by this "
        "engine (line 4 of main.py)"
    )


def test_a_missing_name_of_a_users_module_keeps_pythons_message(tmp_path, lean_data):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "helper.py").write_text("VALUE = 1\n")
    source = INIT.replace("class A", "from helper import VALUEZ\nclass A")
    outcome = run(folder, source, lean_data)
    assert "cannot import name 'VALUEZ'" in first_line(outcome) and "LEAN" not in outcome.error


def test_a_gap_reached_in_a_linked_sibling_module_is_named(tmp_path, lean_data):
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    (elsewhere / "base.py").write_text(
        "from AlgorithmImports import *\n"
        "class Base(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        self.set_start_date(2013, 10, 7)\n"
        "        self.set_end_date(2013, 10, 7)\n"
        "        self.add_equity('SPY').market_microstructure\n"
    )
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "base.py").symlink_to(elsewhere / "base.py")
    outcome = run(folder, "from base import Base\nclass A(Base):\n    pass\n", lean_data)
    assert first_line(outcome) == (
        "Runtime Error: LEAN's Security.market_microstructure is not supported by this engine "
        "(line 6 of base.py)"
    )
