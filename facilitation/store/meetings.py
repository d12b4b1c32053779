"""The meeting record of a partner meeting or session: agenda items, notes, decisions, actions.

The one writer of ``meeting_items``, ``action_items`` and ``decisions`` (issue 24: the decisions
a "decisions" step of the agenda records). Writing needs the "steer" action (the workshop's
facilitator, a co-facilitator or an organiser key); anyone with the page reads it. Every write
bumps the topic ``meeting`` (a decision: ``decisions``) in its transaction, so participants' pages
follow live; an edited row keeps its previous version in ``history``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from sqlalchemy import func, select

from facilitation.domain.errors import InvalidValue
from facilitation.domain.notes import Decision
from facilitation.domain.programmes import ActionItem, MeetingItem
from facilitation.domain.steps import N_
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import owned_row, require_role, role_in, workshop_row
from facilitation.store.db import Database, bump, now
from facilitation.store.notes import require_open
from facilitation.store.programmes import programme_row

TOPIC = "meeting"
_KEEP = object()  # "leave this field as it is" (None is a real value for a due date)


def item_from_row(row: Mapping[str, Any]) -> MeetingItem:
    return MeetingItem(id=row["id"], workshop_id=row["workshop_id"], position=row["position"], topic=row["topic"],
                       notes=row["notes"], decisions=row["decisions"], city=row["city"] or "")


def action_from_row(row: Mapping[str, Any]) -> ActionItem:
    return ActionItem(id=row["id"], workshop_id=row["workshop_id"], item_id=row["item_id"], text=row["text"],
                      owner=row["owner"], due=row["due"], done=bool(row["done"]))


def meeting(db: Database, code: str) -> list[MeetingItem]:
    """The workshop's meeting record, item by item in order."""
    with db.read() as conn:
        wrow = workshop_row(conn, code)
        rows = conn.execute(select(s.meeting_items).where(s.meeting_items.c.workshop_id == wrow["id"])
                            .order_by(s.meeting_items.c.position, s.meeting_items.c.id)).mappings().all()
    return [item_from_row(r) for r in rows]


def add_meeting_item(db: Database, code: str, key: str | None, *, topic: str, notes: str = "",
                     decisions: str = "", city: str = "") -> MeetingItem:
    """Facilitator: append an agenda item (a topic) to the meeting record."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        position = conn.execute(select(func.count()).select_from(s.meeting_items)
                                .where(s.meeting_items.c.workshop_id == wrow["id"])).scalar_one()
        item = MeetingItem(workshop_id=wrow["id"], position=position, topic=topic, notes=notes, decisions=decisions,
                           city=city)
        stamp = now()
        iid = conn.execute(s.meeting_items.insert().values(
            workshop_id=wrow["id"], position=item.position, topic=item.topic, notes=item.notes,
            decisions=item.decisions, city=item.city, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], TOPIC)
        return item_from_row(owned_row(conn, s.meeting_items, iid, wrow["id"], "agenda item"))


def update_meeting_item(db: Database, code: str, key: str | None, item_id: int, *, topic: str | None = None,
                        notes: str | None = None, decisions: str | None = None,
                        city: str | None = None) -> MeetingItem:
    """Facilitator: change an item's topic, notes, decisions or city (None keeps a field)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        row = owned_row(conn, s.meeting_items, item_id, wrow["id"], "agenda item")
        old = item_from_row(row)
        item = MeetingItem(workshop_id=old.workshop_id, position=old.position,
                           topic=old.topic if topic is None else topic, notes=old.notes if notes is None else notes,
                           decisions=old.decisions if decisions is None else decisions,
                           city=old.city if city is None else city)
        if item != old:
            history.keep(conn, wrow["id"], "meeting_items", row, "facilitator")
            conn.execute(s.meeting_items.update().where(s.meeting_items.c.id == item_id).values(
                topic=item.topic, notes=item.notes, decisions=item.decisions, city=item.city, updated_at=now()))
            bump(conn, wrow["id"], TOPIC)
        return item_from_row(owned_row(conn, s.meeting_items, item_id, wrow["id"], "agenda item"))


