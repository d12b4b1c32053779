"""Breakout groups in the scoring and challenge steps, and the links and pages around them (issue 14):
each group's scoring results on its own (the facilitator picks a group, a participant and a group
facilitator see their group's); a participant's map shows their group's features, pins and
challenge; a group facilitator's link opens the console; the organiser starts round 2.

Widget tests (no browser): pages share one database as kernels do.
"""

from __future__ import annotations

import datetime

import pytest

from facilitation import store
from facilitation.domain import links
from facilitation.domain.roles import KEY_ROLES
from facilitation.ui.steps.challenge import ChallengeView
from facilitation.ui.steps.scoring import ScoringView

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import context, facilitator, set_step
from widgets import find, text

TOKEN_D = "participant-token-dddddddddddddddd"
TOKENS = (TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D)
SQUARE = {"type": "Polygon", "coordinates": [[[18.64, 54.35], [18.65, 54.35], [18.65, 54.36], [18.64, 54.35]]]}


def one(root, cls: str):
    found = find(root, cls)
    assert len(found) == 1, f"{cls}: {len(found)} found"
    return found[0]


@pytest.fixture
def room(workshop):
    """Four people split in two groups (balanced): A and C in the first, B and D in the second."""
    for n, token in enumerate(TOKENS):
        store.join(workshop.db, workshop.code, token, f"Person {n + 1}")
    groups = store.split_into_groups(workshop.db, workshop.code, workshop.key, 2, "balanced")
    return workshop, groups


def page(w, token: str):
    pid = store.participant_for_token(w.db, w.code, token).id
    return context(w.db, w.code, token=token, participant_id=pid)


def lead_key(w, group_id: int) -> str:
    return store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "lead", group_id=group_id).key


def test_each_group_sees_its_own_scoring_results_and_the_facilitator_picks_one(room):
    w, (first, second) = room
    store.save_scenario(w.db, w.code, w.key, name="Green corridor")
    set_step(w.db, w.code, w.key, "scoring")
    for token, value in ((TOKEN_A, 5), (TOKEN_B, 0)):
        view = ScoringView(page(w, token), role="participant")
        for control in view.form.inputs.values():
            control.value = value
        assert view.form.save()
    fac = ScoringView(facilitator(w), role="facilitator")
    pick = one(fac.root, "fk-score-group")
    assert "fk-hidden" not in pick._dom_classes and [v for _n, v in pick.options] == ["all", first.id, second.id]
    header = text(fac.group.header.value)
    assert "Results of all groups together" in header and "2 of 4 participants have scored" in header
    pick.value = first.id
    header = text(fac.group.header.value)
    assert "Results of Group 1" in header and "1 of 2 participants have scored" in header
    assert fac.group.data is not None and set(fac.group.data.ballots) == {page(w, TOKEN_A).participant_id}
    # a new group appears in the picker when the store says so; the chosen group stays chosen
    store.create_group(w.db, w.code, w.key, name="Late <b>comers</b>")
    fac.refresh({"groups"})
    assert len(pick.options) == 4 and pick.value == first.id and "Results of Group 1" in text(fac.group.header.value)
    # revealed: each participant sees their own group's results, no picker
    store.set_results_revealed(w.db, w.code, w.key, True)
    bartek = ScoringView(page(w, TOKEN_B), role="participant")
    assert "Results of Group 2" in text(bartek.group.header.value)
    assert "fk-hidden" in bartek.group.pick._dom_classes
    assert set(bartek.group.data.ballots) == {page(w, TOKEN_B).participant_id}
    # a group facilitator's console reads only their group, without the picker
    lead = ScoringView(context(w.db, w.code, key=lead_key(w, second.id)), role="facilitator")
    assert "fk-hidden" in lead.group.pick._dom_classes and "Results of Group 2" in text(lead.group.header.value)
    assert set(lead.group.data.ballots) == {page(w, TOKEN_B).participant_id}
    # the big screen shows the group the presenter chose (the plenary compares them one by one)
    screen = ScoringView(context(w.db, w.code, key=w.key, query={"group": str(first.id)}), role="presenter")
    assert "Results of Group 1" in text(screen.group.header.value)
    assert set(screen.group.data.ballots) == {page(w, TOKEN_A).participant_id}
    for view in (fac, bartek, lead, screen):
        view.close()


