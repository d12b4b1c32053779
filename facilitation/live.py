"""The change feed: tells one kernel's page which store topics changed, within ~0.25 s.

One :class:`Feed` per page (kernel). It runs as ONE asyncio task on the kernel's own event
loop, so subscriber callbacks may touch widgets (no threads). Every ``interval`` seconds it
reads the store's cheap change counter (SQLite: ``PRAGMA data_version``); only when that
moves does it read the per-workshop revision counters and call each subscriber with the set
of topics whose revision changed (``{"ideas", "votes"}``, ...; every topic is listed, with its
meaning, in :mod:`facilitation.domain.topics`). On PostgreSQL the counter is
the sum of the workshop's revisions: one autocommit statement a poll on the kernel's one pooled
connection (no connection of its own: a kernel never holds more than one). Polling was
measured against LISTEN/NOTIFY with 200 feeds (README, "PostgreSQL") and kept: it costs the
server little, needs no listener process, and works through a transaction-pooling proxy.

The task stops itself when its page is gone, so an idle-culling server can reclaim the
kernel (a poller that keeps sending widget messages would keep it "busy" forever):

* **idle**: nothing called :meth:`Feed.touch` for ``idle_timeout`` seconds. Pages call it on
  every heartbeat their browser sends (``facilitation.ui.kit.identity``); a crashed or closed
  browser sends none. A late heartbeat (a laptop waking up) restarts the feed, and the first
  poll delivers everything that changed meanwhile.
* **closed**: the widget given to :meth:`Feed.bind` was closed (its comm is gone).
* :meth:`Feed.stop` was called.

Tests drive it synchronously with :meth:`Feed.poll_once` (no event loop needed).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Callable

from facilitation.store import Database

log = logging.getLogger(__name__)

Subscriber = Callable[[set[str]], None]
Ticker = Callable[[], None]

DEFAULT_INTERVAL = 0.2
# While the store cannot be reached, poll this often: a connect to a server that does not answer
# blocks the kernel's loop up to the connect timeout, and the page must stay responsive meanwhile.
OUTAGE_INTERVAL = 1.0
# Background tabs throttle timers to about one per minute; three heartbeats of slack.
DEFAULT_IDLE_TIMEOUT = 180.0


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop if one is running in this thread (None in plain scripts/tests)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Feed:
    """Change notifications for one workshop, polled on the current event loop.

    ``clock`` is injectable so idle handling can be tested without waiting.
    """

    def __init__(
        self,
        db: Database,
        workshop_id: int,
        *,
        interval: float = DEFAULT_INTERVAL,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.workshop_id = workshop_id
        self.interval = interval
        self.idle_timeout = idle_timeout
        self.clock = clock
        self._subscribers: list[Subscriber] = []
        self._tickers: list[list[Any]] = []  # [callback, every, last_run]
        self._task: asyncio.Task | None = None
        self._bound: Any = None
        self._stopped_by_user = False
        self.stop_reason: str | None = None
        self.last_touch = clock()
        self.polls = 0
        self.outage_since: float | None = None  # when the store stopped answering (None: it answers)
        self._counter = self._read_counter()
        self._revs = self._read_revisions() or {}

    # --- wiring ---------------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(topics)`` whenever topics change; returns a function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def every(self, seconds: float, callback: Ticker) -> Callable[[], None]:
        """Also call ``callback()`` about every ``seconds`` while the feed runs, on its one task (pages
        connect their views' ``tick(now)`` here once: :class:`facilitation.ui.kit.shell.LivePage`)."""
        entry = [callback, float(seconds), float("-inf")]
        self._tickers.append(entry)

        def remove() -> None:
            if entry in self._tickers:
                self._tickers.remove(entry)

        return remove

    def bind(self, widget: Any) -> None:
        """Stop when ``widget`` is closed (an ipywidget whose ``comm`` becomes None on close)."""
        self._bound = widget

    def touch(self) -> None:
        """The page is alive (a heartbeat or an action came from it); resume if idle-stopped."""
        self.last_touch = self.clock()
        if self._task is None and self.stop_reason == "idle" and not self._stopped_by_user:
            log.info("feed for workshop %s resumed by its page", self.workshop_id)
            self.start()

    # --- running ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Start the polling task on the running event loop; False when there is none (tests)."""
        if self.running:
            return True
        loop = _running_loop()
        if loop is None:
            log.debug("no running event loop: the feed is driven by poll_once()")
            return False
        self._stopped_by_user = False
        self.stop_reason = None
        self.last_touch = self.clock()
        self._task = loop.create_task(self._run())
        return True

    def stop(self, reason: str = "stopped") -> None:
        """Stop polling for good (a later heartbeat does not restart it)."""
        self._stopped_by_user = True
        self._halt(reason)

    def _halt(self, reason: str) -> None:
        self.stop_reason = reason
        task, self._task = self._task, None
        if task is not None and not task.done() and task is not _current_task():
            task.cancel()

    def stop_condition(self) -> str | None:
        """Why the feed should stop now (``closed``/``idle``), or None to keep going."""
        if self._bound is not None and getattr(self._bound, "comm", None) is None:
            return "closed"
        if self.clock() - self.last_touch > self.idle_timeout:
            return "idle"
        return None

    async def _run(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.interval if self.outage_since is None else max(self.interval, OUTAGE_INTERVAL))
                reason = self.stop_condition()
                if reason is not None:
                    log.info("feed for workshop %s stops: %s", self.workshop_id, reason)
                    self._halt(reason)
                    return
                self.poll_once()
                self._run_tickers()
        except asyncio.CancelledError:
            pass

    # --- one poll ---------------------------------------------------------------------

    def poll_once(self) -> set[str]:
        """Check the store once; notify subscribers of changed topics and return them."""
        self.polls += 1
        counter = self._read_counter()
        if counter is None or counter == self._counter:
            return set()
        revs = self._read_revisions()
        if revs is None:
            return set()
        self._counter = counter
        changed = {topic for topic, rev in revs.items() if self._revs.get(topic) != rev}
        self._revs = revs
        if changed:
            self._notify(changed)
        return changed

    def _notify(self, topics: set[str]) -> None:
        for callback in list(self._subscribers):
            try:
                callback(set(topics))
            except Exception:  # one broken view must not silence the others or kill the task
                log.exception("a live-update subscriber failed on %s", sorted(topics))

    def _run_tickers(self) -> None:
        now = self.clock()
        for entry in list(self._tickers):
            callback, every, last = entry
            if now - last >= every:
                entry[2] = now
                try:
                    callback()
                except Exception:
                    log.exception("a live-update ticker failed")

    def _read_counter(self) -> int | None:
        try:
            counter = self.db.change_counter(self.workshop_id)
        except Exception as exc:  # a locked or unreachable store: try again next tick
            self._failed(exc)
            return None
        self._recovered()
        return counter

    def _read_revisions(self) -> dict[str, int] | None:
        try:
            revs = self.db.revisions(self.workshop_id)
        except Exception as exc:
            self._failed(exc)
            return None
        self._recovered()
        return revs

    def _failed(self, exc: Exception) -> None:
        """One line when an outage starts (not one every tick); the feed keeps polling, more slowly."""
        if self.outage_since is None:
            self.outage_since = self.clock()
            log.warning("store unavailable for workshop %s, the feed keeps trying: %s", self.workshop_id,
                        (str(exc).strip().splitlines() or [type(exc).__name__])[0])

    def _recovered(self) -> None:
        """The store answers again: the next poll delivers everything that changed meanwhile (the
        change counter of a new connection always differs from the last one seen)."""
        if self.outage_since is not None:
            log.warning("store available again for workshop %s after %.1f s", self.workshop_id,
                        self.clock() - self.outage_since)
            self.outage_since = None


def _current_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None
