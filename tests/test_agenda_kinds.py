"""Issue 24, the agenda in the store: a step of any kind at any position, its kind's settings checked
through ``SETTINGS_CHECKS``, planned start times, and forged values refused with nothing changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from conftest import TOKEN_A
from sqlalchemy import select

from facilitation import store
from facilitation.domain import step_settings
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.steps import STEPS
from facilitation.store import schema as s


def check_demo(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A kind's settings check as the kinds write theirs: a question (required) and up to 5 options."""
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise InvalidValue("question", "must be written.")
    options = raw.get("options", [])
    if not isinstance(options, list) or len(options) > 5 or not all(isinstance(o, str) for o in options):
        raise InvalidValue("options", "must be at most 5 texts.")
    return {"question": question.strip(), "options": [o.strip() for o in options]}


@pytest.fixture
def demo_kind(monkeypatch):
    """The vote step given settings checked by :func:`check_demo` (resolved as "module:function")."""
    monkeypatch.setitem(step_settings.SETTINGS_CHECKS, "vote", f"{__name__}:check_demo")
    return "vote"


def steps(w) -> list[str]:
    return [i.step for i in store.agenda(w.db, w.id)]


def history_rows(w) -> list[Mapping[str, Any]]:
    with w.db.read() as conn:
        return list(conn.execute(select(s.history).where(s.history.c.workshop_id == w.id,
                                                         s.history.c.table_name == "agenda")).mappings())


def unchanged(w, call, error=InvalidValue, match: str | None = None) -> None:
    before = (store.agenda(w.db, w.id), store.get_workshop(w.db, w.code), w.db.revisions(w.id))
    with pytest.raises(error, match=match):
        call()
    assert (store.agenda(w.db, w.id), store.get_workshop(w.db, w.code), w.db.revisions(w.id)) == before


def test_any_kind_at_any_position(workshop):
    w = workshop
    start = steps(w)
    assert start[-1] == "closed"
    for kind in STEPS:  # every kind of the registry, inserted before "Thank you"
        store.add_agenda_item(w.db, w.code, w.key, step=kind, position=len(steps(w)) - 1, title=f"A {kind}")
    after = steps(w)
    assert after == start[:-1] + list(STEPS) + ["closed"]
    store.add_agenda_item(w.db, w.code, w.key, step="feedback", position=0, title="First of all")
    items = store.agenda(w.db, w.id)
    assert (items[0].step, items[0].title) == ("feedback", "First of all")
    assert [i.position for i in items] == list(range(len(items)))
    assert len({i.id for i in items}) == len(items)


def test_inserting_before_the_open_step_keeps_it_open(workshop):
    w = workshop
    store.set_phase(w.db, w.code, w.key, 2)
    open_before = store.current_step(w.db, store.get_workshop(w.db, w.code))
    store.add_agenda_item(w.db, w.code, w.key, step="vote", position=1)
    workshop_now = store.get_workshop(w.db, w.code)
    assert workshop_now.phase_index == 3
    assert store.current_step(w.db, workshop_now).id == open_before.id
    store.add_agenda_item(w.db, w.code, w.key, step="vote", position=4)  # after it: it stays where it is
    assert store.get_workshop(w.db, w.code).phase_index == 3


def test_settings_are_checked_by_the_kind_and_kept_in_history(workshop, demo_kind):
    w = workshop
    items = store.add_agenda_item(w.db, w.code, w.key, step=demo_kind, position=2,
                                  settings={"question": "  Which first? ", "options": ["Trees", "Bikes"]})
    assert items[2].settings == {"question": "Which first?", "options": ["Trees", "Bikes"]}
    item = store.set_step_settings(w.db, w.code, w.key, 2, {"question": "Which one?", "options": ["Trees"]})
    assert item.settings == {"question": "Which one?", "options": ["Trees"]}
    assert store.agenda(w.db, w.id)[2].settings == item.settings
    kept = history_rows(w)
    assert kept and kept[-1]["before"]["settings"] == {"question": "Which first?", "options": ["Trees", "Bikes"]}
    revision = w.db.revisions(w.id)
    store.set_step_settings(w.db, w.code, w.key, 2, {"question": "Which one?", "options": ["Trees"]})
    assert w.db.revisions(w.id) == revision  # nothing changed: no history, no bump
    assert len(history_rows(w)) == len(kept)