def test_a_participants_map_shows_their_groups_features_pins_and_challenge(room):
    w, (first, second) = room
    store.save_challenge(w.db, w.code, w.key, title="Heat in the city centre")
    store.add_feature(w.db, w.code, w.key, geometry=SQUARE, label="Market square")
    store.add_feature(w.db, w.code, w.key, geometry=SQUARE, label="Riverside", group_id=first.id)
    store.add_feature(w.db, w.code, w.key, geometry=SQUARE, label="Old harbour", group_id=second.id)
    store.save_group_challenge(w.db, w.code, w.key, first.id, title="Floods on the <b>riverside</b>",
                               text="Heavy rain", lat=54.40, lon=18.70)
    pin = store.add_idea(w.db, w.code, TOKEN_B, title="Rain garden", scale="small", driver="central",
                         lat=54.35, lon=18.65)
    set_step(w.db, w.code, w.key, "challenge")
    anna = ChallengeView(page(w, TOKEN_A), role="participant")
    assert [f.label for f in anna.features] == ["Market square", "Riverside"]
    assert sorted(f["properties"]["label"] for f in anna.fmap.shapes.data["features"]) == ["Market square", "Riverside"]
    assert "Floods on the &lt;b&gt;riverside" in anna.summary.value and "Heat in the city" not in anna.summary.value
    assert list(anna.fmap.map.center) == pytest.approx([54.40, 18.70], abs=0.05)  # the group's place
    assert pin.id not in anna.fmap._pin_markers  # another group's pinned idea
    bartek = ChallengeView(page(w, TOKEN_B), role="participant")
    assert [f.label for f in bartek.features] == ["Market square", "Old harbour"]
    assert "Heat in the city centre" in bartek.summary.value and set(bartek.fmap._pin_markers) == {pin.id}
    # the group's challenge changes: the open page re-reads it
    store.save_group_challenge(w.db, w.code, w.key, first.id, title="Floods downtown")
    anna.refresh({"challenge"})
    assert "Floods downtown" in anna.summary.value
    # in the plenary everyone sees every group's map; the console keeps the workshop's own challenge
    store.set_plenary(w.db, w.code, w.key, True)
    plenary = ChallengeView(page(w, TOKEN_A), role="participant")
    assert len(plenary.features) == 3 and "Heat in the city centre" in plenary.summary.value
    console = ChallengeView(facilitator(w), role="facilitator")
    assert len(console.features) == 3 and console.challenge.title == "Heat in the city centre"
    for view in (anna, bartek, plenary, console):
        view.close()


def test_a_group_facilitators_link_opens_the_console(room):
    from facilitation.ui.pages.console import ConsoleApp
    from facilitation.ui.setup import RolesPanel

    w, (first, _second) = room
    assert set(links.ROLE_NOTEBOOKS) == set(KEY_ROLES)  # every role link opens a page
    key = lead_key(w, first.id)
    url = links.role_link("http://host:8866/", "group-facilitator", w.code, key)
    assert url.startswith("http://host:8866/voila/render/facilitator.ipynb?") and f"key={key}" in url
    roles = RolesPanel(facilitator(w), w.key, base="http://host:8866/")
    assert roles.url("group-facilitator", key) == url  # the roles list can show such a link too
    app = ConsoleApp(context(w.db, w.code, key=key))
    assert app.lead is not None and "fk-console-group" in app.root._dom_classes
    fac = ConsoleApp(context(w.db, w.code, key=w.key))
    assert fac.groups.issue_link(first.id)
    issued = fac.groups.links[first.id]["group-facilitator"]
    assert "/voila/render/facilitator.ipynb?" in issued and f"code={w.code}" in issued
    for page_ in (app, fac):
        page_.close()


def test_the_organiser_starts_round_two_of_a_workshop(workshop):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.organiser import OrganiserApp

    store.join(workshop.db, workshop.code, TOKEN_A, "Anna")
    store.add_idea(workshop.db, workshop.code, TOKEN_A, title="Shade on the square", scale="small", driver="central")
    key = store.issue_organiser_key(workshop.db, label="test")
    app = OrganiserApp(make_context(f"key={key}", db=workshop.db), base="http://host:8866/")
    app.open_workshop(workshop.code)
    one(app.root, "fk-round-two-title").value = "Second round"
    one(app.root, "fk-round-two-date").value = datetime.date(2026, 6, 2)
    one(app.root, "fk-round-two-create").click()
    assert "fk-notice-ok" in app.round_two.notice.value, app.round_two.notice.value
    nxt = store.next_round(workshop.db, workshop.id)
    assert nxt is not None and nxt.title == "Second round" and nxt.round == 2
    assert nxt.date == datetime.date(2026, 6, 2) and "waiting" not in [i.step for i in store.agenda(workshop.db, nxt.id)]
    shown = text(one(app.root, "fk-round-two-links").value)
    assert nxt.code in shown and "http://host:8866/voila/render/facilitator.ipynb?" in shown
    assert [i.title for i in store.list_ideas(workshop.db, nxt.id, facilitator=True)] == ["Shade on the square"]
    assert "Second round" in " ".join(text(w.value) for w in find(app.root, "fk-workshop-info"))
    assert "fk-hidden" in one(app.root, "fk-round-two-form")._dom_classes
    app.close()
