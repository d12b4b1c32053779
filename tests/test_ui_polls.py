"""Issue 24, polls without a browser: the settings editor, a participant answering and changing an
answer, results and the word cloud rendered from the store on the console and the presenter."""

from __future__ import annotations

import re

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import facilitator, participant
from widgets import find, text

from facilitation import store
from facilitation.domain import polls as P
from facilitation.i18n import translator
from facilitation.ui.setup import step_settings
from facilitation.ui.setup.poll_settings import Editor
from facilitation.ui.steps import view_class

SINGLE = {"question": "Which measure first?", "kind": "single", "options": ["Trees", "Bike lanes", "Heat plan"]}


def open_poll(w, settings, position: int = 1) -> int:
    items = store.add_agenda_item(w.db, w.code, w.key, step="poll", position=position, title="Poll",
                                  settings=settings)
    store.set_phase(w.db, w.code, w.key, position)
    return items[position].id


def one(root, css: str):
    found = find(root, css)
    assert len(found) == 1, f"{css}: {len(found)} found"
    return found[0]


def test_settings_editor_adds_options_and_saves_through_the_store(workshop):
    w = workshop
    editor = step_settings.build("poll", translator("en"), {})
    assert isinstance(editor, Editor)
    assert len(find(editor.root, "fk-poll-option")) == 2
    one(editor.root, "fk-poll-question").value = "Which measure first?"
    one(editor.root, "fk-poll-option-add").click()
    options = find(editor.root, "fk-poll-option")
    assert len(options) == 3
    for field, value in zip(options, ("Trees", "Bike lanes", ""), strict=True):
        field.value = value
    assert editor.value() == {"question": "Which measure first?", "kind": "single", "show_results": True,
                              "options": ["Trees", "Bike lanes"]}
    find(editor.root, "fk-poll-option-remove")[0].click()
    assert [f.value for f in find(editor.root, "fk-poll-option")] == ["Bike lanes", ""]
    kind = one(editor.root, "fk-poll-kind")
    kind.value = "multiple"
    editor.max_choices.value = 1
    assert editor.value()["max_choices"] == 1
    kind.value = "rating"
    assert editor.rating_part.layout.display is None and editor.choice_part.layout.display == "none"
    editor.scale.value = 7
    editor.high.value = "Fully"
    saved = editor.value()
    items = store.add_agenda_item(w.db, w.code, w.key, step="poll", position=1, settings=saved)
    assert items[1].settings["scale"] == 7 and items[1].settings["high_label"] == "Fully"
    again = Editor(translator("en"), items[1].settings)  # opened again: what was saved shows
    assert again.kind.value == "rating" and again.scale.value == 7 and again.question.value == "Which measure first?"
    for _ in range(20):
        again.add.click()
    assert len(again.options) == P.MAX_OPTIONS and again.add.layout.display == "none"


def test_participant_answers_changes_and_sees_results(workshop):
    w = workshop
    poll = open_poll(w, SINGLE)
    ana = participant(w, TOKEN_A, "Ana")
    page = view_class("poll")(ana, role="participant")
    assert "fk-view-poll" in page.root._dom_classes
    assert "Which measure first?" in text(page.head.value)
    choices = find(page.root, "fk-poll-choice")
    assert [c.description for c in choices] == ["Trees", "Bike lanes", "Heat plan"]
    assert find(page.root, "fk-poll-results") == [] and "fk-poll-results" not in page.results.value
    one(page.root, "fk-poll-submit").click()  # nothing chosen: said, nothing stored
    assert "choose an answer" in page.form.notice.value and store.poll_answers(w.db, w.id) == []
    choices[0].value = True
    choices[1].value = True  # single choice: the first turns off
    assert [c.value for c in choices] == [False, True, False]
    one(page.root, "fk-poll-submit").click()
    assert store.my_answer(w.db, poll, ana.participant_id).choices == (1,)
    assert "fk-poll-results" in page.results.value and "1 answer" in text(page.results.value)
    assert one(page.root, "fk-poll-submit").description == "Change answer"
    choices[2].value = True
    one(page.root, "fk-poll-submit").click()
    assert store.my_answer(w.db, poll, ana.participant_id).choices == (2,)
    assert len(store.poll_answers(w.db, w.id)) == 1
    reopened = view_class("poll")(ana, role="participant")  # a reload shows the answer given
    assert [c.value for c in find(reopened.root, "fk-poll-choice")] == [False, False, True]
    store.set_phase(w.db, w.code, w.key, 2)  # the facilitator moves on: a late click is refused in words
    find(page.root, "fk-poll-choice")[0].value = True
    one(page.root, "fk-poll-submit").click()
    assert "not open" in page.form.notice.value and store.my_answer(w.db, poll, ana.participant_id).choices == (2,)


