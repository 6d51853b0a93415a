"""Journey 1: a resident opens a survey link, switches to Portuguese, answers every question type, sends once.

Run three ways: pointer and touch at desktop and phone size (the point question answered
by tapping the map, the area question by drawing a polygon with the Leaflet.draw toolbar),
and keyboard only (both map questions answered through their lists of places).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Journey, sign_in, tr
from tests.browser.survey_fixture import T, create_every_type_survey, stored_answers

pytestmark = pytest.mark.browser

PT = "pt"
MAX_TABS = 120
# (lat, lng) corners of a block in the middle of Marvila, well inside its boundary.
AREA_INSIDE = [(38.7450, -9.1140), (38.7450, -9.1070), (38.7500, -9.1070), (38.7500, -9.1140)]
Corners = list[tuple[float, float]] | Callable[[Page, str], list[tuple[float, float]]]
# A person's pace between corners. Faster is not the same gesture: Leaflet.draw ignores a click or tap
# within 50 ms of the last corner (_disableNewMarkers), and Leaflet 1.9 takes two taps within 200 ms,
# wherever they are, for a double tap, which finishes the area early.
DRAW_DEBOUNCE_MS = 350
# What the server says of an area off the group's neighbourhoods (assessments/areas.py), shown in Portuguese.
OUTSIDE_MESSAGE = ("The area you drew is outside the neighbourhoods of this survey. "
                   "Please draw it on the neighbourhood map.")
# Corners closer than this on screen could be taken for the first corner, which closes the area.
MIN_CORNER_GAP_PX = 30


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
    # One language switch, in the header, offering the survey's languages; no "Sign in" to wander off to.
    expect(page.locator(".lang-switch")).to_have_count(1)
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    _activate(page.locator("header").get_by_role("button", name="Português"), touch)
    expect(page.get_by_role("heading", level=1)).to_have_text(T["title"]["pt"])
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    journey.check("start-pt", doc=True)


def expect_progress(page: Page, lang: str, percent: int) -> None:
    """Progress in percent of all the survey's pages (4 here): it never jumps back when a page appears."""
    expect(page.get_by_text(tr(lang, "About %(percent)d%% done", percent=percent))).to_be_visible()
    expect(page.locator("progress#progress")).to_have_attribute("value", str(percent))


