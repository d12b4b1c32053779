"""Time on the console: the clock text, and how far the session is ahead of or behind its plan.

The running time of a step (paused time excluded, extra time included) comes from
:mod:`facilitation.domain.timer`; this module only formats it and sums the plan. The console
redraws it on the page's one tick (:class:`facilitation.ui.kit.shell.LivePage`), not a tick of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from facilitation.domain import clock
from facilitation.domain.records import AgendaItem
from facilitation.domain.timer import elapsed, is_paused, remaining

__all__ = ["Clock", "utc_now", "clock_text", "elapsed", "is_paused", "remaining", "schedule_delta"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Naive UTC, like every stamp in the store (from :func:`facilitation.domain.clock.utc_now`)."""
    return clock.naive_utc(clock.utc_now())


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) of a non-negative number of seconds."""
    seconds = int(max(0, round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def schedule_delta(items: list[AgendaItem], index: int, now: datetime) -> float:
    """Seconds behind (positive) or ahead (negative) of the agenda as planned.

    Finished steps count their actual minus planned minutes; the open step counts only once it
    runs past its planned minutes (a step in progress is on plan until then). Time the
    facilitator added is a choice, not a plan: it shows here as time behind once used.
    """
    delta = 0.0
    for item in items[:index]:
        spent = elapsed(item, now)
        if spent is not None:
            delta += spent - item.minutes * 60
    if 0 <= index < len(items):
        spent = elapsed(items[index], now) or 0.0
        delta += max(0.0, spent - items[index].minutes * 60)
    return delta
