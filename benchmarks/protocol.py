"""A participant's page at protocol level: the HTTP request and kernel messages a browser sends.

One :class:`PageClient` loads the server the way one Chromium page does, without
rendering anything:

1. ``GET`` the page; the kernel runs the notebook during this request (or a pooled kernel
   finishes it); the HTML carries ``"kernelId"`` and ``"baseUrl"`` and the root view's
   ``model_id``.
2. Open ``ws://HOST{baseUrl}api/kernels/{kernelId}/channels?session_id=…`` with the
   ``v1.kernel.websocket.jupyter.org`` sub-protocol (what JupyterLab's services use),
   send ``kernel_info_request``, then ``comm_open`` on ``jupyter.widget.control`` and
   ``{"method": "request_states"}``: the ``update_states`` reply carries every widget.
3. Do what the page's JavaScript does: the identity widget (``PageLink``) syncs a random
   device token and sends heartbeat pings; a text field sends ``value``, a dropdown sends
   ``index``, a button sends ``{"event": "click"}``.
4. On close, send Voila's ``beforeunload`` shutdown beacon exactly as the browser does
   (a form with the ``_xsrf`` cookie's value, empty here) and close the socket; a
   "crash" closes the socket only.

The client keeps every widget's state from ``update_states``, ``comm_open`` and
``update`` messages, so it can tell when something is on the page (reachable from the
displayed root through ``children``) and when a text arrived from the kernel.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import websocket  # websocket-client (test extra)

from facilitation.serve.wsframes import FrameError, split_v1

SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


class PageError(RuntimeError):
    """The page did not load or its kernel did not answer as a browser's would."""


def page_facts(html: str) -> tuple[str, str, list[str]]:
    """``(kernel_id, base_url, root model ids)`` from a Voila page's HTML."""
    kernel = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', html)
    base = re.search(r'"baseUrl"\s*:\s*"([^"]*)"', html)
    if kernel is None or base is None:
        raise PageError("the page has no kernelId/baseUrl (did the notebook fail?)")
    roots = re.findall(r'"model_id"\s*:\s*"([0-9a-f]{32})"', html)
    return kernel.group(1), base.group(1), list(dict.fromkeys(roots))


def pack(channel: str, parts: list[bytes]) -> bytes:
    """One message in the v1 kernel websocket framing (offsets, channel, msg parts)."""
    chan = channel.encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(chan))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + chan + b"".join(parts)


def unpack(frame: bytes) -> tuple[str, list[bytes]]:
    """The inverse of :func:`pack`: ``(channel, [header, parent, metadata, content, *buffers])``,
    every offset checked (a server's frame is read by the protocol this client negotiated)."""
    return split_v1(frame)


@dataclass
class Widget:
    model_id: str
    name: str
    state: dict[str, Any]

    @property
    def classes(self) -> list[str]:
        return list(self.state.get("_dom_classes") or [])


@dataclass
class Timings:
    """Seconds from the start of the page load (``GET`` sent)."""
    html: float | None = None      # page HTML fully received
    ready: float | None = None     # widget states received (the browser can render)
    interactive: float | None = None  # the awaited control is on the page


