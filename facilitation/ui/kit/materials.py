"""A workshop's materials: a download list for anyone allowed to read them, an upload for its facilitator.

**How a file reaches the browser.** Standalone Voila serves notebooks and static files only
(no handler of ours can sit beside it without a server extension), and a ``data:`` URI of
every file in the page would send up to 10 MB per material whether or not anyone asks. So
each material is an ``<a download>`` anchor (``fk-material-link``) drawn by a small anywidget
(:class:`DownloadList`); a click asks the kernel for that one file, the kernel reads it from
the store **with the page's own credentials** (facilitator key, participant token or
organiser key: ``store.material_bytes`` checks them, a forged message gets ``NotAllowed``)
and sends the bytes back as one binary widget message; the browser turns them into a Blob
and saves it under the material's file name. Nothing is prepared until someone asks, and
the bytes never pass through base64 or the page's HTML.

The upload (:class:`MaterialUpload`) is a small anywidget (:class:`FilePicker`, issue 23): its
button names the size limit, and the browser checks a file's size *before* sending it, because
a file over the server's websocket frame limit (16 MB) would never reach the kernel and fail
without a word; the kernel is told only the name and size and says why in the ``fk-notice``.
A file within the limit goes to the kernel as one binary message; the store checks its type by
parsing it (``domain.uploads``), its size and duplicates, and the notice names the file as stored.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence

import anywidget
import traitlets

from facilitation import store
from facilitation.domain.checks import clean_file_name
from facilitation.domain.errors import FacilitationError, InvalidValue, NotFound
from facilitation.domain.programmes import MAX_MATERIAL_BYTES
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice, esc, guarded

log = logging.getLogger(__name__)

AGENDA_ID = "agenda"  # the generated printable agenda, listed first among the materials
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.pptx,.docx,.xlsx,.odp,.odt,.txt,.md"

# A fetcher returns (file name, MIME type, bytes) for a material id, checking permission.
Fetch = Callable[[str], tuple[str, str, bytes]]

_ESM = r"""
function draw(model, el) {
  el.replaceChildren();
  const items = model.get("items") || [];
  if (!items.length) {
    const p = document.createElement("p");
    p.className = "fk-muted fk-material-empty";
    p.textContent = model.get("empty_text") || "";
    el.appendChild(p);
    return;
  }
  const list = document.createElement("ul");
  list.className = "fk-material-list";
  for (const item of items) {
    const li = document.createElement("li");
    li.className = "fk-material";
    const a = document.createElement("a");
    a.className = "fk-material-link";
    a.href = "#";
    a.setAttribute("download", item.filename);
    a.dataset.id = String(item.id);
    a.textContent = item.title;
    a.addEventListener("click", (event) => {
      event.preventDefault();
      if (a.dataset.busy === "1") return;
      a.dataset.busy = "1";
      a.setAttribute("aria-busy", "true");
      model.send({ kind: "download", id: String(item.id) });
    });
    const meta = document.createElement("span");
    meta.className = "fk-material-meta";
    meta.textContent = item.meta || "";
    li.append(a, meta);
    list.appendChild(li);
  }
  el.appendChild(list);
}

function done(el, id) {
  for (const a of el.querySelectorAll("a.fk-material-link")) {
    if (a.dataset.id === String(id)) { a.dataset.busy = ""; a.removeAttribute("aria-busy"); }
  }
}

