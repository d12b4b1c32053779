"""What the setup components share: the workshop's context with the acting key, and one way to act."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded


class Editor:
    """Base of the setup components: ``ctx`` (its ``code`` is the workshop) acting with ``key``.

    Each component defines ``refresh(topics=None)``, which re-renders it from the store.
    """

    root: widgets.Widget

    def __init__(self, ctx: Context, key: str) -> None:
        # Every store call of the component carries this key; the store decides what it may do.
        self.ctx = replace(ctx, key=key)
        self.key = key
        self.t = ctx.t
        self.notice = Notice(self.t)
        self._syncing = False  # True while refresh() writes widget values (no store call then)

    @property
    def workshop(self) -> Workshop:
        return store.get_workshop(self.ctx.db, self.ctx.code)

    def act(self, action: Callable[[], str | None]) -> bool:
        """Run a store action (its error becomes the notice), then re-render from the store.

        Re-rendering after a refusal puts the stored value back in the widget the person edited.
        """
        ok = guarded(self.notice, action)
        self.refresh()
        return ok

    def synced(self, widget: widgets.ValueWidget, value: object) -> None:
        """Show ``value`` in ``widget`` without it counting as an edit (sends nothing when equal)."""
        if widget.value != value:
            self._syncing = True
            try:
                widget.value = value
            finally:
                self._syncing = False

    def on_edit(self, widget: widgets.ValueWidget, handler: Callable[[object], None]) -> None:
        """Call ``handler(new value)`` when the person edits ``widget`` (not when refresh() sets it)."""
        widget.observe(lambda change: None if self._syncing else handler(change["new"]), names="value")


def section(title: str, help_text: str, children: list[widgets.Widget], *, classes: list[str]) -> widgets.VBox:
    """A titled panel of the editor with one line of help under its title."""
    head = theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'
                      + (f'<p class="fk-help">{esc(help_text)}</p>' if help_text else ""),
                      classes=["fk-setup-head"])
    return theme.panel([head, *children], classes=["fk-setup-section", *classes])