def test_console_and_presenter_show_bars_and_hide_results(workshop):
    w = workshop
    poll = open_poll(w, SINGLE)
    console = view_class("poll")(facilitator(w), role="facilitator")
    screen = view_class("poll")(facilitator(w), role="presenter")
    for tok, pick in ((TOKEN_A, 1), (TOKEN_B, 1), (TOKEN_C, 0)):
        store.join(w.db, w.code, tok)
        store.answer_poll(w.db, w.code, tok, poll, choices=[pick])
    for view in (console, screen):
        view.refresh({"polls"})
        shown = view.results.value
        assert "fk-poll-results" in shown and "3 answers" in text(shown)
        assert re.findall(r"width:(\d+)%", shown) == ["33", "67", "0"]
        assert "2 · 67%" in text(shown) and "1 · 33%" in text(shown)
    toggle = one(console.root, "fk-poll-results-toggle")
    assert toggle.description == "Hide results from participants"
    ben = participant(w, TOKEN_B)
    page = view_class("poll")(ben, role="participant")
    assert "fk-poll-results" in page.results.value  # Ben answered: results shown by default
    toggle.click()
    assert store.agenda(w.db, w.id)[1].settings["show_results"] is False
    assert toggle.description == "Show results to participants"
    page.refresh({"agenda"})
    assert "fk-poll-results" not in page.results.value and "main screen" in page.results.value


def test_word_cloud_sizes_words_by_count_and_escapes_them(workshop):
    w = workshop
    poll = open_poll(w, {"question": "One word for your plan?", "kind": "words"})
    screen = view_class("poll")(facilitator(w), role="presenter")
    cleo = participant(w, TOKEN_C, "Cleo")
    page = view_class("poll")(cleo, role="participant")
    words = one(page.root, "fk-poll-words")
    words.value = "one, two, three, four"
    one(page.root, "fk-poll-submit").click()
    assert "at most 3" in page.form.notice.value and words.value == "one, two, three, four"  # kept as typed
    words.value = "Trees, <img src=x onerror=alert(1)>"
    one(page.root, "fk-poll-submit").click()
    for tok, typed in ((TOKEN_A, ["trees", "shade"]), (TOKEN_B, ["TREES"])):
        store.join(w.db, w.code, tok)
        store.answer_poll(w.db, w.code, tok, poll, words=typed)
    screen.refresh({"polls"})
    cloud = screen.results.value
    assert "fk-word-cloud" in cloud and "<img" not in cloud and "&lt;img" in cloud
    sizes = dict(re.findall(r'font-size:([\d.]+)em[^>]*>([^<]+)</span>', cloud)[i][::-1] for i in range(3))
    assert set(sizes) == {"Trees", "shade", "&lt;img src=x onerror=alert(1)&gt;"}
    assert float(sizes["Trees"]) > float(sizes["shade"])  # three times against once
    page.refresh({"polls"})
    assert "fk-word-cloud" in page.results.value  # Cleo answered: she sees the cloud
    words.value = "half typed"
    store.set_results_shown(w.db, w.code, w.key, poll, False)  # the facilitator hides the results meanwhile
    page.refresh({"agenda"})
    assert one(page.root, "fk-poll-words") is words and words.value == "half typed"
    assert "fk-word-cloud" not in page.results.value


def test_rating_and_multiple_forms(workshop):
    w = workshop
    rating = open_poll(w, {"question": "How ready?", "kind": "rating", "scale": 4, "low_label": "Not",
                           "high_label": "Fully"})
    ana = participant(w, TOKEN_A)
    page = view_class("poll")(ana, role="participant")
    points = find(page.root, "fk-poll-choice")
    assert [p.description for p in points] == ["1", "2", "3", "4"]
    points[3].value = True
    page.form.submit.click()
    assert store.my_answer(w.db, rating, ana.participant_id).choices == (4,)
    assert "Mean: 4.0 of 4" in text(page.results.value)
    # Another poll opened right after: the same step name, so the view follows the agenda row itself.
    multiple = open_poll(w, {"question": "Which two?", "kind": "multiple", "options": ["A", "B", "C"],
                             "max_choices": 2}, position=2)
    page.refresh({"phase"})
    assert page.agenda_id == multiple and "Which two?" in text(page.head.value)
    boxes = find(page.root, "fk-poll-choice")
    for b in boxes:
        b.value = True
    page.form.submit.click()
    assert "at most 2" in page.form.notice.value and store.my_answer(w.db, multiple, ana.participant_id) is None
    boxes[1].value = False
    page.form.submit.click()
    assert store.my_answer(w.db, multiple, ana.participant_id).choices == (0, 2)


def test_console_shows_results_per_group(workshop):
    w = workshop
    north = store.create_group(w.db, w.code, w.key, name="North <i>")
    south = store.create_group(w.db, w.code, w.key, name="South")
    poll = open_poll(w, SINGLE)
    for tok, group, pick in ((TOKEN_A, north, 0), (TOKEN_B, south, 2), (TOKEN_C, south, 2)):
        person = store.join(w.db, w.code, tok)
        store.move_participant(w.db, w.code, w.key, person.id, group.id)
        store.answer_poll(w.db, w.code, tok, poll, choices=[pick])
    console = view_class("poll")(facilitator(w), role="facilitator")
    shown = console.groups.value
    assert "North &lt;i&gt;" in shown and "<i>" not in shown
    north_part, south_part = shown.split("North &lt;i&gt;")[1].split("South")
    assert "1 answer" in text(north_part) and "1 · 100%" in text(north_part)
    assert "2 answers" in text(south_part) and "2 · 100%" in text(south_part)
    screen = view_class("poll")(facilitator(w), role="presenter")
    assert screen.groups.value == "" and "3 answers" in text(screen.results.value)  # the room on the big screen
