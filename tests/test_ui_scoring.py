"""Widget tests of the scoring step (no browser): built with a Context, driven like a user would."""

from __future__ import annotations


import ipywidgets as widgets
import pytest

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from facilitation import store
from facilitation.i18n import translator
from facilitation.ui.steps.scoring import DONT_KNOW, GroupView, ScoringView
from fixtures_ui import context, facilitator, open_step
from fixtures_ui import participant as joined
from widgets import walk, text, find as having


def participant(w, token: str):
    """A participant's scoring page that knows only its device token (the view finds the participant)."""
    return joined(w, token, known=False)


@pytest.fixture
def room(workshop):
    """Two scenarios, the template's five criteria, the scoring step open."""
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="Green corridors", narrative="Trees")
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="Car-free centre")
    open_step(workshop, "scoring")
    return workshop


def fill(view: ScoringView, value_for) -> None:
    """Set every control: ``value_for(item_title, criterion_name)`` gives the value."""
    setup = store.scoring_setup(view.ctx.db, view.ctx.workshop.id)
    titles = {(i.kind, i.id): i.title for i in setup.items}
    names = {c.id: c.name for c in setup.criteria}
    for (kind, item_id, cid), control in view.form.inputs.items():
        control.value = value_for(titles[(kind, item_id)], names[cid])


def test_one_control_per_item_and_criterion(room):
    view = ScoringView(participant(room, TOKEN_A), role="participant")
    assert "fk-view-scoring" in view.root._dom_classes
    inputs = having(view.root, "fk-score-input")
    assert len(inputs) == 2 * 5 == len(view.form.inputs)
    assert all(isinstance(w, widgets.Dropdown) for w in inputs)
    labels = [label for label, _ in inputs[0].options]
    assert labels[0] == "Choose…" and labels[-1] == "Don’t know" and "0 (lowest)" in labels
    assert len(having(view.root, "fk-score-submit")) == 1
    # Participants get no facilitator controls at all.
    for css in ("fk-criterion-save", "fk-criterion-add", "fk-criterion-remove", "fk-results-reveal",
                "fk-scoring-items", "fk-ranking"):
        assert having(view.root, css) == []


def test_scores_saved_and_changed(room):
    ctx = participant(room, TOKEN_A)
    view = ScoringView(ctx, role="participant")
    fill(view, lambda item, crit: 4 if item == "Green corridors" else 1)
    view.form.submit.click()
    assert "Saved" in view.form.notice.value
    saved = store.my_scores(room.db, room.id, ctx.participant_id)
    assert len(saved) == 10 and sorted(set(saved.values())) == [1.0, 4.0]
    key = next(k for k in view.form.inputs if k[0] == "scenario")
    view.form.inputs[key].value = 2
    assert "not saved yet" in view.form.status.value
    view.form.submit.click()
    assert store.my_scores(room.db, room.id, ctx.participant_id)[key] == 2.0
    # A new page (reload) shows what is stored.
    again = ScoringView(context(room.db, room.code, token=TOKEN_A), role="participant")
    assert again.form.inputs[key].value == 2


def test_dont_know_is_kept_apart_from_zero(room):
    ctx = participant(room, TOKEN_A)
    view = ScoringView(ctx, role="participant")
    setup = store.scoring_setup(room.db, room.id)
    green = setup.items[0].key
    co2, acceptance = setup.criteria[0].id, setup.criteria[2].id
    view.form.inputs[(*green, co2)].value = 0
    view.form.inputs[(*green, acceptance)].value = DONT_KNOW
    view.form.submit.click()
    saved = store.my_scores(room.db, room.id, ctx.participant_id)
    assert saved == {(*green, co2): 0.0, (*green, acceptance): None}
    rows = {r["criterion"]: r for r in store.score_rows(room.db, room.id)}
    assert rows["CO2 reduction"]["value"] == 0 and not rows["CO2 reduction"]["dont_know"]
    assert rows["Social acceptance"]["value"] is None and rows["Social acceptance"]["dont_know"]
    assert "8 still open" in view.form.notice.value
    again = ScoringView(context(room.db, room.code, token=TOKEN_A), role="participant")
    assert again.form.inputs[(*green, acceptance)].value == DONT_KNOW
    assert again.form.inputs[(*green, co2)].value == 0
    # Don't know is left out of the group numbers; the zero counts.
    group = GroupView(facilitator(room))
    result = next(r for r in group.results if r.item == green)
    assert result.per_criterion["Social acceptance"] is None and result.per_criterion["CO2 reduction"] == 0
    assert "? 1" in group.charts.value


