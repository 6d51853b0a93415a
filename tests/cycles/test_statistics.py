"""The comparison's statistics against published worked examples."""
from __future__ import annotations

import math
import statistics

import pytest

from partnership.cycles.intervals import difference_of_means, difference_of_proportions, sd_from_interval

# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score interval from Wilson limits).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize("counts, expected", NEWCOMBE_TABLE_II)
def test_difference_of_proportions_matches_newcombe_table_ii(counts, expected):
    diff = difference_of_proportions(*counts)
    assert diff.estimate == pytest.approx(counts[0] / counts[1] - counts[2] / counts[3])
    assert (round(diff.low, 4), round(diff.high, 4)) == expected
    assert "Newcombe" in diff.method


def test_interval_excluding_zero_is_flagged():
    assert difference_of_proportions(56, 70, 48, 80).significant
    assert not difference_of_proportions(5, 56, 0, 29).significant


# Welch's t-test, worked example 1 of the Wikipedia article "Welch's t-test" (t = -2.46, df = 24.9, p = 0.021).
A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]


def test_difference_of_means_matches_the_welch_worked_example():
    m1, s1, m2, s2 = statistics.mean(A1), statistics.stdev(A1), statistics.mean(A2), statistics.stdev(A2)
    diff = difference_of_means(m1, s1, 15, m2, s2, 15)
    se = math.sqrt(s1 ** 2 / 15 + s2 ** 2 / 15)
    assert diff.estimate / se == pytest.approx(-2.46, abs=0.005)
    # The interval of the worked example: -3.98 to -0.35, so the change is significant at 95%.
    assert (round(diff.low, 2), round(diff.high, 2)) == (-3.98, -0.35)
    assert diff.significant and "Welch" in diff.method


def test_standard_deviation_is_recovered_from_a_published_interval():
    from assessments.analysis import mean_ci

    values = [1, 2, 2, 3, 4, 4, 4, 5, 5, 5, 3, 2]
    n, total, total_sq = len(values), sum(values), sum(v * v for v in values)
    _mean, low, high = mean_ci(n, total, total_sq)
    assert sd_from_interval(n, low, high) == pytest.approx(statistics.stdev(values), rel=1e-3)
    big = list(range(1, 6)) * 20
    _mean, low, high = mean_ci(len(big), sum(big), sum(v * v for v in big))
    assert sd_from_interval(len(big), low, high) == pytest.approx(statistics.stdev(big), rel=1e-3)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        difference_of_proportions(3, 0, 1, 10)
    with pytest.raises(ValueError):
        difference_of_proportions(11, 10, 1, 10)
    with pytest.raises(ValueError):
        difference_of_means(1, 1, 1, 2, 1, 10)
