"""Suggestions from the evidence: what the adopted needs and the published survey figures point to.

A suggestion changes nothing by itself: a person accepts it (it becomes a requirement of a role,
keeping its need links and citations) or dismisses it. Figures are cited only through
`assessments.published`, so a figure the results suppress can never be cited or used.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.profiles import drafting, traceability
from partnership.profiles.drafting import ProfileError, editable
from partnership.profiles.models import (
    ProfileRole,
    RequirementKind,
    Suggestion,
    SuggestionStatus,
    TeamProfile,
)

# Thresholds on published shares: a language spoken at home by at least 5% of respondents,
# a platform used weekly by at least 25% of some age band, a time of day named by at least 25%.
LANGUAGE_MIN, PLATFORM_MIN, HOURS_MIN = 0.05, 0.25, 0.25
HOME_LANGUAGES = ("pt", "kea", "es", "en")
ONLINE_LANGUAGES = ("pt", "kea", "en", "es", "fr", "ar", "hi_ne_bn", "zh", "uk_ru")
PLATFORMS = ("messaging", "facebook", "instagram", "tiktok", "x", "youtube", "discord", "games", "local_groups")
TIMES = ("morning", "afternoon", "evening", "late_night", "weekends")
# Which library competences answer which kinds of need (bank need keys); a person still decides.
NEED_COMPETENCES = {
    "drug_dealing": ("rad.community_policing", "rad.multi_agency"), "drug_use": ("rad.multi_agency",),
    "groups": ("cop.emotionally_aware", "rad.community_policing"), "drunkenness": ("cop.emotionally_aware",),
    "noise": ("cop.emotionally_aware",), "litter": ("cop.collaborative",), "vandalism": ("cop.collaborative",),
    "vehicles": ("cop.collaborative",), "traffic": ("cop.takes_ownership",), "lighting": ("cop.collaborative",),
    "theft": ("rad.community_policing",), "burglary": ("rad.community_policing",),
    "violence": ("cop.emotionally_aware", "rad.multi_agency"), "harassment": ("val.impartiality",),
    "hate": ("rad.intercultural_rights",), "online_hate": ("rad.intercultural_rights", "dco.signal_refer"),
    "online_extremism": ("rad.referral", "dco.signal_refer"), "online_scams": ("dco.cyber_awareness",),
    "online_bullying": ("dco.webcare", "dco.platforms"), "online_grooming": ("dco.signal_refer", "dco.platforms"),
}
STREET_AFTER_DARK = {"lighting", "groups", "drunkenness", "drug_dealing", "drug_use", "violence", "harassment", "theft"}


def _survey_of(profile: TeamProfile):
    """The survey behind the profile's adopted needs list, if any."""
    from assessments.models import Survey

    needs_list = traceability.needs_list_of(profile)
    if needs_list is None or needs_list.survey_id is None:
        return None
    return db.session.get(Survey, needs_list.survey_id)


def _lang_for(survey, lang: str) -> str:
    return lang if lang in (survey.languages or []) else survey.default_language


def _candidates(profile: TeamProfile, lang: str) -> list[dict]:
    """What the evidence points to now, each with its reason, need links and citations."""
    from assessments.published import Citer

    needs = traceability.needs_of(profile)
    online = [n for n in needs if n.key.startswith("online_")]
    found: list[dict] = []
    if needs:
        share = round(10 * len(online) / len(needs)) * 10
        found.append({"kind": RequirementKind.TIME_SPLIT, "value": str(share), "need_ids": [n.id for n in online],
                      "citations": [], "reason": _("%(online)d of the %(total)d adopted needs are online harms, so about "
                                                  "%(share)d%% of the team's time online.",
                                                  online=len(online), total=len(needs), share=share)})
    for need in needs:
        for code in NEED_COMPETENCES.get(need.key, ()):
            found.append({"kind": RequirementKind.COMPETENCE, "value": code, "need_ids": [need.id], "citations": [],
                          "reason": _("Answers the adopted need “%(need)s”.", need=need.title)})
    survey = _survey_of(profile)
    if survey is None:
        return found
    citer = Citer(survey, _lang_for(survey, lang))
    for code in dict.fromkeys(HOME_LANGUAGES + ONLINE_LANGUAGES):
        figures = [f for f in (citer.cite("home_language", code) if code in HOME_LANGUAGES else None,
                               citer.cite("online_languages", code)) if f is not None]
        if any(f.pct >= LANGUAGE_MIN for f in figures):
            found.append({"kind": RequirementKind.LANGUAGE, "value": code, "need_ids": [],
                          "citations": [f.as_citation() for f in figures],
                          "reason": _("Residents speak it at home or use it online.")})
    for platform in PLATFORMS:
        by_band = [citer.cite("online_platforms", platform, "age_band", band)
                   for band in ("a16_24", "a25_44", "a45_64", "a65_plus")]
        best = max((f for f in by_band if f is not None), key=lambda f: f.pct, default=None)
        if best is None or best.pct < PLATFORM_MIN:
            best = citer.cite("online_platforms", platform)
        if best is not None and best.pct >= PLATFORM_MIN:
            found.append({"kind": RequirementKind.PLATFORM, "value": platform, "need_ids": [n.id for n in online],
                          "citations": [best.as_citation()],
                          "reason": _("Many residents use it every week; the team should be present there.")})
    # The two times most named (if named by enough people): when the team most needs to be out and reachable.
    times = sorted((f for f in (citer.cite("unsafe_time", t) for t in TIMES) if f is not None and f.pct >= HOURS_MIN),
                   key=lambda f: -f.pct)[:2]
    if times:
        street = [n.id for n in needs if n.key in STREET_AFTER_DARK]
        found.append({"kind": RequirementKind.HOURS, "value": ", ".join(f.option_label for f in times)[:200],
                      "need_ids": street, "citations": [f.as_citation() for f in times],
                      "reason": _("When residents feel least safe: the team should be reachable and on patrol then.")})
    return found