def answer_with_pointer(journey: Journey, survey, street: str) -> list[list[float]]:
    """Tap or click through every page, as most residents will, the map questions on the map itself.

    Returns the ring of the area drawn (GeoJSON [lng, lat] pairs, as the hidden input held it).
    """
    page, touch = journey.page, journey.size == "phone"
    act = (lambda locator: locator.tap()) if touch else (lambda locator: locator.click())
    nxt = page.get_by_role("button", name=tr(PT, "Next"))

    act(page.get_by_label("Marvila"))
    act(page.get_by_role("button", name=tr(PT, "Start the survey")))

    expect_progress(page, PT, 0)
    journey.check("page-1", doc=True)
    act(page.get_by_label("Razoavelmente seguro"))
    act(page.get_by_role("group", name=re.compile(re.escape(T["victim"]["pt"]))).get_by_label("Sim"))
    act(page.get_by_label("Concordo", exact=True))
    act(nxt)

    expect_progress(page, PT, 25)
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

    expect_progress(page, PT, 50)
    years = page.get_by_label(T["years"]["pt"])
    years.fill("doze")
    page.get_by_label(T["when"]["pt"]).fill("2026-03-15")
    page.get_by_label(T["street"]["pt"]).fill(street)
    page.get_by_label(T["more"]["pt"]).fill("Falta iluminação junto à escola.\nObrigado.")
    # An area drawn off the neighbourhood: north of everything the map outlines, after zooming out once.
    area_map = wait_for_area_map(page, "patrol")
    journey.check("page-3-area-map")
    zoom_out(page, area_map, touch)
    outside = draw_area(journey, "patrol", corners_north_of_boundaries, touch)
    # Wrong answers are explained in Portuguese next to the questions, and nothing typed is lost.
    with journey.expecting_status(f"/s/{survey.slug}/p/3", 400):
        act(nxt)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(tr(PT, "Please enter a number, for example 3 or 2.5."))
    expect(alert).to_contain_text(tr(PT, OUTSIDE_MESSAGE))
    expect(page.locator("#q-patrol .error-message")).to_contain_text(tr(PT, OUTSIDE_MESSAGE))
    expect(page.get_by_label(T["street"]["pt"])).to_have_value(street)
    expect(page.get_by_label(T["when"]["pt"])).to_have_value("2026-03-15")
    expect(page.get_by_label(T["more"]["pt"])).to_have_value("Falta iluminação junto à escola.\nObrigado.")
    expect(years).to_have_value("doze")
    journey.check("page-3-error", doc=True)
    # The refused area is shown again, to be redrawn or removed; it is not stored anywhere yet.
    assert same_ring(json.loads(page.locator("#q-patrol-area").input_value()), outside)
    wait_for_area_map(page, "patrol")
    expect(page.locator("#q-patrol .survey-map path.leaflet-interactive")).to_have_count(2)  # boundary, old area
    journey.check("page-3-area-refused")
    years.fill("12")
    drawn = draw_area(journey, "patrol", AREA_INSIDE, touch)
    expect(page.locator("#q-patrol .survey-map path.leaflet-interactive")).to_have_count(2)  # replaced, not added
    expect(page.locator("#q-patrol-area-status")).to_have_text(
        tr(PT, "An area is drawn. The pencil button changes it, the bin removes it."))
    journey.check("page-3-area-drawn", doc=True)
    act(nxt)

    expect_progress(page, PT, 75)
    the_map = page.locator(".survey-map .leaflet-container")
    expect(the_map).to_be_visible()
    journey.check("page-map")
    act(the_map)  # a tap in the middle of the neighbourhood
    expect(page.locator("#q-where-lat")).to_have_value(re.compile(r"^38\.\d+$"))
    expect(page.locator("#q-where-lng")).to_have_value(re.compile(r"^-9\.\d+$"))
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(2)  # the boundary and the marker
    journey.check("page-map-marked", doc=True)
    act(nxt)
    return drawn


def wait_for_area_map(page: Page, code: str) -> str:
    """The global name of the area question's Leaflet map, once it is laid out with its boundary and draw toolbar."""
    wrapper = page.locator(f"#q-{code} .survey-map")
    wrapper.scroll_into_view_if_needed()
    map_id = wrapper.locator(".folium-map").get_attribute("id")
    page.wait_for_function(
        """id => { const m = window[id]; return !!(m && m._loaded && m.getSize().y > 0
                   && m.getContainer().querySelector('.leaflet-draw-draw-polygon')
                   && m.getContainer().querySelector('path.leaflet-interactive')); }""", arg=map_id)
    return map_id


def zoom_out(page: Page, map_id: str, touch: bool) -> None:
    """One step out with the map's own zoom button, as a person would to see around the neighbourhood."""
    before = page.evaluate("id => window[id].getZoom()", map_id)
    button = page.locator(f"#{map_id} .leaflet-control-zoom-out")
    button.tap() if touch else button.click()
    page.wait_for_function("([id, z]) => window[id].getZoom() === z - 1 && !window[id]._animatingZoom",
                           arg=[map_id, before])


