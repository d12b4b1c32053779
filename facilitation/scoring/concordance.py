"""How much the group agrees: Kendall's W (tie-corrected), its label, spreads per item and per cell."""

from __future__ import annotations

import math
import statistics
from typing import Hashable, Mapping, Sequence

from facilitation.scoring.checks import check_criteria, is_number, unique
from facilitation.scoring.ranking import close, raw_values, tie_groups
from facilitation.scoring.shapes import AGREEMENT_THRESHOLDS, Agreement, Ballots, CriterionLike
from facilitation.scoring.weighting import individual_results

__all__ = ["agreement", "agreement_label", "kendalls_w"]


def _midranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Average ranks (1..n, ascending) and the tie term sum(t^3 - t) of one rater."""
    ranks = [0.0] * len(values)
    ties = 0.0
    position = 1
    for group in tie_groups(values, descending=False):
        t = len(group)
        average = position + (t - 1) / 2
        for i in group:
            ranks[i] = average
        if t > 1:
            ties += t**3 - t
        position += t
    return ranks, ties


def kendalls_w(rankings: Sequence[Mapping[Hashable, float | None]]) -> float | None:
    """Kendall's coefficient of concordance W, corrected for ties, in 0..1.

    Each mapping is one rater: item -> a value that orders the items (ranks or scores; only
    the order matters, and W is the same whether all raters use "higher is better" or all
    use "lower is better"). Values are turned into average ranks (ties share the mean rank).
    Only items with a non-None value from every rater are used (n items, m raters)::

        W = 12 S / (m^2 (n^3 - n) - m sum_j T_j),   T_j = sum over tie groups of (t^3 - t)

    with S the sum of squared deviations of the items' rank sums from their mean.
    1 = every rater orders the items the same way; 0 = no agreement (e.g. two raters with
    reversed orders).

    Returns None when there are fewer than 2 raters or fewer than 2 common items, and when
    every rater ties every item (the denominator is 0: W is 0/0). We return None rather than
    1.0 there because nobody expressed an order to agree on; showing "strong agreement" on
    a projector would mislead. The per-item spreads of :func:`agreement` (all 0) already
    say that the scores are identical.
    """
    rankings = [dict(r) for r in rankings]
    m = len(rankings)
    if m < 2:
        return None
    common = [item for item, v in rankings[0].items() if v is not None]
    for r in rankings[1:]:
        common = [item for item in common if r.get(item) is not None]
    n = len(common)
    if n < 2:
        return None
    sums = [0.0] * n
    tie_total = 0.0
    for r in rankings:
        values: list[float] = []
        for item in common:
            value = r[item]
            if value is None or not is_number(value):
                raise ValueError(f"ranking value of {item!r} must be a finite number or None (got {value!r}).")
            values.append(float(value))
        ranks, ties = _midranks(values)
        tie_total += ties
        for j, x in enumerate(ranks):
            sums[j] += x
    mean = m * (n + 1) / 2
    s = math.fsum((x - mean) ** 2 for x in sums)
    denominator = m * m * (n**3 - n) - m * tie_total
    if denominator <= 0:
        return None
    return min(1.0, max(0.0, 12 * s / denominator))


def agreement_label(w: float | None) -> str:
    """The agreement label of Kendall's W: strong (W >= 0.7), moderate (>= 0.5), weak (>= 0.3), else none.

    Thresholds after Schmidt (1997); "none" also when W is None (not computable: fewer
    than two complete raters or items, or nobody distinguished the items).
    """
    if w is None:
        return "none"
    for label, threshold in AGREEMENT_THRESHOLDS:
        if w >= threshold:
            return label
    return "none"


def agreement(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
) -> Agreement:
    """How much the participants agree: Kendall's W, spreads per item and per cell (see :class:`Agreement`)."""
    crits = check_criteria(criteria)
    items = unique(items)
    individual = individual_results(ballots, items, crits, weights, method=method)
    scored = [item for item in items if any(r[item] is not None for r in individual.values())]
    complete = [r for r in individual.values() if scored and all(r[item] is not None for item in scored)]
    w = kendalls_w([{item: r[item] for item in scored} for r in complete])

    per_item: dict[Hashable, float | None] = {}
    for item in items:
        scores = [v for r in individual.values() if (v := r[item]) is not None]
        per_item[item] = statistics.pstdev(scores) if scores else None

    per_cell: dict[tuple[Hashable, str], float | None] = {}
    most_contested = None
    best = 0.0
    for item in items:
        for c in crits:
            values = raw_values(ballots, item, c)
            spread = statistics.pstdev(values) if values else None
            per_cell[(item, c.name)] = spread
            if spread is not None and len(values) >= 2:
                relative = spread / (c.scale_max - c.scale_min)
                if relative > best and not close(relative, best):
                    best, most_contested = relative, (item, c.name)
    return Agreement(
        overall_w=w,
        per_item=per_item,
        per_cell=per_cell,
        most_contested=most_contested,
        label=agreement_label(w),
        raters=len(complete),
    )
