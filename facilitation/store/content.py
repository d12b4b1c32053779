"""The challenge and its map, scenarios, stakeholders, criteria, scores and feedback.

Facilitator-owned content (challenge, map, scenarios, criteria) needs the facilitator key;
participant contributions (stakeholders, scores, feedback) need the participant's token.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.domain.records import (
    CaseStudy,
    Challenge,
    Criterion,
    Feedback,
    MapFeature,
    Scenario,
    Score,
    Stakeholder,
)
from facilitation.store import schema as s
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import require_facilitator, require_participant


def _keep_history(conn: Connection, workshop_id: int, table: str, row: Mapping[str, Any], actor: str) -> None:
    before = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dict(row).items()}
    conn.execute(s.history.insert().values(workshop_id=workshop_id, table_name=table, row_id=row.get("id") or 0,
                                           before=before, actor=actor, at=now()))


# --- challenge and map -----------------------------------------------------------------


def save_challenge(db: Database, code: str, key: str, *, title: str, description: str = "",
                   themes: Iterable[str] = ()) -> Challenge:
    """Facilitator (or the city's representative holding the key): save the challenge."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        ch = Challenge(workshop_id=wrow["id"], title=title, description=description, themes=tuple(themes))
        stamp = now()
        old = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == wrow["id"])).mappings().first()
        values = dict(title=ch.title, description=ch.description, themes=list(ch.themes), updated_at=stamp)
        if old is None:
            conn.execute(s.challenges.insert().values(workshop_id=wrow["id"], created_at=stamp, **values))
        else:
            _keep_history(conn, wrow["id"], "challenges", {**old, "id": wrow["id"]}, "facilitator")
            conn.execute(s.challenges.update().where(s.challenges.c.workshop_id == wrow["id"]).values(**values))
        bump(conn, wrow["id"], "challenge")
    return Challenge(workshop_id=wrow["id"], title=ch.title, description=ch.description, themes=ch.themes,
                     updated_at=stamp)


def get_challenge(db: Database, workshop_id: int) -> Challenge | None:
    with db.read() as conn:
        row = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == workshop_id)).mappings().first()
    if row is None:
        return None
    return Challenge(workshop_id=workshop_id, title=row["title"], description=row["description"],
                     themes=tuple(row["themes"] or ()), updated_at=row["updated_at"])


def _feature(row: Mapping[str, Any]) -> MapFeature:
    return MapFeature(id=row["id"], workshop_id=row["workshop_id"], geometry=row["geometry"], label=row["label"],
                      note=row["note"], kind=row["kind"], removed=row["removed"])


def add_feature(db: Database, code: str, key: str, *, geometry: Mapping[str, Any], label: str,
                kind: str = "problem", note: str = "") -> MapFeature:
    """Facilitator: add a drawn area, line or point with its label, note and kind."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        f = MapFeature(workshop_id=wrow["id"], geometry=geometry, label=label, kind=kind, note=note)
        stamp = now()
        fid = conn.execute(s.map_features.insert().values(
            workshop_id=f.workshop_id, geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind,
            removed=False, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "map")
        return _feature(conn.execute(select(s.map_features).where(s.map_features.c.id == fid)).mappings().one())


def update_feature(db: Database, code: str, key: str, feature_id: int, **changes: Any) -> MapFeature:
    """Facilitator: change a feature's label, note, kind or geometry (the old version is kept)."""
    allowed = {"label", "note", "kind", "geometry"}
    if set(changes) - allowed:
        raise InvalidValue("map feature", f"only {', '.join(sorted(allowed))} can be changed.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = conn.execute(select(s.map_features).where(
            s.map_features.c.id == feature_id, s.map_features.c.workshop_id == wrow["id"])).mappings().first()
        if row is None:
            raise NotFound(f"There is no map feature number {feature_id} in this workshop.")
        merged = {**dict(row), **changes}
        f = MapFeature(workshop_id=wrow["id"], geometry=merged["geometry"], label=merged["label"],
                       kind=merged["kind"], note=merged["note"])
        _keep_history(conn, wrow["id"], "map_features", row, "facilitator")
        conn.execute(s.map_features.update().where(s.map_features.c.id == feature_id).values(
            geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind, updated_at=now()))
        bump(conn, wrow["id"], "map")
        return _feature(conn.execute(select(s.map_features).where(s.map_features.c.id == feature_id)).mappings().one())


