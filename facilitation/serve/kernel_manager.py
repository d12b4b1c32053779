"""The kernel manager ``facilitation serve`` gives Voila: culls kernels whose page is gone.

Jupyter's idle culler decides by *activity*: a kernel is culled after ``cull_idle_timeout``
seconds without a message. A participant page's live-update task sends widget updates
whenever the workshop changes, so in a busy room the kernel of a closed or crashed
browser never looks idle (the feed stops itself only after ~3 minutes without
heartbeats, see :mod:`facilitation.live`). This manager also decides by *connections*: a
kernel whose page was connected and has been gone for ``cull_disconnected_after`` seconds
is shut down, whatever its activity, unless it is executing a cell. A kernel whose page
has not connected yet gets ``cull_unconnected_after`` (longer): a slow browser may take
a while between receiving the page and opening its websocket (measured: over 75 s with
20 Chromium pages on the server's own 2 cores), and culling then breaks that page.

Pooled (preheated) kernels have no connection by design; Voila's pool wrapper
(``VoilaKernelManager.cull_kernel_if_idle``) skips them before this code runs.

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
        300.0,
        config=True,
        help="Shut down a kernel whose page never connected after this many seconds (0 disables).",
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
