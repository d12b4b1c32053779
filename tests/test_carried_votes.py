"""Carried votes (issue 22): round 2's copies of round-1 ideas count the votes they carried wherever votes
are shown or exported, the carried part told apart, and never out of a participant's round-2 budget."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.i18n import translator
from facilitation.outputs import export
from facilitation.outputs.report import build_report
from facilitation.outputs.rounds import round_comparison, round_comparison_html

from conftest import TOKEN_A, TOKEN_B, TOKEN_C

from test_round2 import round_one  # noqa: F401 - the fixture: round 1 in two groups, ideas voted

DORA = "participant-token-round-two-dddddddd"


@pytest.fixture
def round_two(round_one):  # noqa: F811 - the fixture imported above
    """Round 2 from round 1 (Street trees carried 2 votes, Shaded benches and Night ferry 1); Dora joins and
    puts one dot on Shaded benches, so it has 2 votes: 1 from round 1 and 1 from round 2."""
    w, _ideas = round_one
    created = store.create_round_two(w.db, w.code, w.key, date="2026-04-20")
    two = created.workshop
    store.join(w.db, two.code, DORA, "Dora")
    carried = {i.title: i for i in store.list_ideas(w.db, two.id, facilitator=True)}
    steps = [a.step for a in store.agenda(w.db, two.id)]
    store.set_phase(w.db, two.code, created.key, steps.index("vote"))
    store.move_participant(w.db, two.code, created.key, store.participant_for_token(w.db, two.code, DORA).id,
                           carried["Shaded benches"].group_id)
    store.vote(w.db, two.code, DORA, carried["Shaded benches"].id)
    return w, two, created.key, carried


def test_carried_votes_count_and_never_use_the_round_two_budget(round_two):
    w, two, key, carried = round_two
    ideas = {i.title: i for i in store.list_ideas(w.db, two.id, facilitator=True)}
    assert {t: (i.votes, i.carried_votes, i.total_votes) for t, i in ideas.items()} == {
        "Street trees": (0, 2, 2), "Shaded benches": (1, 1, 2), "Night ferry": (0, 1, 1)}
    dora = store.participant_for_token(w.db, two.code, DORA).id
    assert store.votes_left(w.db, two.id, dora) == two.vote_budget - 1  # only her own dot
    assert store.my_votes(w.db, two.id, dora) == {carried["Shaded benches"].id: 1}
    # The top-voted ideas to score count carried votes (an idea with no round-2 dot included).
    store.set_scoring_items(w.db, two.code, key, "ideas", top=2)
    top = store.scoring_items(w.db, two.id)
    assert [(i.title, i.votes) for i in top] == [("Street trees", 2), ("Shaded benches", 2)]


def test_the_exports_the_rounds_comparison_and_the_plenary_count_carried_votes(round_two):
    w, two, key, carried = round_two
    store.save_scenario(w.db, two.code, key, name="Shade first",
                        idea_ids=[carried["Street trees"].id, carried["Shaded benches"].id])
    tables = export.workshop_tables(w.db, two)
    rows = {r["title"]: r for r in tables["ideas"]}
    assert {t: (r["votes"], r["carried_votes"]) for t, r in rows.items()} == {
        "Street trees": (2, 2), "Shaded benches": (2, 1), "Night ferry": (1, 1)}
    assert tables["scenarios"][0]["votes"] == 4
    [one, second] = round_comparison(w.db)[0].rounds
    assert (second.votes, second.carried_votes, second.total_votes) == (1, 4, 5)
    html = round_comparison_html(translator("en"), round_comparison(w.db))
    assert "Votes, carried ones included" in html and '<td class="fk-n">5</td>' in html
    summaries = {s.group.id: s for s in store.group_summaries(w.db, two.code, key)}
    by_group = {g: sum(i.total_votes for i in store.list_ideas(w.db, two.id, facilitator=True) if i.group_id == g)
                for g in summaries}
    assert {g: s.votes for g, s in summaries.items()} == by_group and sum(by_group.values()) == 5
    report = build_report(two, tables)
    assert "Street trees" in report and "Shade first" in report


def test_the_cards_the_vote_step_and_the_scenario_editor_show_the_carried_part(round_two):
    from fixtures_ui import context
    from facilitation.ui.kit.ideas import IdeaCard, ranking_html
    from facilitation.ui.steps.scenarios import ScenariosView
    from widgets import text

    w, two, key, carried = round_two
    t = translator("en")
    benches = next(i for i in store.list_ideas(w.db, two.id) if i.title == "Shaded benches")
    card = IdeaCard(t, benches, voting=True)
    try:
        assert text(card.body.value).endswith("2 1 from the previous round")
        assert 'title="2 votes (1 from the previous round)"' in card.body.value
    finally:
        card.close()
    ranked = ranking_html(t, store.list_ideas(w.db, two.id))
    assert text(ranked) == ("1 Street trees 2 from the previous round 2 1 Shaded benches 1 from the previous round 2 "
                            "3 Night ferry 1 from the previous round 1")  # ties share a rank, older first
    editor = ScenariosView(context(w.db, two.code, key=key), role="facilitator")
    try:
        labels = [b.description for b in editor.idea_box.children]
        assert any(label.startswith("Street trees · 2 votes (2 from the previous round)") for label in labels)
    finally:
        editor.close()
    pl = translator("pl")
    assert pl.ngettext("{n} vote ({carried} from the previous round)", "{n} votes ({carried} from the previous round)",
                       5).format(n=5, carried=2) != "5 votes (2 from the previous round)"  # translated


def test_a_participants_round_two_vote_cards_show_the_carried_votes(round_two):
    from fixtures_ui import context
    from facilitation.ui.steps.vote import VoteView
    from widgets import find, text

    w, two, key, carried = round_two
    dora = store.participant_for_token(w.db, two.code, DORA).id
    view = VoteView(context(w.db, two.code, token=DORA, participant_id=dora), role="participant")
    try:
        counts = {text(c.body.value).split(" ")[0]: c for c in find(view.root, "fk-idea-card")}
        bodies = [c.body.value for c in find(view.root, "fk-idea-card")]
        assert any("Shaded benches" in b and "fk-count-carried" in b and "1 from the previous round" in b
                   for b in bodies)
        assert counts  # the wall shows the group's carried ideas
    finally:
        view.close()
