"""The exported tables of poll steps (issue 24): ``polls.csv`` (one row per poll step) and
``poll_answers.csv`` (one row per participant's answer, as last changed).

:func:`tables` describes them for the data dictionary (given the dictionary's own builders, so this
module imports nothing of it); :func:`workshop_rows` gives one workshop's rows for the export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitation import store
from facilitation.domain import polls as P
from facilitation.domain.records import Workshop

Row = dict[str, Any]
NAMES = ("polls", "poll_answers")
OPTION_SEPARATOR = " | "


def tables(C: Callable[..., Any], table: Callable[..., Any], group: Callable[[str], tuple]) -> tuple:
    """The two tables, built with the dictionary's ``Column`` (``C``), table maker and group columns."""
    return (
        table("polls", "polls.csv", "Poll steps of the agenda: the question, its kind and options (issue 24)",
              C("id", "integer", "The poll's agenda step (row) number in the database"),
              C("step", "text", "The step's title on the agenda"),
              C("position", "integer", "Its place on the agenda (0 = first step)"),
              C("question", "text", "The question asked"),
              C("kind", "text", "single (one option), multiple (several options), rating (a point of a "
                                "1..scale scale) or words (a word cloud)", values=P.KINDS),
              C("options", "text", "The options in order, separated by ' | ' (choice kinds; empty otherwise)"),
              C("max_choices", "integer", "Multiple choice: the most options one person could choose (0 = no limit)"),
              C("scale", "integer", "Rating: the number of points (empty for other kinds)"),
              C("low_label", "text", "Rating: the label of point 1"),
              C("high_label", "text", "Rating: the label of the highest point"),
              C("show_results", "boolean", "true when participants saw the results after answering"),
              C("answers", "integer", "How many participants answered")),
        table("poll_answers", "poll_answers.csv", "Each participant's answer to each poll, as last changed (issue 24); "
              "earlier answers are in the database's history",
              C("id", "integer", "The answer's number in the database"),
              C("poll_id", "integer", "The poll it answers", refers_to="polls"),
              C("question", "text", "That poll's question"),
              C("participant", "text", "Who answered, as the workshop's naming mode shows them (pseudonym or "
                                       "Participant N)"),
              C("participant_name", "text", "The participant's display name (personal data)", names_only=True),
              *group("the participant was in when answering"),
              C("answer", "text", "The answer as text: the options chosen, the rating's point, or the word cloud's "
                                  "entries, separated by '; '"),
              C("choices", "list", "The options chosen by their index from 0 (a rating: the point 1..scale; "
                                   "empty for a word cloud)"),
              C("answered_at", "datetime", "When the answer was given or last changed")),
    )


def workshop_rows(db: store.Database, workshop: Workshop, *, shape: Callable[[str, Row], Row],
                  grouped: Callable[[int | None], Row], name: Callable[[int | None], str]) -> dict[str, list[Row]]:
    """``polls`` and ``poll_answers`` rows of one workshop, each made an export row by ``shape``."""
    anonymous = store.naming_mode(workshop) == "anonymous"
    people = {p.id: (n, p) for n, p in enumerate(store.participants(db, workshop.id), start=1)}

    def label(pid: int) -> str:
        if pid not in people:
            return ""
        n, person = people[pid]
        return f"Participant {n}" if anonymous else person.pseudonym

    titles = {i.id: i.title for i in store.agenda(db, workshop.id)}
    answers = store.poll_answers(db, workshop.id)
    polls, rows = [], []
    settings_of: dict[int, P.PollSettings] = {}
    for agenda_id, position, s in store.polls(db, workshop.id):
        settings_of[agenda_id] = s
        polls.append({"id": agenda_id, "step": titles.get(agenda_id, ""), "position": position,
                      "question": s.question, "kind": s.kind, "options": OPTION_SEPARATOR.join(s.options),
                      "max_choices": s.max_choices if s.kind == "multiple" else None,
                      "scale": s.scale if s.kind == "rating" else None,
                      "low_label": s.low_label, "high_label": s.high_label, "show_results": s.show_results,
                      "answers": sum(1 for a in answers if a.agenda_id == agenda_id)})
    for a in answers:
        s = settings_of.get(a.agenda_id, P.PollSettings())
        rows.append({"id": a.id, "poll_id": a.agenda_id, "question": s.question, "participant": label(a.participant_id),
                     "participant_name": name(a.participant_id), **grouped(a.group_id),
                     "answer": P.answer_text(s, a.choices, a.words), "choices": list(a.choices),
                     "answered_at": a.answered_at})
    return {"polls": [shape("polls", r) for r in polls], "poll_answers": [shape("poll_answers", r) for r in rows]}
