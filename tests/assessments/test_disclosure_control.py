"""The attacks of the privacy review (issue 9, findings 1-4), replayed against what the service publishes.

Each test plays a determined reader who reads the API, the pages and the exports and
knows exactly how figures are published (docs/PRIVACY.md: the perturbation table is
public). `possible()` is what that reader can say about the true count behind one
published figure; a reader "recovers" a value when everything published leaves
exactly one possibility. Before the cell-key method every shown count was exact, so
`possible()` of a shown count was that count, and these attacks succeeded.
"""
from __future__ import annotations

import csv
import io
import itertools
import re

import pytest
from sqlalchemy import select

from assessments import builder, distribution, results
from assessments.answering import start_draft, submit_draft
from assessments.models import Channel, Response
from tests.assessments.conftest import answer
from tests.conftest import login

K = 5


def possible(published, upto: int = 120) -> set[int]:
    """The true counts a reader who knows the method can put behind a published count (None: not shown)."""
    try:
        from assessments.disclosure import candidates
    except ImportError:  # before the cell-key method, a shown count was the true count, a hidden one anything
        return set(range(upto + 1)) if published is None else {published}
    return candidates(published or 0, K, upto=upto)


def sums(sets) -> set[int]:
    total = {0}
    for values in sets:
        total = {a + b for a in total for b in values}
    return total


def solve(sets: dict, target, total: set | None) -> set[int]:
    """Values of `target` for which some choice of the other cells adds up to a possible total."""
    others = sums(s for name, s in sets.items() if name != target)
    return {t for t in sets[target] if total is None or any(t + o in total for o in others)}


def explained(mean: dict, counts: dict, scores: dict) -> bool:
    """Whether a published mean and its n are worked out from the published counts (then they add no equation)."""
    if mean is None or mean.get("mean") is None or any(counts.get(v) is None for v in scores):
        return False
    n = sum(counts[v] for v in scores)
    return n == mean["n"] and n > 0 and abs(sum(scores[v] * counts[v] for v in scores) / n - mean["mean"]) < 1e-9


def solve_with_mean(sets: dict, target, total: set | None, mean: dict | None, scores: dict) -> set[int]:
    """As `solve`, plus the mean as an equation on the true counts when it is not made from published ones."""
    if mean is None or mean.get("mean") is None:
        return solve(sets, target, total)
    names = list(sets)
    found = set()
    for combo in itertools.product(*(sorted(sets[n]) for n in names)):
        values = dict(zip(names, combo))
        if total is not None and sum(combo) not in total:
            continue
        n = sum(values[v] for v in scores)
        if n != mean["n"] or abs(sum(scores[v] * values[v] for v in scores) - mean["mean"] * n) > 1e-6 * n:
            continue
        found.add(values[target])
    return found


@pytest.fixture
def attack_survey(db, group):
    s = builder.create_survey(group, title={"en": "Attack"}, languages=["en"])
    builder.add_question(s, code="scale", type="likert", label={"en": "Scale"}, config={"options": [
        {"value": f"o{i}", "label": {"en": str(i)}, "score": i} for i in range(1, 6)]})
    builder.add_question(s, code="dk_scale", type="likert", label={"en": "With don't know"}, config={"options": [
        *({"value": f"o{i}", "label": {"en": str(i)}, "score": i} for i in range(1, 5)),
        {"value": "dk", "label": {"en": "Don't know"}}]})
    builder.add_question(s, code="pair", type="likert_grid", label={"en": "Grid"}, config={
        "options": [{"value": "lo", "label": {"en": "Low"}, "score": 1}, {"value": "hi", "label": {"en": "High"}, "score": 2}],
        "rows": [{"value": "r1", "label": {"en": "Row one"}}]})
    builder.add_question(s, code="yn", type="single", label={"en": "A or B"}, config={"options": [
        {"value": "a", "label": {"en": "A"}}, {"value": "b", "label": {"en": "B"}}]})
    builder.add_question(s, code="where", type="map", label={"en": "Where"}, config={})
    builder.add_module(s, "about")
    builder.set_status(s, "open")
    return s


@pytest.fixture
def api(client, db, partner):
    from partnership.auth.models import ApiToken

    token, secret = ApiToken.issue(partner, "attack")
    db.session.add(token)
    db.session.commit()
    return lambda path: client.get(path, headers={"Authorization": f"Bearer {secret}"}).get_json()


