"""Programmes and their phases: a series, a set of partner meetings or a cohort.

The one writer of ``programmes`` and ``phases``. Creating and changing a programme needs an
organiser key (:func:`facilitation.store.access.require_organiser`); reading is open to the
pages that show it. Placing workshops in a programme is in
:mod:`facilitation.store.programme_workshops` (the workshops table has its own writer).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.domain.programmes import Phase, Programme
from facilitation.store import schema as s
from facilitation.store.access import require_organiser
from facilitation.store.db import Database, now


def phase_from_row(row: Mapping[str, Any]) -> Phase:
    return Phase(id=row["id"], programme_id=row["programme_id"], position=row["position"], name=row["name"],
                 starts_on=row["starts_on"], ends_on=row["ends_on"])


def programme_from_row(conn: Connection, row: Mapping[str, Any]) -> Programme:
    phases = conn.execute(select(s.phases).where(s.phases.c.programme_id == row["id"])
                          .order_by(s.phases.c.position)).mappings().all()
    return Programme(id=row["id"], name=row["name"], description=row["description"] or "",
                     language=row["language"] or "en", themes=tuple(row["themes"] or ()),
                     organisers=tuple(row["organisers"] or ()), hosts=tuple(row["hosts"] or ()),
                     phases=tuple(phase_from_row(p) for p in phases))


def programme_id(conn: Connection, name: str, stamp: datetime) -> int:
    """The id of the programme called ``name``, created (empty) when there is none, inside the caller's
    transaction (a workshop created with a programme name uses it)."""
    prog = Programme(name=name)
    found = conn.execute(select(s.programmes.c.id).where(s.programmes.c.name == prog.name)).scalar()
    if found:
        return found
    return conn.execute(s.programmes.insert().values(
        name=prog.name, description="", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def programme_row(conn: Connection, name: str) -> Mapping[str, Any]:
    """The programme called ``name``, or :class:`NotFound` with a sentence."""
    row = conn.execute(select(s.programmes).where(s.programmes.c.name == str(name or "").strip())).mappings().first()
    if row is None:
        raise NotFound("There is no programme called {name!r}; 'facilitation programmes' lists them.", name=name)
    return row


def _values(p: Programme) -> dict[str, Any]:
    return dict(name=p.name, description=p.description, language=p.language, themes=list(p.themes),
                organisers=list(p.organisers), hosts=list(p.hosts))


def create_programme(db: Database, organiser_key: str | None, *, name: str, description: str = "",
                     language: str = "en", themes: Iterable[str] = (), organisers: Iterable[str] = (),
                     hosts: Iterable[str] = ()) -> Programme:
    """Organiser: a new programme (a name already used is refused)."""
    prog = Programme(name=name, description=description, language=language, themes=tuple(themes),
                     organisers=tuple(organisers), hosts=tuple(hosts))
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        if conn.execute(select(s.programmes.c.id).where(s.programmes.c.name == prog.name)).first():
            raise InvalidValue("programme name", "{name!r} is already the name of a programme.", name=prog.name)
        stamp = now()
        pid = conn.execute(s.programmes.insert().values(**_values(prog), created_at=stamp, updated_at=stamp)
                           ).inserted_primary_key[0]
        return programme_from_row(conn, conn.execute(select(s.programmes).where(s.programmes.c.id == pid))
                                  .mappings().one())


def update_programme(db: Database, organiser_key: str | None, programme: str, *, name: str | None = None,
                     description: str | None = None, language: str | None = None,
                     themes: Iterable[str] | None = None, organisers: Iterable[str] | None = None,
                     hosts: Iterable[str] | None = None) -> Programme:
    """Organiser: change what is given (None keeps a field)."""
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        row = programme_row(conn, programme)
        old = programme_from_row(conn, row)
        prog = Programme(
            name=old.name if name is None else name,
            description=old.description if description is None else description,
            language=old.language if language is None else language,
            themes=old.themes if themes is None else tuple(themes),
            organisers=old.organisers if organisers is None else tuple(organisers),
            hosts=old.hosts if hosts is None else tuple(hosts))
        if prog.name != old.name and conn.execute(
                select(s.programmes.c.id).where(s.programmes.c.name == prog.name)).first():
            raise InvalidValue("programme name", "{name!r} is already the name of a programme.", name=prog.name)
        conn.execute(s.programmes.update().where(s.programmes.c.id == row["id"]).values(
            **_values(prog), updated_at=now()))
        return programme_from_row(conn, conn.execute(select(s.programmes).where(s.programmes.c.id == row["id"]))
                                  .mappings().one())


def add_phase(db: Database, organiser_key: str | None, programme: str, *, name: str,
              starts_on: date | str | None = None, ends_on: date | str | None = None) -> Phase:
    """Organiser: append a phase to a programme (phases keep the order they were added in)."""
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        row = programme_row(conn, programme)
        position = conn.execute(select(func.count()).select_from(s.phases)
                                .where(s.phases.c.programme_id == row["id"])).scalar_one()
        phase = Phase(programme_id=row["id"], position=position, name=name, starts_on=starts_on, ends_on=ends_on)
        if conn.execute(select(s.phases.c.id).where(s.phases.c.programme_id == row["id"],
                                                    s.phases.c.name == phase.name)).first():
            raise InvalidValue("phase name", "the programme already has a phase called {name!r}.", name=phase.name)
        stamp = now()
        fid = conn.execute(s.phases.insert().values(
            programme_id=row["id"], position=phase.position, name=phase.name, starts_on=phase.starts_on,
            ends_on=phase.ends_on, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        return phase_from_row(conn.execute(select(s.phases).where(s.phases.c.id == fid)).mappings().one())


def update_phase(db: Database, organiser_key: str | None, phase_id: int, *, name: str | None = None,
                 starts_on: date | str | None = None, ends_on: date | str | None = None) -> Phase:
    """Organiser: rename a phase or change its dates (None keeps a field; "" clears a date)."""
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        row = conn.execute(select(s.phases).where(s.phases.c.id == phase_id)).mappings().first()
        if row is None:
            raise NotFound("There is no phase number {phase_id}.", phase_id=phase_id)
        old = phase_from_row(row)
        phase = Phase(programme_id=old.programme_id, position=old.position, name=old.name if name is None else name,
                      starts_on=old.starts_on if starts_on is None else starts_on,
                      ends_on=old.ends_on if ends_on is None else ends_on)
        conn.execute(s.phases.update().where(s.phases.c.id == phase_id).values(
            name=phase.name, starts_on=phase.starts_on, ends_on=phase.ends_on, updated_at=now()))
        return phase_from_row(conn.execute(select(s.phases).where(s.phases.c.id == phase_id)).mappings().one())


def list_programmes(db: Database) -> list[Programme]:
    """Every programme, by name."""
    with db.read() as conn:
        rows = conn.execute(select(s.programmes).order_by(s.programmes.c.name)).mappings().all()
        return [programme_from_row(conn, r) for r in rows]


def get_programme(db: Database, name: str) -> Programme:
    """The programme called ``name`` with its phases, or :class:`NotFound`."""
    with db.read() as conn:
        return programme_from_row(conn, programme_row(conn, name))


def find_phase(conn: Connection, programme_id: int, phase: int | str) -> Mapping[str, Any]:
    """A phase of the programme by id or name, or :class:`NotFound` (inside the caller's transaction)."""
    col = s.phases.c.id if isinstance(phase, int) and not isinstance(phase, bool) else s.phases.c.name
    row = conn.execute(select(s.phases).where(s.phases.c.programme_id == programme_id, col == phase)
                       ).mappings().first()
    if row is None:
        raise NotFound("The programme has no phase {phase!r}.", phase=phase)
    return row
