"""Discussion and decisions steps in the store (issue 24), on both databases.

Notes by the facilitator and by a note-taker link, a note-taker who cannot steer, contributions
tagged with the participant's organisation, city and group, take-aways by city (also in the
programme's feedback by city), decisions and action items, and forged messages refused without a
trace. The exports read back as the dictionary says.
"""

from __future__ import annotations

import csv

import pytest

from facilitation import store
from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed
from facilitation.store import rates

from conftest import TOKEN_A, TOKEN_B, TOKEN_C


def open_new(w, step: str) -> int:
    """Add a ``step`` at the end of the agenda and open it; its agenda row's id."""
    items = store.add_agenda_item(w.db, w.code, w.key, step=step, minutes=10)
    store.set_phase(w.db, w.code, w.key, len(items) - 1)
    return items[-1].id


def test_the_facilitator_and_a_note_taker_write_notes_of_the_open_discussion(workshop):
    w = workshop
    agenda_id = open_new(w, "discussion")
    taker = store.issue_role_key(w.db, w.code, w.key, "note-taker", "Marta").key
    before = w.db.revisions(w.id).get("notes", 0)
    first = store.add_note(w.db, w.code, w.key, text="Gdansk opens: the retention ponds")
    second = store.add_note(w.db, w.code, taker, text="Lviv asks about costs", take_away=True, city="Lviv")
    assert w.db.revisions(w.id)["notes"] == before + 2  # every write bumps the topic
    assert (first.by, first.kind, first.agenda_id) == ("facilitator", "note", agenda_id)
    assert (second.by, second.kind, second.city) == ("note-taker", "take-away", "Lviv")
    assert [n.text for n in store.list_notes(w.db, w.code, agenda_id)] == [first.text, second.text]
    assert store.list_notes(w.db, w.code, agenda_id + 999) == []


def test_a_note_taker_writes_notes_only(workshop):
    w = workshop
    open_new(w, "discussion")
    taker = store.issue_role_key(w.db, w.code, w.key, "note-taker").key
    assert store.key_role(w.db, w.code, taker) == "note-taker"
    phase = store.get_workshop(w.db, w.code).phase_index
    for steer in (lambda: store.set_phase(w.db, w.code, taker, 0),
                  lambda: store.update_settings(w.db, w.code, taker, naming="anonymous"),
                  lambda: store.issue_role_key(w.db, w.code, taker, "expert"),
                  lambda: store.add_decision(w.db, w.code, taker, "Taken by the note-taker")):
        with pytest.raises(NotAllowed):
            steer()
    assert store.get_workshop(w.db, w.code).phase_index == phase
    assert store.list_decisions(w.db, w.code) == []


def test_contributions_carry_the_participants_tags_and_group(workshop):
    w = workshop
    group = store.create_group(w.db, w.code, w.key, name="Baltic", city="Gdansk")
    ana = store.join(w.db, w.code, TOKEN_A, "Ana")  # placed in the only group
    store.update_settings(w.db, w.code, w.key, ask_affiliation=True)
    store.set_affiliation(w.db, w.code, TOKEN_A, "Port authority", "Gdynia")
    store.join(w.db, w.code, TOKEN_B, "Bo")
    open_new(w, "discussion")
    mine = store.add_contribution(w.db, w.code, TOKEN_A, text="We share the ponds' data", organisation="Forged org",
                                  city="Forged city")
    assert (mine.kind, mine.participant_id, mine.by) == ("contribution", ana.id, "")
    assert (mine.organisation, mine.city) == ("Port authority", "Gdynia")  # the profile wins over what the page sends
    assert mine.group_id == group.id
    typed = store.add_contribution(w.db, w.code, TOKEN_B, text="Our plan is ready", organisation="Riga council",
                                   city="Riga", take_away=True)
    assert (typed.organisation, typed.city, typed.kind) == ("Riga council", "Riga", "take-away")


def test_take_aways_by_city_feed_the_programme(workshop):
    w = workshop
    organiser = store.issue_organiser_key(w.db, "programme office")
    store.create_programme(w.db, organiser, name="Climate cohort")
    store.assign_workshop(w.db, organiser, w.code, programme="Climate cohort")
    store.join(w.db, w.code, TOKEN_A, "Ana")
    open_new(w, "discussion")
    store.add_note(w.db, w.code, w.key, text="Not a take-away")
    store.add_note(w.db, w.code, w.key, text="Heat maps first", take_away=True, city="Lviv")
    store.add_contribution(w.db, w.code, TOKEN_A, text="Pilot in two schools", take_away=True, city="Aarhus")
    by_city = store.takeaways(w.db, w.code)
    assert list(by_city) == ["Aarhus", "Lviv"]
    assert [n.text for n in by_city["Lviv"]] == ["Heat maps first"]
    quotes = {(q.city, q.text) for q in store.feedback_quotes(w.db, "Climate cohort")}
    assert {("Lviv", "Heat maps first"), ("Aarhus", "Pilot in two schools")} <= quotes
    assert not any(text == "Not a take-away" for _, text in quotes)
    with pytest.raises(InvalidValue, match="city"):  # a take-away names its city
        store.add_note(w.db, w.code, w.key, text="For whom?", take_away=True)


