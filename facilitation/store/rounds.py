"""Round 2 from round 1: a new workshop that starts where the previous round ended.

Read and copy only: every row is written through its table's writer (``workshops``,
``challenge``, ``features``, ``groups``, ``people``, ``ideas``). The new workshop has the next
round number and ``previous_id`` pointing back; it keeps the city, country, language, map,
themes, template, vote rules, programme and settings about names (not the run state: reveal,
plenary), and copies the challenge, the map, the groups with their challenges, and the ideas
on the wall. An idea keeps its group, points to the idea it came from (``previous_idea_id``)
and carries its standing votes (``carried_votes``); round-2 dots start at zero and nobody's
budget is touched. Participants who chose to be recognised again (``person_hash``) come along
(``source`` "carried") with their group, and the ideas they wrote keep them as author; others
are not copied and their ideas have no author in round 2.
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain import records as model
from facilitation.domain.records import Idea, Workshop
from facilitation.store import (
    challenge,
    features,
    groups,
    ideas,
    people,
    votes,
    workshops,
)
from facilitation.store import schema as s
from facilitation.store.access import require_facilitator, workshop_row
from facilitation.store.db import Database, bump, now

# Settings a new round keeps: how people are named and asked; not what the last session left open.
KEPT_SETTINGS = ("naming", "ask_affiliation", "private_brainstorm", "zoom")


def _title(previous: Mapping[str, Any], number: int, title: str | None) -> str:
    if title is not None:
        return title
    suffix = f" — round {number}"
    return previous["title"][: model.MAX_TITLE - len(suffix)].rstrip() + suffix


def _copy(conn: Connection, prev: Mapping[str, Any], *, title: str | None, date: str | None,
          key: str | None) -> workshops.Created:
    number = prev["round"] + 1
    created = workshops.insert_workshop(
        conn, title=_title(prev, number, title), city=prev["city"], country=prev["country"], language=prev["language"],
        round=number, date=date or None, template=prev["template"], lat=prev["lat"], lon=prev["lon"], key=key)
    new_id, stamp = created.workshop.id, now()
    settings = {k: v for k, v in (prev["settings"] or {}).items() if k in KEPT_SETTINGS}
    workshops.save_settings(conn, new_id, settings)
    workshops.write_columns(conn, new_id, previous_id=prev["id"], programme_id=prev["programme_id"],
                            phase_id=prev["phase_id"], kind=prev["kind"], venue_id=prev["venue_id"],
                            themes=list(prev["themes"] or ()), vote_budget=prev["vote_budget"],
                            votes_per_idea=prev["votes_per_idea"])
    challenge.copy_challenge(conn, prev["id"], new_id, stamp)
    group_ids = groups.copy_groups(conn, prev["id"], new_id, stamp)
    features.copy_features(conn, prev["id"], new_id, group_ids, stamp)
    authors: dict[int, int] = {}
    for row in people.rows(conn, prev["id"]):
        if row["person_hash"] and row["forgotten_at"] is None:
            authors[row["id"]] = people.carry_participant(conn, new_id, row, stamp)
            old_group = groups.participant_group(conn, row["id"])
            if old_group in group_ids:
                groups.assign(conn, new_id, authors[row["id"]], group_ids[old_group], stamp)
    counts = votes.vote_counts(conn, prev["id"])
    on_wall = conn.execute(select(s.ideas).where(
        s.ideas.c.workshop_id == prev["id"], s.ideas.c.hidden.is_(False), s.ideas.c.merged_into.is_(None),
        s.ideas.c.withdrawn_at.is_(None)).order_by(s.ideas.c.id)).mappings().all()
    for r in on_wall:
        idea = Idea(workshop_id=new_id, title=r["title"], description=r["description"], scale=r["scale"],
                    driver=r["driver"], theme=r["theme"], lat=r["lat"], lon=r["lon"],
                    author_id=authors.get(r["author_id"]), group_id=group_ids.get(r["group_id"]),
                    carried_votes=counts.get(r["id"], 0))
        ideas.insert_idea(conn, idea, private=False, stamp=stamp, previous_idea_id=r["id"])
    bump(conn, new_id, "workshop", "challenge", "map", "groups", "ideas", "participants")
    return workshops.Created(workshop=workshops.to_workshop(
        conn.execute(select(s.workshops).where(s.workshops.c.id == new_id)).mappings().one()), key=created.key)


def create_round_two(db: Database, code: str, key: str, *, title: str | None = None,
                     date: str | None = None) -> workshops.Created:
    """Facilitator of a round: the next round's workshop built on it (see the module); its new facilitator key
    is shown once."""
    with db.write() as conn:
        return _copy(conn, require_facilitator(conn, code, key), title=title, date=date, key=None)


def copy_round_two(db: Database, code: str, *, title: str | None = None, date: str | None = None) -> workshops.Created:
    """:func:`create_round_two` for local administration (``facilitation round2 CODE``): no key is checked."""
    with db.write() as conn:
        return _copy(conn, workshop_row(conn, code), title=title, date=date, key=None)


def previous_round(db: Database, workshop_id: int) -> Workshop | None:
    """The workshop this one continues (None: a first round)."""
    with db.read() as conn:
        prev = conn.execute(select(s.workshops.c.previous_id).where(s.workshops.c.id == workshop_id)).scalar()
        row = conn.execute(select(s.workshops).where(s.workshops.c.id == prev)).mappings().first() if prev else None
    return workshops.to_workshop(row) if row is not None else None


def next_round(db: Database, workshop_id: int) -> Workshop | None:
    """The first workshop made from this one (None: no later round yet)."""
    with db.read() as conn:
        row = conn.execute(select(s.workshops).where(s.workshops.c.previous_id == workshop_id)
                           .order_by(s.workshops.c.id).limit(1)).mappings().first()
    return workshops.to_workshop(row) if row is not None else None


def carried_votes(db: Database, workshop_id: int) -> int:
    """The votes a workshop's ideas carried from the previous round, together."""
    with db.read() as conn:
        return conn.execute(select(func.coalesce(func.sum(s.ideas.c.carried_votes), 0)).where(
            s.ideas.c.workshop_id == workshop_id)).scalar_one()


def people_here(db: Database, workshop_id: int) -> int:
    """Participants who took part in this workshop (people carried from the previous round left out)."""
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(s.participants).where(
            s.participants.c.workshop_id == workshop_id, s.participants.c.source != "carried")).scalar_one()
