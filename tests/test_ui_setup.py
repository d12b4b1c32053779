"""The workshop editor without a browser: agenda, settings and role links, each checked by the store.

The components are built as the console and the organiser page build them (``Component(ctx, key)``);
the tests set widget values and click buttons, then look at the store and at what is rendered.
Forged values and clicks (a browser can send any) are refused by the store and shown in ``fk-notice``.
"""

from __future__ import annotations

from html import unescape

import ipywidgets as widgets
import pytest

from facilitation import store
from facilitation.ui.setup import AgendaEditor, RolesPanel, SettingsEditor

from conftest import TOKEN_A
from fixtures_ui import context
from widgets import find, text

BASE = "http://host:8866/"
XSS = "<img src=x onerror=alert(1)>"


def agenda(workshop):
    return store.agenda(workshop.db, workshop.id)


def notice(component) -> str:
    return component.notice.value


def ok(component) -> bool:
    return "fk-notice-ok" in notice(component)


def refused(component) -> bool:
    return "fk-notice-error" in notice(component)


def shown_url(row) -> str:
    """The full link a role row shows (as the browser would read it)."""
    return unescape(text(row.children[0].value).split()[-1])


def editor(workshop, cls=AgendaEditor, key: str | None = None, **kwargs):
    return cls(context(workshop.db, workshop.code), workshop.key if key is None else key, **kwargs)


# --- agenda --------------------------------------------------------------------------------


def test_agenda_rows_follow_the_store(workshop):
    ed = editor(workshop)
    items = agenda(workshop)
    rows = find(ed.root, "fk-agenda-item")
    assert len(rows) == len(items) > 2
    for row, item in zip(rows, items):
        assert find(row, "fk-agenda-title")[0].value == item.title
        assert find(row, "fk-agenda-minutes")[0].value == item.minutes
        assert len(find(row, "fk-agenda-up")) == len(find(row, "fk-agenda-remove")) == 1
    assert find(rows[0], "fk-agenda-up")[0].disabled  # the first row cannot go up
    assert find(rows[0], "fk-agenda-remove")[0].disabled  # the open step cannot be removed


def test_edit_title_minutes_and_instruction(workshop):
    ed = editor(workshop)
    row = find(ed.root, "fk-agenda-item")[1]
    find(row, "fk-agenda-title")[0].value = "Where it hurts: the map"
    assert ok(ed)
    find(row, "fk-agenda-minutes")[0].value = 25
    find(row, "fk-agenda-instruction")[0].value = "Mark one place you cross every day."
    item = agenda(workshop)[1]
    assert (item.title, item.minutes, item.instruction) == (
        "Where it hurts: the map", 25, "Mark one place you cross every day.")


def test_forged_minutes_are_refused_and_the_field_shows_the_store(workshop):
    ed = editor(workshop)
    before = agenda(workshop)[1].minutes
    minutes = find(find(ed.root, "fk-agenda-item")[1], "fk-agenda-minutes")[0]
    minutes.value = -5
    assert refused(ed)
    assert agenda(workshop)[1].minutes == before
    assert minutes.value == before  # put back from the store


def test_add_move_and_remove(workshop):
    ed = editor(workshop)
    n = len(agenda(workshop))
    ed.step_pick.value = "vote"
    ed.position_pick.value = n  # at the end (a new step goes before "Thank you" unless picked)
    find(ed.root, "fk-agenda-add")[0].click()
    assert ok(ed)
    items = agenda(workshop)
    assert len(items) == n + 1 and items[-1].step == "vote"
    assert len(find(ed.root, "fk-agenda-item")) == n + 1
    # move the new last step up one place
    last_before = items[-2]
    find(find(ed.root, "fk-agenda-item")[-1], "fk-agenda-up")[0].click()
    items = agenda(workshop)
    assert items[-2].step == "vote"
    assert (items[-1].step, items[-1].title) == (last_before.step, last_before.title)
    # remove the second row: the third takes its place
    third = items[2]
    find(find(ed.root, "fk-agenda-item")[1], "fk-agenda-remove")[0].click()
    assert ok(ed)
    items = agenda(workshop)
    assert len(items) == n and (items[1].step, items[1].title) == (third.step, third.title)
    assert [i.position for i in items] == list(range(items[0].position, items[0].position + n))
    assert len(find(ed.root, "fk-agenda-item")) == n