def corners_north_of_boundaries(page: Page, map_id: str) -> list[tuple[float, float]]:
    """Four corners in the band of the map above every outlined neighbourhood and below the controls.

    Call it with the polygon tool on: its action bar then covers the top of the map. The band is north of
    the whole of Marvila, so outside the group's neighbourhoods (Beato lies south of Marvila).
    """
    band = page.evaluate(
        """id => {
            const m = window[id], box = m.getContainer().getBoundingClientRect(), size = m.getSize();
            let bounds = null;
            m.eachLayer(l => { if (l instanceof L.GeoJSON && l.getBounds().isValid()) {  // the boundary layers
                const b = l.getBounds();
                bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); } });
            const xs = [size.x / 2 - 40, size.x / 2 + 40];
            let below = 0;  // the lowest edge of a control above the band, where the band's columns are
            m.getContainer().querySelectorAll('.leaflet-top .leaflet-control, .leaflet-draw-actions').forEach(el => {
                const r = el.getBoundingClientRect();
                if (r.height && r.right - box.left > xs[0] && r.left - box.left < xs[1]) { below = Math.max(below, r.bottom - box.top); }
            });
            const top = m.latLngToContainerPoint(bounds.getNorthWest()).y, ys = [below + 12, top - 12];
            const pts = [[xs[0], ys[1]], [xs[1], ys[1]], [xs[1], ys[0]], [xs[0], ys[0]]];
            return {below: below, top: top, corners: pts.map(p => { const ll = m.containerPointToLatLng(p); return [ll.lat, ll.lng]; })};
        }""", map_id)
    assert band["top"] - band["below"] - 24 >= MIN_CORNER_GAP_PX, f"no room above the neighbourhood on the map ({band})"
    return [tuple(c) for c in band["corners"]]


def draw_area(journey: Journey, code: str, corners: Corners, touch: bool) -> list[list[float]]:
    """Draw a polygon with the toolbar's polygon tool: each corner clicked or tapped, then the first again to close.

    `corners`: (lat, lng) pairs, or a function of the page and the map's name giving them once the tool is on.
    Positions come from Leaflet (latLngToContainerPoint) and the map's box on the page, never fixed pixels;
    each must land on the map itself, not on a control (the tool's action bar included).
    Returns the ring the hidden input holds afterwards ([lng, lat] pairs).
    """
    page = journey.page
    map_id = wait_for_area_map(page, code)
    wrapper = page.locator(f"#q-{code} .survey-map")
    tool = wrapper.get_by_role("link", name=tr(PT, "Draw an area"))
    tool.tap() if touch else tool.click()
    expect(wrapper.get_by_role("link", name=tr(PT, "Delete the last corner"))).to_be_visible()
    vertices = wrapper.locator(".leaflet-marker-icon.leaflet-editing-icon")
    expect(vertices).to_have_count(0)
    if callable(corners):
        corners = corners(page, map_id)
    points = page.evaluate(
        """([id, corners]) => {
            // Container points start inside the map's border.
            const m = window[id], c = m.getContainer(), box = c.getBoundingClientRect();
            return corners.map(([lat, lng]) => {
                const p = m.latLngToContainerPoint([lat, lng]), x = box.left + c.clientLeft + p.x, y = box.top + c.clientTop + p.y;
                const hit = document.elementFromPoint(x, y);
                return {x: x, y: y, onMap: !!hit && m.getContainer().contains(hit) && !hit.closest('.leaflet-control'),
                        inView: x > 0 && y > 0 && x < innerWidth && y < innerHeight};
            });
        }""", [map_id, [list(c) for c in corners]])
    for index, point in enumerate(points):
        assert point["onMap"] and point["inView"], f"corner {index} {corners[index]} is not on the visible map: {point}"
        for other in points[:index]:
            gap = ((point["x"] - other["x"]) ** 2 + (point["y"] - other["y"]) ** 2) ** 0.5
            assert gap >= MIN_CORNER_GAP_PX, f"corners {points} are too close together on screen"

    def press(point: dict) -> None:
        page.touchscreen.tap(point["x"], point["y"]) if touch else page.mouse.click(point["x"], point["y"])
        page.wait_for_timeout(DRAW_DEBOUNCE_MS)

    area_input = page.locator(f"#q-{code}-area")
    before = area_input.input_value()
    for count, point in enumerate(points, start=1):
        press(point)
        expect(vertices).to_have_count(count)
    press(points[0])  # the first corner again closes the area
    expect(vertices).to_have_count(0)
    expect(area_input).not_to_have_value(before)
    geometry = json.loads(area_input.input_value())
    assert geometry["type"] == "Polygon", geometry
    (ring,) = geometry["coordinates"]
    assert len(ring) == len(corners) + 1 and ring[0] == ring[-1], ring
    # Each corner where it was meant to be, to within the pixel or so of a click's rounding.
    off_by = page.evaluate(
        """([id, got, want]) => { const m = window[id];
            return got.map(([lng, lat], i) => m.latLngToContainerPoint([lat, lng]).distanceTo(m.latLngToContainerPoint(want[i]))); }""",
        [map_id, ring[:-1], [list(c) for c in corners]])
    assert max(off_by) < 1.5, f"corners drawn {ring} are {off_by} px from {corners}"
    return ring


