from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from backtests.optimization.overfitting import (
    deflated_sharpe_of_returns,
    deflated_sharpe_ratio,
    expected_max_sharpe,
    probability_of_backtest_overfitting,
)


def test_deflated_sharpe_matches_the_papers_worked_example():
    # Bailey and Lopez de Prado (2014), numerical example: annualized SR 2.5 of the best of
    # N = 100 trials whose annualized SRs have variance 0.5, T = 1250 daily returns, skewness -3,
    # kurtosis 10. The paper gives SR0 = 0.1132 (per day) and DSR = 0.9004.
    sr0 = expected_max_sharpe(0.5 / 250, 100)
    assert sr0 == pytest.approx(0.1132, abs=5e-5)
    dsr = deflated_sharpe_ratio(
        sharpe_ratio=2.5 / math.sqrt(250),
        variance=0.5 / 250,
        trials=100,
        observations=1250,
        skew=-3,
        kurtosis=10,
    )
    assert dsr == pytest.approx(0.9004, abs=5e-4)


def test_one_trial_is_the_probabilistic_sharpe_ratio():
    rng = np.random.default_rng(7)
    returns = rng.normal(0.001, 0.01, size=(500, 1))
    r = returns[:, 0]
    sr = r.mean() / r.std(ddof=1)
    # PSR with benchmark 0, computed independently here
    expected = stats.norm.cdf(
        sr
        * math.sqrt(len(r) - 1)
        / math.sqrt(1 - stats.skew(r) * sr + (stats.kurtosis(r, fisher=False) - 1) / 4 * sr**2)
    )
    assert deflated_sharpe_of_returns(returns, 0) == pytest.approx(expected)


def test_more_trials_deflate_more():
    base = dict(sharpe_ratio=0.1, variance=0.002, observations=500, skew=0.0, kurtosis=3.0)
    assert deflated_sharpe_ratio(trials=1000, **base) < deflated_sharpe_ratio(trials=10, **base)


def test_pbo_hand_computed_two_blocks():
    # 4 rows, 2 trials, 2 blocks. Block 0: trial 0 [1, 2] (SR 2.12), trial 1 [0, 1] (SR 0.71);
    # block 1 the other way round. In-sample block 0: trial 0 wins, and out of sample it is the
    # worse of two: rank 1, w = 1/3, logit ln(1/2) < 0; the other split is the mirror image.
    returns = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 1.0], [1.0, 2.0]])
    result = probability_of_backtest_overfitting(returns, blocks=2)
    assert result.splits == 2
    assert result.probability == 1.0
    assert result.logits == pytest.approx([math.log(0.5), math.log(0.5)])
    # the same trials in consistent order: never overfit, w = 2/3, logit ln 2
    steady = np.array([[1.0, 0.0], [2.0, 1.0], [1.0, 0.0], [2.0, 1.0]])
    result = probability_of_backtest_overfitting(steady, blocks=2)
    assert result.probability == 0.0
    assert result.logits == pytest.approx([math.log(2), math.log(2)])


def test_pbo_is_zero_when_one_trial_dominates_everywhere():
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.01, size=(320, 5))
    noise[:, 2] += 0.05  # trial 2 is best in every block
    result = probability_of_backtest_overfitting(noise, blocks=8)
    assert result.splits == math.comb(8, 4) == 70
    assert result.probability == 0.0
    # w = N / (N + 1) = 5/6 in every split
    assert set(np.round(result.logits, 12)) == {round(math.log(5), 12)}


def test_pbo_of_pure_noise_is_a_half_on_average():
    # Trials without skill: the in-sample winner is as likely below as above the out-of-sample
    # median. One sample's PBO varies a lot (its splits share data), so average 30 samples.
    values = [
        probability_of_backtest_overfitting(
            np.random.default_rng(seed).normal(0, 0.01, size=(240, 20)), blocks=8
        ).probability
        for seed in range(30)
    ]
    assert 0.4 < float(np.mean(values)) < 0.6
