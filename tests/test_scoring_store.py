"""The scoring part of the store: what is scored, criteria editing, scores, result and feedback rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.store import schema as s

from conftest import TOKEN_A, TOKEN_B, TOKEN_C


def _to_step(w, step: str) -> None:
    steps = [a.step for a in store.agenda(w.db, w.id)]
    store.set_phase(w.db, w.code, w.key, steps.index(step))


def _two_criteria(w) -> tuple[int, int]:
    """Reduce the template's criteria to Impact (weight 3, higher) and Cost (weight 1, lower), both 0..5."""
    crits = store.list_criteria(w.db, w.id)
    for c in crits[2:]:
        store.remove_criterion(w.db, w.code, w.key, c.id)
    a = store.update_criterion(w.db, w.code, w.key, crits[0].id, name="Impact", weight=3, direction="higher")
    b = store.update_criterion(w.db, w.code, w.key, crits[1].id, name="Cost", weight=1, direction="lower")
    return a.id, b.id


@pytest.fixture
def scoring(workshop):
    """Two scenarios, two criteria, three participants, the scoring step open."""
    x = store.save_scenario(workshop.db, workshop.code, workshop.key, name="X")
    y = store.save_scenario(workshop.db, workshop.code, workshop.key, name="Y")
    impact, cost = _two_criteria(workshop)
    for token in (TOKEN_A, TOKEN_B, TOKEN_C):
        store.join(workshop.db, workshop.code, token)
    _to_step(workshop, "scoring")
    return workshop, x.id, y.id, impact, cost


def test_facilitator_edits_criteria_and_history_is_kept(workshop):
    c = store.list_criteria(workshop.db, workshop.id)[0]
    before = workshop.db.revisions(workshop.id).get("criteria", 0)
    changed = store.update_criterion(workshop.db, workshop.code, workshop.key, c.id, name="CO2 cut", weight=4.5,
                                     direction="higher", scale_min=-2, scale_max=2, description="Tonnes a year")
    assert (changed.name, changed.weight, changed.scale_min, changed.scale_max) == ("CO2 cut", 4.5, -2, 2)
    assert store.list_criteria(workshop.db, workshop.id)[0].name == "CO2 cut"
    assert workshop.db.revisions(workshop.id)["criteria"] == before + 1
    with workshop.db.read() as conn:
        old = conn.execute(select(s.history.c.before).where(s.history.c.table_name == "criteria")).scalar_one()
    assert old["name"] == c.name


def test_add_and_remove_criteria(workshop):
    n = len(store.list_criteria(workshop.db, workshop.id))
    added = store.add_criterion(workshop.db, workshop.code, workshop.key, name="Air quality", weight=2)
    names = [c.name for c in store.list_criteria(workshop.db, workshop.id)]
    assert names[-1] == "Air quality" and len(names) == n + 1
    with pytest.raises(InvalidValue):
        store.add_criterion(workshop.db, workshop.code, workshop.key, name="air QUALITY")
    store.remove_criterion(workshop.db, workshop.code, workshop.key, added.id)
    assert len(store.list_criteria(workshop.db, workshop.id)) == n


@pytest.mark.parametrize("changes", [{"weight": -1}, {"direction": "sideways"}, {"scale_min": 5, "scale_max": 5},
                                     {"name": ""}, {"colour": "red"}])
def test_bad_criterion_edits_are_refused(workshop, changes):
    c = store.list_criteria(workshop.db, workshop.id)[0]
    with pytest.raises(InvalidValue):
        store.update_criterion(workshop.db, workshop.code, workshop.key, c.id, **changes)
    assert store.list_criteria(workshop.db, workshop.id)[0] == c


def test_the_last_criterion_cannot_go(workshop):
    crits = store.list_criteria(workshop.db, workshop.id)
    for c in crits[1:]:
        store.remove_criterion(workshop.db, workshop.code, workshop.key, c.id)
    with pytest.raises(InvalidValue):
        store.remove_criterion(workshop.db, workshop.code, workshop.key, crits[0].id)


def test_participants_cannot_edit_criteria_or_reveal(workshop):
    store.join(workshop.db, workshop.code, TOKEN_A)
    c = store.list_criteria(workshop.db, workshop.id)[0]
    for key in (TOKEN_A, None, "", "x" * 40):
        with pytest.raises(NotAllowed):
            store.update_criterion(workshop.db, workshop.code, key, c.id, weight=9)
        with pytest.raises(NotAllowed):
            store.add_criterion(workshop.db, workshop.code, key, name="Mine")
        with pytest.raises(NotAllowed):
            store.remove_criterion(workshop.db, workshop.code, key, c.id)
        with pytest.raises(NotAllowed):
            store.set_results_revealed(workshop.db, workshop.code, key, True)
        with pytest.raises(NotAllowed):
            store.set_scoring_items(workshop.db, workshop.code, key, "ideas")
    assert store.list_criteria(workshop.db, workshop.id)[0] == c
    assert not store.scoring_setup(workshop.db, workshop.id).revealed


