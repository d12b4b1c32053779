"""Merging two participants who are the same person (issue 22, point 9).

Runs on SQLite and PostgreSQL (BOTH_BACKENDS in conftest.py).
"""

from __future__ import annotations

import pytest
from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from sqlalchemy import select

from facilitation import store
from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed, NotFound
from facilitation.store import schema as s


def _to_step(w, step: str) -> None:  # noqa: ANN001 - the conftest fixture
    steps = [a.step for a in store.agenda(w.db, w.id)]
    store.set_phase(w.db, w.code, w.key, steps.index(step))


def _idea(w, token: str, title: str) -> int:  # noqa: ANN001
    return store.add_idea(w.db, w.code, token, title=title, scale="small", driver="central").id


@pytest.fixture
def twice(workshop):  # noqa: ANN001
    """Ana joined from two browsers (A, B); Ben (C) is someone else."""
    ana = store.join(workshop.db, workshop.code, TOKEN_A, "Ana")
    again = store.join(workshop.db, workshop.code, TOKEN_B, "Ana")
    ben = store.join(workshop.db, workshop.code, TOKEN_C, "Ben")
    return workshop, ana.id, again.id, ben.id


def test_everything_moves_and_votes_stay_within_the_rules(twice) -> None:
    w, ana, again, ben = twice
    store.set_vote_rules(w.db, w.code, w.key, vote_budget=3, votes_per_idea=2)
    i1, i2, i3 = _idea(w, TOKEN_A, "Parklets"), _idea(w, TOKEN_B, "Rain gardens"), _idea(w, TOKEN_C, "Bike lanes")
    for token, idea in ((TOKEN_A, i1), (TOKEN_A, i2), (TOKEN_B, i1), (TOKEN_B, i3), (TOKEN_B, i2)):
        store.vote(w.db, w.code, token, idea)
    store.add_stakeholder(w.db, w.code, TOKEN_B, name="Shop owners", category="business", power=3, interest=4)
    store.submit_feedback(w.db, w.code, TOKEN_B, rating=4, take_home="Trial first")
    x = store.save_scenario(w.db, w.code, w.key, name="X")
    impact, cost = [c.id for c in store.list_criteria(w.db, w.id)][:2]
    _to_step(w, "scoring")
    store.set_scores(w.db, w.code, TOKEN_A, {("scenario", x.id, impact): 3})
    store.set_scores(w.db, w.code, TOKEN_B, {("scenario", x.id, impact): 5, ("scenario", x.id, cost): 1})
    before = w.db.revisions(w.id)

    merged = store.merge_participants(w.db, w.code, w.key, ana, again)

    assert (merged.kept_id, merged.ideas, merged.stakeholders, merged.votes_withdrawn, merged.scores_doubled,
            merged.feedback) == (ana, 1, 1, 2, 1, True)
    # Ana's own dots first, then the other browser's oldest first: i1 reaches the cap of 2 and the budget of 3.
    assert store.my_votes(w.db, w.id, ana) == {i1: 2, i2: 1}
    assert store.votes_left(w.db, w.id, ana) == 0
    assert store.my_votes(w.db, w.id, again) == {}
    assert store.get_idea(w.db, i2).author_id == ana
    assert [st.author_id for st in store.list_stakeholders(w.db, w.id)] == [ana]
    assert store.my_scores(w.db, w.id, ana) == {("scenario", x.id, impact): 5, ("scenario", x.id, cost): 1}
    assert [(f.participant_id, f.rating) for f in store.list_feedback(w.db, w.id)] == [(ana, 4)]
    with w.db.read() as conn:
        vote_rows = conn.execute(select(s.votes.c.participant_id, s.votes.c.withdrawn_at)
                                 .where(s.votes.c.workshop_id == w.id)).all()
        kept = conn.execute(select(s.history.c.table_name).where(s.history.c.workshop_id == w.id,
                                                                 s.history.c.actor == "facilitator (merge)")).scalars()
        tables = set(kept)
    assert len(vote_rows) == 5 and sum(1 for r in vote_rows if r.withdrawn_at is not None) == 2  # rows kept
    assert {"participants", "ideas", "votes", "stakeholders", "scores"} <= tables
    # Both devices are Ana now; the joined list and the count show her once.
    assert store.participant_for_token(w.db, w.code, TOKEN_B).id == ana
    assert store.join(w.db, w.code, TOKEN_B).id == ana
    assert [p.participant_id for p in store.joined(w.db, w.code, w.key)] == [ana, ben]
    assert store.participant_count(w.db, w.id) == 2
    with pytest.raises(LimitReached):
        store.vote(w.db, w.code, TOKEN_B, i3)  # the budget is the merged person's
    after = w.db.revisions(w.id)
    assert all(after.get(t, 0) > before.get(t, 0) for t in ("participants", "votes", "ideas", "scores"))
    # The export lists the person once, with everything they did.
    from facilitation.outputs.export import workshop_tables

    tables = workshop_tables(w.db, store.get_workshop(w.db, w.code))
    assert [(p["id"], p["ideas"], p["votes"]) for p in tables["participants"]] == [(ana, 2, 3), (ben, 1, 0)]
    assert tables["workshops"][0]["participants"] == 2