def test_reorder_swaps_two_rows(workshop):
    ed = editor(workshop)
    first, second = agenda(workshop)[1:3]
    find(find(ed.root, "fk-agenda-item")[2], "fk-agenda-up")[0].click()
    items = agenda(workshop)
    assert (items[1].step, items[1].title) == (second.step, second.title)
    assert (items[2].step, items[2].title) == (first.step, first.title)
    titles = [w.value for w in find(ed.root, "fk-agenda-title")]
    assert titles[1:3] == [second.title, first.title]


def test_a_forged_remove_of_the_open_step_is_refused(workshop):
    ed = editor(workshop)
    n = len(agenda(workshop))
    find(find(ed.root, "fk-agenda-item")[0], "fk-agenda-remove")[0].click()  # disabled, clicked anyway
    assert refused(ed)
    assert len(agenda(workshop)) == n


def test_a_forged_step_name_is_refused(workshop):
    ed = editor(workshop)
    n = len(agenda(workshop))
    assert not ed.add("launch-rockets")
    assert refused(ed) and len(agenda(workshop)) == n


def test_agenda_changes_reach_an_open_editor(workshop):
    mine, theirs = editor(workshop), editor(workshop)
    find(find(theirs.root, "fk-agenda-item")[1], "fk-agenda-title")[0].value = "Changed elsewhere"
    mine.refresh({"agenda"})
    assert find(find(mine.root, "fk-agenda-item")[1], "fk-agenda-title")[0].value == "Changed elsewhere"
    mine.refresh({"ideas"})  # not its topic: nothing to do


def test_a_participant_or_a_wrong_key_cannot_edit(workshop):
    store.join(workshop.db, workshop.code, TOKEN_A, "Anna")
    for key in ("not-the-key-of-this-workshop", TOKEN_A, ""):
        ed = editor(workshop, key=key)
        n = len(agenda(workshop))
        ed.step_pick.value = "vote"
        find(ed.root, "fk-agenda-add")[0].click()
        assert refused(ed), key
        assert len(agenda(workshop)) == n


def test_agenda_text_is_escaped(workshop):
    store.update_agenda_item(workshop.db, workshop.code, workshop.key, agenda(workshop)[1].position, title=XSS)
    ed = editor(workshop)
    html = "".join(w.value for w in find(ed.root, "fk-agenda-label"))
    assert "<img" not in html
    assert find(ed.root, "fk-agenda-title")[1].value == XSS  # a Text shows it as text


# --- settings ------------------------------------------------------------------------------


def test_vote_rules(workshop):
    ed = editor(workshop, SettingsEditor)
    ed.budget.value, ed.per_idea.value = 5, 2
    find(ed.root, "fk-setting-votes-save")[0].click()
    assert ok(ed)
    w = store.get_workshop(workshop.db, workshop.code)
    assert (w.vote_budget, w.votes_per_idea) == (5, 2)
    ed.budget.value, ed.per_idea.value = 99, 2  # forged past the limit
    ed.save_votes()
    assert refused(ed)
    assert store.get_workshop(workshop.db, workshop.code).vote_budget == 5
    assert ed.budget.value == 5


def test_private_writing_naming_and_affiliation(workshop):
    ed = editor(workshop, SettingsEditor)
    ed.private.value = True
    ed.naming.value = "anonymous"
    ed.affiliation.value = True
    settings = store.get_workshop(workshop.db, workshop.code).settings
    assert settings["private_brainstorm"] is True and settings["ideas_revealed"] is False
    assert settings["naming"] == "anonymous" and settings["ask_affiliation"] is True
    assert ok(ed)
    assert not ed.set_setting(naming="celebrity")  # forged option
    assert refused(ed)
    assert store.get_workshop(workshop.db, workshop.code).settings["naming"] == "anonymous"


def test_map_view_and_centre_on_the_city(workshop):
    ed = editor(workshop, SettingsEditor)
    ed.lat.value, ed.lon.value, ed.zoom.value = 54.4, 18.6, 15
    find(ed.root, "fk-map-save")[0].click()
    w = store.get_workshop(workshop.db, workshop.code)
    assert (round(w.lat, 3), round(w.lon, 3), w.settings["zoom"]) == (54.4, 18.6, 15)
    assert "54.4000" in ed.place.value
    ed.lat.value = 200.0  # forged
    ed.save_map()
    assert refused(ed)
    assert round(store.get_workshop(workshop.db, workshop.code).lat, 3) == 54.4
    find(ed.root, "fk-map-city")[0].click()  # Gdansk, Poland from the offline gazetteer
    assert ok(ed), notice(ed)
    w = store.get_workshop(workshop.db, workshop.code)
    assert abs(w.lat - 54.35) < 0.1 and abs(w.lon - 18.65) < 0.1


