"""Structured scoring of candidates: means, spread between raters, gaps, a weighted ranking.

Plain functions over numbers, so the rules are tested without a database.

Scale: each rater scores each competence 1-5 with an evidence note. 1 no evidence,
2 some evidence below practitioner level, 3 practitioner, 4 experienced, 5 expert.
A mean score therefore maps to Step 3's levels as round(mean) - 2 (clamped to 0-3).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean

SCORE_MIN, SCORE_MAX = 1, 5
# Two raters two points or more apart on one competence saw different evidence: discuss before ranking.
LARGE_SPREAD = 2
WEIGHT_MIN, WEIGHT_MAX = 0, 10


def score_to_level(mean: float) -> int:
    """The Step 3 level (0 below practitioner, 1-3) a mean score stands for; halves round up."""
    return max(0, min(3, math.floor(mean + 0.5) - 2))


@dataclass(frozen=True)
class CompetenceResult:
    code: str
    mean: float | None
    spread: int | None
    raters: int
    required: int
    level: int | None

    @property
    def flagged(self) -> bool:
        return self.spread is not None and self.spread >= LARGE_SPREAD

    @property
    def gap(self) -> int | None:
        """Levels missing against the requirement (0 when met); None before anyone scored."""
        return None if self.level is None else max(0, self.required - self.level)


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: int
    competences: tuple[CompetenceResult, ...]
    weighted_mean: float | None
    raters: int

    @property
    def flagged(self) -> bool:
        return any(c.flagged for c in self.competences)

    @property
    def total_gap(self) -> int:
        return sum(c.gap or 0 for c in self.competences)


def competence_result(code: str, scores: list[int], required: int) -> CompetenceResult:
    if not scores:
        return CompetenceResult(code, None, None, 0, required, None)
    mean = fmean(scores)
    return CompetenceResult(code, mean, max(scores) - min(scores), len(scores), required, score_to_level(mean))


def candidate_result(candidate_id: int, sheets: list[dict[str, int]], required: dict[str, int],
                     weights: dict[str, int]) -> CandidateResult:
    """One candidate against one role: `sheets` holds each rater's {code: score}; `required` the role's levels."""
    results = tuple(competence_result(code, [s[code] for s in sheets if code in s], level)
                    for code, level in required.items())
    weighted = [(weights.get(r.code, 1), r.mean) for r in results if r.mean is not None]
    total_weight = sum(w for w, _ in weighted)
    mean = sum(w * m for w, m in weighted) / total_weight if total_weight else None
    return CandidateResult(candidate_id, results, mean, len(sheets))


def rank(results: list[CandidateResult]) -> list[CandidateResult]:
    """Highest weighted mean first; ties go to the smaller total gap. Unscored candidates come last."""
    return sorted(results, key=lambda r: (r.weighted_mean is None, -(r.weighted_mean or 0), r.total_gap,
                                          r.candidate_id))


def check_weights(codes: list[str], weights: dict[str, int]) -> str | None:
    """Why a set of weights is unusable, or None when every competence has a weight and one counts."""
    for code in codes:
        value = weights.get(code)
        if value is None or not WEIGHT_MIN <= value <= WEIGHT_MAX:
            return code
    return None if any(weights.get(c) for c in codes) else "__all_zero__"
