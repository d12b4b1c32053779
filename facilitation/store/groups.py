"""Breakout groups: creating, splitting, renaming and removing them, and who is in which.

The one writer of ``groups`` and ``group_members``. The facilitator (action ``steer``) splits
the room, creates, renames and removes groups, moves people live, lets participants pick
their group and turns the plenary on or off (``settings["group_picking"]``,
``settings["plenary"]``, written through :mod:`~facilitation.store.workshops`). A participant
picks a group only while picking is on; someone joining a workshop that has groups is placed
in the smallest group (:func:`place_new`, called by ``people.join``).

The group of every participant write is read here (:func:`participant_group`) inside the
write's transaction, so a page can never choose it. A removed group keeps its row
(``removed_at``) so what it produced still names it. Every change bumps ``groups`` and the
topics whose visible rows it changes, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain import groups as g
from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.groups import Group
from facilitation.store import history, rates, workshops
from facilitation.store import schema as s
from facilitation.store.access import (
    key_group_in,
    require_facilitator,
    require_participant,
    require_role,
    role_in,
)
from facilitation.store.db import Database, bump, now
from facilitation.store.server import advisory_lock
from facilitation.store.workshop_setup import CITY_ZOOM

Row = Mapping[str, Any]
# What participants see changes with membership or the plenary: their pages re-read these.
SEEN = ("groups", "ideas", "votes", "stakeholders", "scores", "map", "challenge")


def group_from_row(row: Row) -> Group:
    return Group(id=row["id"], workshop_id=row["workshop_id"], number=row["number"], name=row["name"] or "",
                 city=row["city"] or "", challenge_title=row["challenge_title"] or "",
                 challenge_text=row["challenge_text"] or "", lat=row["lat"], lon=row["lon"], zoom=row["zoom"],
                 created_at=row["created_at"])


# --- inside a transaction ----------------------------------------------------------------


def live_groups(conn: Connection, workshop_id: int) -> list[Row]:
    """The workshop's groups that are not removed, by number."""
    return conn.execute(select(s.groups).where(s.groups.c.workshop_id == workshop_id, s.groups.c.removed_at.is_(None))
                        .order_by(s.groups.c.number)).mappings().all()


def group_row(conn: Connection, workshop_id: int, group_id: Any) -> Row:
    """A live group of this workshop, else :class:`NotFound`."""
    if isinstance(group_id, bool) or not isinstance(group_id, int):
        raise InvalidValue("group", "must be a group number.")
    row = conn.execute(select(s.groups).where(s.groups.c.id == group_id, s.groups.c.workshop_id == workshop_id,
                                              s.groups.c.removed_at.is_(None))).mappings().first()
    if row is None:
        raise NotFound("That group is not part of this workshop.")
    return row


def participant_group(conn: Connection, participant_id: int) -> int | None:
    """The live group a participant is in now (None: in no group)."""
    return conn.execute(select(s.group_members.c.group_id).join(s.groups, s.groups.c.id == s.group_members.c.group_id)
                        .where(s.group_members.c.participant_id == participant_id,
                               s.groups.c.removed_at.is_(None))).scalar()


def sizes(conn: Connection, workshop_id: int) -> dict[int, int]:
    """Members per live group (0 for an empty one)."""
    counts = dict(conn.execute(select(s.group_members.c.group_id, func.count()).where(
        s.group_members.c.workshop_id == workshop_id).group_by(s.group_members.c.group_id)).all())
    return {r["id"]: counts.get(r["id"], 0) for r in live_groups(conn, workshop_id)}


def is_on(wrow: Row, setting: str) -> bool:
    """A group switch of the workshop's settings: ``plenary`` or ``group_picking``."""
    return bool((wrow["settings"] or {}).get(setting))


def _smallest(conn: Connection, workshop_id: int) -> int | None:
    counts = sizes(conn, workshop_id)
    if not counts:
        return None
    numbers = {r["id"]: r["number"] for r in live_groups(conn, workshop_id)}
    return min(counts, key=lambda gid: (counts[gid], numbers[gid]))


