"""Preparing and steering a workshop from a page, in the store: agenda editing, the timer, vote
rules, map view, naming, affiliation, who joined, participants' own ideas, and creation by an
organiser. Every bad value is a named error and leaves the store as it was."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from facilitation import store
from facilitation.domain import timer
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import AgendaItem
from facilitation.outputs import export
from facilitation.store import agenda_edit, forget, people
from facilitation.store import workshops as workshop_store

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

T0 = datetime(2026, 3, 14, 9, 0, 0)


def steps(w) -> list[tuple[int, str]]:
    return [(i.position, i.step) for i in store.agenda(w.db, w.id)]


def unchanged(w, call, error=InvalidValue, match: str | None = None) -> None:
    """``call`` raises ``error`` and neither the agenda, the workshop nor any revision changes."""
    before = (store.agenda(w.db, w.id), store.get_workshop(w.db, w.code), w.db.revisions(w.id))
    with pytest.raises(error, match=match):
        call()
    assert (store.agenda(w.db, w.id), store.get_workshop(w.db, w.code), w.db.revisions(w.id)) == before


class Clock:
    """A settable ``now`` for the modules that stamp the agenda."""

    def __init__(self, monkeypatch) -> None:
        self.at = T0
        for module in (agenda_edit, workshop_store):
            monkeypatch.setattr(module, "now", lambda: self.at)

    def advance(self, seconds: float) -> datetime:
        self.at += timedelta(seconds=seconds)
        return self.at


# --- the agenda --------------------------------------------------------------------------


def test_add_update_remove_and_move_keep_positions_without_gaps(workshop):
    w = workshop
    start = steps(w)
    assert [p for p, _ in start] == list(range(len(start)))
    items = store.add_agenda_item(w.db, w.code, w.key, step="vote", title="Second vote", minutes=7,
                                  instruction="Three dots on what you would fund first.")
    assert items[-1].position == len(start) and items[-1].instruction.startswith("Three dots")
    items = store.update_agenda_item(w.db, w.code, w.key, 2, title="Ideas!", minutes=30)
    assert (items[2].title, items[2].minutes) == ("Ideas!", 30)
    items = store.remove_agenda_item(w.db, w.code, w.key, 1)
    assert [i.position for i in items] == list(range(len(start)))
    assert [i.step for i in items] == [s for _, s in start if s != "challenge"] + ["vote"]
    items = store.move_agenda_item(w.db, w.code, w.key, len(items) - 1, -(len(items) - 1))  # last to first
    assert items[0].title == "Second vote" and [i.position for i in items] == list(range(len(items)))
    items = store.move_agenda_item(w.db, w.code, w.key, 0, 1)
    assert items[1].title == "Second vote"
    with w.db.read() as conn:  # the previous versions are kept
        kept = conn.execute(store.schema.history.select().where(store.schema.history.c.table_name == "agenda")).all()
    assert len(kept) == 2


def test_the_open_step_follows_its_row_and_cannot_be_removed(workshop):
    w = workshop
    store.set_phase(w.db, w.code, w.key, 2)  # brainstorm
    unchanged(w, lambda: store.remove_agenda_item(w.db, w.code, w.key, 2), match="open step")
    store.remove_agenda_item(w.db, w.code, w.key, 0)
    wk = store.get_workshop(w.db, w.code)
    assert wk.phase_index == 1 and store.current_step(w.db, wk).step == "brainstorm"
    phase = w.db.revisions(w.id)["phase"]
    store.move_agenda_item(w.db, w.code, w.key, 1, -1)  # the open step moves up
    wk = store.get_workshop(w.db, w.code)
    assert wk.phase_index == 0 and store.current_step(w.db, wk).step == "brainstorm"
    assert w.db.revisions(w.id)["phase"] == phase + 1
    store.move_agenda_item(w.db, w.code, w.key, 2, -1)  # a step below it moves: the open step stays first
    wk = store.get_workshop(w.db, w.code)
    assert wk.phase_index == 0 and store.current_step(w.db, wk).step == "brainstorm"
    store.move_agenda_item(w.db, w.code, w.key, 1, -1)  # a step moves above the open one
    wk = store.get_workshop(w.db, w.code)
    assert wk.phase_index == 1 and store.current_step(w.db, wk).step == "brainstorm"


def test_the_last_step_cannot_be_removed(workshop):
    w = workshop
    store.set_phase(w.db, w.code, w.key, 8)
    for _ in range(8):
        store.remove_agenda_item(w.db, w.code, w.key, 0)
    assert steps(w) == [(0, "closed")] and store.get_workshop(w.db, w.code).phase_index == 0
    unchanged(w, lambda: store.remove_agenda_item(w.db, w.code, w.key, 0), match="at least one step")


@pytest.mark.parametrize("call,match", [
    (lambda w: store.add_agenda_item(w.db, w.code, w.key, step="lunch"), "agenda step"),
    (lambda w: store.add_agenda_item(w.db, w.code, w.key, step="vote", minutes=601), "planned minutes"),
    (lambda w: store.add_agenda_item(w.db, w.code, w.key, step="vote", title="x" * 121), "agenda title"),
    (lambda w: store.add_agenda_item(w.db, w.code, w.key, step="vote", instruction="x" * 501), "instruction"),
    (lambda w: store.update_agenda_item(w.db, w.code, w.key, 1, minutes=-1), "planned minutes"),
    (lambda w: store.update_agenda_item(w.db, w.code, w.key, 1, minutes="ten"), "planned minutes"),
    (lambda w: store.update_agenda_item(w.db, w.code, w.key, 99, title="Nowhere"), "step number"),
    (lambda w: store.remove_agenda_item(w.db, w.code, w.key, -1), "step number"),
    (lambda w: store.move_agenda_item(w.db, w.code, w.key, 0, -1), "move"),
    (lambda w: store.move_agenda_item(w.db, w.code, w.key, 8, 1), "move"),
    (lambda w: store.move_agenda_item(w.db, w.code, w.key, 1, "up"), "move"),
    (lambda w: store.extend_timer(w.db, w.code, w.key, 0), "extra minutes"),
    (lambda w: store.extend_timer(w.db, w.code, w.key, 61), "extra minutes"),
    (lambda w: store.set_vote_rules(w.db, w.code, w.key, vote_budget=0, votes_per_idea=1), "vote budget"),
    (lambda w: store.set_vote_rules(w.db, w.code, w.key, vote_budget=21, votes_per_idea=1), "vote budget"),
    (lambda w: store.set_vote_rules(w.db, w.code, w.key, vote_budget=3, votes_per_idea=4), "votes per idea"),
    (lambda w: store.set_map_view(w.db, w.code, w.key, lat=91, lon=0, zoom=5), "latitude"),
    (lambda w: store.set_map_view(w.db, w.code, w.key, lat=0, lon=181, zoom=5), "longitude"),
    (lambda w: store.set_map_view(w.db, w.code, w.key, lat=0, lon=0, zoom=19), "zoom"),
    (lambda w: store.set_map_view(w.db, w.code, w.key, lat=0, lon=0, zoom=0), "zoom"),
    (lambda w: store.update_settings(w.db, w.code, w.key, naming="secret"), "how names show"),
    (lambda w: store.update_settings(w.db, w.code, w.key, ask_affiliation="yes"), "ask affiliation"),
    (lambda w: store.update_details(w.db, w.code, w.key, title=""), "workshop title"),
    (lambda w: store.update_details(w.db, w.code, w.key, language="xx"), "language"),
    (lambda w: store.update_details(w.db, w.code, w.key, date="14 March"), "date"),
])
def test_every_bad_value_is_a_named_error_and_nothing_is_saved(workshop, call, match):
    unchanged(workshop, lambda: call(workshop), match=match)


def test_an_agenda_has_at_most_forty_steps(workshop):
    w = workshop
    while len(steps(w)) < agenda_edit.MAX_ITEMS:
        store.add_agenda_item(w.db, w.code, w.key, step="brainstorm")
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step="vote"), match="40 steps")


# --- the timer ---------------------------------------------------------------------------


def test_pause_resume_and_extend_change_what_remains(workshop, monkeypatch):
    w, clock = workshop, Clock(monkeypatch)
    store.set_phase(w.db, w.code, w.key, 2)  # brainstorm, 25 minutes, opened at T0
    item = store.current_step(w.db, store.get_workshop(w.db, w.code))
    assert item.started_at == T0 and timer.remaining(item, clock.advance(60)) == 25 * 60 - 60
    paused = store.pause_timer(w.db, w.code, w.key)
    assert timer.is_paused(paused) and paused.paused_at == T0 + timedelta(seconds=60)
    assert store.pause_timer(w.db, w.code, w.key) == paused  # pausing twice changes nothing
    assert timer.remaining(paused, clock.advance(120)) == 25 * 60 - 60  # frozen while paused
    running = store.resume_timer(w.db, w.code, w.key)
    assert not timer.is_paused(running) and running.paused_seconds == 120
    assert timer.elapsed(running, clock.advance(30)) == 90
    assert timer.remaining(running, clock.at) == 25 * 60 - 90
    longer = store.extend_timer(w.db, w.code, w.key, 5)
    assert longer.extra_seconds == 300 and timer.remaining(longer, clock.at) == 30 * 60 - 90
    shorter = store.extend_timer(w.db, w.code, w.key, -30)
    assert timer.planned_seconds(shorter) == 0 and timer.remaining(shorter, clock.at) == -90  # over time
    unchanged(w, lambda: store.extend_timer(w.db, w.code, w.key, -1), match="no more can be taken away")


def test_leaving_a_paused_step_closes_the_pause_and_reopening_starts_afresh(workshop, monkeypatch):
    w, clock = workshop, Clock(monkeypatch)
    store.set_phase(w.db, w.code, w.key, 2)
    clock.advance(100)
    store.pause_timer(w.db, w.code, w.key)
    store.extend_timer(w.db, w.code, w.key, 3)
    clock.advance(50)
    store.set_phase(w.db, w.code, w.key, 3)
    done = store.agenda(w.db, w.id)[2]
    assert done.paused_at is None and done.paused_seconds == 50 and done.ended_at == T0 + timedelta(seconds=150)
    assert timer.elapsed(done, clock.advance(999)) == 100
    store.set_phase(w.db, w.code, w.key, 2)
    again = store.agenda(w.db, w.id)[2]
    assert (again.paused_seconds, again.extra_seconds, again.ended_at) == (0, 0, None)
    assert timer.remaining(again, clock.at) == 25 * 60


def test_timer_arithmetic_before_during_and_after_a_step():
    item = AgendaItem(step="vote", minutes=10)
    assert timer.elapsed(item, T0) is None and timer.remaining(item, T0) == 600 and not timer.is_paused(item)
    ended = AgendaItem(step="vote", minutes=10, started_at=T0, ended_at=T0 + timedelta(minutes=12),
                       paused_seconds=60, extra_seconds=120)
    assert timer.elapsed(ended, T0 + timedelta(hours=5)) == 660 and timer.remaining(ended, T0) == 60
    assert not timer.is_paused(AgendaItem(step="vote", minutes=10, started_at=T0, ended_at=T0, paused_at=T0))


# --- vote rules, map view, details -------------------------------------------------------


def test_vote_rules_map_view_and_details_reach_open_pages(workshop):
    w = workshop
    revs = w.db.revisions(w.id)
    wk = store.set_vote_rules(w.db, w.code, w.key, vote_budget=6, votes_per_idea=3)
    assert (wk.vote_budget, wk.votes_per_idea) == (6, 3)
    wk = store.set_map_view(w.db, w.code, w.key, lat=50.06, lon=19.94, zoom=14)
    assert (wk.lat, wk.lon, wk.settings["zoom"]) == (50.06, 19.94, 14)
    after = w.db.revisions(w.id)
    assert after["workshop"] > revs["workshop"] and after["votes"] > revs.get("votes", 0)
    assert after["map"] > revs.get("map", 0)
    wk = store.update_details(w.db, w.code, w.key, title="Blue-green Kraków", city="Kraków", date="2026-05-02",
                              language="pl")
    assert (wk.title, wk.city, wk.language, wk.date.isoformat()) == ("Blue-green Kraków", "Kraków", "pl",
                                                                    "2026-05-02")
    assert abs(wk.lat - 50.06) < 0.1 and abs(wk.lon - 19.94) < 0.1  # the gazetteer's Kraków
    assert store.update_details(w.db, w.code, w.key, date="").date is None
    assert store.update_details(w.db, w.code, w.key, city="Atlantis-on-Sea").lat == wk.lat  # unknown: stays


# --- creating a workshop as an organiser -------------------------------------------------


def test_an_organiser_creates_a_workshop_centred_on_its_city(db):
    organiser = store.issue_organiser_key(db)
    created = store.create_workshop_as_organiser(db, organiser, title="Heat plan", city="Gdansk",
                                                 language="pl", date="2026-06-01", venue="https://meet.example.org/x",
                                                 template="brainstorm-only")
    w = created.workshop
    assert (w.country, w.language, w.template, w.settings["zoom"]) == ("Poland", "pl", "brainstorm-only", 12)
    assert abs(w.lat - 54.35) < 0.05 and store.is_facilitator(db, w.code, created.key)
    assert store.get_venue(db, w.venue_id).url == "https://meet.example.org/x"
    nowhere = store.create_workshop_as_organiser(db, organiser, title="Somewhere", city="Atlantis-on-Sea")
    assert nowhere.workshop.lat is None and "zoom" not in nowhere.workshop.settings
    assert ("brainstorm-only", "Short brainstorm session") in store.templates()


@pytest.mark.parametrize("key,values,error", [
    ("wrong-organiser-key-0000000000", {}, NotAllowed),
    (None, {}, NotAllowed),
    ("ORGANISER", {"template": "../../etc/passwd.yaml"}, InvalidValue),
    ("ORGANISER", {"title": ""}, InvalidValue),
    ("ORGANISER", {"language": "xx"}, InvalidValue),
    ("ORGANISER", {"date": "soon"}, InvalidValue),
    ("ORGANISER", {"venue": "ftp://old.example.org"}, InvalidValue),
])
def test_creation_is_refused_whole(db, key, values, error):
    organiser = store.issue_organiser_key(db)
    with pytest.raises(error):
        store.create_workshop_as_organiser(db, organiser if key == "ORGANISER" else key,
                                           **{"title": "T", "city": "Vienna", **values})
    assert store.list_workshops(db) == []


# --- naming, affiliation, who joined -----------------------------------------------------


def test_naming_modes_decide_how_people_show(workshop):
    w = workshop
    ann = store.join(w.db, w.code, TOKEN_A, "Ann")
    anon = store.join(w.db, w.code, TOKEN_B)
    wk = store.get_workshop(w.db, w.code)
    assert people.naming_mode(wk) == "named"
    assert [store.author_label(wk, p) for p in (ann, anon)] == ["Ann", anon.pseudonym]
    wk = store.update_settings(w.db, w.code, w.key, naming="pseudonymous")
    assert store.author_label(wk, ann) == ann.pseudonym
    wk = store.update_settings(w.db, w.code, w.key, naming="anonymous")
    assert store.author_labels(w.db, wk) == {ann.id: "Participant 1", anon.id: "Participant 2"}
    assert store.author_labels(w.db, wk, translate=lambda s: s.replace("Participant", "Uczestnik"))[ann.id] == \
        "Uczestnik 1"
    assert [j.shown_name for j in store.joined(w.db, w.code, w.key)] == ["Participant 1", "Participant 2"]


def test_affiliation_is_kept_only_when_the_workshop_asks(workshop, tmp_path):
    w = workshop
    p = store.join(w.db, w.code, TOKEN_A, "Ann", organisation="City of Gdańsk", city="Gdańsk")
    assert (p.organisation, p.city) == ("", "")  # not asked: not kept
    with pytest.raises(NotAllowed, match="does not ask"):
        store.set_affiliation(w.db, w.code, TOKEN_A, "City of Gdańsk", "Gdańsk")
    store.update_settings(w.db, w.code, w.key, ask_affiliation=True)
    p = store.set_affiliation(w.db, w.code, TOKEN_A, "City of Gdańsk", "Gdańsk")
    assert (p.organisation, p.city) == ("City of Gdańsk", "Gdańsk")
    q = store.join(w.db, w.code, TOKEN_B, organisation="University", city="Sopot")
    assert q.organisation == "University"
    with pytest.raises(InvalidValue, match="organisation"):
        store.set_affiliation(w.db, w.code, TOKEN_A, "x" * 121, "")
    with pytest.raises(InvalidValue, match="organisation"):
        store.join(w.db, w.code, TOKEN_C, organisation="x" * 121)
    assert store.participant_for_token(w.db, w.code, TOKEN_C) is None  # nothing half-saved
    listed = store.joined(w.db, w.code, w.key)
    assert [(j.shown_name, j.organisation, j.city) for j in listed] == [
        ("Ann", "City of Gdańsk", "Gdańsk"), (q.pseudonym, "University", "Sopot")]
    rows = export.workshop_tables(w.db, store.get_workshop(w.db, w.code))["participants"]
    assert [(r["organisation"], r["participant_city"], r["city"]) for r in rows] == [
        ("City of Gdańsk", "Gdańsk", "Gdansk"), ("University", "Sopot", "Gdansk")]
    store.update_settings(w.db, w.code, w.key, ask_affiliation=False)  # no longer asked: not exported
    rows = export.workshop_tables(w.db, store.get_workshop(w.db, w.code))["participants"]
    assert {(r["organisation"], r["participant_city"]) for r in rows} == {("", "")}


def test_forgetting_a_participant_erases_their_organisation_and_city(workshop):
    w = workshop
    store.update_settings(w.db, w.code, w.key, ask_affiliation=True)
    ann = store.join(w.db, w.code, TOKEN_A, "Ann Kowalska", organisation="Gdańsk Water", city="Sopot")
    forget.forget_participant(w.db, w.code, "Ann Kowalska")
    gone = next(p for p in store.participants(w.db, w.id) if p.id == ann.id)
    assert (gone.display_name, gone.organisation, gone.city) == ("", "", "")


def test_joined_lists_devices_not_paper_respondents(workshop):
    w = workshop
    store.join(w.db, w.code, TOKEN_A, "Ann")
    with w.db.write() as conn:
        people.paper_participant(conn, w.id, "Paper 1")
    listed = store.joined(w.db, w.code, w.key)
    assert [j.shown_name for j in listed] == ["Ann"] and listed[0].last_seen_at is not None
    assert store.participant_count(w.db, w.id) == 2


# --- a participant's own ideas -----------------------------------------------------------


def add(w, token, title="Rain gardens"):
    return store.add_idea(w.db, w.code, token, title=title, scale="small", driver="individual")


def test_authors_edit_and_withdraw_their_own_ideas_until_voting_opens(workshop, tmp_path):
    w = workshop
    store.join(w.db, w.code, TOKEN_A)
    store.join(w.db, w.code, TOKEN_B)
    mine, theirs, kept = add(w, TOKEN_A), add(w, TOKEN_B, "Bike lanes"), add(w, TOKEN_A, "Trees")
    assert store.can_edit_ideas(w.db, w.code)
    edited = store.edit_idea(w.db, w.code, TOKEN_A, mine.id, title="Rain gardens in every school",
                             description="Start with ten.", scale="large", driver="central")
    assert (edited.title, edited.scale, edited.driver) == ("Rain gardens in every school", "large", "central")
    with w.db.read() as conn:
        before = conn.execute(store.schema.history.select().where(store.schema.history.c.table_name == "ideas",
                                                                  store.schema.history.c.row_id == mine.id)).one()
    assert before.before["title"] == "Rain gardens" and before.actor.startswith("participant")
    with pytest.raises(NotAllowed, match="your own"):
        store.edit_idea(w.db, w.code, TOKEN_A, theirs.id, title="Mine now", scale="small", driver="central")
    with pytest.raises(NotAllowed, match="your own"):
        store.withdraw_idea(w.db, w.code, TOKEN_A, theirs.id)
    with pytest.raises(InvalidValue, match="idea scale"):
        store.edit_idea(w.db, w.code, TOKEN_A, mine.id, title="X", scale="huge", driver="central")
    assert store.get_idea(w.db, mine.id).title == "Rain gardens in every school"
    store.withdraw_idea(w.db, w.code, TOKEN_A, mine.id)
    assert mine.id not in {i.id for i in store.list_ideas(w.db, w.id, facilitator=True)}
    assert mine.id in {i.id for i in store.list_ideas(w.db, w.id, facilitator=True, include_withdrawn=True)}
    with pytest.raises(NotFound):
        store.withdraw_idea(w.db, w.code, TOKEN_A, mine.id)
    with pytest.raises(NotFound):
        store.vote(w.db, w.code, TOKEN_B, mine.id)
    exported = {r["id"]: r for r in export.workshop_tables(w.db, store.get_workshop(w.db, w.code))["ideas"]}
    assert exported[mine.id]["withdrawn_at"] is not None and exported[kept.id]["withdrawn_at"] is None
    store.set_phase(w.db, w.code, w.key, 3)  # vote opens
    assert not store.can_edit_ideas(w.db, w.code)
    store.set_phase(w.db, w.code, w.key, 2)  # back to the brainstorm: voting has still opened once
    with pytest.raises(NotAllowed, match="Voting has opened"):
        store.edit_idea(w.db, w.code, TOKEN_A, kept.id, title="Trees!", scale="small", driver="central")
    with pytest.raises(NotAllowed, match="Voting has opened"):
        store.withdraw_idea(w.db, w.code, TOKEN_A, kept.id)
    with pytest.raises(NotAllowed):
        store.edit_idea(w.db, w.code, "not-a-token-of-anyone-here", kept.id, title="X", scale="small",
                        driver="central")