def remove_feature(db: Database, code: str, key: str, feature_id: int) -> None:
    """Facilitator: take a feature off the map (kept in the data as removed)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        updated = conn.execute(s.map_features.update().where(
            s.map_features.c.id == feature_id, s.map_features.c.workshop_id == wrow["id"]).values(
            removed=True, updated_at=now())).rowcount
        if not updated:
            raise NotFound(f"There is no map feature number {feature_id} in this workshop.")
        bump(conn, wrow["id"], "map")


def list_features(db: Database, workshop_id: int, *, include_removed: bool = False) -> list[MapFeature]:
    with db.read() as conn:
        q = select(s.map_features).where(s.map_features.c.workshop_id == workshop_id).order_by(s.map_features.c.id)
        if not include_removed:
            q = q.where(s.map_features.c.removed.is_(False))
        return [_feature(r) for r in conn.execute(q).mappings().all()]


# --- scenarios -------------------------------------------------------------------------


def _scenario(row: Mapping[str, Any]) -> Scenario:
    return Scenario(id=row["id"], workshop_id=row["workshop_id"], name=row["name"], narrative=row["narrative"],
                    idea_ids=tuple(row["idea_ids"] or ()),
                    case_studies=tuple(CaseStudy(**c) for c in (row["case_studies"] or ())))


def save_scenario(db: Database, code: str, key: str, *, name: str, narrative: str = "",
                  idea_ids: Sequence[int] = (), case_studies: Sequence[Mapping[str, str] | CaseStudy] = (),
                  scenario_id: int | None = None) -> Scenario:
    """Facilitator/expert: create a scenario, or update one (its previous version is kept)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        cases = tuple(c if isinstance(c, CaseStudy) else CaseStudy(**c) for c in case_studies)
        sc = Scenario(workshop_id=wrow["id"], name=name, narrative=narrative, idea_ids=tuple(idea_ids),
                      case_studies=cases)
        known = set(conn.execute(select(s.ideas.c.id).where(s.ideas.c.workshop_id == wrow["id"])).scalars())
        unknown = [i for i in sc.idea_ids if i not in known]
        if unknown:
            raise InvalidValue("scenario ideas", f"idea number {unknown[0]} is not in this workshop.")
        stamp = now()
        values = dict(name=sc.name, narrative=sc.narrative, idea_ids=list(sc.idea_ids),
                      case_studies=[c.__dict__ for c in sc.case_studies], updated_at=stamp)
        if scenario_id is None:
            scenario_id = conn.execute(s.scenarios.insert().values(
                workshop_id=wrow["id"], created_at=stamp, **values)).inserted_primary_key[0]
        else:
            old = conn.execute(select(s.scenarios).where(s.scenarios.c.id == scenario_id,
                                                         s.scenarios.c.workshop_id == wrow["id"])).mappings().first()
            if old is None:
                raise NotFound(f"There is no scenario number {scenario_id} in this workshop.")
            _keep_history(conn, wrow["id"], "scenarios", old, "facilitator")
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(**values))
        bump(conn, wrow["id"], "scenarios")
        return _scenario(conn.execute(select(s.scenarios).where(s.scenarios.c.id == scenario_id)).mappings().one())


def list_scenarios(db: Database, workshop_id: int) -> list[Scenario]:
    with db.read() as conn:
        rows = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == workshop_id,
                                                      s.scenarios.c.hidden.is_(False)).order_by(s.scenarios.c.id))
        return [_scenario(r) for r in rows.mappings().all()]


# --- stakeholders ----------------------------------------------------------------------


def _stakeholder(row: Mapping[str, Any]) -> Stakeholder:
    return Stakeholder(id=row["id"], workshop_id=row["workshop_id"], name=row["name"], category=row["category"],
                       power=row["power"], interest=row["interest"], level=row["level"],
                       scenario_id=row["scenario_id"], author_id=row["author_id"], hidden=row["hidden"],
                       merged_into=row["merged_into"])