def test_criteria_and_items_lock_once_scoring_began(scoring):
    w, x, _y, impact, _cost = scoring
    assert not store.criteria_locked(w.db, w.id)
    store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 3})
    assert store.criteria_locked(w.db, w.id)
    with pytest.raises(NotAllowed):
        store.update_criterion(w.db, w.code, w.key, impact, scale_max=10)
    with pytest.raises(NotAllowed):
        store.add_criterion(w.db, w.code, w.key, name="Late")
    with pytest.raises(NotAllowed):
        store.remove_criterion(w.db, w.code, w.key, impact)
    with pytest.raises(NotAllowed):
        store.set_scoring_items(w.db, w.code, w.key, "ideas")


def test_scores_saved_changed_and_dont_know_is_null(scoring):
    w, x, y, impact, cost = scoring
    changed = store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 0, ("scenario", x, cost): None})
    assert changed == 2
    pid = store.participant_for_token(w.db, w.code, TOKEN_A).id
    assert store.my_scores(w.db, w.id, pid) == {("scenario", x, impact): 0.0, ("scenario", x, cost): None}
    rev = w.db.revisions(w.id)["scores"]
    assert store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 0}) == 0
    assert w.db.revisions(w.id)["scores"] == rev  # nothing changed, nothing announced
    assert store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 4, ("scenario", y, impact): 2}) == 2
    assert store.my_scores(w.db, w.id, pid)[("scenario", x, impact)] == 4.0
    with w.db.read() as conn:
        befores = conn.execute(select(s.history.c.before).where(s.history.c.table_name == "scores")).scalars().all()
    assert [b["value"] for b in befores] == [0.0]


@pytest.mark.parametrize("value", [6, -1, 2.5, "3", True, float("nan")])
def test_a_bad_score_saves_nothing(scoring, value):
    w, x, y, impact, cost = scoring
    with pytest.raises(InvalidValue):
        store.set_scores(w.db, w.code, TOKEN_A, {("scenario", y, cost): 1, ("scenario", x, impact): value})
    assert store.score_rows(w.db, w.id) == []


def test_scores_only_for_scored_items_and_this_workshops_criteria(scoring, db):
    w, x, _y, impact, _cost = scoring
    other = store.create_workshop(db, title="Other", city="Turku")
    foreign = store.list_criteria(db, other.workshop.id)[0].id
    with pytest.raises(NotFound):
        store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, foreign): 1})
    with pytest.raises(NotFound):
        store.set_scores(w.db, w.code, TOKEN_A, {("scenario", 9999, impact): 1})
    with pytest.raises(NotFound):
        store.set_scores(w.db, w.code, TOKEN_A, {("idea", x, impact): 1})
    with pytest.raises(NotAllowed):
        store.set_scores(w.db, w.code, "not-a-participant-token-xxxx", {("scenario", x, impact): 1})


def test_scores_only_while_the_step_is_open(scoring):
    w, x, _y, impact, _cost = scoring
    store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 2})
    _to_step(w, "feedback")
    with pytest.raises(NotAllowed):
        store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 5})
    assert [r["value"] for r in store.score_rows(w.db, w.id)] == [2.0]


def test_top_voted_ideas_are_scored_when_chosen(workshop):
    db, code, key = workshop.db, workshop.code, workshop.key
    for token in (TOKEN_A, TOKEN_B):
        store.join(db, code, token)
    ideas = [store.add_idea(db, code, TOKEN_A, title=f"Idea {i}", scale="small", driver="central") for i in range(4)]
    _to_step(workshop, "vote")
    store.vote(db, code, TOKEN_A, ideas[2].id)
    store.vote(db, code, TOKEN_B, ideas[2].id)
    store.vote(db, code, TOKEN_A, ideas[3].id)
    store.vote(db, code, TOKEN_B, ideas[1].id)
    store.vote(db, code, TOKEN_B, ideas[0].id)
    store.set_hidden(db, code, key, ideas[0].id)
    setup = store.set_scoring_items(db, code, key, "ideas", 2)
    assert setup.source == "ideas" and setup.top == 2
    # Idea 2 has two votes; ideas 1 and 3 one each: the older one wins the tie; hidden idea 0 is out.
    assert [(i.kind, i.title, i.votes) for i in setup.items] == [("idea", "Idea 2", 2), ("idea", "Idea 1", 1)]
    assert [i.title for i in store.set_scoring_items(db, code, key, "ideas", 5).items] == ["Idea 2", "Idea 1",
                                                                                           "Idea 3"]
    with pytest.raises(InvalidValue):
        store.set_scoring_items(db, code, key, "stakeholders")
    with pytest.raises(InvalidValue):
        store.set_scoring_items(db, code, key, "ideas", 99)


