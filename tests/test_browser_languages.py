"""The language switch in a real page: a Polish workshop's participant page on a phone,
switched to English and back without losing the participant (screenshots in tests/artifacts/)."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.i18n import translator

from conftest import screenshot

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 90_000  # a cold kernel on a busy 2-core box
WAIT = 15_000


def test_a_participant_switches_language_on_a_phone(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Zielone podwórka", city="Gdańsk", country="Poland",
                                        language="pl")
    code = created.workshop.code
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(voila.participant(code), timeout=LOAD_TIMEOUT)
    switch = page.locator(".fk-lang-switch")
    switch.wait_for(timeout=LOAD_TIMEOUT)
    assert [b.strip() for b in switch.locator("button").all_inner_texts()] == ["Polski", "English"]
    page.locator(".fk-join-submit").wait_for(timeout=WAIT)
    screenshot(page, "languages-participant-pl")
    page.locator(".fk-lang-en button, button.fk-lang-en").first.click()
    page.locator(".fk-join-submit", has_text="Join the workshop").wait_for(timeout=WAIT)
    page.locator(".fk-join-submit").click()
    page.locator(".fk-whoami", has_text="You are").wait_for(timeout=WAIT)
    who = page.locator(".fk-whoami b").inner_text()
    page.locator("button.fk-lang-pl").click()
    page.locator(".fk-whoami", has_text=translator("pl")("You are")).wait_for(timeout=WAIT)
    assert who in page.locator(".fk-whoami").inner_text()  # the same participant
    page.reload(timeout=LOAD_TIMEOUT)  # the workshop's language again, the same participant
    page.locator(".fk-whoami", has_text=who).wait_for(timeout=LOAD_TIMEOUT)
    screenshot(page, "languages-participant-pl-joined")
    context.close()
