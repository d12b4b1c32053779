"""The console's controls in real Chromium: jump to a step, pause and resume, a minute more, who
has joined, and the Prepare tab with the editors. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import re

import pytest

from facilitation import store

from conftest import TOKEN_A, TOKEN_B, screenshot

pytestmark = pytest.mark.browser

LOAD = 90_000  # a cold kernel on a busy 2-core box
WAIT = 15_000


def grow_viewport(page, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    page.set_viewport_size({"width": width, "height": 900})
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})


def test_console_controls_in_the_browser(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Green and blue city centre", city="Gdansk", country="Poland")
        code, key = created.workshop.code, created.key
        store.update_settings(db, code, key, ask_affiliation=True)
        store.join(db, code, TOKEN_A, "Anna Nowak", organisation="Planning office", city="Gdańsk")
        store.join(db, code, TOKEN_B, "")
        store.update_agenda_item(db, code, key, 2, instruction="Write one idea per card; think of the square.")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fac = context.new_page()
        fac.goto(voila.facilitator(code, key), timeout=LOAD)
        fac.locator(".fk-phase-jump select").wait_for(timeout=LOAD)
        joined = fac.locator(".fk-joined")
        assert "Anna Nowak" in joined.inner_text() and "Planning office" in joined.inner_text()
        # jump straight to the brainstorm
        fac.select_option(".fk-phase-jump select", index=2)
        fac.click(".fk-phase-jump-go")
        fac.locator(".fk-phase-current", has_text="Brainstorm").wait_for(timeout=WAIT)
        fac.locator(".fk-step-instruction", has_text="one idea per card").wait_for(timeout=WAIT)
        # a minute more, then pause: the clock says so and the button turns into Resume
        fac.click(".fk-timer-plus")
        fac.locator(".fk-timer-sub", has_text="26 min planned").wait_for(timeout=WAIT)
        fac.click(".fk-timer-pause")
        fac.locator(".fk-timer-pause", has_text="Resume").wait_for(timeout=WAIT)
        fac.locator(".fk-timer .fk-chip", has_text="paused").wait_for(timeout=WAIT)
        shown = fac.locator(".fk-timer-clock").inner_text()
        assert re.fullmatch(r"2[56]:\d\d", shown), shown
        fac.wait_for_timeout(2_500)
        assert fac.locator(".fk-timer-clock").inner_text() == shown  # paused: it stands still
        grow_viewport(fac, 1280)
        screenshot(fac, "console-control")
        # the Prepare tab: the editors beside the controls
        fac.get_by_role("button", name="Prepare").click()
        fac.locator(".fk-agenda-item").first.wait_for(timeout=WAIT)
        assert fac.locator(".fk-agenda-item").count() == 9
        assert fac.locator(".fk-timer-pause").is_visible()
        grow_viewport(fac, 1280)
        screenshot(fac, "console-prepare")
        fac.click(".fk-timer-pause")
        fac.locator(".fk-timer-pause", has_text="Pause").wait_for(timeout=WAIT)
        # a participant sees the instruction, posts an idea and edits it in place
        phone = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-organisation input").wait_for(timeout=LOAD)  # the workshop asks for it
        phone.fill(".fk-join-name input", "Ola")
        phone.click(".fk-join-submit")
        phone.locator(".fk-step-instruction", has_text="one idea per card").wait_for(timeout=WAIT)
        phone.fill(".fk-idea-title input", "Shade trees on the square")
        phone.select_option(".fk-idea-scale select", index=1)
        phone.select_option(".fk-idea-driver select", index=1)
        phone.click(".fk-idea-submit")
        phone.locator(".fk-idea-card .fk-idea-edit").click(timeout=WAIT)
        phone.fill(".fk-idea-edit-title input", "Shade trees and benches on the square")
        phone.click(".fk-idea-edit-save")
        phone.locator(".fk-idea-card-title", has_text="benches").wait_for(timeout=WAIT)
        assert "Ola" in phone.locator(".fk-idea-card .fk-idea-author").inner_text()
        fac.locator(".fk-joined-name", has_text="Ola").wait_for(timeout=WAIT)
        grow_viewport(phone, 420)
        screenshot(phone, "participant-own-idea-phone")
        phone.context.close()
    finally:
        context.close()
    with store.Database(voila.db_url) as db:
        ws = store.get_workshop(db, code)
        item = store.agenda(db, ws.id)[ws.phase_index]
        assert (ws.phase_index, item.extra_seconds, item.paused_at) == (2, 60, None)
