"""An officer's training plan from their competence gaps: greedy weighted set cover.

A gap is a competence where the officer's level is below the role's required level;
its weight is the number of levels missing. A course closes a gap when it takes
participants to at least the required level of that competence. The plan repeats:
pick the course whose still-open gaps weigh most per day of training (ties: fewer
days, then title), mark those gaps closed, until no course closes anything more.
Greedy set cover is within a factor ln(n) of the cheapest cover and is what a
planner can follow by hand. Gaps no course closes are reported, not hidden.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    code: str
    required: int
    current: int

    @property
    def size(self) -> int:
        return self.required - self.current


@dataclass(frozen=True)
class CourseOffer:
    id: int
    title: str
    days: float
    mode: str
    competences: dict  # {code: level reached}


@dataclass(frozen=True)
class PlannedCourse:
    course: CourseOffer
    closes: tuple[Gap, ...]


@dataclass(frozen=True)
class Plan:
    courses: tuple[PlannedCourse, ...]
    unclosed: tuple[Gap, ...]

    @property
    def days(self) -> float:
        return sum(p.course.days for p in self.courses)


def gaps(required: dict[str, int], levels: dict[str, int]) -> list[Gap]:
    """Required level minus current level, for every competence that falls short."""
    return [Gap(code, need, levels.get(code, 0)) for code, need in required.items() if levels.get(code, 0) < need]


def closes(course: CourseOffer, gap: Gap) -> bool:
    return int(course.competences.get(gap.code, 0)) >= gap.required


def plan(open_gaps: list[Gap], courses: list[CourseOffer]) -> Plan:
    """Courses that close the most gap-levels for the fewest days; and the gaps none of them closes."""
    remaining = list(open_gaps)
    chosen: list[PlannedCourse] = []
    candidates = [c for c in courses if c.days > 0]
    while remaining:
        best, best_key = None, None
        for course in candidates:
            closed = [g for g in remaining if closes(course, g)]
            if not closed:
                continue
            weight = sum(g.size for g in closed)
            key = (-weight / course.days, course.days, course.title)
            if best_key is None or key < best_key:
                best, best_key = (course, closed), key
        if best is None:
            break
        course, closed = best
        chosen.append(PlannedCourse(course, tuple(closed)))
        candidates.remove(course)
        remaining = [g for g in remaining if g not in closed]
    return Plan(tuple(chosen), tuple(remaining))
