"""Scores: one participant's value for one item on one criterion; the one score write path.

The one writer of ``scores``. Every score, whatever brings it, goes through
:func:`save_scores`, which checks items, criteria and values and keeps a changed score's
old value in ``history``:

- **live** (the default): a participant scores with their device token, only while the
  scoring step is open, only the items being scored, with whole numbers on each
  criterion's scale;
- **prepared** (``prepared=True``: the demo workshop, test fixtures, paper input): data
  prepared outside the live session, so no step needs to be open and any scenario or idea
  of the workshop may be scored; values must still be numbers on the criterion's scale.

``None`` is "don't know" and is stored as NULL, never as a zero.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import Score
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.store import groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import require_participant
from facilitation.store.criteria import read_criteria
from facilitation.store.db import Database, bump, now
from facilitation.store.groups_read import in_group, wall_scope
from facilitation.store.scored_items import items_scored
from facilitation.store.server import lock_participant
from facilitation.store.workshops import step_name

CellKey = tuple[str, int, int]  # (item kind, item id, criterion id)

SCORE_COLUMNS = ("participant", "item_kind", "item_id", "item", "criterion", "value", "dont_know", "updated_at")


def _workshop_items(conn: Connection, workshop_id: int) -> set[tuple[str, int]]:
    scenarios = conn.execute(select(s.scenarios.c.id).where(s.scenarios.c.workshop_id == workshop_id)).scalars()
    ideas = conn.execute(select(s.ideas.c.id).where(s.ideas.c.workshop_id == workshop_id)).scalars()
    return {("scenario", i) for i in scenarios} | {("idea", i) for i in ideas}


def _checked(conn: Connection, wrow: Mapping[str, Any], cells: Mapping[CellKey, float | None],
             prepared: bool, participant_id: int) -> dict[CellKey, float | None]:
    """The cells with their values checked, or an error naming the first problem (nothing is saved)."""
    if not isinstance(cells, Mapping):
        raise InvalidValue("scores", "must map (item kind, item id, criterion id) to a value.")
    if not prepared and step_name(conn, wrow) != "scoring":
        raise NotAllowed("Scoring is closed: the facilitator has moved on to another step.")
    # Live: the items the scorer's own group scores (a breakout group its own top ideas), as the store has it.
    items = (_workshop_items(conn, wrow["id"]) if prepared else
             {i.key for i in items_scored(conn, wrow, wall_scope(conn, wrow["id"], participant_id))})
    crits = {c.id: c for c in read_criteria(conn, wrow["id"])}
    clean: dict[CellKey, float | None] = {}
    for cell, value in cells.items():
        if not (isinstance(cell, tuple) and len(cell) == 3):
            raise InvalidValue("score", "each score must name an item kind, an item and a criterion.")
        kind, item_id, cid = cell
        if prepared:
            model.check_choice("scored item kind", kind, model.ITEM_KINDS)
        if (kind, item_id) not in items:
            if prepared:
                raise NotFound("That {kind} is not part of this workshop.", kind=kind)
            raise NotFound("That item is not being scored in this workshop.")
        crit = crits.get(cid) if isinstance(cid, int) and not isinstance(cid, bool) else None
        if crit is None:
            raise NotFound("That criterion is not part of this workshop.")
        if value is not None:
            field = f"score for {crit.name}"
            value = (model.check_number(field, value, crit.scale_min, crit.scale_max) if prepared
                     else float(model.check_int(field, value, crit.scale_min, crit.scale_max)))
        clean[(kind, item_id, cid)] = value
    return clean


def save_scores(conn: Connection, wrow: Mapping[str, Any], participant_id: int,
                cells: Mapping[CellKey, float | None], *, prepared: bool = False, actor: str | None = None,
                created_at: datetime | None = None, updated_at: datetime | None = None) -> int:
    """Check and write one participant's scores inside the caller's transaction; returns how many changed.

    ``actor`` is written to ``history`` for a changed score (default ``participant N``);
    ``created_at`` / ``updated_at`` keep the times of prepared data (default: now). The
    caller bumps the ``scores`` revision.
    """
    clean = _checked(conn, wrow, cells, prepared, participant_id)
    if not clean:
        return 0
    kinds = {k for k, _i, _c in clean}
    old = {(r["item_kind"], r["item_id"], r["criterion_id"]): r for r in conn.execute(
        select(s.scores).where(s.scores.c.participant_id == participant_id, s.scores.c.item_kind.in_(kinds),
                               s.scores.c.item_id.in_({i for _k, i, _c in clean}),
                               s.scores.c.criterion_id.in_({c for _k, _i, c in clean}))).mappings().all()}
    stamp = created_at or now()
    actor = actor or f"participant {participant_id}"
    group_id = groups.participant_group(conn, participant_id)  # the scorer's group, as the store has it
    changed = 0
    for (kind, item_id, cid), value in clean.items():
        before = old.get((kind, item_id, cid))
        if before is None:
            conn.execute(s.scores.insert().values(
                workshop_id=wrow["id"], participant_id=participant_id, item_kind=kind, item_id=item_id,
                criterion_id=cid, value=value, created_at=stamp, updated_at=updated_at or stamp, group_id=group_id))
        elif before["value"] != value:
            history.keep(conn, wrow["id"], "scores", before, actor)
            conn.execute(s.scores.update().where(s.scores.c.id == before["id"]).values(  # moved: now this group's
                value=value, updated_at=updated_at or (now() if created_at else stamp), group_id=group_id))
        else:
            continue
        changed += 1
    return changed


def set_scores(db: Database, code: str, token: str, cells: Mapping[CellKey, float | None], *,
               prepared: bool = False) -> int:
    """Participant: save several scores at once; returns how many changed.

    ``cells`` maps ``(item_kind, item_id, criterion_id)`` to a whole number on the
    criterion's scale, or ``None`` for "don't know". Refused (nothing saved) unless the
    scoring step is open and every cell names an item being scored and a criterion of
    this workshop. ``prepared=True`` (the demo, fixtures) skips the step and item-being-scored
    checks, not the others (see the module's docstring).
    """
    if not isinstance(cells, Mapping):
        raise InvalidValue("scores", "must map (item kind, item id, criterion id) to a value.")
    rates.precheck("scores", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        lock_participant(conn, prow["id"])  # two pages saving at once: one row per cell, never a duplicate
        rates.take(conn, wrow["id"], prow["id"], "scores", token=token)
        changed = save_scores(conn, wrow, prow["id"], cells, prepared=prepared)
        if changed:
            bump(conn, wrow["id"], "scores")
    return changed


def my_scores(db: Database, workshop_id: int, participant_id: int) -> dict[CellKey, float | None]:
    """This participant's saved scores: ``(item_kind, item_id, criterion_id)`` -> value (None = don't know)."""
    with db.read() as conn:
        rows = conn.execute(select(s.scores.c.item_kind, s.scores.c.item_id, s.scores.c.criterion_id,
                                   s.scores.c.value).where(s.scores.c.workshop_id == workshop_id,
                                                           s.scores.c.participant_id == participant_id)).all()
    return {(kind, item_id, cid): value for kind, item_id, cid, value in rows}


def list_scores(db: Database, workshop_id: int, *, group_id: GroupFilter = ALL_GROUPS) -> list[Score]:
    """Every score of the workshop (``group_id``: those given in one group, with the whole room's)."""
    with db.read() as conn:
        q = select(s.scores).where(s.scores.c.workshop_id == workshop_id).order_by(s.scores.c.id)
        scope = in_group(s.scores.c.group_id, group_id)
        rows = conn.execute(q if scope is None else q.where(scope)).mappings().all()
    return [Score(id=r["id"], workshop_id=r["workshop_id"], participant_id=r["participant_id"],
                  item_kind=r["item_kind"], item_id=r["item_id"], criterion_id=r["criterion_id"], value=r["value"])
            for r in rows]


def score_rows(db: Database, workshop_id: int) -> list[dict[str, Any]]:
    """Every score ever given (tidy, one row per participant × item × criterion) for ``scores.csv``.

    Columns :data:`SCORE_COLUMNS`. ``participant`` is the pseudonym; ``value`` is None and
    ``dont_know`` True for "don't know" (never a zero); unanswered cells have no row.
    """
    with db.read() as conn:
        rows = conn.execute(
            select(s.participants.c.pseudonym, s.scores.c.item_kind, s.scores.c.item_id, s.criteria.c.name,
                   s.scores.c.value, s.scores.c.updated_at)
            .join(s.participants, s.participants.c.id == s.scores.c.participant_id)
            .join(s.criteria, s.criteria.c.id == s.scores.c.criterion_id)
            .where(s.scores.c.workshop_id == workshop_id)
            .order_by(s.scores.c.participant_id, s.scores.c.item_kind, s.scores.c.item_id, s.criteria.c.position)
        ).all()
        titles = {("scenario", i): n for i, n in conn.execute(
            select(s.scenarios.c.id, s.scenarios.c.name).where(s.scenarios.c.workshop_id == workshop_id)).all()}
        titles.update({("idea", i): n for i, n in conn.execute(
            select(s.ideas.c.id, s.ideas.c.title).where(s.ideas.c.workshop_id == workshop_id)).all()})
    return [dict(participant=p, item_kind=kind, item_id=item_id, item=titles.get((kind, item_id), ""), criterion=name,
                 value=value, dont_know=value is None, updated_at=stamp)
            for p, kind, item_id, name, value, stamp in rows]


def move_scorer(conn: Connection, workshop_id: int, from_id: int, to_id: int, at: datetime, actor: str) -> int:
    """Two participants merged: ``from_id``'s scores become ``to_id``'s, one per cell (the later one stays;
    the other goes to history). Returns how many cells both had scored."""
    def cells(pid: int) -> dict[tuple[str, int, int], Mapping[str, Any]]:
        return {(r["item_kind"], r["item_id"], r["criterion_id"]): r for r in conn.execute(
            select(s.scores).where(s.scores.c.workshop_id == workshop_id, s.scores.c.participant_id == pid)
        ).mappings().all()}

    mine, theirs = cells(to_id), cells(from_id)
    for cell, row in theirs.items():
        other = mine.get(cell)
        if other is not None:
            older, newer = sorted((other, row), key=lambda r: (r["updated_at"], r["id"]))
            history.keep(conn, workshop_id, "scores", older, actor, at=at)
            conn.execute(s.scores.delete().where(s.scores.c.id == older["id"]))
            if newer["id"] == other["id"]:
                continue
        history.keep(conn, workshop_id, "scores", row, actor, fields=("id", "participant_id"), at=at)
        conn.execute(s.scores.update().where(s.scores.c.id == row["id"]).values(participant_id=to_id, updated_at=at))
    return len(set(mine) & set(theirs))
