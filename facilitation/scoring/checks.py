"""Checks every scoring function makes on its inputs (criteria, weights, ``how``).

Shared by the scoring modules; not part of the package's API (``facilitation.scoring``
re-exports none of it). A bad input is a ValueError naming what is wrong.
"""

from __future__ import annotations

import math
from typing import Any, Hashable, Iterable, Mapping, Sequence

from facilitation.scoring.shapes import HOWS, CriterionLike

__all__: list[str] = []


def is_number(value: Any) -> bool:
    """A finite int or float (a bool is not a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_criterion(criterion: CriterionLike) -> None:
    """Refuse a criterion without a name, with an unknown direction, an empty scale or a negative weight."""
    name = getattr(criterion, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"a criterion needs a non-empty name (got {name!r}).")
    if criterion.direction not in ("higher", "lower"):
        raise ValueError(f"criterion {name!r}: direction must be 'higher' or 'lower' (got {criterion.direction!r}).")
    if not (is_number(criterion.scale_min) and is_number(criterion.scale_max)):
        raise ValueError(f"criterion {name!r}: the scale needs numeric minimum and maximum.")
    if criterion.scale_max <= criterion.scale_min:
        raise ValueError(f"criterion {name!r}: the scale maximum must be larger than the minimum.")
    if not is_number(criterion.weight) or criterion.weight < 0:
        raise ValueError(f"criterion {name!r}: the weight must be a number >= 0 (got {criterion.weight!r}).")


def check_criteria(criteria: Iterable[CriterionLike]) -> list[CriterionLike]:
    """The criteria as a list, each checked, no name twice."""
    crits = list(criteria)
    names = set()
    for c in crits:
        check_criterion(c)
        if c.name in names:
            raise ValueError(f"criterion {c.name!r} appears twice.")
        names.add(c.name)
    return crits


def resolve_weights(crits: Sequence[CriterionLike], weights: Mapping[str, float] | None) -> list[float]:
    """One weight per criterion, in criteria order: ``weights[name]`` or ``criterion.weight``."""
    weights = dict(weights or {})
    unknown = set(weights) - {c.name for c in crits}
    if unknown:
        raise ValueError(f"weights name criteria that do not exist: {', '.join(sorted(map(str, unknown)))}.")
    out = []
    for c in crits:
        w = weights.get(c.name, c.weight)
        if not is_number(w) or w < 0:
            raise ValueError(f"the weight of {c.name!r} must be a number >= 0 (got {w!r}).")
        out.append(float(w))
    return out


def unique(items: Iterable[Hashable]) -> list[Hashable]:
    """The items in their first order, each once."""
    return list(dict.fromkeys(items))


def check_how(how: str) -> None:
    """Refuse a group aggregation other than mean or median."""
    if how not in HOWS:
        raise ValueError(f"how must be one of {', '.join(HOWS)} (got {how!r}).")
