"""Several cities in one workshop (issue 22): each group's scenarios, scored by that group only (until
the plenary opens them to the room); who may write which group's scenarios; without groups, as before."""

from __future__ import annotations

import html

import pytest

from facilitation import store
from facilitation.domain.errors import NotAllowed, NotFound
from facilitation.domain.groups import ALL_GROUPS

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

TOKEN_D = "participant-token-dddddddddddddddd"
TOKENS = (TOKEN_A, TOKEN_B, TOKEN_C, TOKEN_D)


def _to_step(w, step: str) -> None:
    steps = [a.step for a in store.agenda(w.db, w.id)]
    store.set_phase(w.db, w.code, w.key, steps.index(step))


def _pid(w, token: str) -> int:
    return store.participant_for_token(w.db, w.code, token).id


@pytest.fixture
def cities(workshop):
    """Two cities as groups (balanced: A and C in Kościerzyna, B and D in Mińsk), three scenarios each."""
    w = workshop
    for n, token in enumerate(TOKENS):
        store.join(w.db, w.code, token, f"Person {n + 1}")
    first, second = store.split_into_groups(w.db, w.code, w.key, 2, "balanced")
    store.rename_group(w.db, w.code, w.key, first.id, name="Kościerzyna", city="Kościerzyna")
    store.rename_group(w.db, w.code, w.key, second.id, name="Mińsk", city="Mińsk Mazowiecki")
    own = {g.id: [store.save_scenario(w.db, w.code, w.key, name=f"{g.id}-{n}", group_id=g.id).id for n in "ABC"]
           for g in (first, second)}
    return w, first, second, own


def test_each_group_scores_only_its_own_citys_scenarios(cities):
    w, first, second, own = cities
    crits = store.list_criteria(w.db, w.id)
    assert len(crits) == 5  # the measured defect: 3 scenarios x 5 criteria of the other city on one phone
    assert {g: [i.id for i in store.scoring_items(w.db, w.id, group_id=g)] for g in own} == own
    assert [i.id for i in store.scoring_items(w.db, w.id)] == own[first.id] + own[second.id]
    assert [s.id for s in store.list_scenarios(w.db, w.id, group_id=second.id)] == own[second.id]
    assert {s.group_id for s in store.list_scenarios(w.db, w.id)} == {first.id, second.id}
    _to_step(w, "scoring")
    mine, theirs = own[first.id][0], own[second.id][0]
    assert store.set_scores(w.db, w.code, TOKEN_A, {("scenario", mine, c.id): 3 for c in crits}) == 5
    with pytest.raises(NotFound, match="not being scored"):  # Mińsk's scenario is not Kościerzyna's to score
        store.set_scores(w.db, w.code, TOKEN_A, {("scenario", theirs, crits[0].id): 3})
    assert store.set_scores(w.db, w.code, TOKEN_B, {("scenario", theirs, crits[0].id): 4}) == 1
    results = store.group_results(w.db, w.id, group_id=first.id)
    assert [r["item_id"] for r in results] == own[first.id] and results[0]["participants"] == 1
    assert [r["item_id"] for r in store.group_results(w.db, w.id, group_id=second.id)] == own[second.id]
    # The plenary opens every city's scenarios to the room.
    store.set_plenary(w.db, w.code, w.key, True)
    assert store.set_scores(w.db, w.code, TOKEN_A, {("scenario", theirs, crits[0].id): 2}) == 1
    assert {sc.item_id for sc in store.list_scores(w.db, w.id) if sc.participant_id == _pid(w, TOKEN_A)} == {
        mine, theirs}


def test_a_scenario_of_the_whole_room_is_scored_by_every_group(cities):
    w, first, second, own = cities
    room = store.save_scenario(w.db, w.code, w.key, name="For everyone", group_id=None)
    assert room.group_id is None
    assert [i.id for i in store.scoring_items(w.db, w.id, group_id=first.id)] == own[first.id] + [room.id]
    assert [i.id for i in store.scoring_items(w.db, w.id, group_id=second.id)] == own[second.id] + [room.id]
    assert [s.id for s in store.list_scenarios(w.db, w.id, group_id=None)] == [room.id]


