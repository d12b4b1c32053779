"""Impact scoring in the store: what is scored, the criteria, ballots, results and feedback rows.

Rules kept here (a forged browser message cannot skip them):

- The facilitator chooses what is scored (the scenarios, or the top-voted ideas) and edits
  the criteria with the facilitator key, until the first score is in. After that both are
  locked: changing a scale or a direction under existing scores would silently change
  what those scores mean.
- Participants score with their device token, only while the scoring step is open, only
  the items being scored, with whole numbers on each criterion's scale; ``None`` is
  "don't know" and is stored as NULL, never as a zero. A changed score keeps its old value
  in ``history``.

Ballots come out in the shape :mod:`facilitation.scoring` takes:
``{participant_id: {(item_kind, item_id): {criterion_name: value | None}}}``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation import scoring

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import AgendaItem, Criterion
from facilitation.domain.steps import RATED_STEPS
from facilitation.store import schema as s
from facilitation.store.content import _criterion, _keep_history
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import owned_row, require_facilitator, require_participant

SOURCES = ("scenarios", "ideas")
DEFAULT_TOP_IDEAS = 5
MAX_TOP_IDEAS = 12
MAX_CRITERIA = 12
# Steps a participant can rate in the feedback: the working steps, not the frame around them.

ItemKey = tuple[str, int]
CellKey = tuple[str, int, int]  # (item kind, item id, criterion id)

GROUP_RESULT_COLUMNS = ("rank", "item_kind", "item_id", "item", "score", "participants", "mean", "median",
                        "spread", "dont_know")
SCORE_COLUMNS = ("participant", "item_kind", "item_id", "item", "criterion", "value", "dont_know", "updated_at")
FEEDBACK_COLUMNS = ("participant", "rating", "take_home", "change", "updated_at")


@dataclass(frozen=True)
class ScoringItem:
    """One thing being scored: a scenario or an idea, with what participants need to read."""

    kind: str
    id: int
    title: str
    description: str = ""
    votes: int | None = None

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


@dataclass(frozen=True)
class FeedbackSummary:
    """Feedback for the organisers: ratings, per-step means, and the comments."""

    responses: int
    participants: int
    mean_rating: float | None
    distribution: dict[int, int]
    steps: tuple[AgendaItem, ...]
    step_means: dict[str, float | None]
    step_counts: dict[str, int]
    take_home: tuple[str, ...] = field(default=())
    change: tuple[str, ...] = field(default=())


# --- settings and state ---------------------------------------------------------------


def _source(settings: Mapping[str, Any] | None) -> tuple[str, int]:
    settings = settings or {}
    source = settings.get("scoring_items")
    top = settings.get("scoring_top")
    source = source if source in SOURCES else "scenarios"
    if isinstance(top, bool) or not isinstance(top, int) or not 2 <= top <= MAX_TOP_IDEAS:
        top = DEFAULT_TOP_IDEAS
    return source, top


def _locked(conn: Connection, workshop_id: int) -> bool:
    return conn.execute(select(s.scores.c.id).where(s.scores.c.workshop_id == workshop_id).limit(1)).first() is not None


def _refuse_if_locked(conn: Connection, workshop_id: int, what: str) -> None:
    if _locked(conn, workshop_id):
        raise NotAllowed(f"Scoring has begun, so {what} can no longer change (the scores given would change meaning).")


def _current_step(conn: Connection, wrow: Mapping[str, Any]) -> str:
    steps = conn.execute(select(s.agenda.c.step).where(s.agenda.c.workshop_id == wrow["id"])
                         .order_by(s.agenda.c.position)).scalars().all()
    if not steps:
        return "waiting"
    return steps[min(wrow["phase_index"], len(steps) - 1)]


def _items(conn: Connection, workshop_id: int, source: str, top: int) -> list[ScoringItem]:
    if source == "scenarios":
        rows = conn.execute(select(s.scenarios).where(s.scenarios.c.workshop_id == workshop_id,
                                                      s.scenarios.c.hidden.is_(False))
                            .order_by(s.scenarios.c.id)).mappings().all()
        return [ScoringItem("scenario", r["id"], r["name"], r["narrative"]) for r in rows]
    votes = (select(s.votes.c.idea_id, func.count().label("n"))
             .where(s.votes.c.workshop_id == workshop_id, s.votes.c.withdrawn_at.is_(None))
             .group_by(s.votes.c.idea_id).subquery())
    rows = conn.execute(
        select(s.ideas, votes.c.n).join(votes, votes.c.idea_id == s.ideas.c.id)
        .where(s.ideas.c.workshop_id == workshop_id, s.ideas.c.hidden.is_(False), s.ideas.c.merged_into.is_(None))
        .order_by(votes.c.n.desc(), s.ideas.c.id).limit(top)).mappings().all()
    return [ScoringItem("idea", r["id"], r["title"], r["description"], votes=r["n"]) for r in rows]


def _workshop_by_id(conn: Connection, workshop_id: int) -> Mapping[str, Any]:
    row = conn.execute(select(s.workshops).where(s.workshops.c.id == workshop_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no workshop number {workshop_id}.")
    return row


def _criteria(conn: Connection, workshop_id: int) -> list[Criterion]:
    rows = conn.execute(select(s.criteria).where(s.criteria.c.workshop_id == workshop_id)
                        .order_by(s.criteria.c.position, s.criteria.c.id)).mappings().all()
    return [_criterion(r) for r in rows]


def scoring_setup(db: Database, workshop_id: int) -> ScoringSetup:
    """What is scored, against which criteria, whether that is locked, and whether results are shown."""
    with db.read() as conn:
        wrow = _workshop_by_id(conn, workshop_id)
        source, top = _source(wrow["settings"])
        return ScoringSetup(
            source=source, top=top, items=tuple(_items(conn, workshop_id, source, top)),
            criteria=tuple(_criteria(conn, workshop_id)), locked=_locked(conn, workshop_id),
            revealed=bool((wrow["settings"] or {}).get("results_revealed")),
            step_open=_current_step(conn, wrow) == "scoring")


def scoring_items(db: Database, workshop_id: int) -> list[ScoringItem]:
    """The items being scored now: the visible scenarios, or the top-voted ideas (ties: older first)."""
    return list(scoring_setup(db, workshop_id).items)


def criteria_locked(db: Database, workshop_id: int) -> bool:
    """True once any score is in: criteria and the scored items can no longer change."""
    with db.read() as conn:
        return _locked(conn, workshop_id)


def set_scoring_items(db: Database, code: str, key: str, source: str, top: int | None = None) -> ScoringSetup:
    """Facilitator: score the ``scenarios`` or the ``top`` most-voted ``ideas`` (before scoring begins)."""
    source = model.check_choice("what is scored", source, SOURCES)
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        _refuse_if_locked(conn, wrow["id"], "what is scored")
        settings = dict(wrow["settings"] or {})
        settings["scoring_items"] = source
        if top is not None:
            settings["scoring_top"] = model.check_int("number of ideas to score", top, 2, MAX_TOP_IDEAS)
        conn.execute(s.workshops.update().where(s.workshops.c.id == wrow["id"]).values(
            settings=settings, updated_at=now()))
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
        conn.execute(s.workshops.update().where(s.workshops.c.id == wrow["id"]).values(
            settings=settings, updated_at=now()))
        bump(conn, wrow["id"], "workshop")


# --- criteria -------------------------------------------------------------------------


def _check_unique_name(conn: Connection, workshop_id: int, name: str, except_id: int | None = None) -> None:
    rows = conn.execute(select(s.criteria.c.id, s.criteria.c.name).where(s.criteria.c.workshop_id == workshop_id)).all()
    for cid, other in rows:
        if cid != except_id and other.casefold() == name.casefold():
            raise InvalidValue("criterion name", f"{name!r} is already a criterion of this workshop.")


def add_criterion(db: Database, code: str, key: str, *, name: str, weight: float = 1.0, direction: str = "higher",
                  description: str = "", scale_min: int = 0, scale_max: int = 5) -> Criterion:
    """Facilitator: add a criterion at the end (before scoring begins)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        _refuse_if_locked(conn, wrow["id"], "the criteria")
        c = Criterion(name=name, weight=weight, direction=direction, description=description,
                      scale_min=scale_min, scale_max=scale_max)
        _check_unique_name(conn, wrow["id"], c.name)
        count, last = conn.execute(select(func.count(), func.max(s.criteria.c.position))
                                   .where(s.criteria.c.workshop_id == wrow["id"])).one()
        if count >= MAX_CRITERIA:
            raise InvalidValue("criteria", f"a workshop can have at most {MAX_CRITERIA} criteria.")
        stamp = now()
        cid = conn.execute(s.criteria.insert().values(
            workshop_id=wrow["id"], position=(last + 1) if last is not None else 0, name=c.name,
            description=c.description, weight=c.weight, direction=c.direction, scale_min=c.scale_min,
            scale_max=c.scale_max, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "criteria")
        return _criterion(conn.execute(select(s.criteria).where(s.criteria.c.id == cid)).mappings().one())


def update_criterion(db: Database, code: str, key: str, criterion_id: int, **changes: Any) -> Criterion:
    """Facilitator: change a criterion's name, description, weight, direction or scale (before scoring begins).

    The previous version is kept in ``history``.
    """
    allowed = {"name", "description", "weight", "direction", "scale_min", "scale_max"}
    if set(changes) - allowed:
        raise InvalidValue("criterion", f"only {', '.join(sorted(allowed))} can be changed.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = owned_row(conn, s.criteria, criterion_id, wrow["id"], "criterion")
        _refuse_if_locked(conn, wrow["id"], "the criteria")
        merged = {**_criterion(row).__dict__, **changes}
        c = Criterion(**merged)
        _check_unique_name(conn, wrow["id"], c.name, except_id=criterion_id)
        _keep_history(conn, wrow["id"], "criteria", row, "facilitator")
        conn.execute(s.criteria.update().where(s.criteria.c.id == criterion_id).values(
            name=c.name, description=c.description, weight=c.weight, direction=c.direction,
            scale_min=c.scale_min, scale_max=c.scale_max, updated_at=now()))
        bump(conn, wrow["id"], "criteria")
        return _criterion(conn.execute(select(s.criteria).where(s.criteria.c.id == criterion_id)).mappings().one())


def remove_criterion(db: Database, code: str, key: str, criterion_id: int) -> None:
    """Facilitator: drop a criterion before anyone scored (its last version is kept in ``history``)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = owned_row(conn, s.criteria, criterion_id, wrow["id"], "criterion")
        _refuse_if_locked(conn, wrow["id"], "the criteria")
        count = conn.execute(select(func.count()).select_from(s.criteria)
                             .where(s.criteria.c.workshop_id == wrow["id"])).scalar_one()
        if count <= 1:
            raise InvalidValue("criteria", "scoring needs at least one criterion.")
        _keep_history(conn, wrow["id"], "criteria", row, "facilitator")
        conn.execute(s.criteria.delete().where(s.criteria.c.id == criterion_id))
        bump(conn, wrow["id"], "criteria")


# --- scores ---------------------------------------------------------------------------


def set_scores(db: Database, code: str, token: str, cells: Mapping[CellKey, float | None]) -> int:
    """Participant: save several scores at once; returns how many changed.

    ``cells`` maps ``(item_kind, item_id, criterion_id)`` to a whole number on the
    criterion's scale, or ``None`` for "don't know". Refused (nothing saved) unless the
    scoring step is open and every cell names an item being scored and a criterion of
    this workshop.
    """
    if not isinstance(cells, Mapping):
        raise InvalidValue("scores", "must map (item kind, item id, criterion id) to a value.")
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        if _current_step(conn, wrow) != "scoring":
            raise NotAllowed("Scoring is closed: the facilitator has moved on to another step.")
        source, top = _source(wrow["settings"])
        items = {i.key for i in _items(conn, wrow["id"], source, top)}
        crits = {c.id: c for c in _criteria(conn, wrow["id"])}
        clean: dict[CellKey, float | None] = {}
        for cell, value in cells.items():
            if not (isinstance(cell, tuple) and len(cell) == 3):
                raise InvalidValue("score", "each score must name an item kind, an item and a criterion.")
            kind, item_id, cid = cell
            if (kind, item_id) not in items:
                raise NotFound("That item is not being scored in this workshop.")
            crit = crits.get(cid) if isinstance(cid, int) and not isinstance(cid, bool) else None
            if crit is None:
                raise NotFound("That criterion is not part of this workshop.")
            if value is not None:
                value = float(model.check_int(f"score for {crit.name}", value, crit.scale_min, crit.scale_max))
            clean[(kind, item_id, cid)] = value
        old = {(r["item_kind"], r["item_id"], r["criterion_id"]): r for r in conn.execute(
            select(s.scores).where(s.scores.c.participant_id == prow["id"])).mappings().all()}
        stamp = now()
        changed = 0
        for (kind, item_id, cid), value in clean.items():
            before = old.get((kind, item_id, cid))
            if before is None:
                conn.execute(s.scores.insert().values(
                    workshop_id=wrow["id"], participant_id=prow["id"], item_kind=kind, item_id=item_id,
                    criterion_id=cid, value=value, created_at=stamp, updated_at=stamp))
            elif before["value"] != value:
                _keep_history(conn, wrow["id"], "scores", before, f"participant {prow['id']}")
                conn.execute(s.scores.update().where(s.scores.c.id == before["id"]).values(
                    value=value, updated_at=stamp))
            else:
                continue
            changed += 1
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


def scoring_data(db: Database, workshop_id: int) -> ScoringData:
    """Items, criteria and every participant's ballot for the items and criteria scored now."""
    with db.read() as conn:
        wrow = _workshop_by_id(conn, workshop_id)
        source, top = _source(wrow["settings"])
        items = _items(conn, workshop_id, source, top)
        crits = _criteria(conn, workshop_id)
        names = {c.id: c.name for c in crits}
        keys = {i.key for i in items}
        ballots: dict[int, dict[ItemKey, dict[str, float | None]]] = {}
        for r in conn.execute(select(s.scores).where(s.scores.c.workshop_id == workshop_id)
                              .order_by(s.scores.c.participant_id, s.scores.c.id)).mappings():
            key = (r["item_kind"], r["item_id"])
            if key in keys and r["criterion_id"] in names:
                ballots.setdefault(r["participant_id"], {}).setdefault(key, {})[names[r["criterion_id"]]] = r["value"]
        count = conn.execute(select(func.count()).select_from(s.participants)
                             .where(s.participants.c.workshop_id == workshop_id)).scalar_one()
    return ScoringData(items=tuple(items), criteria=tuple(crits), ballots=ballots, participants=count)


# --- rows for exports -----------------------------------------------------------------


def group_results(db: Database, workshop_id: int, how: str = "mean") -> list[dict[str, Any]]:
    """The group result table: one row per scored item, best first.

    Columns :data:`GROUP_RESULT_COLUMNS` (``score``, ``mean``, ``median``: 0..1, 1 best;
    ``spread``: standard deviation of the individual results; ``participants``: how many
    have a result for the item; ``dont_know``: "don't know" answers on the item), then one
    column ``mean: CRITERION`` per criterion with the mean raw score on its own scale.
    """
    data = scoring_data(db, workshop_id)
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


# --- feedback -------------------------------------------------------------------------


def rated_steps(db: Database, workshop_id: int) -> list[AgendaItem]:
    """The working steps this workshop actually had (opened at least once), in agenda order."""
    with db.read() as conn:
        rows = conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == workshop_id,
                                                   s.agenda.c.started_at.is_not(None))
                            .order_by(s.agenda.c.position)).mappings().all()
    seen: set[str] = set()
    steps = []
    for r in rows:
        if r["step"] in RATED_STEPS and r["step"] not in seen:
            seen.add(r["step"])
            steps.append(AgendaItem(step=r["step"], minutes=r["minutes"], title=r["title"], position=r["position"],
                                    started_at=r["started_at"], ended_at=r["ended_at"]))
    return steps


