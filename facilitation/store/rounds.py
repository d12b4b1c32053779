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

The new round has its own date and runs the steps its facilitator chose (the previous round's
agenda items of those steps; by default all but the welcome, so it does not restart at
"Welcome"); it keeps whether participants pick their group. Like every new workshop it waits
for its facilitator to start it.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, func, select

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import AgendaItem, Idea, Workshop
from facilitation.domain.steps import STEPS, N_
from facilitation.i18n import translator
from facilitation.store import (
    agenda_rows,
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

# Settings a new round keeps: how people are named and asked and whether they pick their group; not what the
# last session left open.
KEPT_SETTINGS = ("naming", "ask_affiliation", "private_brainstorm", "zoom", "group_picking")
# The step a new round leaves out unless asked: its people have joined already.
ROUND_TWO_WELCOME = "waiting"


def round_two_agenda(previous: Sequence[AgendaItem], steps: Any) -> list[AgendaItem]:
    """The next round's agenda: the previous round's items of the chosen ``steps`` (step names), in its order.

    ``steps`` None: every step but the welcome. A chosen step the previous agenda lacks comes after them,
    with the registry's name. Nothing is started.
    """
    if steps is None:
        chosen = [i.step for i in previous if i.step != ROUND_TWO_WELCOME] or [i.step for i in previous]
    else:
        if isinstance(steps, str) or not all(isinstance(x, str) for x in steps):
            raise InvalidValue("steps of round 2", "must be a list of step names.")
        chosen = [x.strip() for x in steps if x.strip()]
        unknown = [x for x in chosen if x not in STEPS]
        if unknown:
            raise InvalidValue("steps of round 2", "{names} is not a step; the steps are {steps}.",
                               names=", ".join(unknown), steps=", ".join(STEPS))
        if not chosen:
            raise InvalidValue("steps of round 2", "choose at least one step.")
    wanted = set(chosen)
    items = [AgendaItem(step=i.step, minutes=i.minutes, title=i.title, instruction=i.instruction,
                         settings=i.settings)
             for i in previous if i.step in wanted]
    have = {i.step for i in items}
    items += [AgendaItem(step=name, minutes=10) for name in dict.fromkeys(chosen) if name not in have]
    return items


ROUND_SUFFIX = N_("— round {n}")  # after the title of the next round's workshop


def _title(previous: Mapping[str, Any], number: int, title: str | None) -> str:
    if title is not None:
        return title
    # In the workshop's language: a Polish room reads "— runda 2" in every header of round 2.
    suffix = " " + translator(previous["language"])(ROUND_SUFFIX).format(n=number)
    return previous["title"][: model.MAX_TITLE - len(suffix)].rstrip() + suffix


def _copy(conn: Connection, prev: Mapping[str, Any], *, title: str | None, date: Any,
          key: str | None, steps: Sequence[str] | None = None) -> workshops.Created:
    number = prev["round"] + 1
    agenda_items = round_two_agenda(agenda_rows.items(conn, prev["id"]), steps)
    created = workshops.insert_workshop(
        conn, title=_title(prev, number, title), city=prev["city"], country=prev["country"], language=prev["language"],
        round=number, date=date or None, template=prev["template"], lat=prev["lat"], lon=prev["lon"], key=key,
        agenda_items=agenda_items)
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
                     date: Date | str | None = None, steps: Sequence[str] | None = None) -> workshops.Created:
    """Facilitator of a round: the next round's workshop built on it (see the module) on ``date``, running the
    chosen ``steps`` (see :func:`round_two_agenda`); its new facilitator key is shown once."""
    with db.write() as conn:
        return _copy(conn, require_facilitator(conn, code, key), title=title, date=date, key=None, steps=steps)


def copy_round_two(db: Database, code: str, *, title: str | None = None, date: Date | str | None = None,
                   steps: Sequence[str] | None = None) -> workshops.Created:
    """:func:`create_round_two` for local administration (``facilitation round2 CODE``): no key is checked."""
    with db.write() as conn:
        return _copy(conn, workshop_row(conn, code), title=title, date=date, key=None, steps=steps)


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
            s.participants.c.workshop_id == workshop_id, s.participants.c.source != "carried",
            s.participants.c.merged_into.is_(None))).scalar_one()