def test_an_edit_keeps_the_scenarios_group_unless_moved(cities):
    w, first, second, own = cities
    sid = own[second.id][1]
    kept = store.save_scenario(w.db, w.code, w.key, name="Renamed", scenario_id=sid)
    assert (kept.name, kept.group_id) == ("Renamed", second.id)
    moved = store.save_scenario(w.db, w.code, w.key, name="Renamed", scenario_id=sid, group_id=first.id)
    assert moved.group_id == first.id
    with pytest.raises(NotFound, match="group"):
        store.save_scenario(w.db, w.code, w.key, name="Nowhere", group_id=first.id + second.id + 99)
    with pytest.raises(NotFound, match="group"):
        store.save_scenario(w.db, w.code, w.key, name="Forged", group_id="1")
    store.remove_group(w.db, w.code, w.key, second.id)
    with pytest.raises(NotFound, match="group"):  # a removed group takes no new scenarios
        store.save_scenario(w.db, w.code, w.key, name="Late", group_id=second.id)


def test_a_group_facilitator_writes_only_their_own_groups_scenarios(cities):
    w, first, second, own = cities
    lead = store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "Kościerzyna lead", group_id=first.id).key
    made = store.save_scenario(w.db, w.code, lead, name="Our own")  # lands in the bound group
    assert made.group_id == first.id
    edited = store.save_scenario(w.db, w.code, lead, name="Our own, revised", scenario_id=made.id,
                                 group_id=first.id)
    assert edited.name == "Our own, revised"
    before = [(s.id, s.name, s.group_id) for s in store.list_scenarios(w.db, w.id)]
    with pytest.raises(NotAllowed, match="their own group"):
        store.save_scenario(w.db, w.code, lead, name="Theirs", group_id=second.id)
    with pytest.raises(NotAllowed, match="their own group"):
        store.save_scenario(w.db, w.code, lead, name="Hijack", scenario_id=own[second.id][0])
    with pytest.raises(NotAllowed, match="their own group"):
        store.save_scenario(w.db, w.code, lead, name="Room", group_id=None)
    with pytest.raises(NotAllowed, match="their own group"):
        store.set_scenario_hidden(w.db, w.code, lead, own[second.id][0], True)
    assert [(s.id, s.name, s.group_id) for s in store.list_scenarios(w.db, w.id)] == before
    store.set_scenario_hidden(w.db, w.code, lead, made.id, True)
    assert made.id not in [s.id for s in store.list_scenarios(w.db, w.id)]
    # An expert's link writes any group's; a participant's token or a presenter's link none.
    expert = store.issue_role_key(w.db, w.code, w.key, "expert", "Eve").key
    assert store.save_scenario(w.db, w.code, expert, name="Expert's", group_id=second.id).group_id == second.id
    presenter = store.issue_role_key(w.db, w.code, w.key, "presenter", "Screen").key
    for key in (presenter, TOKEN_A, "", None):
        with pytest.raises(NotAllowed):
            store.save_scenario(w.db, w.code, key, name="No", group_id=first.id)


def test_without_groups_scenarios_belong_to_the_room_as_before(workshop):
    w = workshop
    store.join(w.db, w.code, TOKEN_A, "Ann")
    a = store.save_scenario(w.db, w.code, w.key, name="A")
    b = store.save_scenario(w.db, w.code, w.key, name="B")
    assert (a.group_id, b.group_id) == (None, None)
    assert store.list_scenarios(w.db, w.id) == store.list_scenarios(w.db, w.id, group_id=ALL_GROUPS) == [a, b]
    assert [i.id for i in store.scoring_items(w.db, w.id)] == [a.id, b.id]
    _to_step(w, "scoring")
    crit = store.list_criteria(w.db, w.id)[0]
    assert store.set_scores(w.db, w.code, TOKEN_A, {("scenario", a.id, crit.id): 3,
                                                    ("scenario", b.id, crit.id): 4}) == 2
    assert store.scoring_data(w.db, w.id).ballots == {_pid(w, TOKEN_A): {
        ("scenario", a.id): {crit.name: 3.0}, ("scenario", b.id): {crit.name: 4.0}}}


# --- the pages (widgets, no browser) -------------------------------------------------------------------------


