"""The practice library: case studies any later workshop can pick for its scenarios.

The one writer of ``practices``. An organiser adds and edits practices anywhere; a facilitator
or an expert (a key with the ``scenarios`` permission) adds one from their workshop and edits
the ones their workshop brought. :func:`harvest_practices` gathers the case studies of a
programme's scenarios: a case already in the library (the same title and city once
normalised, or a very similar title in the same city) is merged into it rather than added
again, and each gathered practice takes the themes of its own scenario's ideas. Search can
also reach the case studies of every workshop's scenarios that are not in the library yet.
A facilitator picks a practice into a scenario through
:func:`facilitation.store.scenarios.save_scenario`, which checks their key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.programmes import Practice
from facilitation.domain.records import CaseStudy, Scenario
from facilitation.domain.similarity import similarity
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import organiser_in, require_organiser, require_role, workshop_row
from facilitation.store.db import Database, now
from facilitation.store.programmes import programme_row
from facilitation.store.scenarios import save_scenario, scenario_from_row

SAME_TITLE = 0.6  # similarity of two titles in the same city above which they are one practice
MAX_THEMES = 30
LIBRARY = 0  # history rows of the library, which belongs to no workshop


def practice_from_row(row: Mapping[str, Any]) -> Practice:
    return Practice(id=row["id"], title=row["title"], city=row["city"], country=row["country"], link=row["link"],
                    lesson=row["lesson"], themes=tuple(row["themes"] or ()),
                    source_workshop_id=row["source_workshop_id"], description=row["description"] or "",
                    year=row["year"])


# --- the same practice twice ------------------------------------------------------------


def normalised(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed ("Leuven " = "leuven", "Gdańsk" = "gdansk")."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def same_practice(a: Practice, b: Practice) -> bool:
    """True when ``a`` and ``b`` are one practice: the same normalised city, and the same normalised
    title or titles alike enough (:func:`facilitation.domain.similarity.similarity`)."""
    if normalised(a.city) != normalised(b.city):
        return False
    ta, tb = normalised(a.title), normalised(b.title)
    return ta == tb or similarity(ta, "", tb, "") >= SAME_TITLE


def _merge_key(title: str, city: str) -> str:
    return hashlib.sha256(f"{normalised(title)}\x1f{normalised(city)}".encode()).hexdigest()


def _themes(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for group in groups:
        for x in group:
            if x and x.strip() and x.strip().casefold() not in seen:
                seen[x.strip().casefold()] = x.strip()
    return tuple(seen.values())[:MAX_THEMES]


# --- writing ------------------------------------------------------------------------------


def _insert(conn: Connection, p: Practice, source_key: str | None = None) -> int:
    stamp = now()
    return conn.execute(s.practices.insert().values(
        title=p.title, city=p.city, country=p.country, link=p.link, lesson=p.lesson, themes=list(p.themes),
        source_workshop_id=p.source_workshop_id, source_key=source_key, description=p.description, year=p.year,
        created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def _update(conn: Connection, row: Mapping[str, Any], p: Practice, actor: str) -> None:
    history.keep(conn, row["source_workshop_id"] or LIBRARY, "practices", row, actor)
    conn.execute(s.practices.update().where(s.practices.c.id == row["id"]).values(
        title=p.title, city=p.city, country=p.country, link=p.link, lesson=p.lesson, themes=list(p.themes),
        description=p.description, year=p.year, updated_at=now()))


def _editor(conn: Connection, key: str | None, code: str | None) -> tuple[str, int | None]:
    """``(actor, workshop id)`` of who may add to the library: an organiser (anywhere), or with ``code``
    a key that may edit that workshop's scenarios (its facilitator, a co-facilitator, an expert)."""
    if code:
        wrow = require_role(conn, code, key, "scenarios")
        return ("organiser" if organiser_in(conn, key) else "facilitator"), wrow["id"]
    require_organiser(conn, key)
    return "organiser", None


def _rows(conn: Connection) -> list[Any]:
    return list(conn.execute(select(s.practices).order_by(s.practices.c.id)).mappings())


