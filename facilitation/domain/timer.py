"""The step timer: how long the open step has run and how much of its time is left.

Pure arithmetic on an :class:`~facilitation.domain.records.AgendaItem` (the store keeps the
stamps: ``started_at``, ``ended_at``, ``paused_at``, the paused seconds already closed and the
extra seconds the facilitator added or took away). The console and the presenter call it
with their own ``now`` (UTC, naive like every stored stamp), so it is tested without waiting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from facilitation.domain.records import AgendaItem


def session_started(items: Sequence[AgendaItem]) -> bool:
    """Whether the facilitator has started the session: one of its steps has started.

    A new workshop has no step started until the facilitator starts it (or moves to a step);
    workshops stored before that rule opened their first step when created, so they count as started.
    """
    return any(item.started_at is not None for item in items)


def is_paused(item: AgendaItem) -> bool:
    """True while the step's timer is paused (started, not ended, a pause open)."""
    return item.paused_at is not None and item.started_at is not None and item.ended_at is None


def elapsed(item: AgendaItem, now: datetime) -> float | None:
    """Seconds the step has run, paused time excluded; None when it has not started."""
    if item.started_at is None:
        return None
    end = item.ended_at or item.paused_at or now
    return max(0.0, (end - item.started_at).total_seconds() - item.paused_seconds)


def planned_seconds(item: AgendaItem) -> int:
    """The step's planned minutes plus the time added (or minus the time taken away)."""
    return max(0, item.minutes * 60 + item.extra_seconds)


def remaining(item: AgendaItem, now: datetime) -> float:
    """Seconds left of the step's planned time (negative when it runs over; the full time before it starts)."""
    return planned_seconds(item) - (elapsed(item, now) or 0.0)
