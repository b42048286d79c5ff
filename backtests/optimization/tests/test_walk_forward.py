"""Walk-forward split: the search runs on the in-sample range only, the best parameters (within
the constraints) then run once on the out-of-sample range; the results page shows both. On a
real Huey consumer with demo data (the algorithm itself sets 2024-01-02..2024-01-31)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backtests.models import Backtest, Optimization
from backtests.optimization.selectors import (
    best_trial,
    optimization_progress,
    out_of_sample_trial,
    trials_of,
)
from backtests.optimization.services import (
    OptimizationError,
    optimization_create,
    optimization_estimate,
)
from backtests.results import read_json_file
from backtests.tests.conftest import wait_until

PERIOD = [{"name": "period", "min": "1", "max": "4", "step": "1"}]
SPLIT = {
    "in_sample_start": "2024-01-08",
    "in_sample_end": "2024-01-26",
    "out_of_sample_start": "2024-02-05",
    "out_of_sample_end": "2024-02-23",
}


def _dates(backtest: Backtest) -> tuple[str, str]:
    config = (read_json_file(backtest.results_path) or {})["algorithmConfiguration"]
    return config["startDate"][:10], config["endDate"][:10]


@pytest.mark.django_db(transaction=True)
def test_search_in_sample_then_best_out_of_sample(
    bt_settings, huey_consumer, opt_project, owner, client
):
    estimate = optimization_estimate(project=opt_project, parameters=PERIOD, walk_forward=SPLIT)
    assert estimate.backtests == 5  # 4 candidates and the out-of-sample run
    optimization = optimization_create(
        project=opt_project,
        user=owner,
        parameters=PERIOD,
        node_count=2,
        target="NetProfit",
        walk_forward=SPLIT,
    )
    wait_until(lambda: Optimization.objects.get(pk=optimization.pk).is_finished, timeout=180)
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.COMPLETED

    candidates = list(trials_of(optimization))
    assert [t.parameters["period"] for t in candidates] == ["1", "2", "3", "4"]
    for trial in candidates:
        assert str(trial.backtest.period_start) == "2024-01-08"
        if trial.status == Backtest.Status.COMPLETED:
            assert _dates(trial.backtest) == ("2024-01-08", "2024-01-26")
    best = best_trial(optimization)
    check = out_of_sample_trial(optimization)
    assert best is not None and check is not None
    assert check.parameters == best.parameters  # the best in-sample parameters
    assert check.status == Backtest.Status.COMPLETED, check.backtest.error
    assert _dates(check.backtest) == ("2024-02-05", "2024-02-23")
    assert check.backtest.parameters == {"weight": "1", **best.parameters}
    assert check.statistics["netProfit"] != best.statistics["netProfit"]  # another range
    # a different fingerprint from the same parameters on the in-sample range
    assert check.backtest.fingerprint != best.backtest.fingerprint
    # the out-of-sample run is not a candidate: it is not ranked, but it is counted as run
    assert best_trial(optimization) == best
    assert optimization_progress(optimization)["done"] == 5
    assert optimization.refunded == 0  # every estimated backtest ran

    client.force_login(owner)
    page = client.get(reverse("backtests:optimization_detail", args=[optimization.pk]))
    html = page.content.decode()
    assert 'id="optimization-walk-forward"' in html
    assert "2024-01-08 to 2024-01-26" in html and "2024-02-05 to 2024-02-23" in html
    assert reverse("backtests:detail", args=[check.backtest.pk]) in html
    assert f"{check.statistics['netProfit']:.3f}" in html
    assert f"{best.statistics['netProfit']:.3f}" in html
    # the optimization's backtests are not in the project's backtest list; each links back
    listing = client.get(reverse("backtests:project_list", args=[opt_project.pk])).content
    assert check.backtest.backtest_id.encode() not in listing
    assert best.backtest.name.encode() not in listing
    detail = client.get(reverse("backtests:detail", args=[check.backtest.pk])).content.decode()
    assert reverse("backtests:optimization_detail", args=[optimization.pk]) in detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "split, message",
    [
        ({**SPLIT, "out_of_sample_end": ""}, "all four dates"),
        ({**SPLIT, "in_sample_end": "2024-13-01"}, "in-sample end must be a date"),
        ({**SPLIT, "in_sample_start": "2024-01-30"}, "in-sample range starts after it ends"),
        ({**SPLIT, "out_of_sample_start": "2024-01-20"}, "must start after the in-sample"),
    ],
)
def test_bad_splits_are_refused(opt_project, split, message):
    with pytest.raises(OptimizationError, match=message):
        optimization_estimate(project=opt_project, parameters=PERIOD, walk_forward=split)


@pytest.mark.django_db
def test_create_form_sends_the_split(
    opt_project, owner, client, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    form = {
        "param0_name": "period",
        "param0_min": "1",
        "param0_max": "2",
        "param0_step": "1",
        "node_type": "O2-8",
        "node_count": "1",
        "target": "sharpeRatio",
        "extremum": "max",
        **SPLIT,
    }
    page = client.post(reverse("backtests:optimization_create", args=[opt_project.pk]), form)
    assert "3 backtests (the out-of-sample one included)" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("backtests:optimization_create", args=[opt_project.pk]),
            {**form, "action": "launch"},
        )
    optimization = Optimization.objects.get()
    assert response.status_code == 302
    assert str(optimization.in_sample_start) == "2024-01-08"
    assert str(optimization.out_of_sample_end) == "2024-02-23"
