"""The ranked list of needs: indicators from the results, reviewed and adopted by the group.

A need's score combines four families of indicators, each scaled so that the
largest need in the family scores 1: how big a problem residents call it, how
many were victims, how often residents put it among their priorities, and
online harms seen or suffered. Priorities weigh 1.5 because residents chose them
explicitly. A need missing from a family scores 0 there, so needs backed by
several sources rise. Only published (protected) figures are used, and none on a base
under SMALL_CELL_MIN.
"""
from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assessments import bank
from assessments.analysis import wilson
from assessments.models import Need, NeedsList, NeedsListStatus, Survey
from assessments.question_types import get_type, tr
from assessments.results import overall, small_cell_min
from partnership.audit import log_event
from partnership.content.translations import set_original_language
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups import decisions
from partnership.groups.errors import GroupError
from partnership.groups.models import Decision, DecisionMethod, SecurityGroup

FAMILIES = {
    "problem": (1.0, _l("called it a big problem")),
    "victimisation": (1.0, _l("were victims in the last 12 months")),
    "priority": (1.5, _l("ranked it among their priorities")),
    "online": (1.0, _l("saw or suffered it online")),
}


class NeedsError(ValueError):
    """A refused change to a needs list, with the reason (and the need it is about, when there is one)."""

    def __init__(self, message: str, *, need_id: int | None = None, field: str | None = None):
        super().__init__(message)
        self.need_id = need_id
        self.field = field


def indicators(survey: Survey, lang: str, k: int | None = None, *, overall_results: list | None = None
               ) -> dict[str, list[dict]]:
    """Per need key, the figures that speak for it (each with its question, share and 95% CI).

    Only published figures are used (`results.overall`, protected by the cell-key method):
    a share here is a published count over a published base, never an exact one, and a
    grid row's "big problem" figure is the sum of its published cells. A page that already has
    the overall results (same survey, language and k) passes them as `overall_results`.
    """
    k = k or small_cell_min()
    found: dict[str, list[dict]] = defaultdict(list)

    def add(need, family, question, count, base, option_label):
        if not need or base < k or count <= 0:
            return
        shown = min(count, base)
        low, high = wilson(shown, base)
        found[need].append({
            "family": family, "question_id": question.id, "code": question.code,
            "question": tr(question.label, lang), "option": option_label,
            "count": count, "base": base, "pct": shown / base, "low": low, "high": high,
        })

    for result in overall_results if overall_results is not None else overall(survey, lang, k):
        question = result.question
        qtype = get_type(question.type)
        config = question.config or {}
        if not result.publishable:
            continue
        options = {o.value: o.share for o in result.options}
        if qtype.aggregation == "grid" and config.get("positive"):
            positive = set(config["positive"])
            labels = {r["value"]: r for r in qtype.rows(question)}
            for row in result.rows:
                shares = [o.share for o in row.options]
                base = shares[0].base if shares else 0
                count = sum(o.share.count or 0 for o in row.options if o.value in positive)
                add(labels.get(row.value, {}).get("need"), "problem", question, count, base or 0, row.label)
        elif question.type == "yes_no" and config.get("need"):
            yes = options.get("yes")
            if yes is not None:
                add(config["need"], "victimisation", question, yes.count or 0, result.base, tr(question.label, lang))
        elif qtype.aggregation == "multi" and config.get("needs"):
            for option in qtype.options(question):
                published = options.get(option["value"])
                if published is not None:
                    add(config["needs"].get(option["value"]), "online", question, published.count or 0, result.base,
                        tr(option.get("label"), lang))
        elif qtype.aggregation == "ranking":
            for option in qtype.options(question):
                published = options.get(option["value"])
                if published is not None:
                    add(option.get("need"), "priority", question, published.count or 0, result.base,
                        tr(option.get("label"), lang))
    return found