def _one(conn: Connection, practice_id: Any) -> Any:
    if isinstance(practice_id, bool) or not isinstance(practice_id, int):
        raise InvalidValue("practice", "must be a practice of the library.")
    row = conn.execute(select(s.practices).where(s.practices.c.id == practice_id)).mappings().first()
    if row is None:
        raise NotFound("There is no practice number {practice_id} in the library.", practice_id=practice_id)
    return row


def _refuse_duplicate(conn: Connection, p: Practice, but: int | None = None) -> None:
    for row in _rows(conn):
        if row["id"] != but and normalised(row["title"]) == normalised(p.title) and \
                normalised(row["city"]) == normalised(p.city):
            raise InvalidValue("practice", "the library already has “{title}” for this city; edit that one instead.",
                               title=row["title"])


def add_practice(db: Database, key: str | None, *, title: str, city: str = "", country: str = "",
                 link: str = "", lesson: str = "", themes: Iterable[str] = (), description: str = "",
                 year: int | None = None, source_code: str | None = None, code: str | None = None) -> Practice:
    """Add a practice to the library.

    ``key``: an organiser key (``source_code`` may name the workshop it was presented in), or with
    ``code`` a key allowed to edit that workshop's scenarios (the practice then comes from it).
    The same title and city twice is refused with a sentence.
    """
    with db.write() as conn:
        _actor, workshop_id = _editor(conn, key, code)
        if workshop_id is None and source_code:
            workshop_id = workshop_row(conn, source_code)["id"]
        p = Practice(title=title, city=city, country=country, link=link, lesson=lesson, themes=_themes(themes),
                     source_workshop_id=workshop_id, description=description, year=year)
        _refuse_duplicate(conn, p)
        pid = _insert(conn, p)
        return practice_from_row(_one(conn, pid))


def update_practice(db: Database, key: str | None, practice_id: int, *, title: str, city: str = "",
                    country: str = "", link: str = "", lesson: str = "", themes: Iterable[str] = (),
                    description: str = "", year: int | None = None, code: str | None = None) -> Practice:
    """Edit a practice (the earlier version is kept in history): an organiser any, a workshop's
    facilitator or expert (``code``) those their workshop brought."""
    with db.write() as conn:
        actor, workshop_id = _editor(conn, key, code)
        row = _one(conn, practice_id)
        if actor != "organiser" and row["source_workshop_id"] != workshop_id:
            raise NotAllowed("Only an organiser can edit a practice another workshop brought to the library.")
        p = Practice(title=title, city=city, country=country, link=link, lesson=lesson, themes=_themes(themes),
                     source_workshop_id=row["source_workshop_id"], description=description, year=year)
        _refuse_duplicate(conn, p, but=row["id"])
        _update(conn, row, p, actor)
        return practice_from_row(_one(conn, practice_id))


# --- case studies in scenarios --------------------------------------------------------------


def _cases(conn: Connection, workshop_ids: Iterable[int] | None = None) -> list[Practice]:
    """Every case study in the visible scenarios of the workshops (all of them when None), as practices
    not yet in the library (no id): with the themes of their own scenario's ideas (not every theme of
    the workshop) and, in the workshop's own city, its country."""
    q = select(s.workshops.c.id, s.workshops.c.city, s.workshops.c.country).order_by(s.workshops.c.id)
    if workshop_ids is not None:
        q = q.where(s.workshops.c.id.in_(list(workshop_ids)))
    workshops = {w.id: w for w in conn.execute(q)}
    if not workshops:
        return []
    scenarios = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id.in_(list(workshops)),
                                                       s.scenarios.c.hidden.is_(False))
                             .order_by(s.scenarios.c.workshop_id, s.scenarios.c.id)).mappings().all()
    wanted = {i for sc in scenarios if sc["case_studies"] for i in sc["idea_ids"] or () if isinstance(i, int)}
    theme_of = dict(conn.execute(select(s.ideas.c.id, s.ideas.c.theme).where(s.ideas.c.id.in_(wanted))).all()
                    ) if wanted else {}
    out = []
    for sc in scenarios:
        w = workshops[sc["workshop_id"]]
        themes = _themes(theme_of.get(i, "") for i in sc["idea_ids"] or () if isinstance(i, int))
        for case in sc["case_studies"] or ():
            try:
                c = CaseStudy(title=case.get("title", ""), lesson=case.get("lesson", ""), link=case.get("link", ""),
                              city=case.get("city", ""))
            except InvalidValue:
                continue  # an old row the checks of today refuse: not worth a practice
            own = _themes(case.get("themes") or (), themes)
            country = w.country if c.city and normalised(c.city) == normalised(w.city) else ""
            out.append(Practice(title=c.title, city=c.city, country=country or "", link=c.link, lesson=c.lesson,
                                themes=own, source_workshop_id=w.id))
    return out


