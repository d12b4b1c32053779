"""Reading breakout groups: the groups, who is in which, what a page shows, the console's summaries.

Read-only (the writer is :mod:`facilitation.store.groups`). Reads of the records a group works
on take a :data:`~facilitation.domain.groups.GroupFilter`; :func:`wall_group` gives the one a
participant's page uses, from the store (the plenary shows every group).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from sqlalchemy import ColumnElement, Connection, func, or_, select

from facilitation.domain.errors import NotAllowed, NotFound
from facilitation.domain.groups import (
    ALL_GROUPS,
    Group,
    GroupFilter,
    GroupSetup,
    GroupSummary,
    TopIdea,
    group_label,
)
from facilitation.store import groups as writer
from facilitation.store import people
from facilitation.store import schema as s
from facilitation.store.access import (
    key_group_in,
    require_participant,
    require_role,
    role_in,
    workshop_row,
)
from facilitation.store.db import Database

TOP_IDEAS = 3


def in_group(column: Any, group_id: GroupFilter) -> ColumnElement[bool] | None:
    """The condition a read adds for ``group_id`` (None: no condition, every group)."""
    if group_id == ALL_GROUPS:
        return None
    if group_id is None:
        return column.is_(None)
    return or_(column == group_id, column.is_(None))


def list_groups(db: Database, workshop_id: int) -> list[Group]:
    """The workshop's groups (not removed), by number."""
    with db.read() as conn:
        return [writer.group_from_row(r) for r in writer.live_groups(conn, workshop_id)]


def get_group(db: Database, group_id: int) -> Group:
    """A group by its id (a removed one too: exports still name it)."""
    with db.read() as conn:
        row = conn.execute(select(s.groups).where(s.groups.c.id == group_id)).mappings().first()
    if row is None:
        raise NotFound("There is no group number {group_id}.", group_id=group_id)
    return writer.group_from_row(row)


def all_groups(db: Database, workshop_id: int) -> dict[int, Group]:
    """Every group the workshop ever had (removed ones too) by id: what exports name rows with."""
    with db.read() as conn:
        rows = conn.execute(select(s.groups).where(s.groups.c.workshop_id == workshop_id)).mappings().all()
    return {r["id"]: writer.group_from_row(r) for r in rows}


def group_setup(db: Database, workshop_id: int) -> GroupSetup:
    """The groups now, their sizes, the plenary and picking switches and how many live participants are in none."""
    with db.read() as conn:
        wrow = conn.execute(select(s.workshops).where(s.workshops.c.id == workshop_id)).mappings().first()
        if wrow is None:
            raise NotFound("There is no workshop number {workshop_id}.", workshop_id=workshop_id)
        groups = [writer.group_from_row(r) for r in writer.live_groups(conn, workshop_id)]
        sizes = writer.sizes(conn, workshop_id)
        live = conn.execute(select(func.count()).select_from(s.participants).where(
            s.participants.c.workshop_id == workshop_id, s.participants.c.source == "live",
            s.participants.c.merged_into.is_(None))).scalar_one()  # a merged second entry is not a person
    return GroupSetup(groups=tuple(groups), sizes=sizes, plenary=writer.is_on(wrow, "plenary"),
                      picking=writer.is_on(wrow, "group_picking"), unassigned=max(0, live - sum(sizes.values())))


def memberships(db: Database, workshop_id: int) -> dict[int, int]:
    """Participant id → the live group they are in (people in no group are left out)."""
    with db.read() as conn:
        return dict(conn.execute(select(s.group_members.c.participant_id, s.group_members.c.group_id)
                                 .join(s.groups, s.groups.c.id == s.group_members.c.group_id)
                                 .where(s.group_members.c.workshop_id == workshop_id,
                                        s.groups.c.removed_at.is_(None))).all())


def group_of(db: Database, workshop_id: int, participant_id: int) -> Group | None:
    """The group a participant is in (None: in none)."""
    with db.read() as conn:
        gid = writer.participant_group(conn, participant_id)
        if gid is None:
            return None
        return writer.group_from_row(conn.execute(select(s.groups).where(
            s.groups.c.id == gid, s.groups.c.workshop_id == workshop_id)).mappings().one())


