"""The pure helpers behind the scoring views, on hand-computed cases."""

from __future__ import annotations

import pytest

from facilitation import scoring

from facilitation.scoring import results as scoring_views
from facilitation.domain.records import Criterion

IMPACT = Criterion(name="Impact", weight=3, direction="higher", scale_min=0, scale_max=5)
COST = Criterion(name="Cost", weight=1, direction="lower", scale_min=0, scale_max=5)
MOOD = Criterion(name="Mood", weight=1, direction="higher", scale_min=-2, scale_max=2)

BALLOTS = {
    "a": {"X": {"Impact": 5, "Cost": 1, "Mood": -2}, "Y": {"Impact": 2, "Cost": 0}},
    "b": {"X": {"Impact": 4, "Cost": None, "Mood": 2}, "Y": {"Impact": 3, "Cost": 5, "Mood": 0}},
    "c": {"X": {"Impact": 5}},
    "d": {},
}


def test_distribution_counts_values_and_keeps_dont_know_apart():
    d = scoring_views.distribution(BALLOTS, "X", IMPACT)
    assert d.counts == {0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 2} and d.dont_know == 0
    assert d.n == 3 and d.peak == 2 and d.mean == pytest.approx(14 / 3)
    cost = scoring_views.distribution(BALLOTS, "X", COST)
    assert cost.counts[1] == 1 and cost.n == 1 and cost.dont_know == 1 and cost.mean == 1
    mood = scoring_views.distribution(BALLOTS, "X", MOOD)
    assert list(mood.counts) == [-2, -1, 0, 1, 2] and mood.counts[-2] == mood.counts[2] == 1
    assert scoring_views.distribution(BALLOTS, "Z", IMPACT).mean is None


def test_progress_counts_started_and_complete_ballots():
    p = scoring_views.progress(BALLOTS, ["X", "Y"], [IMPACT, COST, MOOD])
    # b answered all six cells (one "don't know" counts as an answer); a missed Y × Mood; d nothing.
    assert (p.started, p.complete, p.cells) == (3, 1, 6)


@pytest.mark.parametrize("spread, label", [(None, "none"), (0.0, "close"), (0.099, "close"), (0.1, "mixed"),
                                           (0.199, "mixed"), (0.2, "split"), (0.5, "split")])
def test_closeness(spread, label):
    assert scoring_views.closeness(spread) == label


def test_leave_one_out_rows_name_the_criterion_that_decides():
    # X wins on Impact only; Y wins on Cost (lower is better). Without Impact, Y comes first.
    ballots = {"a": {"X": {"Impact": 5, "Cost": 5}, "Y": {"Impact": 1, "Cost": 0}}}
    rows = scoring_views.leave_one_out_rows(ballots, ["X", "Y"], [IMPACT, COST])
    assert [(r.criterion, r.first, r.top_changed, r.reversals) for r in rows] == [
        ("Impact", ("Y",), True, 1), ("Cost", ("X",), False, 0)]


def test_robustness_follows_the_weights_given():
    ballots = {"a": {"X": {"Impact": 5, "Cost": 5}, "Y": {"Impact": 1, "Cost": 0}}}
    # Workshop weights 3 : 1 -> X 0.75, Y 0.45. With Impact 0.5 : 1 -> X 1/3, Y (0.1 + 1) / 1.5 = 0.733.
    base = scoring_views.robustness(ballots, ["X", "Y"], [IMPACT, COST])
    assert scoring_views.firsts(base.results) == ("X",) and base.reversals == 0
    assert base.stability == {"X": 1.0, "Y": 0.0} and base.draws == scoring_views.STABILITY_DRAWS
    (swap_impact, swap_cost) = base.swap
    # Y ties X when Impact's weight w gives (w * 1.0) / (w + 1) = (w * 0.2 + 1) / (w + 1): w = 1.25.
    assert swap_impact.crossing_weight == pytest.approx(1.25) and swap_cost.crossing_weight == pytest.approx(2.4)
    moved = scoring_views.robustness(ballots, ["X", "Y"], [IMPACT, COST], {"Impact": 0.5})
    assert scoring_views.firsts(moved.results) == ("Y",) and moved.reversals == 1
    assert moved.results[0].score == pytest.approx(1.1 / 1.5)
    assert moved.weights == {"Impact": 0.5, "Cost": 1.0}


def test_contested_range_reads_the_extremes_of_the_contested_cell():
    agreement = scoring.agreement(BALLOTS, ["X", "Y"], [IMPACT, COST, MOOD])
    assert agreement.most_contested == ("X", "Mood")  # -2 and +2 on a -2..2 scale: half the range
    assert scoring_views.contested_range(BALLOTS, agreement, [IMPACT, COST, MOOD]) == (-2, 2)