def add_stakeholder(db: Database, code: str, token: str, *, name: str, category: str, power: int, interest: int,
                    level: str = "inform", scenario_id: int | None = None) -> Stakeholder:
    """Participant: add a stakeholder to the shared power/interest grid."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        st = Stakeholder(workshop_id=wrow["id"], name=name, category=category, power=power, interest=interest,
                         level=level, scenario_id=scenario_id, author_id=prow["id"])
        if scenario_id is not None and conn.execute(select(s.scenarios.c.id).where(
                s.scenarios.c.id == scenario_id, s.scenarios.c.workshop_id == wrow["id"])).first() is None:
            raise InvalidValue("stakeholder scenario", "that scenario is not in this workshop.")
        stamp = now()
        sid = conn.execute(s.stakeholders.insert().values(
            workshop_id=st.workshop_id, name=st.name, category=st.category, power=st.power, interest=st.interest,
            level=st.level, scenario_id=st.scenario_id, author_id=st.author_id, hidden=False,
            created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "stakeholders")
        return _stakeholder(conn.execute(select(s.stakeholders).where(s.stakeholders.c.id == sid)).mappings().one())


def list_stakeholders(db: Database, workshop_id: int, *, include_merged: bool = False) -> list[Stakeholder]:
    with db.read() as conn:
        q = select(s.stakeholders).where(s.stakeholders.c.workshop_id == workshop_id).order_by(s.stakeholders.c.id)
        if not include_merged:
            q = q.where(s.stakeholders.c.merged_into.is_(None), s.stakeholders.c.hidden.is_(False))
        return [_stakeholder(r) for r in conn.execute(q).mappings().all()]


# --- criteria and scores ---------------------------------------------------------------


def _criterion(row: Mapping[str, Any]) -> Criterion:
    return Criterion(id=row["id"], position=row["position"], name=row["name"], description=row["description"],
                     weight=row["weight"], direction=row["direction"], scale_min=row["scale_min"],
                     scale_max=row["scale_max"])


def list_criteria(db: Database, workshop_id: int) -> list[Criterion]:
    with db.read() as conn:
        rows = conn.execute(select(s.criteria).where(s.criteria.c.workshop_id == workshop_id)
                            .order_by(s.criteria.c.position)).mappings().all()
    return [_criterion(r) for r in rows]


def set_score(db: Database, code: str, token: str, *, item_kind: str, item_id: int, criterion_id: int,
              value: float | None) -> Score:
    """Participant: score one item on one criterion (``None`` = don't know); changing it keeps history."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        crow = conn.execute(select(s.criteria).where(s.criteria.c.id == criterion_id,
                                                     s.criteria.c.workshop_id == wrow["id"])).mappings().first()
        if crow is None:
            raise NotFound("That criterion is not part of this workshop.")
        sc = Score(workshop_id=wrow["id"], participant_id=prow["id"], item_kind=item_kind, item_id=item_id,
                   criterion_id=criterion_id, value=value)
        if sc.value is not None and not crow["scale_min"] <= sc.value <= crow["scale_max"]:
            raise InvalidValue(f"score for {crow['name']}",
                               f"must be from {crow['scale_min']} to {crow['scale_max']} (got {sc.value:g}).")
        table = s.scenarios if item_kind == "scenario" else s.ideas
        if conn.execute(select(table.c.id).where(table.c.id == item_id, table.c.workshop_id == wrow["id"])).first() is None:
            raise NotFound(f"That {item_kind} is not part of this workshop.")
        stamp = now()
        key = (s.scores.c.participant_id == prow["id"], s.scores.c.item_kind == item_kind,
               s.scores.c.item_id == item_id, s.scores.c.criterion_id == criterion_id)
        old = conn.execute(select(s.scores).where(*key)).mappings().first()
        if old is None:
            conn.execute(s.scores.insert().values(workshop_id=wrow["id"], participant_id=prow["id"],
                                                  item_kind=item_kind, item_id=item_id, criterion_id=criterion_id,
                                                  value=sc.value, created_at=stamp, updated_at=stamp))
        else:
            _keep_history(conn, wrow["id"], "scores", old, f"participant {prow['id']}")
            conn.execute(s.scores.update().where(*key).values(value=sc.value, updated_at=stamp))
        bump(conn, wrow["id"], "scores")
    return sc


def list_scores(db: Database, workshop_id: int) -> list[Score]:
    with db.read() as conn:
        rows = conn.execute(select(s.scores).where(s.scores.c.workshop_id == workshop_id).order_by(s.scores.c.id)
                            ).mappings().all()
    return [Score(id=r["id"], workshop_id=r["workshop_id"], participant_id=r["participant_id"],
                  item_kind=r["item_kind"], item_id=r["item_id"], criterion_id=r["criterion_id"], value=r["value"])
            for r in rows]


# --- feedback --------------------------------------------------------------------------


def submit_feedback(db: Database, code: str, token: str, *, rating: int, step_ratings: Mapping[str, int] | None = None,
                    take_home: str = "", change: str = "") -> Feedback:
    """Participant: give (or revise) feedback on the session."""
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        fb = Feedback(workshop_id=wrow["id"], participant_id=prow["id"], rating=rating,
                      step_ratings=step_ratings or {}, take_home=take_home, change=change)
        stamp = now()
        values = dict(rating=fb.rating, step_ratings=dict(fb.step_ratings), take_home=fb.take_home,
                      change=fb.change, updated_at=stamp)
        old = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == wrow["id"],
                                                    s.feedback.c.participant_id == prow["id"])).mappings().first()
        if old is None:
            conn.execute(s.feedback.insert().values(workshop_id=wrow["id"], participant_id=prow["id"],
                                                    created_at=stamp, **values))
        else:
            _keep_history(conn, wrow["id"], "feedback", old, f"participant {prow['id']}")
            conn.execute(s.feedback.update().where(s.feedback.c.id == old["id"]).values(**values))
        bump(conn, wrow["id"], "feedback")
    return fb


def list_feedback(db: Database, workshop_id: int) -> list[Feedback]:
    with db.read() as conn:
        rows = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id)
                            .order_by(s.feedback.c.id)).mappings().all()
    return [Feedback(id=r["id"], workshop_id=r["workshop_id"], participant_id=r["participant_id"], rating=r["rating"],
                     step_ratings=r["step_ratings"] or {}, take_home=r["take_home"], change=r["change"]) for r in rows]
