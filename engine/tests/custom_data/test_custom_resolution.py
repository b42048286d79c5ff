"""The resolution of a custom subscription, as LEAN's Engine/DataFeeds/DataManager.cs: without a
resolution ``add_data`` takes the type's ``default_resolution()``, and a resolution the type does
not list in ``supported_resolutions()`` is refused."""

from __future__ import annotations

from helpers import debug_lines, run

TYPES = """
class Points(PythonData):
    def get_source(self, config, date, is_live):
        return SubscriptionDataSource("points.csv", SubscriptionTransportMedium.LOCAL_FILE)
    def reader(self, config, line, date, is_live):
        stamp, value = line.split(",")
        point = Points()
        point.symbol = config.symbol
        point.time = datetime.strptime(stamp, "%Y-%m-%d %H:%M")
        point.end_time = point.time + config.increment
        point.value = float(value)
        return point

class MinutePoints(Points):
    def default_resolution(self):
        return Resolution.MINUTE
    def supported_resolutions(self):
        return [Resolution.MINUTE]
"""

ALGO = (
    TYPES
    + """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 9)
        self.plain = self.add_data(Points, "PLAIN").symbol
        self.minute = self.add_data(MinutePoints, "MIN").symbol
        for symbol in (self.plain, self.minute):
            for config in self.subscription_manager.subscription_data_config_service.get_subscription_data_configs(symbol):
                self.debug(f"{symbol.value} {config.resolution}")
    def on_data(self, data):
        if data.contains_key(self.minute):
            point = data[self.minute]
            self.debug(f"MIN {point.time:%H:%M}-{point.end_time:%H:%M} {point.value}")
"""
)

REFUSED = (
    TYPES
    + """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 9)
        self.add_data(MinutePoints, "MIN", Resolution.DAILY)
"""
)


def _project(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "points.csv").write_text("2024-07-08 10:00,1\n2024-07-08 10:05,2\n")
    return project


def test_add_data_without_a_resolution_takes_the_types_default(demo_data, tmp_path):
    outcome = run(_project(tmp_path), ALGO, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[:2] == ["PLAIN Daily", "MIN Minute"]
    # a minute point spans one minute (the reader's config carries the default resolution)
    assert lines[2:] == ["MIN 10:00-10:01 1.0", "MIN 10:05-10:06 2.0"]


def test_a_resolution_the_type_does_not_support_is_refused(demo_data, tmp_path):
    outcome = run(_project(tmp_path), REFUSED, demo_data)
    assert outcome.error is not None
    assert "Daily is not a supported resolution for MinutePoints" in outcome.error
