"""What is scored, the ballots for the scoring maths, and the group results.

The facilitator chooses what is scored (the visible scenarios, or the top-voted ideas) with
the facilitator key, until the first score is in; after that the choice is locked, like the
criteria (:mod:`facilitation.store.criteria`). The choice is a workshop setting, written
through :func:`facilitation.store.workshops.save_settings`.

Ballots come out in the shape :mod:`facilitation.scoring` takes:
``{participant_id: {(item_kind, item_id): {criterion_name: value | None}}}``.

Breakout groups score on their own (issue 14): every read takes a
:data:`~facilitation.domain.groups.GroupFilter`. One group scores its own visible scenarios (issue 22),
or its own top-voted ideas (each with the whole room's), and its results count only the scores given in it (with
those given before there were groups). ``"all"`` is the whole room, as in the plenary: the room's
top-voted ideas and every score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation import scoring
from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.domain.records import Criterion
from facilitation.store import schema as s
from facilitation.store.access import require_facilitator
from facilitation.store.criteria import read_criteria, refuse_if_locked, scoring_begun
from facilitation.store.db import Database, bump
from facilitation.store.groups_read import in_group, scope_size
from facilitation.store.workshops import save_settings, step_name, workshop_by_id

SOURCES = ("scenarios", "ideas")
DEFAULT_TOP_IDEAS = 5
MAX_TOP_IDEAS = 12

ItemKey = tuple[str, int]

GROUP_RESULT_COLUMNS = ("rank", "item_kind", "item_id", "item", "score", "participants", "mean", "median",
                        "spread", "dont_know")


@dataclass(frozen=True)
class ScoringItem:
    """One thing being scored: a scenario or an idea, with what participants need to read."""

    kind: str
    id: int
    title: str
    description: str = ""
    votes: int | None = None
    group_id: int | None = None  # the breakout group whose item it is (None: the whole room's)

    @property
    def key(self) -> ItemKey:
        return (self.kind, self.id)


@dataclass(frozen=True)
class ScoringData:
    """Everything the scoring maths needs, read in one transaction."""

    items: tuple[ScoringItem, ...]
    criteria: tuple[Criterion, ...]
    ballots: dict[int, dict[ItemKey, dict[str, float | None]]]
    participants: int = 0

    @property
    def item_keys(self) -> list[ItemKey]:
        return [i.key for i in self.items]

    def title(self, key: ItemKey) -> str:
        return next((i.title for i in self.items if i.key == key), f"{key[0]} {key[1]}")


@dataclass(frozen=True)
class ScoringSetup:
    """What the facilitator has chosen, and whether it can still change."""

    source: str
    top: int
    items: tuple[ScoringItem, ...]
    criteria: tuple[Criterion, ...]
    locked: bool
    revealed: bool
    step_open: bool


# --- what is scored ---------------------------------------------------------------------


def _source(settings: Mapping[str, Any] | None) -> tuple[str, int]:
    settings = settings or {}
    source = settings.get("scoring_items")
    top = settings.get("scoring_top")
    source = source if source in SOURCES else "scenarios"
    if isinstance(top, bool) or not isinstance(top, int) or not 2 <= top <= MAX_TOP_IDEAS:
        top = DEFAULT_TOP_IDEAS
    return source, top


def _items(conn: Connection, workshop_id: int, source: str, top: int,
           group_id: GroupFilter = ALL_GROUPS) -> list[ScoringItem]:
    if source == "scenarios":  # a group scores its own city's scenarios (and the whole room's), issue 22
        mine = in_group(s.scenarios.c.group_id, group_id)
        rows = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == workshop_id,
                                                      s.scenarios.c.hidden.is_(False),
                                                      *([] if mine is None else [mine]))
                            .order_by(s.scenarios.c.id)).mappings().all()
        return [ScoringItem("scenario", r["id"], r["name"], r["narrative"], group_id=r["group_id"]) for r in rows]
    votes = (select(s.votes.c.idea_id, func.count().label("n"))
             .where(s.votes.c.workshop_id == workshop_id, s.votes.c.withdrawn_at.is_(None))
             .group_by(s.votes.c.idea_id).subquery())
    scope = in_group(s.ideas.c.group_id, group_id)
    # Round 2: the votes an idea carried from round 1 count with this round's dots (issue 22).
    total = (func.coalesce(votes.c.n, 0) + s.ideas.c.carried_votes).label("n")
    rows = conn.execute(
        select(s.ideas, total).outerjoin(votes, votes.c.idea_id == s.ideas.c.id)
        .where(s.ideas.c.workshop_id == workshop_id, s.ideas.c.hidden.is_(False), s.ideas.c.merged_into.is_(None),
               s.ideas.c.withdrawn_at.is_(None), total > 0, *([] if scope is None else [scope]))
        .order_by(total.desc(), s.ideas.c.id).limit(top)).mappings().all()
    return [ScoringItem("idea", r["id"], r["title"], r["description"], votes=r["n"], group_id=r["group_id"])
            for r in rows]


def items_scored(conn: Connection, wrow: Mapping[str, Any], group_id: GroupFilter = ALL_GROUPS) -> list[ScoringItem]:
    """The items a workshop (or one group of it) scores now, inside the caller's transaction."""
    source, top = _source(wrow["settings"])
    return _items(conn, wrow["id"], source, top, group_id)


