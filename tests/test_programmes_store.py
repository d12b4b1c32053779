"""Programmes, phases, venues, meeting records, practices and recognition: each record and who may write it."""

from __future__ import annotations

from datetime import date

import pytest

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.store.forget import forget_participant

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

WRONG = "not-a-key-of-anything-at-all-000"
PERSON = "person-key-kept-by-the-browser-0001"


@pytest.fixture
def org(db: store.Database) -> str:
    return store.issue_organiser_key(db, label="test")


@pytest.fixture
def series(db: store.Database, org: str, workshop) -> str:  # noqa: ANN001 - the conftest fixture
    store.create_programme(db, org, name="Local workshops", description="Four cities", themes=["smart city"],
                           organisers=["CoR", "JASPERS"], hosts=["Gdansk"])
    store.add_phase(db, org, "Local workshops", name="Spring", starts_on="2017-05-01", ends_on="2017-06-30")
    store.add_phase(db, org, "Local workshops", name="Summer", starts_on=date(2017, 7, 1))
    return "Local workshops"


# --- programmes and phases ---------------------------------------------------------------


def test_programme_with_phases_round_trips(db, series) -> None:
    p = store.get_programme(db, series)
    assert (p.description, p.language, p.themes, p.organisers, p.hosts) == (
        "Four cities", "en", ("smart city",), ("CoR", "JASPERS"), ("Gdansk",))
    assert [(f.position, f.name, f.starts_on, f.ends_on) for f in p.phases] == [
        (0, "Spring", date(2017, 5, 1), date(2017, 6, 30)), (1, "Summer", date(2017, 7, 1), None)]
    assert [x.name for x in store.list_programmes(db)] == [series]


def test_programme_values_are_checked(db, org, series) -> None:
    with pytest.raises(InvalidValue, match="already the name"):
        store.create_programme(db, org, name=series)
    with pytest.raises(InvalidValue, match="programme language"):
        store.create_programme(db, org, name="Other", language="xx")
    with pytest.raises(InvalidValue, match="cannot end before"):
        store.add_phase(db, org, series, name="Autumn", starts_on="2017-10-01", ends_on="2017-09-01")
    with pytest.raises(InvalidValue, match="not a date"):
        store.add_phase(db, org, series, name="Autumn", starts_on="next week")
    with pytest.raises(NotFound, match="facilitation programmes"):
        store.get_programme(db, "No such programme")


def test_update_programme_and_phase(db, org, series) -> None:
    p = store.update_programme(db, org, series, description="Changed", language="pl", hosts=["Sofia"])
    assert (p.description, p.language, p.hosts, p.organisers) == ("Changed", "pl", ("Sofia",), ("CoR", "JASPERS"))
    phase = store.update_phase(db, org, p.phases[1].id, ends_on="2017-09-30")
    assert phase.ends_on == date(2017, 9, 30) and phase.name == "Summer"


