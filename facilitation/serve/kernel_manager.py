"""The kernel manager ``facilitation serve`` gives Voila: culls kernels whose page is gone.

Jupyter's idle culler decides by *activity*: a kernel is culled after ``cull_idle_timeout``
seconds without a message. A participant page's live-update task sends widget updates
whenever the workshop changes, so in a busy room the kernel of a closed or crashed
browser never looks idle (the feed stops itself only after ~3 minutes without
heartbeats, see :mod:`facilitation.live`). This manager also decides by *connections*: a
kernel whose page was connected and has been gone for ``cull_disconnected_after`` seconds
is shut down, whatever its activity, unless it is executing a cell. A kernel whose page
has not connected yet gets ``cull_unconnected_after``, counted from the moment its page was
served: a slow browser may take a while between receiving the page and opening its websocket
(measured: over 75 s only with 20 Chromium pages on the server's own 2 cores; a phone brings
its own CPU), and culling then breaks that page. It was 300 s; 75 s (culled within ~90 s with
the culler's 15 s interval) frees what a page flood holds before the next one.

Pooled (preheated) kernels have no connection by design; Voila's pool wrapper
(``VoilaKernelManager.cull_kernel_if_idle``) skips them before this code runs.

Connections are recorded when they open and close (:meth:`notify_connect` and
:meth:`notify_disconnect`, which jupyter_server calls from the kernel websocket), not sampled by
the culler: a page that connects and leaves between two culler passes counts as connected.

**Page floods** (issue 23): every page load takes a kernel, and a client that requests the page
without ever opening its websocket (a script, a crawler) made the server hold 71 kernels after
60 requests. The page handler (:mod:`facilitation.serve.voila_app`) tells this manager which client
address each page's kernel was started for (:meth:`assign`) and asks it before serving a page how
many kernels that address already holds without a connected page (:meth:`waiting`): beyond
``max_waiting_per_address`` the page is refused with a polite 429 that retries by itself. A kernel
whose page has connected once no longer counts, so a room behind one school network's address
is not limited by its size, only by how many of its pages load at the same moment.

It also paces the pool: Voila refills every used pool slot ``fill_delay`` seconds after it
was taken, so when a room joins at once, twenty kernel starts (~1 CPU-s each) land on the
same two cores as the twenty pages being served. Measured with 20 joins at once: all
pages interactive after ~19 s with a 1 s refill delay, ≤ 2.9 s with the refills held
back. Pool kernels therefore start at most one per ``pool_start_spacing`` seconds (about
one core's worth), which also spreads the initial fill of a large pool.

Imported by the Voila server process only (it pulls in jupyter_server).
"""

from __future__ import annotations

import asyncio
import time

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Float, Integer, Unicode


class RoomKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` plus culling of kernels without a page connection."""

    cull_disconnected_after = Float(
        60.0,
        config=True,
        help="Shut down a kernel that has had no websocket connection for this many seconds "
             "(0 disables). Checked every cull_interval; needs cull_idle_timeout > 0 to run.",
    )

    cull_unconnected_after = Float(
        75.0,
        config=True,
        help="Shut down a kernel whose page never connected after this many seconds (0 disables).",
    )

    max_waiting_per_address = Integer(
        5,
        config=True,
        help="Pages one client address may have loading at once (kernels started, websocket not yet open); "
             "beyond it a new page gets a 429 that retries by itself (0: no limit).",
    )

    pool_start_spacing = Float(
        1.0,
        config=True,
        help="Minimum seconds between the starts of two preheated (pool) kernels (0: no pacing).",
    )

    max_kernels = Integer(
        0,
        config=True,
        help="Refuse new pages (HTTP 503, 'the room is full') while this many kernels run (0: no limit). "
             "Bounds memory when a link reaches strangers who reload it over and over.",
    )

    kernel_id_prefix = Unicode(
        "",
        config=True,
        help="Hex digits every kernel id of this server starts with (several servers behind one proxy: "
             "the proxy routes a page's websocket and shutdown beacon to its server by this prefix).",
    )

    def new_kernel_id(self, **kwargs) -> str:
        kernel_id = super().new_kernel_id(**kwargs)
        return self.kernel_id_prefix + kernel_id[len(self.kernel_id_prefix):]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_connected: dict[str, float] = {}
        self._ever_connected: set[str] = set()
        self._pool_lock: asyncio.Lock | None = None
        self._last_pool_start = float("-inf")
        self._address: dict[str, str] = {}  # kernel id -> the client address its page was served to
        self._loading: dict[str, int] = {}  # client address -> page requests being served now

    # --- page floods: kernels per client address -------------------------------------------

    def waiting(self, address: str) -> int:
        """Pages of ``address`` loading now: requests being served plus kernels never connected."""
        held = sum(1 for kid, where in self._address.items()
                   if where == address and kid not in self._ever_connected and kid in self._kernels)
        return held + self._loading.get(address, 0)

    def admit(self, address: str) -> bool:
        """Whether a new page may be served to ``address`` now; if so it counts as loading until
        :meth:`served` (call it in every case, e.g. from the handler's ``on_finish``)."""
        if self.max_waiting_per_address and self.waiting(address) >= self.max_waiting_per_address:
            return False
        self._loading[address] = self._loading.get(address, 0) + 1
        return True

    def served(self, address: str, kernel_id: str | None) -> None:
        """The page request of ``address`` ended; ``kernel_id``: the kernel it was given (None: none)."""
        left = self._loading.get(address, 0) - 1
        if left > 0:
            self._loading[address] = left
        else:
            self._loading.pop(address, None)
        if kernel_id and kernel_id in self._kernels:
            self._address[kernel_id] = address
            if kernel_id not in self._ever_connected:
                self._last_connected[kernel_id] = time.monotonic()  # the grace starts with the page served

    # --- connections, recorded when they open and close --------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._ever_connected.add(kernel_id)
        self._last_connected[kernel_id] = time.monotonic()

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        self._last_connected[kernel_id] = time.monotonic()  # the grace counts from the page leaving

    async def start_kernel(self, *args, **kwargs):
        env = kwargs.get("env") or {}
        pooled = env.get("VOILA_PREHEAT") == "True"
        if not pooled and self.max_kernels and len(self._kernels) >= self.max_kernels:
            # Pool refills are bounded by the pool size; a page's own kernel by this limit.
            self.log.warning("Refused a page: %d kernels are running (max_kernels).", len(self._kernels))
            raise web.HTTPError(503, reason="The workshop server is full; please try again in a few minutes.")
        if pooled and self.pool_start_spacing > 0:
            await self._pace_pool_start()
        return await super().start_kernel(*args, **kwargs)

    async def _pace_pool_start(self) -> None:
        """Wait for this pool kernel's turn: one start per ``pool_start_spacing`` seconds."""
        if self._pool_lock is None:
            self._pool_lock = asyncio.Lock()
        async with self._pool_lock:
            wait = self._last_pool_start + self.pool_start_spacing - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_pool_start = time.monotonic()

    def disconnected_for(self, kernel_id: str, now: float | None = None) -> float:
        """Seconds since the kernel last had a connection (or since the culler first saw it)."""
        now = time.monotonic() if now is None else now
        if self._kernel_connections.get(kernel_id, 0) > 0:
            self._last_connected[kernel_id] = now
            self._ever_connected.add(kernel_id)
            return 0.0
        return now - self._last_connected.setdefault(kernel_id, now)

    def grace(self, kernel_id: str) -> float:
        """How long this kernel may stay without a page (0: forever)."""
        if kernel_id in self._ever_connected:
            return self.cull_disconnected_after
        return self.cull_unconnected_after

    def _forget(self, kernel_id: str) -> None:
        self._last_connected.pop(kernel_id, None)
        self._ever_connected.discard(kernel_id)
        self._address.pop(kernel_id, None)

    async def cull_kernel_if_idle(self, kernel_id: str):
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            self._forget(kernel_id)
            return None
        if getattr(kernel, "last_activity", None) is None:
            return None  # still starting: nothing to judge yet (jupyter_server would log an error)
        gone_for, grace = self.disconnected_for(kernel_id), self.grace(kernel_id)
        # "busy": running a cell, e.g. a page still rendering or a pooled kernel waiting for its request
        working = getattr(kernel, "execution_state", None) in ("busy", "starting")
        if grace > 0 and gone_for > grace and not working:
            self.log.info("Culling kernel %s: no page connected for %d s.", kernel_id, gone_for)
            self._forget(kernel_id)
            await ensure_async(self.shutdown_kernel(kernel_id))
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._forget(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)
