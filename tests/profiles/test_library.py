"""The competence library: seeded edition in en/pt/es with sources, local competences, new editions."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from partnership.profiles import library, public
from partnership.profiles.library import LibraryError
from partnership.profiles.library_data import COMPETENCES

REQUIRED_CODES = {
    # behavioural competences and values
    "cop.emotionally_aware", "cop.takes_ownership", "cop.collaborative", "cop.supports_inspires",
    "cop.analyses_critically", "cop.innovative", "val.integrity", "val.impartiality", "val.public_service",
    "val.transparency",
    # preventing radicalisation
    "rad.referral", "rad.community_policing", "rad.intercultural_rights", "rad.multi_agency",
    # digital community officer
    "dco.platforms", "dco.webcare", "dco.osint", "dco.signal_refer", "dco.cyber_awareness", "dco.profile_safety",
    "dco.tone", "dco.motivation",
    # EU training needs: digital skills
    "dig.investigation_basics", "dig.new_technologies", "dig.disinformation",
}


def test_the_seeded_edition_holds_every_group_of_competences_in_three_languages(db):
    entries = public.competence_library("en")
    assert {c.code for c in entries} == REQUIRED_CODES
    for entry in COMPETENCES:
        for field in ("name", "description"):
            assert set(entry[field]) == {"en", "pt", "es"} and all(entry[field].values()), (entry["code"], field)
        assert set(entry["behaviours"]) == {"1", "2", "3"}
        for texts in entry["behaviours"].values():
            assert set(texts) == {"en", "pt", "es"} and all(texts.values()), entry["code"]
        assert entry["domain"] in public.DOMAINS
        assert "own wording" in entry["source"]
    # Portuguese and Spanish are real translations, not English copies.
    pt = {c.code: c for c in public.competence_library("pt")}
    es = {c.code: c for c in public.competence_library("es")}
    assert pt["cop.emotionally_aware"].name == "Consciência emocional"
    assert es["rad.multi_agency"].name == "Cooperación entre organismos"


def test_public_competence_follows_the_current_locale(app):
    with app.test_request_context("/?lang=pt"):
        info = public.competence("rad.referral")
        assert info.name == "Sensibilização para a radicalização e encaminhamento"
        assert info.behaviours[1].startswith("Conhece os sinais")
        assert public.level_name(3) == "especialista"
    assert public.competence("no.such") is None


def test_the_library_is_seeded_once(db):
    first = library.ensure_library()
    again = library.ensure_library()
    assert first.id == again.id and first.number == 1
    assert len(public.competence_library()) == len(COMPETENCES)


def test_a_group_adds_a_local_competence_that_only_it_sees(db, group, planner, municipality):
    from tests import factories

    other = factories.security_group(municipality)
    local = library.add_local(group, name="Knows the Chelas housing estates", description="Layout and people.",
                              domain="street", behaviours={1: "Finds any address", 2: "Knows the caretakers",
                                                           3: "Maps the estates for new colleagues"},
                              lang="en", user=planner)
    assert local.code.startswith(f"local.{group.id}.")
    mine = {c.code for c in public.competence_library("en", group=group)}
    theirs = {c.code for c in public.competence_library("en", group=other)}
    assert local.code in mine and local.code not in theirs
    assert public.competence(local.code).local is True
    with pytest.raises(LibraryError):
        library.add_local(group, name="", description="", domain="street", behaviours={}, lang="en", user=planner)
    with pytest.raises(LibraryError):
        library.add_local(group, name="Half done", description="", domain="street", behaviours={1: "x"}, lang="en",
                          user=planner)


def test_library_entries_change_only_by_a_new_edition(db):
    first = library.ensure_library()
    old_name = dict(next(c for c in first.competences if c.code == "dig.disinformation").name)
    renamed = {**old_name, "en": "Disinformation and rumours"}
    edition = library.new_edition({"dig.disinformation": {"name": renamed}}, notes="Rename")
    assert edition.number == 2
    assert public.competence("dig.disinformation").name == "Disinformation and rumours"
    # Edition 1 keeps its text: profiles adopted with it keep their meaning.
    assert next(c for c in first.competences if c.code == "dig.disinformation").name == old_name
    with force_locale("en"):
        assert len(public.competence_library()) == len(COMPETENCES)