def rank(survey: Survey, lang: str, k: int | None = None, *, overall_results: list | None = None) -> list[dict]:
    """Candidate needs, best first: key, title, score (0..1) and evidence (from `overall_results` when given)."""
    found = indicators(survey, lang, k, overall_results=overall_results)
    best: dict[str, float] = defaultdict(float)
    for items in found.values():
        for item in items:
            best[item["family"]] = max(best[item["family"]], item["pct"])
    present = {family for family, top in best.items() if top > 0}
    total_weight = sum(FAMILIES[f][0] for f in present) or 1.0
    ranked = []
    for key, items in found.items():
        by_family: dict[str, float] = defaultdict(float)
        for item in items:
            if best[item["family"]] > 0:
                by_family[item["family"]] = max(by_family[item["family"]], item["pct"] / best[item["family"]])
        score = sum(FAMILIES[f][0] * value for f, value in by_family.items()) / total_weight
        ranked.append({"key": key, "title": bank.need_title(key, lang), "score": round(score, 4),
                       "evidence": sorted(items, key=lambda i: -i["pct"])})
    ranked.sort(key=lambda n: (-n["score"], n["title"]))
    return [n for n in ranked if n["score"] > 0]


def draft_list(group, survey: Survey, lang: str, *, limit: int = 10) -> NeedsList:
    """A new draft needs list from the survey's results (top `limit` needs)."""
    needs_list = NeedsList(group_id=group.id, survey_id=survey.id)
    db.session.add(needs_list)
    for position, candidate in enumerate(rank(survey, lang)[:limit], start=1):
        needs_list.needs.append(Need(rank=position, key=candidate["key"], title=candidate["title"],
                                     score=candidate["score"], evidence=candidate["evidence"]))
    db.session.flush()
    for need in needs_list.needs:  # drafted in the results' language; members may translate them
        set_original_language("need", need.id, lang)
    db.session.commit()
    return needs_list


def register_translatable_needs() -> None:
    """Members translate needs like any group content (partnership.content)."""
    from flask import url_for

    from partnership.content.translations import ContentKind, register_kind

    register_kind(ContentKind(
        "need", Need, {"title": _l("Need"), "description": _l("Notes")},
        group_id_of=lambda n: n.needs_list.group_id, title_of=lambda n: n.title,
        back_url=lambda n: url_for("assessments.needs_list", group_id=n.needs_list.group_id,
                                   list_id=n.needs_list_id) + f"#need-{n.id}"))


def _editable(needs_list: NeedsList) -> None:
    if needs_list.status == NeedsListStatus.ADOPTED:
        raise NeedsError(_("This needs list has been adopted and can no longer change. Draft a new list instead."))


def _renumber(needs_list: NeedsList) -> None:
    for position, need in enumerate(sorted(needs_list.needs, key=lambda n: n.rank), start=1):
        need.rank = position


def edit_need(need: Need, *, title: str, description: str) -> None:
    edit_needs(need.needs_list, {need.id: (title, description)})


def edit_needs(needs_list: NeedsList, edits: dict[int, tuple[str, str]]) -> None:
    """Save the titles and notes of several needs at once (the whole list is one form); all or nothing.

    A refused edit raises NeedsError naming the need (by rank) and stores nothing.
    """
    _editable(needs_list)
    by_id = {need.id: need for need in needs_list.needs}
    cleaned = {}
    for need_id, (title, description) in edits.items():
        need = by_id.get(need_id)
        if need is None:
            continue
        title = (title or "").strip()
        if not title:
            raise NeedsError(_("Need %(n)d has no title: give it one, or remove the need.", n=need.rank), need_id=need_id)
        cleaned[need_id] = (title[:200], (description or "").strip())
    for need_id, (title, description) in cleaned.items():
        by_id[need_id].title, by_id[need_id].description = title, description
    db.session.commit()


def source_notes(needs_list: NeedsList) -> dict[int, str]:
    """For needs that share a title with another need of the list, the questions their figures come from.

    Two needs both called "Hate speech against a group" (one seen online, one suffered) must say which is which.
    """
    by_title: dict[str, list[Need]] = defaultdict(list)
    for need in needs_list.needs:
        by_title[need.title.strip().casefold()].append(need)
    notes = {}
    for same in by_title.values():
        if len(same) < 2:
            continue
        for need in same:
            questions = list(dict.fromkeys(e.get("question") for e in (need.evidence or []) if e.get("question")))
            notes[need.id] = "; ".join(questions) if questions else _("added by the group")
    return notes


