"""The training catalogue, officers' plans from their gaps, completion, and the training-needs roll-up."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from partnership.audit import log_event
from partnership.extensions import db
from partnership.teams import profile_source, training_plan
from partnership.teams.errors import TeamError
from partnership.teams.models import Course, CourseMode, PlanItem, RoleHolding

TITLE_MAX, PROVIDER_MAX, NOTE_MAX, DAYS_MAX = 200, 200, 5000, 365


def active_courses() -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.active.is_(True)).order_by(Course.title)))


def offers(courses: list[Course] | None = None) -> list[training_plan.CourseOffer]:
    return [training_plan.CourseOffer(c.id, c.title, c.days, c.mode, dict(c.competences or {}))
            for c in (active_courses() if courses is None else courses)]


def save_course(course: Course | None, *, title: str, provider: str, days: float | None, mode: str, language: str,
                description: str, competences: dict[str, int], active: bool = True, by) -> Course:
    """Add or change a catalogue offer; plans already made keep their own copy of it."""
    title, provider = (title or "").strip(), (provider or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise TeamError(_("Enter the course title (under %(max)d characters).", max=TITLE_MAX), field="title")
    if not provider or len(provider) > PROVIDER_MAX:
        raise TeamError(_("Enter who runs the course (under %(max)d characters).", max=PROVIDER_MAX), field="provider")
    if days is None or not 0 < days <= DAYS_MAX:
        raise TeamError(_("Enter the length in days, for example 0.5 or 3."), field="days")
    if mode not in set(CourseMode):
        raise TeamError(_("Choose classroom, online or blended."), field="mode")
    clash = db.session.scalar(select(Course).where(Course.title == title))
    if clash is not None and clash is not course:
        raise TeamError(_("The catalogue already has a course with this title."), field="title")
    competences = {code: int(level) for code, level in competences.items() if level and 1 <= int(level) <= 3}
    if course is None:
        course = Course(title=title)
        db.session.add(course)
    course.title, course.provider, course.days, course.mode = title, provider, float(days), mode
    course.language, course.description, course.competences, course.active = \
        (language or "").strip()[:40], (description or "").strip(), competences, active
    db.session.flush()
    log_event("course.saved", actor=by, target=f"course:{course.id}", details={"title": title})
    db.session.commit()
    return course


def required_levels(holding: RoleHolding, profile=None) -> dict[str, int]:
    """The levels the holder's role asks for: from the adopted profile, else from the vacancy it was filled from."""
    if profile is None:
        from partnership.teams.appointment import holding_group

        profile = profile_source.adopted_profile(holding_group(holding))
    if profile is not None:
        for role in profile.roles:
            if role.key == holding.role_key:
                return {c.code: c.level for c in role.competences}
    if holding.vacancy is not None:
        for role in holding.vacancy.roles:
            if role["key"] == holding.role_key:
                return {c["code"]: c["level"] for c in role["competences"]}
    return {}


def officer_gaps(holding: RoleHolding, profile=None) -> list[training_plan.Gap]:
    return training_plan.gaps(required_levels(holding, profile), holding.current_levels)


def plan_for(holding: RoleHolding, profile=None) -> training_plan.Plan:
    """(Re)plan the holder's training: open items are replaced, completed ones kept. The caller commits."""
    result = training_plan.plan(officer_gaps(holding, profile), offers())
    for item in [i for i in holding.plan_items if i.completed_on is None]:
        holding.plan_items.remove(item)
        db.session.delete(item)
    position = max((i.position for i in holding.plan_items), default=0)
    for planned in result.courses:
        position += 1
        codes = [g.code for g in planned.closes]
        holding.plan_items.append(PlanItem(
            course_id=planned.course.id, course_title=planned.course.title, days=planned.course.days,
            mode=planned.course.mode, competence_codes=codes, position=position,
            target_levels={code: int(planned.course.competences[code]) for code in codes}))
    db.session.flush()
    return result


def replan(holding: RoleHolding, *, by) -> training_plan.Plan:
    result = plan_for(holding)
    log_event("training.planned", actor=by, target=f"role_holding:{holding.id}",
              details={"courses": len(result.courses), "unclosed": [g.code for g in result.unclosed]})
    db.session.commit()
    return result


