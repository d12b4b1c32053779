"""Accessibility logic without a browser: pins placed from a list, new ideas announced, scores named."""

from __future__ import annotations

from facilitation import store
from facilitation.domain.geo import anchor

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import open_step, participant

SQUARE = {"type": "Polygon", "coordinates": [[[18.6515, 54.3486], [18.6540, 54.3486], [18.6540, 54.3498],
                                              [18.6515, 54.3498], [18.6515, 54.3486]]]}
UNDERPASS = {"type": "Point", "coordinates": [18.6445, 54.3530]}


def test_a_pin_is_placed_and_moved_from_the_list_of_marked_places(workshop):
    from facilitation.ui.steps.challenge import ChallengeView

    db = workshop.db
    square = store.add_feature(db, workshop.code, workshop.key, geometry=SQUARE, label="Market square", kind="problem")
    store.add_feature(db, workshop.code, workshop.key, geometry=UNDERPASS, label="Underpass", kind="problem")
    view = ChallengeView(participant(workshop, TOKEN_A, "Ala"), role="participant")
    try:
        form = view.pin_form
        assert [label for label, _ in form.where.options][1:] == ["Market square", "Underpass"]
        assert "fk-hidden" not in form.where._dom_classes
        form.where.value = square.id
        assert view.pin_place == tuple(round(v, 6) for v in anchor(SQUARE))
        underpass = [v for _, v in form.where.options][2]
        form.where.value = underpass  # moving the pin: another place from the list
        assert view.pin_place == (54.353, 18.6445)
        form.title.value = "Pump the water away"
        form.scale.value, form.driver.value = "small", "central"
        assert view.pin_idea()
        idea = store.list_ideas(db, workshop.id)[0]
        assert (idea.title, idea.lat, idea.lon) == ("Pump the water away", 54.353, 18.6445)
        assert form.where.value == 0 and view.pin_place is None
        assert form.where.label == "Choose a place…"  # the prompt shows again, not a blank box
    finally:
        view.close()


def test_the_live_region_announces_other_peoples_new_ideas_only(workshop):
    from facilitation.ui.steps.brainstorm import BrainstormView

    ctx = participant(workshop, TOKEN_A, "Ala")
    store.join(workshop.db, workshop.code, TOKEN_B, "Bob")
    view = BrainstormView(ctx)
    try:
        open_step(workshop, "brainstorm")
        store.add_idea(workshop.db, workshop.code, TOKEN_B, title="Shade <b>sails</b>", scale="small", driver="central")
        view.refresh({"ideas"})
        assert "New idea on the wall: Shade &lt;b&gt;sails&lt;/b&gt;" in view.live.root.value
        before = view.live.root.value
        store.add_idea(workshop.db, workshop.code, TOKEN_A, title="My own idea", scale="small", driver="central")
        view.refresh({"ideas"})
        assert view.live.root.value == before  # one's own idea is not announced back
        for title in ("Fountains", "Benches"):
            store.add_idea(workshop.db, workshop.code, TOKEN_B, title=title, scale="large", driver="central")
        view.refresh({"ideas"})
        assert "2 new ideas on the wall" in view.live.root.value
        assert {"fk-live", "fk-sr-only"} <= set(view.live.root._dom_classes)
    finally:
        view.close()


def test_every_score_control_has_a_name(workshop):
    from facilitation.ui.steps.scoring import ScoringView

    store.save_scenario(workshop.db, workshop.code, workshop.key, name="Green corridors", narrative="Trees.")
    ctx = participant(workshop, TOKEN_A, "Ala")
    open_step(workshop, "scoring")
    view = ScoringView(ctx)
    try:
        controls = list(view.form.inputs.values())
        assert controls and all(c.description.endswith(": Green corridors") for c in controls)
        assert all("fk-label-sr" in c._dom_classes for c in controls)
    finally:
        view.close()
