"""A single-choice poll and a word cloud in real Chromium pages, in Polish: a phone answers and changes its
answer, the presenter shows the bars and then the word cloud (two polls in a row: the views follow the
open agenda row), and nothing on the phone is cut off at 360 px. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import time

import pytest
from a11y import axe
from conftest import screenshot
from test_browser_overflow import Findings

from facilitation import store

pytestmark = pytest.mark.browser

LOAD = 120_000
WAIT = 20_000


def test_poll_and_word_cloud_on_a_phone_and_the_presenter(voila, browser):
    db = store.Database(voila.db_url)
    created = store.create_workshop(db, title="Sesja partnerska: zielone szkoły", city="Kraków", country="Poland",
                                    language="pl")
    code, key = created.workshop.code, created.key
    single = store.add_agenda_item(db, code, key, step="poll", position=1, title="Ankieta", settings={
        "question": "Który środek Wasze miasto wypróbuje najpierw?", "kind": "single",
        "options": ["Ogrody deszczowe przy szkołach", "Żagle przeciwsłoneczne", "Zielone dachy"]})[1]
    cloud = store.add_agenda_item(db, code, key, step="poll", position=2, title="Chmura", settings={
        "question": "Jednym słowem: co zabierasz do domu?", "kind": "words"})[2]
    others = [store.new_secret() for _ in range(3)]
    for n, token in enumerate(others):
        store.join(db, code, token, f"Osoba {n}")
    store.set_phase(db, code, key, single.position)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        phone = context.new_page()
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-submit").wait_for(timeout=LOAD)
        phone.locator(".fk-join-submit").click()
        phone.locator(".fk-view-poll .fk-poll-choice").first.wait_for(timeout=WAIT)
        phone.locator(".fk-poll-choice", has_text="Zielone dachy").click()
        phone.locator(".fk-poll-submit").click()
        phone.locator(".fk-view-poll .fk-poll-results").wait_for(timeout=WAIT)
        phone.locator(".fk-poll-choice", has_text="Żagle").click()  # changes the answer: one row, updated
        phone.locator(".fk-poll-submit", has_text="Zmień odpowiedź").click()
        wid = created.workshop.id
        # The first answer's notice is still on the page: wait for the change to reach the store.
        deadline = time.monotonic() + WAIT / 1000
        while [a.choices for a in store.poll_answers(db, wid, single.id)] != [(1,)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [a.choices for a in store.poll_answers(db, wid, single.id)] == [(1,)]  # one row, updated
        for token in others[:2]:
            store.answer_poll(db, code, token, single.id, choices=[1])
        assert len(store.poll_answers(db, wid, single.id)) == 3
        presenter = context.new_page()
        presenter.set_viewport_size({"width": 1280, "height": 800})
        presenter.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD)
        bars = presenter.locator(".fk-poll-presenter .fk-poll-results")
        bars.wait_for(timeout=LOAD)
        assert "3 · 100%" in bars.inner_text()
        screenshot(presenter, "polls-presenter-bars")
        findings = Findings()
        findings.check(phone, "pl participant poll", shot=True)
        source = axe.axe_source()
        if source is not None:  # the accessibility walk (test_browser_a11y) covers it too; here on answered polls
            for view, page in (("phone poll", phone), ("presenter poll", presenter)):
                blocking = axe.blocking(axe.run(page, source))
                assert not blocking, axe.describe(view, blocking)

        store.set_phase(db, code, key, cloud.position)  # the next poll: same step kind, another agenda row
        phone.locator(".fk-poll-words input").wait_for(timeout=WAIT)
        phone.locator(".fk-poll-words input").fill("Zielone dachy, <b>cień</b>")
        phone.locator(".fk-poll-submit").click()
        phone.locator(".fk-view-poll .fk-word-cloud").wait_for(timeout=WAIT)
        for token, words in zip(others, (["zielone  dachy", "woda"], ["Zielone Dachy"], ["drzewa", "woda"]), strict=True):
            store.answer_poll(db, code, token, cloud.id, words=words)
        words = presenter.locator(".fk-poll-presenter .fk-word-cloud .fk-cloud-word")
        presenter.locator(".fk-poll-presenter .fk-word-cloud .fk-cloud-word", has_text="drzewa").wait_for(timeout=WAIT)
        shown = {words.nth(i).inner_text(): words.nth(i).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
                 for i in range(words.count())}
        assert set(shown) == {"Zielone dachy", "<b>cień</b>", "woda", "drzewa"}  # escaped, shown as typed
        assert shown["Zielone dachy"] > shown["woda"] > shown["drzewa"]  # 3, 2 and 1 answers
        screenshot(presenter, "polls-presenter-word-cloud")
        findings.check(phone, "pl participant word cloud", shot=True)
        if source is not None:
            for view, page in (("phone word cloud", phone), ("presenter word cloud", presenter)):
                blocking = axe.blocking(axe.run(page, source))
                assert not blocking, axe.describe(view, blocking)
        findings.assert_clean()
    finally:
        context.close()
        db.close()
