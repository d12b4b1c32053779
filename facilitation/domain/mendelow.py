"""The Mendelow power/interest grid and how it meets the IAP2 spectrum. Pure: no I/O, no widgets.

Power and interest are scored 1–5. Mendelow's grid is binary (low/high), so a value counts
as *high* only from :data:`HIGH_FROM` (4) up: the middle of the scale (3) is not yet high.
This keeps a stakeholder added with the form's middle defaults in "monitor", and makes
"manage closely" a deliberate choice.

Each quadrant suggests a band of the IAP2 spectrum (inform < consult < involve <
collaborate < empower). A level below the band is *under-engagement* (e.g. only "inform"
for a key player); above it is *over-engagement* (effort the quadrant does not need).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import LEVELS

HIGH_FROM = 4
SCALE = (1, 2, 3, 4, 5)

MANAGE_CLOSELY = "manage_closely"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MONITOR = "monitor"
# Reading order of the grid: high power on top, high interest on the right.
QUADRANTS = (KEEP_SATISFIED, MANAGE_CLOSELY, MONITOR, KEEP_INFORMED)

# The IAP2 band (lowest, highest) that fits each quadrant.
FITTING_LEVELS: dict[str, tuple[str, str]] = {
    MANAGE_CLOSELY: ("involve", "empower"),
    KEEP_SATISFIED: ("consult", "collaborate"),
    KEEP_INFORMED: ("inform", "involve"),
    MONITOR: ("inform", "consult"),
}

UNDER = "under"
OVER = "over"


def is_high(value: int) -> bool:
    """True when a 1–5 power or interest value counts as high on the grid."""
    return int(value) >= HIGH_FROM


def quadrant(power: int, interest: int) -> str:
    """The Mendelow quadrant of a stakeholder (one of :data:`QUADRANTS`)."""
    high_power, high_interest = is_high(power), is_high(interest)
    if high_power and high_interest:
        return MANAGE_CLOSELY
    if high_power:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR


def fitting_levels(quadrant_name: str) -> tuple[str, ...]:
    """The IAP2 levels that fit a quadrant, lowest first."""
    lo, hi = FITTING_LEVELS[quadrant_name]
    return LEVELS[LEVELS.index(lo): LEVELS.index(hi) + 1]


@dataclass(frozen=True)
class Mismatch:
    """An IAP2 level that does not fit the stakeholder's quadrant."""

    quadrant: str
    level: str
    direction: str  # UNDER or OVER
    suggested: tuple[str, ...]


def mismatch(power: int, interest: int, level: str) -> Mismatch | None:
    """None when ``level`` fits the quadrant of (power, interest); else what is wrong."""
    if level not in LEVELS:
        raise ValueError(f"unknown IAP2 level {level!r}")
    q = quadrant(power, interest)
    band = fitting_levels(q)
    if level in band:
        return None
    direction = UNDER if LEVELS.index(level) < LEVELS.index(band[0]) else OVER
    return Mismatch(quadrant=q, level=level, direction=direction, suggested=band)


def spread(points: list[tuple[int, int]], radius: float = 0.2) -> list[tuple[float, float]]:
    """Screen positions for (interest, power) points: those sharing a cell fan out around it.

    The offsets stay below 0.5, so rounding a position that was not moved gives its cell back.
    """
    seen: dict[tuple[int, int], int] = {}
    totals: dict[tuple[int, int], int] = {}
    for p in points:
        totals[p] = totals.get(p, 0) + 1
    out: list[tuple[float, float]] = []
    for x, y in points:
        n = totals[(x, y)]
        k = seen.get((x, y), 0)
        seen[(x, y)] = k + 1
        if n == 1:
            out.append((float(x), float(y)))
            continue
        angle = 2 * math.pi * k / n + math.pi / 4
        out.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    return out


def snap(value: float, what: str = "position") -> int:
    """A dragged position back to the nearest whole score, kept within 1–5."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidValue(what, "must be a number.") from None
    if not math.isfinite(number):
        raise InvalidValue(what, "must be a number.")
    return max(SCALE[0], min(SCALE[-1], int(math.floor(number + 0.5))))
