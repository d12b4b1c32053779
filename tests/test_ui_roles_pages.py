"""Each role link opens exactly its page: expert (scenarios only), city representative (the
homework), presenter (the big screen, read-only), participant (no key powers). Forged clicks
from a narrower role are refused by the store; a revoked link withdraws its open page.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from facilitation import store
from facilitation.domain.errors import NotAllowed
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.homework import ChallengeApp
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.pages.presenter import PresenterApp
from facilitation.ui.steps.brainstorm import BrainstormView

from conftest import TOKEN_A
from fixtures_ui import open_step, sync
from widgets import find, walk

CONSOLE_ONLY = ("fk-phase-next", "fk-phase-prev", "fk-phase-jump", "fk-timer-pause", "fk-timer-plus",
                "fk-join-qr", "fk-private-toggle", "fk-console-tabs")


def page_text(root) -> str:
    return "\n".join(str(getattr(w, "value", "")) for w in walk(root) if isinstance(w, widgets.HTML))


def ctx(room, key: str):
    return make_context(f"code={room.code}&key={key}", db=room.db)


def role_key(room, role: str) -> str:
    return store.issue_role_key(room.db, room.code, room.key, role, f"a {role}").key


def seed_ideas(room) -> list[int]:
    store.join(room.db, room.code, TOKEN_A, "Anna")
    return [store.add_idea(room.db, room.code, TOKEN_A, title=title, scale="small", driver="central").id
            for title in ("Pocket parks", "Rain gardens")]


def test_expert_gets_the_console_limited_to_scenarios(workshop):
    ideas = seed_ideas(workshop)
    key = role_key(workshop, "expert")
    app = ConsoleApp(ctx(workshop, key))
    assert "fk-console-expert" in app.root._dom_classes
    assert app.step == "scenarios" and find(app.root, "fk-view-scenarios")
    for cls in CONSOLE_ONLY:
        assert not find(app.root, cls), cls
    view = app.host.view
    assert view.editable  # scenarios and case studies: the expert's part
    saved = store.save_scenario(workshop.db, workshop.code, key, name="Green streets", idea_ids=ideas)
    assert saved.name == "Green streets"
    open_step(workshop, "brainstorm", app)  # the room moves on; the expert's page stays on scenarios
    assert app.step == "scenarios"
    with pytest.raises(NotAllowed):
        store.set_phase(workshop.db, workshop.code, key, 0)
    # A forged moderation click from the expert's kernel is refused by the store.
    forged = BrainstormView(ctx(workshop, key), role="facilitator")
    assert forged.hide(ideas[0]) is False and "fk-notice-error" in forged.notice.value
    assert not store.get_idea(workshop.db, ideas[0]).hidden
    assert PresenterApp(ctx(workshop, key)).workshop is not None  # the expert may open the big screen
    assert ChallengeApp(ctx(workshop, key)).workshop is None  # but not the city's homework


def test_city_representative_gets_only_the_homework(workshop):
    key = role_key(workshop, "city")
    home = ChallengeApp(ctx(workshop, key))
    assert home.workshop is not None and find(home.root, "fk-challenge-title")
    form = home.view.challenge_form
    form.title.value = "Heat in the old town"
    home.view.save_challenge()
    assert store.get_challenge(workshop.db, workshop.id).title == "Heat in the old town"
    for page in (ConsoleApp(ctx(workshop, key)), PresenterApp(ctx(workshop, key))):
        assert page.workshop is None and "for the facilitator" in page_text(page.root)
        assert not find(page.root, "fk-phase-next") and page.start() is False
    for forged in (lambda: store.set_phase(workshop.db, workshop.code, key, 2),
                   lambda: store.update_settings(workshop.db, workshop.code, key, private_brainstorm=True),
                   lambda: store.save_scenario(workshop.db, workshop.code, key, name="X", idea_ids=[])):
        with pytest.raises(NotAllowed):
            forged()


def test_presenter_link_opens_the_big_screen_read_only(workshop):
    key = role_key(workshop, "presenter")
    pres = PresenterApp(ctx(workshop, key))
    assert pres.workshop is not None and find(pres.root, "fk-view-waiting")
    assert not any(isinstance(w, (widgets.Button, widgets.Text)) for w in walk(pres.root))
    open_step(workshop, "brainstorm", pres)
    assert pres.step == "brainstorm"
    assert ConsoleApp(ctx(workshop, key)).workshop is None
    assert ChallengeApp(ctx(workshop, key)).workshop is None
    with pytest.raises(NotAllowed):
        store.save_challenge(workshop.db, workshop.code, key, title="Forged")
    with pytest.raises(NotAllowed):
        store.set_phase(workshop.db, workshop.code, key, 0)


def test_a_participant_page_with_a_role_key_has_no_key_powers(workshop):
    ideas = seed_ideas(workshop)
    open_step(workshop, "brainstorm")
    key = role_key(workshop, "co-facilitator")
    app = ParticipantApp(ctx(workshop, key))
    app.link.token = TOKEN_A
    assert app.step == "brainstorm" and not find(app.root, "fk-idea-hide")
    assert app.host.view.hide(ideas[0]) is False  # the participant's view acts with the token only
    assert not store.get_idea(workshop.db, ideas[0]).hidden


@pytest.mark.parametrize("role, page", [("presenter", PresenterApp), ("city", ChallengeApp),
                                        ("expert", ConsoleApp), ("co-facilitator", PresenterApp)])
def test_a_revoked_link_withdraws_its_open_page(workshop, role, page):
    issued = store.issue_role_key(workshop.db, workshop.code, workshop.key, role, "")
    app = page(ctx(workshop, issued.key))
    assert app.workshop is not None
    before = page_text(app.root)
    sync(app)
    assert page_text(app.root) == before  # nothing changed: the page stays
    store.revoke_role_key(workshop.db, workshop.code, workshop.key, issued.id)
    sync(app)
    assert "withdrawn by the facilitator" in page_text(app.root)
    assert not find(app.root, "fk-view-waiting") and not find(app.root, "fk-view-scenarios")
    assert not find(app.root, "fk-challenge-title")
    app.close()


def test_revoking_one_link_leaves_the_others_open(workshop):
    keep = store.issue_role_key(workshop.db, workshop.code, workshop.key, "presenter", "hall")
    gone = store.issue_role_key(workshop.db, workshop.code, workshop.key, "presenter", "side room")
    hall, side = PresenterApp(ctx(workshop, keep.key)), PresenterApp(ctx(workshop, gone.key))
    fac = ConsoleApp(ctx(workshop, workshop.key))
    store.revoke_role_key(workshop.db, workshop.code, workshop.key, gone.id)
    sync(hall, side, fac)
    assert "withdrawn" in page_text(side.root)
    assert "withdrawn" not in page_text(hall.root) and find(hall.root, "fk-view-waiting")
    assert find(fac.root, "fk-phase-next")