def _view(ctx, role: str):
    from facilitation.ui.steps.scenarios import ScenariosView

    return ScenariosView(ctx, role=role)


def test_the_editor_works_per_group_and_a_save_never_overwrites_the_previous_one(cities):
    from fixtures_ui import facilitator
    from widgets import find

    w, first, second, own = cities
    view = _view(facilitator(w), "facilitator")
    try:
        [picker] = find(view.root, "fk-scenario-group")
        assert "fk-hidden" not in picker._dom_classes
        assert [v for _label, v in picker.options] == [0, first.id, second.id]
        assert picker.value == first.id  # several cities: the first city's scenarios
        assert [label for label, _v in view.pick.options][1:] == [f"{letter} · {first.id}-{letter}" for letter in "ABC"]
        picker.value = second.id
        assert [v for _label, v in view.pick.options][1:] == own[second.id]
        assert "Kościerzyna" not in view.compare.value and f"{second.id}-A" in view.compare.value
        # Two saves in a row make two scenarios of that city (the bug: the second overwrote the first).
        view.name.value = "Mińsk: green market"
        assert view.save(), view.notice.value
        assert "saved" in view.notice.value and view.pick.value == 0 and view.name.value == ""
        view.name.value = "Mińsk: river park"
        assert view.save(), view.notice.value
        theirs = store.list_scenarios(w.db, w.id, group_id=second.id)
        assert [s.name for s in theirs][-2:] == ["Mińsk: green market", "Mińsk: river park"]
        assert {s.group_id for s in theirs} == {second.id}
        # Editing one keeps its group; "New scenario" empties the editor without touching it.
        view.pick.value = theirs[-1].id
        assert view.name.value == "Mińsk: river park"
        view.name.value = "Mińsk: river park, revised"
        [new] = find(view.root, "fk-scenario-new")
        new.click()
        assert (view.pick.value, view.name.value) == (0, "")
        assert store.list_scenarios(w.db, w.id, group_id=second.id)[-1].name == "Mińsk: river park"
        # The whole room's scenarios are written with the room picked.
        picker.value = 0
        view.name.value = "For both cities"
        assert view.save()
        assert [s.name for s in store.list_scenarios(w.db, w.id, group_id=None)] == ["For both cities"]
    finally:
        view.close()


def test_a_group_facilitators_editor_is_fixed_to_their_group(cities):
    from fixtures_ui import context
    from widgets import find

    w, first, second, own = cities
    lead = store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "Lead", group_id=second.id).key
    view = _view(context(w.db, w.code, key=lead), "facilitator")
    try:
        [picker] = find(view.root, "fk-scenario-group")
        assert [v for _label, v in picker.options] == [second.id] and picker.disabled
        view.name.value = "Ours"
        assert view.save(), view.notice.value
        assert store.list_scenarios(w.db, w.id, group_id=second.id)[-1].name == "Ours"
        with pytest.raises(Exception, match="Invalid selection"):  # another group is not even an option
            picker.value = first.id
        # A forged save of another city's scenario is refused by the store and explained; the text stays.
        view.pick.options = [*view.pick.options, ("forged", own[first.id][0])]
        view.pick.value = own[first.id][0]
        view.name.value = "Hijacked"
        assert not view.save()
        assert "their own group" in view.notice.value and view.name.value == "Hijacked"
    finally:
        view.close()
    assert [s.group_id for s in store.list_scenarios(w.db, w.id) if s.name == "Ours"] == [second.id]
    assert "Hijacked" not in [s.name for s in store.list_scenarios(w.db, w.id)]


def test_each_participant_sees_and_scores_only_their_citys_scenarios(cities):
    from fixtures_ui import context, set_step
    from facilitation.ui.steps.scoring import ScoringView
    from widgets import find

    w, first, second, own = cities
    set_step(w.db, w.code, w.key, "scoring")
    ctx = context(w.db, w.code, token=TOKEN_A, participant_id=_pid(w, TOKEN_A))
    scenarios = _view(ctx, "participant")
    scoring = ScoringView(ctx, role="participant")
    try:
        assert [s.id for s in scenarios.scenarios] == own[first.id]
        assert f"{first.id}-A" in scenarios.compare.value and f"{second.id}-A" not in scenarios.compare.value
        assert "fk-scenario-group-section" not in scenarios.compare.value
        inputs = scoring.form.inputs
        assert len(inputs) == 3 * 5  # its own three scenarios × five criteria (was 2 cities × 3 × 5)
        assert {item_id for _kind, item_id, _cid in inputs} == set(own[first.id])
        assert find(scenarios.root, "fk-scenario-save") == []
    finally:
        scenarios.close()
        scoring.close()


