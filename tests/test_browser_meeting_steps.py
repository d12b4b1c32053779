"""A Polish partner meeting's discussion, decisions and break in real Chromium pages: a phone adds a
contribution tagged with its city and organisation and sees the note-taker's note live, the presenter
shows the notes; the decisions and action items follow live; the break counts down with "back at". Nothing
on the phone is cut off at 360 px; screenshots land in tests/artifacts/."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from a11y import axe
from conftest import screenshot
from test_browser_overflow import Findings

from facilitation import store

pytestmark = pytest.mark.browser

LOAD = 120_000
WAIT = 20_000


def test_discussion_decisions_and_break_on_a_phone_and_the_presenter(voila, browser):
    db = store.Database(voila.db_url)
    created = store.create_workshop(db, title="Spotkanie partnerów: szkoły w cieniu", city="Gdańsk",
                                    country="Poland", language="pl")
    code, key = created.workshop.code, created.key
    items = store.add_agenda_item(db, code, key, step="discussion", position=1, title="Runda miast")
    items = store.add_agenda_item(db, code, key, step="decisions", position=2, title="Decyzje")
    items = store.add_agenda_item(db, code, key, step="break", position=3, minutes=15)
    discussion, decisions, pause = items[1], items[2], items[3]
    taker = store.issue_role_key(db, code, key, "note-taker", "Marta").key
    store.set_phase(db, code, key, discussion.position)
    context = browser.new_context(viewport={"width": 360, "height": 800}, timezone_id="Europe/Warsaw")
    try:
        phone = context.new_page()
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-submit").wait_for(timeout=LOAD)
        phone.locator(".fk-join-submit").click()
        phone.locator(".fk-view-discussion .fk-note-text textarea").wait_for(timeout=WAIT)
        phone.fill(".fk-note-text textarea", "Gdynia: <b>ogrody</b> deszczowe przy trzech szkołach")
        phone.fill(".fk-note-organisation input", "Urząd Miasta")
        phone.fill(".fk-note-city input", "Gdynia")
        phone.locator(".fk-note-submit").click()
        phone.locator(".fk-view-discussion .fk-notice-ok").wait_for(timeout=WAIT)
        store.add_note(db, code, taker, text="Lwów przejmie pomysł z żaglami", take_away=True, city="Lwów")
        phone.locator(".fk-note-card", has_text="Lwów przejmie").wait_for(timeout=WAIT)
        mine = phone.locator(".fk-note-card", has_text="Gdynia:")
        assert "<b>ogrody</b>" in mine.inner_text() and "Urząd Miasta" in mine.inner_text()  # escaped, tagged
        presenter = context.new_page()
        presenter.set_viewport_size({"width": 1280, "height": 800})
        presenter.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD)
        presenter.locator(".fk-discussion-presenter .fk-note-card", has_text="Lwów przejmie").wait_for(timeout=LOAD)
        assert presenter.locator(".fk-discussion-presenter .fk-note-card").count() == 2
        screenshot(presenter, "meeting-presenter-discussion")
        findings = Findings()
        findings.check(phone, "pl participant discussion", shot=True)
        source = axe.axe_source()
        if source is not None:
            blocking = axe.blocking(axe.run(phone, source))
            assert not blocking, axe.describe("phone discussion", blocking)

        store.set_phase(db, code, key, decisions.position)
        store.add_decision(db, code, key, "Wspólny wniosek do programu LIFE")
        store.add_action(db, code, key, text="Szkic wniosku", owner="Gdańsk", due="2027-01-15")
        phone.locator(".fk-view-decisions .fk-decision-card", has_text="LIFE").wait_for(timeout=WAIT)
        phone.locator(".fk-view-decisions li.fk-action-item", has_text="Szkic wniosku").wait_for(timeout=WAIT)
        findings.check(phone, "pl participant decisions", shot=True)

        store.set_phase(db, code, key, pause.position)
        count = phone.locator(".fk-view-break .fk-break-count")
        count.wait_for(timeout=WAIT)
        first = count.inner_text()
        assert re.fullmatch(r"1[45]:\d\d", first), first
        assert "Wracamy o" in phone.locator(".fk-break-back").inner_text()
        # "Back at" in the phone's own zone: the kernel writes UTC, the page shows Warsaw's time.
        local = phone.locator(".fk-break-back time.fk-local-time[data-fk-local]")
        local.wait_for(timeout=WAIT)
        expected = datetime.fromisoformat(local.get_attribute("datetime")).astimezone(ZoneInfo("Europe/Warsaw"))
        assert local.inner_text() == expected.strftime("%H:%M")
        phone.wait_for_function("t => document.querySelector('.fk-break-count').innerText !== t", arg=first,
                                timeout=WAIT)  # the page's tick moves it
        presenter.locator(".fk-break-presenter .fk-break-count").wait_for(timeout=WAIT)
        screenshot(presenter, "meeting-presenter-break")
        findings.check(phone, "pl participant break", shot=True)
        findings.assert_clean()
    finally:
        context.close()
        db.close()