@dataclass
class PageClient:
    """One simulated participant page (use from one thread; a reader thread runs inside)."""

    url: str
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    timeout: float = 60.0
    kernel_id: str = ""
    base_url: str = "/"
    roots: list[str] = field(default_factory=list)
    widgets: dict[str, Widget] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)
    cookies: str = ""
    # A client address of this machine to request the page from (e.g. "127.0.0.2"), and extra
    # request headers (e.g. a trusted proxy's X-Forwarded-For): other clients, for the flood tests.
    source_address: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ws: websocket.WebSocket | None = None
        self._lock = threading.Condition()
        self._reader: threading.Thread | None = None
        self._control_comm = uuid.uuid4().hex
        self._states_received = False
        self._watchers: list[tuple[str, Callable[[float], None]]] = []
        self._closed = False
        self._t0 = 0.0
        self.html = ""
        self.received_messages = 0

    # --- loading ----------------------------------------------------------------------

    def open(self, interactive_class: str | None = None) -> Timings:
        """Load the page like a browser; wait until ``interactive_class`` is on the page."""
        self._t0 = time.monotonic()
        html, set_cookies = self._get_page()
        self.cookies = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        self.timings.html = time.monotonic() - self._t0
        self.html = html
        self.kernel_id, self.base_url, self.roots = page_facts(html)
        parts = urllib.parse.urlsplit(self.url)
        ws_url = (f"ws://{parts.netloc}{self.base_url}api/kernels/{self.kernel_id}/channels"
                  f"?session_id={self.session}")
        headers = [f"Cookie: {self.cookies}"] if self.cookies else []
        self._ws = websocket.create_connection(ws_url, timeout=self.timeout, subprotocols=[SUBPROTOCOL],
                                               header=headers, enable_multithread=True)
        self._ws.settimeout(None)
        self._reader = threading.Thread(target=self._read_loop, name=f"page-{self.kernel_id[:8]}", daemon=True)
        self._reader.start()
        self.send("shell", "kernel_info_request", {})
        self.send("shell", "comm_open", {"comm_id": self._control_comm, "target_name": "jupyter.widget.control",
                                         "data": {}}, metadata={"version": "1.0.0"})
        self.send("shell", "comm_msg", {"comm_id": self._control_comm, "data": {"method": "request_states"}},
                  metadata={"version": "1.0.0"})
        self.wait(lambda: self._states_received, "widget states")
        self.timings.ready = time.monotonic() - self._t0
        self._page_script()
        if interactive_class:
            self.wait(lambda: self.find(interactive_class) is not None, f"'{interactive_class}' on the page")
        self.timings.interactive = time.monotonic() - self._t0
        return self.timings

    def _get_page(self) -> tuple[str, list[str]]:
        """The page's HTML and its Set-Cookie headers (an HTTP error raises urllib's HTTPError)."""
        headers = {"User-Agent": "facilitation-benchmark", **self.headers}
        if not self.source_address:
            request = urllib.request.Request(self.url, headers=headers)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read().decode("utf-8", "replace"), response.headers.get_all("Set-Cookie") or []
        parts = urllib.parse.urlsplit(self.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout,
                                          source_address=(self.source_address, 0))
        try:
            conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""), headers=headers)
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            if response.status >= 400:
                raise urllib.error.HTTPError(self.url, response.status, response.reason, response.headers, None)
            return body, response.headers.get_all("Set-Cookie") or []
        finally:
            conn.close()

    def request_states(self, timeout: float | None = None) -> None:
        """Ask the kernel for every widget's state again (what a reconnecting page does); wait."""
        with self._lock:
            self._states_received = False
        self.send("shell", "comm_msg", {"comm_id": self._control_comm, "data": {"method": "request_states"}},
                  metadata={"version": "1.0.0"})
        self.wait(lambda: self._states_received, "widget states", timeout)

    def _page_script(self) -> None:
        """What the identity widget's JavaScript does on render: sync the token, ping once."""
        with self._lock:
            links = [w for w in self.widgets.values() if "storage_key" in w.state and "heartbeat_ms" in w.state]
        for link in links:
            if link.state.get("storage_key"):
                self.update(link.model_id, token=self.token)
            self.custom(link.model_id, {"kind": "ping"})

    def heartbeat(self) -> None:
        """One heartbeat, as the page sends every 20 s while it is open."""
        with self._lock:
            links = [w.model_id for w in self.widgets.values() if "heartbeat_ms" in w.state]
        for model_id in links:
            self.custom(model_id, {"kind": "ping"})

    # --- messages ---------------------------------------------------------------------

    def send(self, channel: str, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {"msg_id": uuid.uuid4().hex, "username": "", "session": self.session, "msg_type": msg_type,
                  "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
        parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
        if self._ws is None:
            raise PageError("the page is not open")
        self._ws.send(pack(channel, parts), opcode=websocket.ABNF.OPCODE_BINARY)

    def update(self, model_id: str, **state: Any) -> None:
        """The browser changed a widget's value (what a user's typing or choosing syncs)."""
        with self._lock:
            if model_id in self.widgets:
                self.widgets[model_id].state.update(state)
        self.send("shell", "comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                      "buffer_paths": []}})

    def custom(self, model_id: str, content: dict) -> None:
        self.send("shell", "comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": content}})

    def click(self, css_class: str) -> None:
        self.custom(self.require(css_class).model_id, {"event": "click"})

    def type_text(self, css_class: str, text: str) -> None:
        """Set the text input inside the field carrying ``css_class`` (or the field itself)."""
        self.update(self.require_input(css_class, ("TextModel", "TextareaModel")).model_id, value=text)

    def choose(self, css_class: str, index: int) -> None:
        self.update(self.require_input(css_class, ("DropdownModel",)).model_id, index=index)

    def _read_loop(self) -> None:
        ws = self._ws
        while ws is not None and not self._closed:
            try:
                opcode, data = ws.recv_data()
            except Exception:
                break
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            try:
                channel, parts = unpack(data)
                header, content = json.loads(parts[0]), json.loads(parts[3])
            except (FrameError, ValueError, IndexError):
                continue
            self._handle(channel, header.get("msg_type", ""), content)
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _handle(self, channel: str, msg_type: str, content: dict) -> None:
        now = time.monotonic()
        fired: list[Callable[[float], None]] = []
        with self._lock:
            self.received_messages += 1
            data = content.get("data") or {}
            if msg_type == "comm_msg" and content.get("comm_id") == self._control_comm \
                    and data.get("method") == "update_states":
                for model_id, entry in (data.get("states") or {}).items():
                    self.widgets[model_id] = Widget(model_id, entry.get("model_name", ""), dict(entry.get("state") or {}))
                self._states_received = True
            elif msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
                state = dict(data.get("state") or {})
                self.widgets[content["comm_id"]] = Widget(content["comm_id"], state.get("_model_name", ""), state)
                fired = self._check_watchers(state)
            elif msg_type == "comm_msg" and data.get("method") in ("update", "echo_update"):
                widget = self.widgets.get(content.get("comm_id", ""))
                if widget is not None:
                    widget.state.update(data.get("state") or {})
                fired = self._check_watchers(data.get("state") or {})
            elif msg_type == "comm_close":
                self.widgets.pop(content.get("comm_id", ""), None)
            self._lock.notify_all()
        for callback in fired:
            callback(now)

    def _check_watchers(self, state: dict) -> list[Callable[[float], None]]:
        if not self._watchers:
            return []
        text = json.dumps(state)
        hits = [(m, cb) for m, cb in self._watchers if m in text]
        for hit in hits:
            self._watchers.remove(hit)
        return [cb for _, cb in hits]

    def watch_text(self, marker: str, callback: Callable[[float], None]) -> None:
        """Call ``callback(monotonic time)`` when a widget update from the kernel carries ``marker``."""
        with self._lock:
            self._watchers.append((marker, callback))

    # --- looking at the page -------------------------------------------------------------

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise PageError(f"{'connection closed' if self._closed else 'timed out'} waiting for "
                                    f"{what} (kernel {self.kernel_id[:8]}; {self.describe()})")
                self._lock.wait(min(left, 0.5))

    def visible(self) -> list[Widget]:
        """Widgets reachable from the page's displayed roots through ``children``."""
        with self._lock:
            seen: dict[str, Widget] = {}
            stack = [r for r in self.roots]
            while stack:
                model_id = stack.pop()
                widget = self.widgets.get(model_id)
                if widget is None or model_id in seen:
                    continue
                seen[model_id] = widget
                for child in widget.state.get("children") or []:
                    if isinstance(child, str):
                        stack.append(child.removeprefix("IPY_MODEL_"))
            return list(seen.values())

    def describe(self) -> str:
        """What the page shows now, in a few words (for error messages)."""
        views = sorted({c for w in self.visible() for c in w.classes if c.startswith("fk-view-")})
        notice = self.find("fk-notice")
        text = re.sub(r"<[^>]+>", " ", str(notice.state.get("value") or "")).strip() if notice else ""
        return f"views {views or '-'}, {len(self.widgets)} widgets" + (f", notice: {text[:120]}" if text else "")

    def find(self, css_class: str) -> Widget | None:
        for widget in self.visible():
            if css_class in widget.classes:
                return widget
        return None

    def require(self, css_class: str) -> Widget:
        widget = self.find(css_class)
        if widget is None:
            raise PageError(f"no '{css_class}' on the page")
        return widget

    def require_input(self, css_class: str, model_names: tuple[str, ...]) -> Widget:
        """The input model under the element carrying ``css_class`` (the class may sit on a wrapper)."""
        outer = self.require(css_class)
        stack, seen = [outer.model_id], set()
        with self._lock:
            while stack:
                model_id = stack.pop()
                widget = self.widgets.get(model_id)
                if widget is None or model_id in seen:
                    continue
                seen.add(model_id)
                if widget.name in model_names:
                    return widget
                stack.extend(c.removeprefix("IPY_MODEL_") for c in widget.state.get("children") or []
                             if isinstance(c, str))
        raise PageError(f"no {'/'.join(model_names)} inside '{css_class}'")

    # --- leaving ------------------------------------------------------------------------

    def close(self, beacon: bool = True) -> int | None:
        """Leave the page: the browser's shutdown beacon (unless a crash), then the socket.

        Returns the beacon's HTTP status (None without a beacon).
        """
        status = None
        if beacon and self.kernel_id:
            status = send_beacon(self.url, self.base_url, self.kernel_id, self.cookies)
        self._closed = True
        if self._ws is not None:
            try:
                self._ws.close(timeout=1)
            except Exception:
                pass
        return status


def send_beacon(page_url: str, base_url: str, kernel_id: str, cookies: str = "") -> int:
    """Voila's ``beforeunload`` beacon: POST a form with ``_xsrf`` = the cookie's value (often empty)."""
    xsrf = re.search(r"(?:^|;\s*)_xsrf=([^;]*)", cookies)
    boundary = "----fk" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_xsrf\"\r\n\r\n"
            f"{xsrf.group(1) if xsrf else ''}\r\n--{boundary}--\r\n").encode()
    parts = urllib.parse.urlsplit(page_url)
    request = urllib.request.Request(
        f"{parts.scheme}://{parts.netloc}{base_url}voila/api/shutdown/{kernel_id}", data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": f"{parts.scheme}://{parts.netloc}",
                 **({"Cookie": cookies} if cookies else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
