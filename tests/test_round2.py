"""Round 2 built on round 1: what is carried (challenge, map, groups, ideas with their votes,
people who chose to be recognised), what is not, who may do it, and the rounds side by side."""

from __future__ import annotations

import pytest

from facilitation import cli, store
from facilitation.domain.errors import NotAllowed
from facilitation.i18n import translator
from facilitation.outputs import export
from facilitation.outputs.rounds import round_comparison, round_comparison_html

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

from test_groups_store import POINT, _idea

PERSON_KEY = "person-key-of-ann-kept-by-her-browser"


@pytest.fixture
def round_one(workshop):
    """Round 1 in two groups: Ann (recognised again) and Cas in the first, Ben in the second; ideas voted."""
    w = workshop
    store.save_challenge(w.db, w.code, w.key, title="Heat in the old town", description="Too hot in July")
    store.add_feature(w.db, w.code, w.key, geometry=POINT, label="Market square")
    store.join(w.db, w.code, TOKEN_A, "Ann")
    store.join(w.db, w.code, TOKEN_B, "Ben")
    store.join(w.db, w.code, TOKEN_C, "Cas")
    _first, second = store.split_into_groups(w.db, w.code, w.key, 2, "balanced")
    store.rename_group(w.db, w.code, w.key, second.id, name="Harbour", city="Gdynia")
    store.recognise(w.db, w.code, TOKEN_A, PERSON_KEY)
    trees, benches = _idea(w, TOKEN_A, "Street trees"), _idea(w, TOKEN_C, "Shaded benches")
    ferry = _idea(w, TOKEN_B, "Night ferry")
    hidden, gone = _idea(w, TOKEN_A, "Off topic"), _idea(w, TOKEN_C, "Taken back")
    store.set_hidden(w.db, w.code, w.key, hidden.id, True)
    store.withdraw_idea(w.db, w.code, TOKEN_C, gone.id)
    for token, idea in ((TOKEN_A, trees), (TOKEN_C, trees), (TOKEN_C, benches), (TOKEN_B, ferry)):
        store.vote(w.db, w.code, token, idea.id)
    return w, {"trees": trees, "benches": benches, "ferry": ferry}


def test_round_two_carries_ideas_with_their_votes_groups_and_recognised_people(round_one):
    w, ideas = round_one
    created = store.create_round_two(w.db, w.code, w.key, date="2026-04-20")
    two = created.workshop
    assert (two.round, two.previous_id, two.city, two.date.isoformat()) == (2, w.id, "Gdansk", "2026-04-20")
    assert two.title.endswith("— round 2") and two.code != w.code
    assert store.is_facilitator(w.db, two.code, created.key)
    assert not store.is_facilitator(w.db, w.code, created.key)  # the new key steers round 2 only
    assert store.get_challenge(w.db, two.id).title == "Heat in the old town"
    assert [f.label for f in store.list_features(w.db, two.id)] == ["Market square"]
    groups = store.list_groups(w.db, two.id)
    assert [(g.number, g.name, g.city) for g in groups] == [(1, "", ""), (2, "Harbour", "Gdynia")]

    carried = {i.title: i for i in store.list_ideas(w.db, two.id, facilitator=True)}
    assert set(carried) == {"Street trees", "Shaded benches", "Night ferry"}  # not hidden, not withdrawn
    assert {t: (i.carried_votes, i.votes) for t, i in carried.items()} == {
        "Street trees": (2, 0), "Shaded benches": (1, 0), "Night ferry": (1, 0)}
    assert carried["Night ferry"].group_id == groups[1].id and carried["Street trees"].group_id == groups[0].id

    people = store.participants(w.db, two.id)
    assert [p.display_name for p in people] == ["Ann"]  # only who chose to be recognised again
    assert carried["Street trees"].author_id == people[0].id and carried["Shaded benches"].author_id is None
    assert store.memberships(w.db, two.id) == {people[0].id: groups[0].id}
    assert store.joined(w.db, two.code, created.key) == []  # a carried person is not in the room yet
    assert store.people_here(w.db, two.id) == 0 and store.carried_votes(w.db, two.id) == 4
    assert store.previous_round(w.db, two.id).code == w.code and store.next_round(w.db, w.id).code == two.code

    # A newcomer joins the smallest group (the carried Ann counts); round 2 votes start afresh.
    dora = "participant-token-round-two-dddddddd"
    store.join(w.db, two.code, dora, "Dora")
    assert store.my_group(w.db, two.code, dora) == groups[1]
    assert store.vote(w.db, two.code, dora, carried["Night ferry"].id) == store.get_workshop(w.db, two.code).vote_budget - 1

    tables = export.workshop_tables(w.db, two)
    rows = {r["title"]: r for r in tables["ideas"]}
    assert (rows["Street trees"]["previous_idea_id"], rows["Street trees"]["carried_votes"]) == (ideas["trees"].id, 2)
    assert rows["Night ferry"]["group"] == "Harbour" and tables["workshops"][0]["previous_code"] == w.code
    assert [r["source"] for r in tables["participants"]] == ["carried", "live"]
    assert tables["workshops"][0]["participants"] == 1  # the carried copy of Ann is not counted