def same_ring(geometry: dict, ring: list[list[float]], tolerance: float = 1e-6) -> bool:
    """Whether a GeoJSON polygon has the corners of `ring`, whatever its first corner and direction."""
    assert geometry["type"] == "Polygon", geometry
    got = {(round(lng / tolerance), round(lat / tolerance)) for lng, lat in geometry["coordinates"][0]}
    want = {(round(lng / tolerance), round(lat / tolerance)) for lng, lat in ring}
    return len(geometry["coordinates"][0]) == len(ring) and got == want


def answer_with_keyboard_only(journey: Journey, street: str) -> None:
    """Tab, arrows, Space, Enter and typing only: no click, no tap, no fill."""
    page = journey.page
    tab_to(page, "input[name='neighbourhood_id']")
    page.keyboard.press("Space")  # the first neighbourhood, Marvila
    tab_to(page, "button[type='submit'].button")
    page.keyboard.press("Enter")

    expect_progress(page, PT, 0)
    tab_to(page, "input[name='q_safe']")
    page.keyboard.press("ArrowDown")  # from the first option to "Razoavelmente seguro"
    tab_to(page, "input[name='q_victim']")
    page.keyboard.press("Space")  # "Sim"
    tab_to(page, "input[name='q_trust']")
    page.keyboard.press("Space")  # "Concordo"
    next_page(page)

    expect_progress(page, PT, 25)
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

    expect_progress(page, PT, 50)
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
    # Drawing needs a pointer; the area question's keyboard alternative is its list of places.
    tab_to(page, "select[name='q_patrol_place']")
    page.keyboard.press("ArrowDown")  # "Biblioteca de Marvila"
    expect(page.locator("select[name='q_patrol_place']")).to_have_value("marvila_library")
    expect(page.locator("#q-patrol-area")).to_have_value("")
    journey.check("page-3-keyboard")
    next_page(page)

    expect_progress(page, PT, 75)
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
    drawn = answer_with_pointer(journey, survey, street)
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
    (area,) = answers["patrol"]
    # The polygon drawn inside Marvila, as GeoJSON, with its centroid in lat/lng; the refused one is nowhere.
    stored_polygon = json.loads(area["text"])
    assert same_ring(stored_polygon, drawn), (stored_polygon, drawn)
    lats, lngs = [lat for _, lat in drawn[:-1]], [lng for lng, _ in drawn[:-1]]
    assert min(lats) < area["lat"] < max(lats) and min(lngs) < area["lng"] < max(lngs), area
    assert area["option"] is None
    journey.assert_clean()


def test_resident_answers_the_whole_survey_with_the_keyboard_alone(new_journey, live_server, survey):
    journey = new_journey("resident-keyboard", "desktop")
    page = journey.page
    street = "Rua do Teclado"
    journey.goto(f"/s/{survey.slug}")
    journey.check("start")
    tab_to(page, "header .lang-switch button[lang='pt']")
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
    # The named place, with its coordinates; no drawn area.
    assert [(a["option"], a["lat"], a["lng"], a["text"]) for a in answers["patrol"]] == [
        ("marvila_library", 38.7436, -9.1016, None)]
    journey.assert_clean()


def _group_of(live_server, survey_id: int) -> int:
    from assessments.models import Survey
    from partnership.extensions import db

    with live_server.app_context():
        return db.session.get(Survey, survey_id).group_id


def _paper_responses(live_server, survey_id: int, street: str) -> list[dict]:
    return [r for r in stored_answers(live_server, survey_id, street) if r["channel"] == "paper"]


