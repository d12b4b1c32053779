"""Ideas on the brainstorm wall: adding, editing and withdrawing one's own, listing, hiding, merging.

The one writer of ``ideas`` (dots are in :mod:`facilitation.store.votes`). Nothing is
deleted: a hidden idea stays in the data, a merged idea points to the kept one and its
votes move there (the vote keeps its original idea), an edited idea keeps its previous
version in ``history``, and a withdrawn idea (``withdrawn_at``) leaves the wall and the vote
but stays in the data and the exports. Authors may edit or withdraw their own ideas until
voting opens (the first "vote" step of the agenda has started).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import Idea
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.store import groups, history, rates, votes
from facilitation.store import schema as s
from facilitation.store.access import check_moderates, owned_row, require_moderator, require_participant, workshop_row
from facilitation.store.groups_read import in_group
from facilitation.store.db import Database, bump, now


def idea_from_row(row: Mapping[str, Any], n_votes: int = 0) -> Idea:
    return Idea(id=row["id"], workshop_id=row["workshop_id"], title=row["title"], description=row["description"],
                scale=row["scale"], driver=row["driver"], theme=row["theme"], lat=row["lat"], lon=row["lon"],
                author_id=row["author_id"], hidden=row["hidden"], merged_into=row["merged_into"],
                private=row["private"], votes=n_votes, created_at=row["created_at"],
                withdrawn_at=row["withdrawn_at"], group_id=row["group_id"], carried_votes=row["carried_votes"] or 0)


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
    """Participant: put an idea on the wall (validated here, whatever the widget allowed).

    It belongs to the participant's group as the store has it now, never as the page says.
    """
    rates.precheck("idea", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        idea = Idea(workshop_id=wrow["id"], title=title, scale=scale, driver=driver, description=description,
                    theme=theme, lat=lat, lon=lon, author_id=prow["id"],
                    group_id=groups.participant_group(conn, prow["id"]))
        rates.take(conn, wrow["id"], prow["id"], "idea", token=token)  # rolled back with a failed post
        private = bool((wrow["settings"] or {}).get("private_brainstorm")) and not (wrow["settings"] or {}).get(
            "ideas_revealed")
        iid = insert_idea(conn, idea, private=private, stamp=now())
        bump(conn, wrow["id"], "ideas")
        return idea_from_row(conn.execute(select(s.ideas).where(s.ideas.c.id == iid)).mappings().one())


def insert_idea(conn: Connection, idea: Idea, *, private: bool, stamp: datetime,
                previous_idea_id: int | None = None) -> int:
    """Write a checked idea (a participant's, a paper one, or one carried into round 2 from ``previous_idea_id``)
    inside the caller's transaction; returns its id."""
    return conn.execute(s.ideas.insert().values(
        workshop_id=idea.workshop_id, title=idea.title, description=idea.description, scale=idea.scale,
        driver=idea.driver, theme=idea.theme, lat=idea.lat, lon=idea.lon, author_id=idea.author_id,
        hidden=bool(idea.hidden), merged_into=None, private=private, created_at=stamp, updated_at=stamp,
        group_id=idea.group_id, carried_votes=idea.carried_votes, previous_idea_id=previous_idea_id,
    )).inserted_primary_key[0]


def list_ideas(
    db: Database,
    workshop_id: int,
    *,
    viewer_id: int | None = None,
    facilitator: bool = False,
    include_merged: bool = False,
    include_withdrawn: bool = False,
    group_id: GroupFilter = ALL_GROUPS,
) -> list[Idea]:
    """The wall as one viewer may see it, with live vote counts, newest last.

    Participants never see hidden ideas; while a private brainstorm is not revealed they
    see only their own. The facilitator sees everything (hidden ideas flagged) except the
    ideas their authors withdrew (``include_withdrawn`` lists those too). ``group_id``: one group's
    wall (with the whole room's ideas), see :func:`facilitation.store.groups_read.wall_group`.
    """
    with db.read() as conn:
        settings = conn.execute(select(s.workshops.c.settings).where(s.workshops.c.id == workshop_id)).scalar() or {}
        counts = votes.vote_counts(conn, workshop_id)
        query = select(s.ideas).where(s.ideas.c.workshop_id == workshop_id).order_by(s.ideas.c.id)
        if not include_merged:
            query = query.where(s.ideas.c.merged_into.is_(None))
        if not include_withdrawn:
            query = query.where(s.ideas.c.withdrawn_at.is_(None))
        scope = in_group(s.ideas.c.group_id, group_id)
        if scope is not None:
            query = query.where(scope)
        if not facilitator:
            query = query.where(s.ideas.c.hidden.is_(False))
            private = settings.get("private_brainstorm") and not settings.get("ideas_revealed")
            if private:
                query = query.where(s.ideas.c.author_id == viewer_id)
        rows = conn.execute(query).mappings().all()
    return [idea_from_row(r, counts.get(r["id"], 0)) for r in rows]


def get_idea(db: Database, idea_id: int) -> Idea:
    with db.read() as conn:
        row = conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id)).mappings().first()
        if row is None:
            raise NotFound("There is no idea number {idea_id}.", idea_id=idea_id)
        count = votes.vote_count(conn, idea_id)
    return idea_from_row(row, count)


