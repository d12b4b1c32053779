"""Participants edit or withdraw their own ideas until voting opens; never someone else's.
Also: authors on the wall follow the naming mode, and the join form asks for an affiliation
when the workshop wants it.
"""

from __future__ import annotations

from facilitation import store
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.participant import ParticipantApp

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import open_step, sync
from widgets import find


def participant(room, token: str, name: str = "", *, join: bool = True, **affiliation: str) -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={room.code}", db=room.db))
    app.link.token = token
    if join:
        app.name.value = name
        for field, value in affiliation.items():
            getattr(app, field).value = value
        app.join_button.click()
    return app


def post(app: ParticipantApp, title: str) -> int:
    view = app.host.view
    view.title.value, view.scale.value, view.driver.value = title, "small", "central"
    view.submit.click()
    assert "fk-notice-ok" in view.notice.value, view.notice.value
    return next(i.id for i in store.list_ideas(app.ctx.db, app.workshop.id, facilitator=True) if i.title == title)


def card(app: ParticipantApp, idea_id: int):
    found = find(app.root, f"fk-idea-id-{idea_id}")
    assert len(found) == 1
    return found[0]


def shown(widget) -> bool:
    return "fk-hidden" not in widget._dom_classes and widget.layout.display != "none"


def titles(app) -> set[str]:
    return {i.title for i in app.host.view._ideas}


def test_edit_own_idea_reaches_every_wall(workshop):
    a, b = participant(workshop, TOKEN_A, "Anna"), participant(workshop, TOKEN_B, "Bo")
    open_step(workshop, "brainstorm", a, b)
    mine = post(a, "Pocket parks")
    sync(a, b)
    edit = find(card(a, mine), "fk-idea-edit")[0]
    assert shown(edit) and shown(find(card(a, mine), "fk-idea-withdraw")[0])
    editor = a.host.view.editor
    assert not shown(editor.form)
    edit.click()
    assert shown(editor.form) and editor.title.value == "Pocket parks"
    editor.title.value = "Pocket parks on empty lots"
    editor.scale.value = "large"
    find(a.root, "fk-idea-edit-save")[0].click()
    assert "updated" in a.host.view.notice.value and not shown(editor.form)
    stored = store.get_idea(workshop.db, mine)
    assert (stored.title, stored.scale) == ("Pocket parks on empty lots", "large")
    sync(b)
    assert "Pocket parks on empty lots" in titles(b)


def test_withdraw_own_idea_after_confirming(workshop):
    a, b = participant(workshop, TOKEN_A, "Anna"), participant(workshop, TOKEN_B, "Bo")
    open_step(workshop, "brainstorm", a, b)
    mine = post(a, "Tram to the harbour")
    sync(b)
    editor = a.host.view.editor
    find(card(a, mine), "fk-idea-withdraw")[0].click()
    assert shown(editor.confirm) and "Tram to the harbour" in editor.confirm_text.value
    find(a.root, "fk-idea-withdraw-no")[0].click()  # changed their mind
    assert not shown(editor.confirm) and "Tram to the harbour" in titles(a)
    find(card(a, mine), "fk-idea-withdraw")[0].click()
    find(a.root, "fk-idea-withdraw-yes")[0].click()
    assert "withdrawn" in a.host.view.notice.value
    assert "Tram to the harbour" not in titles(a) and not find(a.root, f"fk-idea-id-{mine}")
    sync(b)
    assert "Tram to the harbour" not in titles(b)


