"""Editing a workshop's agenda and steering its timer, before and during the session.

Every function needs the "steer" action (facilitator, co-facilitator, organiser), runs in one
write transaction, refuses a bad value with a named error before anything is written, and
bumps ``agenda`` (and ``phase`` when the open step moves or its timer changes) so open pages
update. Rows are written through :mod:`~facilitation.store.agenda_rows` (the table's one
writer); a changed or removed row keeps its previous version in ``history``. The open step
follows its row when items move or a step is inserted before it, and can never be removed. A step's
settings are checked by its kind (:mod:`facilitation.domain.step_settings`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from sqlalchemy import Connection

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.domain.records import AgendaItem
from facilitation.domain.step_settings import check_step_settings
from facilitation.store import agenda_rows, history, questions, workshops
from facilitation.store.access import require_role, role_in
from facilitation.store.db import Database, bump, now

MAX_ITEMS = 40
Row = Mapping[str, Any]


def _steer(conn: Connection, code: str, key: str | None) -> tuple[Row, str]:
    """(workshop row, who is acting) for a key that may steer, else :class:`NotAllowed`."""
    wrow = require_role(conn, code, key, "steer")
    return wrow, role_in(conn, wrow, key)[0] or "facilitator"


def _item_at(conn: Connection, wrow: Row, position: Any) -> tuple[int, Row]:
    """(position, row) of an agenda item of this workshop, or a named error."""
    found = agenda_rows.rows(conn, wrow["id"])
    position = model.check_int("step number", position, 0, max(len(found) - 1, 0))
    if position >= len(found):
        raise NotFound("There is no agenda step number {value} in this workshop.", value=position + 1)
    return position, found[position]


def add_agenda_item(db: Database, code: str, key: str, *, step: str, title: str = "", minutes: int = 10,
                    instruction: str = "", position: int | None = None, settings: Mapping[str, Any] | None = None,
                    starts_at: str = "") -> list[AgendaItem]:
    """Insert a step of any kind at ``position`` (0 = first; None = at the end) with its kind's
    ``settings`` and an optional planned start ("HH:MM"); the open step stays open. Returns the new agenda."""
    with db.write() as conn:
        wrow, _ = _steer(conn, code, key)
        count = agenda_rows.count(conn, wrow["id"])
        if count >= MAX_ITEMS:
            raise InvalidValue("agenda", "has {max_items} steps already; remove one before adding another.", max_items=MAX_ITEMS)
        to = count if position is None else model.check_int("position of the new step", position, 0, count)
        item = AgendaItem(step=step, minutes=minutes, title=title, instruction=instruction, position=to,
                          starts_at=starts_at)
        item = replace(item, settings=check_step_settings(item.step, settings or {}))
        questions.check_material(conn, wrow["id"], item.settings)  # a presentation's material is the workshop's
        stamp = now()
        agenda_rows.insert_items(conn, wrow["id"], [item], stamp, first=count)
        topics = ["agenda"]
        if to < count:
            agenda_rows.move_item(conn, wrow["id"], count, to, stamp)
            if count and to <= wrow["phase_index"] < count:  # the open step moved down with its row
                workshops.write_phase_index(conn, wrow["id"], wrow["phase_index"] + 1, stamp)
                topics.append("phase")
        bump(conn, wrow["id"], *topics)
        return agenda_rows.items(conn, wrow["id"])


_EDITED = ("id", "title", "minutes", "instruction", "settings", "starts_at")


def update_agenda_item(db: Database, code: str, key: str, position: int, *, title: str | None = None,
                       minutes: int | None = None, instruction: str | None = None,
                       settings: Mapping[str, Any] | None = None, starts_at: str | None = None) -> list[AgendaItem]:
    """Change an item's title, planned minutes, instruction, settings or planned start (what is not given stays)."""
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        position, row = _item_at(conn, wrow, position)
        old = agenda_rows.item_from_row(row)
        item = AgendaItem(step=old.step, position=position,
                          title=old.title if title is None else title,
                          minutes=old.minutes if minutes is None else minutes,
                          instruction=old.instruction if instruction is None else instruction,
                          settings=old.settings, starts_at=old.starts_at if starts_at is None else starts_at)
        if settings is not None:
            item = replace(item, settings=check_step_settings(item.step, settings))
            questions.check_material(conn, wrow["id"], item.settings)
        _store_if_changed(conn, wrow, actor, position, row, old, item)
        return agenda_rows.items(conn, wrow["id"])


def set_step_settings(db: Database, code: str, key: str, position: int, settings: Mapping[str, Any]) -> AgendaItem:
    """Replace the settings of the step at ``position``, checked by its kind (``SETTINGS_CHECKS``); returns it."""
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        position, row = _item_at(conn, wrow, position)
        old = agenda_rows.item_from_row(row)
        item = replace(old, settings=check_step_settings(old.step, settings))
        questions.check_material(conn, wrow["id"], item.settings)
        _store_if_changed(conn, wrow, actor, position, row, old, item)
        return agenda_rows.row_at(conn, wrow["id"], position)


