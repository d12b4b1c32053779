"""Stakeholder mapping: Mendelow quadrants and IAP2 fit, the store's move/merge/hide, the grid page."""

from __future__ import annotations

import math

import numpy as np
import pytest

from facilitation import store

from facilitation.domain import mendelow
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import context

# --- quadrants and the IAP2 fit (pure, table-driven) -------------------------------------------------

QUADRANT_CASES = [
    # power, interest, quadrant
    (5, 5, "manage_closely"), (4, 4, "manage_closely"), (4, 5, "manage_closely"),
    (5, 1, "keep_satisfied"), (4, 3, "keep_satisfied"),
    (1, 5, "keep_informed"), (3, 4, "keep_informed"),
    (1, 1, "monitor"), (3, 3, "monitor"), (2, 3, "monitor"),
]


@pytest.mark.parametrize("power, interest, quadrant", QUADRANT_CASES)
def test_quadrants(power, interest, quadrant):
    assert mendelow.quadrant(power, interest) == quadrant


def test_every_cell_of_the_grid_has_exactly_one_quadrant_and_the_middle_counts_as_low():
    cells = {(p, i): mendelow.quadrant(p, i) for p in range(1, 6) for i in range(1, 6)}
    counts = {q: list(cells.values()).count(q) for q in mendelow.QUADRANTS}
    assert counts == {"manage_closely": 4, "keep_satisfied": 6, "keep_informed": 6, "monitor": 9}


MISMATCH_CASES = [
    # power, interest, level, expected direction (None = fits)
    (5, 5, "inform", "under"), (5, 5, "consult", "under"), (5, 5, "involve", None), (5, 5, "empower", None),
    (5, 1, "inform", "under"), (5, 1, "consult", None), (5, 1, "collaborate", None), (5, 1, "empower", "over"),
    (1, 5, "inform", None), (1, 5, "involve", None), (1, 5, "collaborate", "over"),
    (1, 1, "inform", None), (2, 2, "consult", None), (2, 2, "involve", "over"), (3, 3, "empower", "over"),
]


@pytest.mark.parametrize("power, interest, level, direction", MISMATCH_CASES)
def test_the_iap2_level_against_the_quadrant(power, interest, level, direction):
    m = mendelow.mismatch(power, interest, level)
    if direction is None:
        assert m is None
    else:
        assert m.direction == direction and m.level == level
        assert level not in m.suggested
        assert m.suggested == mendelow.fitting_levels(mendelow.quadrant(power, interest))


def test_unknown_levels_are_refused():
    with pytest.raises(ValueError):
        mendelow.mismatch(3, 3, "ignore")


@pytest.mark.parametrize("value, expected", [(1.0, 1), (3.49, 3), (3.5, 4), (4.6, 5), (-3, 1), (9.2, 5), ("2.4", 2)])
def test_a_dropped_dot_snaps_to_the_nearest_score(value, expected):
    assert mendelow.snap(value) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), None, "high"])
def test_a_forged_position_is_refused(value):
    with pytest.raises(InvalidValue):
        mendelow.snap(value)


def test_dots_sharing_a_cell_fan_out_but_stay_in_it():
    points = [(4, 5), (4, 5), (4, 5), (1, 1)]
    placed = mendelow.spread(points)
    assert placed[3] == (1.0, 1.0)
    assert len({(round(x, 3), round(y, 3)) for x, y in placed[:3]}) == 3
    assert all(mendelow.snap(x) == 4 and mendelow.snap(y) == 5 for x, y in placed[:3])
    assert all(isinstance(c, float) for p in placed for c in p)


# --- the store: who may move, merge and hide ------------------------------------------------------------


@pytest.fixture
def people(workshop):
    ids = {}
    for name, token in (("A", TOKEN_A), ("B", TOKEN_B), ("C", TOKEN_C)):
        ids[name] = store.join(workshop.db, workshop.code, token, name).id
    return ids


def add(workshop, token, name, power=3, interest=3, level="inform", category="public"):
    return store.add_stakeholder(workshop.db, workshop.code, token, name=name, category=category, power=power,
                                 interest=interest, level=level)


