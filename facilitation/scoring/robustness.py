"""How robust the group ranking is: the weight that swaps the top two, the ranking without
each criterion, how often each item stays first under weight noise, and rank reversals."""

from __future__ import annotations

import math
import random
from typing import Callable, Hashable, Mapping, Sequence

from facilitation.scoring.checks import check_criteria, check_how, is_number, resolve_weights, unique
from facilitation.scoring.ranking import aggregate, group_result, rank
from facilitation.scoring.shapes import Ballots, CriterionLike, ItemResult, SwapPoint
from facilitation.scoring.weighting import Prepared, prepare, wsum

__all__ = ["leave_one_out", "rank_reversals", "rank_stability", "swap_weight"]


def _group_scores(
    prepared: Prepared, items: Sequence[Hashable], w: Sequence[float], how: str
) -> dict[Hashable, float | None]:
    out: dict[Hashable, float | None] = {}
    for item in items:
        values = [s for cells in prepared.values() if (s := wsum(cells[item], w)) is not None]
        out[item] = aggregate(values, how)
    return out


def swap_weight(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
    max_share: float = 0.999,
) -> list[SwapPoint]:
    """For each criterion, the weight at which the current second item ties the first (group means).

    One :class:`SwapPoint` per criterion, in criteria order; [] when fewer than two items have
    a score. Only the pair first/second is followed (a third item may overtake earlier).

    How it is computed: let s be the criterion's share of the total weight (the others keep
    their weights; weight t = s * W_others / (1 - s)). When every participant answered both
    items on every weighted criterion, each individual score is (1 - s) * A_p + s * x_p, so
    the gap between the two group means is *linear* in s and has at most one root. With
    "don't know" cells it is a sum of monotone rational functions of s. Either way the gap
    is sampled on 64 shares from 0 to ``max_share`` and each sign change next to the current
    share is bisected to 1e-15 of share (exact to rounding in the linear case); the root
    nearest the current share is reported.

    "Overtake" may also be a jump: when a participant answered an item on this criterion
    only, their result for that item exists only while the weight is positive, so moving
    the weight from 0 to any positive value (or down to 0) can reorder the pair without a
    tie; the crossing is then reported at (about) 0 and second >= first there.
    """
    crits = check_criteria(criteria)
    items = unique(items)
    w = resolve_weights(crits, weights)
    if not 0 < max_share < 1:
        raise ValueError("max_share must be between 0 and 1.")
    results = [r for r in group_result(ballots, items, crits, weights, "mean", method=method) if r.score is not None]
    if len(results) < 2:
        return []
    first, second = results[0].item, results[1].item
    tied = results[0].rank == results[1].rank
    prepared = prepare(ballots, [first, second], crits, method)
    total = math.fsum(w)

    def gap(wv: Sequence[float]) -> float | None:
        scores = _group_scores(prepared, [first, second], wv, "mean")
        low, high = scores[first], scores[second]
        if low is None or high is None:
            return None
        return high - low

    points = []
    for k, c in enumerate(crits):
        others = total - w[k]
        s0 = w[k] / total
        if tied:
            points.append(SwapPoint(c.name, first, second, w[k], w[k], 1.0 if w[k] > 0 else None, s0))
            continue
        crossing = None
        if others > 0:

            def gap_at(s: float, k: int = k, others: float = others) -> float | None:
                wv = list(w)
                wv[k] = others * s / (1 - s)
                return gap(wv)

            crossing = _nearest_crossing(gap_at, s0, max_share)
        if crossing is None:
            points.append(SwapPoint(c.name, first, second, w[k], None, None, None))
        else:
            t = others * crossing / (1 - crossing)
            points.append(SwapPoint(c.name, first, second, w[k], t, t / w[k] if w[k] > 0 else None, crossing))
    return points


def _nearest_crossing(gap_at: Callable[[float], float | None], s0: float, max_share: float) -> float | None:
    """The share nearest ``s0`` where ``gap_at`` turns from < 0 (at s0) to >= 0; None if none."""
    steps = 64
    grid = [max_share * i / steps for i in range(steps + 1)]
    candidates = []
    for direction in (+1, -1):
        previous = s0
        points = sorted((s for s in grid if (s - s0) * direction > 0), key=lambda s: abs(s - s0))
        for s in points:
            g = gap_at(s)
            if g is None:
                continue
            if g >= 0:
                candidates.append(_bisect(gap_at, previous, s))
                break
            previous = s
    if not candidates:
        return None
    return min(candidates, key=lambda s: abs(s - s0))


def _bisect(gap_at: Callable[[float], float | None], negative: float, positive: float) -> float:
    """Shrink [negative, positive] (gap < 0 at one end, >= 0 at the other) to 1e-15 of share."""
    for _ in range(200):
        middle = (negative + positive) / 2
        if abs(positive - negative) <= 1e-15 or middle in (negative, positive):
            break
        g = gap_at(middle)
        if g is None:
            break
        if g >= 0:
            positive = middle
        else:
            negative = middle
    return positive


def leave_one_out(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    how: str = "mean",
    *,
    method: str = "minmax",
) -> dict[str, list[ItemResult]]:
    """criterion name -> the group result (:func:`group_result`) with that criterion removed."""
    crits = check_criteria(criteria)
    resolve_weights(crits, weights)  # refuse unknown names before filtering
    out = {}
    for c in crits:
        rest = [x for x in crits if x.name != c.name]
        rest_weights = {k: v for k, v in (weights or {}).items() if k != c.name}
        out[c.name] = group_result(ballots, items, rest, rest_weights, how, method=method)
    return out


def rank_stability(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    spread: float = 0.2,
    draws: int = 500,
    seed: int = 0,
    *,
    how: str = "mean",
    method: str = "minmax",
) -> dict[Hashable, float]:
    """item -> share of draws in which it ranks first when weights are perturbed.

    In each draw every weight is multiplied by its own ``uniform(1 - spread, 1 + spread)``
    (drawn in criteria order from ``random.Random(seed)``, so a seed gives the same answer).
    Items tied at first all count, so the shares may add up to more than 1.
    """
    check_how(how)
    if not (is_number(spread) and 0 <= spread <= 1):
        raise ValueError("spread must be a number from 0 to 1.")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ValueError("draws must be a whole number >= 1.")
    crits = check_criteria(criteria)
    items = unique(items)
    w = resolve_weights(crits, weights)
    prepared = prepare(ballots, items, crits, method)
    rng = random.Random(seed)
    firsts = dict.fromkeys(items, 0)
    for _ in range(draws):
        wv = [x * rng.uniform(1 - spread, 1 + spread) for x in w]
        scores = _group_scores(prepared, items, wv, how)
        if all(v is None for v in scores.values()):
            continue
        for item, r in rank(scores).items():
            if r == 1 and scores[item] is not None:
                firsts[item] += 1
    return {item: count / draws for item, count in firsts.items()}


def rank_reversals(base: Sequence[ItemResult], other: Sequence[ItemResult]) -> int:
    """Number of item pairs ranked in strictly opposite order in ``base`` and ``other``.

    Only items with a score in both count; a tie that becomes an order (or the reverse)
    is not a reversal.
    """
    base_ranks = {r.item: r.rank for r in base if r.score is not None}
    other_ranks = {r.item: r.rank for r in other if r.score is not None}
    common = [item for item in base_ranks if item in other_ranks]
    flips = 0
    for i, a in enumerate(common):
        for b in common[i + 1 :]:
            if (base_ranks[a] - base_ranks[b]) * (other_ranks[a] - other_ranks[b]) < 0:
                flips += 1
    return flips