def my_group(db: Database, code: str, token: str | None) -> Group | None:
    """The group of the participant holding ``token`` (None: in none, or not joined)."""
    with db.read() as conn:
        try:
            wrow, prow = require_participant(conn, code, token)
        except NotAllowed:
            return None
    return group_of(db, wrow["id"], prow["id"])


def wall_group(db: Database, workshop_id: int, participant_id: int | None) -> GroupFilter:
    """What a participant's page shows: every group without groups or in plenary, else their own group's
    items and the whole room's (None: only the whole room's, for someone in no group)."""
    with db.read() as conn:
        return wall_scope(conn, workshop_id, participant_id)


def wall_scope(conn: Connection, workshop_id: int, participant_id: int | None) -> GroupFilter:
    """:func:`wall_group` inside the caller's transaction (a write checks what its participant may see)."""
    wrow = conn.execute(select(s.workshops.c.settings).where(s.workshops.c.id == workshop_id)).mappings().first()
    if wrow is None or writer.is_on(wrow, "plenary") or not writer.live_groups(conn, workshop_id):
        return ALL_GROUPS
    return writer.participant_group(conn, participant_id) if participant_id is not None else None


def scope_size(conn: Connection, workshop_id: int, group_id: GroupFilter) -> int:
    """How many participants a scope holds: everyone, one live group's members, or those in no group."""
    everyone = select(func.count()).select_from(s.participants).where(s.participants.c.workshop_id == workshop_id,
                                                                      s.participants.c.merged_into.is_(None))
    if group_id == ALL_GROUPS:
        return conn.execute(everyone).scalar_one()
    grouped = (select(s.group_members.c.participant_id).join(s.groups, s.groups.c.id == s.group_members.c.group_id)
               .where(s.group_members.c.workshop_id == workshop_id, s.groups.c.removed_at.is_(None)))
    if group_id is None:
        return conn.execute(everyone.where(s.participants.c.source == "live",
                                           s.participants.c.id.not_in(grouped))).scalar_one()
    return conn.execute(select(func.count()).select_from(grouped.where(s.group_members.c.group_id == group_id)
                                                         .subquery())).scalar_one()


def key_group(db: Database, code: str, key: str | None) -> Group | None:
    """The group a city or group-facilitator link is bound to (None: not bound, or not a valid link)."""
    with db.read() as conn:
        try:
            wrow = workshop_row(conn, code)
        except NotFound:
            return None
        gid = key_group_in(conn, wrow, key)
        if gid is None:
            return None
        row = conn.execute(select(s.groups).where(s.groups.c.id == gid)).mappings().one()
    return writer.group_from_row(row)


def _per_group(conn, table, workshop_id: int, *where) -> dict[int, int]:  # noqa: ANN001 - SQL objects
    return dict(conn.execute(select(table.c.group_id, func.count()).where(
        table.c.workshop_id == workshop_id, table.c.group_id.is_not(None), *where).group_by(table.c.group_id)).all())


def _last(conn, table, workshop_id: int) -> dict[int, datetime]:  # noqa: ANN001 - SQL objects
    return dict(conn.execute(select(table.c.group_id, func.max(table.c.updated_at)).where(
        table.c.workshop_id == workshop_id, table.c.group_id.is_not(None)).group_by(table.c.group_id)).all())


