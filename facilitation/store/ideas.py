"""Ideas on the brainstorm wall and dot votes.

Nothing is deleted: a hidden idea stays in the data, a merged idea points to the kept one
and its votes move there (the vote keeps its original idea), a withdrawn dot keeps its row.
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import Connection, and_, func, select

from facilitation.domain.errors import InvalidValue, LimitReached, NotFound
from facilitation.domain.records import Idea
from facilitation.store import schema as s
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import require_facilitator, require_participant


def _active_votes():
    return s.votes.c.withdrawn_at.is_(None)


def _idea(row: Mapping[str, Any], votes: int = 0) -> Idea:
    return Idea(id=row["id"], workshop_id=row["workshop_id"], title=row["title"], description=row["description"],
                scale=row["scale"], driver=row["driver"], theme=row["theme"], lat=row["lat"], lon=row["lon"],
                author_id=row["author_id"], hidden=row["hidden"], merged_into=row["merged_into"],
                private=row["private"], votes=votes, created_at=row["created_at"])


def add_idea(
    db: Database,
    code: str,
    token: str,
    *,
    title: str,
    scale: str,
    driver: str,
    description: str = "",
    theme: str = "",
    lat: float | None = None,
    lon: float | None = None,
) -> Idea:
    """Participant: put an idea on the wall (validated here, whatever the widget allowed)."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        idea = Idea(workshop_id=wrow["id"], title=title, scale=scale, driver=driver, description=description,
                    theme=theme, lat=lat, lon=lon, author_id=prow["id"])
        stamp = now()
        private = bool((wrow["settings"] or {}).get("private_brainstorm")) and not (wrow["settings"] or {}).get(
            "ideas_revealed")
        iid = conn.execute(s.ideas.insert().values(
            workshop_id=idea.workshop_id, title=idea.title, description=idea.description, scale=idea.scale,
            driver=idea.driver, theme=idea.theme, lat=idea.lat, lon=idea.lon, author_id=idea.author_id,
            hidden=False, merged_into=None, private=private, created_at=stamp, updated_at=stamp,
        )).inserted_primary_key[0]
        bump(conn, wrow["id"], "ideas")
        return _idea(conn.execute(select(s.ideas).where(s.ideas.c.id == iid)).mappings().one())


def list_ideas(
    db: Database,
    workshop_id: int,
    *,
    viewer_id: int | None = None,
    facilitator: bool = False,
    include_merged: bool = False,
) -> list[Idea]:
    """The wall as one viewer may see it, with live vote counts, newest last.

    Participants never see hidden ideas; while a private brainstorm is not revealed they
    see only their own. The facilitator sees everything (hidden ideas flagged).
    """
    with db.read() as conn:
        settings = conn.execute(select(s.workshops.c.settings).where(s.workshops.c.id == workshop_id)).scalar() or {}
        counts = dict(conn.execute(
            select(s.votes.c.idea_id, func.count()).where(s.votes.c.workshop_id == workshop_id, _active_votes())
            .group_by(s.votes.c.idea_id)).all())
        query = select(s.ideas).where(s.ideas.c.workshop_id == workshop_id).order_by(s.ideas.c.id)
        if not include_merged:
            query = query.where(s.ideas.c.merged_into.is_(None))
        if not facilitator:
            query = query.where(s.ideas.c.hidden.is_(False))
            private = settings.get("private_brainstorm") and not settings.get("ideas_revealed")
            if private:
                query = query.where(s.ideas.c.author_id == viewer_id)
        rows = conn.execute(query).mappings().all()
    return [_idea(r, counts.get(r["id"], 0)) for r in rows]


def get_idea(db: Database, idea_id: int) -> Idea:
    with db.read() as conn:
        row = conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id)).mappings().first()
        if row is None:
            raise NotFound(f"There is no idea number {idea_id}.")
        count = conn.execute(select(func.count()).select_from(s.votes).where(
            s.votes.c.idea_id == idea_id, _active_votes())).scalar_one()
    return _idea(row, count)


def _visible_idea(conn: Connection, workshop_id: int, idea_id: Any) -> Mapping[str, Any]:
    if isinstance(idea_id, bool) or not isinstance(idea_id, int):
        raise InvalidValue("idea", "must be an idea number.")
    row = conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id, s.ideas.c.workshop_id == workshop_id)
                       ).mappings().first()
    if row is None or row["hidden"] or row["merged_into"] is not None:
        raise NotFound("That idea is no longer on the wall.")
    return row


