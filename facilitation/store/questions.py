"""Questions from the room: asking, upvoting once, the facilitator's marks and moderation (issue 24).

The one writer of ``questions`` and ``question_votes``. A participant asks while a "questions" or
"presentation" step is open (:data:`~facilitation.domain.questions.ASKING_STEPS`): the store
takes the step (``agenda_id``) and the asker's group from what it has now, never from the page.
Everyone sees every question of a step, whatever their group (questions are plenary: a breakout
group asks the room; the group is kept on the question for the exports and a group facilitator's
moderation). Upvotes: once per participant and question, never one's own, and can be taken back
(the row stays, ``withdrawn_at``). The facilitator (``moderate``) marks a question as being
answered (one at a time in a workshop: the one before it becomes answered), answered, open
again, or hides it (it leaves participants and presenter, stays in the data and the export).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.questions import ASKING_STEPS, STATUSES, Question, check_question_text, ranked
from facilitation.store import groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import check_moderates, require_moderator, require_participant
from facilitation.store.db import Database, bump, now
from facilitation.store.server import advisory_lock

TOPIC = "questions"


def question_from_row(row: Mapping[str, Any], votes: int = 0, *, viewer_id: int | None = None,
                      upvoted: bool = False) -> Question:
    return Question(id=row["id"], workshop_id=row["workshop_id"], agenda_id=row["agenda_id"],
                    group_id=row["group_id"], author_id=row["author_id"], text=row["text"], status=row["status"],
                    hidden=bool(row["hidden"]), created_at=row["created_at"], answered_at=row["answered_at"],
                    votes=votes, upvoted=upvoted, mine=viewer_id is not None and row["author_id"] == viewer_id)


def _open_step(conn: Connection, wrow: Mapping[str, Any]) -> Mapping[str, Any]:
    """The agenda row the facilitator has opened, if participants may ask during it."""
    steps = conn.execute(select(s.agenda.c.id, s.agenda.c.step).where(s.agenda.c.workshop_id == wrow["id"])
                         .order_by(s.agenda.c.position)).mappings().all()
    if not steps:
        raise NotAllowed("Questions can be asked only during a presentation or a questions step.")
    row = steps[min(wrow["phase_index"], len(steps) - 1)]
    if row["step"] not in ASKING_STEPS:
        raise NotAllowed("Questions can be asked only during a presentation or a questions step.")
    return row


def _question_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("question", "must be a question number.")
    return value


def _question_row(conn: Connection, workshop_id: int, question_id: Any) -> Mapping[str, Any]:
    """The question if it belongs to this workshop (a forged id of another workshop is not found)."""
    row = conn.execute(select(s.questions).where(s.questions.c.id == _question_id(question_id),
                                                 s.questions.c.workshop_id == workshop_id)).mappings().first()
    if row is None:
        raise NotFound("There is no question number {number} in this workshop.", number=question_id)
    return row


def _count(conn: Connection, question_id: int) -> int:
    return conn.execute(select(func.count()).select_from(s.question_votes).where(
        s.question_votes.c.question_id == question_id, s.question_votes.c.withdrawn_at.is_(None))).scalar_one()


def _standing_upvote(conn: Connection, question_id: int, participant_id: int) -> int | None:
    return conn.execute(select(s.question_votes.c.id).where(
        s.question_votes.c.question_id == question_id, s.question_votes.c.participant_id == participant_id,
        s.question_votes.c.withdrawn_at.is_(None))).scalar()


def _read(conn: Connection, question_id: int, viewer_id: int | None = None) -> Question:
    row = conn.execute(select(s.questions).where(s.questions.c.id == question_id)).mappings().one()
    upvoted = viewer_id is not None and _standing_upvote(conn, question_id, viewer_id) is not None
    return question_from_row(row, _count(conn, question_id), viewer_id=viewer_id, upvoted=upvoted)


def ask_question(db: Database, code: str, token: str, text: str) -> Question:
    """Participant: ask a question in the open presentation or questions step (checked here)."""
    text = check_question_text(text)
    rates.precheck("question", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        step = _open_step(conn, wrow)
        rates.take(conn, wrow["id"], prow["id"], "question", token=token)  # rolled back with a failed post
        stamp = now()
        qid = conn.execute(s.questions.insert().values(
            workshop_id=wrow["id"], agenda_id=step["id"], group_id=groups.participant_group(conn, prow["id"]),
            author_id=prow["id"], text=text, status="open", hidden=False, created_at=stamp, updated_at=stamp,
        )).inserted_primary_key[0]
        bump(conn, wrow["id"], TOPIC)
        return _read(conn, qid, prow["id"])


def _voter(conn: Connection, code: str, token: str, question_id: Any) -> tuple[Mapping, Mapping, Mapping]:
    """(workshop, participant, question) rows for an upvote, its share of posts taken."""
    wrow, prow = require_participant(conn, code, token)
    row = _question_row(conn, wrow["id"], question_id)
    if row["hidden"]:
        raise NotFound("That question is no longer shown.")
    rates.take(conn, wrow["id"], prow["id"], "question upvote", token=token)  # locks the participant's row
    return wrow, prow, row


def upvote_question(db: Database, code: str, token: str, question_id: int) -> Question:
    """Participant: upvote someone else's question, once."""
    rates.precheck("question upvote", token)
    with db.write() as conn:
        wrow, prow, row = _voter(conn, code, token, question_id)
        if row["author_id"] == prow["id"]:
            raise NotAllowed("You cannot upvote your own question.")
        if _standing_upvote(conn, row["id"], prow["id"]) is not None:
            raise NotAllowed("You have already upvoted this question.")
        conn.execute(s.question_votes.insert().values(workshop_id=wrow["id"], question_id=row["id"],
                                                      participant_id=prow["id"], created_at=now()))
        bump(conn, wrow["id"], TOPIC)
        return _read(conn, row["id"], prow["id"])


