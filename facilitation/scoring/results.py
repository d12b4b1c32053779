"""What the scoring views show, computed from ballots: pure functions on top of :mod:`facilitation.scoring`.

No widgets, no SQL, so the group view and its tests share them. Ballots have the shape
of :mod:`facilitation.scoring`: ``{participant: {item: {criterion_name: value | None}}}``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Hashable, Mapping, Sequence

from facilitation import scoring
from facilitation.scoring import Agreement, Ballots, CriterionLike, ItemResult, SwapPoint

# Spread (population std) of the individual weighted sums (0..1) below which the group is
# close on an item. 0.1 = one tenth of the whole range: on a 0..5 scale, about half a point.
CLOSE_SPREAD = 0.1
SPLIT_SPREAD = 0.2
STABILITY_SPREAD = 0.2
STABILITY_DRAWS = 200


@dataclass(frozen=True)
class CellDistribution:
    """How the participants scored one item on one criterion."""

    counts: dict[int, int]  # every whole value of the scale -> how many gave it
    dont_know: int
    mean: float | None

    @property
    def n(self) -> int:
        """Participants who gave a value (don't know not counted)."""
        return sum(self.counts.values())

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)


@dataclass(frozen=True)
class LeaveOneOutRow:
    """The ranking without one criterion, compared with the ranking with all of them."""

    criterion: str
    first: tuple[Hashable, ...]
    top_changed: bool
    reversals: int


@dataclass(frozen=True)
class Robustness:
    """The robustness panel for one set of weights."""

    weights: dict[str, float]
    results: list[ItemResult]
    reversals: int  # pairs ordered the other way round than with the official weights
    swap: list[SwapPoint]
    leave_one_out: list[LeaveOneOutRow]
    stability: dict[Hashable, float]
    draws: int
    spread: float


@dataclass(frozen=True)
class Progress:
    """How far the group is: who scored something, who answered every cell (don't know counts)."""

    started: int
    complete: int
    cells: int


def distribution(ballots: Ballots, item: Hashable, criterion: CriterionLike) -> CellDistribution:
    """Counts per whole scale value, don't-know answers apart, and the mean of the values."""
    counts = {v: 0 for v in range(int(criterion.scale_min), int(criterion.scale_max) + 1)}
    dont_know = 0
    values: list[float] = []
    for ballot in ballots.values():
        cells = (ballot or {}).get(item) or {}
        if criterion.name not in cells:
            continue
        value = cells[criterion.name]
        if value is None:
            dont_know += 1
            continue
        values.append(float(value))
        bucket = int(round(value))
        if bucket in counts:
            counts[bucket] += 1
    return CellDistribution(counts=counts, dont_know=dont_know, mean=statistics.fmean(values) if values else None)


def progress(ballots: Ballots, items: Sequence[Hashable], criteria: Sequence[CriterionLike]) -> Progress:
    """Participants with any answer, and with an answer (value or don't know) in every cell."""
    cells = len(items) * len(criteria)
    started = complete = 0
    for ballot in ballots.values():
        answered = sum(1 for item in items for c in criteria if c.name in ((ballot or {}).get(item) or {}))
        if answered:
            started += 1
        if cells and answered == cells:
            complete += 1
    return Progress(started=started, complete=complete, cells=cells)


def closeness(spread: float | None) -> str:
    """``close``, ``mixed`` or ``split``: how far apart the participants' results on one item are."""
    if spread is None:
        return "none"
    if spread < CLOSE_SPREAD:
        return "close"
    if spread < SPLIT_SPREAD:
        return "mixed"
    return "split"


def firsts(results: Sequence[ItemResult]) -> tuple[Hashable, ...]:
    """The item(s) ranked first (several when tied); empty when nothing has a score."""
    return tuple(r.item for r in results if r.rank == 1 and r.score is not None)


def leave_one_out_rows(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    base: Sequence[ItemResult] | None = None,
) -> list[LeaveOneOutRow]:
    """For each criterion: who ranks first without it, whether the top changes, and how many pairs flip."""
    if base is None:
        base = scoring.group_result(ballots, items, criteria, weights)
    top = set(firsts(base))
    rows = []
    for name, results in scoring.leave_one_out(ballots, items, criteria, weights).items():
        first = firsts(results)
        rows.append(LeaveOneOutRow(criterion=name, first=first, top_changed=bool(first) and set(first) != top,
                                   reversals=scoring.rank_reversals(base, results)))
    return rows


def robustness(
    ballots: Ballots,
    items: Sequence[Hashable],
    criteria: Sequence[CriterionLike],
    weights: Mapping[str, float] | None = None,
    *,
    official: Sequence[ItemResult] | None = None,
    draws: int = STABILITY_DRAWS,
    spread: float = STABILITY_SPREAD,
    seed: int = 0,
) -> Robustness:
    """Everything the robustness panel shows for ``weights`` (criterion weights when None).

    ``official`` is the ranking with the workshop's own weights; ``reversals`` counts the
    pairs of items that ``weights`` put the other way round. The stability draws are seeded,
    so the same ballots and weights always show the same shares.
    """
    resolved = {c.name: float((weights or {}).get(c.name, c.weight)) for c in criteria}
    results = scoring.group_result(ballots, items, criteria, resolved)
    if official is None:
        official = scoring.group_result(ballots, items, criteria)
    has_weight = any(w > 0 for w in resolved.values())
    return Robustness(
        weights=resolved,
        results=results,
        reversals=scoring.rank_reversals(official, results),
        swap=scoring.swap_weight(ballots, items, criteria, resolved) if has_weight else [],
        leave_one_out=leave_one_out_rows(ballots, items, criteria, resolved, results) if len(criteria) > 1 else [],
        stability=scoring.rank_stability(ballots, items, criteria, resolved, spread=spread, draws=draws, seed=seed)
        if has_weight else {item: 0.0 for item in items},
        draws=draws,
        spread=spread,
    )


def contested_range(ballots: Ballots, agreement: Agreement, criteria: Sequence[CriterionLike]) -> tuple[float, float] | None:
    """The lowest and highest score given in the most contested cell (None when there is none)."""
    if agreement.most_contested is None:
        return None
    item, name = agreement.most_contested
    values = [v for b in ballots.values() if (v := ((b or {}).get(item) or {}).get(name)) is not None]
    return (min(values), max(values)) if values else None
