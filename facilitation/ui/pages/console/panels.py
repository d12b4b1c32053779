"""The console's side panels: how to join, who has joined, private writing, and the agenda.

Each panel renders from the store; the private-writing switch and its reveal call the store
with the page's key, so a forged message from another page is refused there.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import may
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.pages.console.merge import MergePanel


def panel_title(text: str) -> widgets.HTML:
    return theme.html(f'<div class="fk-panel-title">{esc(text)}</div>')


def join_panel(ctx: Context, workshop: Workshop) -> widgets.VBox:
    """The participant link (``fk-join-url``), its QR code (``fk-join-qr``) and the presenter view's link."""
    from facilitation.ui.kit.links import (  # segno stays off other pages
        is_local,
        participant_url,
        presenter_url,
        qr_png,
    )

    t = ctx.t
    url = participant_url(workshop.code)
    join_url = theme.html(f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>',
                          classes=["fk-join-url"])
    qr = widgets.Image(value=qr_png(url), format="png", _dom_classes=("fk-join-qr",))
    warn = ""
    if is_local(url):
        warn = theme.banner_html(t("This address works only on this computer. To let phones join, serve with "
                                   "--host 0.0.0.0 and open the console with the link it prints."), "warn")
    join, join_code, open_presenter = t("Join"), t("Join code"), t("Open the presenter view for the projector")
    info = theme.html(
        f'<div class="fk-panel-title">{esc(join)}</div>'
        f'<p class="fk-help">{esc(join_code)} <span class="fk-code">{esc(workshop.code)}</span></p>{warn}')
    parts = [info, qr, join_url]
    if may(ctx, "roles"):  # the projector gets a presenter key of its own, never this console's key (issue 23)
        presenter = presenter_url(workshop.code, store.presenter_key(ctx.db, workshop.code, ctx.key))
        parts.append(theme.html(
            f'<a class="fk-chip fk-chip-primary" href="{esc(presenter)}" target="_blank" rel="noopener">'
            f'{esc(open_presenter)} ↗</a>', classes=["fk-presenter-link"]))
    return theme.panel(parts, classes=["fk-join-panel"])


class JoinedPanel:
    """Who has joined (``fk-joined``): each name as the workshop's naming mode allows (``fk-joined-name``),
    and the merge of two entries that are one person (:class:`~facilitation.ui.pages.console.merge.MergePanel`)."""

    LIMIT = 200  # a long list scrolls; beyond this the count says the rest

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.t = ctx, ctx.t
        self.list = theme.html(classes=["fk-joined-list"])
        self.workshop: Workshop | None = None
        self.merge = MergePanel(ctx, after=lambda: self.render(self.workshop or ctx.workshop))
        # The list stays the panel's last child (tests and the live refresh read it there).
        self.root = theme.panel([panel_title(self.t("Who has joined")), self.merge.root, self.list],
                                classes=["fk-joined"])

    def render(self, workshop: Workshop) -> None:
        t = self.t
        self.workshop = workshop
        people = store.joined(self.ctx.db, self.ctx.code, self.ctx.key)
        # The same labels as on the walls, in the page's language ("Participant 3" when anonymous).
        labels = store.author_labels(self.ctx.db, workshop, translate=t) if people else {}
        self.merge.render(people[:self.LIMIT], labels)
        if not people:
            self.list.value = theme.empty_html(t("Nobody yet"), t("Names appear here as people join."), icon="people")
            return
        rows = []
        for person in people[:self.LIMIT]:
            where = ", ".join(p for p in (person.organisation, person.city) if p)
            extra = f'<span class="fk-joined-where">{esc(where)}</span>' if where else ""
            name = labels.get(person.participant_id, person.shown_name)
            rows.append(f'<li class="fk-joined-name"><span>{esc(name)}</span>{extra}</li>')
        more = len(people) - self.LIMIT
        rest = t("and {n} more").format(n=more)
        tail = f'<p class="fk-help">{esc(rest)}</p>' if more > 0 else ""
        count = t.ngettext("{n} person", "{n} people", len(people)).format(n=len(people))
        self.list.value = (f'<div class="fk-chips">{theme.chip(count, "accent")}</div>'
                           f'<ul class="fk-joined-names">{"".join(rows)}</ul>{tail}')


class PrivatePanel:
    """Private writing first (``fk-private-toggle``) and the reveal (``fk-reveal``)."""

    def __init__(self, ctx: Context, notice: Notice, *, after: Callable[[], None]) -> None:
        self.ctx, self.t, self.notice, self.after = ctx, ctx.t, notice, after
        t = self.t
        self.toggle = widgets.Checkbox(value=False, description=t("Private writing first"), indent=False)
        theme.add_classes(self.toggle, ["fk-check", "fk-private-toggle"])
        self.reveal_button = theme.button(t("Reveal ideas"), small=True, classes=["fk-reveal"])
        self.state = theme.html(classes=["fk-private-state"])
        self._syncing = False
        self.toggle.observe(self._on_toggle, names="value")
        self.reveal_button.on_click(lambda _b: self.reveal())
        title = t("Brainstorm")
        why = t("Private writing avoids anchoring on the first ideas: everyone writes alone, then you reveal.")
        head = theme.html(f'<div class="fk-panel-title">{esc(title)}</div><p class="fk-help">{esc(why)}</p>')
        self.root = theme.panel([head, self.toggle, self.state, self.reveal_button], classes=["fk-private-panel"])

    def set_private(self, on: bool) -> bool:
        t = self.t

        def action() -> str:
            changes = {"private_brainstorm": bool(on)}
            if on:
                changes["ideas_revealed"] = False
            store.update_settings(self.ctx.db, self.ctx.code, self.ctx.key, **changes)
            return t("Private writing is on.") if on else t("Private writing is off: everyone sees all ideas.")

        ok = guarded(self.notice, action)
        self.after()
        return ok

    def reveal(self) -> bool:
        t = self.t

        def action() -> str:
            store.update_settings(self.ctx.db, self.ctx.code, self.ctx.key, ideas_revealed=True)
            return t("Ideas revealed: everyone sees the whole wall.")

        ok = guarded(self.notice, action)
        self.after()
        return ok

    def _on_toggle(self, change: dict) -> None:
        if not self._syncing:
            self.set_private(bool(change["new"]))

    def render(self, workshop: Workshop) -> None:
        t = self.t
        settings = workshop.settings or {}
        private = bool(settings.get("private_brainstorm"))
        revealed = bool(settings.get("ideas_revealed"))
        self._syncing = True
        try:
            self.toggle.value = private
        finally:
            self._syncing = False
        theme.show(self.reveal_button, private and not revealed)
        if private and not revealed:
            state = theme.chip(t("Ideas are private"), "warn")
        elif private:
            state = theme.chip(t("Ideas revealed"), "accent")
        else:
            state = theme.chip(t("Everyone sees every idea"))
        self.state.value = state
