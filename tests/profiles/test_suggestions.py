"""Suggestions from known survey figures; only published figures are ever cited."""
from __future__ import annotations

import pytest

from assessments import builder, needs
from assessments.published import cite
from partnership.profiles import drafting, suggestions, traceability
from partnership.profiles.drafting import ProfileError
from partnership.profiles.models import RequirementKind, SuggestionStatus
from tests import factories
from tests.assessments.conftest import answer


@pytest.fixture
def evidence(db, group, planner):
    """40 answers: 20 young people, 16 of them on Discord; at home 12 speak Creole, 6 English, 2 Spanish.

    Two is too few to publish, and English (the smallest other cell) is hidden with it, or
    40 minus the visible cells would give the Spanish count back.
    """
    survey = builder.create_survey(group, title={"en": "Safety"}, languages=["en", "pt"],
                                   modules=["safety", "problems", "online", "about"], user=planner)
    builder.set_status(survey, "open")
    for i in range(40):
        young = i < 20
        home = "kea" if i < 12 else ("en" if i < 18 else ("es" if i in (30, 31) else "pt"))
        answer(survey, {
            "age_band": "a16_24" if young else "a45_64",
            "online_platforms": (["discord", "instagram"] if young and i < 16 else ["facebook"]),
            "home_language": home,
            "unsafe_time": ["late_night"] if i % 4 else ["morning"],
            "online_harms_seen": ["scams"] if i % 2 else ["bullying"],
            "problems": {"drug_dealing": "very_big", "lighting": "fairly_big" if i % 3 else "not_a_problem"},
        })
    needs_list = needs.draft_list(group, survey, "en")
    needs.adopt(needs_list, method="consensus", user=planner)
    factories.charter(group, signed_by=list(group.active_organisations))
    return survey, needs_list


def _by(made, kind):
    return {s.value: s for s in made if s.kind == kind}


def test_suggestions_come_from_known_published_figures(evidence, group, planner):
    survey, needs_list = evidence
    profile = drafting.start(group, "digital_officer", user=planner)
    made = suggestions.generate(profile, "en", user=planner)

    platforms = _by(made, RequirementKind.PLATFORM)
    assert "discord" in platforms
    discord = platforms["discord"].citations[0]
    # The best age band is cited: 16 of the 20 16-24-year-olds (perturbation may move it a little).
    assert discord["dimension"] == "age_band" and discord["group_value"] == "a16_24"
    assert 0.6 <= discord["pct"] <= 1.0 and "Discord" in discord["text"] and "16 to 24" in discord["text"]
    same = cite(survey, "online_platforms", "discord", "age_band", "a16_24", lang="en")
    assert same is not None and same.pct == discord["pct"]  # exactly what the results publish

    languages = _by(made, RequirementKind.LANGUAGE)
    assert {"kea", "pt"} <= set(languages)
    assert languages["kea"].citations[0]["question_key"] == "home_language"

    hours = _by(made, RequirementKind.HOURS)
    assert list(hours) and "Late at night" in next(iter(hours))

    split = _by(made, RequirementKind.TIME_SPLIT)
    online = [n for n in needs_list.needs if n.key.startswith("online_")]
    expected = round(10 * len(online) / len(needs_list.needs)) * 10
    assert list(split) == [str(expected)]
    assert set(next(iter(split.values())).need_ids) == {n.id for n in online}

    competences = [s for s in made if s.kind == RequirementKind.COMPETENCE]
    scams = next(n for n in needs_list.needs if n.key == "online_scams")
    assert any(s.value == "dco.cyber_awareness" and s.need_ids == [scams.id] for s in competences)

    # Asking again repeats nothing.
    assert suggestions.generate(profile, "en", user=planner) == []


def test_a_suppressed_figure_is_never_cited(evidence, group, planner):
    survey, _ = evidence
    # Two people speak Spanish at home: 5% of 40, but a cell below SMALL_CELL_MIN is not published,
    # and English (6 people, 15%) is hidden as its complement: neither may be cited or suggested.
    assert cite(survey, "home_language", "es", lang="en") is None
    assert cite(survey, "home_language", "en", lang="en") is None
    profile = drafting.start(group, "digital_officer", user=planner)
    made = suggestions.generate(profile, "en", user=planner)
    languages = _by(made, RequirementKind.LANGUAGE)
    assert "es" not in languages and "en" not in languages and "kea" in languages
    cited = [c for s in made for c in s.citations]
    assert cited and all(c["pct"] is not None and c["base"] for c in cited)
    for c in cited:
        again = cite(survey, c["question_key"], c["option"], c["dimension"], c["group_value"], lang="en")
        assert again is not None and again.pct == c["pct"]
    # The two Spanish speakers are 45-64: that breakdown cell is hidden too.
    assert cite(survey, "home_language", "es", "age_band", "a45_64", lang="en") is None


def test_accepting_makes_a_requirement_with_its_evidence_and_shrinks_the_uncovered_needs(evidence, group, planner):
    profile = drafting.start(group, "digital_officer", user=planner)
    before = len(traceability.trace(profile).uncovered)
    made = suggestions.generate(profile, "en", user=planner)
    discord = _by(made, RequirementKind.PLATFORM)["discord"]
    officer = next(r for r in profile.roles if r.key == "digital_community_officer")
    assert suggestions.default_role(profile, discord) == officer.id
    suggestions.accept(discord, officer, user=planner)
    requirement = next(r for r in officer.requirements if r.kind == "platform" and r.value == "discord")
    assert requirement.citations == discord.citations and requirement.need_ids == discord.need_ids
    assert discord.status == SuggestionStatus.ACCEPTED and discord.decided_by_id == planner.id
    assert len(traceability.trace(profile).uncovered) < before

    kea = _by(made, RequirementKind.LANGUAGE)["kea"]
    suggestions.dismiss(kea, user=planner)
    assert kea.status == SuggestionStatus.DISMISSED
    assert not any(r.kind == "language" and r.value == "kea" for role in profile.roles for r in role.requirements)
    with pytest.raises(ProfileError):
        suggestions.accept(kea, officer, user=planner)  # decided once, by a person
    assert "kea" not in _by(suggestions.generate(profile, "en", user=planner), RequirementKind.LANGUAGE)


def test_without_a_survey_only_the_needs_speak(db, group, planner):
    from tests.profiles.factories import adopted_needs_list

    adopted_needs_list(group)
    profile = drafting.start(group, "neighbourhood", user=planner)
    made = suggestions.generate(profile, "en", user=planner)
    assert {s.kind for s in made} == {RequirementKind.TIME_SPLIT, RequirementKind.COMPETENCE}
    assert _by(made, RequirementKind.TIME_SPLIT) == {"30": _by(made, RequirementKind.TIME_SPLIT)["30"]}
