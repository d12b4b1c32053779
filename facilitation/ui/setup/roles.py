"""Role links: issue a link for a co-facilitator, an expert, the city representative or the presenter; revoke.

A link's key is shown once, when it is issued (the store keeps only its hash): this panel keeps
the links it issued for as long as the page is open, and lists older ones by role, label and date.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import links as pages
from facilitation.domain.errors import NotAllowed
from facilitation.domain.roles import KEY_ROLES, ROLE_LABELS
from facilitation.store import RoleKey
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.links import base_url
from facilitation.ui.setup.common import Editor, section

TOPICS = frozenset({"access"})


class RolesPanel(Editor):
    """Issue and revoke the role links of ``ctx.code`` with ``key`` (see :mod:`facilitation.ui.setup`)."""

    def __init__(self, ctx: Context, key: str, *, base: str | None = None) -> None:
        super().__init__(ctx, key)
        t = self.t
        self.base = base  # the server's address for the links (None: as the page's browser reached it)
        self.shown: dict[int, str] = {}  # key id -> the full link, for links issued on this page
        # A group facilitator's link needs its group: it is issued from that group's card (console, Groups tab).
        roles = [(t(ROLE_LABELS[r]), r) for r in KEY_ROLES if r != "group-facilitator"]
        self.role_pick = theme.dropdown(t("Role"), roles, value="co-facilitator", classes=["fk-role-pick"])
        self.label = theme.text(t("For whom (optional)"), placeholder=t("e.g. the name or the organisation"),
                                classes=["fk-role-label"])
        self.issue_button = theme.button(t("Create link"), kind="primary", classes=["fk-role-issue"])
        self.issue_button.on_click(lambda _b: self.issue(self.role_pick.value, self.label.value))
        self.list_box = theme.box(classes=["fk-role-list"])
        help_text = t("Co-facilitators steer like you; experts prepare scenarios; the city representative "
                      "edits the challenge; the presenter link opens the big screen. Revoke a link and it "
                      "stops working at once.")
        form = theme.box([self.role_pick, self.label, self.issue_button], classes=["fk-role-form"], horizontal=True)
        self.root = section(t("Role links"), help_text, [form, self.notice, self.list_box],
                            classes=["fk-roles-panel"])
        self.refresh()

    def url(self, role: str, key: str) -> str:
        return pages.role_link(self.base if self.base is not None else base_url(), role, self.ctx.code, key)

    # --- actions (the store checks each) -------------------------------------------------

    def issue(self, role: object, label: object = "") -> bool:
        def action() -> str:
            issued = store.issue_role_key(self.ctx.db, self.ctx.code, self.key, str(role), str(label or ""))
            self.shown[issued.id] = self.url(issued.role, issued.key)
            self.synced(self.label, "")
            return self.t("Link created for the {role}: copy it now, it is shown only on this page.").format(
                role=self.t(ROLE_LABELS[issued.role]).lower())

        return self.act(action)

    def revoke(self, key_id: int) -> bool:
        def action() -> str:
            store.revoke_role_key(self.ctx.db, self.ctx.code, self.key, key_id)
            self.shown.pop(key_id, None)
            return self.t("Link revoked: it no longer opens anything.")

        return self.act(action)

    # --- rendering -----------------------------------------------------------------------

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-render from the store (``topics``: what changed; None = everything)."""
        if topics is not None and not set(topics) & TOPICS:
            return
        try:
            keys = [k for k in store.list_role_keys(self.ctx.db, self.ctx.code, self.key) if k.revoked_at is None]
        except NotAllowed as exc:  # e.g. an expert's console, or this page's own key revoked
            theme.replace_children(self.list_box, [])
            self.notice.error(exc)
            for w in (self.role_pick, self.label, self.issue_button):
                w.disabled = True
            return
        rows = [self._row(k) for k in reversed(keys)]  # the newest first: the one just issued on top
        if not rows:
            none = self.t("No role links yet")
            rows = [theme.html(f'<p class="fk-help fk-role-none">{esc(none)}</p>')]
        theme.replace_children(self.list_box, rows)

    def _row(self, k: RoleKey) -> widgets.Widget:
        t = self.t
        role = t(ROLE_LABELS.get(k.role, k.role))
        when = k.created_at.strftime("%Y-%m-%d %H:%M") if k.created_at else ""
        head = (f'<div class="fk-role-head">{theme.chip(role, "primary")}'
                f'<span class="fk-role-name">{esc(k.label)}</span>'
                f'<span class="fk-role-when">{esc(when)}</span></div>')
        url = self.shown.get(k.id)
        if url:
            body = f'<a class="fk-role-url" href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>'
        else:
            shown_once = t("The link was shown once, when it was created.")
            body = f'<p class="fk-help">{esc(shown_once)}</p>'
        revoke = theme.button(t("Revoke"), kind="danger", small=True, classes=["fk-role-revoke"])
        revoke.on_click(lambda _b, key_id=k.id: self.revoke(key_id))
        info = theme.html(head + body, classes=["fk-role-info"])
        return theme.box([info, revoke], classes=["fk-role-link"], horizontal=True)
