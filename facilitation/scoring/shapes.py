"""What scoring takes and gives: the ballot shapes, what a criterion must offer, the result
records and the fixed vocabularies (see the package docstring for the shapes' meaning)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Protocol

__all__ = [
    "AGREEMENT_THRESHOLDS",
    "HOWS",
    "METHODS",
    "TIE_TOLERANCE",
    "Agreement",
    "Ballot",
    "Ballots",
    "Cells",
    "CriterionLike",
    "ItemResult",
    "SwapPoint",
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
    computed (fewer than 2 raters or items, or every rater tied everything: see
    :func:`facilitation.scoring.kendalls_w`).
    ``per_item``: item -> population std of the individual weighted sums (None: no result).
    ``per_cell``: (item, criterion name) -> population std of the raw scores (None: no score).
    ``most_contested``: the (item, criterion name) cell with the largest std *relative to the
    criterion's scale range* (so a 0..10 scale does not always win over a 1..5 one), among
    cells with at least two scores; None when every such std is 0 or there is none.
    ``label``: see :func:`facilitation.scoring.agreement_label`.
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