def test_the_author_or_the_facilitator_may_move_a_stakeholder_nobody_else(workshop, people):
    st = add(workshop, TOKEN_A, "Water utility")
    moved = store.move_stakeholder(workshop.db, workshop.code, st.id, power=5, interest=4, token=TOKEN_A)
    assert (moved.power, moved.interest) == (5, 4)
    with pytest.raises(NotAllowed):
        store.move_stakeholder(workshop.db, workshop.code, st.id, power=1, interest=1, token=TOKEN_B)
    with pytest.raises(NotAllowed):
        store.move_stakeholder(workshop.db, workshop.code, st.id, power=1, interest=1, key="not-the-key-" * 3)
    with pytest.raises(NotAllowed):
        store.move_stakeholder(workshop.db, workshop.code, st.id, power=1, interest=1)
    moved = store.move_stakeholder(workshop.db, workshop.code, st.id, power=2, interest=1, key=workshop.key)
    assert (moved.power, moved.interest) == (2, 1)
    with pytest.raises(InvalidValue):
        store.move_stakeholder(workshop.db, workshop.code, st.id, power=6, interest=1, token=TOKEN_A)
    with pytest.raises(InvalidValue):
        store.move_stakeholder(workshop.db, workshop.code, "1", power=2, interest=1, token=TOKEN_A)
    with pytest.raises(NotFound):
        store.move_stakeholder(workshop.db, workshop.code, 999, power=2, interest=1, key=workshop.key)
    with workshop.db.read() as conn:
        from sqlalchemy import select

        from facilitation.store import schema as s

        before = conn.execute(select(s.history.c.before).where(s.history.c.table_name == "stakeholders")).scalars().all()
    assert [(b["power"], b["interest"]) for b in before] == [(3, 3), (5, 4)]  # every earlier position is kept


def test_update_changes_level_and_name_and_checks_the_scenario(workshop, people):
    st = add(workshop, TOKEN_A, "Utility")
    up = store.update_stakeholder(workshop.db, workshop.code, st.id, token=TOKEN_A, name="Water utility",
                                  level="collaborate", category="business")
    assert (up.name, up.level, up.category, up.power) == ("Water utility", "collaborate", "business", 3)
    with pytest.raises(InvalidValue):
        store.update_stakeholder(workshop.db, workshop.code, st.id, token=TOKEN_A, scenario_id=12345)
    with pytest.raises(InvalidValue):
        store.update_stakeholder(workshop.db, workshop.code, st.id, token=TOKEN_A, level="ignore")


def test_the_facilitator_merges_duplicates_and_hides_without_losing_data(workshop, people):
    keep = add(workshop, TOKEN_A, "Roads department", 5, 4)
    dup = add(workshop, TOKEN_B, "City roads dept.", 4, 4)
    dup2 = add(workshop, TOKEN_C, "Roads dept", 5, 5)
    with pytest.raises(NotAllowed):
        store.merge_stakeholders(workshop.db, workshop.code, TOKEN_A, keep.id, dup.id)
    store.merge_stakeholders(workshop.db, workshop.code, workshop.key, dup.id, dup2.id)
    kept = store.merge_stakeholders(workshop.db, workshop.code, workshop.key, keep.id, dup.id)
    assert kept.id == keep.id
    assert [s.name for s in store.list_stakeholders(workshop.db, workshop.id)] == ["Roads department"]
    everyone = store.list_stakeholders(workshop.db, workshop.id, include_merged=True)
    assert {s.id: s.merged_into for s in everyone} == {keep.id: None, dup.id: keep.id, dup2.id: keep.id}
    with pytest.raises(InvalidValue):
        store.merge_stakeholders(workshop.db, workshop.code, workshop.key, keep.id, keep.id)
    with pytest.raises(InvalidValue):
        store.merge_stakeholders(workshop.db, workshop.code, workshop.key, keep.id, dup.id)
    with pytest.raises(NotFound):
        store.move_stakeholder(workshop.db, workshop.code, dup.id, power=1, interest=1, key=workshop.key)
    store.set_stakeholder_hidden(workshop.db, workshop.code, workshop.key, keep.id)
    assert store.list_stakeholders(workshop.db, workshop.id) == []
    store.set_stakeholder_hidden(workshop.db, workshop.code, workshop.key, keep.id, False)
    assert len(store.list_stakeholders(workshop.db, workshop.id)) == 1
    with pytest.raises(NotAllowed):
        store.set_stakeholder_hidden(workshop.db, workshop.code, TOKEN_A, keep.id)