def group_summaries(db: Database, code: str, key: str | None,
                    translate: Callable[[str], str] = str) -> list[GroupSummary]:
    """Per live group: members (named by the naming mode), counts, last activity and top ideas.

    Needs ``present``; a group facilitator gets only its own group. Counts leave out hidden,
    merged and withdrawn ideas, withdrawn votes and hidden or merged stakeholders.
    """
    with db.read() as conn:
        wrow = require_role(conn, code, key, "present")
        wid = wrow["id"]
        only = key_group_in(conn, wrow, key) if role_in(conn, wrow, key)[0] == "group-facilitator" else None
        rows = [r for r in writer.live_groups(conn, wid) if only is None or r["id"] == only]
        on_wall = (s.ideas.c.hidden.is_(False), s.ideas.c.merged_into.is_(None), s.ideas.c.withdrawn_at.is_(None))
        ideas = _per_group(conn, s.ideas, wid, *on_wall)
        # Votes on the group's ideas (in plenary, voters of other groups included).
        votes = dict(conn.execute(select(s.ideas.c.group_id, func.count()).select_from(s.votes)
                                  .join(s.ideas, s.ideas.c.id == s.votes.c.idea_id)
                                  .where(s.votes.c.workshop_id == wid, s.votes.c.withdrawn_at.is_(None),
                                         s.ideas.c.group_id.is_not(None), *on_wall)
                                  .group_by(s.ideas.c.group_id)).all())
        stakeholders = _per_group(conn, s.stakeholders, wid, s.stakeholders.c.hidden.is_(False),
                                  s.stakeholders.c.merged_into.is_(None))
        scores = _per_group(conn, s.scores, wid)
        lasts = [_last(conn, t, wid) for t in (s.ideas, s.votes, s.stakeholders, s.scores)]
        standing = (select(s.votes.c.idea_id, func.count().label("n")).where(
            s.votes.c.workshop_id == wid, s.votes.c.withdrawn_at.is_(None)).group_by(s.votes.c.idea_id).subquery())
        total = func.coalesce(standing.c.n, 0) + s.ideas.c.carried_votes  # round 2: carried votes count (issue 22)
        top = conn.execute(select(s.ideas.c.id, s.ideas.c.title, s.ideas.c.group_id, total.label("n"))
                           .outerjoin(standing, standing.c.idea_id == s.ideas.c.id)
                           .where(s.ideas.c.workshop_id == wid, s.ideas.c.group_id.is_not(None), *on_wall)
                           .order_by(total.desc(), s.ideas.c.id)).all()
        for gid, carried in conn.execute(select(s.ideas.c.group_id, func.sum(s.ideas.c.carried_votes)).where(
                s.ideas.c.workshop_id == wid, s.ideas.c.group_id.is_not(None), *on_wall).group_by(s.ideas.c.group_id)):
            votes[gid] = votes.get(gid, 0) + int(carried or 0)
        members = conn.execute(select(s.group_members.c.participant_id, s.group_members.c.group_id).where(
            s.group_members.c.workshop_id == wid).order_by(s.group_members.c.participant_id)).all()
        found = people.rows(conn, wid)
    labels = {p["id"]: people.author_label(wrow, people.participant_from_row(p), n, translate)
              for n, p in enumerate(found, start=1)}
    out = []
    for r in rows:
        group = writer.group_from_row(r)
        ids = tuple(pid for pid, gid in members if gid == group.id)
        times = [t[group.id] for t in lasts if group.id in t]
        out.append(GroupSummary(
            group=group, label=group_label(group, translate), members=tuple(labels.get(pid, "") for pid in ids),
            member_ids=ids, ideas=ideas.get(group.id, 0), votes=votes.get(group.id, 0),
            stakeholders=stakeholders.get(group.id, 0), scores=scores.get(group.id, 0),
            last_activity=max(times) if times else None,
            top_ideas=tuple(TopIdea(id=i, title=title, votes=n) for i, title, gid, n in top
                            if gid == group.id)[:TOP_IDEAS]))
    return out


def group_members(db: Database, code: str, key: str | None) -> dict[int | None, list[people.Joined]]:
    """Facilitator: who has joined, by live group (None: in no group), named by the naming mode."""
    joined = people.joined(db, code, key)  # checks "steer"
    wid = workshop_id_of(db, code)
    where = memberships(db, wid)
    out: dict[int | None, list[people.Joined]] = {g.id: [] for g in list_groups(db, wid)}
    out[None] = []
    for person in joined:
        out.setdefault(where.get(person.participant_id), []).append(person)
    return out


def workshop_id_of(db: Database, code: str) -> int:
    with db.read() as conn:
        return workshop_row(conn, code)["id"]
