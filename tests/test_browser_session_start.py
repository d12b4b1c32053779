"""The session starts when the facilitator starts it, in real Chromium pages (issue 22, point 6).

A new workshop's console says "not started" with a clear start button and no timer running;
a participant's phone waits with the plan of the day; the start button opens the first step on
every page and the timer counts from then. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, screenshot

from facilitation import store

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 90_000  # a cold kernel on a busy 2-core box
WAIT = 15_000


def test_the_facilitator_starts_the_session(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Two cities, one session", city="Kościerzyna", country="Poland")
    code, key = created.workshop.code, created.key
    contexts = []
    try:
        fac_context = browser.new_context(viewport={"width": 1280, "height": 900})
        phone_context = browser.new_context(viewport={"width": 360, "height": 780})
        contexts += [fac_context, phone_context]
        fac, phone = fac_context.new_page(), phone_context.new_page()
        fac.goto(voila.facilitator(code, key), timeout=LOAD_TIMEOUT)
        phone.goto(voila.participant(code), timeout=LOAD_TIMEOUT)
        start = fac.locator("button.fk-session-start")
        start.wait_for(timeout=LOAD_TIMEOUT)
        timer = fac.locator(".fk-timer").inner_text()
        assert "Not started" in timer and "behind" not in timer
        assert fac.locator(".fk-session-not-started").is_visible()
        phone.locator(".fk-join-name input").fill("Ola")
        phone.locator("button.fk-join-submit").click()
        phone.locator(".fk-session-waiting .fk-session-plan").wait_for(timeout=WAIT)
        assert "Brainstorm solutions" in phone.locator(".fk-session-plan").inner_text()
        screenshot(phone, "session-not-started-phone")
        screenshot(fac, "session-not-started-console")
        start.click()
        fac.locator(".fk-session-not-started").wait_for(state="hidden", timeout=WAIT)
        phone.locator(".fk-session-waiting").wait_for(state="detached", timeout=WAIT)
        fac.locator(".fk-timer", has_text="left of 5 min planned").wait_for(timeout=WAIT)
        assert "Not started" not in fac.locator(".fk-timer").inner_text()
        fac.locator("button.fk-phase-next").click()
        phone.locator(".fk-view-challenge").wait_for(timeout=WAIT)
        screenshot(fac, "session-started-console")
        # The Prepare tab's round-2 form: its date and its steps (every step but the welcome ticked).
        fac.locator(".fk-console-tabs button").nth(1).click()
        fac.locator(".fk-round-two-date input").wait_for(timeout=WAIT)
        assert fac.locator(".fk-round-two-step").count() == 9
        assert not fac.locator(".fk-round-two-step-1 input").is_checked()
        assert fac.locator(".fk-round-two-step-3 input").is_checked()
        fac.locator(".fk-round-two").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        fac.locator(".fk-round-two").screenshot(path=str(ARTIFACTS / "round2-form.png"))
        with store.Database(voila.db_url) as db:
            assert store.is_started(db, created.workshop.id)
    finally:
        for context in contexts:
            context.close()
