"""Alternative scenarios: the pure comparison, building scenarios in the page, the read-only views."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain.compare import dominant, resolve, shared_ideas, summarise
from facilitation.domain.errors import NotAllowed
from facilitation.domain.records import Idea, Scenario

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import context, facilitator


def idea(i: int, scale="small", driver="central", votes=0, hidden=False, merged_into=None) -> Idea:
    return Idea(workshop_id=1, id=i, title=f"Idea {i}", scale=scale, driver=driver, votes=votes, hidden=hidden,
                merged_into=merged_into)


# --- the comparison (pure, table-driven) -------------------------------------------------------------------

IDEAS = [idea(1, "small", "central", 4), idea(2, "large", "central", 3), idea(3, "large", "individual", 2),
         idea(4, "small", "individual", 1, merged_into=1), idea(5, "small", "individual", 5, hidden=True),
         idea(6, "large", "central", 0, merged_into=4)]


@pytest.mark.parametrize("picked, include_hidden, ids, votes, mix, missing", [
    ((1, 2), True, (1, 2), 7, {("small", "central"): 1, ("large", "central"): 1}, ()),
    ((4,), True, (1,), 4, {("small", "central"): 1}, ()),                 # merged: counts as the kept idea
    ((1, 4, 6), True, (1,), 4, {("small", "central"): 1}, ()),           # a merge chain, counted once
    ((5, 3), True, (5, 3), 7, {("small", "individual"): 1, ("large", "individual"): 1}, ()),
    ((5, 3), False, (3,), 2, {("large", "individual"): 1}, ()),           # participants: hidden left out
    ((99, 2), True, (2,), 3, {("large", "central"): 1}, (99,)),
    ((), True, (), 0, {}, ()),
])
def test_a_scenario_summary_follows_merges_and_counts_each_idea_once(picked, include_hidden, ids, votes, mix,
                                                                        missing):
    s = summarise(Scenario(workshop_id=1, id=1, name="S", idea_ids=picked), IDEAS, include_hidden=include_hidden)
    assert s.idea_ids == ids
    assert s.votes == votes
    assert {k: v for k, v in s.mix.items() if v} == mix
    assert sum(s.mix.values()) == len(ids) and len(s.mix) == 4
    assert s.missing == missing


def test_shared_ideas_and_the_dominant_cell():
    by_id = {int(i.id): i for i in IDEAS}
    assert resolve(6, by_id).id == 1
    a = summarise(Scenario(workshop_id=1, id=1, name="A", idea_ids=(1, 2)), IDEAS)
    b = summarise(Scenario(workshop_id=1, id=2, name="B", idea_ids=(4, 3)), IDEAS)
    assert shared_ideas([a, b]) == {1}
    assert dominant({("small", "central"): 2, ("large", "central"): 1}) == ("small", "central")
    assert dominant({("small", "central"): 1, ("large", "central"): 1}) is None
    assert dominant({("small", "central"): 0}) is None


# --- building scenarios in the page ------------------------------------------------------------------------


@pytest.fixture
def wall(workshop):
    """Four ideas with votes from two participants."""
    db, code = workshop.db, workshop.code
    store.join(db, code, TOKEN_A)
    store.join(db, code, TOKEN_B)
    made = [store.add_idea(db, code, TOKEN_A, title=t, scale=s, driver=d) for t, s, d in [
        ("Depave the market square", "small", "central"), ("Green roofs subsidy", "large", "individual"),
        ("Riverside walkway <b>", "large", "central"), ("Rain barrels", "small", "individual")]]
    for who, target in [(TOKEN_A, 0), (TOKEN_B, 0), (TOKEN_B, 2)]:
        store.vote(db, code, who, made[target].id)
    return made


def facilitator_view(workshop):
    from facilitation.ui.steps.scenarios import ScenariosView

    return ScenariosView(facilitator(workshop), role="facilitator")


def test_the_facilitator_builds_two_scenarios_and_they_are_compared(workshop, wall):
    view = facilitator_view(workshop)
    try:
        assert "No scenarios yet" in view.compare.value
        # Ideas are offered most-voted first.
        assert [b.description.split(" · ")[0] for b in view.idea_box.children][:2] == [
            "Depave the market square", "Riverside walkway <b>"]
        view.name.value = "Quick green wins"
        view.narrative.value = "Small and fast.\nLearn first."
        view._checks[wall[0].id].value = True
        view._checks[wall[3].id].value = True
        case = view.add_case()
        case.title.value, case.city.value = "Temporary street changes", "Leuven"
        case.link.value, case.lesson.value = "https://example.org/leuven", "Trial a change for a season first."
        view.add_case()  # an empty row is ignored
        assert view.save(), view.notice.value
        assert "Build at least two scenarios" in view.compare_head.value
        view.pick.value = 0  # a new one
        assert view.name.value == "" and view.picked == set() and len(view.cases.children) == 0
        view.name.value = "Sponge centre"
        view._checks[wall[1].id].value = True
        view._checks[wall[2].id].value = True
        view._checks[wall[0].id].value = True
        assert view.save()
        saved = store.list_scenarios(workshop.db, workshop.id)
        assert [(s.name, s.idea_ids) for s in saved] == [
            ("Quick green wins", (wall[0].id, wall[3].id)), ("Sponge centre", (wall[0].id, wall[2].id, wall[1].id))]
        assert saved[0].case_studies[0].city == "Leuven" and len(saved[0].case_studies) == 1
        html = view.compare.value
        assert html.count('class="fk-scenario-card"') == 2
        assert "Quick green wins" in html and "Sponge centre" in html
        assert "Riverside walkway &lt;b&gt;" in html and "<b>" not in html.replace("<b>2</b>", "").replace(
            "<b>3</b>", "")
        assert 'href="https://example.org/leuven"' in html and "Trial a change for a season first." in html
        assert "<p>Learn first.</p>" in html
        assert "fk-shared" in html  # the market square is in both
        assert "Build at least two scenarios" not in view.compare_head.value
        # votes carried: 2 + 0 for the first, 2 + 1 + 0 for the second
        assert [s.votes for s in view.summaries] == [2, 3]
    finally:
        view.close()


def test_editing_a_saved_scenario_and_taking_it_out(workshop, wall):
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="First", idea_ids=[wall[0].id],
                        case_studies=[{"title": "Lahti forests", "lesson": "Inventory first"}])
    view = facilitator_view(workshop)
    try:
        first = store.list_scenarios(workshop.db, workshop.id)[0]
        view.pick.value = first.id
        assert (view.name.value, view.picked) == ("First", {wall[0].id})
        assert view.cases.children[0].title.value == "Lahti forests"
        assert view._checks[wall[0].id].value is True
        view.name.value = "First, revised"
        view._checks[wall[1].id].value = True
        assert view.save()
        assert store.list_scenarios(workshop.db, workshop.id)[0].idea_ids == (wall[0].id, wall[1].id)
        assert view.pick.value == 0 and view.name.value == ""  # saved: the editor is ready for a new one
        view.pick.value = first.id
        assert view.remove()
        assert store.list_scenarios(workshop.db, workshop.id) == []
        assert view.pick.value == 0 and "No scenarios yet" in view.compare.value
    finally:
        view.close()


def test_bad_input_is_explained_and_the_typed_text_stays(workshop, wall):
    view = facilitator_view(workshop)
    try:
        view.narrative.value = "A story"
        assert not view.save()
        assert "name" in view.notice.value and view.narrative.value == "A story"
        view.name.value = "With a bad link"
        case = view.add_case()
        case.title.value, case.link.value = "Somewhere", "javascript:alert(1)"
        assert not view.save()
        assert "http" in view.notice.value and case.link.value == "javascript:alert(1)"
        case.title.value = ""
        case.link.value = "https://example.org"
        assert not view.save()
        assert "Case study 1" in view.notice.value
        assert store.list_scenarios(workshop.db, workshop.id) == []
    finally:
        view.close()


def test_a_later_merge_on_the_wall_shows_in_the_editor_and_the_comparison(workshop, wall):
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="S", idea_ids=[wall[3].id, wall[1].id])
    view = facilitator_view(workshop)
    try:
        view.pick.value = store.list_scenarios(workshop.db, workshop.id)[0].id
        store.merge_ideas(workshop.db, workshop.code, workshop.key, wall[1].id, wall[3].id)
        view.refresh({"ideas", "votes"})
        assert wall[3].id not in view._checks
        assert view.picked == {wall[1].id}
        assert view.summaries[0].idea_ids == (wall[1].id,)
    finally:
        view.close()


def test_participants_and_the_presenter_see_the_comparison_read_only(workshop, wall):
    from facilitation.ui.steps.scenarios import ScenariosView

    db = workshop.db
    store.save_scenario(db, workshop.code, workshop.key, name="A <script>x</script>", narrative="N",
                        idea_ids=[wall[0].id, wall[2].id])
    store.save_scenario(db, workshop.code, workshop.key, name="B", idea_ids=[wall[1].id])
    store.set_hidden(db, workshop.code, workshop.key, wall[2].id)
    p = store.participant_for_token(db, workshop.code, TOKEN_A)
    ctx = context(db, workshop.code, lang="pl", token=TOKEN_A, participant_id=p.id)
    for role in ("participant", "presenter"):
        view = ScenariosView(ctx, role=role)
        try:
            assert not hasattr(view, "save_button")
            assert "fk-view-scenarios" in view.root._dom_classes
            html = view.compare.value
            assert html.count('class="fk-scenario-card"') == 2
            assert "&lt;script&gt;" in html and "<script>" not in html
            assert "Riverside" not in html  # hidden from participants
            assert [s.idea_ids for s in view.summaries] == [(wall[0].id,), (wall[1].id,)]
        finally:
            view.close()
    with pytest.raises(NotAllowed):
        store.save_scenario(db, workshop.code, TOKEN_A, name="Forged")
    with pytest.raises(NotAllowed):
        store.set_scenario_hidden(db, workshop.code, TOKEN_A, store.list_scenarios(db, workshop.id)[0].id)


def test_a_new_scenario_from_another_page_reaches_the_comparison_live(workshop, wall):
    from facilitation.live import Feed
    from facilitation.ui.steps.scenarios import ScenariosView

    p = store.participant_for_token(workshop.db, workshop.code, TOKEN_B)
    view = ScenariosView(context(workshop.db, workshop.code, token=TOKEN_B, participant_id=p.id), role="participant")
    feed = Feed(workshop.db, workshop.id)
    feed.subscribe(view.refresh)
    try:
        store.save_scenario(workshop.db, workshop.code, workshop.key, name="Arrives live", idea_ids=[wall[0].id])
        assert "scenarios" in feed.poll_once()
        assert "Arrives live" in view.compare.value
        assert view.summaries[0].votes == 2
        store.vote(workshop.db, workshop.code, TOKEN_A, wall[0].id)
        assert "votes" in feed.poll_once()
        assert view.summaries[0].votes == 3
    finally:
        view.close()


def test_a_case_study_comes_from_the_practice_library_and_is_saved_with_the_scenario(workshop):
    from facilitation.ui.steps.scenarios import ScenariosView

    organiser = store.issue_organiser_key(workshop.db, label="test")
    store.add_practice(workshop.db, organiser, title="Forest inventory", city="Lahti", link="https://example.org/l",
                       lesson="Value the natural assets first.", themes=["nature"])
    store.add_practice(workshop.db, organiser, title="Temporary street changes", city="Leuven")
    view = ScenariosView(context(workshop.db, workshop.code, key=workshop.key), role="facilitator")
    try:
        picker = view.practices
        assert len(picker.choice.options) == 2
        picker.search.value = "lahti forest"
        assert [label for label, _ in picker.choice.options] == ["Forest inventory (Lahti)"]
        picker.choice.value = picker.choice.options[0][1]
        picker.add_button.click()
        picker.choice.value = None  # a forged or empty choice adds nothing
        assert picker.add() is None
        view.name.value = "Nature first"
        assert view.save(), view.notice.value
        saved = store.list_scenarios(workshop.db, workshop.id)[0]
        [case] = saved.case_studies
        assert (case.title, case.city, case.link) == ("Forest inventory", "Lahti", "https://example.org/l")
        assert case.lesson == "Value the natural assets first."
        picker.search.value = "no such words"
        assert picker.choice.options == () and picker.add_button.layout.display == "none"
    finally:
        view.close()
