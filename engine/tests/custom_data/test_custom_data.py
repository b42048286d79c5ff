"""Custom data (PythonData): a local CSV in the project folder and a file served over HTTP."""

from __future__ import annotations

import http.server
import threading
from functools import partial

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


def test_custom_data_from_a_remote_file(tmp_path, demo_data):
    served = tmp_path / "www"
    served.mkdir()
    (served / "weather.csv").write_text(CSV)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/weather.csv"
        outcome = run(
            tmp_path / "p",
            ALGO.format(source=url, medium="SubscriptionTransportMedium.REMOTE_FILE"),
            demo_data,
        )
    finally:
        server.shutdown()
    assert outcome.error is None, outcome.error
    _check(debug_lines(outcome))
