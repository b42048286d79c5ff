"""Guards against overfitting a parameter search (pure numpy/scipy, no Django).

- `deflated_sharpe_ratio`: Bailey and Lopez de Prado (2014), "The Deflated Sharpe Ratio:
  Correcting for Selection Bias, Backtest Overfitting and Non-Normality". The probability that
  the best trial's true Sharpe ratio is above the expected maximum Sharpe ratio of N trials
  whose true Sharpe ratio is zero:
      SR0 = sqrt(V[SR]) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e))),  g = Euler-Mascheroni
      DSR = Z((SR - SR0) * sqrt(T - 1) / sqrt(1 - skew * SR + (kurtosis - 1) / 4 * SR^2))
  with per-period (not annualized) Sharpe ratios, T observations and the raw (not excess)
  kurtosis of the best trial's returns.
- `probability_of_backtest_overfitting`: Bailey, Borwein, Lopez de Prado and Zhu (2015), "The
  Probability of Backtest Overfitting", by combinatorially symmetric cross-validation (CSCV):
  the T x N matrix of the trials' returns is cut into S row blocks; for every choice of S/2
  blocks as in-sample (the rest out-of-sample) the trial with the best in-sample Sharpe ratio
  gets its relative rank w among the out-of-sample Sharpe ratios (rank / (N + 1)); PBO is the
  share of splits where the logit ln(w / (1 - w)) is <= 0, i.e. the in-sample winner ranks in
  the lower half out of sample.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

EULER_MASCHERONI = 0.5772156649015329


def sharpe(returns: np.ndarray) -> np.ndarray | float:
    """Per-period Sharpe ratio of each column (mean / sample standard deviation); 0 where flat."""
    mean = returns.mean(axis=0)
    std = returns.std(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(std > 0, mean / np.where(std > 0, std, 1.0), 0.0)
    return ratio if np.ndim(ratio) else float(ratio)


def expected_max_sharpe(variance: float, trials: int) -> float:
    """SR0: the expected largest Sharpe ratio among `trials` independent trials of true Sharpe
    ratio zero whose estimated Sharpe ratios have variance `variance` (per period)."""
    if trials < 2:
        return 0.0
    z = stats.norm.ppf
    return math.sqrt(variance) * (
        (1 - EULER_MASCHERONI) * z(1 - 1 / trials) + EULER_MASCHERONI * z(1 - 1 / (trials * math.e))
    )


def deflated_sharpe_ratio(
    *,
    sharpe_ratio: float,
    variance: float,
    trials: int,
    observations: int,
    skew: float,
    kurtosis: float,
) -> float:
    """DSR (a probability) of a per-period `sharpe_ratio` chosen as the best of `trials`."""
    sr0 = expected_max_sharpe(variance, trials)
    denominator = 1 - skew * sharpe_ratio + (kurtosis - 1) / 4 * sharpe_ratio**2
    if observations < 2 or denominator <= 0:
        return float("nan")
    return float(
        stats.norm.cdf((sharpe_ratio - sr0) * math.sqrt(observations - 1) / math.sqrt(denominator))
    )


def deflated_sharpe_of_returns(returns: np.ndarray, best: int) -> float:
    """DSR of column `best` of a T x N return matrix, the N columns being every trial."""
    ratios = np.atleast_1d(sharpe(returns))
    column = returns[:, best]
    return deflated_sharpe_ratio(
        sharpe_ratio=float(ratios[best]),
        variance=float(np.var(ratios, ddof=1)) if ratios.size > 1 else 0.0,
        trials=int(ratios.size),
        observations=int(column.size),
        skew=float(stats.skew(column)),
        kurtosis=float(stats.kurtosis(column, fisher=False)),
    )


@dataclass(frozen=True)
class PBO:
    probability: float
    logits: list[float]
    splits: int


def probability_of_backtest_overfitting(returns: np.ndarray, *, blocks: int = 16) -> PBO:
    """PBO of a T x N return matrix (N >= 2 trials) by CSCV with `blocks` (even) row blocks;
    rows that do not fill a block at the end are dropped, as the paper's equal-sized blocks."""
    rows, columns = returns.shape
    if columns < 2:
        raise ValueError("PBO needs at least two trials.")
    blocks = min(blocks, rows - rows % 2)
    blocks -= blocks % 2
    if blocks < 2:
        raise ValueError("PBO needs at least two observations per trial.")
    size = rows // blocks
    parts = [returns[i * size : (i + 1) * size] for i in range(blocks)]
    logits = []
    for chosen in itertools.combinations(range(blocks), blocks // 2):
        rest = [i for i in range(blocks) if i not in chosen]
        in_sample = np.vstack([parts[i] for i in chosen])
        out_sample = np.vstack([parts[i] for i in rest])
        best = int(np.argmax(sharpe(in_sample)))
        oos = np.asarray(sharpe(out_sample))
        # rank 1 = worst out of sample; ties share the average rank
        rank = stats.rankdata(oos)[best]
        omega = rank / (columns + 1)
        logits.append(math.log(omega / (1 - omega)))
    probability = sum(1 for value in logits if value <= 0) / len(logits)
    return PBO(probability=probability, logits=logits, splits=len(logits))