def add_action(db: Database, code: str, key: str | None, *, text: str, owner: str = "",
               due: date | str | None = None, item_id: int | None = None) -> ActionItem:
    """Facilitator: an action item, for the meeting or for one of its agenda items."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        if item_id is not None:
            owned_row(conn, s.meeting_items, item_id, wrow["id"], "agenda item")
        action = ActionItem(workshop_id=wrow["id"], item_id=item_id, text=text, owner=owner, due=due)
        stamp = now()
        aid = conn.execute(s.action_items.insert().values(
            workshop_id=wrow["id"], item_id=action.item_id, text=action.text, owner=action.owner, due=action.due,
            done=False, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], TOPIC)
        return action_from_row(owned_row(conn, s.action_items, aid, wrow["id"], "action"))


def update_action(db: Database, code: str, key: str | None, action_id: int, *, text: str | None = None,
                  owner: str | None = None, due: Any = _KEEP, done: bool | None = None) -> ActionItem:
    """Facilitator: change an action's text, owner, due date (None clears it) or done."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        row = owned_row(conn, s.action_items, action_id, wrow["id"], "action")
        old = action_from_row(row)
        if done is not None and not isinstance(done, bool):
            raise InvalidValue("done", "must be true or false.")
        action = ActionItem(workshop_id=old.workshop_id, item_id=old.item_id, text=old.text if text is None else text,
                            owner=old.owner if owner is None else owner, due=old.due if due is _KEEP else due,
                            done=old.done if done is None else done)
        if action != old:
            history.keep(conn, wrow["id"], "action_items", row, "facilitator")
            conn.execute(s.action_items.update().where(s.action_items.c.id == action_id).values(
                text=action.text, owner=action.owner, due=action.due, done=action.done, updated_at=now()))
            bump(conn, wrow["id"], TOPIC)
        return action_from_row(owned_row(conn, s.action_items, action_id, wrow["id"], "action"))


def list_actions(db: Database, code: str | None = None, programme: str | None = None) -> list[ActionItem]:
    """Action items of one workshop, of a programme's workshops, or all; by due date (undated last)."""
    a = s.action_items
    q = select(a)
    with db.read() as conn:
        if code is not None:
            q = q.where(a.c.workshop_id == workshop_row(conn, code)["id"])
        if programme is not None:
            pid = programme_row(conn, programme)["id"]
            q = q.where(a.c.workshop_id.in_(select(s.workshops.c.id).where(s.workshops.c.programme_id == pid)))
        rows = conn.execute(q.order_by(a.c.due.is_(None), a.c.due, a.c.id)).mappings().all()
    return [action_from_row(r) for r in rows]


# --- decisions of a "decisions" step (issue 24) ---------------------------------------------

DECISIONS_TOPIC = "decisions"


def decision_from_row(row: Mapping[str, Any]) -> Decision:
    return Decision(id=row["id"], workshop_id=row["workshop_id"], agenda_id=row["agenda_id"], text=row["text"],
                    by=row["by"], created_at=row["created_at"])


def add_decision(db: Database, code: str, key: str | None, text: str) -> Decision:
    """Facilitator: record a decision in the open decisions step."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        agenda_id = require_open(conn, wrow, "decisions", N_("Decisions are recorded while a decisions step is open."))
        decision = Decision(workshop_id=wrow["id"], agenda_id=agenda_id, text=text,
                            by=role_in(conn, wrow, key)[0] or "")
        did = conn.execute(s.decisions.insert().values(
            workshop_id=wrow["id"], agenda_id=agenda_id, by=decision.by, text=decision.text,
            created_at=now())).inserted_primary_key[0]
        bump(conn, wrow["id"], DECISIONS_TOPIC)
        return decision_from_row(owned_row(conn, s.decisions, did, wrow["id"], "decision"))


def list_decisions(db: Database, code: str, agenda_id: int | None = None) -> list[Decision]:
    """The workshop's decisions in the order they were taken (one step's with ``agenda_id``)."""
    d = s.decisions
    with db.read() as conn:
        q = select(d).where(d.c.workshop_id == workshop_row(conn, code)["id"])
        if agenda_id is not None:
            q = q.where(d.c.agenda_id == agenda_id)
        rows = conn.execute(q.order_by(d.c.created_at, d.c.id)).mappings().all()
    return [decision_from_row(r) for r in rows]