def complete(item: PlanItem, *, completed_on: date | None, reached: list[str], note: str, by) -> None:
    """Record a finished course; a level counts as reached only with an assessment note."""
    if item.completed_on is not None:
        raise TeamError(_("This course is already recorded as completed."))
    if completed_on is None:
        raise TeamError(_("Enter the date the course was completed."), field="completed_on")
    if completed_on > date.today():
        raise TeamError(_("A course cannot be completed in the future."), field="completed_on")
    if completed_on < item.holding.started_on:
        raise TeamError(_("The date is before the officer took up the role."), field="completed_on")
    note = (note or "").strip()
    unknown = [code for code in reached if code not in item.target_levels]
    if unknown:
        raise TeamError(_("Choose only competences this course develops."), field="reached")
    if reached and not note:
        raise TeamError(_("A level counts as reached only with an assessment note: say how it was assessed."),
                        field="assessment_note")
    if len(note) > NOTE_MAX:
        raise TeamError(_("Keep the note under %(max)d characters.", max=NOTE_MAX), field="assessment_note")
    item.completed_on, item.assessment_note, item.recorded_by_id = completed_on, note, by.id
    item.levels_reached = {code: int(item.target_levels[code]) for code in reached}
    log_event("training.completed", actor=by, target=f"plan_item:{item.id}",
              details={"role": item.holding.label, "reached": item.levels_reached})
    db.session.commit()


@dataclass
class CompetenceNeed:
    code: str
    officers: int = 0
    levels_missing: int = 0
    closed_by: list[str] = field(default_factory=list)


@dataclass
class CourseNeed:
    course: training_plan.CourseOffer
    gaps_closed: int = 0
    officers: set = field(default_factory=set)


@dataclass
class Rollup:
    teams: int = 0
    officers: int = 0
    vacant_seats: int = 0
    competences: list[CompetenceNeed] = field(default_factory=list)
    courses: list[CourseNeed] = field(default_factory=list)
    plan_days: float = 0.0
    hours_per_day: float = 7.0
    unclosed: dict[str, int] = field(default_factory=dict)

    @property
    def plan_hours(self) -> float:
        return self.plan_days * self.hours_per_day


def rollup(groups) -> Rollup:
    """Training needs across teams: competences missing most, courses closing most gaps, the hours it takes.

    The hours are those of each officer's greedy plan over today's catalogue (a local version of
    a strategic training-needs assessment); vacant seats are counted, not planned, as nobody holds them.
    """
    from partnership.teams.team import current_holdings, seats

    catalogue = offers()
    result = Rollup(hours_per_day=current_app.config["TRAINING_HOURS_PER_DAY"])
    needs: dict[str, CompetenceNeed] = {}
    by_course = {c.id: CourseNeed(c) for c in catalogue}
    for group in groups:
        profile = profile_source.adopted_profile(group)
        if profile is None:
            continue
        result.teams += 1
        result.vacant_seats += sum(1 for s in seats(group, profile) if s.vacant)
        for holding in current_holdings(group):
            result.officers += 1
            gaps = officer_gaps(holding, profile)
            for gap in gaps:
                need = needs.setdefault(gap.code, CompetenceNeed(gap.code))
                need.officers += 1
                need.levels_missing += gap.size
                for course in catalogue:
                    if training_plan.closes(course, gap):
                        by_course[course.id].gaps_closed += 1
                        by_course[course.id].officers.add(holding.id)
                        if course.title not in need.closed_by:
                            need.closed_by.append(course.title)
            plan = training_plan.plan(gaps, catalogue)
            result.plan_days += plan.days
            for gap in plan.unclosed:
                result.unclosed[gap.code] = result.unclosed.get(gap.code, 0) + 1
    result.competences = sorted(needs.values(), key=lambda n: (-n.levels_missing, -n.officers, n.code))
    result.courses = sorted((c for c in by_course.values() if c.gaps_closed),
                            key=lambda c: (-c.gaps_closed, c.course.days, c.course.title))
    return result
