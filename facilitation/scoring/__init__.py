"""Multi-criteria scoring of workshop items: normalisation, weighted sums, group results,
agreement (Kendall's W) and robustness (swap weight, leave one criterion out, rank
stability under weight noise, rank reversals).

Pure functions: no I/O, no SQL, no widgets, standard library only (this module is loaded
on the participant's light path; see architecture.md).

Why not pymcdm / scikit-criteria (checked pymcdm 1.4.0 and scikit-criteria 0.10): both rank one
decision matrix and pull numpy/scipy/pandas/matplotlib (scikit-criteria also scikit-learn, seaborn,
pulp); neither has per-participant ballots, "don't know" cells, group aggregation or tie-corrected W.

Data shapes
-----------
``item``
    Any hashable id of a scored thing (a scenario id, an idea id, a name).
``participant``
    Any hashable id of a participant.
criterion
    Any object with the attributes of :class:`CriterionLike` (``name``, ``weight`` ≥ 0,
    ``direction`` "higher"/"lower" is better, ``scale_min`` < ``scale_max``), e.g.
    :class:`facilitation.domain.records.Criterion`. Ballots refer to criteria by ``name``.
:data:`Cells`
    ``Mapping[str, float | None]``: one participant's raw scores of one item, criterion name
    -> value on that criterion's scale. ``None`` means "don't know"; a missing name counts as
    "don't know" too; names that are not among the criteria are ignored.
:data:`Ballot`
    ``Mapping[item, Cells]``: every score of one participant.
:data:`Ballots`
    ``Mapping[participant, Ballot]``.
``weights``
    Optional ``Mapping[str, float]``, criterion name -> weight ≥ 0, overriding
    ``criterion.weight`` for the names it holds (a name that is no criterion is an error).

"Don't know" is never a zero: a don't-know cell is left out of that participant's weighted
sum for that item and the remaining weights are renormalised to sum 1, so it neither
raises nor lowers the item (a 0 on a higher-is-better criterion lowers it).

Ties: two scores closer than ``TIE_TOLERANCE`` (relative, at least absolute on 0..1) are
tied, so that floating-point noise (0.1 + 0.2 vs 0.3) never breaks a tie that holds exactly.
A tie group is anchored on its best value, so grouping is deterministic.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterable, Mapping, Protocol, Sequence

__all__ = [
    "AGREEMENT_THRESHOLDS",
    "TIE_TOLERANCE",
    "Agreement",
    "Ballot",
    "Ballots",
    "Cells",
    "CriterionLike",
    "ItemResult",
    "SwapPoint",
    "agreement",
    "agreement_label",
    "group_result",
    "individual_results",
    "kendalls_w",
    "leave_one_out",
    "normalise",
    "rank",
    "rank_reversals",
    "rank_stability",
    "swap_weight",
    "weighted_sum",
]

Cells = Mapping[str, "float | None"]
Ballot = Mapping[Hashable, Cells]
Ballots = Mapping[Hashable, Ballot]

METHODS = ("minmax", "ratio")
HOWS = ("mean", "median")
TIE_TOLERANCE = 1e-9

# Kendall's W labels, after Schmidt (1997), "Managing Delphi surveys using nonparametric
# statistical techniques": W >= 0.7 strong, >= 0.5 moderate, >= 0.3 weak, below: none.
AGREEMENT_THRESHOLDS: tuple[tuple[str, float], ...] = (("strong", 0.7), ("moderate", 0.5), ("weak", 0.3))


class CriterionLike(Protocol):
    """What scoring needs of a criterion (``facilitation.domain.records.Criterion`` fits)."""

    @property
    def name(self) -> str: ...

    @property
    def weight(self) -> float: ...

    @property
    def direction(self) -> str: ...

    @property
    def scale_min(self) -> int: ...

    @property
    def scale_max(self) -> int: ...


@dataclass(frozen=True)
class ItemResult:
    """The group result of one item.

    ``score`` is the group score (mean or median of the individual weighted sums, 0..1),
    None when nobody has a result for the item. ``rank``: 1 = best, competition ranking
    (1, 1, 3), items without a score share the last rank. ``n``: participants with a result
    for this item. ``mean``/``median``/``spread`` (population standard deviation) of the
    individual results, None when n == 0. ``per_criterion``: criterion name -> mean raw
    value (on the criterion's own scale) over the participants who did not answer
    "don't know", None when nobody did.
    """

    item: Any
    score: float | None
    rank: int
    n: int
    mean: float | None
    median: float | None
    spread: float | None
    per_criterion: dict[str, float | None]


@dataclass(frozen=True)
class Agreement:
    """How much the group agrees.

    ``overall_w``: Kendall's W of the participants' item rankings (from their individual
    weighted sums), over the participants with a result for every item that has any result
    (``raters``: how many such complete participants there are); None when it cannot be
    computed (fewer than 2 raters or items, or every rater tied everything: see :func:`kendalls_w`).
    ``per_item``: item -> population std of the individual weighted sums (None: no result).
    ``per_cell``: (item, criterion name) -> population std of the raw scores (None: no score).
    ``most_contested``: the (item, criterion name) cell with the largest std *relative to the
    criterion's scale range* (so a 0..10 scale does not always win over a 1..5 one), among
    cells with at least two scores; None when every such std is 0 or there is none.
    ``label``: see :func:`agreement_label`.
    """

    overall_w: float | None
    per_item: dict[Any, float | None]
    per_cell: dict[tuple[Any, str], float | None]
    most_contested: tuple[Any, str] | None
    label: str
    raters: int = 0


@dataclass(frozen=True)
class SwapPoint:
    """Where one criterion's weight makes the current second item tie the current first.

    Only ``criterion``'s weight changes; the other weights keep their values and all are
    renormalised (so the criterion's *share* of the total moves). Group scores are means.
    ``weight``: the current weight. ``crossing_weight``: the weight at which ``second``'s
    group mean reaches ``first``'s, the one nearest to the current weight; None when no
    weight from 0 up to the criterion carrying ``max_share`` (99.9 %) of the total does it.
    ``factor``: the multiplicative change, ``crossing_weight / weight`` (< 1: lower it,
    > 1: raise it; None when there is no crossing or the current weight is 0).
    ``share``: the criterion's share of the total weight at the crossing.
    When first and second are already tied, the crossing is the current weight (factor 1).
    """

    criterion: str
    first: Any
    second: Any
    weight: float
    crossing_weight: float | None
    factor: float | None
    share: float | None


# --- checks and preparation ------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_criterion(criterion: CriterionLike) -> None:
    name = getattr(criterion, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"a criterion needs a non-empty name (got {name!r}).")
    if criterion.direction not in ("higher", "lower"):
        raise ValueError(f"criterion {name!r}: direction must be 'higher' or 'lower' (got {criterion.direction!r}).")
    if not (_is_number(criterion.scale_min) and _is_number(criterion.scale_max)):
        raise ValueError(f"criterion {name!r}: the scale needs numeric minimum and maximum.")
    if criterion.scale_max <= criterion.scale_min:
        raise ValueError(f"criterion {name!r}: the scale maximum must be larger than the minimum.")
    if not _is_number(criterion.weight) or criterion.weight < 0:
        raise ValueError(f"criterion {name!r}: the weight must be a number >= 0 (got {criterion.weight!r}).")


def _check_criteria(criteria: Iterable[CriterionLike]) -> list[CriterionLike]:
    crits = list(criteria)
    names = set()
    for c in crits:
        _check_criterion(c)
        if c.name in names:
            raise ValueError(f"criterion {c.name!r} appears twice.")
        names.add(c.name)
    return crits


def _resolve_weights(crits: Sequence[CriterionLike], weights: Mapping[str, float] | None) -> list[float]:
    """One weight per criterion, in criteria order: ``weights[name]`` or ``criterion.weight``."""
    weights = dict(weights or {})
    unknown = set(weights) - {c.name for c in crits}
    if unknown:
        raise ValueError(f"weights name criteria that do not exist: {', '.join(sorted(map(str, unknown)))}.")
    out = []
    for c in crits:
        w = weights.get(c.name, c.weight)
        if not _is_number(w) or w < 0:
            raise ValueError(f"the weight of {c.name!r} must be a number >= 0 (got {w!r}).")
        out.append(float(w))
    return out


def _unique(items: Iterable[Hashable]) -> list[Hashable]:
    return list(dict.fromkeys(items))


def _check_how(how: str) -> None:
    if how not in HOWS:
        raise ValueError(f"how must be one of {', '.join(HOWS)} (got {how!r}).")


# Normalised known cells: participant -> item -> [(criterion index, value in 0..1), ...]
_Prepared = dict[Hashable, dict[Hashable, list[tuple[int, float]]]]


def _known_pairs(cells: Cells | None, crits: Sequence[CriterionLike], method: str) -> list[tuple[int, float]]:
    if not cells:
        return []
    pairs = []
    for k, c in enumerate(crits):
        value = cells.get(c.name)
        if value is not None:
            pairs.append((k, normalise(value, c, method=method)))
    return pairs


def _prepare(ballots: Ballots, items: Sequence[Hashable], crits: Sequence[CriterionLike], method: str) -> _Prepared:
    return {
        p: {item: _known_pairs((ballot or {}).get(item), crits, method) for item in items}
        for p, ballot in ballots.items()
    }


def _wsum(pairs: Sequence[tuple[int, float]], w: Sequence[float]) -> float | None:
    """Weighted mean of the known normalised values; None when no known value has weight."""
    total = math.fsum(w[k] for k, _ in pairs)
    if total <= 0:
        return None
    value = math.fsum(w[k] * x for k, x in pairs) / total
    return min(1.0, max(0.0, value))


def _aggregate(values: Sequence[float], how: str) -> float | None:
    if not values:
        return None
    return statistics.fmean(values) if how == "mean" else statistics.median(values)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TIE_TOLERANCE * max(1.0, abs(a), abs(b))


def _tie_groups(values: Sequence[float], descending: bool) -> list[list[int]]:
    """Indices of ``values`` grouped into ties, in sorted order; a group is anchored on its first value."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=descending)
    groups: list[list[int]] = []
    for i in order:
        if groups and _close(values[groups[-1][0]], values[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _sort_key(result: ItemResult) -> tuple:
    return (result.rank, result.item)


def _sorted_results(results: list[ItemResult]) -> list[ItemResult]:
    try:
        return sorted(results, key=_sort_key)
    except TypeError:  # items of mixed types: order ties by their text
        return sorted(results, key=lambda r: (r.rank, str(r.item)))


# --- normalisation and weighted sums ------------------------------------------------------


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
    _check_criterion(criterion)
    if not _is_number(value):
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
    crits = _check_criteria(criteria)
    w = _resolve_weights(crits, weights)
    return _wsum(_known_pairs(ballot_for_one_item, crits, method), w)


def individual_results(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "minmax",
) -> dict[Hashable, dict[Hashable, float | None]]:
    """participant -> item -> that participant's :func:`weighted_sum` (None: no result)."""
    crits = _check_criteria(criteria)
    w = _resolve_weights(crits, weights)
    items = _unique(items)
    prepared = _prepare(ballots, items, crits, method)
    return {p: {item: _wsum(cells[item], w) for item in items} for p, cells in prepared.items()}


def rank(scores: Mapping[Hashable, float | None]) -> dict[Hashable, int]:
    """Competition ranking ("1, 1, 3"), higher score is better, 1 = best.

    Scores within ``TIE_TOLERANCE`` share a rank; None scores share the last rank
    (number of scored items + 1). The result keeps the input's key order.
    """
    keys = list(scores)
    known = [k for k in keys if scores[k] is not None]
    values = []
    for k in known:
        if not _is_number(scores[k]):
            raise ValueError(f"score of {k!r} must be a finite number or None (got {scores[k]!r}).")
        values.append(float(scores[k]))
    ranks: dict[Hashable, int] = {}
    position = 1
    for group in _tie_groups(values, descending=True):
        for i in group:
            ranks[known[i]] = position
        position += len(group)
    return {k: ranks.get(k, len(known) + 1) for k in keys}


def _results_from(
    individual: Mapping[Hashable, Mapping[Hashable, float | None]],
    raw_means: Mapping[Hashable, dict[str, float | None]],
    items: Sequence[Hashable],
    how: str,
) -> list[ItemResult]:
    per_item = {item: [r[item] for r in individual.values() if r[item] is not None] for item in items}
    scores = {item: _aggregate(values, how) for item, values in per_item.items()}
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


def _raw_values(ballots: Ballots, item: Hashable, criterion: CriterionLike) -> list[float]:
    values = []
    for ballot in ballots.values():
        value = ((ballot or {}).get(item) or {}).get(criterion.name)
        if value is not None:
            normalise(value, criterion)  # the same checks as the scores themselves
            values.append(float(value))
    return values


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

    Each participant's weighted sum per item (:func:`weighted_sum`), then the mean or
    median (``how``) over the participants with a result. Items nobody scored get score
    None and share the last rank.
    """
    _check_how(how)
    crits = _check_criteria(criteria)
    items = _unique(items)
    individual = individual_results(ballots, items, crits, weights, method=method)
    raw_means = {
        item: {
            c.name: (statistics.fmean(vals) if (vals := _raw_values(ballots, item, c)) else None) for c in crits
        }
        for item in items
    }
    return _results_from(individual, raw_means, items, how)


# --- agreement -----------------------------------------------------------------------------


def _midranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Average ranks (1..n, ascending) and the tie term sum(t^3 - t) of one rater."""
    ranks = [0.0] * len(values)
    ties = 0.0
    position = 1
    for group in _tie_groups(values, descending=False):
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
        values = []
        for item in common:
            if not _is_number(r[item]):
                raise ValueError(f"ranking value of {item!r} must be a finite number or None (got {r[item]!r}).")
            values.append(float(r[item]))
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
    crits = _check_criteria(criteria)
    items = _unique(items)
    individual = individual_results(ballots, items, crits, weights, method=method)
    scored = [item for item in items if any(r[item] is not None for r in individual.values())]
    complete = [r for r in individual.values() if scored and all(r[item] is not None for item in scored)]
    w = kendalls_w([{item: r[item] for item in scored} for r in complete])

    per_item = {}
    for item in items:
        values = [r[item] for r in individual.values() if r[item] is not None]
        per_item[item] = statistics.pstdev(values) if values else None

    per_cell: dict[tuple[Hashable, str], float | None] = {}
    most_contested = None
    best = 0.0
    for item in items:
        for c in crits:
            values = _raw_values(ballots, item, c)
            spread = statistics.pstdev(values) if values else None
            per_cell[(item, c.name)] = spread
            if spread is not None and len(values) >= 2:
                relative = spread / (c.scale_max - c.scale_min)
                if relative > best and not _close(relative, best):
                    best, most_contested = relative, (item, c.name)
    return Agreement(
        overall_w=w,
        per_item=per_item,
        per_cell=per_cell,
        most_contested=most_contested,
        label=agreement_label(w),
        raters=len(complete),
    )


# --- robustness ----------------------------------------------------------------------------


def _group_scores(prepared: _Prepared, items: Sequence[Hashable], w: Sequence[float], how: str) -> dict:
    out = {}
    for item in items:
        values = [s for cells in prepared.values() if (s := _wsum(cells[item], w)) is not None]
        out[item] = _aggregate(values, how)
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
    crits = _check_criteria(criteria)
    items = _unique(items)
    w = _resolve_weights(crits, weights)
    if not 0 < max_share < 1:
        raise ValueError("max_share must be between 0 and 1.")
    results = [r for r in group_result(ballots, items, crits, weights, "mean", method=method) if r.score is not None]
    if len(results) < 2:
        return []
    first, second = results[0].item, results[1].item
    tied = results[0].rank == results[1].rank
    prepared = _prepare(ballots, [first, second], crits, method)
    total = math.fsum(w)

    def gap(wv: Sequence[float]) -> float | None:
        scores = _group_scores(prepared, [first, second], wv, "mean")
        if scores[first] is None or scores[second] is None:
            return None
        return scores[second] - scores[first]

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
    crits = _check_criteria(criteria)
    _resolve_weights(crits, weights)  # refuse unknown names before filtering
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
    _check_how(how)
    if not (_is_number(spread) and 0 <= spread <= 1):
        raise ValueError("spread must be a number from 0 to 1.")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ValueError("draws must be a whole number >= 1.")
    crits = _check_criteria(criteria)
    items = _unique(items)
    w = _resolve_weights(crits, weights)
    prepared = _prepare(ballots, items, crits, method)
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