def _question(body, code):
    return next(q for q in body["questions"] if q["code"] == code)


def _counts(options):
    return {o["value"]: o["count"] for o in options}


# -- finding 1: means and their n ------------------------------------------------------------

def test_a_mean_and_its_n_do_not_give_two_hidden_cells_back(api, attack_survey):
    """20 + 18 + 16 shown, 3 and 3 hidden; the mean (3.7167 x 60) and n = 57 were two equations."""
    for value, n in {"o1": 20, "o2": 18, "o3": 16, "o4": 3, "o5": 3}.items():
        for _ in range(n):
            answer(attack_survey, {"scale": value, "pair": {"r1": "lo" if n != 3 else "hi"}})
    body = api(f"/api/v1/surveys/{attack_survey.id}/results")
    scale = _question(body, "scale")
    counts = _counts(scale["options"])
    scores = {f"o{i}": i for i in range(1, 6)}
    sets = {v: possible(c) for v, c in counts.items()}
    total = possible(scale["base"])
    mean = None if explained(scale["mean"], counts, scores) else scale["mean"]
    for target in ("o4", "o5"):
        found = solve_with_mean(sets, target, total, mean, scores)
        assert found != {3} and len(found) >= 2
    # The mean is the mean of the published counts, and its n their sum: nothing more.
    assert explained(scale["mean"], counts, scores)


def test_a_grid_row_mean_does_not_solve_its_hidden_cells(api, attack_survey):
    """A row of 57 "low" and 3 "high": mean 1.05 with n = 60 gave the 3 back."""
    for i in range(60):
        answer(attack_survey, {"pair": {"r1": "hi" if i < 3 else "lo"}})
    row = _question(api(f"/api/v1/surveys/{attack_survey.id}/results"), "pair")["rows"][0]
    counts = _counts(row["options"])
    scores = {"lo": 1, "hi": 2}
    sets = {v: possible(c) for v, c in counts.items()}
    bases = {o["base"] for o in row["options"]}
    total = possible(bases.pop()) if bases and None not in bases else possible(row["mean"]["n"])
    mean = None if explained(row["mean"], counts, scores) else row["mean"]
    found = solve_with_mean(sets, "hi", total, mean, scores)
    assert found != {3} and len(found) >= 2
    assert counts["hi"] != 3  # never published as itself


@pytest.mark.parametrize("dimension, band, scored, dont_know", [("age_band", "a25_44", 13, 1), ("gender", "woman", 25, 3)])
def test_a_breakdown_base_against_the_mean_n_does_not_give_dont_know(api, attack_survey, dimension, band, scored,
                                                                    dont_know):
    """Age band: base 14 against the mean's n 13 gave the hidden "don't know" (1); women 28 vs n = 25 gave 3."""
    other = {"age_band": "a45_64", "gender": "man"}[dimension]
    for i in range(scored):
        answer(attack_survey, {"dk_scale": "o1" if i % 2 else "o2", dimension: band})
    for _ in range(dont_know):
        answer(attack_survey, {"dk_scale": "dk", dimension: band})
    for i in range(30):
        answer(attack_survey, {"dk_scale": f"o{1 + i % 4}", dimension: other})
    tables = api(f"/api/v1/surveys/{attack_survey.id}/results?by={dimension}")["breakdown"]["tables"]
    share_table = next(t for t in tables if t["code"] == "dk_scale" and t["measure"] == "share")
    mean_table = next(t for t in tables if t["code"] == "dk_scale" and t["measure"] == "mean")
    row = next(g for g in share_table["groups"] if g["key"] == band)
    mean = next(g for g in mean_table["groups"] if g["key"] == band)["cells"]["mean"]
    counts = {v: c["count"] for v, c in row["cells"].items()}
    scores = {f"o{i}": i for i in range(1, 5)}
    sets = {v: possible(c) for v, c in counts.items()}
    total = possible(row["base"])
    if not explained(mean, counts, scores) and mean.get("n") is not None:
        # Before: base minus the mean's n is the hidden "don't know" cell.
        sets = {"scored": possible(mean["n"]), "dk": sets["dk"]}
    found = solve(sets, "dk", total)
    assert found != {dont_know} and len(found) >= 2


