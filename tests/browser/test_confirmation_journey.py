"""Journey: an administrator disables an account; the shared confirmation asks first, in a dialog.

Without JavaScript the same button opens a confirmation page (tests/groups/test_confirmation.py);
here the dialog is checked in a real browser: it opens, "No, go back" changes nothing and returns
focus, and confirming disables the account. The audit log then reads as words.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import sign_in

pytestmark = pytest.mark.browser


def test_admin_confirms_disabling_an_account_in_a_dialog(new_journey):
    journey = new_journey("admin", "desktop")
    page = journey.page
    sign_in(journey, "admin@demo.example")
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("link", name="Sérgio Escola").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sérgio Escola")

    disable = page.get_by_role("button", name="Disable account")
    disable.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Disable the account of school@demo.example?")
    journey.check("disable-dialog")
    dialog.get_by_role("button", name="No, go back").click()
    expect(dialog).to_be_hidden()
    expect(disable).to_be_focused()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()  # nothing changed

    disable.click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, disable the account").click()
    expect(page.get_by_role("status")).to_contain_text("Account disabled")
    expect(page.get_by_text("Disabled", exact=True)).to_be_visible()
    page.get_by_role("button", name="Enable account").click()  # reversible, so no question
    expect(page.get_by_role("status")).to_contain_text("Account enabled")

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("cell", name="Disabled an account")).to_be_visible()
    expect(page.get_by_text("admin.user_disabled")).to_have_count(0)
    journey.check("audit-log", doc=True)
    journey.assert_clean()
