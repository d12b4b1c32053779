"""Poll answers (issue 24): answering a poll step, changing the answer, reading the results.

The one writer of ``poll_answers``. A poll is an agenda row of step ``poll``; its question and
options are that row's settings (written through :func:`facilitation.store.set_step_settings`).
One answer per participant per poll: changing it UPDATES the row (``answered_at`` moves) and the
earlier answer is kept in ``history``. Answers are taken only while the poll is the open step:
once the facilitator moves on they are refused with a sentence. Every answer is checked here
against the stored settings (an option that does not exist, a second choice in a single-choice
poll, more choices than the maximum, a poll of another workshop), whatever the page sent; the
participant's group is the store's, never the page's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from facilitation.domain import polls as P
from facilitation.domain.errors import NotAllowed, NotFound
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.store import agenda_rows, groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import require_participant, workshop_row
from facilitation.store.agenda_edit import set_step_settings
from facilitation.store.db import Database, bump, now
from facilitation.store.groups_read import in_group


@dataclass(frozen=True)
class PollAnswer:
    """One participant's answer to one poll."""

    id: int
    workshop_id: int
    agenda_id: int
    participant_id: int
    group_id: int | None
    choices: tuple[int, ...]
    words: tuple[str, ...]
    answered_at: datetime


def _answer(row: Mapping[str, Any]) -> PollAnswer:
    return PollAnswer(id=row["id"], workshop_id=row["workshop_id"], agenda_id=row["agenda_id"],
                      participant_id=row["participant_id"], group_id=row["group_id"],
                      choices=tuple(int(c) for c in row["choices"] or ()), words=tuple(row["words"] or ()),
                      answered_at=row["answered_at"])


def _poll_row(conn: Connection, workshop_id: int, agenda_id: Any) -> Mapping[str, Any]:
    """The agenda row of poll ``agenda_id`` in this workshop, or :class:`NotFound` (another workshop's too)."""
    if isinstance(agenda_id, bool) or not isinstance(agenda_id, int):
        raise NotFound("There is no such poll in this workshop.")
    row = conn.execute(select(s.agenda).where(s.agenda.c.id == agenda_id, s.agenda.c.workshop_id == workshop_id,
                                              s.agenda.c.step == "poll")).mappings().first()
    if row is None:
        raise NotFound("There is no such poll in this workshop.")
    return row


def _is_open(conn: Connection, wrow: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """True while ``row`` is the step the facilitator has opened."""
    return row["position"] == min(wrow["phase_index"], agenda_rows.count(conn, wrow["id"]) - 1)


def answer_poll(db: Database, code: str, token: str | None, agenda_id: int, *, choices: Any = (),
                words: Any = ()) -> PollAnswer:
    """Participant: answer poll ``agenda_id`` (option indexes, a rating's point, or word-cloud entries),
    or change the answer given before. Refused once the facilitator has moved on from the poll."""
    rates.precheck("poll answer", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        row = _poll_row(conn, wrow["id"], agenda_id)
        if not _is_open(conn, wrow, row):
            raise NotAllowed("This poll is not open: answers are taken only while the facilitator has it open.")
        picked, entries = P.check_answer(P.poll_settings(row["settings"]), choices, words)
        rates.take(conn, wrow["id"], prow["id"], "poll answer", token=token)
        table = s.poll_answers
        mine = (table.c.agenda_id == row["id"], table.c.participant_id == prow["id"])
        old = conn.execute(select(table).where(*mine)).mappings().first()
        stamp = now()
        values = {"choices": list(picked), "words": list(entries), "answered_at": stamp, "updated_at": stamp,
                  "group_id": groups.participant_group(conn, prow["id"])}
        if old is None:
            conn.execute(s.poll_answers.insert().values(workshop_id=wrow["id"], agenda_id=row["id"], participant_id=prow["id"],
                                               created_at=stamp, **values))
        else:
            history.keep(conn, wrow["id"], "poll_answers", old, f"participant {prow['id']}",
                         fields=("choices", "words", "group_id", "answered_at"), at=stamp)
            conn.execute(s.poll_answers.update().where(*mine).values(**values))
        bump(conn, wrow["id"], "polls")
        return _answer(conn.execute(select(table).where(*mine)).mappings().one())


def set_results_shown(db: Database, code: str, key: str | None, agenda_id: int, shown: bool) -> P.PollSettings:
    """Facilitator: show the results to participants once they answered, or hide them (the poll's settings)."""
    with db.read() as conn:
        row = _poll_row(conn, workshop_row(conn, code)["id"], agenda_id)
    raw = dict(row["settings"] or {})
    raw["show_results"] = bool(shown)
    item = set_step_settings(db, code, key, row["position"], raw)  # checks the key and the settings
    return P.poll_settings(item.settings)


def my_answer(db: Database, agenda_id: int, participant_id: int | None) -> PollAnswer | None:
    """The participant's answer to poll ``agenda_id`` (None when they have not answered)."""
    if participant_id is None:
        return None
    with db.read() as conn:
        row = conn.execute(select(s.poll_answers).where(s.poll_answers.c.agenda_id == agenda_id,
                                                        s.poll_answers.c.participant_id == participant_id)
                           ).mappings().first()
    return _answer(row) if row is not None else None


def poll_answers(db: Database, workshop_id: int, agenda_id: int | None = None,
                 group_id: GroupFilter = ALL_GROUPS) -> list[PollAnswer]:
    """A workshop's poll answers (one poll's with ``agenda_id``; one group's with ``group_id``), oldest first."""
    query = select(s.poll_answers).where(s.poll_answers.c.workshop_id == workshop_id).order_by(s.poll_answers.c.id)
    if agenda_id is not None:
        query = query.where(s.poll_answers.c.agenda_id == agenda_id)
    scope = in_group(s.poll_answers.c.group_id, group_id)
    if scope is not None:
        query = query.where(scope)
    with db.read() as conn:
        return [_answer(r) for r in conn.execute(query).mappings().all()]


def poll_results(db: Database, workshop_id: int, agenda_id: int, settings: P.PollSettings,
                 group_id: GroupFilter = ALL_GROUPS) -> P.PollResults:
    """The results of poll ``agenda_id`` for the room (or one group) under ``settings``."""
    return P.results(settings, ((a.choices, a.words) for a in poll_answers(db, workshop_id, agenda_id, group_id)))


def results_by_group(db: Database, workshop_id: int, agenda_id: int,
                     settings: P.PollSettings) -> dict[int | None, P.PollResults]:
    """Each group's results (key None: answers given outside any group); empty without groups."""
    answers = poll_answers(db, workshop_id, agenda_id)
    keys = {a.group_id for a in answers}
    if keys <= {None}:
        return {}
    return {g: P.results(settings, ((a.choices, a.words) for a in answers if a.group_id == g))
            for g in sorted(keys, key=lambda k: (k is None, k or 0))}


def polls(db: Database, workshop_id: int) -> list[tuple[int, int, P.PollSettings]]:
    """The workshop's polls as (agenda id, position, settings), in agenda order."""
    with db.read() as conn:
        rows = conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == workshop_id, s.agenda.c.step == "poll")
                            .order_by(s.agenda.c.position)).mappings().all()
    return [(r["id"], r["position"], P.poll_settings(r["settings"])) for r in rows]