def test_the_presenter_shows_each_groups_scenarios_under_its_name(cities):
    from fixtures_ui import context
    from widgets import text

    w, first, second, own = cities
    store.save_scenario(w.db, w.code, w.key, name="Shared <b>", group_id=None)
    view = _view(context(w.db, w.code, key=w.key), "presenter")
    try:
        html = view.compare.value
        assert html.count('class="fk-scenario-group-section"') == 3
        assert text(html).index("Kościerzyna") < text(html).index(f"{first.id}-A") < text(html).index("Mińsk")
        assert "The whole room" in html and "Shared &lt;b&gt;" in html and "<b>" not in html.replace(
            "<b>0</b>", "")
    finally:
        view.close()


def test_the_export_and_the_report_show_each_groups_scenarios_and_results(cities):
    from facilitation.outputs import export
    from facilitation.outputs.report import build_report
    from widgets import text

    w, first, second, own = cities
    crits = store.list_criteria(w.db, w.id)
    _to_step(w, "scoring")
    best, worst = own[first.id][1], own[first.id][0]
    store.set_scores(w.db, w.code, TOKEN_A, {**{("scenario", best, c.id): c.scale_max for c in crits},
                                             **{("scenario", worst, c.id): c.scale_min for c in crits}})
    store.set_scores(w.db, w.code, TOKEN_B, {("scenario", own[second.id][2], c.id): 3 for c in crits})
    workshop = store.get_workshop(w.db, w.code)
    tables = export.workshop_tables(w.db, workshop)
    assert {r["name"]: r["group"] for r in tables["scenarios"]} == {
        **{f"{first.id}-{n}": "Kościerzyna" for n in "ABC"}, **{f"{second.id}-{n}": "Mińsk" for n in "ABC"}}
    report = build_report(workshop, tables)
    sections = report.split('class="fk-report-group"')[1:]
    assert len(sections) == 2
    north = html.unescape(text(sections[0]))
    assert "This group's scenarios" in north and f"{first.id}-A" in north and f"{second.id}-A" not in north
    ranking = sections[0].split("fk-report-group-results")[1].split("</table>")[0]
    assert text(ranking).index(f"{first.id}-B") < text(ranking).index(f"{first.id}-A")  # its own scores' ranking
    assert f"{second.id}-C" in text(sections[1].split("fk-report-group-results")[1])


def test_in_the_plenary_a_participant_sees_and_may_score_every_citys_scenarios(cities):
    from fixtures_ui import context, set_step
    from facilitation.ui.steps.scoring import ScoringView

    w, first, second, own = cities
    set_step(w.db, w.code, w.key, "scoring")
    store.set_plenary(w.db, w.code, w.key, True)
    ctx = context(w.db, w.code, token=TOKEN_B, participant_id=_pid(w, TOKEN_B))
    scenarios = _view(ctx, "participant")
    scoring = ScoringView(ctx, role="participant")
    try:
        assert scenarios.compare.value.count('class="fk-scenario-group-section"') == 2
        assert {item_id for _kind, item_id, _cid in scoring.form.inputs} == set(own[first.id] + own[second.id])
    finally:
        scenarios.close()
        scoring.close()


def test_a_removed_groups_facilitator_gets_an_explained_refusal(cities):
    from fixtures_ui import context

    w, first, second, own = cities
    lead = store.issue_role_key(w.db, w.code, w.key, "group-facilitator", "Lead", group_id=second.id).key
    store.remove_group(w.db, w.code, w.key, second.id)
    view = _view(context(w.db, w.code, key=lead), "facilitator")
    try:
        view.name.value = "Orphan"
        assert not view.save()
        assert view.notice.value and view.name.value == "Orphan"
    finally:
        view.close()
    assert "Orphan" not in [s.name for s in store.list_scenarios(w.db, w.id)]
