"""Dot votes on the ideas of the wall, within each participant's budget.

The one writer of ``votes``. Nothing is deleted: a withdrawn dot keeps its row
(``withdrawn_at``), and when a duplicate idea is merged its dots move to the idea kept
(each vote keeps its ``original_idea_id``). A hidden idea gives its dots back.

Budget and per-idea cap are checked under a lock on the participant's row (``SELECT … FOR
UPDATE``; SQLite's write lock already serialises writers), so dots sent from several pages
at once queue and the later ones see the earlier ones.

With breakout groups a participant votes only for ideas of their own group (or of the whole
room) until the facilitator opens the plenary; the group is the store's, never the page's,
and each dot records the voter's group (``votes.group_id``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed, NotFound
from facilitation.store import groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import require_participant
from facilitation.store.db import Database, bump, now
from facilitation.store.server import lock_participant


def active_votes():
    """The condition of a dot still standing (not withdrawn)."""
    return s.votes.c.withdrawn_at.is_(None)


def vote_counts(conn: Connection, workshop_id: int) -> dict[int, int]:
    """Standing dots per idea of a workshop, inside the caller's transaction."""
    return dict(conn.execute(
        select(s.votes.c.idea_id, func.count()).where(s.votes.c.workshop_id == workshop_id, active_votes())
        .group_by(s.votes.c.idea_id)).all())


def vote_count(conn: Connection, idea_id: int) -> int:
    """Standing dots on one idea, inside the caller's transaction."""
    return conn.execute(select(func.count()).select_from(s.votes).where(
        s.votes.c.idea_id == idea_id, active_votes())).scalar_one()


def _visible_idea(conn: Connection, workshop_id: int, idea_id: Any) -> Mapping[str, Any]:
    if isinstance(idea_id, bool) or not isinstance(idea_id, int):
        raise InvalidValue("idea", "must be an idea number.")
    row = conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id, s.ideas.c.workshop_id == workshop_id)
                       ).mappings().first()
    if row is None or row["hidden"] or row["merged_into"] is not None or row["withdrawn_at"] is not None:
        raise NotFound("That idea is no longer on the wall.")
    return row


def _used_votes(conn: Connection, workshop_id: int, participant_id: int) -> dict[int, int]:
    rows = conn.execute(
        select(s.votes.c.idea_id, func.count())
        .join(s.ideas, s.ideas.c.id == s.votes.c.idea_id)
        .where(s.votes.c.workshop_id == workshop_id, s.votes.c.participant_id == participant_id, active_votes(),
               s.ideas.c.hidden.is_(False), s.ideas.c.withdrawn_at.is_(None))
        .group_by(s.votes.c.idea_id)).all()
    return {idea_id: n for idea_id, n in rows}


def my_votes(db: Database, workshop_id: int, participant_id: int) -> dict[int, int]:
    """Dots this participant has on each idea (hidden ideas give their dots back)."""
    with db.read() as conn:
        return _used_votes(conn, workshop_id, participant_id)


def votes_left(db: Database, workshop_id: int, participant_id: int) -> int:
    """The participant's remaining vote budget."""
    with db.read() as conn:
        budget = conn.execute(select(s.workshops.c.vote_budget).where(s.workshops.c.id == workshop_id)).scalar_one()
        return budget - sum(_used_votes(conn, workshop_id, participant_id).values())


def add_votes(conn: Connection, workshop_id: int, idea_id: int, participant_id: int, count: int,
              stamp: datetime, group_id: int | None = None) -> None:
    """Put ``count`` dots of a participant on an idea, inside the caller's transaction (checked by the caller)."""
    conn.execute(s.votes.insert(), [dict(workshop_id=workshop_id, idea_id=idea_id, original_idea_id=idea_id,
                                         participant_id=participant_id, created_at=stamp, updated_at=stamp,
                                         group_id=group_id)
                                    for _ in range(count)])


def move_votes(conn: Connection, from_idea: int, to_idea: int, stamp: datetime) -> None:
    """Move the dots of a merged duplicate to the idea kept (each keeps its original idea)."""
    conn.execute(s.votes.update().where(s.votes.c.idea_id == from_idea).values(idea_id=to_idea, updated_at=stamp))


