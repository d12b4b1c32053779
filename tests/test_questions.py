"""Issue 24, questions from the room (store, both databases): asking, upvoting once and taking it back,
never one's own, one question being answered at a time, hiding, and forged messages refused."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed, NotFound
from facilitation.domain.questions import MAX_QUESTION, check_presentation_settings, presentation
from facilitation.store import rates

ANNA, BEN, CAROL = "a" * 32, "b" * 32, "c" * 32


def _open(room, step: str = "questions", **settings) -> int:
    """Add a ``step`` at the end of the agenda and open it; returns its agenda id."""
    items = store.add_agenda_item(room.db, room.code, room.key, step=step, settings=settings or None)
    store.set_phase(room.db, room.code, room.key, len(items) - 1)
    return items[-1].id


@pytest.fixture
def room(workshop):
    for token, name in ((ANNA, "Anna"), (BEN, "Ben"), (CAROL, "Carol")):
        store.join(workshop.db, workshop.code, token, name)
    workshop.agenda_id = _open(workshop)
    return workshop


def _texts(room, **kw) -> list[str]:
    return [q.text for q in store.list_questions(room.db, room.id, **kw)]


def test_a_question_is_posted_in_the_open_step_and_listed_by_votes_then_age(room):
    first = store.ask_question(room.db, room.code, ANNA, "  How much did it cost?  ")
    second = store.ask_question(room.db, room.code, BEN, "Who maintains it?")
    assert first.text == "How much did it cost?" and first.agenda_id == room.agenda_id and first.status == "open"
    assert _texts(room) == ["How much did it cost?", "Who maintains it?"]  # same votes: oldest first
    store.upvote_question(room.db, room.code, CAROL, second.id)
    assert _texts(room) == ["Who maintains it?", "How much did it cost?"]
    mine = store.list_questions(room.db, room.id, viewer_id=first.author_id)
    assert [q.mine for q in mine] == [False, True]


def test_upvote_once_withdraw_and_never_ones_own(room):
    q = store.ask_question(room.db, room.code, ANNA, "Can other cities reuse the data?")
    assert store.upvote_question(room.db, room.code, BEN, q.id).votes == 1
    with pytest.raises(NotAllowed, match="already upvoted"):
        store.upvote_question(room.db, room.code, BEN, q.id)
    assert store.upvote_question(room.db, room.code, CAROL, q.id).votes == 2
    with pytest.raises(NotAllowed, match="own question"):
        store.upvote_question(room.db, room.code, ANNA, q.id)
    back = store.withdraw_upvote(room.db, room.code, BEN, q.id)
    assert back.votes == 1 and not back.upvoted
    with pytest.raises(NotFound):
        store.withdraw_upvote(room.db, room.code, BEN, q.id)
    assert store.upvote_question(room.db, room.code, BEN, q.id).upvoted  # upvoting again after taking it back
    assert store.list_questions(room.db, room.id)[0].votes == 2


def test_only_one_question_is_being_answered_at_a_time(room):
    one = store.ask_question(room.db, room.code, ANNA, "First question?")
    two = store.ask_question(room.db, room.code, BEN, "Second question?")
    assert store.answering_question(room.db, room.id) is None
    store.mark_question(room.db, room.code, room.key, one.id, "answering")
    assert store.answering_question(room.db, room.id).id == one.id
    store.mark_question(room.db, room.code, room.key, two.id, "answering")
    by_id = {q.id: q for q in store.list_questions(room.db, room.id)}
    assert by_id[two.id].status == "answering" and by_id[one.id].status == "answered"
    assert by_id[one.id].answered_at is not None
    assert store.answering_question(room.db, room.id).id == two.id
    done = store.mark_question(room.db, room.code, room.key, two.id, "answered")
    assert done.status == "answered" and store.answering_question(room.db, room.id) is None
    with pytest.raises(InvalidValue):
        store.mark_question(room.db, room.code, room.key, one.id, "deleted")


def test_a_hidden_question_leaves_participants_and_presenter_but_stays_in_the_data(room):
    q = store.ask_question(room.db, room.code, ANNA, "Off-topic remark")
    store.mark_question(room.db, room.code, room.key, q.id, "answering")
    hidden = store.set_question_hidden(room.db, room.code, room.key, q.id)
    assert hidden.hidden and hidden.shown_status == "hidden"
    assert _texts(room) == [] and store.answering_question(room.db, room.id) is None
    assert _texts(room, include_hidden=True) == ["Off-topic remark"]
    with pytest.raises(NotFound):
        store.upvote_question(room.db, room.code, BEN, q.id)
    store.set_question_hidden(room.db, room.code, room.key, q.id, hidden=False)
    assert _texts(room) == ["Off-topic remark"]


def test_forged_messages_are_refused_and_change_nothing(room, db):
    other = store.create_workshop(db, title="Other", city="Krakow", country="Poland")
    store.join(db, other.workshop.code, "z" * 32, "Zed")
    _open(type("Room", (), {"db": db, "code": other.workshop.code, "key": other.key})())
    foreign = store.ask_question(db, other.workshop.code, "z" * 32, "Theirs?")
    mine = store.ask_question(room.db, room.code, ANNA, "Ours?")
    with pytest.raises(NotFound):  # another workshop's question id
        store.upvote_question(room.db, room.code, BEN, foreign.id)
    with pytest.raises(NotFound):
        store.mark_question(room.db, room.code, room.key, foreign.id, "answering")
    with pytest.raises(NotAllowed):  # a facilitator action with a participant's token
        store.mark_question(room.db, room.code, ANNA, mine.id, "answering")
    with pytest.raises(NotAllowed):
        store.set_question_hidden(room.db, room.code, BEN, mine.id)
    with pytest.raises(NotAllowed):  # the other workshop's key
        store.mark_question(room.db, room.code, other.key, mine.id, "answered")
    with pytest.raises(InvalidValue):  # not a question number at all
        store.upvote_question(room.db, room.code, BEN, "1; DROP TABLE questions")
    with pytest.raises(NotAllowed):  # no participant token
        store.ask_question(room.db, room.code, "x" * 32, "Who am I?")
    with pytest.raises(InvalidValue):
        store.ask_question(room.db, room.code, ANNA, "x" * (MAX_QUESTION + 1))
    with pytest.raises(InvalidValue):
        store.ask_question(room.db, room.code, ANNA, "   ")
    assert [(q.text, q.status, q.votes) for q in store.list_questions(room.db, room.id)] == [("Ours?", "open", 0)]
    assert [q.status for q in store.list_questions(db, other.workshop.id)] == ["open"]


def test_questions_only_during_a_questions_or_presentation_step(room):
    store.set_phase(room.db, room.code, room.key, 0)  # the welcome step
    with pytest.raises(NotAllowed, match="presentation or a questions step"):
        store.ask_question(room.db, room.code, ANNA, "Too early?")
    talk = _open(room, "presentation", speaker_name="Ewa", title="Climate contract")
    asked = store.ask_question(room.db, room.code, ANNA, "During the talk?")
    assert asked.agenda_id == talk
    assert _texts(room, agenda_id=talk) == ["During the talk?"] and _texts(room, agenda_id=room.agenda_id) == []


def test_a_group_facilitator_moderates_only_its_groups_questions(room):
    store.split_into_groups(room.db, room.code, room.key, 2)
    members = {g: [m.participant_id for m in people]
               for g, people in store.group_members(room.db, room.code, room.key).items() if g is not None}
    q = store.ask_question(room.db, room.code, ANNA, "Which group am I in?")
    assert q.group_id is not None and q.author_id in members[q.group_id]
    other_group = next(g for g in members if g != q.group_id)
    lead = store.issue_role_key(room.db, room.code, room.key, "group-facilitator", group_id=other_group).key
    with pytest.raises(NotAllowed):
        store.mark_question(room.db, room.code, lead, q.id, "answering")
    own_lead = store.issue_role_key(room.db, room.code, room.key, "group-facilitator", group_id=q.group_id).key
    assert store.mark_question(room.db, room.code, own_lead, q.id, "answering").status == "answering"


def test_asking_and_upvoting_take_a_fair_share(room, monkeypatch):
    monkeypatch.setattr(rates, "_unlimited", 0)
    monkeypatch.setattr(rates, "_refused", {})
    for n in range(rates.RATES["question"].burst):
        store.ask_question(room.db, room.code, ANNA, f"Question {n}?")
    with pytest.raises(LimitReached):
        store.ask_question(room.db, room.code, ANNA, "One too many?")
    assert len(_texts(room)) == rates.RATES["question"].burst
    q = store.list_questions(room.db, room.id)[0]
    for _ in range(rates.RATES["question upvote"].burst // 2):
        store.upvote_question(room.db, room.code, BEN, q.id)
        store.withdraw_upvote(room.db, room.code, BEN, q.id)
    with pytest.raises(LimitReached):
        store.upvote_question(room.db, room.code, BEN, q.id)
    assert store.list_questions(room.db, room.id)[0].votes == 0


def test_presentation_settings_are_checked_and_read_with_defaults():
    settings = check_presentation_settings({"speaker_name": " Ewa ", "speaker_city": "Gdansk", "material_id": 3,
                                            "extra": "dropped"})
    assert settings == {"speaker_name": "Ewa", "speaker_organisation": "", "speaker_city": "Gdansk", "title": "",
                        "material_id": 3}
    assert presentation(settings).speaker_line == "Ewa, Gdansk"
    assert presentation({}).speaker_name == "" and presentation({"material_id": "x"}).material_id is None
    with pytest.raises(InvalidValue):
        check_presentation_settings({"material_id": True})
    with pytest.raises(InvalidValue):
        check_presentation_settings({"speaker_name": "x" * 500})


def test_questions_csv_the_data_package_and_the_report(room, tmp_path):
    import frictionless
    import pandas as pd

    from facilitation.outputs import datapackage, export

    asked = store.ask_question(room.db, room.code, ANNA, 'Is "=SUM(A1)" <b>escaped</b>?')
    other = store.ask_question(room.db, room.code, BEN, "Moderated away")
    store.upvote_question(room.db, room.code, BEN, asked.id)
    store.upvote_question(room.db, room.code, CAROL, asked.id)
    store.mark_question(room.db, room.code, room.key, asked.id, "answered")
    store.set_question_hidden(room.db, room.code, room.key, other.id)
    export.export_workshop(room.db, room.code, tmp_path)
    frame = pd.read_csv(tmp_path / "questions.csv", keep_default_na=False).set_index("id")
    assert list(frame.columns[:4]) == ["workshop_code", "city", "country", "round"]
    assert frame.loc[asked.id, "text"] == 'Is "=SUM(A1)" <b>escaped</b>?'  # exactly as typed
    assert (frame.loc[asked.id, "votes"], frame.loc[asked.id, "status"]) == (2, "answered")
    assert frame.loc[asked.id, "answered_at"] and frame.loc[other.id, "status"] == "hidden"
    assert frame.loc[asked.id, "author"] != "Anna" and "author_name" not in frame.columns  # pseudonyms only
    assert frame.loc[asked.id, "agenda_id"] == room.agenda_id
    report = frictionless.validate(str(tmp_path / datapackage.DATAPACKAGE_FILE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    from facilitation.outputs import frames

    typed = frames.read_export(tmp_path)["questions"]
    assert str(typed["status"].dtype) == "category" and list(typed["status"].cat.categories[:4]) == [
        "open", "answering", "answered", "hidden"]
    assert typed.set_index("id").loc[asked.id, "votes"] == 2 and str(typed["votes"].dtype) == "Int64"
    html = (tmp_path / "report.html").read_text()
    assert 'id="questions"' in html and "&lt;b&gt;escaped&lt;/b&gt;" in html and "Moderated away" not in html


def test_a_presentation_names_only_a_material_of_its_own_workshop(room, db):
    from sample_files import PNG

    other = store.create_workshop(db, title="Other", city="Krakow", country="Poland")
    foreign = store.add_material(db, other.workshop.code, other.key, filename="theirs.png", data=PNG)
    own = store.add_material(room.db, room.code, room.key, filename="ours.png", data=PNG)
    before = store.agenda(room.db, room.id)
    with pytest.raises(NotFound):
        store.add_agenda_item(room.db, room.code, room.key, step="presentation",
                              settings={"speaker_name": "Ewa", "material_id": foreign.id})
    assert len(store.agenda(room.db, room.id)) == len(before)
    items = store.add_agenda_item(room.db, room.code, room.key, step="presentation",
                                  settings={"speaker_name": "Ewa", "material_id": own.id})
    assert items[-1].settings["material_id"] == own.id
    with pytest.raises(NotFound):
        store.set_step_settings(room.db, room.code, room.key, len(items) - 1, {"material_id": foreign.id})
    assert store.agenda(room.db, room.id)[-1].settings["material_id"] == own.id


def test_forgetting_removes_the_question_text_and_merging_keeps_one_upvote_each(room):
    from facilitation.store.forget import forget_participant

    anna_q = store.ask_question(room.db, room.code, ANNA, "My city is Sopot, ask me")
    ben_q = store.ask_question(room.db, room.code, BEN, "Ben's question")
    carol_q = store.ask_question(room.db, room.code, CAROL, "Carol's question")
    store.upvote_question(room.db, room.code, BEN, anna_q.id)
    store.upvote_question(room.db, room.code, CAROL, anna_q.id)  # Carol is Ben's second device
    store.upvote_question(room.db, room.code, CAROL, ben_q.id)  # ...upvoting "her" own question
    store.upvote_question(room.db, room.code, BEN, carol_q.id)
    store.merge_participants(room.db, room.code, room.key, ben_q.author_id, carol_q.author_id)
    by_id = {q.id: q for q in store.list_questions(room.db, room.id)}
    assert by_id[anna_q.id].votes == 1 and by_id[ben_q.id].votes == 0 and by_id[carol_q.id].votes == 0
    assert by_id[carol_q.id].author_id == ben_q.author_id
    result = forget_participant(room.db, room.code, "Anna", remove_text=["questions"])
    assert result.texts_removed == {"questions": 1}
    texts = {q.id: q.text for q in store.list_questions(room.db, room.id)}
    assert "Sopot" not in texts[anna_q.id] and texts[ben_q.id] == "Ben's question"


def test_two_consoles_marking_at_once_leave_one_question_being_answered(room):
    import threading

    asked = [store.ask_question(room.db, room.code, token, f"Question {n}?")
             for n, token in enumerate((ANNA, BEN, CAROL))]
    errors: list[Exception] = []

    def mark(qid: int) -> None:
        try:
            for _ in range(5):
                store.mark_question(room.db, room.code, room.key, qid, "answering")
        except Exception as exc:  # a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(q.id,)) for q in asked]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    statuses = [q.status for q in store.list_questions(room.db, room.id)]
    assert statuses.count("answering") == 1 and statuses.count("answered") == 2
