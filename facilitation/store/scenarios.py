"""Scenarios: bundles of ideas with a narrative and case studies, written by the facilitator or an expert.

The one writer of ``scenarios``. An edited scenario keeps its previous version in
``history``; a withdrawn one stays in the data (``hidden``) and out of the comparison.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import CaseStudy, Scenario
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import owned_row, require_role
from facilitation.store.db import Database, bump, now


def scenario_from_row(row: Mapping[str, Any]) -> Scenario:
    return Scenario(id=row["id"], workshop_id=row["workshop_id"], name=row["name"], narrative=row["narrative"],
                    idea_ids=tuple(row["idea_ids"] or ()),
                    case_studies=tuple(CaseStudy(**c) for c in (row["case_studies"] or ())))


def save_scenario(db: Database, code: str, key: str, *, name: str, narrative: str = "",
                  idea_ids: Sequence[int] = (), case_studies: Sequence[Mapping[str, str] | CaseStudy] = (),
                  scenario_id: int | None = None) -> Scenario:
    """Facilitator/expert: create a scenario, or update one (its previous version is kept)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "scenarios")
        cases = tuple(c if isinstance(c, CaseStudy) else CaseStudy(**c) for c in case_studies)
        sc = Scenario(workshop_id=wrow["id"], name=name, narrative=narrative, idea_ids=tuple(idea_ids),
                      case_studies=cases)
        known = set(conn.execute(select(s.ideas.c.id).where(s.ideas.c.workshop_id == wrow["id"])).scalars())
        unknown = [i for i in sc.idea_ids if i not in known]
        if unknown:
            raise InvalidValue("scenario ideas", "idea number {value} is not in this workshop.", value=unknown[0])
        stamp = now()
        values = dict(name=sc.name, narrative=sc.narrative, idea_ids=list(sc.idea_ids),
                      case_studies=[c.__dict__ for c in sc.case_studies], updated_at=stamp)
        if scenario_id is None:
            scenario_id = conn.execute(s.scenarios.insert().values(
                workshop_id=wrow["id"], created_at=stamp, **values)).inserted_primary_key[0]
        else:
            old = owned_row(conn, s.scenarios, scenario_id, wrow["id"], "scenario")
            history.keep(conn, wrow["id"], "scenarios", old, "facilitator")
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(**values))
        bump(conn, wrow["id"], "scenarios")
        row = conn.execute(select(s.scenarios).where(s.scenarios.c.id == scenario_id)).mappings().one()
        return scenario_from_row(row)


def list_scenarios(db: Database, workshop_id: int) -> list[Scenario]:
    with db.read() as conn:
        rows = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == workshop_id,
                                                      s.scenarios.c.hidden.is_(False)).order_by(s.scenarios.c.id))
        return [scenario_from_row(r) for r in rows.mappings().all()]


def set_scenario_hidden(db: Database, code: str, key: str, scenario_id: int, hidden: bool = True) -> None:
    """Facilitator: withdraw a scenario from the comparison (kept in the data) or bring it back."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "scenarios")
        row = owned_row(conn, s.scenarios, scenario_id, wrow["id"], "scenario")
        if bool(row["hidden"]) != bool(hidden):
            history.keep(conn, wrow["id"], "scenarios", row, "facilitator")
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(
                hidden=bool(hidden), updated_at=now()))
            bump(conn, wrow["id"], "scenarios")


def scenario_names(conn: Connection, workshop_id: int) -> list[tuple[int, str]]:
    """``(id, name)`` of every scenario of a workshop, withdrawn ones too, inside the caller's transaction."""
    return [(r.id, r.name) for r in conn.execute(
        select(s.scenarios.c.id, s.scenarios.c.name).where(s.scenarios.c.workshop_id == workshop_id))]