def test_criteria_until_the_first_score(workshop):
    ed = editor(workshop, SettingsEditor)
    crit = ed.criteria
    find(ed.root, "fk-criterion-add")[0].click()
    crit.fields["name"].value = "Air quality"
    crit.fields["weight"].value = 2.0
    find(ed.root, "fk-criterion-save")[0].click()
    assert [c.name for c in store.list_criteria(workshop.db, workshop.id)][-1] == "Air quality"
    assert "Air quality" in "".join(w.value for w in find(ed.root, "fk-criteria-list")[0].children[-1].children
                                    if isinstance(w, widgets.HTML))


def test_settings_with_a_wrong_key_change_nothing(workshop):
    ed = editor(workshop, SettingsEditor, key="not-the-key-of-this-workshop")
    ed.private.value = True
    assert refused(ed)
    assert not store.get_workshop(workshop.db, workshop.code).settings.get("private_brainstorm")
    assert ed.private.value is False


# --- role links ----------------------------------------------------------------------------


@pytest.mark.parametrize("role, notebook", [("co-facilitator", "facilitator.ipynb"), ("expert", "facilitator.ipynb"),
                                            ("city", "challenge.ipynb"), ("presenter", "presenter.ipynb")])
def test_issue_a_role_link(workshop, role, notebook):
    panel = editor(workshop, RolesPanel, base=BASE)
    panel.role_pick.value = role
    panel.label.value = "Ewa from the city"
    find(panel.root, "fk-role-issue")[0].click()
    assert ok(panel), notice(panel)
    links = find(panel.root, "fk-role-link")
    mine = [row for row in links if "Ewa from the city" in row.children[0].value]
    assert len(mine) == 1
    url = shown_url(mine[0])
    assert url.startswith(f"{BASE}voila/render/{notebook}?code={workshop.code}&key=")
    key = url.rsplit("key=", 1)[1]
    assert store.key_role(workshop.db, workshop.code, key) == role
    assert len(find(mine[0], "fk-role-revoke")) == 1


def test_revoke_stops_the_key_at_once(workshop):
    panel = editor(workshop, RolesPanel, base=BASE)
    panel.role_pick.value = "co-facilitator"
    find(panel.root, "fk-role-issue")[0].click()
    url = shown_url(find(panel.root, "fk-role-link")[0])
    key = url.rsplit("key=", 1)[1]
    assert store.is_facilitator(workshop.db, workshop.code, key)
    other = editor(workshop, RolesPanel, base=BASE)  # another open console lists it too
    n = len(find(other.root, "fk-role-link"))
    find(panel.root, "fk-role-link")[0].children[1].click()
    assert ok(panel)
    assert store.key_role(workshop.db, workshop.code, key) is None
    assert not store.is_facilitator(workshop.db, workshop.code, key)
    other.refresh({"access"})
    assert len(find(other.root, "fk-role-link")) == n - 1


def test_narrow_roles_cannot_issue_links(workshop):
    expert = store.issue_role_key(workshop.db, workshop.code, workshop.key, "expert").key
    panel = editor(workshop, RolesPanel, key=expert, base=BASE)
    assert refused(panel) and panel.issue_button.disabled
    before = len(store.list_role_keys(workshop.db, workshop.code, workshop.key))
    assert not panel.issue("co-facilitator")  # a forged click on the disabled button
    assert len(store.list_role_keys(workshop.db, workshop.code, workshop.key)) == before


def test_a_forged_role_is_refused_and_labels_are_escaped(workshop):
    panel = editor(workshop, RolesPanel, base=BASE)
    assert not panel.issue("organiser")
    assert refused(panel)
    assert not panel.issue("god")
    assert panel.issue("presenter", XSS)
    html = "".join(row.children[0].value for row in find(panel.root, "fk-role-link"))
    assert "<img" not in html and "&lt;img" in html
