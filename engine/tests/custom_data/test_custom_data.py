"""Custom data (PythonData): a local CSV in the project folder and a file served over HTTP."""

from __future__ import annotations

from helpers import debug_lines, run

CSV = "date,value\n2024-07-05,10\n2024-07-08,11\n2024-07-09,12.5\n2024-07-10,13\n"

ALGO = """
class Weather(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource("{source}", {medium}, FileFormat.CSV)
    def reader(self, config, line, date, is_live):
        if not line[0].isdigit():
            return None
        d, v = line.split(",")
        point = Weather()
        point.symbol = config.symbol
        point.time = datetime.strptime(d, "%Y-%m-%d")
        point.end_time = point.time + timedelta(days=1)
        point.value = float(v)
        point["Temperature"] = float(v) * 2
        return point

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 10)
        self.add_equity("SPY", Resolution.DAILY)
        self.w = self.add_data(Weather, "WTHR", Resolution.DAILY).symbol
    def on_data(self, data):
        if data.contains_key(self.w):
            p = data[self.w]
            self.debug(f"{{self.time:%m-%d}} {{p.value}} {{p.temperature}} {{len(data.get(Weather))}} "
                       f"{{self.securities[self.w].price}}")
            if not self.portfolio.invested:
                self.market_order(self.w, 10)
    def on_end_of_algorithm(self):
        self.debug(f"holdings {{self.portfolio[self.w].quantity}}")
"""


def _check(lines):
    body = [line.split(" ", 2)[2] for line in lines]
    assert body[0] == "07-09 11.0 22.0 1 11.0"  # the 07-08 point ends at 07-09 00:00
    assert body[1] == "07-10 12.5 25.0 1 12.5"
    assert body[-1] == "holdings 10.0"


def test_custom_data_from_a_local_csv(tmp_path, demo_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "weather.csv").write_text(CSV)
    outcome = run(
        project,
        ALGO.format(source="weather.csv", medium="SubscriptionTransportMedium.LOCAL_FILE"),
        demo_data,
    )
    assert outcome.error is None, outcome.error
    _check(debug_lines(outcome))


def test_relative_source_resolves_against_the_working_dir(tmp_path, demo_data):
    # as LEAN's launcher, whose working directory Launcher/bin/Debug may not exist: the
    # "../../../" of a relative source climbs from it lexically
    checkout = tmp_path / "checkout"
    (checkout / "TestData").mkdir(parents=True)
    (checkout / "TestData" / "weather.csv").write_text(CSV)
    source = "../../../TestData/weather.csv"
    algo = ALGO.format(source=source, medium="SubscriptionTransportMedium.LOCAL_FILE")
    outcome = run(
        tmp_path / "p", algo, demo_data, working_dir=checkout / "Launcher" / "bin" / "Debug"
    )
    assert outcome.error is None, outcome.error
    _check(debug_lines(outcome))
    # without it the same source climbs from the project folder and finds nothing: as LEAN's
    # backtests, the run goes on without the data and its log names the file
    missing = run(tmp_path / "q", algo, demo_data)
    assert missing.error is None
    assert any("weather.csv" in line and "runs on without" in line for line in missing.logs)


def test_a_remote_file_stops_the_run_naming_the_url(tmp_path, demo_data):
    url = "https://example.com/weather.csv"
    outcome = run(
        tmp_path / "p",
        ALGO.format(source=url, medium="SubscriptionTransportMedium.REMOTE_FILE"),
        demo_data,
    )
    assert outcome.error is not None
    assert url in outcome.error
    assert "downloads are unavailable" in outcome.error


def test_custom_data_from_a_zipped_local_file(tmp_path, demo_data):
    from engine.data.compression import zip_bytes

    project = tmp_path / "p"
    project.mkdir()
    (project / "weather.zip").write_bytes(zip_bytes(CSV.encode(), "weather.csv"))
    outcome = run(
        project,
        ALGO.format(
            source="weather.zip#weather.csv", medium="SubscriptionTransportMedium.LOCAL_FILE"
        ),
        demo_data,
    )
    assert outcome.error is None, outcome.error
    _check(debug_lines(outcome))


OBJECT_STORE_ALGO = """
class Weather(PythonData):
    key = "weather.csv"
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource(Weather.key, SubscriptionTransportMedium.OBJECT_STORE)
    def reader(self, config, line, date, is_live):
        if not line[0].isdigit():
            return None
        d, v = line.split(",")
        point = Weather()
        point.symbol = config.symbol
        point.time = datetime.strptime(d, "%Y-%m-%d")
        point.end_time = point.time + timedelta(days=1)
        point.value = float(v)
        point["Temperature"] = float(v) * 2
        return point

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 10)
        Weather.key = "{key}"
        self.w = self.add_data(Weather, "WTHR", Resolution.DAILY).symbol
        payload = "{csv}"
        if Weather.key.endswith(".zip"):
            self.object_store.save_bytes(Weather.key, Compression.zip_bytes(list(payload.encode()), "w"))
        else:
            self.object_store.save(Weather.key, payload)
        self.seen = []
    def on_data(self, data):
        point = data.get(Weather, self.w)
        if point is not None:
            self.seen.append(point)
    def on_end_of_algorithm(self):
        frame = self.history(Weather, self.w, datetime(2024, 7, 1), self.end_date)
        self.debug(f"frame {{list(frame.columns)}} {{list(frame['value'])}}")
        objects = self.history[Weather](self.w, 2, Resolution.DAILY)
        self.debug(f"last two {{[p.value for p in objects]}} seen {{[p.value for p in self.seen]}}")
        steps = self.history[Weather]([self.w], 2, Resolution.DAILY)
        self.debug(f"steps {{[s.values()[0].temperature for s in steps]}}")
"""


def _object_store_lines(tmp_path, demo_data, key):
    outcome = run(
        tmp_path / "p",
        OBJECT_STORE_ALGO.format(key=key, csv=CSV.replace("\n", "\\n")),
        demo_data,
        object_store_dir=str(tmp_path / "store"),
    )
    assert outcome.error is None, outcome.error
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


def test_custom_data_from_the_object_store_and_its_history(tmp_path, demo_data):
    lines = _object_store_lines(tmp_path, demo_data, "weather.csv")
    # history(Type, ...) is a DataFrame of the value and the point's properties; the points
    # ending by the end date's last moment: 07-05 (ends 07-06), 07-08 and 07-09. The 07-10 point
    # starts by the end, so (as LEAN's SubscriptionDataReader) it is still delivered, at 07-11
    # 00:00, and the run ends there
    assert lines[0] == "frame ['value', 'temperature'] [10.0, 11.0, 12.5]"
    assert lines[1] == "last two [12.5, 13.0] seen [11.0, 12.5, 13.0]"
    assert lines[2] == "steps [25.0, 26.0]"


def test_zipped_object_store_key_reads_the_first_entry(tmp_path, demo_data):
    lines = _object_store_lines(tmp_path, demo_data, "weather.zip")
    assert lines[1] == "last two [12.5, 13.0] seen [11.0, 12.5, 13.0]"