def _merged(into: Practice, other: Practice) -> Practice:
    """``into`` with what ``other`` adds: its themes, and any field ``into`` leaves empty."""
    return replace(into, themes=_themes(into.themes, other.themes), country=into.country or other.country,
                   link=into.link or other.link, lesson=into.lesson or other.lesson,
                   description=into.description or other.description, year=into.year or other.year)


def harvest_practices(db: Database, organiser_key: str | None, programme: str) -> list[Practice]:
    """Organiser: gather the case studies of the programme's scenarios into the library; returns the new ones.

    A case already in the library (or met twice in this gathering) is merged into the practice
    there: themes joined, empty fields filled. Gathering again adds nothing. Each practice takes the
    themes of its own scenario's ideas.
    """
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        prow = programme_row(conn, programme)
        ids = conn.execute(select(s.workshops.c.id).where(s.workshops.c.programme_id == prow["id"])).scalars().all()
        library = [(r, practice_from_row(r)) for r in _rows(conn)]
        added: list[int] = []
        for case in _cases(conn, ids):
            match = next(((r, p) for r, p in library if same_practice(p, case)), None)
            if match is None:
                pid = _insert(conn, case, _merge_key(case.title, case.city) if not _key_taken(conn, case) else None)
                added.append(pid)
                row = _one(conn, pid)
                library.append((row, practice_from_row(row)))
                continue
            row, known = match
            merged = _merged(known, case)
            if merged != known:
                _update(conn, row, merged, "organiser")
                row = _one(conn, row["id"])
                library = [(r, p) if r["id"] != row["id"] else (row, merged) for r, p in library]
        rows = [_one(conn, pid) for pid in added]
    return [practice_from_row(r) for r in rows]


def _key_taken(conn: Connection, p: Practice) -> bool:
    key = _merge_key(p.title, p.city)
    return conn.execute(select(s.practices.c.id).where(s.practices.c.source_key == key)).first() is not None


# --- reading ------------------------------------------------------------------------------------


def search_practices(db: Database, query: str = "", theme: str = "", *, cases: bool = False) -> list[Practice]:
    """Practices whose title, city, country, lesson, description or themes contain every word of ``query``
    (any case, accents ignored), with ``theme`` among their themes when given; by title.

    ``cases``: also the case studies of every workshop's scenarios (in a programme or not) that are
    not in the library yet (they have no id), each once.
    """
    with db.read() as conn:
        found = [practice_from_row(r) for r in _rows(conn)]
        if cases:
            for case in _cases(conn):
                twin = next((i for i, p in enumerate(found) if same_practice(p, case)), None)
                if twin is None:
                    found.append(case)
                elif found[twin].id is None:
                    found[twin] = _merged(found[twin], case)
    words = [normalised(w) for w in str(query or "").split() if normalised(w)]
    wanted = str(theme or "").strip().casefold()
    out = []
    for p in found:
        text = normalised(" ".join((p.title, p.city, p.country, p.lesson, p.description, " ".join(p.themes))))
        if all(w in text for w in words) and (not wanted or wanted in (x.casefold() for x in p.themes)):
            out.append(p)
    return sorted(out, key=lambda p: (p.title.casefold(), p.id is None, p.id or 0))


def get_practice(db: Database, practice_id: int) -> Practice:
    with db.read() as conn:
        return practice_from_row(_one(conn, practice_id))


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
