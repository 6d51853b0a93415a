"""Journey 3: a municipality reviewer imports a boundary file, reads the report, approves it, sees it mapped."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ROOT, Journey, sign_in

pytestmark = pytest.mark.browser

from tests.maps.official import ATTRIBUTION, official_lisbon_file  # noqa: E402

# The official file lives beside the repository (the project does not carry it).
BOUNDARY_FILE = official_lisbon_file()


def version_number(text: str) -> int:
    match = re.search(r"version (\d+)", text)
    assert match, f"no version number in {text!r}"
    return int(match.group(1))


def open_lisboa_boundaries(journey: Journey) -> int:
    """From the dashboard to Lisboa's boundary page; returns the active version number."""
    page = journey.page
    page.get_by_role("link", name="Neighbourhood maps").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhood maps")
    journey.check("maps")
    page.get_by_role("link", name="Lisboa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boundaries of Lisboa")
    active = page.get_by_text(re.compile(r"^Active set: version \d+"))
    expect(active).to_be_visible()
    return version_number(active.inner_text())


def upload(journey: Journey, path, note: str) -> None:
    page = journey.page
    page.get_by_label("File", exact=False).first.set_input_files(str(path))
    page.get_by_label("Attribution", exact=False).fill(ATTRIBUTION)
    page.get_by_label("Note", exact=False).fill(note)
    page.get_by_role("button", name="Upload and check").click()


def test_reviewer_imports_checks_approves_and_maps_boundaries(new_journey, size, tmp_path):
    if BOUNDARY_FILE is None:
        pytest.skip("the official Lisbon parishes are not on this machine: put freguesias-caop2025.geojson in "
                    "../shared/data/lisbon-freguesias/ beside the repository, or set OFFICIAL_BOUNDARIES_DIR")
    journey = new_journey("reviewer", size)
    page = journey.page
    sign_in(journey, "reviewer@demo.example")
    journey.check("dashboard")
    before = open_lisboa_boundaries(journey)
    journey.check("boundaries-before")

    page.get_by_role("link", name="Import boundaries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import boundaries for Lisboa")
    journey.check("upload", doc=True)

    # A file that is not a boundary file gets a clear message and saves nothing.
    not_geo = tmp_path / "parishes.geojson"
    not_geo.write_text("this is not GeoJSON", encoding="utf-8")
    upload(journey, not_geo, "wrong file")
    page.wait_for_url(re.compile(r"/maps/imports/"))
    expect(page.get_by_role("alert")).to_contain_text("cannot be saved")
    expect(page.get_by_role("button", name="Save as draft")).to_have_count(0)
    journey.check("report-refused", doc=True)
    page.get_by_role("button", name="Discard this upload").click()
    # Discarding cannot be undone: the shared confirmation dialog asks first.
    page.get_by_role("dialog").get_by_role("button", name="Yes, discard the upload").click()
    expect(page.get_by_role("status")).to_contain_text("nothing was saved")

    page.get_by_role("link", name="Import boundaries").first.click()
    upload(journey, BOUNDARY_FILE, f"CAOP 2025 re-import ({size})")
    page.wait_for_url(re.compile(r"/maps/imports/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import for Lisboa")
    expect(page.get_by_text("The file can be saved. Read the checks below first.")).to_be_visible()
    expect(page.get_by_role("heading", name="Report")).to_be_visible()
    # The report says what was checked, so the reviewer can trust what they approve.
    expect(page.get_by_text("No overlaps or gaps above 1 m² between neighbouring areas.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"24 areas, [\d,.]+ ha in total"))).to_be_visible()
    expect(page.get_by_text("Codes taken from the field freguesia_id.")).to_be_visible()
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-container path.leaflet-interactive")).to_have_count(24)
    journey.check("report", doc=True)

    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/maps/versions/\d+$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Lisboa, version")
    draft = version_number(heading.inner_text())
    assert draft > before
    expect(heading).to_contain_text("Draft")
    journey.check("draft", doc=True)

    page.get_by_role("button", name="Approve and make active").click()
    # The approval asks first, on a page of its own that works without JavaScript.
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Approve version {draft} and make it active?")
    page.get_by_label("Reason or remark").fill("Checked against CAOP 2025: approved.")
    journey.check("approve-confirm")
    page.get_by_role("button", name="Yes, approve and make active").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved, active")
    journey.check("approved")

    page.get_by_role("link", name="Boundaries of Lisboa").click()
    expect(page.get_by_text(re.compile(rf"^Active set: version {draft}, 24 areas"))).to_be_visible()
    expect(page.locator(".leaflet-container path.leaflet-interactive")).to_have_count(24)
    expect(page.get_by_text(ATTRIBUTION).first).to_be_visible()
    page.locator(".leaflet-container").scroll_into_view_if_needed()
    journey.check("boundaries-after", doc=True)
    journey.assert_clean()