def test_nothing_chosen_saves_nothing(room):
    view = ScoringView(participant(room, TOKEN_A), role="participant")
    view.form.submit.click()
    assert store.score_rows(room.db, room.id) == []
    assert "first" in text(view.form.notice.value)


def test_ranking_updates_when_scores_change(room):
    fac = ScoringView(facilitator(room), role="facilitator")
    assert having(fac.root, "fk-ranking") and having(fac.root, "fk-agreement")
    a = ScoringView(participant(room, TOKEN_A), role="participant")
    b = ScoringView(participant(room, TOKEN_B), role="participant")
    fill(a, lambda item, crit: 5 if item == "Green corridors" else 1)
    a.form.submit.click()
    fill(b, lambda item, crit: 4 if item == "Green corridors" else 2)
    b.form.submit.click()
    fac.refresh({"scores"})
    ranking = text(fac.group.ranking.value)
    assert ranking.index("Green corridors") < ranking.index("Car-free centre")
    assert "Scored by" in ranking and "2 of 2 participants have scored" in text(fac.group.header.value)
    assert "Agreement" in text(fac.group.agreement.value)
    # Both participants change their minds: the order flips on the next refresh.
    fill(a, lambda item, crit: 0 if item == "Green corridors" else 5)
    a.form.submit.click()
    fill(b, lambda item, crit: 1 if item == "Green corridors" else 3)
    b.form.submit.click()
    fac.refresh({"scores"})
    ranking = text(fac.group.ranking.value)
    assert ranking.index("Car-free centre") < ranking.index("Green corridors")


def test_agreement_names_the_most_contested_cell(room):
    fac = GroupView(facilitator(room))
    views = [ScoringView(participant(room, tok), role="participant") for tok in (TOKEN_A, TOKEN_B, TOKEN_C)]
    for n, view in enumerate(views):
        # Everyone agrees Green corridors is better; on Car-free centre × Cost they split 0 / 5 / 0.
        fill(view, lambda item, crit, n=n: (5 if n == 1 else 0) if (item, crit) == ("Car-free centre", "Cost")
             else (4 if item == "Green corridors" else 2))
        view.form.submit.click()
    fac.refresh({"scores"})
    agreement = text(fac.agreement.value)
    assert "Strong agreement" in agreement and "W = 1.00" in agreement
    assert "Most contested: Car-free centre — Cost" in agreement
    assert "fk-sc-hot" in fac.charts.value


def test_sliders_rerank_at_once(room):
    setup = store.scoring_setup(room.db, room.id)
    green, car = (i.key for i in setup.items)
    a = ScoringView(participant(room, TOKEN_A), role="participant")
    # Green corridors wins on CO2 only (weight 3); Car-free centre wins on every other criterion
    # (a higher value on the "higher is better" ones, a lower value on Cost and Time to implement).
    # Workshop weights: Green (3*1 + 2*.4 + 2*.4 + .4 + .4) / 9 = .6, Car (0 + 1.2 + 1.2 + .6 + .6) / 9 = .4;
    # CO2 weight 0.5: Green 2.9 / 6.5 = .446, Car 3.6 / 6.5 = .554.
    lower = {"Cost", "Time to implement"}
    fill(a, lambda item, crit: (5 if item == "Green corridors" else 0) if crit == "CO2 reduction"
         else (2 if (item == "Green corridors") != (crit in lower) else 3))
    a.form.submit.click()
    group = GroupView(facilitator(room))
    panel = group.robustness
    assert [r.item for r in panel.last.results] == [green, car]
    assert "Same order" in text(panel.whatif.value)
    # Car ties when CO2's weight w gives (w + 2.4) / (w + 6) = 3.6 / (w + 6): w = 1.2.
    assert "Car-free centre draws level with Green corridors if the weight of CO2 reduction goes from 3.0 to 1.2" \
        in text(panel.swap.value)
    loo = text(panel.loo.value)
    assert "CO2 reduction Car-free centre changes 1" in loo and "Cost Green corridors same 0" in loo
    assert panel.last.stability[green] == 1.0
    verdict = text(panel.verdict.value)
    assert "depends on the weights" in verdict and "Leaving out CO2 reduction changes who ranks first" in verdict
    sliders = having(panel.root, "fk-weight-slider")
    assert len(sliders) == 5
    panel.sliders["CO2 reduction"].value = 0.5
    whatif = text(panel.whatif.value)
    assert whatif.index("Car-free centre") < whatif.index("Green corridors")
    assert "1 Car-free centre 55 2 Green corridors 45" in whatif
    assert "1 pair of items swaps places" in whatif
    # The workshop's own weights and ranking are untouched.
    assert store.list_criteria(room.db, room.id)[0].weight == 3
    assert [r.item for r in group.results] == [green, car]
    assert "Green corridors draws level with Car-free centre" in text(panel.swap.value)
    panel.reset.click()
    assert panel.sliders["CO2 reduction"].value == 3
    assert [r.item for r in panel.last.results] == [green, car]


