"""Each breakout group scores on its own (issue 14): a group scores its own top-voted ideas, its
results count only the scores given in it, a participant cannot score another group's items,
and the whole room (the plenary) pools every group."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain.errors import NotFound
from facilitation.domain.groups import ALL_GROUPS

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

TOKEN_D = "participant-token-dddddddddddddddd"
TOKENS = (TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D)


def _to_step(w, step: str) -> None:
    steps = [a.step for a in store.agenda(w.db, w.id)]
    store.set_phase(w.db, w.code, w.key, steps.index(step))


@pytest.fixture
def room(workshop):
    """Four people in two groups (balanced: A and C, B and D), one idea each, with votes from their group:
    the first group's ideas C (2 votes) then A (1), the second's B (2) then D (1)."""
    for n, token in enumerate(TOKENS):
        store.join(workshop.db, workshop.code, token, f"Person {n + 1}")
    first, second = store.split_into_groups(workshop.db, workshop.code, workshop.key, 2, "balanced")
    ideas = {token: store.add_idea(workshop.db, workshop.code, token, title=f"Idea {n + 1}", scale="small",
                                   driver="central").id for n, token in enumerate(TOKENS)}
    _to_step(workshop, "vote")
    for voter, idea_of in ((TOKEN_A, TOKEN_C), (TOKEN_C, TOKEN_C), (TOKEN_A, TOKEN_A),
                           (TOKEN_B, TOKEN_B), (TOKEN_D, TOKEN_B), (TOKEN_B, TOKEN_D)):
        store.vote(workshop.db, workshop.code, voter, ideas[idea_of])
    store.set_scoring_items(workshop.db, workshop.code, workshop.key, "ideas", top=2)
    crit = store.list_criteria(workshop.db, workshop.id)[0]
    _to_step(workshop, "scoring")
    return workshop, first, second, ideas, crit


def _pid(w, token: str) -> int:
    return store.participant_for_token(w.db, w.code, token).id


def test_each_group_scores_its_own_top_ideas_and_nothing_else(room):
    w, first, second, ideas, crit = room
    assert store.memberships(w.db, w.id)[_pid(w, TOKEN_A)] == first.id
    own = {g.id: [i.id for i in store.scoring_items(w.db, w.id, group_id=g.id)] for g in (first, second)}
    assert own == {first.id: [ideas[TOKEN_C], ideas[TOKEN_A]], second.id: [ideas[TOKEN_B], ideas[TOKEN_D]]}
    # the whole room (the plenary) scores the room's top two, whichever group wrote them
    assert [i.id for i in store.scoring_items(w.db, w.id)] == [ideas[TOKEN_B], ideas[TOKEN_C]]
    # A scores the first group's items; another group's idea is not A's to score, whatever the page sent
    assert store.set_scores(w.db, w.code, TOKEN_A, {("idea", ideas[TOKEN_A], crit.id): 4}) == 1
    with pytest.raises(NotFound, match="not being scored"):
        store.set_scores(w.db, w.code, TOKEN_A, {("idea", ideas[TOKEN_D], crit.id): 1})
    store.set_scores(w.db, w.code, TOKEN_B, {("idea", ideas[TOKEN_D], crit.id): 2})
    assert {(sc.participant_id, sc.item_id) for sc in store.list_scores(w.db, w.id, group_id=second.id)} == {
        (_pid(w, TOKEN_B), ideas[TOKEN_D])}


def test_a_groups_results_count_only_its_own_scores(room):
    w, first, second, ideas, crit = room
    store.set_scores(w.db, w.code, TOKEN_A, {("idea", ideas[TOKEN_A], crit.id): crit.scale_max,
                                             ("idea", ideas[TOKEN_C], crit.id): crit.scale_min})
    store.set_scores(w.db, w.code, TOKEN_C, {("idea", ideas[TOKEN_A], crit.id): crit.scale_max})
    store.set_scores(w.db, w.code, TOKEN_B, {("idea", ideas[TOKEN_B], crit.id): None})
    with pytest.raises(NotFound, match="not being scored"):  # the first group's idea, before the plenary
        store.set_scores(w.db, w.code, TOKEN_D, {("idea", ideas[TOKEN_C], crit.id): 3})
    one = store.scoring_data(w.db, w.id, group_id=first.id)
    assert set(one.ballots) == {_pid(w, TOKEN_A), _pid(w, TOKEN_C)} and one.participants == 2
    assert [key for key in one.item_keys] == [("idea", ideas[TOKEN_C]), ("idea", ideas[TOKEN_A])]
    two = store.scoring_data(w.db, w.id, group_id=second.id)
    assert set(two.ballots) == {_pid(w, TOKEN_B)} and two.ballots[_pid(w, TOKEN_B)] == {
        ("idea", ideas[TOKEN_B]): {crit.name: None}}
    ranked = store.group_results(w.db, w.id, group_id=first.id)
    assert [r["item_id"] for r in ranked] == [ideas[TOKEN_A], ideas[TOKEN_C]]
    assert ranked[0]["participants"] == 2 and ranked[1]["participants"] == 1
    room_data = store.scoring_data(w.db, w.id, group_id=ALL_GROUPS)
    assert room_data.participants == 4 and store.scoring_data(w.db, w.id).participants == 4
    # in the plenary everyone scores the room's items: A's page scope is the whole room
    store.set_plenary(w.db, w.code, w.key, True)
    assert store.wall_group(w.db, w.id, _pid(w, TOKEN_A)) == ALL_GROUPS
    assert store.set_scores(w.db, w.code, TOKEN_D, {("idea", ideas[TOKEN_C], crit.id): 3}) == 1


def test_scenarios_are_scored_by_every_group_apart_and_a_move_takes_the_next_score_along(workshop):
    for token in TOKENS:
        store.join(workshop.db, workshop.code, token)
    x = store.save_scenario(workshop.db, workshop.code, workshop.key, name="Green corridor").id
    crit = store.list_criteria(workshop.db, workshop.id)[0]
    _to_step(workshop, "scoring")
    # a score given before there were groups belongs to the whole room: it counts in every group
    store.set_scores(workshop.db, workshop.code, TOKEN_D, {("scenario", x, crit.id): 1})
    first, second = store.split_into_groups(workshop.db, workshop.code, workshop.key, 2, "balanced")
    assert [i.key for i in store.scoring_items(workshop.db, workshop.id, group_id=first.id)] == [("scenario", x)]
    store.set_scores(workshop.db, workshop.code, TOKEN_A, {("scenario", x, crit.id): 5})
    store.set_scores(workshop.db, workshop.code, TOKEN_B, {("scenario", x, crit.id): 0})
    voters = {g.id: set(store.scoring_data(workshop.db, workshop.id, group_id=g.id).ballots) for g in (first, second)}
    d = _pid(workshop, TOKEN_D)
    assert voters == {first.id: {_pid(workshop, TOKEN_A), d}, second.id: {_pid(workshop, TOKEN_B), d}}
    means = {g.id: store.group_results(workshop.db, workshop.id, group_id=g.id)[0]["mean: " + crit.name]
             for g in (first, second)}
    assert means == {first.id: 3.0, second.id: 0.5}
    # A moves to the second group and changes the score: it now counts there, not in the first
    store.move_participant(workshop.db, workshop.code, workshop.key, _pid(workshop, TOKEN_A), second.id)
    store.set_scores(workshop.db, workshop.code, TOKEN_A, {("scenario", x, crit.id): 4})
    assert _pid(workshop, TOKEN_A) in store.scoring_data(workshop.db, workshop.id, group_id=second.id).ballots
    assert _pid(workshop, TOKEN_A) not in store.scoring_data(workshop.db, workshop.id, group_id=first.id).ballots
    assert len(store.scoring_data(workshop.db, workshop.id).ballots) == 3
