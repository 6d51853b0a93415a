"""Published figures: shares with Wilson intervals and means with t intervals, made from protected counts.

The counts and bases given here are already protected by the cell-key method
(`assessments.disclosure`); nothing in this module sees a true count. A figure
carries its published count and base and a `publishable` flag: percentages and
means need a published base of at least k (SMALL_CELL_MIN) people.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
# Two-sided 95% Student t quantiles for small samples (df 1..30); normal beyond.
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
       2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def wilson(count: int, base: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion count/base (sensible near 0 and 1 and for small n)."""
    if base <= 0:
        return (0.0, 1.0)
    p = count / base
    denominator = 1 + z * z / base
    centre = (p + z * z / (2 * base)) / denominator
    half = z * math.sqrt(p * (1 - p) / base + z * z / (4 * base * base)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_ci(n: int, total: float, total_sq: float) -> tuple[float, float, float]:
    """Mean and 95% t interval from n, the sum and the sum of squares (what SQL can give)."""
    mean = total / n
    if n < 2:
        return (mean, mean, mean)
    variance = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    t = T95[n - 2] if n - 1 <= len(T95) else Z95
    half = t * math.sqrt(variance / n)
    return (mean, mean - half, mean + half)


@dataclass
class Share:
    """A published count with its percentage of a published base (both protected).

    `publishable` is False when the base is under k: the count is still the protected
    one, but no percentage or interval is given.
    """

    count: int | None
    base: int | None
    pct: float | None = None
    low: float | None = None
    high: float | None = None
    publishable: bool = True

    @property
    def suppressed(self) -> bool:
        return not self.publishable

    def as_dict(self) -> dict:
        return {"count": self.count, "base": self.base, "pct": self.pct, "ci_low": self.low, "ci_high": self.high,
                "publishable": self.publishable, "suppressed": self.suppressed}


def share(count: int, base: int, k: int) -> Share:
    """The share of a published count in a published base; not publishable under k."""
    if base < k or base <= 0:
        return Share(count, base, publishable=False)
    # Noise can put a count a little above its base; a share never goes past 100%.
    shown = min(count, base)
    low, high = wilson(shown, base)
    return Share(count, base, shown / base, low, high)


@dataclass
class Mean:
    """A mean from published figures, with its n (a published count) and 95% interval."""

    n: int | None
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    publishable: bool = True

    @property
    def suppressed(self) -> bool:
        return not self.publishable

    def as_dict(self) -> dict:
        return {"n": self.n, "mean": self.mean, "ci_low": self.low, "ci_high": self.high,
                "publishable": self.publishable, "suppressed": self.suppressed}


def mean_figure(n: int, mean: float | None, variance: float | None, k: int) -> Mean:
    """A published mean and its t interval; not publishable when n is under k."""
    if n < k or mean is None:
        return Mean(n, publishable=False)
    variance = variance or 0.0
    t = T95[n - 2] if 2 <= n and n - 1 <= len(T95) else Z95
    half = t * math.sqrt(variance / n) if n > 1 else 0.0
    return Mean(n, mean, mean - half, mean + half)
