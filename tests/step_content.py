"""Every step kind of the registry in one workshop, each with something to show.

The accessibility walk, the keyboard walk and the phone overflow walk go through
:data:`facilitation.domain.steps.STEPS`; a workshop's agenda holds only some kinds, so
:func:`add_every_step` adds the missing ones (before the closing step), and :func:`fill` gives the
step just opened some content through its kind's store API (a question, a poll's settings and
answers, a note, a decision, a speaker). A kind without an entry in :data:`FILLERS` is shown as
it is: a new kind gets a filler here when an empty view would test nothing.
"""

from __future__ import annotations

from typing import Callable, Sequence

from facilitation import store
from facilitation.domain import steps


def add_every_step(db: store.Database, code: str, key: str) -> list[str]:
    """Add each registry step the agenda lacks, before its closing step; returns the names added."""
    wid = store.get_workshop(db, code).id
    have = {item.step for item in store.agenda(db, wid)}
    missing = [name for name in steps.STEPS if name not in have]
    for name in missing:
        items = store.agenda(db, wid)
        closing = next((n for n, item in enumerate(items) if item.step == steps.CLOSED), None)
        store.add_agenda_item(db, code, key, step=name, minutes=5, position=closing)
    return missing


def _position(db: store.Database, code: str, step: str) -> tuple[int, int]:
    """(position, agenda id) of the first agenda item of ``step``."""
    items = store.agenda(db, store.get_workshop(db, code).id)
    item = next(i for i in items if i.step == step)
    return item.position, item.id


def _presentation(db: store.Database, code: str, key: str, tokens: Sequence[str]) -> None:
    position, _ = _position(db, code, "presentation")
    store.set_step_settings(db, code, key, position, {
        "speaker_name": "Ana Sousa", "speaker_organisation": "Câmara Municipal", "speaker_city": "Lisboa",
        "title": "Shaded school routes"})


def _questions(db: store.Database, code: str, key: str, tokens: Sequence[str]) -> None:
    asked = store.ask_question(db, code, tokens[0], "How did you pay for the shade sails?")
    for token in tokens[1:]:
        store.upvote_question(db, code, token, asked.id)
    store.ask_question(db, code, tokens[-1], "Who maintains them in winter?")


def _poll(db: store.Database, code: str, key: str, tokens: Sequence[str]) -> None:
    position, agenda_id = _position(db, code, "poll")
    store.set_step_settings(db, code, key, position, {
        "question": "Which measure would your city try first?", "kind": "single",
        "options": ["Rain gardens", "Shade sails", "Green roofs"]})
    store.answer_poll(db, code, tokens[0], agenda_id, choices=[1])


def _discussion(db: store.Database, code: str, key: str, tokens: Sequence[str]) -> None:
    store.add_note(db, code, key, text="Lisbon: the school routes were chosen with the parents' council.")
    store.add_contribution(db, code, tokens[0], text="We could replicate the parents' council.")


def _decisions(db: store.Database, code: str, key: str, tokens: Sequence[str]) -> None:
    store.add_decision(db, code, key, "The cohort meets again in June.")
    store.add_action(db, code, key, text="Share the shade-sail tender", owner="Lisboa")


Filler = Callable[[store.Database, str, str, Sequence[str]], None]
FILLERS: dict[str, Filler] = {"presentation": _presentation, "questions": _questions, "poll": _poll,
                              "discussion": _discussion, "decisions": _decisions}


def fill(db: store.Database, code: str, key: str, step: str, tokens: Sequence[str]) -> None:
    """Give the open ``step`` its content (participants ``tokens`` have joined); a no-op for other kinds."""
    filler = FILLERS.get(step)
    if filler is not None:
        filler(db, code, key, tokens)
