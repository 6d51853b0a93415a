"""Statistics and disclosure control: Wilson intervals, means, cell suppression.

Suppression works on "lines": a set of published cells whose sum is a published
total (a row of a table, a column, the margins). Primary suppression hides every
cell below k; complementary suppression then hides more cells until, on every
line with a visible total, the hidden cells add up to zero or to at least k, so
no small figure can be recovered by subtracting the visible ones from the total.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Iterable

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
    """A count with its percentage of a base; count None means suppressed."""

    count: int | None
    base: int | None
    pct: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def as_dict(self) -> dict:
        return {"count": self.count, "base": self.base, "pct": self.pct, "ci_low": self.low, "ci_high": self.high,
                "suppressed": self.suppressed}


def share(count: int, base: int, hidden: bool) -> Share:
    if hidden:
        return Share(None, None)
    if base <= 0:
        return Share(count, base)
    low, high = wilson(count, base)
    return Share(count, base, count / base, low, high)


@dataclass
class Mean:
    n: int | None
    mean: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None and self.n is None

    def as_dict(self) -> dict:
        return {"n": self.n, "mean": self.mean, "ci_low": self.low, "ci_high": self.high, "suppressed": self.suppressed}


def mean_figure(n: int, total: float, total_sq: float, hidden: bool) -> Mean:
    if hidden:
        return Mean(None)
    if n <= 0:
        return Mean(0)
    mean, low, high = mean_ci(n, total, total_sq)
    return Mean(n, mean, low, high)


Line = tuple[list[Hashable], Hashable]


def suppress(values: dict[Hashable, int], lines: Iterable[Line], k: int, *,
             forced: Iterable[Hashable] = (), locked: Iterable[Hashable] = ()) -> set[Hashable]:
    """Keys to hide: primary (0 < value < k), `forced`, and complements on every line.

    `locked` keys are published elsewhere (for example overall figures under a
    breakdown) and may not be chosen as complements; the line's other cells are.
    """
    lines = [(list(members), total) for members, total in lines]
    locked = set(locked)
    hidden = {key for key, value in values.items() if 0 < value < k} | set(forced)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if total in hidden:
                continue
            hidden_sum = sum(values[m] for m in members if m in hidden)
            if hidden_sum == 0 or hidden_sum >= k:
                continue
            candidates = [m for m in members if m not in hidden and m not in locked and values[m] > 0]
            if candidates:
                # The smallest complement loses the least information.
                hidden.add(min(candidates, key=lambda m: (values[m], str(m))))
                changed = True
            elif total not in locked:
                hidden.add(total)
                changed = True
    return hidden


def suppress_distribution(counts: dict[Hashable, int], base: int, k: int, *, additive: bool) -> set[Hashable]:
    """Hide small cells of one distribution; with `additive` cells (they sum to the base), add complements.

    Returns the hidden option keys, plus "__base__" when even the base is too small.
    """
    if 0 < base < k:
        return set(counts) | {"__base__"}
    values = dict(counts)
    values["__base__"] = base
    lines = [(list(counts), "__base__")] if additive else []
    return suppress(values, lines, k, locked={"__base__"})


def suppress_table(cells: dict[tuple, int], groups: list, columns: list, group_bases: dict, column_totals: dict,
                   grand: int, k: int, *, additive_rows: bool, locked_hidden: Iterable = ()) -> tuple[set, set]:
    """Cell suppression for a breakdown table with published margins.

    `cells[(group, column)]`; `group_bases[group]` (published); `column_totals` and
    `grand` are the overall figures, already published, so they stay as they are
    (`locked_hidden` lists the column totals that the overall view hid).
    Returns (hidden cell keys, hidden groups): a hidden group's whole row is hidden.
    """
    values: dict = {("cell", g, c): cells.get((g, c), 0) for g in groups for c in columns}
    values.update({("base", g): group_bases.get(g, 0) for g in groups})
    values.update({("col", c): column_totals.get(c, 0) for c in columns})
    values[("grand",)] = grand
    locked = {("col", c) for c in columns} | {("grand",)}
    # Rows too small to show at all, then enough further rows that their sum cannot be derived.
    small = {("base", g) for g in groups if 0 < values[("base", g)] < k}
    group_hidden = suppress({key: values[key] for key in values if key[0] in {"base", "grand"}},
                            [([("base", g) for g in groups], ("grand",))], k, forced=small, locked={("grand",)})
    hidden_groups = {key[1] for key in group_hidden if key[0] == "base"}
    forced = {("cell", g, c) for g in hidden_groups for c in columns} | {("base", g) for g in hidden_groups}
    forced |= {("col", c) for c in locked_hidden}
    lines: list[Line] = [([("cell", g, c) for g in groups], ("col", c)) for c in columns]
    lines.append(([("base", g) for g in groups], ("grand",)))
    if additive_rows:
        lines += [([("cell", g, c) for c in columns], ("base", g)) for g in groups if g not in hidden_groups]
    hidden = suppress(values, lines, k, forced=forced, locked=locked - {("col", c) for c in locked_hidden})
    return {(key[1], key[2]) for key in hidden if key[0] == "cell"}, hidden_groups | {
        key[1] for key in hidden if key[0] == "base"}
