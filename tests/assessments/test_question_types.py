"""Each question type accepts good answers, refuses bad ones with a message, and round-trips storage."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from assessments.question_types import TYPES, AnswerError, get_type

OPTIONS = [{"value": "a", "label": {"en": "A"}, "score": 2}, {"value": "b", "label": {"en": "B"}, "score": 1},
           {"value": "none", "label": {"en": "None"}, "exclusive": True}]


def q(type_, required=False, **config):
    return SimpleNamespace(code="x", type=type_, required=required, config=config, survey=None)


CASES = [
    ("single", {"options": OPTIONS}, "a", "a", ["z", 3]),
    ("likert", {"options": OPTIONS}, "b", "b", ["c"]),
    ("yes_no", {}, "yes", "yes", ["maybe"]),
    ("multiple", {"options": OPTIONS}, ["b", "a"], ["a", "b"], [["a", "zz"], ["a", "none"]]),
    ("likert_grid", {"options": OPTIONS, "rows": [{"value": "r1"}, {"value": "r2"}]}, {"r1": "a"}, {"r1": "a"},
     [{"r3": "a"}, {"r1": "zz"}, "a"]),
    ("numeric", {"min": 0, "max": 10, "integer": True}, "7", 7, ["11", "-1", "2.5", "seven", "nan"]),
    ("numeric", {"integer": False}, "2,5", 2.5, ["inf"]),
    ("text", {}, "  hello ", "hello", ["x" * 301]),
    ("long_text", {}, "a longer story", "a longer story", ["x" * 5001]),
    ("date", {"min": "2025-01-01", "max": "2025-12-31"}, "2025-03-31", "2025-03-31", ["31/03/2025", "2024-12-31", "2026-01-01"]),
    ("ranking", {"options": OPTIONS, "max_ranked": 2}, {"b": "1", "a": "2"}, ["b", "a"],
     [{"a": "1", "b": "1"}, {"a": "2"}, {"a": "1", "b": "2", "none": "3"}, {"zz": "1"}, {"a": "first"}]),
    ("map", {"places": [{"value": "park", "lat": 38.75, "lng": -9.11, "label": {"en": "Park"}}]},
     {"lat": "38.7512", "lng": "-9.1131"}, {"lat": 38.7512, "lng": -9.1131},
     [{"lat": "95", "lng": "0"}, {"place": "moon"}, {"lat": "x", "lng": "y"}, "here"]),
    ("map", {"places": [{"value": "park", "lat": 38.75, "lng": -9.11, "label": {"en": "Park"}}]},
     {"place": "park"}, {"place": "park"}, []),
]


@pytest.mark.parametrize("type_, config, good, cleaned, bad", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_validation_and_storage(app, type_, config, good, cleaned, bad):
    qtype = get_type(type_)
    question = q(type_, **config)
    assert qtype.check(question, good) == cleaned
    for value in bad:
        with pytest.raises(AnswerError) as error:
            qtype.check(question, value)
        assert str(error.value)  # a human message, never empty
    rows = [SimpleNamespace(**{"row": None, "option": None, "number": None, "text": None, "lat": None, "lng": None, **r})
            for r in qtype.to_rows(question, cleaned)]
    rebuilt = qtype.from_rows(question, rows)
    if type_ == "map" and "place" in cleaned:
        assert rebuilt == cleaned and rows[0].lat == 38.75  # the place's coordinates feed the hexagon map
    elif type_ in {"date"}:
        assert rows[0].text == cleaned and rows[0].option == cleaned[:7]  # results show the month only
    else:
        assert rebuilt == cleaned


@pytest.mark.parametrize("type_", sorted(TYPES))
def test_required_and_blank(app, type_):
    qtype = get_type(type_)
    config = {"options": OPTIONS, "rows": [{"value": "r1"}]}
    blank = {"multiple": [], "likert_grid": {}, "ranking": {}, "map": None}.get(type_, "")
    assert qtype.check(q(type_, **config), blank) is None
    if not qtype.collects_answer:  # a note asks nothing, so it can never be required
        assert qtype.check(q(type_, required=True, **config), blank) is None
        return
    with pytest.raises(AnswerError):
        qtype.check(q(type_, required=True, **config), blank)


def test_likert_scores_are_stored_for_means(app):
    rows = get_type("likert").to_rows(q("likert", options=OPTIONS), "a")
    assert rows == [{"option": "a", "number": 2}]
    grid = get_type("likert_grid").to_rows(q("likert_grid", options=OPTIONS, rows=[{"value": "r1"}]), {"r1": "b"})
    assert grid == [{"row": "r1", "option": "b", "number": 1}]


def test_forms_are_parsed_without_javascript(app):
    grid = q("likert_grid", options=OPTIONS, rows=[{"value": "r1"}, {"value": "r2"}])
    assert get_type("likert_grid").parse(grid, MultiDict({"q_x__r1": "a", "q_x__r2": ""})) == {"r1": "a"}
    ranking = q("ranking", options=OPTIONS)
    assert get_type("ranking").parse(ranking, MultiDict({"q_x__a": "2", "q_x__b": "1"})) == {"a": "2", "b": "1"}
    map_q = q("map", places=[])
    assert get_type("map").parse(map_q, MultiDict({"q_x_lat": "1", "q_x_lng": "2"})) == {"lat": "1", "lng": "2"}
    assert get_type("map").parse(map_q, MultiDict({"q_x_lat": "1", "q_x_lng": "2", "q_x_clear": "y"})) is None
    assert get_type("multiple").parse(q("multiple", options=OPTIONS), MultiDict([("q_x", "a"), ("q_x", "b")])) == ["a", "b"]


def test_config_problems_are_reported(app):
    assert get_type("single").check_config({"options": [{"value": "a"}]})
    assert get_type("single").check_config({"options": [{"value": "a"}, {"value": "a"}]})
    assert get_type("likert").check_config({"options": [{"value": "a"}, {"value": "b"}]})  # no scores
    assert get_type("numeric").check_config({"min": 5, "max": 1})
    assert get_type("map").check_config({"places": [{"value": "p", "lat": "x"}]})
    assert not get_type("single").check_config({"options": OPTIONS})