def test_facilitator_edits_criteria_and_participant_form_follows(room):
    fac = ScoringView(facilitator(room), role="facilitator")
    part = ScoringView(participant(room, TOKEN_A), role="participant")
    first = next(iter(part.form.inputs))
    part.form.inputs[first].value = 3  # chosen, not saved yet
    editor = fac.setup_panel.editor
    assert len(having(editor.root, "fk-criterion-row")) == 5
    cid = store.list_criteria(room.db, room.id)[0].id
    having(editor.root, "fk-criterion-edit")[0].click()
    assert editor.editing == cid and editor.fields["name"].value == "CO2 reduction"
    editor.fields["name"].value = "CO2 cut"
    editor.fields["weight"].value = 5
    editor.save_button.click()
    assert "Saved" in editor.notice.value and editor.form.layout.display == "none"
    c = store.list_criteria(room.db, room.id)[0]
    assert (c.name, c.weight) == ("CO2 cut", 5)
    assert "CO2 cut" in having(editor.root, "fk-criterion-row")[0].children[0].value
    editor.add_button.click()
    assert editor.editing is None and editor.fields["name"].value == ""
    editor.fields["name"].value = "Air quality"
    editor.fields["direction"].value = "higher"
    editor.save_button.click()
    assert [c.name for c in store.list_criteria(room.db, room.id)][-1] == "Air quality"
    assert len(having(editor.root, "fk-criterion-row")) == 6
    part.refresh({"criteria"})
    assert len(part.form.inputs) == 2 * 6
    assert "CO2 cut" in "".join(w.value for w in walk(part.root) if isinstance(w, widgets.HTML))
    assert part.form.inputs[first].value == 3  # the unsaved choice survived
    # A bad edit says why and keeps what was typed.
    editor.open_form(cid)
    editor.fields["scale_min"].value = 5
    editor.fields["scale_max"].value = 5
    editor.save_button.click()
    assert "fk-notice-error" in editor.notice.value and editor.fields["scale_max"].value == 5
    assert editor.form.layout.display is None  # the form stays open with the typed values
    # Removing a criterion.
    air = store.list_criteria(room.db, room.id)[-1].id
    editor.open_form(air)
    editor.remove_button.click()
    assert "Removed" in editor.notice.value and len(store.list_criteria(room.db, room.id)) == 5


def test_criteria_lock_after_the_first_score(room):
    fac = ScoringView(facilitator(room), role="facilitator")
    part = ScoringView(participant(room, TOKEN_A), role="participant")
    editor = fac.setup_panel.editor
    editor.open_form(store.list_criteria(room.db, room.id)[0].id)
    next(iter(part.form.inputs.values())).value = 1
    part.form.submit.click()
    fac.refresh({"scores"})
    assert editor.editable.layout.display == "none" and editor.form.layout.display == "none"
    assert "locked" in editor.locked_note.value and "fk-criteria-table" in editor.locked_note.value
    assert having(editor.root, "fk-criterion-edit") == []
    assert fac.setup_panel.source.disabled
    # A forged save (the form is hidden, but a browser can still send the click) is refused by the store.
    cid = store.list_criteria(room.db, room.id)[0].id
    editor.open_form(cid)
    editor.fields["weight"].value = 9
    editor.save()
    assert "fk-notice-error" in editor.notice.value
    assert store.list_criteria(room.db, room.id)[0].weight == 3


