"""Issue 24 in a real browser: a Polish partner meeting from its template; on a phone-sized console the
facilitator adds a poll in the middle of the agenda with its question, options and a start time, and
the participant's plan of the day follows (no brainstorm in it)."""

from __future__ import annotations

import time

import pytest
from conftest import screenshot

from facilitation import store

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 20_000


def wait_for(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("the store did not change in time")


def test_a_poll_added_in_the_middle_of_a_polish_partner_meeting(voila, browser):
    db = store.Database(voila.db_url)
    created = store.create_workshop(db, title="Spotkanie konsorcjum", city="Kraków", country="Poland",
                                    language="pl", template="partner-meeting")
    code, key, wid = created.workshop.code, created.key, created.workshop.id
    context = browser.new_context(viewport={"width": 420, "height": 900})
    try:
        console = context.new_page()
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        console.locator(".fk-console-tabs button").nth(1).click()  # Przygotowanie
        kind = console.locator(".fk-agenda-kind select")
        kind.wait_for(timeout=WAIT)
        labels = [x.replace("\xa0", " ") for x in console.locator(".fk-agenda-kind select option").all_inner_texts()]
        assert "Ankieta" in labels and "Burza mózgów" in labels  # every kind, in Polish
        kind.select_option(label="Ankieta")
        settings = console.locator(".fk-agenda-new-settings")
        settings.locator(".fk-poll-question input").fill("Który temat najpierw?")
        while settings.locator(".fk-poll-option input").count() < 2:
            settings.locator(".fk-poll-option-add").click()
            console.wait_for_timeout(300)
        options = settings.locator(".fk-poll-option input")
        options.nth(0).fill("Konkurs dla miast")
        options.nth(1).fill("Plan wymiany")
        console.locator(".fk-agenda-position select").select_option(label="Po 2. Runda postępów")
        console.locator(".fk-agenda-new-start input").fill("10:30")
        console.locator(".fk-agenda-new-start input").press("Tab")
        console.locator(".fk-agenda-add").click()
        poll = wait_for(lambda: next((a for a in store.agenda(db, wid) if a.step == "poll"), None))
        assert (poll.position, poll.starts_at) == (2, "10:30")
        assert poll.settings["question"] == "Który temat najpierw?"
        assert poll.settings["options"][:2] == ["Konkurs dla miast", "Plan wymiany"]
        console.locator(".fk-notice-ok").wait_for(timeout=WAIT)
        console.locator(".fk-agenda-item").nth(2).scroll_into_view_if_needed()
        screenshot(console, "agenda-poll-added-pl")
        phone = context.new_page()
        phone.set_viewport_size({"width": 360, "height": 800})
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-name input").fill("Ola")
        phone.locator(".fk-join-submit").click()
        plan = phone.locator(".fk-session-plan")
        plan.wait_for(timeout=WAIT)
        text = plan.inner_text().replace("\xa0", " ")
        assert "Runda postępów" in text and "10:30" in text and "Burza mózgów" not in text
        screenshot(phone, "agenda-plan-partner-meeting-pl")
    finally:
        context.close()
        db.close()