def scoring_setup(db: Database, workshop_id: int, *, group_id: GroupFilter = ALL_GROUPS) -> ScoringSetup:
    """What is scored (in ``group_id``), against which criteria, whether that is locked, and whether
    results are shown."""
    with db.read() as conn:
        wrow = workshop_by_id(conn, workshop_id)
        source, top = _source(wrow["settings"])
        return ScoringSetup(
            source=source, top=top, items=tuple(_items(conn, workshop_id, source, top, group_id)),
            criteria=tuple(read_criteria(conn, workshop_id)), locked=scoring_begun(conn, workshop_id),
            revealed=bool((wrow["settings"] or {}).get("results_revealed")),
            step_open=step_name(conn, wrow) == "scoring")


def scoring_items(db: Database, workshop_id: int, *, group_id: GroupFilter = ALL_GROUPS) -> list[ScoringItem]:
    """The items being scored now: the visible scenarios, or the top-voted ideas (ties: older first)."""
    return list(scoring_setup(db, workshop_id, group_id=group_id).items)


def set_scoring_items(db: Database, code: str, key: str, source: str, top: int | None = None) -> ScoringSetup:
    """Facilitator: score the ``scenarios`` or the ``top`` most-voted ``ideas`` (before scoring begins)."""
    source = model.check_choice("what is scored", source, SOURCES)
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        refuse_if_locked(conn, wrow["id"], "what is scored")
        settings = dict(wrow["settings"] or {})
        settings["scoring_items"] = source
        if top is not None:
            settings["scoring_top"] = model.check_int("number of ideas to score", top, 2, MAX_TOP_IDEAS)
        save_settings(conn, wrow["id"], settings)
        bump(conn, wrow["id"], "workshop", "criteria")
    return scoring_setup(db, wrow["id"])


def set_results_revealed(db: Database, code: str, key: str, revealed: bool) -> None:
    """Facilitator: show the group results to participants, or hide them again."""
    if not isinstance(revealed, bool):
        raise InvalidValue("results revealed", "must be true or false.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        settings = dict(wrow["settings"] or {})
        settings["results_revealed"] = revealed
        save_settings(conn, wrow["id"], settings)
        bump(conn, wrow["id"], "workshop")


# --- ballots and results ----------------------------------------------------------------


def scoring_data(db: Database, workshop_id: int, *, group_id: GroupFilter = ALL_GROUPS) -> ScoringData:
    """Items, criteria and every participant's ballot for the items and criteria scored now.

    ``group_id``: one breakout group's scoring (its items, the scores given in it, its members
    as ``participants``); ``"all"`` (default) the whole room.
    """
    with db.read() as conn:
        wrow = workshop_by_id(conn, workshop_id)
        items = items_scored(conn, wrow, group_id)
        crits = read_criteria(conn, workshop_id)
        names = {c.id: c.name for c in crits}
        keys = {i.key for i in items}
        ballots: dict[int, dict[ItemKey, dict[str, float | None]]] = {}
        q = select(s.scores).where(s.scores.c.workshop_id == workshop_id)
        scope = in_group(s.scores.c.group_id, group_id)
        for r in conn.execute((q if scope is None else q.where(scope))
                              .order_by(s.scores.c.participant_id, s.scores.c.id)).mappings():
            key = (r["item_kind"], r["item_id"])
            if key in keys and r["criterion_id"] in names:
                ballots.setdefault(r["participant_id"], {}).setdefault(key, {})[names[r["criterion_id"]]] = r["value"]
        count = scope_size(conn, workshop_id, group_id)
    return ScoringData(items=tuple(items), criteria=tuple(crits), ballots=ballots, participants=count)


def group_results(db: Database, workshop_id: int, how: str = "mean", *,
                  group_id: GroupFilter = ALL_GROUPS) -> list[dict[str, Any]]:
    """The group result table: one row per scored item, best first.

    Columns :data:`GROUP_RESULT_COLUMNS` (``score``, ``mean``, ``median``: 0..1, 1 best;
    ``spread``: standard deviation of the individual results; ``participants``: how many
    have a result for the item; ``dont_know``: "don't know" answers on the item), then one
    column ``mean: CRITERION`` per criterion with the mean raw score on its own scale.
    """
    data = scoring_data(db, workshop_id, group_id=group_id)
    if not data.items or not data.criteria:
        return []
    results = scoring.group_result(data.ballots, data.item_keys, list(data.criteria), how=how)
    rows = []
    for r in results:
        kind, item_id = r.item
        dont_know = sum(1 for b in data.ballots.values() for v in (b.get(r.item) or {}).values() if v is None)
        row: dict[str, Any] = dict(rank=r.rank, item_kind=kind, item_id=item_id, item=data.title(r.item),
                                   score=r.score, participants=r.n, mean=r.mean, median=r.median, spread=r.spread,
                                   dont_know=dont_know)
        for c in data.criteria:
            row[f"mean: {c.name}"] = r.per_criterion.get(c.name)
        rows.append(row)
    return rows