def assign(conn: Connection, workshop_id: int, participant_id: int, group_id: int | None, stamp: datetime) -> None:
    """Put a participant in a group (None: in no group)."""
    found = conn.execute(select(s.group_members.c.group_id).where(
        s.group_members.c.participant_id == participant_id)).first()
    if group_id is None:
        conn.execute(s.group_members.delete().where(s.group_members.c.participant_id == participant_id))
    elif found is None:
        conn.execute(s.group_members.insert().values(participant_id=participant_id, workshop_id=workshop_id,
                                                     group_id=group_id, created_at=stamp, updated_at=stamp))
    elif found.group_id != group_id:
        conn.execute(s.group_members.update().where(s.group_members.c.participant_id == participant_id).values(
            group_id=group_id, updated_at=stamp))


def place_new(conn: Connection, wrow: Row, participant_id: int) -> None:
    """A participant just joined: into the smallest group when the workshop has groups and picking is off."""
    if is_on(wrow, "group_picking") or not live_groups(conn, wrow["id"]):
        return
    advisory_lock(conn, "groups", wrow["id"])  # people joining at once on PostgreSQL: counted one after another
    target = _smallest(conn, wrow["id"])
    if target is not None:
        assign(conn, wrow["id"], participant_id, target, now())
        bump(conn, wrow["id"], "groups")


def city_centre(conn: Connection, workshop_id: int, city: str) -> tuple[float, float] | None:
    """Where the offline gazetteer puts a group's city (in the workshop's country first); None when unknown."""
    if not city or not city.strip():
        return None
    from facilitation.domain import gazetteer  # the place list loads only when a group gets a city

    country = conn.execute(select(s.workshops.c.country).where(s.workshops.c.id == workshop_id)).scalar() or ""
    place = gazetteer.lookup(city, country) or gazetteer.lookup(city)
    return (place.lat, place.lon) if place is not None else None


def _centre_values(conn: Connection, workshop_id: int, row: Row | None, city: str) -> dict[str, Any]:
    """The map centre a group takes with a new city: the gazetteer's, unless its centre was set by hand.

    A centre counts as set by hand when it is not the one the gazetteer gave the group's former city.
    """
    if row is not None and row["lat"] is not None and row["lon"] is not None:
        before = city_centre(conn, workshop_id, row["city"] or "")
        if before is None or (round(row["lat"], 5), round(row["lon"], 5)) != tuple(round(v, 5) for v in before):
            return {}
    found = city_centre(conn, workshop_id, city)
    return {"lat": found[0], "lon": found[1], "zoom": CITY_ZOOM} if found else {"lat": None, "lon": None}


def insert_group(conn: Connection, workshop_id: int, stamp: datetime, *, name: str = "", city: str = "",
                 **challenge: Any) -> int:
    """A new group numbered after every group the workshop ever had; returns its id.

    A group with a city and no centre of its own opens its maps on that city (offline gazetteer).
    """
    advisory_lock(conn, "groups", workshop_id)  # two creators at once never pick the same number
    number = (conn.execute(select(func.max(s.groups.c.number)).where(s.groups.c.workshop_id == workshop_id))
              .scalar() or 0) + 1
    city = _city(city)
    if city and challenge.get("lat") is None:
        challenge = {**challenge, **_centre_values(conn, workshop_id, None, city)}
    return conn.execute(s.groups.insert().values(
        workshop_id=workshop_id, number=number, name=_name(name), city=city, created_at=stamp,
        updated_at=stamp, **challenge)).inserted_primary_key[0]


def _name(name: Any) -> str:
    return model.clean_text("group name", name, max_len=g.MAX_GROUP_NAME, required=False)


def _city(city: Any) -> str:
    return model.clean_text("group city", city, max_len=g.MAX_GROUP_CITY, required=False)


def _remove(conn: Connection, workshop_id: int, group_id: int, stamp: datetime) -> None:
    conn.execute(s.groups.update().where(s.groups.c.id == group_id).values(removed_at=stamp, updated_at=stamp))
    members = conn.execute(select(s.group_members.c.participant_id).where(
        s.group_members.c.group_id == group_id)).scalars().all()
    target = _smallest(conn, workshop_id)
    for pid in members:
        assign(conn, workshop_id, pid, target, stamp)


def _one(conn: Connection, group_id: int) -> Group:
    return group_from_row(conn.execute(select(s.groups).where(s.groups.c.id == group_id)).mappings().one())