def _store_if_changed(conn: Connection, wrow: Row, actor: str, position: int, row: Row, old: AgendaItem,
                      item: AgendaItem) -> None:
    """Write ``item`` over ``old`` (keeping the old version in history) when an edited field differs."""
    def edited(i: AgendaItem) -> tuple[Any, ...]:
        return i.title, i.minutes, i.instruction, dict(i.settings), i.starts_at

    if edited(item) != edited(old):
        stamp = now()
        history.keep(conn, wrow["id"], "agenda", row, actor, fields=_EDITED, at=stamp)
        agenda_rows.update_item(conn, wrow["id"], position, item, stamp)
        bump(conn, wrow["id"], "agenda")


def remove_agenda_item(db: Database, code: str, key: str, position: int) -> list[AgendaItem]:
    """Remove a step that is not open; the later steps move up and the open step stays open."""
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        position, row = _item_at(conn, wrow, position)
        if agenda_rows.count(conn, wrow["id"]) <= 1:
            raise InvalidValue("agenda", "needs at least one step; add another before removing this one.")
        if position == wrow["phase_index"]:
            raise InvalidValue("agenda", "the open step cannot be removed; open another step first.")
        stamp = now()
        history.keep(conn, wrow["id"], "agenda", row, actor, at=stamp)
        agenda_rows.delete_item(conn, wrow["id"], position, stamp)
        topics = ["agenda"]
        if position < wrow["phase_index"]:
            workshops.write_phase_index(conn, wrow["id"], wrow["phase_index"] - 1, stamp)
            topics.append("phase")
        bump(conn, wrow["id"], *topics)
        return agenda_rows.items(conn, wrow["id"])


def move_agenda_item(db: Database, code: str, key: str, position: int, delta: int) -> list[AgendaItem]:
    """Move a step ``delta`` places (-1 = up, 1 = down); the open step stays open wherever it lands."""
    with db.write() as conn:
        wrow, _ = _steer(conn, code, key)
        position, _row = _item_at(conn, wrow, position)
        delta = model.check_int("move", delta, -MAX_ITEMS, MAX_ITEMS)
        found = agenda_rows.rows(conn, wrow["id"])
        to = position + delta
        if delta == 0:
            return [agenda_rows.item_from_row(r) for r in found]
        if not 0 <= to < len(found):
            where = "up" if delta < 0 else "down"
            raise InvalidValue("move", "step {value} cannot move {abs} place(s) {where}.", value=position + 1, abs=abs(delta), where=where)
        stamp = now()
        open_id = found[min(wrow["phase_index"], len(found) - 1)]["id"]
        agenda_rows.move_item(conn, wrow["id"], position, to, stamp)
        moved = agenda_rows.items(conn, wrow["id"])
        order = [r["id"] for r in agenda_rows.rows(conn, wrow["id"])]
        topics = ["agenda"]
        if order.index(open_id) != wrow["phase_index"]:
            workshops.write_phase_index(conn, wrow["id"], order.index(open_id), stamp)
            topics.append("phase")
        bump(conn, wrow["id"], *topics)
        return moved


# --- the open step's timer ----------------------------------------------------------------


def _open_position(conn: Connection, wrow: Row) -> int:
    return min(wrow["phase_index"], max(agenda_rows.count(conn, wrow["id"]) - 1, 0))


def _change_open_timer(db: Database, code: str, key: str, change) -> AgendaItem:
    """Apply ``change(conn, workshop_id, position, stamp) -> bool`` to the open step; bump when it changed."""
    with db.write() as conn:
        wrow, _ = _steer(conn, code, key)
        position = _open_position(conn, wrow)
        if change(conn, wrow["id"], position, now()):
            bump(conn, wrow["id"], "phase")
        return agenda_rows.row_at(conn, wrow["id"], position)


def pause_timer(db: Database, code: str, key: str) -> AgendaItem:
    """Pause the open step's timer (pausing a paused timer changes nothing); returns the open step."""
    return _change_open_timer(db, code, key, agenda_rows.pause)


def resume_timer(db: Database, code: str, key: str) -> AgendaItem:
    """Resume the open step's timer (the paused time does not count); returns the open step."""
    return _change_open_timer(db, code, key, agenda_rows.resume)


def extend_timer(db: Database, code: str, key: str, minutes: int) -> AgendaItem:
    """Add (or, negative, take away) 1–60 minutes of the open step's time; its total never goes below zero."""
    minutes = model.check_int("extra minutes", minutes, -60, 60)
    if minutes == 0:
        raise InvalidValue("extra minutes", "must be between 1 and 60 minutes, more or less.")
    with db.write() as conn:
        wrow, _ = _steer(conn, code, key)
        position = _open_position(conn, wrow)
        item = agenda_rows.row_at(conn, wrow["id"], position)
        if item is None:
            raise NotFound("This workshop has no agenda step open.")
        extra = item.extra_seconds + minutes * 60
        if item.minutes * 60 + extra < 0:
            raise InvalidValue("extra minutes", "the step has {value} minutes planned; no more can be taken away.", value=(item.minutes * 60 + item.extra_seconds) // 60)
        if abs(extra) > 600 * 60:
            raise InvalidValue("extra minutes", "a step can be given at most 600 minutes more or less.")
        agenda_rows.set_extra(conn, wrow["id"], position, extra, now())
        bump(conn, wrow["id"], "phase")
        return agenda_rows.row_at(conn, wrow["id"], position)
