"""The current time, in one light place (stdlib only) for the store, the pages and step views.

Step views get ``now`` from their page's tick (``View.tick(now)``); code that needs the time
outside a tick calls :func:`utc_now`. Tests pass their own ``now`` instead of patching this.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> datetime:
    """The current time in UTC, timezone-aware (compare with aware datetimes only)."""
    return datetime.now(timezone.utc)


def naive_utc(moment: datetime) -> datetime:
    """``moment`` as a naive UTC datetime, the way the store keeps times (an aware one is converted)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