# -- finding 2: an invitation tied to its answer -------------------------------------------

def test_a_batch_smaller_than_k_is_refused_with_a_clear_message(client, db, attack_survey, planner, group):
    for size in (1, K - 1):
        with pytest.raises(distribution.DistributionError, match=f"at least {K} invitations"):
            distribution.create_batch(attack_survey, label="Maria Silva, Rua A 1", size=size)
    login(client, planner)
    page = client.post(f"/groups/{group.id}/surveys/{attack_survey.id}/batches",
                       data={"label": "Maria Silva, Rua A 1", "size": 1}, follow_redirects=True)
    assert page.status_code == 200 and f"at least {K} invitations" in page.get_data(as_text=True)
    assert distribution.batch_usage(attack_survey) == []


def test_nothing_shown_or_exported_ties_an_invitation_to_its_answer(client, db, attack_survey, planner, group):
    neighbourhood = group.neighbourhoods[0].id
    _batch, tokens = distribution.create_batch(attack_survey, label="Rua A", size=K, neighbourhood_id=neighbourhood)
    for _ in range(3):
        answer(attack_survey, {"yn": "a", "age_band": "a25_44"}, neighbourhood_id=neighbourhood)
    login(client, planner)
    url = f"/groups/{group.id}/surveys/{attack_survey.id}/distribute"

    def usage(html):
        return re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)

    before = usage(client.get(url).get_data(as_text=True))
    draft = start_draft(attack_survey, language="en", neighbourhood_id=None, token=tokens[0])
    draft.data = {**draft.data, "yn": "b", "age_band": "a65_plus"}
    db.session.commit()
    assert submit_draft(attack_survey, draft).response_id
    # The distribution page does not change the day one invited person answers.
    assert usage(client.get(url).get_data(as_text=True)) == before
    raw = client.get(f"/groups/{group.id}/surveys/{attack_survey.id}/export/raw.csv").get_data(as_text=True)
    table = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    header, rows = table[0], table[1:]
    assert "invitation" not in {cell for row in rows for cell in row}
    assert "submitted_on" not in header
    month = header.index("submitted_month")
    assert all(re.fullmatch(r"\d{4}-\d{2}", row[month]) for row in rows)
    ids = {str(i) for i in db.session.scalars(select(Response.id))}
    assert not ids & {row[0] for row in rows}  # no response ids: they follow the order of arrival
    # The invited answer shares its neighbourhood, channel and month with the other answers there.
    invited = next(row for row in rows if row[header.index("yn")] == "b")
    key = [header.index(c) for c in ("neighbourhood_id", "channel", "submitted_month")]
    assert sum(1 for row in rows if [row[i] for i in key] == [invited[i] for i in key]) >= 2
    stored = db.session.scalars(select(Response.channel)).all()
    assert Channel.INVITATION in stored  # the service still knows; it just does not publish it


# -- finding 3: answers added on purpose -----------------------------------------------------

def test_two_added_answers_do_not_reveal_a_hidden_count(api, attack_survey):
    """57 "a" and 3 "b" (both hidden before); two fake "b" made "b" show 5, so the real count was 3."""
    for i in range(60):
        answer(attack_survey, {"yn": "b" if i < 3 else "a"})
    before = _question(api(f"/api/v1/surveys/{attack_survey.id}/results"), "yn")
    for _ in range(2):
        answer(attack_survey, {"yn": "b"}, channel=Channel.LINK)
    after = _question(api(f"/api/v1/surveys/{attack_survey.id}/results"), "yn")
    c0, c1 = _counts(before["options"]), _counts(after["options"])
    found = set()
    for a in possible(c0["a"]) & possible(c1["a"]):  # "a" has the same people: the same published value
        for b in possible(c0["b"]):
            if b + 2 in possible(c1["b"]) and a + b in possible(before["base"]) \
                    and a + b + 2 in possible(after["base"]):
                found.add(b)
    assert found != {3} and len(found) >= 2
    assert c0["a"] == c1["a"]


