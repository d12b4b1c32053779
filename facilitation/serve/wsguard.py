"""The kernel websocket connection ``facilitation serve`` gives Voila: checks every frame.

Voila takes the connection class from ``--Voila.kernel_websocket_connection_class`` (see
:func:`facilitation.serve.launcher.voila_command`); :class:`GuardedConnection` subclasses
jupyter_server's ``ZMQChannelsWebsocketConnection`` and changes three things:

* **Incoming frames are checked before they are decoded** (:func:`wsframes.check_incoming`):
  jupyter_server's ``deserialize_msg_from_ws_v1`` and ``deserialize_binary_message``
  (``jupyter_server/services/kernels/connection/base.py``) trust the part count a frame
  claims, so one 72-byte frame froze the whole server. A malformed frame closes that one
  connection (code 1008) with one log line; nothing else on the server notices.
* **Per-connection limits**: a page that sends more than ``MESSAGE_BURST`` messages, or more
  than ``BYTE_BURST`` bytes, faster than ``MESSAGE_RATE``/``BYTE_RATE`` refill them, is
  disconnected. A person typing, dragging a dot or a slider stays far below.
* **Outgoing frames are never re-parsed**: Voila's ``VoilaKernelWebsocketHandler.write_message``
  (``voila/tornado/kernel_websocket_handler.py``) reads every outgoing binary frame as v1
  (``read_header_from_binary_message``) to drop ``execute_input`` messages; on a connection
  that negotiated the legacy protocol that read loops and allocates without bound. This class
  drops ``execute_input`` from the kernel message's own header, before serialising, and
  writes with the handler's parent method, so Voila's parser never runs.

Remove the checks when upstream validates frames itself (keep the rate limits).
Imported by the Voila server process only (it pulls in jupyter_server).
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from facilitation.serve.wsframes import DEFAULT_LIMITS, FrameError, FrameLimits, check_incoming

# Messages a page may send: a drag on the stakeholder grid or a slider sends one per animation
# frame (~60 a second, a few seconds long), typing one per key; a script sends thousands. Issue 23
# measured 200 a second letting a page post ~23 ideas a second; the store now bounds each
# participant's posts (facilitation.store.rates) and this bounds what one page costs the server.
MESSAGE_RATE = 50.0  # messages a second, sustained
MESSAGE_BURST = 500.0
BYTE_RATE = 4.0 * 2**20  # bytes a second, sustained
BYTE_BURST = 48.0 * 2**20  # room for two uploads at the frame size limit
POLICY_VIOLATION = 1008  # websocket close code (RFC 6455)


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` a second; :meth:`take` is False once they run out."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.stamp = burst, clock()

    def take(self, amount: float = 1.0) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if amount > self.tokens:
            return False
        self.tokens -= amount
        return True


class GuardedConnection(ZMQChannelsWebsocketConnection):
    """A kernel websocket connection that checks and rate-limits what the page sends."""

    limits: FrameLimits = DEFAULT_LIMITS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._messages = TokenBucket(MESSAGE_RATE, MESSAGE_BURST)
        self._bytes = TokenBucket(BYTE_RATE, BYTE_BURST)
        self._refused = False
        self._writer: Callable[..., Any] | None = None

    # --- from the page ---------------------------------------------------------------------

    def handle_incoming_message(self, incoming_msg: str | bytes) -> None:
        if self._refused:
            return  # frames already in flight after we closed the connection
        if not (self._messages.take() and self._bytes.take(len(incoming_msg))):
            self.refuse(f"more than {MESSAGE_RATE:.0f} messages or {BYTE_RATE / 2**20:.0f} MB a second")
            return
        try:
            check_incoming(incoming_msg, self.subprotocol, self.limits)
        except FrameError as exc:
            self.refuse(f"malformed frame: {exc}")
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except Exception as exc:  # anything upstream still trips on: this page only
            self.refuse(f"message the kernel connection could not take ({type(exc).__name__}: {exc})")

    def refuse(self, why: str) -> None:
        """Close this page's connection (only this one) and say why in the server log."""
        if self._refused:
            return
        self._refused = True
        handler = self.websocket_handler
        peer = getattr(getattr(handler, "request", None), "remote_ip", "?")
        self.log.warning("Closed the websocket of kernel %s from %s: %s.", self.kernel_id, peer, why)
        try:
            handler.close(POLICY_VIOLATION, "message refused")
        except Exception:  # already closing
            pass

    # --- to the page -----------------------------------------------------------------------

    def handle_outgoing_message(self, stream: str, outgoing_msg: list[Any]) -> None:
        if _is_execute_input(outgoing_msg):
            return  # Voila hides the notebook's code from the page
        super().handle_outgoing_message(stream, outgoing_msg)

    @property
    def write_message(self) -> Callable[..., Any]:
        """The handler's ``write_message`` without Voila's override (which re-parses frames)."""
        if getattr(self, "_writer", None) is None:  # resolved once per connection, not per message
            handler = self.websocket_handler
            self._writer = handler.write_message
            for klass in type(handler).__mro__:
                if klass.__module__.startswith("voila.") and "write_message" in vars(klass):
                    self._writer = super(klass, handler).write_message
                    break
        return self._writer


def _is_execute_input(msg_list: list[Any]) -> bool:
    """Whether a kernel message (ZMQ parts: identities, delimiter, signature, header, ...) is
    ``execute_input``; reads only the small header part, and only when the name is in it."""
    for i, part in enumerate(msg_list):
        if bytes(part) == b"<IDS|MSG>":
            header = bytes(msg_list[i + 2]) if i + 2 < len(msg_list) else b""
            if b'"execute_input"' not in header:
                return False
            try:
                return json.loads(header).get("msg_type") == "execute_input"
            except (ValueError, AttributeError):
                return False
    return False