def test_resident_switches_language_reloads_and_reviews_without_losing_an_answer(new_journey, live_server, survey):
    """The form-state pattern on a resident's path: the start page's error, the header's language switch
    mid-page, a reload, a text over its limit, and the review page with a link to change each answer."""
    journey = new_journey("resident-drafts", "desktop")
    page = journey.page
    header = page.locator("header")
    street = "Rua da Revisão"
    journey.goto(f"/s/{survey.slug}")
    # Who runs it, how long it takes, how answers are protected; one language switch, no "Sign in".
    for term in ("Who runs it", "How long it takes", "How your answers are protected"):
        expect(page.get_by_text(term, exact=True)).to_be_visible()
    expect(page.get_by_text("Grupo de Segurança de Marvila", exact=False)).to_be_visible()
    expect(page.locator(".lang-switch")).to_have_count(1)
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    journey.check("start", doc=True)

    header.get_by_role("button", name="Português").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    # Starting without a neighbourhood: the error, and the page around it, stay in Portuguese.
    with journey.expecting_status(f"/s/{survey.slug}", 400):
        page.get_by_role("button", name=tr(PT, "Start the survey")).click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.get_by_role("alert")).to_contain_text(
        tr(PT, "Please choose your neighbourhood, or “I would rather not say”."))
    expect(page.get_by_role("heading", level=1)).to_have_text(T["title"]["pt"])
    journey.check("start-error-pt", doc=True)
    page.get_by_label("Marvila").click()
    page.get_by_role("button", name=tr(PT, "Start the survey")).click()

    # Mid-page, the header's switch keeps what was ticked and shows the questions in the new language.
    expect_progress(page, PT, 0)
    page.get_by_label("Razoavelmente seguro").click()
    header.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("group", name=re.compile(re.escape(T["safe"]["en"])))).to_be_visible()
    expect(page.get_by_label("Fairly safe")).to_be_checked()
    expect_progress(page, "en", 0)
    journey.check("page-1-switched", doc=True)

    # Answers are saved as they are given: a reload loses nothing.
    victim = page.get_by_role("group", name=re.compile(re.escape(T["victim"]["en"])))
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/s/{survey.slug}/p/1")
                              and r.status == 204):
        victim.get_by_label("Yes").click()
    page.reload()
    expect(page.get_by_label("Fairly safe")).to_be_checked()
    expect(victim.get_by_label("Yes")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect_progress(page, "en", 25)
    page.get_by_role("button", name="Next").click()
    expect_progress(page, "en", 50)

    # A long text says its limit, counts as it grows, and is refused (never cut) when too long.
    more = page.get_by_label(T["more"]["en"])
    expect(page.locator("#q-more-limit")).to_have_text("Up to 5000 characters.")
    expect(page.locator("#q-street-limit")).to_have_text("Up to 300 characters.")
    too_long = "Mais luz junto à escola. " * 201  # 5,025 characters
    more.fill(too_long)
    expect(page.locator("#q-more-limit-count")).to_have_text(
        f"{len(too_long.strip())} characters, {len(too_long.strip()) - 5000} too many: please shorten it to 5000.")
    page.get_by_label(T["street"]["en"]).fill("Rua Antiga")
    journey.check("page-3-limit", doc=True)
    with journey.expecting_status(f"/s/{survey.slug}/p/3", 400):
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"This answer has {len(too_long.strip())} characters; please shorten it to 5000 or fewer.")
    expect(more).to_have_value(too_long.strip())
    more.fill("Mais luz junto à escola.")
    page.get_by_role("button", name="Next").click()
    expect_progress(page, "en", 75)
    page.get_by_role("button", name="Next").click()

    # The review page lists every answer with a link to change it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to send")
    review = page.locator(".review-list")
    expect(review).to_contain_text("Fairly safe")
    expect(review).to_contain_text("Rua Antiga")
    expect(review).to_contain_text("Mais luz junto à escola.")
    expect(review).to_contain_text("Not answered")
    journey.check("review", doc=True)
    page.get_by_role("link", name=re.compile(r"^Change\W+" + re.escape(T["street"]["en"]))).click()
    expect(page).to_have_url(re.compile(rf"/s/{survey.slug}/p/3#q-street$"))
    page.get_by_label(T["street"]["en"]).fill(street)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".review-list")).to_contain_text(street)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(re.compile(rf"/s/{survey.slug}/thanks"))

    (response,) = stored_answers(live_server, survey.id, street)
    answers = response["answers"]
    assert response["language"] == "en"
    assert [a["option"] for a in answers["safe"]] == ["fairly_safe"]
    assert [a["option"] for a in answers["victim"]] == ["yes"]
    assert [a["text"] for a in answers["more"]] == ["Mais luz junto à escola."]
    journey.assert_clean()