# --- the page ----------------------------------------------------------------------------------------------


def view_for(workshop, role: str, token: str | None = None, participant_id: int | None = None, lang: str = "en"):
    from facilitation.ui.steps.stakeholders import StakeholdersView

    ctx = context(workshop.db, workshop.code, lang=lang, token=token, participant_id=participant_id,
                  key=workshop.key if role != "participant" else None)
    return StakeholdersView(ctx, role=role)


def drop(scatter, index: int, x, y) -> None:
    """Deliver the end of a drag as bqplot's browser side sends it (a comm message on the mark)."""
    scatter._handle_custom_msgs(None, {"event": "drag_end", "point": {"x": x, "y": y}, "index": index})


def test_a_participant_adds_a_stakeholder_and_sees_it_on_the_grid(workshop, people):
    view = view_for(workshop, "participant", TOKEN_A, people["A"])
    try:
        assert "fk-view-stakeholders" in view.root._dom_classes
        view.form.name.value = "Heritage conservator"
        view.form.category.value = "public"
        view.form.power.value, view.form.interest.value, view.form.level.value = 5, 5, "inform"
        assert "less engagement" in view.form.preview.value  # the form warns before adding
        assert view.add()
        st = store.list_stakeholders(workshop.db, workshop.id)[0]
        assert (st.name, st.power, st.interest, st.level, st.author_id) == ("Heritage conservator", 5, 5, "inform",
                                                                            people["A"])
        assert view.form.name.value == ""
        grid = view.grid
        assert grid.movable.x.dtype == np.float64 and list(grid.movable.x) == [5.0] and list(grid.movable.y) == [5.0]
        assert list(grid.movable.names) == ["Heritage conservator"]
        assert len(grid.rings.x) == 1  # a mismatch is ringed
        assert "Heritage conservator" in view.mismatches.value and "inform" in view.mismatches.value.lower()
        card = view.wall.cards[st.id]
        assert "fk-stakeholder-mismatched" in card._dom_classes
        assert "Manage closely" in card.body.value
    finally:
        view.close()


def test_empty_names_are_refused_and_the_choices_stay(workshop, people):
    view = view_for(workshop, "participant", TOKEN_A, people["A"])
    try:
        view.form.power.value, view.form.level.value = 4, "consult"
        view.form.name.value = "   "
        assert not view.add()
        assert "name" in view.notice.value
        assert (view.form.power.value, view.form.level.value) == (4, "consult")
        assert store.list_stakeholders(workshop.db, workshop.id) == []
    finally:
        view.close()


def test_dragging_moves_your_own_stakeholder_for_everyone(workshop, people):
    from facilitation.live import Feed

    other = add(workshop, TOKEN_B, "Shop owners", 3, 4, category="business")
    mine = add(workshop, TOKEN_A, "Residents", 2, 5, level="involve", category="civil")
    a = view_for(workshop, "participant", TOKEN_A, people["A"])
    b = view_for(workshop, "participant", TOKEN_B, people["B"])
    feed = Feed(workshop.db, workshop.id)
    feed.subscribe(b.refresh)
    try:
        assert a.grid._movable_ids == [mine.id] and a.grid._fixed_ids == [other.id]
        assert a.grid.movable.enable_move and not a.grid.fixed.enable_move
        drop(a.grid.movable, 0, 4.62, 1.3)
        moved = store.get_stakeholder(workshop.db, mine.id)
        assert (moved.interest, moved.power) == (5, 1)
        assert list(a.grid.movable.x) == [5.0] and list(a.grid.movable.y) == [1.0]  # snapped
        assert "moved to power 1, interest 5" in a.notice.value
        assert "stakeholders" in feed.poll_once()
        assert b.grid._fixed_ids == [mine.id] and b.grid._movable_ids == [other.id]
        assert (b.grid.fixed.x[0], b.grid.fixed.y[0]) == (5.0, 1.0)
        # Forged drops: an index that is not a movable dot, a position that is not a number.
        drop(a.grid.movable, 5, 1, 1)
        drop(a.grid.movable, 0, float("nan"), 2)
        assert store.get_stakeholder(workshop.db, mine.id).power == 1
        # Another participant's page calling move for a dot it does not own is refused by the store.
        assert not b.move(mine.id, 3, 3)
        assert "Only the person who added" in b.notice.value
        assert store.get_stakeholder(workshop.db, mine.id).power == 1
    finally:
        a.close()
        b.close()


