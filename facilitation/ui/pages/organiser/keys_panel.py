"""The organiser keys of this server (``fk-organiser-keys``): each listed with its label and date, and revoked.

A key is shown only once, when it is made (``facilitation organiser-keys new``, or the first
``facilitation serve``): the store keeps its hash, so the list shows labels and dates. Revoking
one withdraws every page open with it (and the consoles opened through its links) at once.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.store import OrganiserKey
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded


class OrganiserKeysPanel:
    """List and revoke organiser keys with the page's own organiser ``key``; ``on_self_revoked`` runs
    when the page revoked its own key (the page withdraws)."""

    def __init__(self, ctx: Context, key: str, *, on_self_revoked: Callable[[], None]) -> None:
        self.ctx, self.t, self.key, self.on_self_revoked = ctx, ctx.t, key, on_self_revoked
        t = self.t
        self.notice = Notice(t)
        self.items = theme.box(classes=["fk-organiser-key-list"])
        title = t("Organiser keys")
        help_text = t("Each organiser link carries one of these keys. Revoke a key that leaked: its link stops "
                      "working and the pages open with it close. 'facilitation organiser-keys new' makes a new one.")
        head = theme.html(f'<div class="fk-panel-title">{esc(title)}</div><p class="fk-help">{esc(help_text)}</p>')
        self.root = theme.panel([head, self.notice, self.items], classes=["fk-organiser-keys"])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the keys (valid ones only: a revoked key needs no button)."""
        keys = [k for k in store.organiser_keys_for(self.ctx.db, self.key) if k.revoked_at is None]
        theme.replace_children(self.items, [self._row(k) for k in keys])

    def revoke(self, key_id: int) -> bool:
        """Revoke key ``key_id`` (the store checks the page's key); the list is re-read after."""
        mine = store.is_organiser(self.ctx.db, self.key)

        def action() -> str:
            store.revoke_organiser_key(self.ctx.db, key_id, key=self.key)
            return self.t("Organiser key revoked: its link no longer opens anything.")

        done = guarded(self.notice, action)
        if done and mine and not store.is_organiser(self.ctx.db, self.key):
            self.on_self_revoked()
            return done
        self.refresh()
        return done

    def _row(self, k: OrganiserKey) -> widgets.Widget:
        t = self.t
        when = k.created_at.strftime("%Y-%m-%d %H:%M") if k.created_at else ""
        label = k.label or t("(no label)")
        info = theme.html(f'<span class="fk-role-name">{esc(label)}</span> <span class="fk-role-when">{esc(when)}</span>'
                          f' <span class="fk-help">#{k.id}</span>', classes=["fk-role-info"])
        revoke = theme.button(t("Revoke"), kind="danger", small=True, classes=["fk-organiser-key-revoke"])
        revoke.on_click(lambda _b, key_id=k.id: self.revoke(key_id))
        return theme.box([info, revoke], classes=["fk-organiser-key-item"], horizontal=True)