export default {
  render({ model, el }) {
    el.classList.add("fk-material-box");
    draw(model, el);
    const redraw = () => draw(model, el);
    model.on("change:items", redraw);
    model.on("change:empty_text", redraw);
    const onMsg = (msg, buffers) => {
      if (!msg || msg.kind !== "file") { if (msg && msg.id !== undefined) done(el, msg.id); return; }
      done(el, msg.id);
      const blob = new Blob([buffers[0]], { type: msg.mime || "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = msg.filename || "download";
      a.style.display = "none";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    };
    model.on("msg:custom", onMsg);
    return () => {
      model.off("change:items", redraw);
      model.off("change:empty_text", redraw);
      model.off("msg:custom", onMsg);
    };
  },
};
"""


class DownloadList(anywidget.AnyWidget):
    """The ``fk-material-link`` anchors; a click fetches that one file through ``fetch``."""

    _esm = _ESM
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    empty_text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, fetch: Fetch, *, on_error: Callable[[FacilitationError], None] | None = None,
                 empty_text: str = "") -> None:
        super().__init__(empty_text=empty_text, _dom_classes=("fk-materials-links",))
        self.fetch, self.on_error = fetch, on_error
        self.sent: list[str] = []  # ids of the files sent (tests and logs read it)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: object, content: object, _buffers: object) -> None:
        if not (isinstance(content, dict) and content.get("kind") == "download"):
            return
        wanted = content.get("id")
        if not isinstance(wanted, str) or wanted not in {str(i.get("id")) for i in self.items}:
            return  # only what this page lists; the store checks permission again in fetch
        self.download(wanted)

    def download(self, material_id: str) -> bool:
        """Send one material's bytes to the browser (True), or say why not (False)."""
        try:
            filename, mime, data = self.fetch(material_id)
        except FacilitationError as exc:
            self.send({"kind": "error", "id": material_id, "message": str(exc)})
            if self.on_error:
                self.on_error(exc)  # the page's notice shows it in the page's language
            return False
        self.send({"kind": "file", "id": material_id, "filename": filename, "mime": mime}, buffers=[data])
        self.sent.append(material_id)
        return True


def size_text(t: Translate, size: int) -> str:
    """A file size people read: "820 kB", "1.4 MB"."""
    if size < 1000:
        return t("{n} bytes").format(n=size)
    if size < 1_000_000:
        return t("{n} kB").format(n=round(size / 1000))
    return t("{n} MB").format(n=f"{size / 1_000_000:.1f}")


class MaterialsList:
    """The materials of one workshop, downloadable with ``credentials``.

    ``credentials`` are passed to ``store.material_bytes`` as they are: ``key=`` (the
    facilitator's page), ``token=`` (a participant's) or ``organiser_key=`` (the programme view).
    The printable agenda comes first when ``with_agenda``.
    """

    def __init__(self, db: store.Database, code: str, t: Translate, *, with_agenda: bool = True,
                 title: str | None = None, **credentials: str | None) -> None:
        self.db, self.code, self.t = db, code, t
        self.credentials = {k: v for k, v in credentials.items() if v}
        self.with_agenda = with_agenda
        self.notice: Notice | None = None  # made on the first refused download (see _error)
        self.links = DownloadList(self._fetch, on_error=self._error, empty_text=t("No materials yet."))
        title = title or t("Materials")
        heading = theme.html(f'<div class="fk-panel-title">{esc(title)}</div>')
        self.root = theme.box([heading, self.links], classes=["fk-materials"])
        self.refresh()

    def _error(self, message: str | FacilitationError) -> None:
        """A refused download, in words; the notice joins the list only then (a page keeps one
        ``fk-notice`` in view for its own actions)."""
        if self.notice is None:
            self.notice = Notice(self.t)
            self.root.children = (*self.root.children, self.notice)
        self.notice.error(message)

    def items(self) -> list[dict]:
        """What the list shows, from the store."""
        t = self.t
        out: list[dict] = []
        if self.with_agenda:
            out.append({"id": AGENDA_ID, "title": t("Agenda (printable)"), "filename": f"agenda-{self.code}.html",
                        "meta": "HTML"})
        for m in store.list_materials(self.db, self.code):
            kind = m.filename.rsplit(".", 1)[-1].upper() if "." in m.filename else ""
            out.append({"id": str(m.id), "title": m.shown_title, "filename": m.filename,
                        "meta": " · ".join(p for p in (kind, size_text(t, m.size)) if p)})
        return out

    def refresh(self, topics: set[str] | None = None) -> None:
        items = self.items()
        if items != self.links.items:
            self.links.items = items

    def _fetch(self, material_id: str) -> tuple[str, str, bytes]:
        if material_id == AGENDA_ID:
            return f"agenda-{self.code}.html", "text/html", store.agenda_html(self.db, self.code).encode("utf-8")
        material, data = store.material_bytes(self.db, int(material_id), code=self.code, **self.credentials)
        return material.filename, material.mime, data

    def close(self) -> None:
        theme.close_tree(self.root)


_PICKER_ESM = r"""
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "jupyter-button fk-btn fk-btn-secondary fk-material-upload-button";
    const input = document.createElement("input");
    input.type = "file";
    input.style.display = "none";
    const sync = () => {
      button.textContent = model.get("description");
      input.accept = model.get("accept");
      button.disabled = model.get("disabled");
    };
    const idle = () => { button.disabled = model.get("disabled"); button.removeAttribute("aria-busy"); };
    sync();
    button.addEventListener("click", () => { input.value = ""; input.click(); });
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      // Over the limit: never sent (the server would drop the message without a word); the kernel says so.
      if (file.size > model.get("max_bytes")) { model.send({ kind: "too-big", name: file.name, size: file.size }); return; }
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      const buffer = await file.arrayBuffer();
      model.send({ kind: "file", name: file.name, size: file.size }, undefined, [buffer]);
    });
    const onMsg = (msg) => { if (msg && msg.kind === "done") idle(); };
    model.on("change:description change:accept change:disabled", sync);
    model.on("msg:custom", onMsg);
    el.style.alignSelf = "flex-start";  // as wide as its button, so a click on the box is one on the button
    el.addEventListener("click", (event) => { if (event.target === el) button.click(); });
    el.append(button, input);
    return () => { model.off("change:description change:accept change:disabled", sync); model.off("msg:custom", onMsg); };
  },
};
"""


class FilePicker(anywidget.AnyWidget):
    """A file button (``fk-material-upload``; the button itself ``fk-material-upload-button``) that checks
    the size in the browser before sending.

    ``on_file(name, data)`` gets a file within ``max_bytes``; ``on_too_big(name, size)`` one the
    browser kept back. Both come from the page, so the kernel checks them again (the store too).
    """

    _esm = _PICKER_ESM
    description = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    max_bytes = traitlets.Int(MAX_MATERIAL_BYTES).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, *, on_file: Callable[[str, bytes], None], on_too_big: Callable[[str, int], None],
                 **traits: object) -> None:
        super().__init__(_dom_classes=("fk-material-upload", "fk-material-picker"), **traits)
        self.on_file, self.on_too_big = on_file, on_too_big
        self.on_msg(self._on_message)

    def _on_message(self, _widget: object, content: object, buffers: object) -> None:
        if not isinstance(content, dict):
            return
        name = content.get("name") if isinstance(content.get("name"), str) else ""
        try:
            if content.get("kind") == "too-big":
                size = content.get("size")
                self.on_too_big(name, size if isinstance(size, int) and size > 0 else self.max_bytes + 1)
            elif content.get("kind") == "file" and isinstance(buffers, (list, tuple)) and len(buffers) == 1:
                self.on_file(name, bytes(buffers[0]))
        finally:
            self.send({"kind": "done"})


class MaterialUpload:
    """The facilitator's upload (a title, an optional agenda item, the file picker) and removal;
    the store decides. ``on_added`` is called after any change (an upload or a removal)."""

    def __init__(self, db: store.Database, code: str, key: str | None, t: Translate, *,
                 items: Sequence[tuple[str, int]] = (), on_added: Callable[[], None] | None = None) -> None:
        self.db, self.code, self.key, self.t = db, code, key, t
        self.on_added = on_added
        self.remove_pick = theme.dropdown(t("Remove a material"), [], classes=["fk-material-remove-pick"])
        self.remove_button = theme.button(t("Remove"), kind="danger", small=True, classes=["fk-material-remove"])
        self.remove_button.on_click(lambda _b: self.remove(self.remove_pick.value))
        self.remover = theme.row([self.remove_pick, self.remove_button], classes=["fk-material-remover"])
        self.notice = Notice(self.t)
        self.title = theme.text(t("Title (optional)"), placeholder=t("e.g. Slides of the opening talk"),
                                classes=["fk-material-title"])
        self.item = theme.dropdown(t("Attach to"), [(t("The whole workshop"), 0), *items], value=0,
                                   classes=["fk-material-item"])
        limit = MAX_MATERIAL_BYTES // (1024 * 1024)
        self.picker = FilePicker(accept=ACCEPT, max_bytes=MAX_MATERIAL_BYTES,
                                 description=t("Upload a file (at most {n} MB)").format(n=limit),
                                 on_file=lambda name, data: self.add([(name, data)]), on_too_big=self.too_big)
        hint = t("PDF, images, presentations, documents or text; at most 10 MB each.")
        heading = t("Add material")
        self.root = theme.box([theme.html(f'<div class="fk-panel-title">{esc(heading)}</div>'
                                          f'<p class="fk-help">{esc(hint)}</p>'),
                               theme.row([self.title, self.item]), self.picker, self.notice, self.remover],
                              classes=["fk-material-form"])
        self.refresh()

    def refresh(self, topics: set[str] | None = None) -> None:
        """The materials that can be removed, as the store has them now."""
        options = [(m.shown_title, m.id) for m in store.list_materials(self.db, self.code)]
        if list(self.remove_pick.options) != options:
            keep = self.remove_pick.value if self.remove_pick.value in [v for _, v in options] else None
            self.remove_pick.options = options
            self.remove_pick.value = keep if keep is not None else (options[0][1] if options else None)
        theme.show(self.remover, bool(options))

    def remove(self, material_id: object) -> bool:
        """Take a material off the workshop (the store checks the key)."""
        def action() -> str:
            if not isinstance(material_id, int) or isinstance(material_id, bool):
                raise NotFound(self.t("Choose a material to remove."))
            store.remove_material(self.db, self.code, self.key, material_id)
            return self.t("Removed.")
        ok = guarded(self.notice, action)
        self.refresh()
        if ok and self.on_added:
            self.on_added()
        return ok

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        """The agenda items a file can be attached to (label, id)."""
        options = [(self.t("The whole workshop"), 0), *items]
        keep = self.item.value if self.item.value in [v for _, v in options] else 0
        self.item.options = options
        self.item.value = keep

    def too_big(self, name: str, size: int) -> None:
        """A file the browser kept back for its size: say so (nothing was sent, nothing is lost)."""
        try:
            shown = clean_file_name(name)
        except InvalidValue:
            shown = self.t("The file")
        self.notice.error(self.t("{name} is {size}; files of at most {limit} MB can be attached. Make it smaller "
                                 "(e.g. export the slides as a PDF) or share a link to it instead.").format(
            name=shown, size=size_text(self.t, size), limit=MAX_MATERIAL_BYTES // (1024 * 1024)))

    def add(self, files: Sequence[tuple[str, bytes]]) -> bool:
        """Store the files (each its own transaction); the notice says what happened."""
        t = self.t
        added: list[str] = []

        def action() -> str:
            for name, data in files:
                title = self.title.value.strip() if isinstance(self.title.value, str) else ""
                item = self.item.value if isinstance(self.item.value, int) and self.item.value > 0 else None
                stored = store.add_material(self.db, self.code, self.key, filename=name, data=data, title=title,
                                            item_id=item)
                added.append(stored.filename)  # the name as stored (no folders, no control characters)
            return t("Added {name}.").format(name=", ".join(added))

        ok = guarded(self.notice, action)
        if added:
            self.title.value = ""
            self.refresh()
            if self.on_added:
                self.on_added()
        return ok

    def close(self) -> None:
        theme.close_tree(self.root)
