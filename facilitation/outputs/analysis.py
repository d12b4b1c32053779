"""What the analysts' notebook computes, as tested functions on :mod:`facilitation.outputs.frames`.

``notebooks/analysis.ipynb`` only calls these and shows the tables; an analyst can call them
from any notebook too. Nothing here writes: it reads frames and the kit's scoring functions.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Iterable, Mapping

import pandas as pd

from facilitation import scoring
from facilitation.outputs.frames import Frames


def visible(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows the group still sees: neither hidden by a facilitator nor merged into another."""
    return frame[~frame["hidden"] & frame["merged_into"].isna()]


def only(frames: Frames, codes: Iterable[str]) -> Frames:
    """The same tables, keeping the rows of the workshops ``codes`` (no second read of the source)."""
    wanted = set(codes)
    return {name: frame[frame["workshop_code"].isin(wanted)].reset_index(drop=True) for name, frame in frames.items()}


def ballots(scores: pd.DataFrame) -> dict:
    """participant -> item -> criterion name -> value (None: don't know), as :mod:`facilitation.scoring` reads."""
    out: dict = {}
    for row in scores.itertuples():
        value = None if pd.isna(row.value) else int(row.value)
        out.setdefault(row.participant_id, {}).setdefault(row.item_id, {})[row.criterion] = value
    return out


def criteria(frame: pd.DataFrame) -> list[SimpleNamespace]:
    """The criteria rows of one workshop as the scoring functions take them."""
    return [SimpleNamespace(name=c.name, weight=float(c.weight), direction=c.direction,
                            scale_min=int(c.scale_min), scale_max=int(c.scale_max)) for c in frame.itertuples()]


def ranking(frames: Frames, weights: Mapping[str, float] | None = None, *, spread: float = 0.2,
            draws: int = 200) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group ranking per workshop and kind of item, with agreement and robustness.

    Returns ``(ranking, robustness)``: one row per ranked item (score, raters, spread, how often
    it ranks first when the weights vary by ``spread``, Kendall's W and its label), and one row
    per criterion left out (who ranks first then, how many pairs swap order).
    """
    summary, robustness = [], []
    for code, scores in frames["scores"].groupby("workshop_code", observed=True):
        crit = criteria(frames["criteria"][frames["criteria"]["workshop_code"] == code])
        for kind, of_kind in scores.groupby("item_kind", observed=True):
            cast, items = ballots(of_kind), list(dict.fromkeys(of_kind["item_id"]))
            names = dict(zip(of_kind["item_id"], of_kind["item"]))
            results = scoring.group_result(cast, items, crit, weights)
            agreement = scoring.agreement(cast, items, crit, weights)
            first = scoring.rank_stability(cast, items, crit, weights, spread=spread, draws=draws)
            summary += [{"workshop_code": code, "item_kind": kind, "item": names[r.item], "rank": r.rank,
                         "score": r.score, "raters": r.n, "spread": r.spread,
                         "first_under_weight_noise": first.get(r.item, 0.0),
                         "kendalls_w": agreement.overall_w, "agreement": agreement.label} for r in results]
            for name, other in scoring.leave_one_out(cast, items, crit, weights).items():
                robustness.append({"workshop_code": code, "item_kind": kind, "without": name,
                                   "first": " / ".join(names[r.item] for r in other if r.rank == 1),
                                   "rank_reversals": scoring.rank_reversals(results, other)})
    return pd.DataFrame(summary), pd.DataFrame(robustness)
