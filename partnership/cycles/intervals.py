"""Differences between two survey rounds with their 95% confidence intervals.

Proportions: Newcombe's hybrid score interval for a difference of independent
proportions (Newcombe 1998, Statistics in Medicine 17:873, method 10), built from
the two Wilson score intervals; computed by statsmodels
(`confint_proportions_2indep(method="newcomb")`). Means: Welch's unequal-variance
interval with the Welch–Satterthwaite degrees of freedom, quantiles from scipy.

Only published figures go in: counts and bases of proportions, and n, mean and
95% interval of means (the standard deviation is recovered from the interval the
results publish, so no raw answer is ever read here).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from partnership.lazy import lazy_module

# scipy and statsmodels take seconds to import; only a comparison of two rounds needs them.
stats = lazy_module("scipy.stats")
proportion = lazy_module("statsmodels.stats.proportion")

CONFIDENCE = 0.95
NEWCOMBE = "Newcombe hybrid score interval (method 10)"
WELCH = "Welch unequal-variance t interval"
# The results publish means with a Student t interval up to 30 degrees of freedom, a normal one beyond.
T_DF_LIMIT = 30


@dataclass(frozen=True)
class Difference:
    """Second minus first, with a 95% interval; significant when the interval excludes zero."""

    estimate: float
    low: float
    high: float
    method: str

    @property
    def significant(self) -> bool:
        return self.low > 0 or self.high < 0

    def as_dict(self) -> dict:
        return {"estimate": self.estimate, "ci_low": self.low, "ci_high": self.high, "method": self.method,
                "significant": self.significant}


def difference_of_proportions(count1: int, base1: int, count2: int, base2: int) -> Difference:
    """p1 - p2 = count1/base1 - count2/base2 with Newcombe's hybrid score interval."""
    if base1 <= 0 or base2 <= 0:
        raise ValueError("both bases must be positive")
    if not (0 <= count1 <= base1 and 0 <= count2 <= base2):
        raise ValueError("counts must lie between 0 and their base")
    low, high = proportion.confint_proportions_2indep(count1, base1, count2, base2, method="newcomb", compare="diff",
                                           alpha=1 - CONFIDENCE)
    return Difference(count1 / base1 - count2 / base2, float(low), float(high), NEWCOMBE)


def difference_of_means(mean1: float, sd1: float, n1: int, mean2: float, sd2: float, n2: int) -> Difference:
    """mean1 - mean2 with Welch's interval (Welch–Satterthwaite degrees of freedom)."""
    if n1 < 2 or n2 < 2:
        raise ValueError("each group needs at least two answers")
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    se = math.sqrt(v1 + v2)
    estimate = mean1 - mean2
    if se == 0:
        return Difference(estimate, estimate, estimate, WELCH)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * se
    return Difference(estimate, estimate - half, estimate + half, WELCH)


def welch_degrees_of_freedom(sd1: float, n1: int, sd2: float, n2: int) -> float:
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    return (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))


def sd_from_interval(n: int, low: float, high: float) -> float:
    """The standard deviation behind a published 95% interval of a mean of n answers."""
    if n < 2:
        return 0.0
    df = n - 1
    quantile = stats.t.ppf(0.5 + CONFIDENCE / 2, df) if df <= T_DF_LIMIT else stats.norm.ppf(0.5 + CONFIDENCE / 2)
    return (high - low) / 2 / float(quantile) * math.sqrt(n)
