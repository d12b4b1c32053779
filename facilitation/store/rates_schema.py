"""The table of fair shares (issue 23): when each participant may post each kind of thing again.

Part of :mod:`facilitation.store.schema` (same ``metadata``; split off to keep modules small).
Written only by :mod:`facilitation.store.rates`. One row per participant and kind of post: the
token bucket's state as one time (the generic cell rate algorithm's "theoretical arrival
time"), so a bucket costs one row whatever its size, and every page of one participant (every
kernel, every server) shares it through the store.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table

from facilitation.store.schema import metadata

post_rates = Table(
    "post_rates",
    metadata,
    Column("participant_id", Integer, ForeignKey("participants.id"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    # The bucket is full again at this time (UTC, naive like every stamp); a post moves it on.
    Column("full_at", DateTime(timezone=False), nullable=False),
)