def test_editing_your_own_stakeholder_with_the_form(workshop, people):
    mine = add(workshop, TOKEN_A, "Universty", 2, 2, level="consult", category="knowledge")
    theirs = add(workshop, TOKEN_B, "Theirs")
    view = view_for(workshop, "participant", TOKEN_A, people["A"])
    try:
        assert view.wall.cards[mine.id].edit_button.layout.display is None
        assert view.wall.cards[theirs.id].edit_button.layout.display == "none"
        view.start_editing(theirs.id)
        assert view.editing is None and "Only the person" in view.notice.value
        view.wall.cards[mine.id].edit_button.click()
        assert view.editing == mine.id and view.form.name.value == "Universty" and view.form.category.value == "knowledge"
        view.form.name.value = "University of Technology"
        view.form.level.value = "involve"
        assert view.save_edit()
        st = store.get_stakeholder(workshop.db, mine.id)
        assert (st.name, st.level) == ("University of Technology", "involve")
        assert view.editing is None and view.form.name.value == ""
    finally:
        view.close()


def test_the_facilitator_moves_any_dot_hides_and_merges(workshop, people):
    a1 = add(workshop, TOKEN_A, "Roads department", 5, 4, level="collaborate")
    b1 = add(workshop, TOKEN_B, "Road dept <script>", 4, 4, level="involve")
    view = view_for(workshop, "facilitator")
    try:
        assert sorted(view.grid._movable_ids) == sorted([a1.id, b1.id]) and view.grid._fixed_ids == []
        drop(view.grid.movable, view.grid._movable_ids.index(b1.id), 2.1, 2.2)
        assert (store.get_stakeholder(workshop.db, b1.id).power, store.get_stakeholder(workshop.db, b1.id).interest) == (2, 2)
        card = view.wall.cards[b1.id]
        assert "&lt;script&gt;" in card.body.value and "<script>" not in card.body.value
        card.merge_button.click()
        assert view.merging.root.layout.display is None
        view.merging.target.value = a1.id
        view.merging.confirm()
        assert [s.id for s in store.list_stakeholders(workshop.db, workshop.id)] == [a1.id]
        assert b1.id not in view.wall.cards
        view.wall.cards[a1.id].hide_button.click()
        assert store.list_stakeholders(workshop.db, workshop.id) == []
        assert a1.id in view.wall.cards and "Hidden from participants" in view.wall.cards[a1.id].body.value
        assert len(view.grid.movable.x) == 0  # off the grid
        view.wall.cards[a1.id].hide_button.click()
        assert len(store.list_stakeholders(workshop.db, workshop.id)) == 1
    finally:
        view.close()


def test_the_presenter_and_polish_pages_show_the_quadrants_and_their_advice(workshop, people):
    add(workshop, TOKEN_A, "Water utility", 4, 2, level="consult")
    add(workshop, TOKEN_B, "Residents", 2, 5, level="empower")
    view = view_for(workshop, "presenter", lang="pl")
    try:
        assert view.grid._movable_ids == [] and view.form is None
        assert view.advice.value.count("fk-advice ") == 4
        assert view.advice.value != ""  # the four quadrants, in Polish where translated
        assert "Residents" in view.mismatches.value
        assert len(view.grid.rings.x) == 1
        assert all(isinstance(v, float) and math.isfinite(v) for v in view.grid.fixed.x)
    finally:
        view.close()


def test_the_step_modules_load_without_the_heavy_libraries():
    """ipyleaflet and bqplot are imported when a map or a grid is built, not when a module is imported."""
    import subprocess
    import sys

    code = ("import sys; import facilitation.ui.steps.challenge, facilitation.ui.steps.scenarios, facilitation.ui.steps.stakeholders, "
            "facilitation.ui.pages.homework, facilitation.ui.steps; "
            "print(sorted(m for m in ('ipyleaflet', 'bqplot', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