def test_decisions_and_action_items_of_a_decisions_step(workshop, tmp_path):
    w = workshop
    agenda_id = open_new(w, "decisions")
    before = w.db.revisions(w.id).get("decisions", 0)
    decision = store.add_decision(w.db, w.code, w.key, "Apply jointly for the LIFE call")
    assert (decision.agenda_id, decision.by) == (agenda_id, "facilitator")
    assert w.db.revisions(w.id)["decisions"] == before + 1
    action = store.add_action(w.db, w.code, w.key, text="Draft the application", owner="Gdansk", due="2027-01-15")
    assert [d.text for d in store.list_decisions(w.db, w.code, agenda_id)] == [decision.text]
    assert [a.id for a in store.list_actions(w.db, code=w.code)] == [action.id]
    from facilitation.outputs.export import export_workshop

    out = tmp_path / "export"
    export_workshop(w.db, w.code, out)
    with open(out / "decisions.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["text"], r["agenda_id"], r["by"]) for r in rows] == [(decision.text, str(agenda_id), "facilitator")]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Apply jointly for the LIFE call" in report and "Draft the application" in report


def test_notes_csv_names_authors_as_the_naming_mode_allows(workshop, tmp_path):
    w = workshop
    store.join(w.db, w.code, TOKEN_A, "Ana Secret")
    open_new(w, "discussion")
    store.add_contribution(w.db, w.code, TOKEN_A, text="Our tram depot floods", city="Gdansk")
    store.update_settings(w.db, w.code, w.key, naming="anonymous")
    from facilitation.outputs.export import export_workshop

    export_workshop(w.db, w.code, tmp_path)
    with open(tmp_path / "notes.csv", encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert (row["author"], row["kind"], row["note_city"]) == ("Participant 1", "contribution", "Gdansk")
    assert "Ana Secret" not in (tmp_path / "notes.csv").read_text(encoding="utf-8")


def test_forged_messages_are_refused_and_change_nothing(workshop):
    w = workshop
    other = store.create_workshop(w.db, title="Other", city="Vienna")
    store.join(w.db, w.code, TOKEN_A, "Ana")
    store.join(w.db, other.workshop.code, TOKEN_C, "Cy")
    before = w.db.revisions(w.id)
    # Not while another step is open: notes, contributions and decisions need their own step.
    with pytest.raises(NotAllowed):
        store.add_note(w.db, w.code, w.key, text="Too early")
    with pytest.raises(NotAllowed):
        store.add_contribution(w.db, w.code, TOKEN_A, text="Too early")
    with pytest.raises(NotAllowed):
        store.add_decision(w.db, w.code, w.key, "Too early")
    assert w.db.revisions(w.id) == before
    open_new(w, "discussion")
    before = w.db.revisions(w.id)
    forged = [
        lambda: store.add_contribution(w.db, w.code, TOKEN_C, text="Another workshop's token"),
        lambda: store.add_contribution(w.db, w.code, None, text="No token"),
        lambda: store.add_note(w.db, w.code, TOKEN_A, text="A participant's token is no key"),
        lambda: store.add_note(w.db, w.code, other.key, text="Another workshop's key"),
        lambda: store.add_decision(w.db, w.code, w.key, "Decided in a discussion"),
    ]
    for call in forged:
        with pytest.raises(NotAllowed):
            call()
    for bad in ("", "x" * 401, 42, None):
        with pytest.raises(InvalidValue):
            store.add_contribution(w.db, w.code, TOKEN_A, text=bad)
    with pytest.raises(InvalidValue):
        store.add_contribution(w.db, w.code, TOKEN_A, text="ok", city=["not", "text"])
    assert w.db.revisions(w.id) == before
    assert store.list_notes(w.db, w.code) == []


def test_contributions_take_from_the_fair_share(workshop, monkeypatch):
    w = workshop
    monkeypatch.setattr(rates, "_unlimited", 0)  # this test checks the limits the fixture switches off
    monkeypatch.setattr(rates, "_refused", {})  # and starts with no refusal remembered by this process
    store.join(w.db, w.code, TOKEN_A, "Ana")
    open_new(w, "discussion")
    burst = rates.RATES["contribution"].burst
    for n in range(burst):
        store.add_contribution(w.db, w.code, TOKEN_A, text=f"Point {n}")
    with pytest.raises(LimitReached):
        store.add_contribution(w.db, w.code, TOKEN_A, text="One too many")
    assert len(store.list_notes(w.db, w.code)) == burst


def test_merging_two_entries_of_one_person_moves_their_contributions(workshop):
    w = workshop
    ana = store.join(w.db, w.code, TOKEN_A, "Ana")
    again = store.join(w.db, w.code, TOKEN_B, "Ana (phone)")
    open_new(w, "discussion")
    store.add_contribution(w.db, w.code, TOKEN_B, text="From the second phone", city="Gdansk")
    store.merge_participants(w.db, w.code, w.key, ana.id, again.id)
    assert [n.participant_id for n in store.list_notes(w.db, w.code)] == [ana.id]
    store.add_contribution(w.db, w.code, TOKEN_B, text="The second token acts as the kept one")
    assert {n.participant_id for n in store.list_notes(w.db, w.code)} == {ana.id}


def test_forgetting_a_participant_can_remove_their_contributions(workshop):
    from facilitation.store.forget import REMOVED, forget_participant

    w = workshop
    ana = store.join(w.db, w.code, TOKEN_A, "Ana")
    open_new(w, "discussion")
    store.add_contribution(w.db, w.code, TOKEN_A, text="Ana's street floods every spring", city="Gdansk")
    store.add_note(w.db, w.code, w.key, text="The facilitator's note stays")
    result = forget_participant(w.db, w.code, str(ana.id), remove_text=["notes"])
    assert result.texts_removed == {"notes": 1}
    assert [n.text for n in store.list_notes(w.db, w.code)] == [REMOVED, "The facilitator's note stays"]