def feedback_rows(db: Database, workshop_id: int) -> list[dict[str, Any]]:
    """One row per participant's feedback for ``feedback.csv``.

    Columns :data:`FEEDBACK_COLUMNS` plus ``rating: STEP`` for every step of the agenda that
    can be rated (empty when that participant did not rate it).
    """
    with db.read() as conn:
        steps = [st for st in conn.execute(select(s.agenda.c.step).where(s.agenda.c.workshop_id == workshop_id)
                                           .order_by(s.agenda.c.position)).scalars() if st in RATED_STEPS]
        rows = conn.execute(
            select(s.participants.c.pseudonym, s.feedback.c.rating, s.feedback.c.step_ratings,
                   s.feedback.c.take_home, s.feedback.c.change, s.feedback.c.updated_at)
            .join(s.participants, s.participants.c.id == s.feedback.c.participant_id)
            .where(s.feedback.c.workshop_id == workshop_id).order_by(s.feedback.c.id)).all()
    out = []
    for pseudonym, rating, step_ratings, take_home, change, stamp in rows:
        row: dict[str, Any] = dict(participant=pseudonym, rating=rating, take_home=take_home, change=change,
                                   updated_at=stamp)
        for step in dict.fromkeys(steps):
            row[f"rating: {step}"] = (step_ratings or {}).get(step)
        out.append(row)
    return out


