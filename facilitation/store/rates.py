"""Fair shares: how fast one participant may post, checked in the store whatever a page sends.

The one writer of ``post_rates``. Every participant write (an idea, an edit, a stakeholder, a
dot, feedback…) takes one token from that participant's bucket for its kind of post, inside the
write's own transaction: a refused or failed post takes nothing (the transaction rolls back), and
all of a participant's pages (kernels, servers) share one bucket through the store, so opening
more pages buys nothing. A bucket is the generic cell rate algorithm: one stored time per
participant and kind (``full_at``), no counters to reset.

Why these numbers (:data:`RATES`): a fast brainstormer types an idea in 10-20 s (a title of a few
words, a scale, a driver); someone pasting a prepared list gets the first ``burst`` at once, then
one every ``every`` seconds. A page posting as fast as it could got 343 ideas in 15 s before
(issue 23); with these rates it gets 6 ideas in 15 s, 10 in a minute. Moves and dots are
clicks and drags, so their buckets are larger and faster, but still far below what a script
sends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from facilitation.domain.errors import LimitReached
from facilitation.store import schema as s
from facilitation.store.db import now
from facilitation.store.server import lock_participant


@dataclass(frozen=True)
class Rate:
    """``burst`` posts at once, then one every ``every`` seconds."""

    burst: int
    every: float


RATES: dict[str, Rate] = {
    "idea": Rate(burst=5, every=8.0),
    "idea change": Rate(burst=10, every=3.0),  # edit or withdraw one's own idea
    "stakeholder": Rate(burst=5, every=6.0),
    "stakeholder move": Rate(burst=20, every=1.0),  # a drag on the grid or an edit
    "vote": Rate(burst=20, every=1.0),  # a dot put or taken back (the budget bounds the total)
    "scores": Rate(burst=30, every=1.0),  # one save of the score form
    "feedback": Rate(burst=5, every=10.0),
    "profile": Rate(burst=5, every=10.0),  # organisation and city, the group picked, recognition
    "poll answer": Rate(burst=10, every=2.0),  # an answer or a change of it: cheap, but no flood of rewrites
    "question": Rate(burst=3, every=15.0),  # a question is typed and thought over, slower than an idea
    "question upvote": Rate(burst=20, every=1.0),  # an upvote put or taken back (once per question)
    "contribution": Rate(burst=4, every=10.0),  # a short point in a discussion (issue 24)
}


# Refusals this process already knows of: (kind, token) -> when to ask the store again. Only ever
# refuses sooner (the store decides every acceptance), so a flooding page is turned away by its
# own kernel without taking the database's write lock from the rest of the room: measured on
# SQLite, two threads posting in a loop made an honest idea wait up to 1.2 s for the lock without it.
_refused: dict[tuple[str, str], datetime] = {}


def _refusal(seconds: float) -> LimitReached:
    return LimitReached("You are posting very fast; please wait {seconds} s and try again.",
                        seconds=max(1, int(seconds + 0.999)))


def precheck(kind: str, token: str | None) -> None:
    """Refuse at once, before any transaction, a post of ``kind`` this process was told to hold back."""
    if _unlimited or not isinstance(token, str):
        return
    until = _refused.get((kind, token))
    if until is None:
        return
    left = (until - now()).total_seconds()
    if left > 0:
        raise _refusal(left)
    del _refused[(kind, token)]


def take(conn: Connection, workshop_id: int, participant_id: int, kind: str, *, token: str | None = None) -> None:
    """Take one post of ``kind`` from the participant's share inside the caller's write
    transaction, or raise :class:`LimitReached` with the seconds to wait (nothing is taken then;
    with ``token``, :func:`precheck` refuses this process's next tries until then).

    The participant's row is locked first, so two pages of one participant posting at once on a
    server take their tokens one after the other.
    """
    if _unlimited:
        return
    rate = RATES[kind]
    stamp = now()
    lock_participant(conn, participant_id)
    table = s.post_rates
    where = (table.c.participant_id == participant_id, table.c.kind == kind)
    full_at = conn.execute(select(table.c.full_at).where(*where)).scalar()
    step = timedelta(seconds=rate.every)
    start = stamp if full_at is None or full_at < stamp else full_at
    new = start + step
    over = (new - (stamp + step * rate.burst)).total_seconds()
    if over > 0:
        if isinstance(token, str):
            _refused[(kind, token)] = stamp + timedelta(seconds=over)
        raise _refusal(over)
    if full_at is None:
        conn.execute(s.post_rates.insert().values(participant_id=participant_id, kind=kind,
                                                  workshop_id=workshop_id, full_at=new))
    else:
        conn.execute(s.post_rates.update().where(*where).values(full_at=new))


# New participants one process creates. A Voila kernel serves one page, which joins once (a reload
# is a new kernel); a forged page could instead join with a new device token in a loop, each a new
# name on every wall, so its kernel refuses after a few.
NEW_PARTICIPANTS = Rate(burst=3, every=60.0)
_new_full_at: datetime | None = None


def take_new_participant() -> None:
    """Count one participant created by this process, or raise :class:`LimitReached`."""
    global _new_full_at
    if _unlimited:
        return
    stamp = now()
    step = timedelta(seconds=NEW_PARTICIPANTS.every)
    start = stamp if _new_full_at is None or _new_full_at < stamp else _new_full_at
    over = (start + step - (stamp + step * NEW_PARTICIPANTS.burst)).total_seconds()
    if over > 0:
        raise _refusal(over)
    _new_full_at = start + step


# Depth of unlimited() blocks in this process. FACILITATION_POST_RATES=off switches the limits off
# for a whole process tree (load tests whose scripts post as one participant); an operator's
# setting, never a page's (a page reaches neither the environment nor this module).
_unlimited = 1 if os.environ.get("FACILITATION_POST_RATES", "").lower() == "off" else 0


@contextmanager
def enforced() -> Iterator[None]:
    """The limits on inside this block, whatever the process set (tests of the limits themselves)."""
    global _unlimited
    saved, _unlimited = _unlimited, 0
    try:
        yield
    finally:
        _unlimited = saved


@contextmanager
def unlimited() -> Iterator[None]:
    """No limits inside this block, for prepared data posted at once (the demo loader, test
    fixtures); pages never enter it (a browser cannot reach a kernel's Python, only its widgets)."""
    global _unlimited
    _unlimited += 1
    try:
        yield
    finally:
        _unlimited -= 1