def _used_votes(conn: Connection, workshop_id: int, participant_id: int) -> dict[int, int]:
    rows = conn.execute(
        select(s.votes.c.idea_id, func.count())
        .join(s.ideas, s.ideas.c.id == s.votes.c.idea_id)
        .where(s.votes.c.workshop_id == workshop_id, s.votes.c.participant_id == participant_id, _active_votes(),
               s.ideas.c.hidden.is_(False))
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


def vote(db: Database, code: str, token: str, idea_id: int) -> int:
    """Participant: put one dot on an idea; returns the votes left. Budget checked here."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        _visible_idea(conn, wrow["id"], idea_id)
        used = _used_votes(conn, wrow["id"], prow["id"])
        if sum(used.values()) >= wrow["vote_budget"]:
            raise LimitReached(f"You have used all {wrow['vote_budget']} of your votes; withdraw one to move it.")
        if used.get(idea_id, 0) >= wrow["votes_per_idea"]:
            raise LimitReached(
                f"You can put at most {wrow['votes_per_idea']} vote(s) on one idea." if wrow["votes_per_idea"] > 1
                else "You have already voted for this idea.")
        stamp = now()
        conn.execute(s.votes.insert().values(
            workshop_id=wrow["id"], idea_id=idea_id, original_idea_id=idea_id, participant_id=prow["id"],
            created_at=stamp, updated_at=stamp))
        bump(conn, wrow["id"], "votes")
        return wrow["vote_budget"] - sum(used.values()) - 1


def withdraw_vote(db: Database, code: str, token: str, idea_id: int) -> int:
    """Participant: take one of their dots back from an idea; returns the votes left."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        vid = conn.execute(select(s.votes.c.id).where(
            s.votes.c.workshop_id == wrow["id"], s.votes.c.participant_id == prow["id"],
            s.votes.c.idea_id == idea_id, _active_votes()).order_by(s.votes.c.id.desc()).limit(1)).scalar()
        if vid is None:
            raise NotFound("You have no vote on that idea to withdraw.")
        stamp = now()
        conn.execute(s.votes.update().where(s.votes.c.id == vid).values(withdrawn_at=stamp, updated_at=stamp))
        bump(conn, wrow["id"], "votes")
        return wrow["vote_budget"] - sum(_used_votes(conn, wrow["id"], prow["id"]).values())


def set_hidden(db: Database, code: str, key: str, idea_id: int, hidden: bool = True) -> Idea:
    """Facilitator: hide an idea from participants (it stays in the data) or show it again."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id, s.ideas.c.workshop_id == wrow["id"])
                           ).mappings().first()
        if row is None:
            raise NotFound(f"There is no idea number {idea_id} in this workshop.")
        stamp = now()
        conn.execute(s.history.insert().values(workshop_id=wrow["id"], table_name="ideas", row_id=idea_id,
                                               before={"hidden": row["hidden"]}, actor="facilitator", at=stamp))
        conn.execute(s.ideas.update().where(s.ideas.c.id == idea_id).values(hidden=bool(hidden), updated_at=stamp))
        bump(conn, wrow["id"], "ideas", "votes")
    return get_idea(db, idea_id)


def merge_ideas(db: Database, code: str, key: str, keep_id: int, duplicate_id: int) -> Idea:
    """Facilitator: merge a duplicate into the kept idea; its votes move over, nothing is lost."""
    if keep_id == duplicate_id:
        raise InvalidValue("merge", "an idea cannot be merged into itself.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        keep = conn.execute(select(s.ideas).where(s.ideas.c.id == keep_id, s.ideas.c.workshop_id == wrow["id"])
                            ).mappings().first()
        dup = conn.execute(select(s.ideas).where(s.ideas.c.id == duplicate_id, s.ideas.c.workshop_id == wrow["id"])
                           ).mappings().first()
        if keep is None or dup is None:
            raise NotFound("Both ideas must belong to this workshop.")
        if keep["merged_into"] is not None:
            raise InvalidValue("merge", "the idea to keep has itself been merged; pick the idea it was merged into.")
        if dup["merged_into"] is not None:
            raise InvalidValue("merge", "that duplicate has already been merged.")
        stamp = now()
        conn.execute(s.history.insert().values(workshop_id=wrow["id"], table_name="ideas", row_id=duplicate_id,
                                               before={"merged_into": None}, actor="facilitator", at=stamp))
        conn.execute(s.ideas.update().where(s.ideas.c.id == duplicate_id).values(merged_into=keep_id, updated_at=stamp))
        # Ideas merged earlier into the duplicate follow it to the kept idea.
        conn.execute(s.ideas.update().where(s.ideas.c.merged_into == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        conn.execute(s.votes.update().where(and_(s.votes.c.idea_id == duplicate_id)).values(
            idea_id=keep_id, updated_at=stamp))
        bump(conn, wrow["id"], "ideas", "votes")
    return get_idea(db, keep_id)


def vote_rows(db: Database, workshop_id: int) -> list[dict[str, Any]]:
    """Every vote row (withdrawn ones included) for exports."""
    with db.read() as conn:
        return [dict(r) for r in conn.execute(select(s.votes).where(s.votes.c.workshop_id == workshop_id)
                                              .order_by(s.votes.c.id)).mappings().all()]
