"""A thematic peer-learning session in real Chromium pages (issue 24): four participants, the
console and the presenter, one Voila server, one browser (a context per person).

A Mission City presents; a participant asks a question, two others upvote it, the facilitator marks
it as being answered on the console and the presenter shows it; a single-choice poll and a word cloud
are answered and their results show on the presenter; a participant adds a note to the round table.
Then the workshop's exports are read back with pandas (questions.csv, polls.csv, poll_answers.csv,
notes.csv) and its datapackage.json validates with frictionless. Screenshots, to look at:
tests/artifacts/presenter-questions.png and tests/artifacts/word-cloud.png.
"""

from __future__ import annotations

from pathlib import Path

import frictionless
import pandas as pd
import pytest

from facilitation import store
from facilitation.outputs import datapackage, export

from conftest import screenshot

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 20_000
TEMPLATE = "peer-learning-session"
PEOPLE = ("Ana (Lisboa)", "Bartek (Kraków)", "Chiara (Torino)", "Dora (Valencia)")
QUESTION = "How did you finance the shade sails on school routes?"
PICKS = (1, 1, 2, 1)  # the option each participant picks: the second one wins with 3 of 4
WORDS_TYPED = ("trees, shade", "shade", "fountains, trees", "shade, water")
NOTE = "Kraków could replicate the parents' council that chose the routes."


def peer_learning_room(db: store.Database) -> tuple[str, str, int, int, int]:
    """The peer-learning session from its template (in English), with the speaker filled in as an
    organiser would in the agenda editor. Returns (code, key, workshop id, agenda id of the
    single-choice poll, agenda id of the word cloud)."""
    created = store.create_workshop(db, title="Heat-proof school routes: a peer-learning session",
                                    city="Lisboa", country="Portugal", template=TEMPLATE)
    code, key, wid = created.workshop.code, created.key, created.workshop.id
    items = store.agenda(db, wid)
    assert {"presentation", "questions", "poll", "discussion"} <= {i.step for i in items}
    assert not {"brainstorm", "vote"} & {i.step for i in items}  # not a city brainstorm
    polls = {i.settings.get("kind"): i.id for i in items if i.step == "poll"}
    presentation = next(i for i in items if i.step == "presentation")
    store.set_step_settings(db, code, key, presentation.position, {
        "speaker_name": "Ana Sousa", "speaker_organisation": "Câmara Municipal de Lisboa", "speaker_city": "Lisboa",
        "title": "Shaded school routes from the Climate City Contract"})
    return code, key, wid, polls["single"], polls["words"]


def open_position(db: store.Database, code: str, key: str, position: int) -> None:
    store.set_phase(db, code, key, position)


def wait_for(check, page, what: str, timeout_ms: int = WAIT):
    """Poll the store until ``check()`` is truthy (each page's kernel writes asynchronously)."""
    for _ in range(timeout_ms // 200):
        value = check()
        if value:
            return value
        page.wait_for_timeout(200)
    screenshot(page, "peer-learning-failed")
    raise AssertionError(f"the store never showed {what} (see peer-learning-failed.png)")


def settle(page) -> None:
    """A typed value reaches the kernel before the click that sends it (a click is sent at once, a value
    update is buffered while the kernel is busy)."""
    page.wait_for_timeout(300)


def grow(page, width: int) -> None:
    """Voila scrolls inside its container: make the viewport as tall as the app for a screenshot."""
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 3000)})


