"""The practice library: case studies any later workshop can pick for its scenarios.

The one writer of ``practices``. Organisers add practices or gather the case studies used in
the scenarios of a programme's workshops (:func:`harvest_practices`, idempotent: a gathered
practice carries a key made of its workshop, title and city). A facilitator picks one into a
scenario through :func:`facilitation.store.scenarios.save_scenario`, which checks their key.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Mapping

from sqlalchemy import select

from facilitation.domain.errors import NotFound
from facilitation.domain.programmes import Practice
from facilitation.domain.records import CaseStudy, Scenario
from facilitation.store import schema as s
from facilitation.store.access import require_organiser, workshop_row
from facilitation.store.db import Database, now
from facilitation.store.programmes import programme_row
from facilitation.store.scenarios import save_scenario, scenario_from_row


def practice_from_row(row: Mapping[str, Any]) -> Practice:
    return Practice(id=row["id"], title=row["title"], city=row["city"], country=row["country"], link=row["link"],
                    lesson=row["lesson"], themes=tuple(row["themes"] or ()),
                    source_workshop_id=row["source_workshop_id"])


def _insert(conn, p: Practice, source_key: str | None = None) -> int:  # noqa: ANN001 - a Connection
    stamp = now()
    return conn.execute(s.practices.insert().values(
        title=p.title, city=p.city, country=p.country, link=p.link, lesson=p.lesson, themes=list(p.themes),
        source_workshop_id=p.source_workshop_id, source_key=source_key, created_at=stamp, updated_at=stamp)
    ).inserted_primary_key[0]


def add_practice(db: Database, organiser_key: str | None, *, title: str, city: str = "", country: str = "",
                 link: str = "", lesson: str = "", themes: Iterable[str] = (),
                 source_code: str | None = None) -> Practice:
    """Organiser: add a practice to the library (``source_code``: the workshop it was presented in)."""
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        source = workshop_row(conn, source_code)["id"] if source_code else None
        p = Practice(title=title, city=city, country=country, link=link, lesson=lesson, themes=tuple(themes),
                     source_workshop_id=source)
        pid = _insert(conn, p)
        return practice_from_row(conn.execute(select(s.practices).where(s.practices.c.id == pid)).mappings().one())


def search_practices(db: Database, query: str = "", theme: str = "") -> list[Practice]:
    """Practices whose title, city, country or lesson contain every word of ``query`` (any case), with
    ``theme`` among their themes when given; by title."""
    with db.read() as conn:
        rows = conn.execute(select(s.practices).order_by(s.practices.c.title, s.practices.c.id)).mappings().all()
    words = [w.casefold() for w in str(query or "").split()]
    theme = str(theme or "").strip().casefold()
    out = []
    for r in rows:
        p = practice_from_row(r)
        text = " ".join((p.title, p.city, p.country, p.lesson, " ".join(p.themes))).casefold()
        if all(w in text for w in words) and (not theme or theme in (x.casefold() for x in p.themes)):
            out.append(p)
    return out


def _source_key(workshop_id: int, case: Mapping[str, Any]) -> str:
    ident = f"{workshop_id}\x1f{case.get('title', '')}\x1f{case.get('city', '')}".casefold()
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()


def harvest_practices(db: Database, organiser_key: str | None, programme: str) -> list[Practice]:
    """Organiser: gather the case studies of the programme's scenarios into the library; returns the new ones.

    Gathering again adds nothing already gathered; a practice takes its workshop's themes and country.
    """
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        prow = programme_row(conn, programme)
        workshops = conn.execute(select(s.workshops).where(s.workshops.c.programme_id == prow["id"])
                                 .order_by(s.workshops.c.id)).mappings().all()
        known = set(conn.execute(select(s.practices.c.source_key).where(s.practices.c.source_key.is_not(None)))
                    .scalars())
        new_ids = []
        for w in workshops:
            scenarios = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == w["id"],
                                                               s.scenarios.c.hidden.is_(False))
                                     .order_by(s.scenarios.c.id)).mappings().all()
            for sc in scenarios:
                for case in sc["case_studies"] or ():
                    key = _source_key(w["id"], case)
                    if key in known:
                        continue
                    known.add(key)
                    p = Practice(title=case.get("title", ""), city=case.get("city", ""),
                                 country=w["country"] if case.get("city") == w["city"] else "",
                                 link=case.get("link", ""), lesson=case.get("lesson", ""),
                                 themes=tuple(w["themes"] or ())[:30], source_workshop_id=w["id"])
                    new_ids.append(_insert(conn, p, key))
        rows = conn.execute(select(s.practices).where(s.practices.c.id.in_(new_ids))
                            .order_by(s.practices.c.id)).mappings().all() if new_ids else []
    return [practice_from_row(r) for r in rows]


def get_practice(db: Database, practice_id: int) -> Practice:
    with db.read() as conn:
        row = conn.execute(select(s.practices).where(s.practices.c.id == practice_id)).mappings().first()
    if row is None:
        raise NotFound("There is no practice number {practice_id} in the library.", practice_id=practice_id)
    return practice_from_row(row)


def pick_practice(db: Database, code: str, key: str | None, practice_id: int, scenario_id: int) -> Scenario:
    """Facilitator/expert: add a practice from the library to a scenario as a case study (once)."""
    practice = get_practice(db, practice_id)
    with db.read() as conn:
        wrow = workshop_row(conn, code)
        row = conn.execute(select(s.scenarios).where(s.scenarios.c.id == scenario_id,
                                                     s.scenarios.c.workshop_id == wrow["id"])).mappings().first()
    if row is None:
        raise NotFound("There is no scenario number {scenario_id} in this workshop.", scenario_id=scenario_id)
    current = scenario_from_row(row)
    case = CaseStudy(title=practice.title, lesson=practice.lesson, link=practice.link, city=practice.city)
    cases = current.case_studies if case in current.case_studies else current.case_studies + (case,)
    # save_scenario checks the key ("scenarios") and keeps the previous version in history.
    return save_scenario(db, code, key, name=current.name, narrative=current.narrative, idea_ids=current.idea_ids,
                         case_studies=cases, scenario_id=scenario_id)