# --- the facilitator ----------------------------------------------------------------------


def _split_people(conn: Connection, workshop_id: int) -> list[g.SplitPerson]:
    rows = conn.execute(select(s.participants.c.id, s.participants.c.organisation, s.participants.c.city).where(
        s.participants.c.workshop_id == workshop_id, s.participants.c.source == "live")
        .order_by(s.participants.c.id)).all()
    return [g.SplitPerson(id=r.id, organisation=r.organisation or "", city=r.city or "") for r in rows]


def split_into_groups(db: Database, code: str, key: str, count: int, how: str = "random", *,
                      seed: int | None = None) -> list[Group]:
    """Facilitator: deal every live participant into ``count`` groups (``how``: see :data:`SPLIT_MODES`).

    The live groups numbered first are kept (names, challenges), missing ones created, extra
    ones removed (their items stay in the data). ``by_city`` ignores ``count``: one group per
    city the participants gave, reusing a group of that city.
    """
    if how not in g.SPLIT_MODES:
        raise InvalidValue("how to split", "must be one of {split_modes}.", split_modes=', '.join(g.SPLIT_MODES))
    if how != "by_city":
        g.check_count(count)
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        wid, stamp = wrow["id"], now()
        people = _split_people(conn, wid)
        dealt = g.deal(people, count, how, seed)
        live = live_groups(conn, wid)
        if how == "by_city":
            by_city = {g.fold_city(r["city"]): r["id"] for r in live if r["city"]}
            targets = [by_city.get(g.fold_city(c)) or insert_group(conn, wid, stamp, name=c, city=c)
                       for c in g.cities(people)]
        else:
            targets = [r["id"] for r in live[:count]]
            targets += [insert_group(conn, wid, stamp) for _ in range(count - len(targets))]
            for r in live[count:]:
                _remove(conn, wid, r["id"], stamp)
        for gid, ids in zip(targets, dealt):
            for pid in ids:
                assign(conn, wid, pid, gid, stamp)
        bump(conn, wid, *SEEN)
        return [group_from_row(r) for r in live_groups(conn, wid)]


def create_group(db: Database, code: str, key: str, *, name: str = "", city: str = "") -> Group:
    """Facilitator: a new, empty group (an empty name shows as "Group N")."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        gid = insert_group(conn, wrow["id"], now(), name=name, city=city)
        bump(conn, wrow["id"], "groups")
        return _one(conn, gid)


def rename_group(db: Database, code: str, key: str, group_id: int, *, name: str | None = None,
                 city: str | None = None) -> Group:
    """Facilitator: change a group's name or city (the old values are kept in ``history``)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = group_row(conn, wrow["id"], group_id)
        values = {k: v for k, v in (("name", None if name is None else _name(name)),
                                    ("city", None if city is None else _city(city))) if v is not None and v != row[k]}
        if "city" in values:
            values.update(_centre_values(conn, wrow["id"], row, values["city"]))
        if values:
            history.keep(conn, wrow["id"], "groups", row, "facilitator", fields=("id", *values))
            conn.execute(s.groups.update().where(s.groups.c.id == group_id).values(**values, updated_at=now()))
            bump(conn, wrow["id"], "groups")
        return _one(conn, group_id)


def remove_group(db: Database, code: str, key: str, group_id: int) -> None:
    """Facilitator: remove a group; its members go to the smallest remaining group (none when it was the last)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        group_row(conn, wrow["id"], group_id)
        _remove(conn, wrow["id"], group_id, now())
        bump(conn, wrow["id"], *SEEN)


def move_participant(db: Database, code: str, key: str, participant_id: int, group_id: int | None) -> None:
    """Facilitator: move a participant to another group now (None: out of every group)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        if isinstance(participant_id, bool) or not isinstance(participant_id, int) or conn.execute(
                select(s.participants.c.id).where(s.participants.c.id == participant_id,
                                                  s.participants.c.workshop_id == wrow["id"])).first() is None:
            raise NotFound("That participant is not part of this workshop.")
        if group_id is not None:
            group_row(conn, wrow["id"], group_id)
        if participant_group(conn, participant_id) != group_id:
            assign(conn, wrow["id"], participant_id, group_id, now())
            bump(conn, wrow["id"], *SEEN)


