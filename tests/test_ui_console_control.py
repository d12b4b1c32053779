"""The console steers the session: jump to any step, pause/resume, a minute more or less, who has
joined (as the naming mode allows), the Prepare tab's editors, and a revoked co-facilitator link.

Pages share one database as kernels do; ``feed.poll_once()`` (``sync``) stands in for the live task.
"""

from __future__ import annotations

from datetime import timedelta

import ipywidgets as widgets
import pytest

from facilitation import store
from facilitation.domain.errors import NotAllowed
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp, utc_now
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.pages.presenter import PresenterApp

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import sync
from widgets import find, text, walk


def one(root, cls: str):
    found = find(root, cls)
    assert len(found) == 1, f"{cls}: {len(found)} found"
    return found[0]


def page_text(root) -> str:
    return "\n".join(str(getattr(w, "value", "")) for w in walk(root) if isinstance(w, widgets.HTML))


def console(room, key: str | None = None, **kwargs) -> ConsoleApp:
    return ConsoleApp(make_context(f"code={room.code}&key={key or room.key}", db=room.db), **kwargs)


def participant(room, token: str, name: str = "") -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={room.code}", db=room.db))
    app.link.token = token
    app.name.value = name
    app.join_button.click()
    return app


def open_item(room):
    ws = store.get_workshop(room.db, room.code)
    return store.agenda(room.db, ws.id)[ws.phase_index]


def test_the_jump_lists_every_step_and_opens_the_chosen_one(workshop):
    a = participant(workshop, TOKEN_A, "Anna")
    fac = console(workshop)
    jump = one(fac.root, "fk-phase-jump")
    assert isinstance(jump, widgets.Dropdown) and jump.value == 0
    labels = [label for label, _ in jump.options]
    items = store.agenda(workshop.db, workshop.id)
    assert len(labels) == len(items) and labels[0] == "1. Welcome and join" and labels[4] == "5. Alternative scenarios"
    jump.value = 4
    one(fac.root, "fk-phase-jump-go").click()
    assert store.get_workshop(workshop.db, workshop.code).phase_index == 4
    assert fac.step == "scenarios" and "Scenarios" in one(fac.root, "fk-phase-current").value
    assert "fk-notice-ok" in fac.notice.value
    sync(a)
    assert a.step == "scenarios"
    jump.value = 2  # and back again: any step, either way
    fac.control.jump_button.click()
    assert fac.step == "brainstorm" and fac.control.jump.value == 2
    assert fac.go_to(len(items) + 3) is False  # a forged index: the store refuses, nothing moves
    assert "fk-notice-error" in fac.notice.value and fac.step == "brainstorm"


def test_pause_and_resume_stop_the_countdown(workshop):
    clock = {"t": utc_now()}
    fac = console(workshop, now=lambda: clock["t"])
    assert fac.go_to(2)
    started = open_item(workshop).started_at
    clock["t"] = started + timedelta(minutes=5)
    fac.tick()
    assert "20:00" in one(fac.root, "fk-timer").value  # 25 min planned, 5 gone
    pause = one(fac.root, "fk-timer-pause")
    assert pause.description == "Pause"
    pause.click()
    assert open_item(workshop).paused_at is not None
    assert pause.description == "Resume" and "paused" in one(fac.root, "fk-timer").value
    shown = text(fac.timer.value)
    clock["t"] = started + timedelta(minutes=15)
    fac.tick()
    assert text(fac.timer.value) == shown  # paused: the clock stands still
    pause.click()
    assert open_item(workshop).paused_at is None
    assert pause.description == "Pause" and "paused" not in fac.timer.value


def test_a_minute_more_or_less(workshop):
    clock = {"t": utc_now()}
    fac = console(workshop, now=lambda: clock["t"])
    assert fac.go_to(2)
    clock["t"] = open_item(workshop).started_at
    fac.tick()
    assert "25:00" in fac.timer.value
    one(fac.root, "fk-timer-plus").click()
    assert open_item(workshop).extra_seconds == 60
    assert "26:00" in fac.timer.value and "26 min planned" in text(fac.timer.value)
    minus = one(fac.root, "fk-timer-minus")
    minus.click()
    minus.click()
    assert open_item(workshop).extra_seconds == -60 and "24:00" in fac.timer.value
    pres = PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    assert pres.step == "brainstorm"  # the presenter follows; the timer is the console's


