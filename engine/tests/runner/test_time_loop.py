"""Slice contents and timing on LEAN's sample data (LEAN's Engine/AlgorithmManager.cs)."""

from __future__ import annotations

from helpers import debug_lines, run


def test_minute_bars_arrive_at_their_end_time(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 8)
                self.add_equity("SPY", Resolution.MINUTE)
                self.count = 0
            def on_data(self, data):
                self.count += 1
                bar = data["SPY"]
                if self.count in (1, 390, 391):
                    q = data.quote_bars["SPY"]
                    self.debug(f"{self.count} {self.time:%H:%M} {bar.time:%H:%M}-{bar.end_time:%H:%M} "
                               f"{q.time:%H:%M} ff={bar.is_fill_forward} {bar.period}")
            def on_end_of_algorithm(self):
                self.debug(f"count {self.count}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert lines[0].endswith("1 09:31 09:30-09:31 09:30 ff=False 0:01:00")
    assert lines[1].endswith("390 16:00 15:59-16:00 15:59 ff=False 0:01:00")
    assert lines[2].startswith("2013-10-08 09:31:00 391 09:31")
    assert lines[-1].endswith("count 780")


def test_daily_security_is_filled_forward_at_the_minute_resolution(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 8)
                self.set_end_date(2013, 10, 9)
                self.add_equity("SPY", Resolution.MINUTE)
                self.add_equity("AAPL", Resolution.DAILY)
                self.real = []
                self.ff = 0
            def on_data(self, data):
                if data.contains_key("AAPL"):
                    bar = data.bars["AAPL"]
                    if bar.is_fill_forward:
                        self.ff += 1
                        assert bar.volume == 0 and bar.end_time == self.time
                    else:
                        self.real.append(f"{self.time:%m-%d %H:%M} {bar.time:%H:%M}-{bar.end_time:%H:%M}")
            def on_end_of_algorithm(self):
                self.debug(f"real {self.real} ff {self.ff}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    line = debug_lines(outcome)[-1]
    # strict daily end times: 09:30-16:00, delivered at 16:00; the previous day's bar ended before
    # the start and is not emitted, so there is nothing to fill forward until the first bar (10-08
    # 16:00); then filled forward every minute of 10-09 (09:31-15:59)
    assert "real ['10-08 16:00 09:30-16:00', '10-09 16:00 09:30-16:00']" in line
    assert line.endswith("ff 389")


def test_end_of_day_and_scheduled_events_order(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 7)
                self.add_equity("SPY", Resolution.MINUTE)
                self.schedule.on(self.date_rules.every_day("SPY"), self.time_rules.at(9, 30), self.at_open)
                self.schedule.on(self.date_rules.every_day("SPY"), self.time_rules.at(9, 31), self.at_first_bar)
                self.seen = 0
            def at_open(self):
                self.debug(f"event 09:30 time={self.time:%H:%M} price={self.securities['SPY'].price}")
            def at_first_bar(self):
                self.debug(f"event 09:31 time={self.time:%H:%M} seen={self.seen}")
            def on_data(self, data):
                self.seen += 1
            def on_end_of_day(self, symbol):
                self.debug(f"eod {symbol} {self.time:%H:%M}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert lines[0].endswith("event 09:30 time=09:30 price=0.0")
    # an event at a slice time runs after the prices are updated and before on_data
    assert lines[1].endswith("event 09:31 time=09:31 seen=0")
    assert lines[2] == "2013-10-07 15:50:00 eod SPY 15:50"


def test_deprecated_end_of_day_without_symbol_runs_at_23_58(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 8)
                self.add_equity("SPY", Resolution.HOUR)
            def OnEndOfDay(self):
                self.Debug(f"eod {self.Time}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome) == ["2013-10-07 23:58:00 eod 2013-10-07 23:58:00"]


def test_hour_bars_and_daily_algorithm_slices(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 7)
                self.add_equity("SPY", Resolution.HOUR)
                self.times = []
            def on_data(self, data):
                self.times.append(f"{self.time:%H}/{data['SPY'].time:%H}")
            def on_end_of_algorithm(self):
                self.debug(" ".join(self.times))
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("10/09 11/10 12/11 13/12 14/13 15/14 16/15")


def test_warm_up_runs_data_before_the_start(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 8)
                self.set_end_date(2013, 10, 8)
                self.add_equity("SPY", Resolution.MINUTE)
                self.set_warm_up(timedelta(days=1))
                self.warm = 0
                self.live = 0
            def on_data(self, data):
                if self.is_warming_up:
                    self.warm += 1
                else:
                    self.live += 1
            def on_warmup_finished(self):
                self.debug(f"finished at {self.time} warm={self.warm}")
            def on_end_of_algorithm(self):
                self.debug(f"live={self.live}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert "Algorithm finished warming up." in lines[0]
    assert lines[1].endswith("finished at 2013-10-08 09:31:00 warm=390")
    assert lines[2].endswith("live=390")
    equity = outcome.result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    assert (
        equity[0][0] == 1381204800
    )  # no samples during warm-up; the start midnight (04:00 UTC) is sampled


def test_benchmark_chart_and_statistics_shape(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 11)
                self.add_equity("SPY", Resolution.MINUTE)
                self.set_runtime_statistic("Custom", 5)
    """,
        lean_data,
        parameters={"p": "1"},
    )
    assert outcome.error is None
    result = outcome.result
    bench = result["charts"]["Benchmark"]["series"]["Benchmark"]["values"]
    # midnight samples Oct 7..11 + final sample at 16:00 on the 11th; Oct 7 midnight = Oct 4 last hourly close
    assert [p[0] for p in bench] == [
        1381118400,
        1381204800,
        1381291200,
        1381377600,
        1381464000,
        1381521600,
    ]
    for key in (
        "statistics",
        "runtimeStatistics",
        "charts",
        "orders",
        "orderEvents",
        "totalPerformance",
        "algorithmConfiguration",
        "logs",
    ):
        assert key in result
    assert result["statistics"]["Start Equity"] == "100000"
    assert result["runtimeStatistics"]["Custom"] == "5"
    assert result["algorithmConfiguration"]["parameters"] == {"p": "1"}
    assert result["status"] == "Completed"


def test_tick_subscription_delivers_lists_of_ticks(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 7)
                self.add_equity("SPY", Resolution.TICK)
                self.first = None
                self.count = 0
            def on_data(self, data):
                ticks = data.ticks["SPY"]
                self.count += len(ticks)
                if self.first is None:
                    self.first = ticks[0]
                    self.debug(f"{type(ticks[0]).__name__} {ticks[0].time:%H:%M:%S.%f} {len(ticks)} "
                               f"{self.securities['SPY'].price == ticks[-1].price}")
            def on_end_of_algorithm(self):
                self.debug(f"count {self.count}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    # the sample data has SPY's trade ticks only: the log opens with a warning naming the quotes
    lines = [line for line in debug_lines(outcome) if "no tick quote data for SPY" not in line]
    assert lines[0].endswith("Tick 09:30:00.007000 3 True")
    assert int(lines[-1].split()[-1]) > 200_000


def test_splits_are_delivered_and_applied_in_raw_mode(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 6, 4)
                self.set_end_date(2014, 6, 10)
                self.aapl = self.add_equity("AAPL", Resolution.DAILY,
                                            data_normalization_mode=DataNormalizationMode.RAW).symbol
            def on_data(self, data):
                if not self.portfolio.invested and data.bars.contains_key(self.aapl):
                    self.market_order(self.aapl, 10)
            def on_splits(self, splits):
                s = splits[self.aapl]
                self.debug(f"split {self.time:%m-%d %H:%M} type={s.type} factor={s.split_factor} "
                           f"qty={self.portfolio[self.aapl].quantity:g}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    splits = [line for line in debug_lines(outcome) if " split " in line]
    # warning on the last day before the split, then the split at midnight of the ex-date; in Raw
    # mode the holding becomes int(10 / 0.1428572) = 69 shares (the fraction paid in cash)
    assert splits == [
        "2014-06-06 00:00:00 split 06-06 00:00 type=0 factor=0.1428572 qty=10",
        "2014-06-09 00:00:00 split 06-09 00:00 type=1 factor=0.1428572 qty=69",
    ]


def test_date_windows_do_not_change_results(tmp_path, lean_data, monkeypatch):
    import engine.runner.setup as setup

    source = """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 11)
                self.add_equity("SPY", Resolution.MINUTE)
                self.add_equity("AAPL", Resolution.DAILY)
                self.n = 0
                self.ff = 0
            def on_data(self, data):
                self.n += 1
                self.ff += sum(1 for b in data.bars.values() if b.is_fill_forward)
                if self.n % 400 == 1:
                    self.set_holdings("SPY", 0.5 if self.portfolio.invested else 1)
            def on_end_of_algorithm(self):
                self.debug(f"n={self.n} ff={self.ff}")
    """
    whole = run(tmp_path / "a", source, lean_data)
    monkeypatch.setitem(setup.WINDOW_DAYS, setup.Resolution.MINUTE, 2)
    windowed = run(tmp_path / "b", source, lean_data)
    assert whole.error is None and windowed.error is None
    assert debug_lines(whole)[-1] == debug_lines(windowed)[-1]
    assert whole.result["statistics"] == windowed.result["statistics"]
    assert whole.data_points == windowed.data_points


def test_order_from_an_event_between_slices_fills_on_the_next_bar(tmp_path, lean_data):
    # an event at 09:30 runs in step 1 of the 09:31 slice with the previous prices; its
    # market order (time 09:30) fills in step 10 of that slice at the 09:30-09:31 ask
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 8)
                self.add_equity("SPY", Resolution.MINUTE)
                self.schedule.on(self.date_rules.on(2013, 10, 8), self.time_rules.at(9, 30), self.buy)
            def buy(self):
                self.debug(f"buy at {self.time:%H:%M} price {self.securities['SPY'].price}")
                self.market_order("SPY", 10)
            def on_order_event(self, event):
                if event.status == OrderStatus.FILLED:
                    self.debug(f"filled {event.utc_time:%H:%M} {event.fill_price}")
            def on_data(self, data):
                if self.time.day == 8 and self.time.hour == 9 and self.time.minute == 31:
                    self.debug(f"first ask {data.quote_bars['SPY'].ask.close}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    buy, filled, first_ask = lines[0], lines[1], lines[2]
    assert buy.startswith("2013-10-08 09:30:00 buy at 09:30 price 144.75")  # the 10-07 close
    assert filled.startswith("2013-10-08 09:31:00 filled 13:31")
    assert filled.split()[-1] == first_ask.split()[-1]
    order = next(iter(outcome.result["orders"].values()))
    assert order["time"] == "2013-10-08T13:30:00Z" and order["type"] == 0


def test_indicators_and_consolidators_update_before_on_data(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 7)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.fast = self.sma(self.spy, 3)
                self.bars5 = []
                self.consolidate(self.spy, timedelta(minutes=5), lambda bar: self.bars5.append(bar))
                self.closes = []
                self.checked = 0
            def on_data(self, data):
                self.closes.append(data["SPY"].close)
                if len(self.closes) >= 3:
                    # step 16 runs before on_data: the SMA already includes this bar
                    assert abs(self.fast.current.value - sum(self.closes[-3:]) / 3) < 1e-9
                    self.checked += 1
            def on_end_of_algorithm(self):
                b = self.bars5[0]
                self.debug(f"checked {self.checked} bars5 {len(self.bars5)} {b.time:%H:%M}-{b.end_time:%H:%M}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("checked 388 bars5 78 09:30-09:35")