@pytest.mark.parametrize("who", ["facilitator", "participant", "wrong", "none"])
def test_only_an_organiser_changes_programmes(db, workshop, series, who) -> None:
    store.join(db, workshop.code, TOKEN_A)
    key = {"facilitator": workshop.key, "participant": TOKEN_A, "wrong": WRONG, "none": None}[who]
    attempts = [
        lambda: store.create_programme(db, key, name="Mine"),
        lambda: store.update_programme(db, key, series, description="x"),
        lambda: store.add_phase(db, key, series, name="Mine"),
        lambda: store.add_venue(db, key, name="Hall", city="Gdansk"),
        lambda: store.assign_workshop(db, key, workshop.code, programme=series),
        lambda: store.add_practice(db, key, title="Mine"),
        lambda: store.harvest_practices(db, key, series),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert store.get_programme(db, series).description == "Four cities"
    assert store.list_venues(db) == [] and store.search_practices(db) == []


# --- workshops in a programme, venues ----------------------------------------------------


def test_assign_workshop_with_phase_kind_days_and_venue(db, org, workshop, series) -> None:
    venue = store.add_venue(db, org, name="Old Town Hall", city="Gdansk", country="Poland")
    assert venue.lat == pytest.approx(54.35, abs=0.05) and venue.lon == pytest.approx(18.65, abs=0.05)
    with pytest.raises(InvalidValue, match="first day"):
        store.assign_workshop(db, org, workshop.code, programme=series, end_date="2017-05-10")
    store.assign_workshop(db, org, workshop.code, programme=series)  # no date yet: stays one day
    with pytest.raises(InvalidValue, match="kind of workshop"):
        store.assign_workshop(db, org, workshop.code, programme=series, kind="party")
    with pytest.raises(NotFound, match="no phase"):
        store.assign_workshop(db, org, workshop.code, programme=series, phase="Winter")
    store.update_details(db, workshop.code, workshop.key, date="2017-07-05")
    w = store.assign_workshop(db, org, workshop.code, programme=series, phase="Summer", kind="partner-meeting",
                              end_date="2017-07-06", venue_id=venue.id)
    assert (w.kind, w.end_date, w.venue_id) == ("partner-meeting", date(2017, 7, 6), venue.id)
    [entry] = store.programme_workshops(db, series, today=date(2026, 1, 1))
    assert (entry.phase.name, entry.kind, entry.venue.label, entry.status, entry.last_day) == (
        "Summer", "partner-meeting", "Old Town Hall, Gdansk, Poland", "done", date(2017, 7, 6))
    assert store.list_venues(db, series) == [venue]
    with pytest.raises(InvalidValue, match="before the workshop"):
        store.assign_workshop(db, org, workshop.code, programme=series, end_date="2017-07-01")


def test_status_follows_dates_and_joining(db, org, workshop, series) -> None:
    store.assign_workshop(db, org, workshop.code, programme=series)
    store.update_details(db, workshop.code, workshop.key, date="2030-01-10")
    [entry] = store.programme_workshops(db, series, today=date(2029, 12, 1))
    assert entry.status == "planned"
    store.join(db, workshop.code, TOKEN_A)
    [entry] = store.programme_workshops(db, series, today=date(2029, 12, 1))
    assert (entry.status, entry.participants) == ("running", 1)


def test_venue_is_a_place_or_a_link_and_found_again(db, org) -> None:
    online = store.add_venue(db, org, name="https://meet.example.org/room")
    assert (online.url, online.lat, online.online, online.label) == (
        "https://meet.example.org/room", None, True, "https://meet.example.org/room")
    assert store.add_venue(db, org, url="https://meet.example.org/room").id == online.id
    with_city = store.add_venue(db, org, name="https://meet.example.org/other", city="Gdansk")
    assert (with_city.url, with_city.lat, with_city.online) == ("https://meet.example.org/other", None, True)
    with pytest.raises(InvalidValue, match="web address"):
        store.add_venue(db, org, url="javascript:alert(1)")
    with pytest.raises(InvalidValue, match="needs a place name"):
        store.add_venue(db, org)
    unknown = store.add_venue(db, org, city="Nowhere-on-earth")
    assert unknown.lat is None


# --- meeting record ------------------------------------------------------------------------


def test_meeting_record_items_and_actions(db, workshop) -> None:
    before = db.revisions(workshop.id).get("meeting", 0)
    item = store.add_meeting_item(db, workshop.code, workshop.key, topic="Peer-learning plan")
    store.add_meeting_item(db, workshop.code, workshop.key, topic="Take-away", city="Valongo", notes="Streets")
    item = store.update_meeting_item(db, workshop.code, workshop.key, item.id, notes="Drafted", decisions="Adopt it")
    assert [(i.position, i.topic, i.notes, i.decisions, i.city) for i in store.meeting(db, workshop.code)] == [
        (0, "Peer-learning plan", "Drafted", "Adopt it", ""), (1, "Take-away", "Streets", "", "Valongo")]
    action = store.add_action(db, workshop.code, workshop.key, text="Send the plan", owner="Partner A",
                              due="2019-10-15", item_id=item.id)
    action = store.update_action(db, workshop.code, workshop.key, action.id, done=True)
    assert (action.done, action.due, action.item_id) == (True, date(2019, 10, 15), item.id)
    action = store.update_action(db, workshop.code, workshop.key, action.id, due=None)
    assert action.due is None and action.done is True
    assert store.list_actions(db, workshop.code) == [action]
    assert db.revisions(workshop.id)["meeting"] >= before + 5
    with pytest.raises(InvalidValue, match="topic"):
        store.add_meeting_item(db, workshop.code, workshop.key, topic="  ")


@pytest.mark.parametrize("who", ["participant", "wrong", "other facilitator", "expert"])
def test_only_steering_keys_write_the_record(db, workshop, who) -> None:
    other = store.create_workshop(db, title="Elsewhere", city="Sofia")
    store.join(db, workshop.code, TOKEN_A)
    expert = store.issue_role_key(db, workshop.code, workshop.key, "expert").key
    key = {"participant": TOKEN_A, "wrong": WRONG, "other facilitator": other.key, "expert": expert}[who]
    item = store.add_meeting_item(db, workshop.code, workshop.key, topic="Agenda")
    action = store.add_action(db, workshop.code, workshop.key, text="Do it")
    for attempt in (lambda: store.add_meeting_item(db, workshop.code, key, topic="Mine"),
                    lambda: store.update_meeting_item(db, workshop.code, key, item.id, notes="Mine"),
                    lambda: store.add_action(db, workshop.code, key, text="Mine"),
                    lambda: store.update_action(db, workshop.code, key, action.id, done=True)):
        with pytest.raises(NotAllowed):
            attempt()
    assert store.meeting(db, workshop.code)[0].notes == "" and not store.list_actions(db, workshop.code)[0].done


def test_organiser_and_co_facilitator_write_the_record(db, org, workshop) -> None:
    co = store.issue_role_key(db, workshop.code, workshop.key, "co-facilitator").key
    store.add_meeting_item(db, workshop.code, org, topic="By the organiser")
    store.add_meeting_item(db, workshop.code, co, topic="By the co-facilitator")
    assert [i.topic for i in store.meeting(db, workshop.code)] == ["By the organiser", "By the co-facilitator"]


def test_an_item_of_another_workshop_is_not_found(db, workshop) -> None:
    other = store.create_workshop(db, title="Elsewhere", city="Sofia")
    theirs = store.add_meeting_item(db, other.workshop.code, other.key, topic="Theirs")
    with pytest.raises(NotFound):
        store.update_meeting_item(db, workshop.code, workshop.key, theirs.id, notes="Mine")
    with pytest.raises(NotFound):
        store.add_action(db, workshop.code, workshop.key, text="x", item_id=theirs.id)


# --- participation, quotes, practices ------------------------------------------------------


def test_recognised_people_count_once_across_the_programme(db, org, workshop, series) -> None:
    second = store.create_workshop(db, title="Round two", city="Gdansk", programme=series)
    store.assign_workshop(db, org, workshop.code, programme=series)
    for code, token in ((workshop.code, TOKEN_A), (workshop.code, TOKEN_B), (second.workshop.code, TOKEN_C)):
        store.join(db, code, token)
    assert store.unique_participants(db, series) == 3
    store.recognise(db, workshop.code, TOKEN_A, PERSON)
    store.recognise(db, second.workshop.code, TOKEN_C, PERSON)
    assert store.unique_participants(db, series) == 2
    with pytest.raises(NotAllowed):
        store.recognise(db, workshop.code, WRONG, PERSON)
    pid = store.participant_for_token(db, workshop.code, TOKEN_A).id
    forget_participant(db, workshop.code, str(pid))
    assert store.unique_participants(db, series) == 3  # the hash went with the name


def test_feedback_quotes_by_city(db, org, workshop, series) -> None:
    store.assign_workshop(db, org, workshop.code, programme=series)
    store.join(db, workshop.code, TOKEN_A)
    store.submit_feedback(db, workshop.code, TOKEN_A, rating=4, take_home="Try temporary streets")
    store.add_meeting_item(db, workshop.code, workshop.key, topic="Take-away", city="Aachen", notes="Circular")
    quotes = store.feedback_quotes(db, series)
    assert [(q.city, q.text, q.workshop_code) for q in quotes] == [
        ("Aachen", "Circular", workshop.code), ("Gdansk", "Try temporary streets", workshop.code)]


def test_practice_library_harvest_search_and_pick(db, org, workshop, series) -> None:
    store.assign_workshop(db, org, workshop.code, programme=series)
    sc = store.save_scenario(db, workshop.code, workshop.key, name="Green streets", case_studies=[
        {"title": "Temporary street changes", "city": "Leuven", "lesson": "Trial first", "link": "https://leuven.be/"}])
    first = store.harvest_practices(db, org, series)
    assert [(p.title, p.city, p.source_workshop_id) for p in first] == [
        ("Temporary street changes", "Leuven", workshop.id)]
    assert store.harvest_practices(db, org, series) == []  # idempotent
    store.add_practice(db, org, title="Peat fields", city="Lahti", country="Finland", lesson="Store carbon",
                       themes=["forests"])
    assert [p.title for p in store.search_practices(db, "lahti carbon")] == ["Peat fields"]
    assert [p.title for p in store.search_practices(db, theme="Forests")] == ["Peat fields"]
    assert len(store.search_practices(db)) == 2
    peat = store.search_practices(db, "peat")[0]
    picked = store.pick_practice(db, workshop.code, workshop.key, peat.id, sc.id)
    again = store.pick_practice(db, workshop.code, workshop.key, peat.id, sc.id)
    assert [c.title for c in again.case_studies] == ["Temporary street changes", "Peat fields"] == [
        c.title for c in picked.case_studies]
    store.join(db, workshop.code, TOKEN_A)
    with pytest.raises(NotAllowed):
        store.pick_practice(db, workshop.code, TOKEN_A, peat.id, sc.id)
    with pytest.raises(InvalidValue, match="http"):
        store.add_practice(db, org, title="Bad", link="ftp://x")


# --- an older database gains the tables and columns (migration 2) ---------------------------

NEW_TABLES = {"phases", "venues", "meeting_items", "action_items", "materials", "practices"}
NEW_COLUMNS = {"programmes": {"language", "themes", "organisers", "hosts"},
               "workshops": {"phase_id", "kind", "end_date", "venue_id"}, "participants": {"person_hash"}}


def test_a_database_from_before_programmes_is_upgraded(tmp_path) -> None:
    from datetime import datetime

    from sqlalchemy import MetaData, Table, create_engine, insert, inspect

    from facilitation.store import schema

    old = MetaData()
    for table in schema.metadata.sorted_tables:
        if table.name in NEW_TABLES:
            continue
        drop = NEW_COLUMNS.get(table.name, set())
        Table(table.name, old, *[c._copy() for c in table.columns if c.name not in drop])
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    stamp = datetime(2025, 1, 1)
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(insert(old.tables["schema_version"]).values(version=1, description="old", applied_at=stamp))
        pid = conn.execute(insert(old.tables["programmes"]).values(
            name="Old series", description="", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        conn.execute(insert(old.tables["workshops"]).values(
            code="ABC234", key_hash="0" * 64, title="Old", city="Gdansk", country="", language="en", round=1,
            template="city-two-rounds", programme_id=pid, vote_budget=3, votes_per_idea=1, themes=[], phase_index=0,
            settings={}, created_at=stamp, updated_at=stamp))
    engine.dispose()
    with store.Database(path) as db:
        inspector = inspect(db.engine)
        assert NEW_TABLES <= set(inspector.get_table_names())
        for table, columns in NEW_COLUMNS.items():
            assert columns <= {c["name"] for c in inspector.get_columns(table)}
        w = store.get_workshop(db, "ABC234")
        assert (w.kind, w.end_date, w.phase_id, w.venue_id) == ("city-workshop", None, None, None)
        p = store.get_programme(db, "Old series")
        assert (p.language, p.themes, p.organisers, p.hosts) == ("en", (), (), ())
        [entry] = store.programme_workshops(db, "Old series")
        assert entry.kind == "city-workshop" and entry.venue is None
