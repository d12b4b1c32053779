"""Feedback on the session: a participant's rating, step ratings and comments, and summaries.

The one writer of ``feedback``: one row per participant, revised in place (the previous
version kept in ``history``); comments can be erased on request (``forget``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain.records import AgendaItem, Feedback
from facilitation.domain.steps import RATED_STEPS
from facilitation.store import history, rates
from facilitation.store import schema as s
from facilitation.store.access import require_participant
from facilitation.store.db import Database, bump, now
from facilitation.store.server import lock_participant

FEEDBACK_COLUMNS = ("participant", "rating", "take_home", "change", "updated_at")


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


def submit_feedback(db: Database, code: str, token: str, *, rating: int, step_ratings: Mapping[str, int] | None = None,
                    take_home: str = "", change: str = "") -> Feedback:
    """Participant: give (or revise) feedback on the session."""
    rates.precheck("feedback", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        lock_participant(conn, prow["id"])  # two pages submitting at once: one row, the later one revises it
        rates.take(conn, wrow["id"], prow["id"], "feedback", token=token)
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
            history.keep(conn, wrow["id"], "feedback", old, f"participant {prow['id']}")
            conn.execute(s.feedback.update().where(s.feedback.c.id == old["id"]).values(**values))
        bump(conn, wrow["id"], "feedback")
    return fb


def list_feedback(db: Database, workshop_id: int) -> list[Feedback]:
    with db.read() as conn:
        rows = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id)
                            .order_by(s.feedback.c.id)).mappings().all()
    return [Feedback(id=r["id"], workshop_id=r["workshop_id"], participant_id=r["participant_id"], rating=r["rating"],
                     step_ratings=r["step_ratings"] or {}, take_home=r["take_home"], change=r["change"]) for r in rows]


# --- for the organisers and the exports ------------------------------------------------


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


@dataclass(frozen=True)
class GroupFeedback:
    """One breakout group's feedback: how many of its members answered and their mean session rating."""

    group_id: int
    responses: int
    members: int
    mean_rating: float | None


def feedback_by_group(db: Database, workshop_id: int) -> list[GroupFeedback]:
    """Per live group (by number), the feedback of the people in it now; empty without groups (issue 22)."""
    with db.read() as conn:
        groups = conn.execute(select(s.groups.c.id).where(s.groups.c.workshop_id == workshop_id,
                                                          s.groups.c.removed_at.is_(None))
                              .order_by(s.groups.c.number)).scalars().all()
        members = conn.execute(select(s.group_members.c.participant_id, s.group_members.c.group_id).where(
            s.group_members.c.workshop_id == workshop_id)).all()
        ratings = dict(conn.execute(select(s.feedback.c.participant_id, s.feedback.c.rating).where(
            s.feedback.c.workshop_id == workshop_id)).all())
    out = []
    for gid in groups:
        people = [pid for pid, g in members if g == gid]
        given = [ratings[pid] for pid in people if pid in ratings]
        out.append(GroupFeedback(group_id=gid, responses=len(given), members=len(people),
                                 mean_rating=statistics.fmean(given) if given else None))
    return out


def my_feedback(db: Database, workshop_id: int, participant_id: int) -> dict[str, Any] | None:
    """This participant's saved feedback (to fill the form again), or None."""
    with db.read() as conn:
        row = conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id,
                                                    s.feedback.c.participant_id == participant_id)).mappings().first()
    if row is None:
        return None
    return dict(rating=row["rating"], step_ratings=dict(row["step_ratings"] or {}), take_home=row["take_home"],
                change=row["change"])


def erase_comments(conn: Connection, workshop_id: int, participant_id: int, at: datetime) -> list[int]:
    """Empty the comments of a participant's feedback (the ratings stay); returns the rows' ids (forget)."""
    ids = conn.execute(select(s.feedback.c.id).where(s.feedback.c.workshop_id == workshop_id,
                                                     s.feedback.c.participant_id == participant_id)).scalars().all()
    conn.execute(s.feedback.update().where(s.feedback.c.id.in_(ids)).values(take_home="", change="", updated_at=at))
    return list(ids)


def move_feedback(conn: Connection, workshop_id: int, from_id: int, to_id: int, at: datetime, actor: str) -> bool:
    """Two participants merged: one feedback row stays (the later one, for ``to_id``); the other goes to
    history. True when ``from_id`` had feedback."""
    def row(pid: int) -> Mapping[str, Any] | None:
        return conn.execute(select(s.feedback).where(s.feedback.c.workshop_id == workshop_id,
                                                     s.feedback.c.participant_id == pid)).mappings().first()

    theirs, mine = row(from_id), row(to_id)
    if theirs is None:
        return False
    if mine is not None:
        older, newer = sorted((mine, theirs), key=lambda r: (r["updated_at"], r["id"]))
        history.keep(conn, workshop_id, "feedback", older, actor, at=at)
        conn.execute(s.feedback.delete().where(s.feedback.c.id == older["id"]))
        if newer["id"] == mine["id"]:
            return True
    history.keep(conn, workshop_id, "feedback", theirs, actor, fields=("id", "participant_id"), at=at)
    conn.execute(s.feedback.update().where(s.feedback.c.id == theirs["id"]).values(participant_id=to_id, updated_at=at))
    return True
