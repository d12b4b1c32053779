"""The exported tables of discussion and decisions steps (issue 24): ``notes.csv`` and ``decisions.csv``.

:func:`tables` describes them for the data dictionary (it is given the dictionary's own builders,
so this module imports nothing of it); :func:`workshop_rows` gives one workshop's rows for the
export, and the workshop's action items for its report (``ACTIONS_KEY``: not a CSV of the workshop
export; they are written to the programme export's ``actions.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitation import store
from facilitation.domain.notes import NOTE_KINDS
from facilitation.domain.records import Workshop
from facilitation.domain.steps import BY_NAME

Row = dict[str, Any]
NAMES = ("notes", "decisions")
ACTIONS_KEY = "meeting_actions"  # rows for the report only


def tables(C: Callable[..., Any], table: Callable[..., Any], group: Callable[[str], tuple]) -> tuple:
    """The two tables, built with the dictionary's ``Column`` (``C``), table maker and group columns."""
    step = (C("agenda_id", "integer", "The agenda step (row) it was written in"),
            C("step", "text", "That step's title (else the kind of step)"))
    return (
        table("notes", "notes.csv", "Notes and contributions of the discussion steps, take-aways by city (issue 24)",
              C("id", "integer", "The note's number in the database"), *step, *group("the contributor was in"),
              C("author", "text", "Who wrote it: the participant as the workshop's naming mode shows them "
                                  "(pseudonym or Participant N), or the role of a note's writer (facilitator, "
                                  "note-taker)"),
              C("author_name", "text", "The contributor's display name (personal data)", names_only=True),
              C("organisation", "text", "The contributor's organisation (empty for a note)"),
              C("note_city", "text", "The city it speaks for: the contributor's, or a take-away's"),
              C("kind", "text", "note (facilitator or note-taker), contribution (a participant) or take-away "
                                "(either, for one city)", values=NOTE_KINDS),
              C("text", "text", "What was written"),
              C("created_at", "datetime", "When it was written")),
        table("decisions", "decisions.csv", "Decisions recorded in the decisions steps (issue 24)",
              C("id", "integer", "The decision's number in the database"), *step,
              C("text", "text", "The decision"),
              C("created_at", "datetime", "When it was recorded"),
              C("by", "text", "The role that recorded it (facilitator, co-facilitator, organiser)")),
    )


def workshop_rows(db: store.Database, workshop: Workshop, *, shape: Callable[[str, Row], Row],
                  grouped: Callable[[int | None], Row], name: Callable[[int | None], str]) -> dict[str, list[Row]]:
    """``notes`` and ``decisions`` rows of one workshop, each given to the export's ``shape`` (its columns in
    the dictionary's order, with the workshop's context), and the action items for the report as they are."""
    items = {i.id: i for i in store.agenda(db, workshop.id)}

    def step(agenda_id: int | None) -> Row:
        item = items.get(agenda_id)
        label = (item.title or BY_NAME[item.step].label) if item is not None and item.step in BY_NAME else ""
        return {"agenda_id": agenda_id, "step": label}

    anonymous = store.naming_mode(workshop) == "anonymous"
    people = {p.id: (n, p) for n, p in enumerate(store.participants(db, workshop.id), start=1)}

    def author(pid: int | None, by: str) -> str:
        if pid is None:
            return by
        if pid not in people:
            return ""
        n, person = people[pid]
        return f"Participant {n}" if anonymous else person.pseudonym

    notes = [{"id": n.id, **step(n.agenda_id), **grouped(n.group_id), "author": author(n.participant_id, n.by),
              "author_name": name(n.participant_id) if n.participant_id is not None else "",
              "organisation": n.organisation, "note_city": n.city, "kind": n.kind, "text": n.text,
              "created_at": n.created_at} for n in store.list_notes(db, workshop.code)]
    decisions = [{"id": d.id, **step(d.agenda_id), "text": d.text, "created_at": d.created_at, "by": d.by}
                 for d in store.list_decisions(db, workshop.code)]
    actions = [{"text": a.text, "owner": a.owner, "due": a.due, "done": a.done}
               for a in store.list_actions(db, code=workshop.code)]
    return {"notes": [shape("notes", r) for r in notes], "decisions": [shape("decisions", r) for r in decisions],
            ACTIONS_KEY: actions}
