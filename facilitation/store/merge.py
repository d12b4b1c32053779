"""Merging two participants who are the same person (the join link opened in a second browser).

Writes nothing itself: each table changes through its own module (one writer per table), all
in one transaction. The facilitator (action ``steer``) keeps one participant; the other's
ideas, votes, stakeholders, scores, feedback, group and map features move to them. Votes stay
within the vote budget and the per-idea cap (the excess is withdrawn, its rows kept); a cell
scored by both keeps the later score; of two feedbacks the later stays. Every changed row's
earlier version is in history, the merged participant's row stays (``merged_into``), and both
device tokens lead to the kept participant from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.domain.steps import N_
from facilitation.store import features, feedback, groups, ideas, notes, people, questions, scores, stakeholders, votes
from facilitation.store import schema as s
from facilitation.store.access import require_role
from facilitation.store.db import Database, bump, now
from facilitation.store.server import lock_participant

TOPICS = ("participants", "ideas", "votes", "stakeholders", "scores", "feedback", "groups", "map", "questions",
          "notes")


@dataclass(frozen=True)
class Merged:
    """What a merge moved to the kept participant, and what it had to drop to stay within the rules."""

    kept_id: int
    merged_id: int
    ideas: int
    stakeholders: int
    votes_withdrawn: int
    scores_doubled: int
    feedback: bool


def _participant(conn: Any, workshop_id: int, participant_id: Any, what: str) -> Any:
    if isinstance(participant_id, bool) or not isinstance(participant_id, int):
        raise InvalidValue(what, "must be a participant of this workshop.")
    row = conn.execute(select(s.participants).where(s.participants.c.id == participant_id,
                                                    s.participants.c.workshop_id == workshop_id)).mappings().first()
    if row is None or row["merged_into"] is not None:
        raise NotFound("Participant {participant_id} is not in this workshop (or was merged already).",
                       participant_id=participant_id)
    return row


def merge_participants(db: Database, code: str, key: str | None, keep_id: int, merge_id: int) -> Merged:
    """Facilitator: ``merge_id`` is the same person as ``keep_id``; everything of theirs moves to ``keep_id``."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        keep = _participant(conn, wrow["id"], keep_id, N_("participant to keep"))
        other = _participant(conn, wrow["id"], merge_id, N_("participant to merge"))
        if keep["id"] == other["id"]:
            raise InvalidValue("participants", "choose two different people to merge.")
        for pid in sorted((keep["id"], other["id"])):  # the same order everywhere: no deadlock with a voter
            lock_participant(conn, pid)
        at, actor = now(), "facilitator (merge)"
        wid, from_id, to_id = wrow["id"], other["id"], keep["id"]
        result = Merged(
            kept_id=to_id, merged_id=from_id,
            ideas=ideas.move_author(conn, wid, from_id, to_id, at, actor),
            stakeholders=stakeholders.move_author(conn, wid, from_id, to_id, at, actor),
            votes_withdrawn=votes.move_voter(conn, wrow, from_id, to_id, at, actor),
            scores_doubled=scores.move_scorer(conn, wid, from_id, to_id, at, actor),
            feedback=feedback.move_feedback(conn, wid, from_id, to_id, at, actor))
        features.move_author(conn, wid, f"participant {from_id}", f"participant {to_id}", at, actor)
        questions.move_author(conn, wid, from_id, to_id, at)  # their questions and upvotes (issue 24)
        notes.move_author(conn, wid, from_id, to_id)  # their discussion contributions (issue 24)
        theirs, mine = groups.participant_group(conn, from_id), groups.participant_group(conn, to_id)
        if mine is None and theirs is not None:
            groups.assign(conn, wid, to_id, theirs, at)
        groups.assign(conn, wid, from_id, None, at)
        people.mark_merged(conn, other, keep, at, actor)
        bump(conn, wid, *TOPICS)
    return result
