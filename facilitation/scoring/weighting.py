"""From raw scores to one number per participant and item: normalisation and weighted sums.

"Don't know" is never a zero: it is left out of the weighted sum and the remaining weights
are renormalised (see the package docstring).
"""

from __future__ import annotations

import math
from typing import Hashable, Mapping, Sequence

from facilitation.scoring.checks import check_criteria, check_criterion, is_number, resolve_weights, unique
from facilitation.scoring.shapes import METHODS, Ballots, Cells, CriterionLike

__all__ = ["individual_results", "normalise", "weighted_sum"]

# Normalised known cells: participant -> item -> [(criterion index, value in 0..1), ...].
# Computed once per call, so that robustness can re-weight them many times cheaply.
Prepared = dict[Hashable, dict[Hashable, list[tuple[int, float]]]]


def normalise(value: float, criterion: CriterionLike, method: str = "minmax") -> float:
    """A raw score on ``criterion``'s scale mapped to 0..1, where 1 is best.

    For "lower is better" the value is first mirrored on the scale
    (``v -> scale_min + scale_max - v``), then:

    - ``"minmax"`` (default): ``(v - scale_min) / (scale_max - scale_min)``; the worst end
      of the scale is 0, the best 1.
    - ``"ratio"``: ``v / scale_max`` (proportions kept: 4 counts twice 2); needs a scale
      starting at 0 or above. On a 0..N scale it equals minmax; on 1..5 it gives 0.2..1.

    A value outside the scale, not a finite number, or an unknown method is a ValueError.
    """
    check_criterion(criterion)
    if not is_number(value):
        raise ValueError(f"criterion {criterion.name!r}: a score must be a finite number (got {value!r}).")
    lo, hi = criterion.scale_min, criterion.scale_max
    if not lo <= value <= hi:
        raise ValueError(f"criterion {criterion.name!r}: the score {value} is outside the scale {lo}..{hi}.")
    v = lo + hi - value if criterion.direction == "lower" else value
    if method == "minmax":
        return (v - lo) / (hi - lo)
    if method == "ratio":
        if lo < 0:
            raise ValueError(f"criterion {criterion.name!r}: ratio normalisation needs a scale starting at 0 or above.")
        return v / hi
    raise ValueError(f"method must be one of {', '.join(METHODS)} (got {method!r}).")


def known_pairs(cells: Cells | None, crits: Sequence[CriterionLike], method: str) -> list[tuple[int, float]]:
    """(criterion index, normalised value) of every answered cell; don't-know cells are left out."""
    if not cells:
        return []
    pairs = []
    for k, c in enumerate(crits):
        value = cells.get(c.name)
        if value is not None:
            pairs.append((k, normalise(value, c, method=method)))
    return pairs


def prepare(ballots: Ballots, items: Sequence[Hashable], crits: Sequence[CriterionLike], method: str) -> Prepared:
    """Every ballot's known cells, normalised (see :data:`Prepared`)."""
    return {
        p: {item: known_pairs((ballot or {}).get(item), crits, method) for item in items}
        for p, ballot in ballots.items()
    }


def wsum(pairs: Sequence[tuple[int, float]], w: Sequence[float]) -> float | None:
    """Weighted mean of the known normalised values; None when no known value has weight."""
    total = math.fsum(w[k] for k, _ in pairs)
    if total <= 0:
        return None
    value = math.fsum(w[k] * x for k, x in pairs) / total
    return min(1.0, max(0.0, value))


def weighted_sum(
    ballot_for_one_item: Cells,
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
) -> float | None:
    """One participant's score of one item, 0..1.

    ``sum(w_c * normalise(v_c)) / sum(w_c)`` over the criteria with a known value, i.e. the
    weights are renormalised to sum 1 over the answered criteria ("don't know" is left out,
    never taken as 0). None when no answered criterion has a positive weight.
    """
    crits = check_criteria(criteria)
    w = resolve_weights(crits, weights)
    return wsum(known_pairs(ballot_for_one_item, crits, method), w)


def individual_results(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
) -> dict[Hashable, dict[Hashable, float | None]]:
    """participant -> item -> that participant's :func:`weighted_sum` (None: no result)."""
    crits = check_criteria(criteria)
    w = resolve_weights(crits, weights)
    items = unique(items)
    prepared = prepare(ballots, items, crits, method)
    return {p: {item: wsum(cells[item], w) for item in items} for p, cells in prepared.items()}