def test_only_the_facilitator_of_round_one_creates_round_two(round_one):
    w, _ideas = round_one
    expert = store.issue_role_key(w.db, w.code, w.key, "expert", "Eve").key
    before = len(store.list_workshops(w.db))
    for key in (expert, TOKEN_A, "not-a-key-of-this-workshop-at-all"):
        with pytest.raises(NotAllowed):
            store.create_round_two(w.db, w.code, key)
    assert len(store.list_workshops(w.db)) == before
    co = store.issue_role_key(w.db, w.code, w.key, "co-facilitator", "Cora").key
    assert store.create_round_two(w.db, w.code, co, title="Gdansk, second round").workshop.title == (
        "Gdansk, second round")


def test_the_review_compares_the_rounds_of_a_city(round_one):
    w, _ideas = round_one
    two = store.create_round_two(w.db, w.code, w.key)
    _idea(w, TOKEN_A, "A round-one latecomer")  # round 1 keeps its own life
    store.create_workshop(w.db, title="Elsewhere", city="Riga")
    comparison = round_comparison(w.db)
    assert [c.city for c in comparison] == ["Gdansk"]  # a city with one workshop is left out
    one, second = comparison[0].rounds
    assert (one.code, one.round, one.participants, one.ideas, one.votes, one.carried_votes) == (w.code, 1, 3, 4, 4, 0)
    assert (second.code, second.round, second.participants, second.ideas, second.votes, second.carried_votes) == (
        two.workshop.code, 2, 0, 3, 0, 4)
    assert [(i.title, i.votes) for i in second.top_ideas][0] == ("Street trees", 2)
    assert [c.city for c in round_comparison(w.db, "riga", single=True)] == ["Riga"]
    html = round_comparison_html(translator("en"), comparison)
    assert w.code in html and two.workshop.code in html and "Round 2" in html and 'data-city="Gdansk"' in html


def test_the_command_line_makes_round_two(tmp_path, capsys):
    path = tmp_path / "cli.sqlite"
    with store.Database(path) as db:
        created = store.create_workshop(db, title="Heat", city="Gdansk")
        store.join(db, created.workshop.code, TOKEN_A)
        _idea(type("W", (), {"db": db, "code": created.workshop.code})(), TOKEN_A, "Fountains")
    assert cli.main(["--db", str(path), "round2", created.workshop.code, "--title", "Heat, round 2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    code = lines[0].removeprefix("Join code: ")
    assert lines[1].startswith("Facilitator key: ")
    with store.Database(path) as db:
        two = store.get_workshop(db, code)
        assert (two.title, two.round) == ("Heat, round 2", 2)
        assert [i.title for i in store.list_ideas(db, two.id)] == ["Fountains"]


# --- round 2's date and steps (issue 22, point 5) ---------------------------------------------


def test_round_two_runs_the_chosen_steps_on_its_date_and_keeps_group_picking(round_one):
    w, _ideas = round_one
    store.set_group_picking(w.db, w.code, w.key, True)
    created = store.create_round_two(w.db, w.code, w.key, date="2026-05-12",
                                     steps=["scoring", "scenarios", "stakeholders"])
    two = created.workshop
    items = store.agenda(w.db, two.id)
    assert [i.step for i in items] == ["scenarios", "stakeholders", "scoring"]  # in round 1's order
    one_items = {i.step: i for i in store.agenda(w.db, w.id)}
    assert [(i.title, i.minutes) for i in items] == [(one_items[i.step].title, one_items[i.step].minutes)
                                                     for i in items]
    assert two.date.isoformat() == "2026-05-12" and two.phase_index == 0
    assert all(i.started_at is None for i in items) and not store.is_started(w.db, two.id)
    assert (two.settings or {}).get("group_picking") is True
    assert len(store.list_groups(w.db, two.id)) == 2


def test_round_two_leaves_out_the_welcome_unless_asked(round_one):
    w, _ideas = round_one
    default = store.create_round_two(w.db, w.code, w.key)
    steps = [i.step for i in store.agenda(w.db, default.workshop.id)]
    assert "waiting" not in steps and steps == [i.step for i in store.agenda(w.db, w.id) if i.step != "waiting"]
    asked = store.copy_round_two(w.db, w.code, steps=["waiting", "brainstorm"])
    assert [i.step for i in store.agenda(w.db, asked.workshop.id)] == ["waiting", "brainstorm"]


@pytest.mark.parametrize("steps", [["dancing"], [], "vote", [3]])
def test_round_two_refuses_steps_it_does_not_know(round_one, steps):
    from facilitation.domain.errors import InvalidValue

    w, _ideas = round_one
    with pytest.raises(InvalidValue):
        store.create_round_two(w.db, w.code, w.key, date="2026-05-12", steps=steps)
    assert store.next_round(w.db, w.id) is None


def test_the_command_line_asks_round_two_for_its_date_and_steps(tmp_path, capsys):
    path = tmp_path / "cli.sqlite"
    with store.Database(path) as db:
        created = store.create_workshop(db, title="Heat", city="Gdansk")
    assert cli.main(["--db", str(path), "round2", created.workshop.code, "--date", "2026-05-12",
                     "--steps", "vote,scoring, feedback"]) == 0
    code = capsys.readouterr().out.splitlines()[0].removeprefix("Join code: ")
    with store.Database(path) as db:
        two = store.get_workshop(db, code)
        assert two.date.isoformat() == "2026-05-12"
        assert [i.step for i in store.agenda(db, two.id)] == ["vote", "scoring", "feedback"]
    assert cli.main(["--db", str(path), "round2", created.workshop.code, "--steps", "vote,nap"]) == 2
    assert "nap" in capsys.readouterr().err