def _switch(db: Database, code: str, key: str, setting: str, on: Any) -> None:
    if not isinstance(on, bool):
        raise InvalidValue(setting.replace("_", " "), "must be on or off.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        if is_on(wrow, setting) != on:
            workshops.save_settings(conn, wrow["id"], {**(wrow["settings"] or {}), setting: on})
            bump(conn, wrow["id"], "workshop", *SEEN)


def set_group_picking(db: Database, code: str, key: str, allowed: bool) -> None:
    """Facilitator: let participants pick their group (or not)."""
    _switch(db, code, key, "group_picking", allowed)


def set_plenary(db: Database, code: str, key: str, on: bool) -> None:
    """Facilitator: bring the room together: everyone sees every group's work and may vote across groups."""
    _switch(db, code, key, "plenary", on)


# --- participants and group challenges ----------------------------------------------------


def choose_group(db: Database, code: str, token: str, group_id: int) -> Group:
    """Participant: join a group of their choice, while the facilitator lets participants pick."""
    rates.precheck("profile", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        if not is_on(wrow, "group_picking"):
            raise NotAllowed("The facilitator assigns the groups in this workshop.")
        if workshops.step_name(conn, wrow) not in g.PICK_STEPS:  # a page can send a choice it never showed
            raise NotAllowed("Groups are picked before the vote; please ask the facilitator to move you.")
        group_row(conn, wrow["id"], group_id)
        rates.take(conn, wrow["id"], prow["id"], "profile", token=token)
        if participant_group(conn, prow["id"]) != group_id:
            assign(conn, wrow["id"], prow["id"], group_id, now())
            bump(conn, wrow["id"], *SEEN)
        return _one(conn, group_id)


def save_group_challenge(db: Database, code: str, key: str, group_id: int, *, title: str, text: str = "",
                         city: str | None = None, lat: float | None = None, lon: float | None = None,
                         zoom: int | None = None) -> Group:
    """Facilitator or city representative (action ``challenge``): a group's own challenge and map centre.

    A link bound to a group changes that group only.
    """
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        row = group_row(conn, wrow["id"], group_id)
        bound = key_group_in(conn, wrow, key)
        if bound is not None and bound != group_id:
            raise NotAllowed("This link is for another group's challenge.")
        values = dict(
            challenge_title=model.clean_text("challenge title", title, max_len=model.MAX_TITLE, required=True),
            challenge_text=model.clean_text("challenge description", text, max_len=model.MAX_TEXT, required=False),
            lat=None if lat is None else model.check_number("latitude", lat, -90, 90),
            lon=None if lon is None else model.check_number("longitude", lon, -180, 180),
            zoom=None if zoom is None else model.check_int("zoom", zoom, 1, 18))
        if city is not None and _city(city) != row["city"]:
            values["city"] = _city(city)
            if lat is None and lon is None:  # no centre given: the new city's, unless set by hand before
                values.pop("lat"), values.pop("lon")
                values.update({k: v for k, v in _centre_values(conn, wrow["id"], row, values["city"]).items()
                               if k != "zoom" or zoom is None})
        if lat is None and lon is None and "city" not in values:
            values.pop("lat"), values.pop("lon")  # saving the text keeps the map centre
        if zoom is None and values.get("zoom") is None:
            values.pop("zoom", None)
        actor = role_in(conn, wrow, key)[0] or "facilitator"
        history.keep(conn, wrow["id"], "groups", row, actor, fields=("id", *values))
        conn.execute(s.groups.update().where(s.groups.c.id == group_id).values(**values, updated_at=now()))
        bump(conn, wrow["id"], "groups", "challenge", "map")
        return _one(conn, group_id)


def copy_groups(conn: Connection, from_id: int, to_id: int, stamp: datetime) -> dict[int, int]:
    """Round 2: the live groups of one workshop into another (same numbers); old id → new id."""
    out = {}
    for r in live_groups(conn, from_id):
        out[r["id"]] = conn.execute(s.groups.insert().values(
            workshop_id=to_id, number=r["number"], name=r["name"], city=r["city"],
            challenge_title=r["challenge_title"], challenge_text=r["challenge_text"], lat=r["lat"], lon=r["lon"],
            zoom=r["zoom"], created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
    return out
