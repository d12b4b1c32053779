"""The session starts when the facilitator starts it (issue 22, point 6): a new workshop is "not started",
no timer runs and nobody is behind schedule; start, next or a jump starts it; pages wait with the plan."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import TOKEN_A

from facilitation import store
from facilitation.domain.errors import NotAllowed
from facilitation.domain.records import AgendaItem
from facilitation.domain.timer import session_started
from facilitation.ui.pages.console.clock import schedule_delta


def test_a_new_workshop_is_not_started_and_counts_nothing(workshop) -> None:
    w = workshop
    items = store.agenda(w.db, w.id)
    assert not session_started(items) and not store.is_started(w.db, w.id)
    assert all(i.started_at is None for i in items)
    later = datetime.utcnow() + timedelta(minutes=22)  # a meeting nobody started, 22 minutes on
    assert schedule_delta(items, 0, later) == 0.0


def test_starting_opens_the_shown_step_and_counts_from_now(workshop) -> None:
    w = workshop
    before = datetime.utcnow().replace(microsecond=0)
    started = store.start_session(w.db, w.code, w.key)
    items = store.agenda(w.db, w.id)
    assert started.phase_index == 0 and store.is_started(w.db, w.id)
    assert items[0].started_at is not None and items[0].started_at >= before - timedelta(seconds=1)
    assert all(i.started_at is None for i in items[1:])
    again = store.start_session(w.db, w.code, w.key)  # starting twice changes nothing
    assert store.agenda(w.db, w.id)[0].started_at == items[0].started_at and again.phase_index == 0


def test_only_the_facilitator_starts(workshop) -> None:
    w = workshop
    store.join(w.db, w.code, TOKEN_A, "Ann")
    with pytest.raises(NotAllowed):
        store.start_session(w.db, w.code, TOKEN_A)
    assert not store.is_started(w.db, w.id)


def test_next_step_on_a_session_not_started_starts_it(workshop) -> None:
    w = workshop
    moved = store.set_phase(w.db, w.code, w.key, 1)
    items = store.agenda(w.db, w.id)
    assert moved.phase_index == 1 and store.is_started(w.db, w.id) and items[1].started_at is not None
    assert items[0].started_at is None  # the welcome never ran: it counts neither ahead nor behind
    assert schedule_delta(items, 1, datetime.utcnow()) == 0.0


def test_a_jump_to_the_shown_step_starts_it(workshop) -> None:
    w = workshop
    store.set_phase(w.db, w.code, w.key, 0)
    assert store.is_started(w.db, w.id) and store.agenda(w.db, w.id)[0].started_at is not None


def test_workshops_stored_before_count_as_started() -> None:
    """Workshops created before this rule opened their first step when created: they run on as they were."""
    opened = datetime(2026, 3, 1, 9, 0)
    assert session_started([AgendaItem(step="waiting", minutes=5, started_at=opened), AgendaItem("vote", 10)])
    assert not session_started([AgendaItem(step="waiting", minutes=5), AgendaItem("vote", 10)])
    assert not session_started([])


# --- the console and the participant page (widgets, no browser) -------------------------------


def _console(w, **kwargs):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.console import ConsoleApp

    return ConsoleApp(make_context(f"code={w.code}&key={w.key}", db=w.db), **kwargs)


def _participant(w, token: str):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.participant import ParticipantApp

    app = ParticipantApp(make_context(f"code={w.code}", db=w.db))
    app.link.token = token
    app.name.value = "Ann"
    app.join_button.click()
    return app


@pytest.mark.backends("sqlite")
def test_the_console_shows_not_started_and_its_start_button_starts(workshop) -> None:
    from fixtures_ui import sync
    from widgets import find, text

    w = workshop
    clock = [datetime.utcnow() + timedelta(minutes=22, seconds=28)]  # 22 min after the workshop was made
    fac = _console(w, now=lambda: clock[0])
    page = _participant(w, TOKEN_A)
    (box,) = find(fac.root, "fk-session-not-started")
    (start,) = find(fac.root, "fk-session-start")
    assert "fk-hidden" not in box._dom_classes
    timer = text(find(fac.root, "fk-timer")[0].value)
    assert "Not started" in timer and "behind" not in timer and "+" not in timer
    assert all(b.disabled for cls in ("fk-timer-pause", "fk-timer-plus") for b in find(fac.root, cls))
    assert find(page.root, "fk-session-waiting") and find(page.root, "fk-session-plan")
    assert "Brainstorm solutions" in text(find(page.root, "fk-session-plan")[0].value)
    start.click()
    sync(fac, page)
    assert store.is_started(w.db, w.id) and "fk-hidden" in box._dom_classes
    clock[0] = datetime.utcnow() + timedelta(minutes=2)
    fac.tick()
    timer = text(find(fac.root, "fk-timer")[0].value)
    assert "left of 5 min planned" in timer and "On schedule" in timer
    assert not find(page.root, "fk-session-waiting")  # the welcome step itself, the session running
    for app in (fac, page):
        app.close()


@pytest.mark.backends("sqlite")
def test_next_on_the_console_starts_and_a_round_that_opens_on_brainstorm_waits_first(workshop) -> None:
    from fixtures_ui import sync
    from widgets import find

    w = workshop
    created = store.create_round_two(w.db, w.code, w.key, date="2026-05-12", steps=["brainstorm", "vote"])
    two = type(w)(db=w.db, code=created.workshop.code, key=created.key, id=created.workshop.id)
    page = _participant(two, TOKEN_A)
    assert find(page.root, "fk-session-waiting") and not find(page.root, "fk-view-brainstorm")
    fac = _console(two)
    find(fac.root, "fk-phase-next")[0].click()
    sync(page)
    assert store.is_started(w.db, two.id) and store.get_workshop(w.db, two.code).phase_index == 1
    assert find(page.root, "fk-view-vote") and not find(page.root, "fk-session-waiting")
    for app in (fac, page):
        app.close()