def feedback_summary(db: Database, workshop_id: int) -> FeedbackSummary:
    """Ratings and comments in one place for the organisers (newest comments first)."""
    steps = rated_steps(db, workshop_id)
    with db.read() as conn:
        rows = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id)
                            .order_by(s.feedback.c.updated_at.desc(), s.feedback.c.id.desc())).mappings().all()
        count = conn.execute(select(func.count()).select_from(s.participants)
                             .where(s.participants.c.workshop_id == workshop_id)).scalar_one()
    ratings = [r["rating"] for r in rows]
    step_values: dict[str, list[int]] = {st.step: [] for st in steps}
    for r in rows:
        for step, value in (r["step_ratings"] or {}).items():
            if step in step_values:
                step_values[step].append(value)
    return FeedbackSummary(
        responses=len(rows), participants=count,
        mean_rating=statistics.fmean(ratings) if ratings else None,
        distribution={n: ratings.count(n) for n in range(1, 6)},
        steps=tuple(steps),
        step_means={k: (statistics.fmean(v) if v else None) for k, v in step_values.items()},
        step_counts={k: len(v) for k, v in step_values.items()},
        take_home=tuple(r["take_home"] for r in rows if r["take_home"]),
        change=tuple(r["change"] for r in rows if r["change"]),
    )


def my_feedback(db: Database, workshop_id: int, participant_id: int) -> dict[str, Any] | None:
    """This participant's saved feedback (to fill the form again), or None."""
    with db.read() as conn:
        row = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id,
                                                    s.feedback.c.participant_id == participant_id)).mappings().first()
    if row is None:
        return None
    return dict(rating=row["rating"], step_ratings=dict(row["step_ratings"] or {}), take_home=row["take_home"],
                change=row["change"])
