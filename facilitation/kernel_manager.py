"""The kernel manager ``facilitation serve`` gives Voila: culls kernels whose page is gone.

Jupyter's idle culler decides by *activity*: a kernel is culled after ``cull_idle_timeout``
seconds without a message. A participant page's live-update task sends widget updates
whenever the workshop changes, so in a busy room the kernel of a closed or crashed
browser never looks idle (the feed stops itself only after ~3 minutes without
heartbeats, see :mod:`facilitation.live`). This manager also decides by *connections*: a
kernel that has had no websocket connection for ``cull_disconnected_after`` seconds is
shut down, whatever its activity, unless it is executing a cell (a page still rendering).

Pooled (preheated) kernels have no connection by design; Voila's pool wrapper
(``VoilaKernelManager.cull_kernel_if_idle``) skips them before this code runs.

Imported by the Voila server process only (it pulls in jupyter_server).
"""

from __future__ import annotations

import time

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float


class RoomKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` plus culling of kernels without a page connection."""

    cull_disconnected_after = Float(
        60.0,
        config=True,
        help="Shut down a kernel that has had no websocket connection for this many seconds "
             "(0 disables). Checked every cull_interval; needs cull_idle_timeout > 0 to run.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_connected: dict[str, float] = {}

    def disconnected_for(self, kernel_id: str, now: float | None = None) -> float:
        """Seconds since the kernel last had a connection (or since the culler first saw it)."""
        now = time.monotonic() if now is None else now
        if self._kernel_connections.get(kernel_id, 0) > 0:
            self._last_connected[kernel_id] = now
            return 0.0
        return now - self._last_connected.setdefault(kernel_id, now)

    async def cull_kernel_if_idle(self, kernel_id: str):
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            self._last_connected.pop(kernel_id, None)
            return None
        gone_for = self.disconnected_for(kernel_id)
        busy = getattr(kernel, "execution_state", None) == "busy"
        if self.cull_disconnected_after > 0 and gone_for > self.cull_disconnected_after and not busy:
            self.log.info("Culling kernel %s: no page connected for %d s.", kernel_id, gone_for)
            self._last_connected.pop(kernel_id, None)
            await ensure_async(self.shutdown_kernel(kernel_id))
            return None
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._last_connected.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)