def vote(db: Database, code: str, token: str, idea_id: int) -> int:
    """Participant: put one dot on an idea; returns the votes left. Budget checked here."""
    rates.precheck("vote", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        lock_participant(conn, prow["id"])
        rates.take(conn, wrow["id"], prow["id"], "vote", token=token)
        idea = _visible_idea(conn, wrow["id"], idea_id)
        mine = groups.participant_group(conn, prow["id"])
        if idea["group_id"] not in (None, mine) and not groups.is_on(wrow, "plenary"):
            raise NotAllowed("You can vote only for your group's ideas until the facilitator opens the plenary vote.")
        used = _used_votes(conn, wrow["id"], prow["id"])
        if sum(used.values()) >= wrow["vote_budget"]:
            raise LimitReached("You have used all {budget} of your votes; withdraw one to move it.",
                               budget=wrow["vote_budget"])
        if used.get(idea_id, 0) >= wrow["votes_per_idea"]:
            if wrow["votes_per_idea"] > 1:
                raise LimitReached("You can put at most {limit} votes on one idea.",
                                   limit=wrow["votes_per_idea"])
            raise LimitReached("You have already voted for this idea.")
        add_votes(conn, wrow["id"], idea_id, prow["id"], 1, now(), mine)
        bump(conn, wrow["id"], "votes")
        return wrow["vote_budget"] - sum(used.values()) - 1


def withdraw_vote(db: Database, code: str, token: str, idea_id: int) -> int:
    """Participant: take one of their dots back from an idea; returns the votes left."""
    rates.precheck("vote", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        lock_participant(conn, prow["id"])
        rates.take(conn, wrow["id"], prow["id"], "vote", token=token)
        vid = conn.execute(select(s.votes.c.id).where(
            s.votes.c.workshop_id == wrow["id"], s.votes.c.participant_id == prow["id"],
            s.votes.c.idea_id == idea_id, active_votes()).order_by(s.votes.c.id.desc()).limit(1)).scalar()
        if vid is None:
            raise NotFound("You have no vote on that idea to withdraw.")
        stamp = now()
        conn.execute(s.votes.update().where(s.votes.c.id == vid).values(withdrawn_at=stamp, updated_at=stamp))
        bump(conn, wrow["id"], "votes")
        return wrow["vote_budget"] - sum(_used_votes(conn, wrow["id"], prow["id"]).values())


def vote_rows(db: Database, workshop_id: int) -> list[dict[str, Any]]:
    """Every vote row (withdrawn ones included) for exports."""
    with db.read() as conn:
        return [dict(r) for r in conn.execute(select(s.votes).where(s.votes.c.workshop_id == workshop_id)
                                              .order_by(s.votes.c.id)).mappings().all()]


def move_voter(conn: Connection, wrow: Mapping[str, Any], from_id: int, to_id: int, at: datetime, actor: str) -> int:
    """Two participants merged: ``from_id``'s dots become ``to_id``'s within the vote budget and the per-idea cap.

    ``to_id``'s own dots come first, then ``from_id``'s oldest first; the excess is withdrawn (its row
    kept). Every moved row keeps its earlier owner in history. Returns how many dots were withdrawn.
    """
    wid = wrow["id"]
    used = _used_votes(conn, wid, to_id)
    total = sum(used.values())
    counting = set(conn.execute(
        select(s.votes.c.id).join(s.ideas, s.ideas.c.id == s.votes.c.idea_id)
        .where(s.votes.c.workshop_id == wid, s.votes.c.participant_id == from_id, active_votes(),
               s.ideas.c.hidden.is_(False), s.ideas.c.withdrawn_at.is_(None))).scalars())
    rows = conn.execute(select(s.votes).where(s.votes.c.workshop_id == wid, s.votes.c.participant_id == from_id)
                        .order_by(s.votes.c.id)).mappings().all()
    withdrawn = 0
    for r in rows:
        history.keep(conn, wid, "votes", r, actor, fields=("id", "participant_id", "withdrawn_at"), at=at)
        if r["id"] not in counting:
            continue
        if total >= wrow["vote_budget"] or used.get(r["idea_id"], 0) >= wrow["votes_per_idea"]:
            conn.execute(s.votes.update().where(s.votes.c.id == r["id"]).values(withdrawn_at=at, updated_at=at))
            withdrawn += 1
            continue
        total += 1
        used[r["idea_id"]] = used.get(r["idea_id"], 0) + 1
    conn.execute(s.votes.update().where(s.votes.c.workshop_id == wid, s.votes.c.participant_id == from_id)
                 .values(participant_id=to_id, updated_at=at))
    return withdrawn
