"""Tests of facilitation.scoring. Every expected number is worked out by hand in a comment
(or taken from a published reference), never copied from the code's output."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.domain.records import Criterion
from facilitation.scoring import (
    Agreement,
    ItemResult,
    agreement,
    agreement_label,
    group_result,
    individual_results,
    kendalls_w,
    leave_one_out,
    normalise,
    rank,
    rank_reversals,
    rank_stability,
    swap_weight,
    weighted_sum,
)


def crit(name, lo=0, hi=5, direction="higher", weight=1.0):
    return Criterion(name=name, weight=weight, direction=direction, scale_min=lo, scale_max=hi)


def by_item(results):
    return {r.item: r for r in results}


# --- normalise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lo, hi, direction, method, value, expected",
    [
        (0, 5, "higher", "minmax", 0, 0.0),
        (0, 5, "higher", "minmax", 5, 1.0),
        (0, 5, "higher", "minmax", 2, 0.4),  # 2/5
        (0, 5, "lower", "minmax", 2, 0.6),  # (5-2)/5
        (1, 5, "higher", "minmax", 2, 0.25),  # (2-1)/4
        (1, 5, "lower", "minmax", 2, 0.75),  # (5-2)/4
        (1, 5, "lower", "minmax", 1, 1.0),  # best end of a lower-is-better scale
        (-2, 2, "higher", "minmax", 0, 0.5),  # (0+2)/4
        (0, 5, "higher", "ratio", 2, 0.4),  # 2/5, equals minmax on 0..N
        (1, 5, "higher", "ratio", 2, 0.4),  # 2/5 (minmax would give 0.25)
        (1, 5, "higher", "ratio", 1, 0.2),  # 1/5: ratio keeps the zero point
        (1, 5, "lower", "ratio", 2, 0.8),  # mirrored 1+5-2=4 -> 4/5
        (0, 10, "lower", "ratio", 10, 0.0),  # mirrored 0 -> 0/10
        (0, 5, "higher", "minmax", 2.5, 0.5),  # a half point is allowed
    ],
)
def test_normalise(lo, hi, direction, method, value, expected):
    assert normalise(value, crit("c", lo, hi, direction), method=method) == pytest.approx(expected)


@pytest.mark.parametrize(
    "criterion, value, method",
    [
        (crit("c", 0, 5), 6, "minmax"),  # above the scale
        (crit("c", 1, 5), 0, "minmax"),  # below the scale
        (crit("c", 0, 5), float("nan"), "minmax"),
        (crit("c", 0, 5), True, "minmax"),  # a bool is no score
        (crit("c", 0, 5), 3, "zscore"),  # unknown method
        (crit("c", -2, 2), 1, "ratio"),  # ratio needs a scale from 0 up
        (SimpleNamespace(name="c", weight=1, direction="up", scale_min=0, scale_max=5), 1, "minmax"),
        (SimpleNamespace(name="c", weight=1, direction="higher", scale_min=5, scale_max=5), 5, "minmax"),
    ],
)
def test_normalise_refuses(criterion, value, method):
    with pytest.raises(ValueError):
        normalise(value, criterion, method=method)


def test_any_object_with_the_attributes_is_a_criterion():
    duck = SimpleNamespace(name="cost", weight=2.0, direction="lower", scale_min=1, scale_max=5)
    assert normalise(4, duck) == pytest.approx(0.25)  # (5-4)/4
    assert weighted_sum({"cost": 4}, [duck]) == pytest.approx(0.25)


# --- weighted_sum ------------------------------------------------------------------------

C_GOOD = crit("good", 0, 5, "higher", weight=2)
C_COST = crit("cost", 0, 5, "lower", weight=1)


@pytest.mark.parametrize(
    "cells, weights, expected",
    [
        # good 5 -> 1.0, cost 5 -> 0.0; (2*1 + 1*0) / 3
        ({"good": 5, "cost": 5}, None, 2 / 3),
        # cost is don't-know: only good counts, weight renormalised to 1 -> 1.0
        ({"good": 5, "cost": None}, None, 1.0),
        # a missing name is don't-know too
        ({"good": 5}, None, 1.0),
        # cost 0 (best on a lower scale) -> 1.0; good 0 -> 0.0; (2*0 + 1*1)/3
        ({"good": 0, "cost": 0}, None, 1 / 3),
        # weights override: (1*1 + 3*0) / 4
        ({"good": 5, "cost": 5}, {"good": 1, "cost": 3}, 0.25),
        # partial override: good keeps 2, cost 0 -> only good counts: 0.6
        ({"good": 3, "cost": 1}, {"cost": 0}, 0.6),
        # everything don't-know
        ({"good": None, "cost": None}, None, None),
        ({}, None, None),
        # the only answered criterion has weight 0: no result
        ({"good": None, "cost": 2}, {"cost": 0}, None),
        # names that are no criterion are ignored
        ({"good": 5, "other": 1}, None, 1.0),
    ],
)
def test_weighted_sum(cells, weights, expected):
    result = weighted_sum(cells, [C_GOOD, C_COST], weights)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    "criteria, weights",
    [
        ([C_GOOD, C_GOOD], None),  # duplicate name
        ([C_GOOD, C_COST], {"typo": 1}),  # unknown weight name
        ([C_GOOD, C_COST], {"good": -1}),  # negative weight
        ([C_GOOD, C_COST], {"good": float("inf")}),
    ],
)
def test_weighted_sum_refuses(criteria, weights):
    with pytest.raises(ValueError):
        weighted_sum({"good": 1}, criteria, weights)


def test_dont_know_is_not_zero():
    # X: good 4 (0.8), cost don't-know -> 0.8.  Y: good 4, "cost" scored 5 = worst -> (2*0.8+0)/3.
    # On a higher-is-better criterion a 0 lowers the item: Z: quality 4, care 0 -> (0.8+0)/2.
    crits = [crit("quality"), crit("care")]
    ballots = {"p": {"X": {"quality": 4, "care": None}, "Z": {"quality": 4, "care": 0}}}
    results = by_item(group_result(ballots, ["X", "Z"], crits))
    assert results["X"].score == pytest.approx(0.8)
    assert results["Z"].score == pytest.approx(0.4)
    assert (results["X"].rank, results["Z"].rank) == (1, 2)
    # In a group: P2 scores X quality 4 (0.8), care 3 (0.6) -> 0.7.
    # P1 don't-know on care -> 0.8, mean (0.8+0.7)/2 = 0.75; with P1 care 0 -> 0.4, mean 0.55.
    dk = {"p1": {"X": {"quality": 4, "care": None}}, "p2": {"X": {"quality": 4, "care": 3}}}
    zero = {"p1": {"X": {"quality": 4, "care": 0}}, "p2": {"X": {"quality": 4, "care": 3}}}
    assert group_result(dk, ["X"], crits)[0].score == pytest.approx(0.75)
    assert group_result(zero, ["X"], crits)[0].score == pytest.approx(0.55)
    # the raw mean per criterion ignores the don't-know: care mean is 3, not 1.5
    assert group_result(dk, ["X"], crits)[0].per_criterion == {"quality": 4.0, "care": 3.0}


def test_individual_results():
    # co2 0..5 higher, cost 1..5 lower, equal weights.
    # ana: A co2 3 (0.6), cost 2 (0.75) -> 0.675;  B co2 5 (1.0), cost 5 (0.0) -> 0.5
    # ben: A co2 None, cost 1 (1.0) -> 1.0;        B nothing -> None
    crits = [crit("co2"), crit("cost", 1, 5, "lower")]
    ballots = {
        "ana": {"A": {"co2": 3, "cost": 2}, "B": {"co2": 5, "cost": 5}},
        "ben": {"A": {"co2": None, "cost": 1}},
    }
    result = individual_results(ballots, ["A", "B"], crits)
    assert result["ana"]["A"] == pytest.approx(0.675)
    assert result["ana"]["B"] == pytest.approx(0.5)
    assert result["ben"]["A"] == pytest.approx(1.0)
    assert result["ben"]["B"] is None


# --- rank ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scores, expected",
    [
        ({"a": 0.5, "b": 0.9, "c": 0.1}, {"a": 2, "b": 1, "c": 3}),
        # competition ranking: 1, 1, 3
        ({"a": 0.9, "b": 0.9, "c": 0.1}, {"a": 1, "b": 1, "c": 3}),
        ({"a": 0.5, "b": 0.9, "c": 0.9, "d": None, "e": 0.1}, {"a": 3, "b": 1, "c": 1, "d": 5, "e": 4}),
        # all equal
        ({"a": 0.3, "b": 0.3, "c": 0.3}, {"a": 1, "b": 1, "c": 1}),
        # None share the last rank
        ({"a": None, "b": 0.2, "c": None}, {"a": 2, "b": 1, "c": 2}),
        ({"a": None}, {"a": 1}),
        ({}, {}),
        # floating-point noise does not break a tie: 0.1 + 0.2 != 0.3 in binary
        ({"a": 0.1 + 0.2, "b": 0.3, "c": 0.2}, {"a": 1, "b": 1, "c": 3}),
        # but a real difference does
        ({"a": 0.3001, "b": 0.3}, {"a": 1, "b": 2}),
        # negative scores and lower ties: 2, 2 after a single best
        ({"a": -1.0, "b": 3.0, "c": -1.0}, {"a": 2, "b": 1, "c": 2}),
    ],
)
def test_rank(scores, expected):
    assert rank(scores) == expected


def test_rank_refuses_nan():
    with pytest.raises(ValueError):
        rank({"a": float("nan")})


# --- group_result --------------------------------------------------------------------------

ONE = [crit("c", 0, 10)]
# A: 2, 4, 10 -> 0.2, 0.4, 1.0;  B: 5, 5, 5 -> 0.5 each;  C: never scored
SKEWED = {
    "p1": {"A": {"c": 2}, "B": {"c": 5}},
    "p2": {"A": {"c": 4}, "B": {"c": 5}},
    "p3": {"A": {"c": 10}, "B": {"c": 5}},
}


def test_group_result_mean():
    results = group_result(SKEWED, ["A", "B", "C"], ONE)
    assert [r.item for r in results] == ["A", "B", "C"]
    a, b, c = results
    # A: mean (0.2+0.4+1.0)/3 = 8/15, median 0.4
    # spread: deviations -5/15, -2/15, 7/15 -> (25+4+49)/225/3 = 26/225 -> sqrt(26)/15
    assert a.score == pytest.approx(8 / 15)
    assert (a.rank, a.n) == (1, 3)
    assert a.mean == pytest.approx(8 / 15)
    assert a.median == pytest.approx(0.4)
    assert a.spread == pytest.approx(math.sqrt(26) / 15)
    assert a.per_criterion == {"c": pytest.approx(16 / 3)}  # (2+4+10)/3
    assert (b.score, b.rank, b.n, b.spread) == (pytest.approx(0.5), 2, 3, pytest.approx(0.0))
    assert c == ItemResult(item="C", score=None, rank=3, n=0, mean=None, median=None, spread=None,
                           per_criterion={"c": None})


def test_group_result_median_changes_the_order():
    # median: A 0.4, B 0.5 -> B first; the mean ranked A first.
    a_b_c = by_item(group_result(SKEWED, ["A", "B", "C"], ONE, how="median"))
    assert (a_b_c["B"].rank, a_b_c["A"].rank, a_b_c["C"].rank) == (1, 2, 3)
    assert a_b_c["A"].score == pytest.approx(0.4)
    assert a_b_c["A"].mean == pytest.approx(8 / 15)  # mean still reported


def test_group_result_single_participant_lower_is_better():
    # A: co2 3 (0.6), cost 2 on 1..5 lower (0.75) -> 0.675;  B: co2 5 (1.0), cost 5 (0.0) -> 0.5
    crits = [crit("co2"), crit("cost", 1, 5, "lower")]
    ballots = {"solo": {"A": {"co2": 3, "cost": 2}, "B": {"co2": 5, "cost": 5}}}
    a, b = group_result(ballots, ["B", "A"], crits)
    assert (a.item, a.rank, a.score, a.median, a.spread, a.n) == ("A", 1, pytest.approx(0.675), pytest.approx(0.675), 0.0, 1)
    assert (b.item, b.rank, b.score) == ("B", 2, pytest.approx(0.5))
    # with a heavier cost weight B falls further: A (0.6+3*0.75)/4 = 0.7125, B (1+0)/4 = 0.25
    a, b = group_result(ballots, ["A", "B"], crits, {"cost": 3})
    assert (a.score, b.score) == (pytest.approx(0.7125), pytest.approx(0.25))


def test_group_result_ties_sorted_by_item():
    # all three items equal: rank 1, 1, 1, listed by item
    ballots = {"p": {"c": {"c": 3}, "a": {"c": 3}, "b": {"c": 3}}}
    results = group_result(ballots, ["c", "a", "b"], [crit("c")])
    assert [(r.item, r.rank) for r in results] == [("a", 1), ("b", 1), ("c", 1)]


def test_group_result_mixed_item_types_still_sorted():
    ballots = {"p": {1: {"c": 3}, "x": {"c": 3}}}
    results = group_result(ballots, [1, "x"], [crit("c")])
    assert [r.rank for r in results] == [1, 1]


def test_group_result_refuses_unknown_how():
    with pytest.raises(ValueError):
        group_result(SKEWED, ["A"], ONE, how="mode")


def test_group_result_refuses_a_score_outside_the_scale():
    with pytest.raises(ValueError):
        group_result({"p": {"A": {"c": 11}}}, ["A"], ONE)


# --- Kendall's W ------------------------------------------------------------------------------

ANXIETY = {  # the `anxiety` data of R's irr / DescTools: 20 subjects rated by 3 raters
    "rater1": [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
    "rater2": [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
    "rater3": [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
}


@pytest.mark.parametrize(
    "rankings, expected",
    [
        # perfect agreement, 3 raters, 4 items
        ([{"a": 1, "b": 2, "c": 3, "d": 4}] * 3, 1.0),
        # the same order given as scores by some, as ranks by others: W only sees the order
        ([{"a": 0.1, "b": 0.2, "c": 0.3}, {"a": 1, "b": 2, "c": 3}, {"a": 10, "b": 20, "c": 30}], 1.0),
        # perfect disagreement of two raters: rank sums all n+1 -> S = 0
        ([{"a": 1, "b": 2, "c": 3, "d": 4}, {"a": 4, "b": 3, "c": 2, "d": 1}], 0.0),
        # hand example with ties. Ranks (ascending):
        #   r1 a4 b3 c2 d1; r2 a=b=3.5 c2 d1 (T=2^3-2=6); r3 a=b=c=3 d1 (T=3^3-3=24)
        #   R = a 10.5, b 9.5, c 7, d 3; mean 7.5; S = 9 + 4 + 0.25 + 20.25 = 33.5
        #   W = 12*33.5 / (9*(64-4) - 3*30) = 402/450 = 67/75
        ([{"a": 4, "b": 3, "c": 2, "d": 1}, {"a": 4, "b": 4, "c": 2, "d": 1}, {"a": 3, "b": 3, "c": 3, "d": 1}], 67 / 75),
        # textbook data with many ties: DescTools::KendallW(anxiety, correct=TRUE) = 0.5396569
        ([dict(enumerate(v)) for v in ANXIETY.values()], 0.5396569),
        # two raters, three items, one swap: r1 1,2,3; r2 2,1,3 -> R 3,3,6, mean 4, S = 1+1+4 = 6
        #   W = 12*6 / (4*24) = 0.75
        ([{"a": 1, "b": 2, "c": 3}, {"a": 2, "b": 1, "c": 3}], 0.75),
        # only items every rater ranked count: c is missing from r2, d is None in r1
        ([{"a": 1, "b": 2, "c": 3, "d": None}, {"a": 1, "b": 2, "d": 3}], 1.0),
        # undefined cases
        ([{"a": 1, "b": 2}], None),  # one rater
        ([], None),
        ([{"a": 1}, {"a": 2}], None),  # one item
        ([{"a": 1, "b": 2}, {"c": 1, "d": 2}], None),  # no common item
        ([{"a": 2, "b": 2, "c": 2}, {"a": 5, "b": 5, "c": 5}], None),  # everyone ties everything
    ],
)
def test_kendalls_w(rankings, expected):
    w = kendalls_w(rankings)
    if expected is None:
        assert w is None
    else:
        assert w == pytest.approx(expected, abs=1e-7)


def test_kendalls_w_one_tied_rater_among_others():
    # r1 a1 b2 c3; r2 ties all (2,2,2, T = 27-3 = 24). R = 3, 4, 5; mean 4; S = 2.
    # W = 12*2 / (4*24 - 2*24) = 24/48 = 0.5
    assert kendalls_w([{"a": 1, "b": 2, "c": 3}, {"a": 7, "b": 7, "c": 7}]) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "w, label",
    [(1.0, "strong"), (0.7, "strong"), (0.69, "moderate"), (0.5, "moderate"), (0.49, "weak"),
     (0.3, "weak"), (0.29, "none"), (0.0, "none"), (None, "none")],
)
def test_agreement_label(w, label):
    assert agreement_label(w) == label


# --- agreement ----------------------------------------------------------------------------------

TWO_SCALES = [crit("c1", 0, 10), crit("c2", 0, 5)]
# A: p1 c1 2 (0.2), c2 2 (0.4) -> 0.3;  p2 c1 8 (0.8), c2 3 (0.6) -> 0.7
# B: p1 c1 5 (0.5), c2 0 (0.0) -> 0.25; p2 c1 5 (0.5), c2 5 (1.0) -> 0.75
CONTESTED = {
    "p1": {"A": {"c1": 2, "c2": 2}, "B": {"c1": 5, "c2": 0}},
    "p2": {"A": {"c1": 8, "c2": 3}, "B": {"c1": 5, "c2": 5}},
}


def test_agreement_spreads_and_most_contested():
    result = agreement(CONTESTED, ["A", "B"], TWO_SCALES)
    assert isinstance(result, Agreement)
    # p1 puts A (0.3) over B (0.25), p2 B (0.75) over A (0.7): reversed -> W = 0
    assert result.overall_w == pytest.approx(0.0)
    assert result.label == "none"
    assert result.raters == 2
    assert result.per_item == {"A": pytest.approx(0.2), "B": pytest.approx(0.25)}  # pstdev of 2 values = half gap
    assert result.per_cell == {
        ("A", "c1"): pytest.approx(3.0),  # 2, 8
        ("A", "c2"): pytest.approx(0.5),  # 2, 3
        ("B", "c1"): pytest.approx(0.0),  # 5, 5
        ("B", "c2"): pytest.approx(2.5),  # 0, 5
    }
    # relative to the scale range: A/c1 3/10 = 0.3, B/c2 2.5/5 = 0.5 -> B/c2 (raw std would pick A/c1)
    assert result.most_contested == ("B", "c2")


def test_agreement_ignores_incomplete_and_silent_participants_for_w():
    ballots = dict(CONTESTED)
    ballots["p3"] = {"A": {"c1": 10, "c2": 5}}  # no result for B: not a rater for W
    ballots["p4"] = {"A": {"c1": None, "c2": None}, "B": {}}  # only don't-know
    result = agreement(ballots, ["A", "B"], TWO_SCALES)
    assert result.raters == 2
    assert result.overall_w == pytest.approx(0.0)
    # p3 still counts in the spread of A: results 0.3, 0.7, 1.0 -> mean 2/3,
    # deviations -11/30, 1/30, 10/30 -> (121+1+100)/900/3 = 222/2700
    assert result.per_item["A"] == pytest.approx(math.sqrt(222 / 2700))


def test_agreement_perfect_and_all_equal():
    crits = [crit("c")]
    same = {p: {"A": {"c": 5}, "B": {"c": 3}, "C": {"c": 1}} for p in ("p1", "p2", "p3")}
    result = agreement(same, ["A", "B", "C"], crits)
    assert (result.overall_w, result.label, result.most_contested) == (pytest.approx(1.0), "strong", None)
    flat = {p: {"A": {"c": 2}, "B": {"c": 2}} for p in ("p1", "p2")}
    result = agreement(flat, ["A", "B"], crits)
    assert (result.overall_w, result.label, result.most_contested, result.raters) == (None, "none", None, 2)
    assert result.per_item == {"A": 0.0, "B": 0.0}


def test_agreement_single_participant():
    result = agreement({"solo": {"A": {"c": 5}, "B": {"c": 1}}}, ["A", "B", "Z"], [crit("c")])
    assert (result.overall_w, result.label, result.raters) == (None, "none", 1)
    assert result.per_item == {"A": 0.0, "B": 0.0, "Z": None}
    assert result.per_cell[("Z", "c")] is None


# --- swap_weight ----------------------------------------------------------------------------------

CO2, COST, AIR = crit("co2"), crit("cost", direction="lower"), crit("air")
# normalised:   A: co2 5,4 -> 1.0,0.8 (mean 0.9); cost 3,3 -> 0.4,0.4 (0.4); air 5 -> 1.0
#               B: co2 2,2 -> 0.4,0.4 (0.4);      cost 1,2 -> 0.8,0.6 (0.7); air 0 -> 0.0
PAIR = {
    "p1": {"A": {"co2": 5, "cost": 3, "air": 5}, "B": {"co2": 2, "cost": 1, "air": 0}},
    "p2": {"A": {"co2": 4, "cost": 3, "air": 5}, "B": {"co2": 2, "cost": 2, "air": 0}},
}


def test_swap_weight_two_criteria_hand_computed():
    # With weights w_co2, w_cost: A - B = (0.5 w_co2 - 0.3 w_cost) / (w_co2 + w_cost).
    # At 1, 1: A 0.65, B 0.55, A first.
    # cost = t, co2 = 1: 0.5 - 0.3 t = 0 -> t = 5/3 (factor 5/3, share (5/3)/(8/3) = 5/8)
    # co2 = t, cost = 1: 0.5 t - 0.3 = 0 -> t = 0.6 (factor 0.6, share 0.6/1.6 = 3/8)
    points = {p.criterion: p for p in swap_weight(PAIR, ["A", "B"], [CO2, COST])}
    assert (points["cost"].first, points["cost"].second) == ("A", "B")
    assert points["cost"].crossing_weight == pytest.approx(5 / 3, rel=1e-9)
    assert points["cost"].factor == pytest.approx(5 / 3, rel=1e-9)
    assert points["cost"].share == pytest.approx(5 / 8, rel=1e-9)
    assert points["co2"].crossing_weight == pytest.approx(0.6, rel=1e-9)
    assert points["co2"].factor == pytest.approx(0.6, rel=1e-9)
    assert points["co2"].share == pytest.approx(3 / 8, rel=1e-9)


def test_swap_weight_three_criteria_hand_computed():
    # A - B numerator: 0.5 w_co2 - 0.3 w_cost + 1.0 w_air.
    # co2 = t: 0.5 t + 0.7 > 0 for every t >= 0 -> no crossing
    # cost = t: 1.5 - 0.3 t = 0 -> t = 5 (share 5/7)
    # air = t: 0.2 + t > 0 -> no crossing
    points = swap_weight(PAIR, ["A", "B"], [CO2, COST, AIR], {"air": 1})
    assert [p.criterion for p in points] == ["co2", "cost", "air"]
    co2, cost, air = points
    assert (co2.crossing_weight, co2.factor, co2.share) == (None, None, None)
    assert (air.crossing_weight, air.factor) == (None, None)
    assert cost.crossing_weight == pytest.approx(5.0, rel=1e-9)
    assert cost.factor == pytest.approx(5.0, rel=1e-9)
    assert cost.share == pytest.approx(5 / 7, rel=1e-9)
    assert cost.weight == 1.0


def test_swap_weight_with_dont_know_hand_computed():
    # x, y on 0..10, weights 1, 1.  p1: A x 10, y ?;  B x 0, y 10.   p2: A x 10, y 0;  B x 0, y 10.
    # y = t: p1 A = 1 (x only), B = t/(1+t); p2 A = 1/(1+t), B = t/(1+t)
    #   mean A = (2+t) / (2(1+t)), mean B = t/(1+t); at t = 1: 3/4 vs 1/2 -> A first
    #   equal when (2+t)/2 = t -> t = 2 (share 2/3)
    # x = t: p1 A = 1, B = 1/(1+t); p2 A = t/(1+t), B = 1/(1+t)
    #   mean A = (2t+1) / (2(1+t)), mean B = 1/(1+t); equal when 2t+1 = 2 -> t = 1/2 (share 1/3)
    crits = [crit("x", 0, 10), crit("y", 0, 10)]
    ballots = {
        "p1": {"A": {"x": 10, "y": None}, "B": {"x": 0, "y": 10}},
        "p2": {"A": {"x": 10, "y": 0}, "B": {"x": 0, "y": 10}},
    }
    points = {p.criterion: p for p in swap_weight(ballots, ["A", "B"], crits)}
    assert points["y"].crossing_weight == pytest.approx(2.0, rel=1e-9)
    assert points["y"].share == pytest.approx(2 / 3, rel=1e-9)
    assert points["x"].crossing_weight == pytest.approx(0.5, rel=1e-9)
    assert points["x"].factor == pytest.approx(0.5, rel=1e-9)


def test_swap_weight_tied_and_degenerate():
    crits = [crit("c"), crit("d")]
    tied = {"p": {"A": {"c": 5, "d": 0}, "B": {"c": 0, "d": 5}}}  # 0.5 each
    points = swap_weight(tied, ["A", "B"], crits)
    assert [(p.crossing_weight, p.factor) for p in points] == [(1.0, 1.0), (1.0, 1.0)]
    assert swap_weight({"p": {"A": {"c": 5}}}, ["A", "B"], crits) == []  # one scored item
    # a single criterion: its weight changes nothing (scores are its own values)
    (only,) = swap_weight({"p": {"A": {"c": 5}, "B": {"c": 1}}}, ["A", "B"], [crit("c")])
    assert only.crossing_weight is None


# --- leave_one_out and rank_reversals -------------------------------------------------------------


def test_leave_one_out():
    # without cost: A 0.9, B 0.4 -> A first;  without co2: A 0.4, B 0.7 -> B first
    loo = leave_one_out(PAIR, ["A", "B"], [CO2, COST])
    assert list(loo) == ["co2", "cost"]
    assert [(r.item, r.score) for r in loo["cost"]] == [("A", pytest.approx(0.9)), ("B", pytest.approx(0.4))]
    assert [(r.item, r.score) for r in loo["co2"]] == [("B", pytest.approx(0.7)), ("A", pytest.approx(0.4))]
    base = group_result(PAIR, ["A", "B"], [CO2, COST])
    assert rank_reversals(base, loo["co2"]) == 1
    assert rank_reversals(base, loo["cost"]) == 0


def test_leave_one_out_keeps_weights_of_the_others():
    # without air, weights co2 1, cost 3: A (0.9 + 3*0.4)/4 = 0.525, B (0.4 + 3*0.7)/4 = 0.625
    loo = leave_one_out(PAIR, ["A", "B"], [CO2, COST, AIR], {"cost": 3})
    assert by_item(loo["air"])["A"].score == pytest.approx(0.525)
    assert by_item(loo["air"])["B"].score == pytest.approx(0.625)
    with pytest.raises(ValueError):
        leave_one_out(PAIR, ["A", "B"], [CO2, COST], {"typo": 1})


def result(item, rank_, score=0.5):
    return ItemResult(item=item, score=score, rank=rank_, n=1, mean=score, median=score, spread=0.0, per_criterion={})


@pytest.mark.parametrize(
    "base, other, flips",
    [
        ([("a", 1), ("b", 2), ("c", 3)], [("a", 1), ("b", 2), ("c", 3)], 0),
        ([("a", 1), ("b", 2), ("c", 3)], [("a", 3), ("b", 2), ("c", 1)], 3),  # full reversal: all 3 pairs
        ([("a", 1), ("b", 2), ("c", 3)], [("a", 1), ("b", 3), ("c", 2)], 1),  # b/c swap
        ([("a", 1), ("b", 1), ("c", 3)], [("a", 1), ("b", 2), ("c", 3)], 0),  # a tie resolving is no flip
        ([("a", 1), ("b", 2)], [("a", 2), ("c", 1)], 0),  # b and c are not in both
    ],
)
def test_rank_reversals(base, other, flips):
    assert rank_reversals([result(*x) for x in base], [result(*x) for x in other]) == flips


def test_rank_reversals_ignores_items_without_score():
    base = [result("a", 1), result("b", 2)]
    other = [result("b", 1), result("a", 2, score=None)]
    assert rank_reversals(base, other) == 0


# --- rank_stability -------------------------------------------------------------------------------


def test_rank_stability_dominant_item():
    # A beats B on every criterion, so no reweighting can change the order
    ballots = {"p": {"A": {"co2": 5, "cost": 1}, "B": {"co2": 1, "cost": 4}}}
    assert rank_stability(ballots, ["A", "B"], [CO2, COST], spread=0.5, draws=200) == {"A": 1.0, "B": 0.0}


def test_rank_stability_symmetric_case_and_determinism():
    # A = u1 / (u1 + u2), B = u2 / (u1 + u2) with u1, u2 ~ U(0.8, 1.2): A first iff u1 > u2, p = 1/2.
    # 500 draws: sd of the share = sqrt(0.25/500) ~ 0.022, so 0.4..0.6 is > 4 sd wide.
    crits = [crit("c"), crit("d")]
    ballots = {"p": {"A": {"c": 5, "d": 0}, "B": {"c": 0, "d": 5}}}
    first = rank_stability(ballots, ["A", "B"], crits, seed=7)
    assert 0.4 < first["A"] < 0.6
    assert first["A"] + first["B"] == pytest.approx(1.0)  # an exact tie has probability 0
    assert rank_stability(ballots, ["A", "B"], crits, seed=7) == first
    # with no noise the tie stays a tie, and ties at first count for both
    assert rank_stability(ballots, ["A", "B"], crits, spread=0.0, draws=3) == {"A": 1.0, "B": 1.0}


def test_rank_stability_uses_independent_draws_per_weight():
    # weights c 1, d 1.1: A first iff u1 > 1.1 u2, u1, u2 ~ U(0.8, 1.2) independent.
    # Area: integral over u1 in [0.88, 1.2] of (u1/1.1 - 0.8) = 0.0465454..., / 0.16 = 16/55 = 0.2909
    # (were only the first weight drawn: P(u1 > 1.1) = 0.25). 4000 draws: sd ~ 0.0072.
    crits = [crit("c"), crit("d", weight=1.1)]
    ballots = {"p": {"A": {"c": 5, "d": 0}, "B": {"c": 0, "d": 5}}}
    shares = rank_stability(ballots, ["A", "B"], crits, draws=4000, seed=3)
    assert shares["A"] == pytest.approx(16 / 55, abs=0.025)
    assert shares["B"] == pytest.approx(39 / 55, abs=0.025)


@pytest.mark.parametrize("kwargs", [{"spread": -0.1}, {"spread": 1.5}, {"draws": 0}, {"how": "max"}])
def test_rank_stability_refuses(kwargs):
    with pytest.raises(ValueError):
        rank_stability({"p": {"A": {"c": 1}}}, ["A"], [crit("c")], **kwargs)


# --- properties --------------------------------------------------------------------------------------

FAST = settings(max_examples=40, deadline=None)


@st.composite
def workshops(draw, min_participants=1):
    """Random criteria, items and ballots (with don't-know cells) on each criterion's own scale."""
    n_crit = draw(st.integers(1, 3))
    crits = []
    for k in range(n_crit):
        lo = draw(st.integers(-3, 2))
        hi = lo + draw(st.integers(1, 6))
        crits.append(crit(f"c{k}", lo, hi, draw(st.sampled_from(["higher", "lower"])), draw(st.integers(0, 10))))
    items = [f"i{j}" for j in range(draw(st.integers(1, 3)))]
    ballots = {}
    for p in range(draw(st.integers(min_participants, 4))):
        ballots[f"p{p}"] = {
            item: {c.name: draw(st.none() | st.integers(c.scale_min, c.scale_max)) for c in crits} for item in items
        }
    return crits, items, ballots


def ranks_of(results):
    return {r.item: r.rank for r in results}


@FAST
@given(workshops(), st.sampled_from([0.01, 0.5, 3.0, 7.3, 100.0]), st.sampled_from(["mean", "median"]))
def test_scaling_all_weights_changes_no_ranking(ws, factor, how):
    crits, items, ballots = ws
    weights = {c.name: c.weight for c in crits}
    scaled = {name: w * factor for name, w in weights.items()}
    base = group_result(ballots, items, crits, weights, how)
    other = group_result(ballots, items, crits, scaled, how)
    assert ranks_of(other) == ranks_of(base)
    for a, b in zip(base, other):
        assert (a.score is None) == (b.score is None)
        if a.score is not None:
            assert b.score == pytest.approx(a.score, abs=1e-12)


@FAST
@given(workshops())
def test_participant_order_and_names_change_nothing(ws):
    crits, items, ballots = ws
    renamed = {f"q{k}": ballots[p] for k, p in enumerate(reversed(list(ballots)))}
    assert group_result(renamed, items, crits) == group_result(ballots, items, crits)
    assert group_result(renamed, items, crits, how="median") == group_result(ballots, items, crits, how="median")
    a, b = agreement(renamed, items, crits), agreement(ballots, items, crits)
    assert (a.overall_w, a.per_item, a.per_cell, a.most_contested) == (b.overall_w, b.per_item, b.per_cell, b.most_contested)


@FAST
@given(workshops())
def test_a_participant_who_only_answers_dont_know_changes_nothing(ws):
    crits, items, ballots = ws
    silent = dict(ballots, silent={item: {c.name: None for c in crits} for item in items})
    assert group_result(silent, items, crits) == group_result(ballots, items, crits)
    assert agreement(silent, items, crits) == agreement(ballots, items, crits)


@FAST
@given(workshops())
def test_duplicating_the_whole_group_changes_no_result(ws):
    # means, medians and population spreads of a doubled sample equal the originals; so does W
    # (rank sums double: S x4; m^2 x4 and m * sum T x4 in the denominator)
    crits, items, ballots = ws
    doubled = dict(ballots, **{f"{p}-twin": b for p, b in ballots.items()})
    for a, b in zip(group_result(ballots, items, crits), group_result(doubled, items, crits)):
        assert (a.item, a.rank, 2 * a.n) == (b.item, b.rank, b.n)
        for field in ("score", "median", "spread"):
            x, y = getattr(a, field), getattr(b, field)
            assert (x is None and y is None) or y == pytest.approx(x, abs=1e-12)
    # (a lone complete rater has no W, but doubled becomes two identical raters: W = 1)
    wa, wb = agreement(ballots, items, crits).overall_w, agreement(doubled, items, crits).overall_w
    if wa is not None:
        assert wb == pytest.approx(wa, abs=1e-12)


@FAST
@given(workshops(), st.data())
def test_dont_know_lies_between_the_worst_and_the_best_answer(ws, data):
    # the don't-know score is the weighted mean of the others; any answer moves it toward that
    # answer's normalised value, so worst <= don't-know <= best
    crits, items, ballots = ws
    cells = dict(ballots[next(iter(ballots))][items[0]])
    c = data.draw(st.sampled_from(crits))
    worst = c.scale_min if c.direction == "higher" else c.scale_max
    best = c.scale_max if c.direction == "higher" else c.scale_min
    dk = weighted_sum({**cells, c.name: None}, crits)
    low = weighted_sum({**cells, c.name: worst}, crits)
    high = weighted_sum({**cells, c.name: best}, crits)
    if dk is None:  # nothing else answered: the item simply takes the answer's value
        assert (low, high) == (0.0, 1.0) if c.weight > 0 else (low, high) == (None, None)
        return
    assert low - 1e-12 <= dk <= high + 1e-12
    if c.weight > 0:
        assert low < high  # the answer itself matters when the criterion has weight


@FAST
@given(workshops())
def test_scores_are_in_range_and_group_score_is_bracketed(ws):
    crits, items, ballots = ws
    individual = individual_results(ballots, items, crits)
    for r in group_result(ballots, items, crits):
        values = [individual[p][r.item] for p in ballots if individual[p][r.item] is not None]
        assert r.n == len(values)
        if values:
            assert 0.0 <= min(values) and max(values) <= 1.0
            assert min(values) - 1e-12 <= r.score <= max(values) + 1e-12
        else:
            assert r.score is None and r.rank == max(x.rank for x in group_result(ballots, items, crits))


@FAST
@given(workshops(min_participants=2), st.booleans())
def test_swap_weight_crossing_really_ties_the_two_items(ws, complete):
    # at the crossing weight the second item reaches the first; with complete ballots (no
    # don't-know) the group mean is continuous in the weight, so it is an exact tie
    crits, items, ballots = ws
    if complete:
        ballots = {p: {i: {c.name: (c.scale_min if cells[c.name] is None else cells[c.name]) for c in crits}
                       for i, cells in b.items()} for p, b in ballots.items()}
    weights = {c.name: c.weight for c in crits}
    for point in swap_weight(ballots, items, crits):
        if point.crossing_weight is None or point.factor == 1.0:
            continue
        moved = by_item(group_result(ballots, items, crits, {**weights, point.criterion: point.crossing_weight}))
        second, first = moved[point.second].score, moved[point.first].score
        assert second >= first - 1e-9
        if complete:
            assert second == pytest.approx(first, abs=1e-9)


@FAST
@given(
    st.lists(st.lists(st.integers(0, 4), min_size=4, max_size=4), min_size=2, max_size=6),
    st.randoms(use_true_random=False),
)
def test_kendalls_w_bounds_and_invariances(raw, rnd):
    rankings = [dict(zip("abcd", row)) for row in raw]
    w = kendalls_w(rankings)
    shuffled = list(rankings)
    rnd.shuffle(shuffled)
    flipped = [{k: -v for k, v in r.items()} for r in rankings]  # every rater reversed to "lower is better"
    for other in (kendalls_w(shuffled), kendalls_w(flipped), kendalls_w(rankings + rankings)):
        assert (w is None and other is None) or other == pytest.approx(w, abs=1e-12)
    if w is not None:
        assert 0.0 <= w <= 1.0
    # W is None only when every rater tied every item
    assert (w is None) == all(len(set(row)) == 1 for row in raw)
    # identical raters agree perfectly unless they tie everything
    same = kendalls_w([rankings[0]] * 3)
    assert same == (None if len(set(raw[0])) == 1 else pytest.approx(1.0))


@FAST
@given(st.dictionaries(st.text(max_size=3), st.none() | st.integers(-5, 5), max_size=8))
def test_rank_is_one_plus_the_number_of_better_items(scores):
    ranks = rank(scores)
    known = [v for v in scores.values() if v is not None]
    for item, value in scores.items():
        if value is None:
            assert ranks[item] == len(known) + 1
        else:
            assert ranks[item] == 1 + sum(1 for v in known if v > value)