def test_group_results_hand_computed(scoring):
    w, x, y, impact, cost = scoring
    # Impact weight 3 (higher better), Cost weight 1 (lower better), both 0..5, min-max normalised.
    # A on X: impact 5 -> 1.0, cost 1 -> 0.8: (3*1.0 + 0.8) / 4 = 0.95
    # B on X: impact 4 -> 0.8, cost don't know -> left out: 0.8          X mean 0.875
    # A on Y: impact 2 -> 0.4, cost 0 -> 1.0: (1.2 + 1.0) / 4 = 0.55
    # B on Y: impact 3 -> 0.6, cost 5 -> 0.0: 1.8 / 4 = 0.45            Y mean 0.5
    store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 5, ("scenario", x, cost): 1,
                                             ("scenario", y, impact): 2, ("scenario", y, cost): 0})
    store.set_scores(w.db, w.code, TOKEN_B, {("scenario", x, impact): 4, ("scenario", x, cost): None,
                                             ("scenario", y, impact): 3, ("scenario", y, cost): 5})
    rows = store.group_results(w.db, w.id)
    assert [(r["rank"], r["item"], r["item_kind"], r["item_id"]) for r in rows] == [(1, "X", "scenario", x),
                                                                                   (2, "Y", "scenario", y)]
    assert rows[0]["score"] == pytest.approx(0.875) and rows[1]["score"] == pytest.approx(0.5)
    assert rows[0]["participants"] == 2 and rows[0]["dont_know"] == 1 and rows[1]["dont_know"] == 0
    assert rows[0]["spread"] == pytest.approx(0.075) and rows[0]["median"] == pytest.approx(0.875)
    assert rows[0]["mean: Impact"] == pytest.approx(4.5) and rows[0]["mean: Cost"] == pytest.approx(1.0)
    assert rows[1]["mean: Cost"] == pytest.approx(2.5)
    assert set(store.scored_items.GROUP_RESULT_COLUMNS) <= set(rows[0])
    data = store.scoring_data(w.db, w.id)
    pa = store.participant_for_token(w.db, w.code, TOKEN_A).id
    assert data.ballots[pa][("scenario", x)] == {"Impact": 5.0, "Cost": 1.0}
    assert data.participants == 3


def test_score_rows_keep_dont_know_apart_and_name_pseudonyms(scoring):
    w, x, _y, impact, cost = scoring
    store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x, impact): 0, ("scenario", x, cost): None})
    rows = store.score_rows(w.db, w.id)
    me = store.participant_for_token(w.db, w.code, TOKEN_A)
    assert [(r["participant"], r["item"], r["criterion"], r["value"], r["dont_know"]) for r in rows] == [
        (me.pseudonym, "X", "Impact", 0.0, False), (me.pseudonym, "X", "Cost", None, True)]
    assert set(rows[0]) == set(store.scores.SCORE_COLUMNS)


def test_no_results_without_items(workshop):
    assert store.group_results(workshop.db, workshop.id) == []
    assert store.scoring_items(workshop.db, workshop.id) == []


def test_feedback_rows_summary_and_rated_steps(workshop):
    db, code = workshop.db, workshop.code
    for step in ("brainstorm", "vote", "feedback"):
        _to_step(workshop, step)
    assert [st.step for st in store.rated_steps(db, workshop.id)] == ["brainstorm", "vote"]
    for token in (TOKEN_A, TOKEN_B, TOKEN_C):
        store.join(db, code, token)
    store.submit_feedback(db, code, TOKEN_A, rating=5, step_ratings={"brainstorm": 4}, take_home="The matrix",
                          change="")
    store.submit_feedback(db, code, TOKEN_B, rating=2, step_ratings={"brainstorm": 2, "vote": 3},
                          take_home="", change="More time")
    summary = store.feedback_summary(db, workshop.id)
    assert (summary.responses, summary.participants, summary.mean_rating) == (2, 3, 3.5)
    assert summary.distribution == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert summary.step_means == {"brainstorm": 3.0, "vote": 3.0} and summary.step_counts == {"brainstorm": 2,
                                                                                              "vote": 1}
    assert summary.take_home == ("The matrix",) and summary.change == ("More time",)
    rows = store.feedback_rows(db, workshop.id)
    a = store.participant_for_token(db, code, TOKEN_A).pseudonym
    assert rows[0]["participant"] == a and rows[0]["rating"] == 5 and rows[0]["rating: brainstorm"] == 4
    assert rows[0]["rating: vote"] is None and "rating: scoring" in rows[0]
    assert set(store.feedback.FEEDBACK_COLUMNS) <= set(rows[0])
    pid = store.participant_for_token(db, code, TOKEN_B).id
    assert store.my_feedback(db, workshop.id, pid)["change"] == "More time"