def generate(profile: TeamProfile, lang: str, *, user=None) -> list[Suggestion]:
    """Store the new suggestions the evidence gives; ones already decided or required are not repeated."""
    editable(profile)
    required = {(r.kind, r.value) for role in profile.roles for r in role.requirements}
    linked = {(r.kind, r.value, n) for role in profile.roles for r in role.requirements for n in (r.need_ids or [])}
    seen = {_key(s.kind, s.value, s.need_ids) for s in profile.suggestions}
    made = []
    for candidate in _candidates(profile, lang):
        kind, value, need_ids = candidate["kind"], candidate["value"], candidate["need_ids"]
        key = _key(kind, value, need_ids)
        # Nothing new when some role already requires it and links every need it would answer.
        if key in seen or ((kind, value) in required and all((kind, value, n) in linked for n in need_ids)):
            continue
        seen.add(key)
        suggestion = Suggestion(profile=profile, **candidate)
        db.session.add(suggestion)
        made.append(suggestion)
    db.session.commit()
    return made


def _key(kind: str, value: str, need_ids) -> tuple:
    # A competence is suggested once per need it answers; other kinds once per value.
    return (kind, value, tuple(sorted(need_ids or ())) if kind == RequirementKind.COMPETENCE else ())


def open_suggestions(profile: TeamProfile) -> list[Suggestion]:
    return [s for s in profile.suggestions if s.status == SuggestionStatus.OPEN]


def _decidable(suggestion: Suggestion) -> None:
    editable(suggestion.profile)
    if suggestion.status != SuggestionStatus.OPEN:
        raise ProfileError(_("This suggestion has already been decided."))


def accept(suggestion: Suggestion, role: ProfileRole, *, user) -> None:
    """Make the suggestion a requirement of `role`, keeping its evidence; merges into an existing one."""
    _decidable(suggestion)
    if role.profile_id != suggestion.profile_id:
        raise ProfileError(_("Choose a role of this profile."))
    existing = next((r for r in role.requirements if r.kind == suggestion.kind and r.value == suggestion.value), None)
    if existing is not None:
        existing.need_ids = sorted(set(existing.need_ids or []) | set(suggestion.need_ids or []))
        existing.citations = list(existing.citations or []) + list(suggestion.citations or [])
        requirement = existing
    else:
        requirement = drafting.add_requirement(role, kind=suggestion.kind, value=suggestion.value,
                                               level=2 if suggestion.kind == RequirementKind.COMPETENCE else None,
                                               need_ids=suggestion.need_ids, citations=suggestion.citations)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.requirement_id = requirement.id
    suggestion.decided_by_id, suggestion.decided_at = user.id, utcnow()
    log_event("profile.suggestion_accepted", actor=user, target=f"profile_suggestion:{suggestion.id}",
              details={"profile_id": suggestion.profile_id, "kind": suggestion.kind, "value": suggestion.value,
                       "role": role.key})
    db.session.commit()


def dismiss(suggestion: Suggestion, *, user) -> None:
    _decidable(suggestion)
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.decided_by_id, suggestion.decided_at = user.id, utcnow()
    log_event("profile.suggestion_dismissed", actor=user, target=f"profile_suggestion:{suggestion.id}",
              details={"profile_id": suggestion.profile_id, "kind": suggestion.kind, "value": suggestion.value})
    db.session.commit()


def default_role(profile: TeamProfile, suggestion: Suggestion) -> int | None:
    """The role a suggestion most likely belongs to: one already holding it, else the most online one."""
    for role in profile.roles:
        if any(r.kind == suggestion.kind and r.value == suggestion.value for r in role.requirements):
            return role.id
    if not profile.roles:
        return None
    if suggestion.kind == RequirementKind.TIME_SPLIT:
        # The split is about the team's time: it goes first to the role most of the officers hold.
        return max(profile.roles, key=lambda role: role.count).id
    if suggestion.kind == RequirementKind.PLATFORM or suggestion.value.startswith("dco."):
        def online(role):
            split = next((r for r in role.requirements if r.kind == RequirementKind.TIME_SPLIT), None)
            return int(split.value) if split else 0
        return max(profile.roles, key=online).id
    return profile.roles[0].id


def in_profile(profile: TeamProfile, suggestion_id: int) -> Suggestion | None:
    return db.session.scalar(select(Suggestion).where(Suggestion.id == suggestion_id,
                                                      Suggestion.profile_id == profile.id))