def test_a_peer_learning_session(voila, browser, tmp_path: Path):
    db = store.Database(voila.db_url)
    code, key, wid, single_id, words_id = peer_learning_room(db)
    items = store.agenda(db, wid)
    at = {step: next(i.position for i in items if i.step == step) for step in ("presentation", "questions",
                                                                                  "discussion")}
    at["single"] = next(i.position for i in items if i.id == single_id)
    single = next(i.settings for i in items if i.id == single_id)
    assert single["kind"] == "single" and next(i.settings for i in items if i.id == words_id)["kind"] == "words"
    answers = [single["options"][n] for n in PICKS]
    at["words"] = next(i.position for i in items if i.id == words_id)
    contexts = []
    try:
        # Four participants, each in their own browser context (their own device token).
        phones = []
        for _person in PEOPLE:
            context = browser.new_context(viewport={"width": 420, "height": 860})
            contexts.append(context)
            phone = context.new_page()
            phone.goto(voila.participant(code), timeout=LOAD)
            phones.append(phone)
        for phone, name in zip(phones, PEOPLE, strict=True):
            phone.locator(".fk-join-name input").wait_for(timeout=LOAD)
            phone.locator(".fk-join-name input").fill(name)
            phone.locator(".fk-join-submit").click()
        wait_for(lambda: store.participant_count(db, wid) == len(PEOPLE), phones[-1], "four participants")
        people = {p.display_name: p for p in store.participants(db, wid)}

        staff = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(staff)
        console = staff.new_page()
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        presenter = staff.new_page()
        presenter.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD)
        console.locator(".fk-phase-current").wait_for(timeout=LOAD)

        # The presentation: participants see who speaks.
        open_position(db, code, key, at["presentation"])
        for phone in phones:
            phone.locator(".fk-view-presentation").wait_for(timeout=WAIT)
        assert "Ana Sousa" in phones[0].locator(".fk-view-presentation").inner_text()

        # Questions: one asks, two others upvote, the console marks it as being answered.
        open_position(db, code, key, at["questions"])
        ask = phones[0].locator(".fk-view-questions .fk-question-text textarea")  # (the talk had its own form)
        ask.wait_for(timeout=WAIT)
        ask.fill(QUESTION)
        settle(phones[0])
        phones[0].locator(".fk-view-questions .fk-question-submit").click()
        wait_for(lambda: store.list_questions(db, wid), phones[0], "the question asked")
        for phone in phones[1:3]:
            card = phone.locator(".fk-question-card", has_text=QUESTION)
            card.locator(".fk-question-upvote").click(timeout=WAIT)
        asked = wait_for(lambda: next((q for q in store.list_questions(db, wid) if q.votes == 2), None), phones[0],
                         "the question with two upvotes")
        assert asked.text == QUESTION and asked.author_id == people[PEOPLE[0]].id
        late = store.new_secret()  # someone who follows on another device asks too: the screen lists it below
        store.join(db, code, late, "Eva (Gdańsk)")
        store.ask_question(db, code, late, "Did the parents' council keep meeting after the pilot?")
        console.locator(".fk-question-card", has_text=QUESTION).locator(".fk-question-answering").click(timeout=WAIT)
        wait_for(lambda: store.list_questions(db, wid)[0].status == "answering", console, "the question marked")
        presenter.locator(".fk-question-now", has_text=QUESTION).wait_for(timeout=WAIT)
        presenter.locator(".fk-question-top", has_text="parents' council").wait_for(timeout=WAIT)
        presenter.wait_for_timeout(500)
        screenshot(presenter, "presenter-questions")

        # A single-choice poll: every participant answers, the presenter shows the bars.
        open_position(db, code, key, at["single"])
        for phone, answer in zip(phones, answers, strict=True):
            phone.locator(".fk-poll-choice", has_text=answer).click(timeout=WAIT)
            phone.locator(".fk-poll-submit").click()
        wait_for(lambda: len(store.poll_answers(db, wid, single_id)) == len(PEOPLE), phones[-1], "four poll answers")
        results = presenter.locator(".fk-poll-results")
        results.wait_for(timeout=WAIT)
        # the winning bar: 3 of 4 answers, 75 % (the presenter follows the answers live)
        presenter.wait_for_function("() => document.querySelector('.fk-poll-results').innerText.includes('3 · 75')",
                                    timeout=WAIT)
        assert answers[0] in results.inner_text()
        counts = {}
        for answer in store.poll_answers(db, wid, single_id):
            counts[answer.choices] = counts.get(answer.choices, 0) + 1
        assert counts == {(1,): 3, (2,): 1}

        # A word cloud: a few words each, the presenter draws the cloud.
        open_position(db, code, key, at["words"])
        for phone, words in zip(phones, WORDS_TYPED, strict=True):
            phone.locator(".fk-poll-words input").fill(words, timeout=WAIT)
            settle(phone)
            phone.locator(".fk-poll-submit").click()
        wait_for(lambda: len(store.poll_answers(db, wid, words_id)) == len(PEOPLE), phones[-1], "four word answers")
        cloud = presenter.locator(".fk-word-cloud")
        cloud.wait_for(timeout=WAIT)
        presenter.wait_for_function("() => document.querySelector('.fk-word-cloud').innerText.includes('fountains')",
                                    timeout=WAIT)
        assert "shade" in cloud.inner_text().lower() and "trees" in cloud.inner_text().lower()
        grow(presenter, 1280)
        screenshot(presenter, "word-cloud")

        # The round table: a participant's note.
        open_position(db, code, key, at["discussion"])
        phones[1].locator(".fk-note-text textarea").wait_for(timeout=WAIT)
        phones[1].locator(".fk-note-text textarea").fill(NOTE)
        settle(phones[1])
        phones[1].locator(".fk-note-submit").click()
        wait_for(lambda: any(n.text == NOTE for n in store.list_notes(db, code)), phones[1], "the note")
        console.locator(".fk-note-card", has_text="parents' council").wait_for(timeout=WAIT)
    finally:
        for context in contexts:
            context.close()

    # The exports, read back as an analyst would.
    out = tmp_path / "export"
    written = export.export_workshop(db, code, out)
    db.close()
    names = {path.name for path in written}
    assert {"questions.csv", "polls.csv", "poll_answers.csv", "notes.csv", "datapackage.json"} <= names
    questions = pd.read_csv(out / "questions.csv")
    row = questions[questions["text"] == QUESTION].iloc[0]
    assert (row["votes"], row["status"]) == (2, "answering")
    polls = pd.read_csv(out / "polls.csv")
    assert len(polls) == 2 and set(polls["kind"]) == {"single", "words"}
    answers = pd.read_csv(out / "poll_answers.csv")
    assert len(answers) == 2 * len(PEOPLE)
    notes = pd.read_csv(out / "notes.csv")
    assert NOTE in set(notes["text"])
    report = frictionless.validate(str(out / datapackage.DATAPACKAGE_FILE))
    assert report.valid, [e.message for e in report.errors] + [
        f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
