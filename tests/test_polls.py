"""Issue 24, polls and word clouds in the store (both databases): every kind, changing an answer,
a closed poll, forged answers refused with nothing changed, word counts, settings checks, groups."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from sqlalchemy import select

from facilitation import store
from facilitation.domain import polls as P
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.store import schema as s

SINGLE = {"question": "Which measure first?", "kind": "single", "options": ["Trees", "Bike lanes", "Heat plan"]}


def add_poll(w, settings: dict[str, Any], *, open_it: bool = True) -> int:
    """A poll step right after the first step (opened unless told not to); returns its agenda id."""
    items = store.add_agenda_item(w.db, w.code, w.key, step="poll", position=1, title="Poll", settings=settings)
    if open_it:
        store.set_phase(w.db, w.code, w.key, 1)
    return items[1].id


def answers_now(w) -> list[Any]:
    return store.poll_answers(w.db, w.id)


def unchanged(w, call, error=InvalidValue, match: str | None = None) -> None:
    """``call`` is refused with ``error`` and changes no answer, history row or feed revision."""
    def state():
        with w.db.read() as conn:
            hist = conn.execute(select(s.history).where(s.history.c.table_name == "poll_answers")).all()
        return answers_now(w), len(hist), w.db.revisions(w.id)

    before = state()
    with pytest.raises(error, match=match):
        call()
    assert state() == before


def test_single_choice_answer_change_and_results(workshop):
    w = workshop
    poll = add_poll(w, SINGLE)
    a, b, c = (store.join(w.db, w.code, tok, name) for tok, name in
               ((TOKEN_A, "Ana"), (TOKEN_B, "Ben"), (TOKEN_C, "Cleo")))
    rev = w.db.revisions(w.id).get("polls", 0)
    first = store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[1])
    assert first.choices == (1,) and first.participant_id == a.id
    assert w.db.revisions(w.id)["polls"] > rev
    store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[1])
    store.answer_poll(w.db, w.code, TOKEN_C, poll, choices=[0])
    # Ana changes her mind: one row, updated; the earlier answer is kept in history.
    changed = store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[2])
    assert changed.id == first.id and changed.choices == (2,) and changed.answered_at >= first.answered_at
    assert len(answers_now(w)) == 3
    with w.db.read() as conn:
        kept = conn.execute(select(s.history).where(s.history.c.table_name == "poll_answers")).mappings().all()
    assert len(kept) == 1 and kept[0]["before"]["choices"] == [1]
    settings = P.poll_settings(SINGLE)
    result = store.poll_results(w.db, w.id, poll, settings)
    assert result.answers == 3 and result.counts == (1, 1, 1)
    assert [result.percent(i) for i in range(3)] == [33, 33, 33]
    assert store.my_answer(w.db, poll, b.id).choices == (1,)
    assert store.my_answer(w.db, poll, None) is None


def test_multiple_choice_with_a_maximum(workshop):
    w = workshop
    poll = add_poll(w, {"question": "Which two?", "kind": "multiple", "options": ["A", "B", "C", "D"],
                        "max_choices": 2})
    store.join(w.db, w.code, TOKEN_A)
    store.join(w.db, w.code, TOKEN_B)
    assert store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[3, 0]).choices == (0, 3)
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[0, 1, 2]), match="at most 2")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[1, 1]), match="twice")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[]), match="needs a choice")
    store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[0])
    result = store.poll_results(w.db, w.id, poll, P.poll_settings(store.agenda(w.db, w.id)[1].settings))
    assert result.counts == (2, 0, 0, 1) and result.percent(0) == 100 and result.percent(3) == 50


def test_rating_scale_distribution_and_mean(workshop):
    w = workshop
    poll = add_poll(w, {"question": "How ready is your city?", "kind": "rating", "scale": 4,
                        "low_label": "Not at all", "high_label": "Fully"})
    for tok, point in ((TOKEN_A, 4), (TOKEN_B, 2), (TOKEN_C, 4)):
        store.join(w.db, w.code, tok)
        store.answer_poll(w.db, w.code, tok, poll, choices=[point])
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[5]), match="rating")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[0]), match="rating")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[1, 2]), match="one point")
    settings = P.poll_settings(store.agenda(w.db, w.id)[1].settings)
    assert (settings.low_label, settings.high_label, settings.scale) == ("Not at all", "Fully", 4)
    result = store.poll_results(w.db, w.id, poll, settings)
    assert result.labels == ("1", "2", "3", "4") and result.counts == (0, 1, 0, 2)
    assert result.mean == pytest.approx(10 / 3)


def test_word_cloud_counts_normalised_entries(workshop):
    w = workshop
    poll = add_poll(w, {"question": "One word for your city's climate plan?", "kind": "words"})
    for tok in (TOKEN_A, TOKEN_B, TOKEN_C):
        store.join(w.db, w.code, tok)
    store.answer_poll(w.db, w.code, TOKEN_A, poll, words=["  Green   roofs ", "trees", "TREES"])
    store.answer_poll(w.db, w.code, TOKEN_B, poll, words=["green roofs", "Trees"])
    store.answer_poll(w.db, w.code, TOKEN_C, poll, words=["Green roofs", "shade"])
    mine = store.my_answer(w.db, poll, store.participant_for_token(w.db, w.code, TOKEN_A).id)
    assert mine.words == ("Green roofs", "trees")  # trimmed, spaces collapsed, a repeat in one answer dropped
    result = store.poll_results(w.db, w.id, poll, P.poll_settings(store.agenda(w.db, w.id)[1].settings))
    # Counted case-folded; shown in the most common spelling (a tie: the first seen).
    assert result.words == (("Green roofs", 3), ("trees", 2), ("shade", 1))
    assert result.answers == 3
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, words=["a", "b", "c", "d"]), match="at most 3")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, words=["one two three four"]),
              match="more than 3 words")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, words=["x" * 41]), match="at most 40")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, words=["   "]), match="empty")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, words="trees"), match="list")


def test_a_closed_or_unopened_poll_refuses_answers(workshop):
    w = workshop
    poll = add_poll(w, SINGLE, open_it=False)
    store.join(w.db, w.code, TOKEN_A)
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[0]), NotAllowed, "not open")
    store.set_phase(w.db, w.code, w.key, 1)
    store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[0])
    store.set_phase(w.db, w.code, w.key, 2)  # the facilitator moves on
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[1]), NotAllowed, "not open")
    assert answers_now(w)[0].choices == (0,)


def test_forged_answers_are_refused(workshop, db):
    w = workshop
    poll = add_poll(w, SINGLE)
    store.join(w.db, w.code, TOKEN_A)
    other = store.create_workshop(db, title="Other", city="Riga", country="Latvia")
    store.join(db, other.workshop.code, TOKEN_B)
    # an option that does not exist, two options in a single-choice poll, a forged type
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[3]), match="poll choice")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[-1]), match="poll choice")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[0, 1]), match="only one")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=["0"]), match="poll choice")
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices="0"), match="list")
    # no token, another workshop's participant, another workshop's poll, a step that is not a poll
    unchanged(w, lambda: store.answer_poll(w.db, w.code, None, poll, choices=[0]), NotAllowed)
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[0]), NotAllowed)
    unchanged(w, lambda: store.answer_poll(db, other.workshop.code, TOKEN_B, poll, choices=[0]), NotFound)
    first_step = store.agenda(w.db, w.id)[0].id
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, first_step, choices=[0]), NotFound)
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, str(poll), choices=[0]), NotFound)
    assert answers_now(w) == []


def test_settings_are_checked_where_written(workshop):
    w = workshop
    bad = [
        ({"kind": "single", "options": ["A", "B"]}, "question"),
        ({"question": "Q", "kind": "ranking", "options": ["A", "B"]}, "poll kind"),
        ({"question": "Q", "kind": "single", "options": ["A"]}, "between 2 and 12"),
        ({"question": "Q", "kind": "multiple", "options": [f"O{i}" for i in range(13)]}, "between 2 and 12"),
        ({"question": "Q", "kind": "single", "options": ["Trees", " trees "]}, "different"),
        ({"question": "Q", "kind": "single", "options": ["A", ""]}, "empty"),
        ({"question": "Q", "kind": "single", "options": "A, B"}, "list"),
        ({"question": "Q", "kind": "rating", "scale": 11}, "rating scale"),
        ({"question": "Q", "kind": "rating", "scale": 1}, "rating scale"),
        ({"question": "Q", "kind": "multiple", "options": ["A", "B"], "max_choices": 3}, "most choices"),
        ({"question": "Q" * 301, "kind": "words"}, "at most 300"),
        ({"question": "Q", "kind": "single", "options": ["A", "x" * 121]}, "at most 120"),
    ]
    for settings, match in bad:
        with pytest.raises(InvalidValue, match=match):
            store.add_agenda_item(w.db, w.code, w.key, step="poll", settings=settings)
    assert "poll" not in [i.step for i in store.agenda(w.db, w.id)]
    poll = add_poll(w, {"question": " Q ", "kind": "rating", "options": ["dropped"], "scale": 3})
    assert store.agenda(w.db, w.id)[1].settings == {"question": "Q", "kind": "rating", "show_results": True,
                                                    "scale": 3, "low_label": "", "high_label": ""}
    assert P.poll_settings({}).ready is False  # an older row reads as an unset poll
    store.join(w.db, w.code, TOKEN_A)
    assert store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[3]).choices == (3,)


def test_results_visibility_is_the_facilitators(workshop):
    w = workshop
    poll = add_poll(w, SINGLE)
    store.join(w.db, w.code, TOKEN_A)
    assert store.set_results_shown(w.db, w.code, w.key, poll, False).show_results is False
    assert store.agenda(w.db, w.id)[1].settings["show_results"] is False
    with pytest.raises(NotAllowed):
        store.set_results_shown(w.db, w.code, TOKEN_A, poll, True)
    assert store.agenda(w.db, w.id)[1].settings["show_results"] is False
    assert store.set_results_shown(w.db, w.code, w.key, poll, True).show_results is True


def test_answers_carry_the_group_the_store_knows(workshop):
    w = workshop
    g1 = store.create_group(w.db, w.code, w.key, name="North")
    g2 = store.create_group(w.db, w.code, w.key, name="South")
    poll = add_poll(w, SINGLE)
    a = store.join(w.db, w.code, TOKEN_A)
    b = store.join(w.db, w.code, TOKEN_B)
    store.move_participant(w.db, w.code, w.key, a.id, g1.id)
    store.move_participant(w.db, w.code, w.key, b.id, g2.id)
    store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[0])
    store.answer_poll(w.db, w.code, TOKEN_B, poll, choices=[2])
    assert {x.participant_id: x.group_id for x in answers_now(w)} == {a.id: g1.id, b.id: g2.id}
    settings = P.poll_settings(SINGLE)
    per_group = store.results_by_group(w.db, w.id, poll, settings)
    assert per_group[g1.id].counts == (1, 0, 0) and per_group[g2.id].counts == (0, 0, 1)
    assert store.poll_results(w.db, w.id, poll, settings, group_id=g2.id).answers == 1
    assert store.poll_results(w.db, w.id, poll, settings).counts == (1, 0, 1)


def test_exports_polls_and_answers_read_back_with_pandas(workshop, tmp_path):
    import frictionless
    import pandas as pd

    from facilitation.outputs import datapackage, export

    w = workshop
    store.update_settings(w.db, w.code, w.key, naming="anonymous")
    single = add_poll(w, {**SINGLE, "options": ["Trees; parks", "Bike lanes", "Heat plan"]}, open_it=False)
    words = store.add_agenda_item(w.db, w.code, w.key, step="poll", position=2, title="Words",
                                  settings={"question": "One word?", "kind": "words"})[2].id
    group = store.create_group(w.db, w.code, w.key, name="North")
    a = store.join(w.db, w.code, TOKEN_A, "Ana")
    store.move_participant(w.db, w.code, w.key, a.id, group.id)
    b = store.join(w.db, w.code, TOKEN_B, "Ben")
    store.move_participant(w.db, w.code, w.key, b.id, None)  # new people are placed in a group: Ben leaves it
    store.set_phase(w.db, w.code, w.key, 1)
    store.answer_poll(w.db, w.code, TOKEN_A, single, choices=[0])
    store.answer_poll(w.db, w.code, TOKEN_B, single, choices=[2])
    store.set_phase(w.db, w.code, w.key, 2)
    store.answer_poll(w.db, w.code, TOKEN_B, words, words=["Green roofs", "=SUM(A1)"])
    written = {p.name for p in export.export_workshop(w.db, w.code, tmp_path)}
    assert {"polls.csv", "poll_answers.csv"} <= written
    polls = pd.read_csv(tmp_path / "polls.csv", keep_default_na=False)
    assert list(polls["id"]) == [single, words] and list(polls["answers"]) == [2, 1]
    assert list(polls["kind"]) == ["single", "words"]
    assert polls["options"][0] == "Trees; parks | Bike lanes | Heat plan"
    answers = pd.read_csv(tmp_path / "poll_answers.csv", keep_default_na=False)
    assert list(answers["answer"]) == ["Trees; parks", "Heat plan", "Green roofs; =SUM(A1)"]
    assert list(answers["participant"]) == ["Participant 1", "Participant 2", "Participant 2"]  # anonymous
    assert list(answers["group"]) == ["North", "", ""] and "participant_name" not in answers
    assert [str(c) for c in answers["choices"]] == ["0", "2", ""]
    report = frictionless.validate(str(tmp_path / datapackage.DATAPACKAGE_FILE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    from facilitation.outputs import frames

    typed = frames.read_export(tmp_path)
    assert list(typed["poll_answers"]["choices"])[:2] == [["0"], ["2"]] and list(typed["polls"]["answers"]) == [2, 1]
    html = (tmp_path / export.REPORT_FILE).read_text()
    assert "Polls" in html and "Which measure first?" in html and "Green roofs" in html


def test_changing_an_answer_is_cheap_but_bounded(workshop, monkeypatch):
    from facilitation.domain.errors import LimitReached
    from facilitation.store import rates

    w = workshop
    poll = add_poll(w, SINGLE)
    store.join(w.db, w.code, TOKEN_A)
    monkeypatch.setattr(rates, "_unlimited", 0)  # this test checks the fair share the pages always have
    burst = rates.RATES["poll answer"].burst
    for n in range(burst):
        store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[n % 3])
    unchanged(w, lambda: store.answer_poll(w.db, w.code, TOKEN_A, poll, choices=[2]), LimitReached, "wait")
    assert answers_now(w)[0].choices == ((burst - 1) % 3,)
    rates._refused.clear()
