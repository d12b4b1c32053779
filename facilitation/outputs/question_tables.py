"""The exported table of questions from the room (issue 24): ``questions.csv``.

:func:`tables` describes it for the data dictionary (given the dictionary's own builders, so this module
imports nothing of it); :func:`workshop_rows` gives one workshop's rows for the export and the report.
Hidden questions stay in the file (``status`` = hidden). Authors show as the workshop's naming mode lets
others see them (the pseudonym, or "Participant N" when anonymous); the display name only with names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitation import store
from facilitation.domain.questions import EXPORT_STATUSES
from facilitation.domain.records import Workshop
from facilitation.domain.steps import BY_NAME

Row = dict[str, Any]
NAMES = ("questions",)


def tables(C: Callable[..., Any], table: Callable[..., Any], group: Callable[[str], tuple]) -> tuple:
    """``questions``, built with the dictionary's ``Column`` (``C``), table maker and group columns."""
    return (
        table("questions", "questions.csv", "Questions participants asked in questions and presentation steps, "
                                            "with their upvotes and the facilitator's marks (issue 24)",
              C("id", "integer", "The question's number in the database"),
              C("agenda_id", "integer", "The agenda step (row) it was asked in"),
              C("step", "text", "That step's title (else the kind of step)"),
              *group("the asker was in"),
              C("asked_at", "datetime", "When it was asked"),
              C("author", "text", "Who asked: the pseudonym, or Participant N when the workshop is anonymous"),
              C("author_name", "text", "The asker's display name (personal data)", names_only=True),
              C("text", "text", "The question"),
              C("votes", "integer", "Upvotes standing (each participant once; taken-back ones do not count)"),
              C("status", "text", "open, answering (being answered now), answered, or hidden (moderated: not "
                                  "shown to participants and presenter)", values=EXPORT_STATUSES),
              C("answered_at", "datetime", "When the facilitator marked it answered (empty: not answered)")),
    )


def workshop_rows(db: store.Database, workshop: Workshop, *, shape: Callable[[str, Row], Row],
                  grouped: Callable[[int | None], Row], name: Callable[[int | None], str]) -> dict[str, list[Row]]:
    """``questions`` rows of one workshop in the order asked, each given to the export's ``shape`` (its columns
    as the dictionary lists them)."""
    items = {i.id: i for i in store.agenda(db, workshop.id)}

    def step(agenda_id: int) -> str:
        item = items.get(agenda_id)
        return (item.title or BY_NAME[item.step].label) if item is not None and item.step in BY_NAME else ""

    anonymous = store.naming_mode(workshop) == "anonymous"
    people = {p.id: (n, p) for n, p in enumerate(store.participants(db, workshop.id), start=1)}

    def author(pid: int) -> str:
        if pid not in people:
            return ""
        n, person = people[pid]
        return f"Participant {n}" if anonymous else person.pseudonym

    asked = sorted(store.list_questions(db, workshop.id, include_hidden=True), key=lambda q: q.id or 0)
    rows = [{"id": q.id, "agenda_id": q.agenda_id, "step": step(q.agenda_id), **grouped(q.group_id),
             "asked_at": q.created_at, "author": author(q.author_id), "author_name": name(q.author_id),
             "text": q.text, "votes": q.votes, "status": q.shown_status, "answered_at": q.answered_at} for q in asked]
    return {"questions": [shape("questions", r) for r in rows]}