def withdraw_upvote(db: Database, code: str, token: str, question_id: int) -> Question:
    """Participant: take back their upvote of a question (the row stays, stamped)."""
    rates.precheck("question upvote", token)
    with db.write() as conn:
        wrow, prow, row = _voter(conn, code, token, question_id)
        standing = _standing_upvote(conn, row["id"], prow["id"])
        if standing is None:
            raise NotFound("You have not upvoted this question.")
        conn.execute(s.question_votes.update().where(s.question_votes.c.id == standing).values(withdrawn_at=now()))
        bump(conn, wrow["id"], TOPIC)
        return _read(conn, row["id"], prow["id"])


def mark_question(db: Database, code: str, key: str | None, question_id: int, status: str) -> Question:
    """Facilitator (a group facilitator: its group's questions): mark a question open, being answered or
    answered. Only one is being answered at a time: marking another one marks the one before answered."""
    if status not in STATUSES:
        raise InvalidValue("question status", "must be one of {allowed}.", allowed=", ".join(STATUSES))
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        advisory_lock(conn, "answering", wrow["id"])  # two consoles at once on a server: still one being answered
        row = _question_row(conn, wrow["id"], question_id)
        check_moderates(scope, row["group_id"])
        stamp = now()
        if status == "answering":
            conn.execute(s.questions.update().where(
                s.questions.c.workshop_id == wrow["id"], s.questions.c.status == "answering",
                s.questions.c.id != row["id"]).values(status="answered", answered_at=stamp, updated_at=stamp))
        history.keep(conn, wrow["id"], "questions", row, "facilitator", fields=("status", "answered_at"), at=stamp)
        conn.execute(s.questions.update().where(s.questions.c.id == row["id"]).values(
            status=status, answered_at=stamp if status == "answered" else None, updated_at=stamp))
        bump(conn, wrow["id"], TOPIC)
        return _read(conn, row["id"])


def set_question_hidden(db: Database, code: str, key: str | None, question_id: int, hidden: bool = True) -> Question:
    """Facilitator (a group facilitator: its group's questions): hide a question from participants and the
    presenter, or show it again; it stays in the data and the export."""
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        row = _question_row(conn, wrow["id"], question_id)
        check_moderates(scope, row["group_id"])
        stamp = now()
        history.keep(conn, wrow["id"], "questions", row, "facilitator", fields=("hidden", "status"), at=stamp)
        values: dict[str, Any] = {"hidden": bool(hidden), "updated_at": stamp}
        if hidden and row["status"] == "answering":
            values["status"] = "open"  # a hidden question is not on the big screen
        conn.execute(s.questions.update().where(s.questions.c.id == row["id"]).values(**values))
        bump(conn, wrow["id"], TOPIC)
        return _read(conn, row["id"])


# --- reading --------------------------------------------------------------------------------


def list_questions(db: Database, workshop_id: int, *, agenda_id: int | Collection[int] | None = None,
                   viewer_id: int | None = None, include_hidden: bool = False) -> list[Question]:
    """The questions of a workshop (of the agenda steps ``agenda_id``: one id or several), most upvoted first,
    then oldest.

    Participants and the presenter never see hidden ones; the console passes ``include_hidden``.
    ``viewer_id`` marks the viewer's own questions and upvotes.
    """
    with db.read() as conn:
        return questions_in(conn, workshop_id, agenda_id=agenda_id, viewer_id=viewer_id, include_hidden=include_hidden)


