"""From individual results to the group ranking: aggregation, ranks, one :class:`ItemResult` per item.

Ranks are tie-tolerant (``TIE_TOLERANCE``, see the package docstring); the tie helpers here
are shared with :mod:`facilitation.scoring.concordance`, which ranks each rater's items.
"""

from __future__ import annotations

import statistics
from typing import Hashable, Mapping, Sequence

from facilitation.scoring.checks import check_criteria, check_how, is_number, unique
from facilitation.scoring.shapes import TIE_TOLERANCE, Ballots, CriterionLike, ItemResult
from facilitation.scoring.weighting import individual_results, normalise

__all__ = ["group_result", "rank"]


def close(a: float, b: float) -> bool:
    """Tied within ``TIE_TOLERANCE`` (relative, and at least absolute on 0..1)."""
    return abs(a - b) <= TIE_TOLERANCE * max(1.0, abs(a), abs(b))


def tie_groups(values: Sequence[float], descending: bool) -> list[list[int]]:
    """Indices of ``values`` grouped into ties, in sorted order; a group is anchored on its first value."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=descending)
    groups: list[list[int]] = []
    for i in order:
        if groups and close(values[groups[-1][0]], values[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def aggregate(values: Sequence[float], how: str) -> float | None:
    """The group score of one item: mean or median of the individual results (None: no result)."""
    if not values:
        return None
    return statistics.fmean(values) if how == "mean" else statistics.median(values)


def raw_values(ballots: Ballots, item: Hashable, criterion: CriterionLike) -> list[float]:
    """Every raw value given to ``item`` on ``criterion`` (don't know left out), each checked."""
    values = []
    for ballot in ballots.values():
        value = ((ballot or {}).get(item) or {}).get(criterion.name)
        if value is not None:
            normalise(value, criterion)  # the same checks as the scores themselves
            values.append(float(value))
    return values


def rank(scores: Mapping[Hashable, float | None]) -> dict[Hashable, int]:
    """Competition ranking ("1, 1, 3"), higher score is better, 1 = best.

    Scores within ``TIE_TOLERANCE`` share a rank; None scores share the last rank
    (number of scored items + 1). The result keeps the input's key order.
    """
    keys = list(scores)
    known: list[Hashable] = []
    values: list[float] = []
    for k in keys:
        score = scores[k]
        if score is None:
            continue
        if not is_number(score):
            raise ValueError(f"score of {k!r} must be a finite number or None (got {score!r}).")
        known.append(k)
        values.append(float(score))
    ranks: dict[Hashable, int] = {}
    position = 1
    for group in tie_groups(values, descending=True):
        for i in group:
            ranks[known[i]] = position
        position += len(group)
    return {k: ranks.get(k, len(known) + 1) for k in keys}


def _sorted_results(results: list[ItemResult]) -> list[ItemResult]:
    try:
        return sorted(results, key=lambda r: (r.rank, r.item))
    except TypeError:  # items of mixed types: order ties by their text
        return sorted(results, key=lambda r: (r.rank, str(r.item)))


def _results_from(
    individual: Mapping[Hashable, Mapping[Hashable, float | None]],
    raw_means: Mapping[Hashable, dict[str, float | None]],
    items: Sequence[Hashable],
    how: str,
) -> list[ItemResult]:
    per_item = {item: [v for r in individual.values() if (v := r[item]) is not None] for item in items}
    scores = {item: aggregate(values, how) for item, values in per_item.items()}
    ranks = rank(scores)
    results = []
    for item in items:
        values = per_item[item]
        results.append(
            ItemResult(
                item=item,
                score=scores[item],
                rank=ranks[item],
                n=len(values),
                mean=statistics.fmean(values) if values else None,
                median=statistics.median(values) if values else None,
                spread=statistics.pstdev(values) if values else None,
                per_criterion=raw_means[item],
            )
        )
    return _sorted_results(results)


def group_result(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    how: str = "mean",
    *,
    method: str = "minmax",
) -> list[ItemResult]:
    """The group ranking: one :class:`ItemResult` per item, sorted by rank then item.

    Each participant's weighted sum per item (:func:`~facilitation.scoring.weighting.weighted_sum`),
    then the mean or median (``how``) over the participants with a result. Items nobody
    scored get score None and share the last rank.
    """
    check_how(how)
    crits = check_criteria(criteria)
    items = unique(items)
    individual = individual_results(ballots, items, crits, weights, method=method)
    raw_means = {
        item: {
            c.name: (statistics.fmean(vals) if (vals := raw_values(ballots, item, c)) else None) for c in crits
        }
        for item in items
    }
    return _results_from(individual, raw_means, items, how)
