"""Breakout groups in the store: splitting, membership and moves, each group's data kept apart,
votes within a group until the plenary, group facilitators and group-bound city links, an
older database upgraded, and the group on every exported row."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import inspect

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.groups import ALL_GROUPS, SplitPerson, deal
from facilitation.outputs import export
from facilitation.outputs.report import build_report
from facilitation.store import schema as s

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

TOKEN_D = "participant-token-dddddddddddddddd"
POINT = {"type": "Point", "coordinates": [18.646, 54.352]}


def _idea(w, token: str, title: str):
    return store.add_idea(w.db, w.code, token, title=title, scale="small", driver="central")


@pytest.fixture
def room(workshop):
    """Four participants dealt into two groups: A and C in the first, B and D in the second."""
    for n, token in enumerate((TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D)):
        store.join(workshop.db, workshop.code, token, f"Person {n + 1}")
    groups = store.split_into_groups(workshop.db, workshop.code, workshop.key, 2, "balanced")
    return workshop, groups


def _pid(w, token: str) -> int:
    return store.participant_for_token(w.db, w.code, token).id


# --- splitting and membership -------------------------------------------------------------


def test_dealing_people_out_is_even_mixes_organisations_and_follows_cities():
    people = [SplitPerson(i, organisation=org, city=city) for i, (org, city) in enumerate(
        [("City hall", "Gdansk"), ("City hall", "Gdansk"), ("University", "Riga"), ("University", ""),
         ("NGO", "riga "), ("City hall", "")], start=1)]
    for how in ("random", "balanced"):
        dealt = deal(people, 3, how, seed=7)
        assert sorted(len(x) for x in dealt) == [2, 2, 2] and sorted(i for group in dealt for i in group) == [1, 2, 3, 4, 5, 6]
    balanced = deal(people, 3, "balanced")
    orgs = {p.id: p.organisation for p in people}
    assert all(len({orgs[i] for i in group}) == len(group) for group in balanced), "colleagues were kept together"
    by_city = deal(people, 0, "by_city")
    assert by_city[0][:2] == [1, 2] and by_city[1][:2] == [3, 5]  # "riga " is Riga
    assert sorted(len(x) for x in by_city) == [3, 3]  # people without a city fill the smallest groups
    with pytest.raises(InvalidValue, match="nobody has given a city"):
        deal([SplitPerson(1)], 0, "by_city")
    with pytest.raises(InvalidValue, match="number of groups"):
        deal(people, 1, "random")


def test_split_assigns_everyone_and_a_new_split_keeps_the_first_groups(room):
    w, groups = room
    assert [g.number for g in groups] == [1, 2]
    members = store.memberships(w.db, w.id)
    assert Counter(members.values()) == {groups[0].id: 2, groups[1].id: 2}
    assert members[_pid(w, TOKEN_A)] == members[_pid(w, TOKEN_C)] == groups[0].id
    store.rename_group(w.db, w.code, w.key, groups[0].id, name="Riverside", city="Gdansk")
    three = store.split_into_groups(w.db, w.code, w.key, 3, "random", seed=1)
    assert [(g.number, g.name) for g in three] == [(1, "Riverside"), (2, ""), (3, "")]
    assert sorted(store.group_setup(w.db, w.id).sizes.values()) == [1, 1, 2]
    two = store.split_into_groups(w.db, w.code, w.key, 2, "random", seed=2)
    assert [g.number for g in two] == [1, 2] and store.group_setup(w.db, w.id).unassigned == 0
    assert store.get_group(w.db, three[2].id).number == 3  # removed, still in the data
    with pytest.raises(NotAllowed):
        store.split_into_groups(w.db, w.code, TOKEN_A, 2)


def test_split_by_city_makes_a_group_per_city(workshop):
    w = workshop
    store.update_settings(w.db, w.code, w.key, ask_affiliation=True)
    store.join(w.db, w.code, TOKEN_A, "Ann")
    with pytest.raises(InvalidValue, match="city"):
        store.split_into_groups(w.db, w.code, w.key, 0, "by_city")
    store.set_affiliation(w.db, w.code, TOKEN_A, "City hall", "Gdansk")
    store.join(w.db, w.code, TOKEN_B, "Ben", organisation="NGO", city="Riga")
    store.join(w.db, w.code, TOKEN_C, "Cas", organisation="NGO", city="gdansk")
    groups = store.split_into_groups(w.db, w.code, w.key, 0, "by_city")
    assert [(g.name, g.city) for g in groups] == [("Gdansk", "Gdansk"), ("Riga", "Riga")]
    assert store.group_of(w.db, w.id, _pid(w, TOKEN_C)).city == "Gdansk"


def test_newcomers_go_to_the_smallest_group_or_pick_when_allowed(room):
    w, groups = room
    extra = store.create_group(w.db, w.code, w.key, name="Late comers")
    late = "participant-token-eeeeeeeeeeeeeeee"
    assert store.my_group(w.db, w.code, late) is None  # not joined yet
    store.join(w.db, w.code, late)
    assert store.my_group(w.db, w.code, late) == extra  # the empty group was the smallest
    with pytest.raises(NotAllowed, match="assigns the groups"):
        store.choose_group(w.db, w.code, TOKEN_A, groups[1].id)
    store.set_group_picking(w.db, w.code, w.key, True)
    picker = "participant-token-ffffffffffffffff"
    store.join(w.db, w.code, picker)
    assert store.my_group(w.db, w.code, picker) is None and store.group_setup(w.db, w.id).unassigned == 1
    assert store.choose_group(w.db, w.code, picker, groups[1].id) == groups[1]
    with pytest.raises(NotFound):
        store.choose_group(w.db, w.code, picker, 987654)
    store.remove_group(w.db, w.code, w.key, extra.id)
    assert store.my_group(w.db, w.code, late) is not None  # moved to a remaining group
    assert [g.id for g in store.list_groups(w.db, w.id)] == [g.id for g in groups]


def test_a_move_takes_effect_on_the_next_write_whatever_the_page_believes(room):
    """A page loaded while A was in group 1 posts after the facilitator moved A: the store decides."""
    w, groups = room
    before = w.db.revisions(w.id).get("groups", 0)
    store.move_participant(w.db, w.code, w.key, _pid(w, TOKEN_A), groups[1].id)
    assert w.db.revisions(w.id)["groups"] == before + 1
    assert _idea(w, TOKEN_A, "Cool roofs").group_id == groups[1].id
    store.move_participant(w.db, w.code, w.key, _pid(w, TOKEN_A), None)
    assert _idea(w, TOKEN_A, "Rain gardens").group_id is None
    with pytest.raises(NotFound):
        store.move_participant(w.db, w.code, w.key, 99999, groups[0].id)
    with pytest.raises(NotAllowed):
        store.move_participant(w.db, w.code, TOKEN_B, _pid(w, TOKEN_B), groups[0].id)


# --- each group's data apart ------------------------------------------------------------------


def test_each_participant_sees_only_their_groups_wall_grid_scores_and_map(room):
    w, (first, second) = room
    store.move_participant(w.db, w.code, w.key, _pid(w, TOKEN_C), None)
    whole_room = _idea(w, TOKEN_C, "Whole room idea")  # someone in no group: seen by everyone
    store.move_participant(w.db, w.code, w.key, _pid(w, TOKEN_C), first.id)
    a, b = _idea(w, TOKEN_A, "Group one idea"), _idea(w, TOKEN_B, "Group two idea")
    store.add_stakeholder(w.db, w.code, TOKEN_A, name="Port authority", category="public", power=4, interest=3)
    store.add_stakeholder(w.db, w.code, TOKEN_B, name="Cyclists", category="civil", power=2, interest=5)
    crit = store.list_criteria(w.db, w.id)[0].id
    store.set_scores(w.db, w.code, TOKEN_A, {("idea", a.id, crit): 4}, prepared=True)
    store.set_scores(w.db, w.code, TOKEN_B, {("idea", b.id, crit): 2}, prepared=True)
    store.add_feature(w.db, w.code, w.key, geometry=POINT, label="Dock", group_id=second.id)
    store.add_feature(w.db, w.code, w.key, geometry=POINT, label="Town hall")

    scope_a = store.wall_group(w.db, w.id, _pid(w, TOKEN_A))
    assert scope_a == first.id
    assert [i.title for i in store.list_ideas(w.db, w.id, group_id=scope_a)] == ["Whole room idea", "Group one idea"]
    assert [st.name for st in store.list_stakeholders(w.db, w.id, group_id=scope_a)] == ["Port authority"]
    assert [sc.item_id for sc in store.list_scores(w.db, w.id, group_id=scope_a)] == [a.id]
    assert [f.label for f in store.list_features(w.db, w.id, group_id=scope_a)] == ["Town hall"]
    assert [f.label for f in store.list_features(w.db, w.id, group_id=second.id)] == ["Dock", "Town hall"]
    assert [i.title for i in store.list_ideas(w.db, w.id, group_id=None)] == [whole_room.title]
    assert len(store.list_ideas(w.db, w.id, facilitator=True)) == 3  # the facilitator sees every group
    store.set_plenary(w.db, w.code, w.key, True)
    assert store.wall_group(w.db, w.id, _pid(w, TOKEN_A)) == ALL_GROUPS


def test_votes_stay_in_the_group_until_the_plenary(room):
    w, (first, _second) = room
    mine, theirs = _idea(w, TOKEN_A, "Ours"), _idea(w, TOKEN_B, "Theirs")
    votes_before = w.db.revisions(w.id).get("votes", 0)
    with pytest.raises(NotAllowed, match="your group's ideas"):
        store.vote(w.db, w.code, TOKEN_A, theirs.id)  # a forged click on another group's idea
    assert w.db.revisions(w.id).get("votes", 0) == votes_before
    assert store.vote(w.db, w.code, TOKEN_A, mine.id) == 2
    store.set_plenary(w.db, w.code, w.key, True)
    assert store.group_setup(w.db, w.id).plenary
    assert store.vote(w.db, w.code, TOKEN_A, theirs.id) == 1  # the same budget, across groups
    with w.db.read() as conn:
        groups = dict(conn.execute(s.votes.select().with_only_columns(s.votes.c.idea_id, s.votes.c.group_id)).all())
    assert groups == {mine.id: first.id, theirs.id: first.id}  # each dot records the voter's group
    store.set_plenary(w.db, w.code, w.key, False)
    with pytest.raises(NotAllowed):
        store.vote(w.db, w.code, TOKEN_A, theirs.id)


def test_group_summaries_for_the_console_and_the_plenary(room):
    w, (first, second) = room
    a = _idea(w, TOKEN_A, "Trees")
    _idea(w, TOKEN_C, "Benches")
    store.vote(w.db, w.code, TOKEN_C, a.id)
    store.add_stakeholder(w.db, w.code, TOKEN_B, name="Cyclists", category="civil", power=2, interest=5)
    summaries = store.group_summaries(w.db, w.code, w.key)
    one, two = summaries
    assert (one.label, one.members, one.ideas, one.votes, one.stakeholders) == (
        "Group 1", ("Person 1", "Person 3"), 2, 1, 0)
    assert [(i.title, i.votes) for i in one.top_ideas] == [("Trees", 1), ("Benches", 0)]
    assert (two.ideas, two.stakeholders, two.top_ideas) == (0, 1, ())
    assert one.last_activity is not None and two.last_activity is not None
    with pytest.raises(NotAllowed):
        store.group_summaries(w.db, w.code, TOKEN_A)
    assert {k: [j.shown_name for j in v] for k, v in store.group_members(w.db, w.code, w.key).items()} == {
        first.id: ["Person 1", "Person 3"], second.id: ["Person 2", "Person 4"], None: []}


# --- group facilitators and group-bound city links -------------------------------------------


def test_a_group_facilitator_moderates_its_own_group_only(room):
    w, (first, _second) = room
    key = store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "North", group_id=first.id).key
    ours, ours2, theirs = _idea(w, TOKEN_A, "Ours"), _idea(w, TOKEN_C, "Ours too"), _idea(w, TOKEN_B, "Theirs")
    st = store.add_stakeholder(w.db, w.code, TOKEN_B, name="Cyclists", category="civil", power=2, interest=5)
    assert store.key_group(w.db, w.code, key) == first
    assert store.set_hidden(w.db, w.code, key, ours.id, True).hidden
    assert store.merge_ideas(w.db, w.code, key, ours.id, ours2.id).id == ours.id
    before = w.db.revisions(w.id)
    for refused in (lambda: store.set_hidden(w.db, w.code, key, theirs.id, True),
                    lambda: store.merge_ideas(w.db, w.code, key, ours.id, theirs.id),
                    lambda: store.set_stakeholder_hidden(w.db, w.code, key, st.id, True),
                    lambda: store.move_stakeholder(w.db, w.code, st.id, power=5, interest=5, key=key)):
        with pytest.raises(NotAllowed, match="own group"):
            refused()
    assert w.db.revisions(w.id) == before, "a refused call changed the store"
    assert not store.get_idea(w.db, theirs.id).hidden
    for steering in (lambda: store.set_phase(w.db, w.code, key, 1),
                     lambda: store.split_into_groups(w.db, w.code, key, 2)):
        with pytest.raises(NotAllowed):
            steering()
    assert store.can(w.db, w.code, key, "moderate") and not store.can(w.db, w.code, key, "steer")
    assert [x.group.id for x in store.group_summaries(w.db, w.code, key)] == [first.id]
    with pytest.raises(InvalidValue, match="needs the group"):
        store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "Nowhere")
    with pytest.raises(InvalidValue, match="bound to a group"):
        store.issue_role_key(w.db, w.code, w.key, "expert", "Ann", group_id=first.id)
    assert [k.group_id for k in store.list_role_keys(w.db, w.code, w.key)] == [first.id]


def test_a_city_link_bound_to_a_group_draws_that_groups_challenge(room):
    w, (first, second) = room
    city = store.issue_role_key(w.db, w.code, w.key, "city", "Riga", group_id=second.id).key
    saved = store.save_group_challenge(w.db, w.code, city, second.id, title="Flooding on the river banks",
                                       text="Spring floods", city="Riga", lat=56.95, lon=24.1, zoom=12)
    assert (saved.challenge_title, saved.city, saved.zoom, saved.has_challenge) == (
        "Flooding on the river banks", "Riga", 12, True)
    before = w.db.revisions(w.id)
    with pytest.raises(NotAllowed, match="another group"):
        store.save_group_challenge(w.db, w.code, city, first.id, title="Not ours")
    with pytest.raises(NotAllowed, match="one group's challenge"):
        store.save_challenge(w.db, w.code, city, title="The workshop's")
    assert w.db.revisions(w.id) == before
    drawn = store.add_feature(w.db, w.code, city, geometry=POINT, label="Levee", group_id=first.id)
    assert drawn.group_id == second.id  # a bound link draws on its own group's map whatever is sent
    other = store.add_feature(w.db, w.code, w.key, geometry=POINT, label="Square", group_id=first.id)
    with pytest.raises(NotAllowed, match="another group's map"):
        store.remove_feature(w.db, w.code, city, other.id)
    with pytest.raises(InvalidValue):
        store.save_group_challenge(w.db, w.code, w.key, first.id, title="x", zoom=40)
    assert store.save_group_challenge(w.db, w.code, w.key, first.id, title="Heat").challenge_title == "Heat"


# --- an older database, exports -----------------------------------------------------------------


# Columns and tables the groups issue added (migration 3).
NEW_COLUMNS = {("ideas", "group_id"), ("ideas", "previous_idea_id"), ("ideas", "carried_votes"), ("votes", "group_id"),
               ("stakeholders", "group_id"), ("scores", "group_id"), ("map_features", "group_id"),
               ("workshops", "previous_id"), ("facilitator_keys", "group_id")}


def _version_two_schema(path) -> None:
    """A database as migration 2 left it, with one workshop, a participant and an idea."""
    from datetime import datetime

    from sqlalchemy import MetaData, Table, create_engine

    old = MetaData()
    for table in s.metadata.sorted_tables:
        if table.name not in ("groups", "group_members"):
            Table(table.name, old, *[c._copy() for c in table.columns if (table.name, c.name) not in NEW_COLUMNS])
    engine = create_engine(f"sqlite:///{path}")
    stamp = datetime(2026, 3, 1, 9, 0)
    with engine.begin() as conn:
        old.create_all(conn)
        for version in (1, 2):
            conn.execute(old.tables["schema_version"].insert().values(version=version, description="old",
                                                                       applied_at=stamp))
        conn.execute(old.tables["workshops"].insert().values(
            id=1, code="WKSHP2", key_hash="0" * 64, title="Old", city="Vienna", template="city-two-rounds",
            themes=[], settings={}, created_at=stamp, updated_at=stamp))
        conn.execute(old.tables["participants"].insert().values(
            id=1, workshop_id=1, token_hash="1" * 64, pseudonym="Blue Heron", created_at=stamp, updated_at=stamp))
        conn.execute(old.tables["ideas"].insert().values(
            id=1, workshop_id=1, title="Before groups", scale="small", driver="central", author_id=1,
            created_at=stamp, updated_at=stamp))
    engine.dispose()


@pytest.mark.backends("sqlite")
def test_an_older_database_gains_the_group_tables_and_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_two_schema(path)
    with store.Database(path) as db:
        with db.read() as conn:
            tables = set(inspect(conn).get_table_names())
            have = {(t, c["name"]) for t in tables for c in inspect(conn).get_columns(t)}
        assert {"groups", "group_members"} <= tables and NEW_COLUMNS <= have
        idea = store.get_idea(db, 1)
        assert (idea.title, idea.group_id, idea.carried_votes) == ("Before groups", None, 0)
        assert store.get_workshop(db, "WKSHP2").previous_id is None
        store.join(db, "WKSHP2", TOKEN_A)
        group = store.create_group(db, "WKSHP2", store.issue_organiser_key(db), name="First")
        assert store.my_group(db, "WKSHP2", TOKEN_A) is None  # joined before the group existed
        assert [i.title for i in store.list_ideas(db, 1, group_id=group.id)] == ["Before groups"]


def test_every_exported_row_names_its_group(room):
    w, (_first, second) = room
    store.rename_group(w.db, w.code, w.key, second.id, name="Harbour", city="Gdynia")
    a, b = _idea(w, TOKEN_A, "Trees"), _idea(w, TOKEN_B, "Ferries")
    store.vote(w.db, w.code, TOKEN_B, b.id)
    store.add_stakeholder(w.db, w.code, TOKEN_B, name="Port", category="business", power=5, interest=4)
    crit = store.list_criteria(w.db, w.id)[0].id
    store.set_scores(w.db, w.code, TOKEN_A, {("idea", a.id, crit): 3}, prepared=True)
    tables = export.workshop_tables(w.db, store.get_workshop(w.db, w.code))
    assert [(r["title"], r["group"], r["group_city"]) for r in tables["ideas"]] == [
        ("Trees", "Group 1", ""), ("Ferries", "Harbour", "Gdynia")]
    assert [r["group"] for r in tables["votes"]] == ["Harbour"]
    assert [r["group"] for r in tables["stakeholders"]] == ["Harbour"]
    assert [r["group"] for r in tables["scores"]] == ["Group 1"]
    assert [r["group"] for r in tables["participants"]] == ["Group 1", "Harbour", "Group 1", "Harbour"]
    assert tables["workshops"][0]["groups"] == 2
    header = export.csv_bytes("ideas", tables["ideas"], with_names=False).decode().splitlines()[0].split(",")
    assert "group" in header and "group_city" in header
    html = build_report(store.get_workshop(w.db, w.code), tables)
    assert 'id="group-1"' in html and 'id="group-2"' in html and "Harbour · Gdynia" in html


def test_a_workshop_without_groups_exports_empty_group_columns(workshop):
    store.join(workshop.db, workshop.code, TOKEN_A)
    _idea(workshop, TOKEN_A, "Trees")
    tables = export.workshop_tables(workshop.db, store.get_workshop(workshop.db, workshop.code))
    text = export.csv_bytes("ideas", tables["ideas"], with_names=False).decode().splitlines()
    cols = text[0].split(",")
    assert text[1].split(",")[cols.index("group")] == "" and tables["workshops"][0]["groups"] == 0
    assert store.wall_group(workshop.db, workshop.id, _pid(workshop, TOKEN_A)) == ALL_GROUPS
    assert 'class="fk-report-group"' not in build_report(store.get_workshop(workshop.db, workshop.code), tables)