def add_need(needs_list: NeedsList, *, title: str, description: str = "") -> Need:
    """A need the group adds itself (for example from meetings); it has no figures behind it."""
    _editable(needs_list)
    title = (title or "").strip()
    if not title:
        raise NeedsError(_("A need needs a title."))
    need = Need(rank=len(needs_list.needs) + 1, key="custom", title=title[:200], description=description.strip(),
                score=None, evidence=[])
    needs_list.needs.append(need)
    db.session.commit()
    return need


def remove_need(need: Need) -> None:
    needs_list = need.needs_list
    _editable(needs_list)
    needs_list.needs.remove(need)
    db.session.flush()
    _renumber(needs_list)
    db.session.commit()


def move_need(need: Need, offset: int) -> None:
    needs_list = need.needs_list
    _editable(needs_list)
    ordered = sorted(needs_list.needs, key=lambda n: n.rank)
    index = ordered.index(need)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index].rank, ordered[target].rank = ordered[target].rank, ordered[index].rank
        db.session.commit()


def adopt(needs_list: NeedsList, *, method: str, user, meeting_id: int | None = None,
          votes_for: int | None = None, votes_against: int | None = None, votes_abstain: int | None = None) -> Decision:
    """Adopt the list as a decision of the group (recorded and audited); Step 2 is then complete."""
    checked = check_adoption(needs_list, method=method, meeting_id=meeting_id, votes_for=votes_for,
                             votes_against=votes_against, votes_abstain=votes_abstain)
    lines = [f"{n.rank}. {n.title}" for n in sorted(needs_list.needs, key=lambda n: n.rank)]
    decision = Decision(
        group_id=needs_list.group_id, meeting_id=meeting_id or None, title=_("Adopt the list of local security needs"),
        text="\n".join(lines), method=method, decided_at=checked.decided_at, **checked.counts,
        subject=f"needs_list:{needs_list.id}", recorded_by_id=getattr(user, "id", None),
    )
    return _record_adoption(needs_list, decision, user, lines)


def check_adoption(needs_list: NeedsList, *, method: str, meeting_id: int | None = None, votes_for: int | None = None,
                   votes_against: int | None = None, votes_abstain: int | None = None) -> decisions.CheckedDecision:
    """Whether the list may be adopted this way (raises NeedsError naming the field); stores nothing."""
    _editable(needs_list)
    if not needs_list.needs:
        raise NeedsError(_("Add at least one need before adopting the list."))
    if method not in {m.value for m in DecisionMethod}:
        raise NeedsError(_("Choose how the group decided: by consensus or by vote."), field="method")
    if method == DecisionMethod.CONSENSUS:
        votes_for = votes_against = votes_abstain = None  # the vote boxes of the form are ignored
    try:
        # The same rules as any decision of the group: a meeting that has happened, counts that fit the members.
        checked = decisions.check(db.session.get(SecurityGroup, needs_list.group_id), method=method, votes_for=votes_for, votes_against=votes_against,
                                  votes_abstain=votes_abstain, meeting_id=meeting_id)
    except GroupError as error:
        raise NeedsError(error.message, field=error.field) from None
    if method == DecisionMethod.VOTE and checked.counts["votes_for"] <= checked.counts["votes_against"]:
        raise NeedsError(_("With %(yes)d for and %(no)d against, the vote did not adopt the list: it needs more votes "
                           "for than against. The list stays a draft.",
                           yes=checked.counts["votes_for"], no=checked.counts["votes_against"]), field="votes_for")
    return checked


def _record_adoption(needs_list: NeedsList, decision: Decision, user, lines: list[str]) -> Decision:
    db.session.add(decision)
    db.session.flush()
    needs_list.status = NeedsListStatus.ADOPTED
    needs_list.decision_id = decision.id
    needs_list.adopted_at = utcnow()
    log_event("needs_list.adopted", actor=user, target=f"needs_list:{needs_list.id}",
              details={"group_id": needs_list.group_id, "decision_id": decision.id, "needs": len(lines),
                       "survey_id": needs_list.survey_id})
    db.session.commit()
    return decision


def adopted_list(group) -> NeedsList | None:
    """The group's most recently adopted needs list (what Step 3 builds on)."""
    return db.session.scalar(
        select(NeedsList).where(NeedsList.group_id == group.id, NeedsList.status == NeedsListStatus.ADOPTED)
        .order_by(NeedsList.adopted_at.desc(), NeedsList.id.desc()).limit(1)
    )
