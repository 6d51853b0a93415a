"""The disclosure-control layer: the cell-key method, as national statistics offices run it.

Every answer sheet gets a random record key (0..KEY_RANGE-1) when it is stored, and
its answer rows carry a copy. A published cell's key is the sum of its records' keys
modulo KEY_RANGE (a plain `SUM` in the aggregation query, on SQLite and PostgreSQL).
A fixed perturbation table, a function of (true count, cell key) only, gives the
published count:

- the same set of people always gives the same published value: asking again, from
  the page, the map, the API or an export, averages nothing away;
- any change of membership (one more answer, a different breakdown) changes the
  cell key, so the noise is drawn again: subtracting answers added on purpose, or
  two overlapping tables, leaves an uncertain difference, never an exact count;
- counts from 1 to k-1 are published as 0 or as k..k+SMALL_SPREAD, never as themselves,
  and counts just above k are now and then published as 0 too: a published 0 or k is
  consistent with several true counts, on both sides of k.

Derived figures (percentages, intervals, means and their n, need scores) are made
from published counts only. See docs/PRIVACY.md for the parameters and why.

No maintained Python library fits: the ONS `cell-key-perturbation` package tabulates
microdata itself in pandas (every answer row in memory, aggregation out of SQL), and the
sdcTools `cellKey`/`ptable` packages are R. The method is small, so it lives here.
"""
from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import lru_cache

# As the ONS 2021 Census: record keys 0..255, cell key = sum mod 256.
KEY_RANGE = 256
# Largest change a count gets, and how often it gets each change (before the small-count rule).
MAX_NOISE = 2
NOISE_WEIGHTS = {0: 0.50, 1: 0.15, -1: 0.15, 2: 0.10, -2: 0.10}
# Counts 1..k-1 go to 0 or to one of k..k+SMALL_SPREAD; counts k..k+MAX_NOISE go to 0 with a
# probability falling from ZERO_NEAR_K, so "0" does not prove a count is under k (see docs/PRIVACY.md).
SMALL_SPREAD = 2
ZERO_NEAR_K = 0.05
# Areas with fewer than MERGE_FACTOR x k published respondents are merged with a neighbour.
MERGE_FACTOR = 2


def new_record_key() -> int:
    """A record key for a new answer sheet (uniform over the key range, not predictable)."""
    return secrets.randbelow(KEY_RANGE)


def cell_key(key_sum: int | float | None) -> int:
    """The cell key of a cell whose records' keys add up to `key_sum`."""
    return int(key_sum or 0) % KEY_RANGE


@lru_cache(maxsize=4096)
def distribution(count: int, k: int) -> tuple[tuple[int, float], ...]:
    """The perturbation table row for a true count: (published value, probability), by value.

    0 stays 0. Counts 1..k-1 become 0 or one of k..k+SMALL_SPREAD, the chance of going up
    chosen so the published value is right on average. Counts from k up move by at most
    MAX_NOISE and never into 1..k-1; those within MAX_NOISE of k are sometimes published as 0.
    """
    if count <= 0:
        return ((0, 1.0),)
    if count < k:
        up = count / (k + SMALL_SPREAD / 2)
        return ((0, 1 - up),) + tuple((k + i, up / (SMALL_SPREAD + 1)) for i in range(SMALL_SPREAD + 1))
    allowed = {d: w for d, w in NOISE_WEIGHTS.items() if count + d >= k}
    total = sum(allowed.values())
    zero = ZERO_NEAR_K * (k + MAX_NOISE + 1 - count) / (MAX_NOISE + 1) if count <= k + MAX_NOISE else 0.0
    row = tuple((count + d, (1 - zero) * w / total) for d, w in sorted(allowed.items()))
    return ((0, zero),) + row if zero else row


def perturb(count: int, key_sum: int | float | None, k: int) -> int:
    """The published value of a cell of `count` records whose keys sum to `key_sum`."""
    count = int(count or 0)
    if count <= 0:
        return 0
    position = (cell_key(key_sum) + 0.5) / KEY_RANGE
    cumulative = 0.0
    row = distribution(count, k)
    for value, probability in row:
        cumulative += probability
        if position < cumulative:
            return value
    return row[-1][0]


def candidates(published: int, k: int, *, upto: int | None = None) -> set[int]:
    """Every true count that can be published as `published` (what a reader who knows the table learns)."""
    upto = upto if upto is not None else max(published, k) + 2 * MAX_NOISE + SMALL_SPREAD
    return {count for count in range(0, upto + 1)
            if any(value == published and p > 0 for value, p in distribution(count, k))}


def magnitude_position(key_sum: int | float | None) -> float:
    """A second draw from the same cell key, in (-0.5, 0.5), for the noise on a sum of numbers."""
    return ((cell_key(key_sum) * 167 + 89) % KEY_RANGE + 0.5) / KEY_RANGE - 0.5


@dataclass(frozen=True)
class Cell:
    """A true count and its records' key sum: what the aggregation queries return for each cell."""

    count: int = 0
    keys: int = 0

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(self.count + other.count, self.keys + other.keys)

    def published(self, k: int) -> int:
        return perturb(self.count, self.keys, k)


def merge_cells(cells) -> Cell:
    """One cell made of disjoint cells (their record keys add up)."""
    total = Cell()
    for cell in cells:
        total = total + cell
    return total


def published_mean(scored: list[tuple[float, int]]) -> tuple[int, float | None, float | None]:
    """n, mean and variance from published counts of scored options: [(score, published count)]."""
    n = sum(c for _s, c in scored)
    if n <= 0:
        return 0, None, None
    mean = sum(s * c for s, c in scored) / n
    variance = sum(c * (s - mean) ** 2 for s, c in scored) / (n - 1) if n > 1 else 0.0
    return n, mean, variance


def protected_numeric_mean(n: int, total: float, total_sq: float, low: float, high: float, key_sum: int,
                           k: int) -> tuple[int, float | None, float | None]:
    """n, mean and variance of free numbers: n perturbed like a count, the sum moved by up to half the range.

    One person can move a sum by at most the range of the values in the cell (high - low);
    noise of that order keeps a mean published before and after one answer from giving it back.
    """
    n_published = perturb(n, key_sum, k)
    if n <= 0 or n_published <= 0:
        return n_published, None, None
    spread = max(float(high) - float(low), 1.0)
    mean = (total + magnitude_position(key_sum) * spread) / n
    variance = max(0.0, (total_sq - n * (total / n) ** 2) / (n - 1)) if n > 1 else 0.0
    return n_published, mean, variance


def expected_absolute_noise(count: int, k: int) -> float:
    """Mean |published - true| for a count over all cell keys (for the bench and the docs)."""
    return sum(p * abs(value - count) for value, p in distribution(count, k)) if count > 0 else 0.0


def relative_standard_error(count: int, k: int) -> float:
    """The standard deviation of the noise over the count (information loss at that size)."""
    if count <= 0:
        return 0.0
    mean = sum(p * v for v, p in distribution(count, k))
    return math.sqrt(sum(p * (v - mean) ** 2 for v, p in distribution(count, k))) / count