@pytest.mark.parametrize("settings, match", [
    ({"question": ""}, "question"),
    ({"question": "Q", "options": ["a"] * 6}, "options"),
    ({"question": "Q", "options": "not a list"}, "options"),
    ("a string", "step settings"),
    ({"question": "x" * 30_000}, "too long"),
])
def test_forged_settings_are_refused_and_change_nothing(workshop, demo_kind, settings, match):
    w = workshop
    store.add_agenda_item(w.db, w.code, w.key, step=demo_kind, settings={"question": "Fine"})
    position = len(steps(w)) - 1
    unchanged(w, lambda: store.set_step_settings(w.db, w.code, w.key, position, settings), match=match)
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step=demo_kind, settings=settings), match=match)


def test_a_kind_without_settings_takes_none(workshop):
    w = workshop
    assert "feedback" not in step_settings.SETTINGS_CHECKS
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step="feedback", settings={"x": 1}),
              match="no settings")
    unchanged(w, lambda: store.set_step_settings(w.db, w.code, w.key, 1, {"anything": True}), match="no settings")
    store.set_step_settings(w.db, w.code, w.key, 1, {})  # empty is fine


def test_start_times_on_add_and_update(workshop):
    w = workshop
    items = store.add_agenda_item(w.db, w.code, w.key, step="vote", position=1, starts_at="09:30")
    assert items[1].starts_at == "09:30"
    items = store.update_agenda_item(w.db, w.code, w.key, 1, starts_at="14:05")
    assert items[1].starts_at == "14:05"
    assert history_rows(w)[-1]["before"]["starts_at"] == "09:30"
    items = store.update_agenda_item(w.db, w.code, w.key, 1, starts_at="")
    assert items[1].starts_at == ""
    for bad in ("25:00", "9.30", "noon", 930):
        unchanged(w, lambda bad=bad: store.update_agenda_item(w.db, w.code, w.key, 1, starts_at=bad),
                  match="time of day")
        unchanged(w, lambda bad=bad: store.add_agenda_item(w.db, w.code, w.key, step="vote", starts_at=bad),
                  match="time of day")


def test_forged_positions_kinds_and_keys_are_refused(workshop, demo_kind):
    w = workshop
    n = len(steps(w))
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step="vote", position=n + 1), match="position")
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step="vote", position=-1), match="position")
    unchanged(w, lambda: store.add_agenda_item(w.db, w.code, w.key, step="rocket", position=1), match="agenda step")
    unchanged(w, lambda: store.set_step_settings(w.db, w.code, w.key, n + 3, {}), match="step number")
    store.join(w.db, w.code, TOKEN_A, "Anna")
    for key in (TOKEN_A, "not-a-key", ""):
        unchanged(w, lambda key=key: store.set_step_settings(w.db, w.code, key, 1, {"question": "Q"}),
                  error=NotAllowed)
        unchanged(w, lambda key=key: store.add_agenda_item(w.db, w.code, key, step="vote", position=1),
                  error=NotAllowed)
    other = store.create_workshop(w.db, title="Other", city="Lodz")
    unchanged(w, lambda: store.set_step_settings(w.db, w.code, other.key, 1, {"question": "Q"}), error=NotAllowed)


def test_a_real_kind_checks_its_settings(workshop):
    """The poll's own check (listed in SETTINGS_CHECKS) keeps a good poll and refuses a poll it cannot run."""
    w = workshop
    assert step_settings.checker("poll") is not None
    store.add_agenda_item(w.db, w.code, w.key, step="poll")  # empty settings: filled in later
    position = len(steps(w)) - 1
    item = store.set_step_settings(w.db, w.code, w.key, position,
                                   {"question": "Which first?", "kind": "single", "options": ["Trees", "Bikes"]})
    assert item.settings["question"] == "Which first?" and item.settings["options"] == ["Trees", "Bikes"]
    for forged in ({"question": "", "kind": "single", "options": ["a", "b"]},
                   {"question": "Q", "kind": "single", "options": ["only one"]},
                   {"question": "Q", "kind": "launch"}):
        unchanged(w, lambda forged=forged: store.set_step_settings(w.db, w.code, w.key, position, forged))


def test_the_printable_agenda_uses_start_times_when_given(workshop):
    w = workshop
    items = store.agenda(w.db, w.id)
    assert f"0–{items[0].minutes} min" in store.agenda_html(w.db, w.code)
    store.update_agenda_item(w.db, w.code, w.key, 1, starts_at="09:30")
    page = store.agenda_html(w.db, w.code)
    first = items[1].minutes
    end = 9 * 60 + 30 + first
    assert f"09:30–{end // 60:02d}:{end % 60:02d}" in page  # the given start
    after = end + items[2].minutes
    assert f"{end // 60:02d}:{end % 60:02d}–{after // 60:02d}:{after % 60:02d}" in page  # follows from it
    assert f"0–{items[0].minutes} min" in page  # before any start time: minutes
