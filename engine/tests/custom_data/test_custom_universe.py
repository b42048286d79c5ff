"""Custom-data universes (add_universe(CustomType, name, resolution, selector)) and the error of a
custom subscription whose files do not exist."""

from __future__ import annotations

from helpers import debug_lines, run

PICKS = "20240705,SPY,AAPL\n20240708,MSFT\n20240709,SPY\n"

ALGO = """
class Picks(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource("{source}", SubscriptionTransportMedium.LOCAL_FILE)
    def reader(self, config, line, date, is_live):
        if not line[:1].isdigit():
            return None
        parts = line.split(",")
        point = Picks()
        point.symbol = config.symbol
        point.time = datetime.strptime(parts[0], "%Y%m%d")
        point.end_time = point.time + timedelta(days=1)
        point["Symbols"] = parts[1:]
        return point

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 10)
        self.universe_settings.resolution = Resolution.DAILY
        universe = self.add_universe(Picks, "my-picks", Resolution.DAILY, self.select)
        history = self.history[Picks](universe.symbol, 5, Resolution.DAILY)
        self.debug(f"history {{[p.symbols for p in history]}}")
    def select(self, points):
        tickers = [t for p in points for t in p.symbols]
        self.debug(f"select {{self.time:%m-%d %H:%M}} {{tickers}}")
        return tickers
    def on_securities_changed(self, changes):
        self.debug(f"changes +{{sorted(s.symbol.value for s in changes.added_securities)}} "
                   f"-{{sorted(s.symbol.value for s in changes.removed_securities)}}")
"""


def test_custom_data_universe_selects_when_its_points_arrive(tmp_path, demo_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "picks.csv").write_text(PICKS)
    outcome = run(project, ALGO.format(source="picks.csv"), demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # history before the start: the 07-05 point (ends 07-06); the run: points ending 07-09, 07-10
    assert lines[0] == "history [['SPY', 'AAPL']]"
    assert "select 07-09 00:00 ['MSFT']" in lines
    assert "select 07-10 00:00 ['SPY']" in lines
    assert "changes +['MSFT'] -[]" in lines
    assert "changes +['SPY'] -['MSFT']" in lines


def test_a_custom_source_with_no_file_at_all_names_the_file(tmp_path, demo_data):
    outcome = run(tmp_path / "p", ALGO.format(source="nowhere/picks.csv"), demo_data)
    assert outcome.error is not None
    assert "picks.csv does not exist" in outcome.error
    assert "Picks" in outcome.error


LINKED = """
class Picks(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource("picks.csv", SubscriptionTransportMedium.LOCAL_FILE)
    def reader(self, config, line, date, is_live):
        parts = line.split(",")
        point = Picks()
        point.symbol = config.symbol
        point.time = datetime.strptime(parts[0], "%Y%m%d")
        point.end_time = point.time + timedelta(days=1)
        point["Symbols"] = parts[1:]
        return point

class Rating(PythonData):
    def get_source(self, config, date, is_live):
        # one file per ticker; MSFT has none (a missing file is skipped, as in LEAN)
        return SubscriptionDataSource(f"rating-{config.symbol.value.lower()}.csv")
    def reader(self, config, line, date, is_live):
        d, v = line.split(",")
        point = Rating()
        point.symbol = config.symbol
        point.time = datetime.strptime(d, "%Y%m%d")
        point.end_time = point.time + timedelta(days=1)
        point.value = float(v)
        return point

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 10)
        self.universe_settings.resolution = Resolution.DAILY
        self.add_universe(Picks, "my-picks", Resolution.DAILY, self.select)
    def select(self, points):
        equities = [Symbol.create(t, SecurityType.EQUITY, Market.USA) for p in points for t in p.symbols]
        return equities + [Symbol.create_base(Rating, s) for s in equities]
    def on_data(self, data):
        ratings = data.get(Rating)
        for symbol, point in sorted(ratings.items(), key=lambda kv: kv[0].value):
            self.debug(f"rating {self.time:%m-%d} {symbol.value} {symbol.underlying.security_type} "
                       f"{point.value} {self.securities[symbol].price}")
    def on_securities_changed(self, changes):
        self.debug("added " + " ".join(sorted(f"{s.symbol.value}:{s.symbol.security_type}"
                                               for s in changes.added_securities)))
"""


def test_a_universe_selects_custom_data_linked_to_its_equities(tmp_path, demo_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "picks.csv").write_text("20240708,SPY,MSFT\n")
    (project / "rating-spy.csv").write_text("20240708,3\n20240709,4\n")
    outcome = run(project, LINKED, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "added MSFT:Base MSFT:Equity SPY:Base SPY:Equity" in lines
    assert [line for line in lines if line.startswith("rating")] == [
        "rating 07-09 SPY Equity 3.0 3.0",  # ends at the selection time, 07-09 00:00
        "rating 07-10 SPY Equity 4.0 4.0",
    ]


SELF_SELECTING = ALGO.replace(
    "        return tickers\n",
    "        return [p.symbol for p in points]\n"
    "    def on_data(self, data):\n"
    "        for symbol, point in data.get(Picks).items():\n"
    '            self.debug(f"data {{self.time:%m-%d}} {{symbol.value}} {{point.symbols}}")\n',
)


def test_a_custom_universe_selecting_its_own_symbol_receives_its_points(tmp_path, demo_data):
    # the universe's symbol names its data type (LEAN's SecurityIdentifier.GenerateBase), so
    # selecting it subscribes that type and its points reach on_data
    project = tmp_path / "p"
    project.mkdir()
    (project / "picks.csv").write_text(PICKS)
    outcome = run(project, SELF_SELECTING.format(source="picks.csv"), demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "changes +['MY-PICKS'] -[]" in lines
    assert "data 07-10 MY-PICKS ['SPY']" in lines
