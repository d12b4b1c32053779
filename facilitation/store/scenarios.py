"""Scenarios: bundles of ideas with a narrative and case studies, written by the facilitator or an expert.

The one writer of ``scenarios``. An edited scenario keeps its previous version in
``history``; a withdrawn one stays in the data (``hidden``) and out of the comparison.

With breakout groups (several cities in one workshop, issue 22) a scenario may belong to one
group (``group_id``; None: the whole room's). The facilitator and experts write any group's; a
group facilitator's link writes only its own group's, whatever the page sends. Reads take a
:data:`~facilitation.domain.groups.GroupFilter` like the other records a group works on.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.domain.records import CaseStudy, Scenario
from facilitation.domain.steps import N_
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import key_group_in, owned_row, require_role, role_in
from facilitation.store.db import Database, bump, now
from facilitation.store.groups_read import in_group

_OTHER_GROUP = N_("A group facilitator can only change their own group's scenarios.")
KEEP = "keep"  # save_scenario's default group: the scenario's own when updating, the whole room's for a new one


def scenario_from_row(row: Mapping[str, Any]) -> Scenario:
    return Scenario(id=row["id"], workshop_id=row["workshop_id"], name=row["name"], narrative=row["narrative"],
                    idea_ids=tuple(row["idea_ids"] or ()),
                    case_studies=tuple(CaseStudy(**c) for c in (row["case_studies"] or ())), group_id=row["group_id"])


def _editor(conn: Connection, code: str, key: str | None) -> tuple[Mapping[str, Any], int | None]:
    """``(workshop row, bound group)`` when ``key`` may write scenarios: the group is None for the
    facilitator and experts (any group), a group facilitator's own group otherwise."""
    wrow = require_role(conn, code, key, "scenarios")
    if role_in(conn, wrow, key)[0] != "group-facilitator":
        return wrow, None
    bound = key_group_in(conn, wrow, key)
    if bound is None:
        raise NotAllowed(_OTHER_GROUP)
    return wrow, bound


def _checked_group(conn: Connection, workshop_id: int, bound: int | None, group_id: Any) -> int | None:
    """The group a scenario is written for: a live group of this workshop, the bound one for a group facilitator."""
    if bound is not None:
        if group_id != bound or isinstance(group_id, bool):
            raise NotAllowed(_OTHER_GROUP)
        return bound
    if group_id is None:
        return None
    if isinstance(group_id, bool) or not isinstance(group_id, int) or conn.execute(select(s.groups.c.id).where(
            s.groups.c.id == group_id, s.groups.c.workshop_id == workshop_id,
            s.groups.c.removed_at.is_(None))).first() is None:
        raise NotFound("That group is not part of this workshop.")
    return group_id


def _writable(conn: Connection, workshop_id: int, bound: int | None, scenario_id: Any) -> Mapping[str, Any]:
    """A scenario row of this workshop that the editor may change (a group facilitator: their group's only)."""
    row = owned_row(conn, s.scenarios, scenario_id, workshop_id, "scenario")
    if bound is not None and row["group_id"] != bound:
        raise NotAllowed(_OTHER_GROUP)
    return row


def save_scenario(db: Database, code: str, key: str, *, name: str, narrative: str = "",
                  idea_ids: Sequence[int] = (), case_studies: Sequence[Mapping[str, str] | CaseStudy] = (),
                  scenario_id: int | None = None, group_id: int | None | str = KEEP) -> Scenario:
    """Facilitator/expert (or a group facilitator, for their group): create a scenario, or update one
    (its previous version is kept). ``group_id``: the breakout group it belongs to (None: the whole
    room; :data:`KEEP`: unchanged on an update, a group facilitator's own group or the room when new)."""
    with db.write() as conn:
        wrow, bound = _editor(conn, code, key)
        old = None if scenario_id is None else _writable(conn, wrow["id"], bound, scenario_id)
        if group_id == KEEP:
            group_id = old["group_id"] if old is not None else bound
        group_id = _checked_group(conn, wrow["id"], bound, group_id)
        cases = tuple(c if isinstance(c, CaseStudy) else CaseStudy(**c) for c in case_studies)
        sc = Scenario(workshop_id=wrow["id"], name=name, narrative=narrative, idea_ids=tuple(idea_ids),
                      case_studies=cases, group_id=group_id)
        known = set(conn.execute(select(s.ideas.c.id).where(s.ideas.c.workshop_id == wrow["id"])).scalars())
        unknown = [i for i in sc.idea_ids if i not in known]
        if unknown:
            raise InvalidValue("scenario ideas", "idea number {value} is not in this workshop.", value=unknown[0])
        stamp = now()
        values = dict(name=sc.name, narrative=sc.narrative, idea_ids=list(sc.idea_ids),
                      case_studies=[c.__dict__ for c in sc.case_studies], updated_at=stamp, group_id=sc.group_id)
        actor = "facilitator" if bound is None else "group facilitator"
        if scenario_id is None:
            scenario_id = conn.execute(s.scenarios.insert().values(
                workshop_id=wrow["id"], created_at=stamp, **values)).inserted_primary_key[0]
        else:
            history.keep(conn, wrow["id"], "scenarios", old, actor)
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(**values))
        bump(conn, wrow["id"], "scenarios")
        row = conn.execute(select(s.scenarios).where(s.scenarios.c.id == scenario_id)).mappings().one()
        return scenario_from_row(row)


def list_scenarios(db: Database, workshop_id: int, *, group_id: GroupFilter = ALL_GROUPS) -> list[Scenario]:
    """The visible scenarios (``group_id``: one group's with the whole room's; None: only the whole room's)."""
    with db.read() as conn:
        scope = in_group(s.scenarios.c.group_id, group_id)
        rows = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == workshop_id,
                                                      s.scenarios.c.hidden.is_(False),
                                                      *([] if scope is None else [scope])).order_by(s.scenarios.c.id))
        return [scenario_from_row(r) for r in rows.mappings().all()]


def set_scenario_hidden(db: Database, code: str, key: str, scenario_id: int, hidden: bool = True) -> None:
    """Facilitator (a group facilitator: their group's): withdraw a scenario from the comparison (kept
    in the data) or bring it back."""
    with db.write() as conn:
        wrow, bound = _editor(conn, code, key)
        row = _writable(conn, wrow["id"], bound, scenario_id)
        if bool(row["hidden"]) != bool(hidden):
            history.keep(conn, wrow["id"], "scenarios", row, "facilitator" if bound is None else "group facilitator")
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(
                hidden=bool(hidden), updated_at=now()))
            bump(conn, wrow["id"], "scenarios")


def scenario_names(conn: Connection, workshop_id: int) -> list[tuple[int, str]]:
    """``(id, name)`` of every scenario of a workshop, withdrawn ones too, inside the caller's transaction."""
    return [(r.id, r.name) for r in conn.execute(
        select(s.scenarios.c.id, s.scenarios.c.name).where(s.scenarios.c.workshop_id == workshop_id))]