def test_group_and_name_go_to_the_kept_participant(workshop) -> None:
    w = workshop
    ana = store.join(w.db, w.code, TOKEN_A).id  # anonymous here
    again = store.join(w.db, w.code, TOKEN_B, "Ana").id
    group = store.create_group(w.db, w.code, w.key, name="Kościerzyna")
    store.move_participant(w.db, w.code, w.key, ana, None)
    store.move_participant(w.db, w.code, w.key, again, group.id)
    store.merge_participants(w.db, w.code, w.key, ana, again)
    assert store.memberships(w.db, w.id).get(ana) == group.id
    assert again not in store.memberships(w.db, w.id)
    assert store.group_setup(w.db, w.id).unassigned == 0  # the merged entry is nobody left out of a group
    assert store.participant_for_token(w.db, w.code, TOKEN_A).display_name == "Ana"


def test_forged_merges_are_refused(twice) -> None:
    w, ana, again, ben = twice
    other = store.create_workshop(w.db, title="Elsewhere", city="Lahti")
    stranger = store.join(w.db, other.workshop.code, TOKEN_A + "-other").id
    expert = store.issue_role_key(w.db, w.code, w.key, "expert").key
    for key in (TOKEN_A, expert, other.key, None, "not-a-key-of-anything-00000"):
        with pytest.raises(NotAllowed):
            store.merge_participants(w.db, w.code, key, ana, again)
    with pytest.raises(NotFound):
        store.merge_participants(w.db, w.code, w.key, ana, stranger)  # another workshop's participant
    with pytest.raises(NotFound):
        store.merge_participants(w.db, other.workshop.code, other.key, stranger, ana)
    with pytest.raises(InvalidValue):
        store.merge_participants(w.db, w.code, w.key, ana, ana)
    with pytest.raises(InvalidValue):
        store.merge_participants(w.db, w.code, w.key, ana, "2")  # a forged widget value
    store.merge_participants(w.db, w.code, w.key, ana, again)
    with pytest.raises(NotFound):
        store.merge_participants(w.db, w.code, w.key, ben, again)  # merged already
    assert store.participant_for_token(w.db, w.code, TOKEN_C).id == ben


def test_forgetting_the_kept_participant_forgets_the_merged_entry_too(twice) -> None:
    from facilitation.store.forget import forget_participant

    w, ana, again, _ben = twice
    store.merge_participants(w.db, w.code, w.key, ana, again)
    forget_participant(w.db, w.code, str(ana))
    with w.db.read() as conn:
        names = conn.execute(select(s.participants.c.display_name).where(s.participants.c.id.in_([ana, again]))
                             ).scalars().all()
        kept = conn.execute(select(s.history.c.before).where(s.history.c.table_name == "participants")).scalars()
        leftovers = [b for b in kept if b.get("display_name") == "Ana"]
    assert names == ["", ""] and leftovers == []
