"""Multi-criteria scoring of workshop items: normalisation, weighted sums, group results,
agreement (Kendall's W) and robustness (swap weight, leave one criterion out, rank
stability under weight noise, rank reversals).

Pure functions: no I/O, no SQL, no widgets, standard library only (this package is loaded
on the participant's light path; see architecture.md).

Modules, by concern (import the names from here, not from the modules):

- :mod:`~facilitation.scoring.shapes`: ballot shapes, :class:`CriterionLike`, result records;
- :mod:`~facilitation.scoring.weighting`: :func:`normalise`, :func:`weighted_sum`, :func:`individual_results`;
- :mod:`~facilitation.scoring.ranking`: :func:`rank`, :func:`group_result`;
- :mod:`~facilitation.scoring.concordance`: :func:`kendalls_w`, :func:`agreement_label`, :func:`agreement`;
- :mod:`~facilitation.scoring.robustness`: :func:`swap_weight`, :func:`leave_one_out`,
  :func:`rank_stability`, :func:`rank_reversals`;
- :mod:`~facilitation.scoring.results`: what the group view shows (distributions, progress,
  the robustness panel), built on the above.

:mod:`~facilitation.scoring.checks` holds the input checks; a module's names outside its
``__all__`` are helpers shared inside the package, not API.

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

from facilitation.scoring.concordance import agreement, agreement_label, kendalls_w
from facilitation.scoring.ranking import group_result, rank
from facilitation.scoring.robustness import leave_one_out, rank_reversals, rank_stability, swap_weight
from facilitation.scoring.shapes import (  # HOWS, METHODS: package attributes, as before the split
    AGREEMENT_THRESHOLDS,
    HOWS,
    METHODS,
    TIE_TOLERANCE,
    Agreement,
    Ballot,
    Ballots,
    Cells,
    CriterionLike,
    ItemResult,
    SwapPoint,
)
from facilitation.scoring.weighting import individual_results, normalise, weighted_sum

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