def questions_in(conn: Connection, workshop_id: int, *, agenda_id: int | Collection[int] | None = None,
                 viewer_id: int | None = None, include_hidden: bool = True) -> list[Question]:
    """:func:`list_questions` inside the caller's transaction (the exports read it there)."""
    query = select(s.questions).where(s.questions.c.workshop_id == workshop_id)
    if agenda_id is not None:
        ids = [agenda_id] if isinstance(agenda_id, int) else list(agenda_id)
        query = query.where(s.questions.c.agenda_id.in_(ids))
    if not include_hidden:
        query = query.where(s.questions.c.hidden.is_(False))
    rows = conn.execute(query).mappings().all()
    counts = dict(conn.execute(select(s.question_votes.c.question_id, func.count()).where(
        s.question_votes.c.workshop_id == workshop_id, s.question_votes.c.withdrawn_at.is_(None))
        .group_by(s.question_votes.c.question_id)).all())
    mine: set[int] = set()
    if viewer_id is not None:
        mine = set(conn.execute(select(s.question_votes.c.question_id).where(
            s.question_votes.c.participant_id == viewer_id, s.question_votes.c.withdrawn_at.is_(None))).scalars())
    return ranked([question_from_row(r, counts.get(r["id"], 0), viewer_id=viewer_id, upvoted=r["id"] in mine)
                   for r in rows])


def answering_question(db: Database, workshop_id: int) -> Question | None:
    """The question being answered now (None when there is none, or it is hidden)."""
    with db.read() as conn:
        qid = conn.execute(select(s.questions.c.id).where(
            s.questions.c.workshop_id == workshop_id, s.questions.c.status == "answering",
            s.questions.c.hidden.is_(False)).order_by(s.questions.c.updated_at.desc()).limit(1)).scalar()
        return _read(conn, qid) if qid is not None else None


# --- inside another transaction (forget, merging two participants) --------------------------


def erase_text(conn: Connection, workshop_id: int, author_id: int, at: datetime, marker: str) -> list[int]:
    """Replace the text of the questions ``author_id`` asked (forget); returns their ids."""
    ids = list(conn.execute(select(s.questions.c.id).where(s.questions.c.workshop_id == workshop_id,
                                                           s.questions.c.author_id == author_id)).scalars())
    if ids:
        conn.execute(s.questions.update().where(s.questions.c.id.in_(ids)).values(text=marker, updated_at=at))
    return ids


def move_author(conn: Connection, workshop_id: int, from_id: int, to_id: int, at: datetime) -> int:
    """Two participants merged: ``from_id``'s questions and upvotes become ``to_id``'s; how many questions.

    Still one upvote per person and question, never on one's own: an upvote of ``from_id`` on a question
    ``to_id`` upvoted or asked (or the other way round) is taken back first.
    """
    moved = conn.execute(s.questions.update().where(s.questions.c.workshop_id == workshop_id,
                                                    s.questions.c.author_id == from_id)
                         .values(author_id=to_id, updated_at=at)).rowcount
    v = s.question_votes
    own = select(s.questions.c.id).where(s.questions.c.author_id == to_id)
    kept = select(v.c.question_id).where(v.c.participant_id == to_id, v.c.withdrawn_at.is_(None))
    conn.execute(v.update().where(v.c.participant_id == from_id, v.c.withdrawn_at.is_(None),
                                  v.c.question_id.in_(kept.union(own))).values(withdrawn_at=at))
    conn.execute(v.update().where(v.c.participant_id == to_id, v.c.withdrawn_at.is_(None),
                                  v.c.question_id.in_(own)).values(withdrawn_at=at))
    conn.execute(s.question_votes.update().where(s.question_votes.c.workshop_id == workshop_id,
                                                 s.question_votes.c.participant_id == from_id)
                 .values(participant_id=to_id))
    return moved


def check_material(conn: Connection, workshop_id: int, settings: Mapping[str, Any]) -> None:
    """A step's settings may name one of the workshop's materials (a presentation's); refuse any other."""
    material = settings.get("material_id")
    if material is not None and conn.execute(select(s.materials.c.id).where(
            s.materials.c.id == material, s.materials.c.workshop_id == workshop_id)).first() is None:
        raise NotFound("There is no material number {material_id} in this workshop.", material_id=material)