def test_four_injected_points_do_not_reveal_three_residents(client, db, attack_survey, planner, group):
    """Four added points made a hexagon appear with "7 answers": three real residents marked that place."""
    place = {"lat": 38.7512, "lng": -9.1131}
    login(client, planner)
    url = f"/groups/{group.id}/surveys/{attack_survey.id}/results?lang=en"

    def hexagon():
        labels = re.findall(r'"label": "(\d+) answers"', client.get(url).get_data(as_text=True))
        assert len(labels) <= 1
        return int(labels[0]) if labels else None

    for _ in range(3):
        answer(attack_survey, {"where": place})
    before = hexagon()
    for _ in range(4):
        answer(attack_survey, {"where": place})
    after = hexagon()
    found = {x for x in possible(before) if x + 4 in possible(after)}
    assert found != {3} and len(found) >= 2


@pytest.mark.parametrize("true, added", [(3, 2), (3, 4), (1, 2), (2, 2), (4, 2)])
def test_every_outcome_of_a_small_injection_leaves_the_count_uncertain(true, added):
    """Not luck of the draw: whatever the cell keys, one addition of 2 or 4 answers never pins these counts."""
    from assessments.disclosure import distribution as row

    for before, p0 in row(true, K):
        for after, p1 in row(true + added, K):
            if p0 and p1:
                found = {x for x in possible(before) if x + added in possible(after)}
                assert len(found) >= 2, (before, after, found)


# -- repeated queries, table against map, breakdown against breakdown ------------------------

def test_asking_again_gives_the_same_figures(api, attack_survey, group):
    for i in range(40):
        answer(attack_survey, {"yn": "b" if i % 7 == 0 else "a", "scale": f"o{1 + i % 5}", "age_band": "a25_44"},
               neighbourhood_id=group.neighbourhoods[i % 2].id)
    path = f"/api/v1/surveys/{attack_survey.id}/results?by=neighbourhood"
    first = api(path)
    assert all(api(path) == first for _ in range(5))
    by_age = api(f"/api/v1/surveys/{attack_survey.id}/results?by=age_band")
    assert by_age["questions"] == first["questions"]


def test_overlapping_breakdowns_do_not_give_a_small_group_back(api, attack_survey, group):
    """Overall minus the other groups of one breakdown, or of another, leaves the small group uncertain."""
    for i in range(40):
        answer(attack_survey, {"yn": "a" if i % 3 else "b", "age_band": "a25_44", "gender": "man" if i % 2 else "woman"})
    for _ in range(2):
        answer(attack_survey, {"yn": "b", "age_band": "a16_24", "gender": "other"})
    overall = _question(api(f"/api/v1/surveys/{attack_survey.id}/results"), "yn")
    b_total = possible(_counts(overall["options"])["b"])
    for dimension, small in (("age_band", "a16_24"), ("gender", "other")):
        table = next(t for t in api(f"/api/v1/surveys/{attack_survey.id}/results?by={dimension}")["breakdown"]["tables"]
                     if t["code"] == "yn" and t["measure"] == "share")
        sets = {g["key"]: possible(g["cells"]["b"]["count"]) for g in table["groups"]}
        found = solve(sets, small, b_total)
        assert found != {2} and len(found) >= 2


def test_the_map_and_the_table_show_the_same_cells(app, db, client):
    """On the demo: the choropleth and the neighbourhood table publish one figure per area, "Beato + Marvila"."""
    from partnership.auth.models import User
    from partnership.demo import DEMO_PASSWORD, seed_demo
    from assessments.models import Survey

    seed_demo()
    survey = db.session.scalar(select(Survey).order_by(Survey.id).limit(1))
    planner = next(u for u in db.session.scalars(select(User)) if u in survey.group.planners)
    login(client, planner, DEMO_PASSWORD)
    base = f"/groups/{survey.group_id}/surveys/{survey.id}/results"
    page = client.get(f"{base}?lang=en&by=neighbourhood&indicator=safety_dark:very_unsafe").get_data(as_text=True)
    # Finding 4: Marvila's 387 answers show, with Beato's 3, on the map and in the table.
    assert "Beato + Marvila" in page and "too few answers to show" not in page
    table = next(t for t in results.breakdown(survey, "neighbourhood", "en", K) if t.question.code == "safety_dark"
                 and t.measure == "share")
    merged = next(g for g, label in table.groups if label == "Beato + Marvila")
    cell = table.cells[(merged, "very_unsafe")]
    assert cell.publishable
    shown = "Beato + Marvila: {:.0f}%".format(round(100 * cell.pct, 1))
    assert page.count(shown) == 2  # both areas of the merged figure carry the same value on the map