def test_a_page_without_the_key_cannot_edit_or_reveal(room):
    """A participant's page forging the facilitator's controls is refused by the store."""
    forged = context(room.db, room.code, key=TOKEN_A)
    store.join(room.db, room.code, TOKEN_A)
    view = ScoringView(forged, role="facilitator")
    editor = view.setup_panel.editor
    cid = store.list_criteria(room.db, room.id)[0].id
    editor.open_form(cid)
    editor.fields["weight"].value = 50
    editor.save()
    assert "Only the facilitator" in editor.notice.value
    editor.remove()
    assert "Only the facilitator" in editor.notice.value
    editor.open_form(None)
    editor.fields["name"].value = "Sneaky"
    editor.save()
    assert "Only the facilitator" in editor.notice.value
    view.setup_panel.toggle_reveal()
    assert "Only the facilitator" in view.setup_panel.notice.value
    view.setup_panel.source.value = "ideas"
    assert "Only the facilitator" in view.setup_panel.notice.value
    assert view.setup_panel.source.value == "scenarios"  # back to what the store says
    setup = store.scoring_setup(room.db, room.id)
    assert not setup.revealed and setup.source == "scenarios"
    assert [c.weight for c in setup.criteria] == [3, 2, 2, 1, 1] and len(setup.criteria) == 5


def test_reveal_shows_results_to_participants(room):
    fac = ScoringView(facilitator(room), role="facilitator")
    part = ScoringView(participant(room, TOKEN_A), role="participant")
    assert having(part.root, "fk-ranking") == []
    fac.setup_panel.reveal.click()
    assert store.scoring_setup(room.db, room.id).revealed
    assert fac.setup_panel.reveal.description == "Hide results from participants"
    part.refresh({"workshop"})
    assert len(having(part.root, "fk-ranking")) == 1 and having(part.root, "fk-agreement")
    assert having(part.root, "fk-robustness") == []  # behind a button on phones
    having(part.root, "fk-robustness-open")[0].click()
    assert len(having(part.root, "fk-robustness")) == 1
    fac.setup_panel.reveal.click()
    part.refresh({"workshop"})
    assert having(part.root, "fk-ranking") == []


def test_scoring_the_top_voted_ideas(room):
    db, code = room.db, room.code
    for token in (TOKEN_A, TOKEN_B):
        store.join(db, code, token)
    idea = store.add_idea(db, code, TOKEN_A, title="Rain gardens", scale="small", driver="central")
    store.add_idea(db, code, TOKEN_B, title="No votes", scale="large", driver="central")
    open_step(room, "vote")
    store.vote(db, code, TOKEN_B, idea.id)
    open_step(room, "scoring")
    fac = ScoringView(facilitator(room), role="facilitator")
    fac.setup_panel.source.value = "ideas"
    assert store.scoring_setup(db, room.id).source == "ideas"
    assert "Rain gardens" in fac.setup_panel.items.value and "No votes" not in fac.setup_panel.items.value
    part = ScoringView(participant(room, TOKEN_A), role="participant")
    assert {k[:2] for k in part.form.inputs} == {("idea", idea.id)}


def test_closed_step_refuses_and_keeps_the_choice(room):
    view = ScoringView(participant(room, TOKEN_A), role="participant")
    key = next(iter(view.form.inputs))
    view.form.inputs[key].value = 5
    open_step(room, "feedback")
    view.form.save()
    assert "closed" in view.form.notice.value and view.form.inputs[key].value == 5
    assert store.score_rows(room.db, room.id) == []


def test_user_text_is_escaped_everywhere(room):
    evil = '<img src=x onerror="alert(1)">'
    store.save_scenario(room.db, room.code, room.key, name=evil, narrative=evil)
    crit = store.list_criteria(room.db, room.id)[0]
    store.update_criterion(room.db, room.code, room.key, crit.id, name="<b>CO2</b>", description=evil)
    part = ScoringView(participant(room, TOKEN_A), role="participant")
    fill(part, lambda item, crit: 3)
    part.form.submit.click()
    fac = ScoringView(facilitator(room), role="facilitator")
    html = "".join(w.value for w in walk(fac.root) if isinstance(w, widgets.HTML))
    html += "".join(w.value for w in walk(part.root) if isinstance(w, widgets.HTML))
    assert "<img" not in html and "<b>CO2" not in html
    assert "&lt;img" in html and "&lt;b&gt;CO2" in html


def test_presenter_shows_the_group_view(room):
    view = ScoringView(context(room.db, room.code), role="presenter")
    assert having(view.root, "fk-ranking") and having(view.root, "fk-robustness")
    assert having(view.root, "fk-score-input") == [] and having(view.root, "fk-criterion-save") == []
    view.refresh({"scores"})
    view.close()


def test_polish_page(room):
    ctx = participant(room, TOKEN_A)
    ctx.t = translator("pl")
    view = ScoringView(ctx, role="participant")
    labels = [label for label, _ in next(iter(view.form.inputs.values())).options]
    assert labels[-1] == "Nie wiem" and view.form.submit.description == "Zapisz moje oceny"
