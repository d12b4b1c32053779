"""A presentation in real Chromium pages (issue 24): the phone sees who speaks, downloads the speaker's
material and asks a question; the console marks it as being answered and the presenter shows the
speaker large with that question. Screenshots land in tests/artifacts/ (looked at by a person)."""

from __future__ import annotations

import pytest
from conftest import screenshot
from sample_files import PNG

from facilitation import store

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 20_000


def test_a_presentation_with_its_material_and_a_question_on_the_big_screen(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Shaded school routes", city="Lisboa", country="Portugal")
        code, key = created.workshop.code, created.key
        material = store.add_material(db, code, key, filename="routes.png", data=PNG, title="Route map")
        items = store.add_agenda_item(db, code, key, step="presentation", position=1, settings={
            "speaker_name": "Ana Sousa", "speaker_organisation": "Câmara Municipal", "speaker_city": "Lisboa",
            "title": "Shaded school routes", "material_id": material.id})
        store.set_phase(db, code, key, 1)
        assert items[1].step == "presentation"
    phone_context = browser.new_context(viewport={"width": 360, "height": 780}, accept_downloads=True)
    wide_context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        phone, console, screen = phone_context.new_page(), wide_context.new_page(), wide_context.new_page()
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-name input").fill("Marta")
        phone.locator("button.fk-join-submit").click()
        phone.locator(".fk-view-presentation .fk-presentation-speaker", has_text="Ana Sousa").wait_for(timeout=LOAD)
        assert "Câmara Municipal, Lisboa" in phone.locator(".fk-presentation-speaker").inner_text()
        with phone.expect_download(timeout=WAIT) as download:
            phone.locator(".fk-presentation-material a.fk-material-link").click()
        assert download.value.suggested_filename == "routes.png"
        phone.locator(".fk-question-text textarea").fill("How did you pick the routes with the parents?")
        phone.locator("button.fk-question-submit").click()
        phone.locator(".fk-question-card", has_text="pick the routes").wait_for(timeout=WAIT)
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        console.locator(".fk-question-card button.fk-question-answering").wait_for(timeout=LOAD)
        console.locator(".fk-question-card button.fk-question-answering").click()
        screen.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD)
        screen.locator(".fk-question-now", has_text="pick the routes").wait_for(timeout=LOAD)
        assert "Ana Sousa" in screen.locator(".fk-presentation-stage").inner_text()
        phone.locator(".fk-question-card.fk-question-is-answering").wait_for(timeout=WAIT)  # live on the phone
        screenshot(screen, "presenter-presentation")
        screenshot(phone, "participant-presentation-phone")
    finally:
        phone_context.close()
        wide_context.close()