def test_no_edit_on_someone_elses_idea_and_forged_clicks_are_refused(workshop):
    a, b = participant(workshop, TOKEN_A, "Anna"), participant(workshop, TOKEN_B, "Bo")
    open_step(workshop, "brainstorm", a, b)
    theirs = post(a, "Roof gardens")
    sync(b)
    other = card(b, theirs)
    assert not find(other, "fk-idea-edit") and not find(other, "fk-idea-withdraw")
    editor = b.host.view.editor
    assert editor.open(theirs)  # a forged "Edit" only shows what b already sees ...
    editor.title.value = "Hijacked"
    assert editor.save() is False  # ... and the store refuses to save it
    notice = b.host.view.notice.value
    assert "fk-notice-error" in notice and "your own" in notice.lower()
    assert editor.withdraw(theirs) is False and "fk-notice-error" in b.host.view.notice.value
    assert store.get_idea(workshop.db, theirs).title == "Roof gardens"
    assert "Roof gardens" in titles(b)


def test_a_private_idea_of_someone_else_cannot_be_opened(workshop):
    store.update_settings(workshop.db, workshop.code, workshop.key, private_brainstorm=True)
    a, b = participant(workshop, TOKEN_A, "Anna"), participant(workshop, TOKEN_B, "Bo")
    open_step(workshop, "brainstorm", a, b)
    secret = post(a, "Secret idea")
    sync(b)
    editor = b.host.view.editor
    assert editor.open(secret) is False and editor.title.value != "Secret idea"
    assert "no longer on the wall" in b.host.view.notice.value


def test_no_edit_once_voting_has_opened(workshop):
    a = participant(workshop, TOKEN_A, "Anna")
    open_step(workshop, "brainstorm", a)
    mine = post(a, "Pocket parks")
    assert store.can_edit_ideas(workshop.db, workshop.code)
    open_step(workshop, "vote", a)
    assert not find(a.root, "fk-idea-edit")  # the vote wall has no edit buttons at all
    assert not store.can_edit_ideas(workshop.db, workshop.code)
    open_step(workshop, "brainstorm", a)  # back to the brainstorm: editing stays closed
    assert not shown(find(card(a, mine), "fk-idea-edit")[0])
    editor = a.host.view.editor
    editor.open(mine)
    editor.title.value = "Too late"
    assert editor.save() is False and "vot" in a.host.view.notice.value.lower()
    assert editor.withdraw(mine) is False
    assert store.get_idea(workshop.db, mine).title == "Pocket parks"


def test_authors_on_the_wall_follow_the_naming_mode(workshop):
    a = participant(workshop, TOKEN_A, "Anna Nowak")
    open_step(workshop, "brainstorm", a)
    mine = post(a, "Pocket parks")
    pseudonym = store.participant_for_token(workshop.db, workshop.code, TOKEN_A).pseudonym
    assert "Anna Nowak" in card(a, mine).body.value
    store.update_settings(workshop.db, workshop.code, workshop.key, naming="pseudonymous")
    sync(a)
    assert "Anna Nowak" not in card(a, mine).body.value and pseudonym in card(a, mine).body.value
    store.update_settings(workshop.db, workshop.code, workshop.key, naming="anonymous")
    sync(a)
    body = card(a, mine).body.value
    assert "Anna Nowak" not in body and pseudonym not in body


def test_the_join_form_asks_for_an_affiliation_only_when_the_workshop_does(workshop):
    plain = participant(workshop, TOKEN_A, join=False)
    assert plain.affiliation.layout.display == "none"
    plain.name.value = "Anna"
    plain.organisation.value = "Forged Org"  # a browser can set a hidden field: it is not stored
    plain.join_button.click()
    assert store.participant_for_token(workshop.db, workshop.code, TOKEN_A).organisation == ""
    store.update_settings(workshop.db, workshop.code, workshop.key, ask_affiliation=True)
    asked = participant(workshop, TOKEN_B, join=False)
    assert asked.affiliation.layout.display != "none"
    assert find(asked.root, "fk-join-organisation") and find(asked.root, "fk-join-city")
    asked.name.value = "Bo"
    asked.organisation.value = "Planning office"
    asked.city.value = "Gdańsk"
    asked.join_button.click()
    person = store.participant_for_token(workshop.db, workshop.code, TOKEN_B)
    assert (person.organisation, person.city) == ("Planning office", "Gdańsk")
