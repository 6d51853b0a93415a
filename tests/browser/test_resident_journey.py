"""Journey 1: a resident opens a survey link, switches to Portuguese, answers every question type, sends once.

Run three ways: pointer and touch at desktop and phone size (the map question answered
by tapping the map), and keyboard only (the map question answered through its list of places).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Journey, tr
from tests.browser.survey_fixture import T, create_every_type_survey, stored_answers

pytestmark = pytest.mark.browser

PT = "pt"
MAX_TABS = 120


@pytest.fixture(scope="module")
def survey(live_server):
    return create_every_type_survey(live_server)


def _activate(locator, touch: bool) -> None:
    locator.tap() if touch else locator.click()


def open_in_portuguese(journey: Journey, slug: str, touch: bool) -> None:
    page = journey.page
    journey.goto(f"/s/{slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(T["title"]["en"])
    journey.check("start")
    _activate(page.get_by_role("navigation", name="Survey language").get_by_role("link", name="Português"), touch)
    expect(page.get_by_role("heading", level=1)).to_have_text(T["title"]["pt"])
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    journey.check("start-pt", doc=True)


def answer_with_pointer(journey: Journey, survey, street: str) -> None:
    """Tap or click through every page, as most residents will, the map question by a tap on the map."""
    page, touch = journey.page, journey.size == "phone"
    act = (lambda locator: locator.tap()) if touch else (lambda locator: locator.click())
    nxt = page.get_by_role("button", name=tr(PT, "Next"))

    act(page.get_by_label("Marvila"))
    act(page.get_by_role("button", name=tr(PT, "Start the survey")))

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=1, total=4))).to_be_visible()
    journey.check("page-1", doc=True)
    act(page.get_by_label("Razoavelmente seguro"))
    act(page.get_by_role("group", name=re.compile(re.escape(T["victim"]["pt"]))).get_by_label("Sim"))
    act(page.get_by_label("Concordo", exact=True))
    act(nxt)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=2, total=4))).to_be_visible()
    act(page.get_by_label("Má iluminação"))
    act(page.get_by_label("Tráfico de droga").first)
    grid = page.get_by_role("group", name=T["grid"]["pt"])
    act(grid.get_by_role("group", name="Vandalismo").get_by_label("Pequeno problema"))
    act(grid.get_by_role("group", name="Assaltos a casas").get_by_label("Grande problema"))
    rank = page.get_by_role("group", name=T["rank"]["pt"])
    rank.get_by_label("Iluminação pública").select_option("1")
    rank.get_by_label("Tráfico de droga").select_option("2")
    journey.check("page-2", doc=True)
    act(nxt)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=3, total=4))).to_be_visible()
    years = page.get_by_label(T["years"]["pt"])
    years.fill("doze")
    page.get_by_label(T["when"]["pt"]).fill("2026-03-15")
    page.get_by_label(T["street"]["pt"]).fill(street)
    page.get_by_label(T["more"]["pt"]).fill("Falta iluminação junto à escola.\nObrigado.")
    # A wrong answer is explained in Portuguese next to the question, and nothing typed is lost.
    with journey.expecting_status(f"/s/{survey.slug}/p/3", 400):
        act(nxt)
    expect(page.get_by_role("alert")).to_contain_text(tr(PT, "Please enter a number, for example 3 or 2.5."))
    expect(page.get_by_label(T["street"]["pt"])).to_have_value(street)
    journey.check("page-3-error", doc=True)
    years.fill("12")
    act(nxt)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=4, total=4))).to_be_visible()
    the_map = page.locator(".survey-map .leaflet-container")
    expect(the_map).to_be_visible()
    journey.check("page-map")
    act(the_map)  # a tap in the middle of the neighbourhood
    expect(page.locator("#q-where-lat")).to_have_value(re.compile(r"^38\.\d+$"))
    expect(page.locator("#q-where-lng")).to_have_value(re.compile(r"^-9\.\d+$"))
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(2)  # the boundary and the marker
    journey.check("page-map-marked", doc=True)
    act(nxt)


def answer_with_keyboard_only(journey: Journey, street: str) -> None:
    """Tab, arrows, Space, Enter and typing only: no click, no tap, no fill."""
    page = journey.page
    tab_to(page, "input[name='neighbourhood_id']")
    page.keyboard.press("Space")  # the first neighbourhood, Marvila
    tab_to(page, "button[type='submit'].button")
    page.keyboard.press("Enter")

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=1, total=4))).to_be_visible()
    tab_to(page, "input[name='q_safe']")
    page.keyboard.press("ArrowDown")  # from the first option to "Razoavelmente seguro"
    tab_to(page, "input[name='q_victim']")
    page.keyboard.press("Space")  # "Sim"
    tab_to(page, "input[name='q_trust']")
    page.keyboard.press("Space")  # "Concordo"
    next_page(page)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=2, total=4))).to_be_visible()
    tab_to(page, "input[name='q_problems'][value='lighting']")
    page.keyboard.press("Space")
    tab_to(page, "input[name='q_problems'][value='drugs']")
    page.keyboard.press("Space")
    tab_to(page, "input[name='q_grid__vandalism']")
    page.keyboard.press("ArrowDown")  # "Pequeno problema"
    tab_to(page, "input[name='q_grid__burglary']")
    page.keyboard.press("Space")  # "Grande problema"
    tab_to(page, "select[name='q_rank__drugs']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 2
    tab_to(page, "select[name='q_rank__lighting']")
    page.keyboard.press("ArrowDown")  # 1
    next_page(page)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=3, total=4))).to_be_visible()
    tab_to(page, "input[name='q_years']")
    page.keyboard.type("12")
    tab_to(page, "input[name='q_when']")
    # Day and month alike, so the typed date is the same whichever order the control shows its segments in.
    page.keyboard.type("03032026")
    expect(page.locator("input[name='q_when']")).to_have_value("2026-03-03")
    tab_to(page, "input[name='q_street']")
    page.keyboard.type(street)
    tab_to(page, "textarea[name='q_more']")
    page.keyboard.type("Falta iluminação junto à escola.")
    next_page(page)

    expect(page.get_by_text(tr(PT, "Page %(n)d of %(total)d", n=4, total=4))).to_be_visible()
    # The map itself needs a pointer; its keyboard alternative is the list of named places.
    tab_to(page, "select[name='q_where_place']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "Parque da Bela Vista"
    expect(page.locator("select[name='q_where_place']")).to_have_value("bela_vista")
    journey.check("page-map-keyboard", doc=True)
    next_page(page)


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus; fail if Tab never reaches it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            assert page.evaluate("""() => {
                const el = document.activeElement, style = getComputedStyle(el);
                return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none';
            }"""), f"{selector} has the keyboard focus but shows no focus indicator"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url} ({MAX_TABS} presses)")


def next_page(page: Page) -> None:
    tab_to(page, "button[name='action'][value='next']")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def send_once(journey: Journey, survey, *, keyboard: bool) -> None:
    """Send the answers; a second send (double tap, back button) must not store them twice."""
    page = journey.page
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(PT, "Ready to send"))
    journey.check("review")
    send = page.get_by_role("button", name=tr(PT, "Send my answers"))
    if keyboard:
        tab_to(page, "form[action$='/submit'] button[type='submit']")
        page.keyboard.press("Enter")
    elif journey.size == "phone":
        send.tap()
    else:
        send.dblclick()  # the impatient double click
    page.wait_for_url(re.compile(rf"/s/{survey.slug}/thanks"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(PT, "Thank you"))
    journey.check("thanks", doc=True)
    # Back to the review page: the answers are gone from the browser and cannot be sent again.
    page.go_back()
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name=tr(PT, "Send my answers"))).to_have_count(0)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_resident_answers_every_question_type_in_portuguese(new_journey, live_server, survey, size):
    journey = new_journey("resident", size)
    street = f"Rua Direita de Marvila ({size})"
    open_in_portuguese(journey, survey.slug, touch=size == "phone")
    answer_with_pointer(journey, survey, street)
    send_once(journey, survey, keyboard=False)

    stored = stored_answers(live_server, survey.id, street)
    assert len(stored) == 1, f"expected exactly one stored response, found {len(stored)}"
    response = stored[0]
    answers = response["answers"]
    assert response["language"] == "pt" and response["channel"] == "link"
    assert [a["option"] for a in answers["safe"]] == ["fairly_safe"]
    assert [a["option"] for a in answers["victim"]] == ["yes"]
    assert [a["option"] for a in answers["trust"]] == ["agree"]
    assert sorted(a["option"] for a in answers["problems"]) == ["drugs", "lighting"]
    assert sorted((a["row"], a["option"]) for a in answers["grid"]) == [("burglary", "big"), ("vandalism", "small")]
    assert [(a["row"], a["number"]) for a in answers["rank"]] == [("lighting", 1.0), ("drugs", 2.0)]
    assert [a["number"] for a in answers["years"]] == [12.0]
    assert [a["text"] for a in answers["when"]] == ["2026-03-15"]
    assert answers["more"][0]["text"].startswith("Falta iluminação junto à escola.")
    (point,) = answers["where"]
    # Inside Marvila, where the map was tapped; not a named place.
    assert 38.72 < point["lat"] < 38.77 and -9.13 < point["lng"] < -9.08 and point["option"] is None
    journey.assert_clean()


def test_resident_answers_the_whole_survey_with_the_keyboard_alone(new_journey, live_server, survey):
    journey = new_journey("resident-keyboard", "desktop")
    page = journey.page
    street = "Rua do Teclado"
    journey.goto(f"/s/{survey.slug}")
    journey.check("start")
    tab_to(page, "nav.survey-languages a[lang='pt']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(T["title"]["pt"])
    answer_with_keyboard_only(journey, street)
    send_once(journey, survey, keyboard=True)

    (response,) = stored_answers(live_server, survey.id, street)
    answers = response["answers"]
    assert [a["option"] for a in answers["safe"]] == ["fairly_safe"]
    assert sorted(a["option"] for a in answers["problems"]) == ["drugs", "lighting"]
    assert [(a["row"], a["number"]) for a in answers["rank"]] == [("lighting", 1.0), ("drugs", 2.0)]
    assert [a["text"] for a in answers["when"]] == ["2026-03-03"]
    assert [a["option"] for a in answers["where"]] == ["bela_vista"]
    journey.assert_clean()