def test_paper_entry_refuses_a_form_saved_twice_and_a_blank_one(new_journey, live_server, survey):
    """Back after saving brings the filled form again; saving it again must not count it twice."""
    journey = new_journey("paper-entry", "desktop")
    page = journey.page
    street = "Rua do Papel"
    group_id = _group_of(live_server, survey.id)
    path = f"/groups/{group_id}/surveys/{survey.id}/paper"
    sign_in(journey, "planner@demo.example")
    journey.goto(path)
    # The survey pages keep the group's own navigation.
    expect(page.get_by_role("navigation", name="This security group")).to_be_visible()
    page.get_by_label("Fairly safe").click()
    page.get_by_role("group", name=re.compile(re.escape(T["victim"]["en"]))).get_by_label("No").click()
    page.get_by_label(T["street"]["en"]).fill(street)
    journey.check("paper-form", doc=True)
    page.get_by_role("button", name="Save this questionnaire").click()
    expect(page.get_by_text(re.compile(r"Paper questionnaire saved \(no\. \d+\)"))).to_be_visible()

    page.go_back()
    page.wait_for_load_state("load")
    save = page.get_by_role("button", name="Save this questionnaire")
    if save.count():  # the browser kept the filled page: saving it again is refused
        with journey.expecting_status(path, 409):
            save.click()
        expect(page.get_by_text("This questionnaire was already saved", exact=False)).to_be_visible()
    expect(page.get_by_text("This form has already been saved", exact=False)).to_be_visible()
    journey.check("paper-saved-twice", doc=True)
    assert len(_paper_responses(live_server, survey.id, street)) == 1

    # A blank questionnaire is refused, with the reason.
    page.get_by_role("link", name="Type in the next questionnaire").click()
    with journey.expecting_status(path, 400):
        page.get_by_role("button", name="Save this questionnaire").click()
    expect(page.get_by_role("alert")).to_contain_text("An empty questionnaire is not counted")
    journey.assert_clean()


def _demo_survey_with_answers(live_server) -> tuple[int, int]:
    """(group id, survey id) of the demo's Marvila survey that has answers."""
    from sqlalchemy import func, select

    from assessments.models import Response, Survey
    from partnership.extensions import db

    with live_server.app_context():
        survey = db.session.scalars(
            select(Survey).join(Response, Response.survey_id == Survey.id).group_by(Survey.id)
            .order_by(func.count(Response.id).desc())).first()
        return survey.group_id, survey.id


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_planner_reads_the_results_summary_first_and_jumps_to_a_question(new_journey, live_server, size):
    journey = new_journey("results", size)
    page = journey.page
    group_id, survey_id = _demo_survey_with_answers(live_server)
    sign_in(journey, "planner@demo.example")
    journey.goto(f"/groups/{group_id}/surveys/{survey_id}/results")
    expect(page.get_by_role("navigation", name="This security group")).to_be_attached()
    summary = page.locator("#summary")
    expect(summary).to_contain_text(re.compile(r"\d+ people have answered"))
    expect(summary.locator("ol.summary-needs li").first).to_contain_text("of 1")
    # The summary comes before any detail: it starts within the first two screens, even on a phone.
    assert summary.bounding_box()["y"] < 2 * page.viewport_size["height"], summary.bounding_box()
    journey.check("summary", doc=True)
    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="How to read these figures").click()
    expect(page).to_have_url(re.compile(r"#how-to-read$"))
    expect(page.locator("#how-to-read")).to_contain_text("Need score, from 0 to 1")
    contents.locator("summary").click()  # the list of every question
    first_question = contents.locator("details ol li a").first
    target = first_question.get_attribute("href")
    first_question.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"results page at {size} size: {height} px tall")
    journey.assert_clean()
