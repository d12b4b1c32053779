"""The page's link back to its browser: a device token kept in localStorage, and a heartbeat.

:class:`PageLink` is a tiny invisible anywidget. Its JavaScript

* keeps a long random token per join code in the browser's ``localStorage`` (made with
  ``crypto.getRandomValues``, 256 bits) and syncs it to the ``token`` trait, so a reload or
  a second tab on the same device comes back as the same participant; another browser gets
  another token. The token is a bearer secret: it is never rendered, and the store keeps
  only its hash. A forged page can send any token, which is why it must be long and random
  (the store refuses short ones).
* sends a ``{"kind": "ping"}`` message every ``heartbeat_ms`` and whenever the tab becomes
  visible again; the page wires it to :meth:`facilitation.live.Feed.touch`, so the live
  feed stops when the browser is gone (see ``live.py``).

With ``storage_key=""`` (console, presenter) it only sends the heartbeat.

It also hands the page template the sentences of its "connection lost" banner in the page's
language (``texts``, written to ``data-fk-*`` attributes of ``<body>``): the template's script
watches the kernel's websocket, which this widget cannot see once it is gone.
"""

from __future__ import annotations

from typing import Callable

import anywidget
import traitlets

from facilitation.i18n import Translate

_ESM = r"""
function makeToken() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function storedToken(key) {
  let token = null;
  try { token = window.localStorage.getItem(key); } catch (e) { token = null; }
  if (!token || token.length < 32 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    token = makeToken();
    try { window.localStorage.setItem(key, token); } catch (e) { /* private mode: this page only */ }
  }
  return token;
}

function syncToken(model) {
  const key = model.get("storage_key");
  if (!key) return;
  const token = storedToken(key);
  if (model.get("token") !== token) {
    model.set("token", token);
    model.save_changes();
  }
}

function sayTexts(model) {
  // The template's connection banner reads these (it runs when this widget can no longer talk).
  const texts = model.get("texts") || {};
  for (const [name, value] of Object.entries(texts)) {
    if (typeof value === "string") document.body.dataset["fk" + name[0].toUpperCase() + name.slice(1)] = value;
  }
}

export default {
  render({ model, el }) {
    el.classList.add("fk-page-link");
    el.style.display = "none";
    syncToken(model);
    sayTexts(model);
    const onTexts = () => sayTexts(model);
    model.on("change:texts", onTexts);
    const onKey = () => syncToken(model);
    model.on("change:storage_key", onKey);
    const ping = () => { try { model.send({ kind: "ping" }); } catch (e) { /* disconnected */ } };
    ping();
    const timer = setInterval(ping, Math.max(1000, model.get("heartbeat_ms") || 20000));
    const onVisible = () => { if (document.visibilityState === "visible") ping(); };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      model.off("change:storage_key", onKey);
      model.off("change:texts", onTexts);
    };
  },
};
"""

DEFAULT_HEARTBEAT_MS = 20_000


def storage_key(code: str) -> str:
    """The localStorage key of a workshop's device token (one token per join code)."""
    return f"fk-token-{code}"


class PageLink(anywidget.AnyWidget):
    """Invisible widget: device token (``token``) and heartbeat pings from the browser."""

    _esm = _ESM
    storage_key = traitlets.Unicode("").tag(sync=True)
    token = traitlets.Unicode("").tag(sync=True)
    heartbeat_ms = traitlets.Int(DEFAULT_HEARTBEAT_MS).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, storage_key: str = "", heartbeat_ms: int = DEFAULT_HEARTBEAT_MS, *,
                 t: Translate | None = None) -> None:
        super().__init__(storage_key=storage_key, heartbeat_ms=heartbeat_ms, _dom_classes=("fk-page-link",))
        self.speak(t or (lambda text: text))
        self._ping_handlers: list[Callable[[], None]] = []
        self.pings = 0
        self.on_msg(self._on_message)

    def speak(self, t: Translate) -> None:
        """The connection banner's sentences in ``t``'s language (the page's; again when it switches)."""
        self.texts = {"lost": t("Connection to the workshop server lost. Reconnecting…"),
                      "back": t("The workshop server is back. Reload the page to continue."),
                      "reload": t("Reload the page")}

    def on_ping(self, handler: Callable[[], None]) -> None:
        """Call ``handler()`` on every heartbeat from the browser."""
        self._ping_handlers.append(handler)

    def _on_message(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("kind") == "ping":
            self.pings += 1
            for handler in list(self._ping_handlers):
                handler()