def test_who_has_joined_follows_the_naming_mode(workshop):
    fac = console(workshop)
    assert "Nobody yet" in one(fac.root, "fk-joined").children[-1].value
    participant(workshop, TOKEN_A, "Anna Nowak")
    participant(workshop, TOKEN_B, "")
    pseudonym = store.participant_for_token(workshop.db, workshop.code, TOKEN_B).pseudonym
    sync(fac)
    names = lambda: text(one(fac.root, "fk-joined").children[-1].value)  # noqa: E731
    assert "Anna Nowak" in names() and pseudonym in names() and "2 people" in names()
    assert "<b>2</b>" in one(fac.root, "fk-participant-count").value
    store.update_settings(workshop.db, workshop.code, workshop.key, naming="pseudonymous")
    sync(fac)
    assert "Anna Nowak" not in names() and pseudonym in names()
    store.update_settings(workshop.db, workshop.code, workshop.key, naming="anonymous")
    sync(fac)
    assert "Anna Nowak" not in names() and pseudonym not in names() and "2 people" in names()
    assert "Participant 1" in names() and "Participant 2" in names()


def test_names_and_affiliations_are_escaped_in_the_joined_list(workshop):
    store.update_settings(workshop.db, workshop.code, workshop.key, ask_affiliation=True)
    store.join(workshop.db, workshop.code, TOKEN_A, "<img src=x onerror=alert(1)>", organisation="<b>Org</b>",
               city="Gdańsk")
    fac = console(workshop)
    html = one(fac.root, "fk-joined").children[-1].value
    assert "<img" not in html and "&lt;img" in html and "&lt;b&gt;Org&lt;/b&gt;, Gdańsk" in html


def test_the_prepare_tab_embeds_the_editors_and_edits_reach_the_console(workshop):
    fac = console(workshop)
    assert not find(fac.root, "fk-agenda-item")  # built only when the tab opens
    tabs = one(fac.root, "fk-console-tabs")
    tabs.value = "prepare"
    items = store.agenda(workshop.db, workshop.id)
    assert len(find(fac.root, "fk-agenda-item")) == len(items)
    assert find(fac.root, "fk-agenda-add") and find(fac.root, "fk-role-issue")
    assert find(fac.root, "fk-setup-section") and find(fac.root, "fk-now")  # the controls stay beside it
    assert not find(fac.root, "fk-step-host")
    store.update_agenda_item(workshop.db, workshop.code, workshop.key, 2, title="Ideas for the square")
    sync(fac)
    assert "3. Ideas for the square" in [label for label, _ in fac.control.jump.options]
    tabs.value = "run"
    assert find(fac.root, "fk-step-host") and not find(fac.root, "fk-agenda-item")
    fac.close()


def test_the_step_instruction_reaches_participants_console_and_presenter(workshop):
    a = participant(workshop, TOKEN_A, "Anna")
    fac = console(workshop)
    pres = PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    fac.go_to(2)
    store.update_agenda_item(workshop.db, workshop.code, workshop.key, 2,
                             instruction="One idea per card <b>please</b>")
    sync(a, fac, pres)
    for app in (a, fac, pres):
        bar = app.stepbar.value
        assert "fk-step-instruction" in bar and "One idea per card &lt;b&gt;please&lt;/b&gt;" in bar
    fac.go_to(3)
    sync(a)
    assert "fk-step-instruction" not in a.stepbar.value


def test_a_revoked_co_facilitator_console_turns_into_the_refusal(workshop):
    issued = store.issue_role_key(workshop.db, workshop.code, workshop.key, "co-facilitator", "Ola")
    co = console(workshop, key=issued.key)
    assert find(co.root, "fk-phase-next") and find(co.root, "fk-timer-pause")
    assert co.next() and store.get_workshop(workshop.db, workshop.code).phase_index == 1
    store.revoke_role_key(workshop.db, workshop.code, workshop.key, issued.id)
    sync(co)
    assert "withdrawn by the facilitator" in page_text(co.root)
    for cls in ("fk-phase-next", "fk-phase-jump", "fk-timer-pause", "fk-join-qr", "fk-joined", "fk-step-host"):
        assert not find(co.root, cls)
    # Its buttons (still in the kernel) do nothing: the store refuses the revoked key.
    co.next_button.click()
    co.control.pause_button.click()
    co.control.plus_button.click()
    co.tick()
    assert co.go_to(4) is False
    item = open_item(workshop)
    assert store.get_workshop(workshop.db, workshop.code).phase_index == 1
    assert item.paused_at is None and item.extra_seconds == 0
    with pytest.raises(NotAllowed):
        store.set_phase(workshop.db, workshop.code, issued.key, 0)
    assert console(workshop, key=issued.key).workshop is None  # opened again: the refusal straight away
    co.close()


def test_the_console_closes_everything_it_built(workshop):
    fac = console(workshop)
    fac.tabs.value = "prepare"
    fac.tabs.value = "run"
    built = [w for w in walk(fac.root)] + [w for w in walk(fac.prepare.root)]
    fac.close()
    assert all(w.comm is None for w in built)