def set_hidden(db: Database, code: str, key: str, idea_id: int, hidden: bool = True) -> Idea:
    """Facilitator or the idea's group facilitator: hide an idea from participants (it stays in the data) or show it."""
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        row = owned_row(conn, s.ideas, idea_id, wrow["id"], "idea")
        check_moderates(scope, row["group_id"])
        stamp = now()
        history.keep(conn, wrow["id"], "ideas", row, "facilitator", fields=("hidden",), at=stamp)
        conn.execute(s.ideas.update().where(s.ideas.c.id == idea_id).values(hidden=bool(hidden), updated_at=stamp))
        bump(conn, wrow["id"], "ideas", "votes")
    return get_idea(db, idea_id)


def merge_ideas(db: Database, code: str, key: str, keep_id: int, duplicate_id: int) -> Idea:
    """Facilitator (or a group facilitator, both ideas in its group): merge a duplicate into the kept idea; its
    votes move over, nothing is lost."""
    if keep_id == duplicate_id:
        raise InvalidValue("merge", "an idea cannot be merged into itself.")
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        try:
            keep = owned_row(conn, s.ideas, keep_id, wrow["id"], "idea")
            dup = owned_row(conn, s.ideas, duplicate_id, wrow["id"], "idea")
        except NotFound:
            raise NotFound("Both ideas must belong to this workshop.") from None
        check_moderates(scope, keep["group_id"], dup["group_id"])
        if keep["merged_into"] is not None:
            raise InvalidValue("merge", "the idea to keep has itself been merged; pick the idea it was merged into.")
        if dup["merged_into"] is not None:
            raise InvalidValue("merge", "that duplicate has already been merged.")
        stamp = now()
        history.keep(conn, wrow["id"], "ideas", dup, "facilitator", fields=("merged_into",), at=stamp)
        conn.execute(s.ideas.update().where(s.ideas.c.id == duplicate_id).values(merged_into=keep_id, updated_at=stamp))
        # Ideas merged earlier into the duplicate follow it to the kept idea.
        conn.execute(s.ideas.update().where(s.ideas.c.merged_into == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        votes.move_votes(conn, duplicate_id, keep_id, stamp)
        bump(conn, wrow["id"], "ideas", "votes")
    return get_idea(db, keep_id)


# --- an author's own idea, until voting opens ----------------------------------------


def voting_opened(conn: Connection, workshop_id: int) -> bool:
    """True once a "vote" step of the agenda has started, inside the caller's transaction."""
    return conn.execute(select(s.agenda.c.id).where(
        s.agenda.c.workshop_id == workshop_id, s.agenda.c.step == "vote", s.agenda.c.started_at.is_not(None))
        .limit(1)).first() is not None


def can_edit_ideas(db: Database, code: str) -> bool:
    """True while participants may still edit or withdraw their own ideas (voting has not opened)."""
    with db.read() as conn:
        return not voting_opened(conn, workshop_row(conn, code)["id"])


def _own_idea(conn: Connection, code: str, token: str | None, idea_id: Any) -> tuple[Mapping, Mapping, Mapping]:
    """(workshop, participant, idea) rows when the participant may still change this idea of theirs."""
    wrow, prow = require_participant(conn, code, token)
    if isinstance(idea_id, bool) or not isinstance(idea_id, int):
        raise InvalidValue("idea", "must be an idea number.")
    row = owned_row(conn, s.ideas, idea_id, wrow["id"], "idea")
    if row["author_id"] != prow["id"]:
        raise NotAllowed("You can only change your own ideas.")
    if row["withdrawn_at"] is not None or row["merged_into"] is not None:
        raise NotFound("That idea is no longer on the wall.")
    if voting_opened(conn, wrow["id"]):
        raise NotAllowed("Voting has opened: ideas can no longer be changed or withdrawn.")
    rates.take(conn, wrow["id"], prow["id"], "idea change", token=token)
    return wrow, prow, row


def edit_idea(db: Database, code: str, token: str, idea_id: int, *, title: str, description: str = "",
              scale: str, driver: str) -> Idea:
    """Participant: change their own idea's text and place until voting opens (the old version is kept)."""
    rates.precheck("idea change", token)
    with db.write() as conn:
        wrow, prow, row = _own_idea(conn, code, token, idea_id)
        idea = Idea(workshop_id=wrow["id"], title=title, description=description, scale=scale, driver=driver,
                    theme=row["theme"], lat=row["lat"], lon=row["lon"], author_id=prow["id"])
        fields = ("title", "description", "scale", "driver")
        if tuple(getattr(idea, f) for f in fields) != tuple(row[f] for f in fields):
            stamp = now()
            history.keep(conn, wrow["id"], "ideas", row, f"participant {prow['id']}", fields=("id", *fields),
                         at=stamp)
            conn.execute(s.ideas.update().where(s.ideas.c.id == idea_id).values(
                title=idea.title, description=idea.description, scale=idea.scale, driver=idea.driver,
                updated_at=stamp))
            bump(conn, wrow["id"], "ideas")
        return idea_from_row(conn.execute(select(s.ideas).where(s.ideas.c.id == idea_id)).mappings().one(),
                             votes.vote_count(conn, idea_id))


def withdraw_idea(db: Database, code: str, token: str, idea_id: int) -> None:
    """Participant: take their own idea off the wall until voting opens (it stays in the data and exports)."""
    rates.precheck("idea change", token)
    with db.write() as conn:
        wrow, _prow, _row = _own_idea(conn, code, token, idea_id)
        stamp = now()
        conn.execute(s.ideas.update().where(s.ideas.c.id == idea_id).values(withdrawn_at=stamp, updated_at=stamp))
        bump(conn, wrow["id"], "ideas", "votes")


# --- inside another transaction (paper input, forget) ---------------------------------


def ideas_in(conn: Connection, workshop_id: int, *, include_merged: bool = True) -> list[Idea]:
    """Every idea of a workshop (hidden ones too), oldest first, inside the caller's transaction."""
    query = select(s.ideas).where(s.ideas.c.workshop_id == workshop_id).order_by(s.ideas.c.id)
    if not include_merged:
        query = query.where(s.ideas.c.merged_into.is_(None))
    return [idea_from_row(r) for r in conn.execute(query).mappings().all()]


def mark_merged(conn: Connection, idea_id: int, keep_id: int) -> None:
    """Record that an imported idea was merged into another (as the file says; its own dots stay)."""
    conn.execute(s.ideas.update().where(s.ideas.c.id == idea_id).values(merged_into=keep_id))


def erase_text(conn: Connection, workshop_id: int, author_id: int, at: datetime, marker: str) -> list[int]:
    """Replace title and description of the ideas ``author_id`` wrote (forget); returns their ids."""
    ids = conn.execute(select(s.ideas.c.id).where(s.ideas.c.workshop_id == workshop_id,
                                                  s.ideas.c.author_id == author_id)).scalars().all()
    conn.execute(s.ideas.update().where(s.ideas.c.id.in_(ids)).values(title=marker, description="", updated_at=at))
    return list(ids)


def move_author(conn: Connection, workshop_id: int, from_id: int, to_id: int, at: datetime, actor: str) -> int:
    """Two participants merged: the ideas ``from_id`` wrote become ``to_id``'s (history kept); how many."""
    rows = conn.execute(select(s.ideas).where(s.ideas.c.workshop_id == workshop_id,
                                              s.ideas.c.author_id == from_id)).mappings().all()
    for r in rows:
        history.keep(conn, workshop_id, "ideas", r, actor, fields=("id", "author_id"), at=at)
    conn.execute(s.ideas.update().where(s.ideas.c.workshop_id == workshop_id, s.ideas.c.author_id == from_id)
                 .values(author_id=to_id, updated_at=at))
    return len(rows)
