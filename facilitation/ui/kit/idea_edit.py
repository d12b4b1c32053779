"""A participant edits or withdraws their own idea, until voting opens.

:class:`IdeaEditor` is the inline form (``fk-idea-edit-form``: title, details, scale, driver,
``fk-idea-edit-save``, ``fk-idea-edit-cancel``) that a card's ``fk-idea-edit`` opens, and the
confirm bar (``fk-idea-withdraw-confirm`` with ``fk-idea-withdraw-yes`` and
``fk-idea-withdraw-no``) that a card's ``fk-idea-withdraw`` opens. It fills the form only from
ideas this viewer may already see, and saves through the store with the device token: the
store refuses someone else's idea, or any edit once voting has opened, and the sentence it
gives is shown in the view's ``fk-notice``.
"""

from __future__ import annotations

from typing import Callable

from facilitation import store
from facilitation.domain.errors import NotFound
from facilitation.domain.records import Idea
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.ideas import driver_options, scale_options


class IdeaEditor:
    """The edit form and the withdraw confirmation of one participant's page (see the module docstring).

    ``lookup(idea_id)`` gives an idea as this viewer sees it (None when not visible to them);
    ``after()`` runs after a store action so the wall re-reads the store.
    """

    def __init__(self, ctx: Context, notice: Notice, *, lookup: Callable[[int], Idea | None],
                 after: Callable[[], None]) -> None:
        self.ctx, self.t, self.notice, self.lookup, self.after = ctx, ctx.t, notice, lookup, after
        t = self.t
        self.editing: int | None = None
        self.confirming: int | None = None
        self.title = theme.text(t("Your idea"), classes=["fk-idea-edit-title"])
        self.description = theme.textarea(t("Details (optional)"), classes=["fk-idea-edit-description"])
        self.scale = theme.dropdown(t("Scale"), scale_options(t), value="", classes=["fk-idea-edit-scale"])
        self.driver = theme.dropdown(t("Driven by"), driver_options(t), value="", classes=["fk-idea-edit-driver"])
        self.save_button = theme.button(t("Save changes"), kind="primary", small=True, classes=["fk-idea-edit-save"])
        self.cancel_button = theme.button(t("Cancel"), small=True, classes=["fk-idea-edit-cancel"])
        self.save_button.on_click(lambda _b: self.save())
        self.cancel_button.on_click(lambda _b: self.close_form())
        self.form_head = theme.html()
        self.form = theme.panel([self.form_head, self.title, self.description, theme.row([self.scale, self.driver]),
                                 theme.box([self.save_button, self.cancel_button], classes=["fk-actions"],
                                           horizontal=True)], classes=["fk-form", "fk-idea-edit-form"])
        self.confirm_text = theme.html()
        self.yes_button = theme.button(t("Yes, withdraw it"), kind="danger", small=True,
                                       classes=["fk-idea-withdraw-yes"])
        self.no_button = theme.button(t("Keep it"), small=True, classes=["fk-idea-withdraw-no"])
        self.yes_button.on_click(lambda _b: self.withdraw())
        self.no_button.on_click(lambda _b: self.close_confirm())
        self.confirm = theme.panel([self.confirm_text, theme.box([self.yes_button, self.no_button],
                                                                 classes=["fk-actions"], horizontal=True)],
                                   classes=["fk-idea-withdraw-confirm"])
        self.root = theme.box([self.form, self.confirm], classes=["fk-idea-editor"])
        theme.set_visible(self.form, False)
        theme.set_visible(self.confirm, False)

    # --- the edit form ----------------------------------------------------------------

    def open(self, idea_id: int) -> bool:
        """Fill the form with the idea as stored (only an idea this viewer sees)."""
        t = self.t
        idea = self.lookup(idea_id)
        if idea is None:
            self.notice.error(t("This idea is no longer on the wall."))
            return False
        self.close_confirm()
        self.editing = int(idea.id)
        heading = t("Edit your idea")
        self.form_head.value = f'<div class="fk-panel-title">{esc(heading)}</div>'
        self.title.value = idea.title
        self.description.value = idea.description
        self.scale.value = idea.scale
        self.driver.value = idea.driver
        self.notice.clear()
        theme.set_visible(self.form, True)
        return True

    def save(self, idea_id: int | None = None) -> bool:
        """Save the form to the idea (``idea_id`` or the one opened); the store says whose and until when."""
        t = self.t
        target = self.editing if idea_id is None else idea_id

        def action() -> str:
            if target is None:
                raise NotFound(t("Choose the idea to edit first."))
            store.edit_idea(self.ctx.db, self.ctx.code, self.ctx.token, target, title=self.title.value or "",
                            description=self.description.value or "", scale=self.scale.value or "",
                            driver=self.driver.value or "")
            return t("Your idea is updated.")

        ok = guarded(self.notice, action)
        if ok:
            self.close_form()
        self.after()
        return ok

    def close_form(self) -> None:
        self.editing = None
        theme.set_visible(self.form, False)

    # --- withdrawing -------------------------------------------------------------------

    def ask_withdraw(self, idea_id: int) -> bool:
        """Ask "withdraw this idea?" first: a withdrawn idea leaves the wall and its dots."""
        t = self.t
        idea = self.lookup(idea_id)
        if idea is None:
            self.notice.error(t("This idea is no longer on the wall."))
            return False
        self.close_form()
        self.confirming = int(idea.id)
        question = t("Withdraw “{title}”? It leaves the wall for everyone.").format(title=idea.title)
        self.confirm_text.value = f'<p class="fk-lead">{esc(question)}</p>'
        theme.set_visible(self.confirm, True)
        return True

    def withdraw(self, idea_id: int | None = None) -> bool:
        """Withdraw the idea (``idea_id`` or the one being confirmed); the store checks it is this person's."""
        t = self.t
        target = self.confirming if idea_id is None else idea_id

        def action() -> str:
            if target is None:
                raise NotFound(t("Choose the idea to withdraw first."))
            store.withdraw_idea(self.ctx.db, self.ctx.code, self.ctx.token, target)
            return t("Your idea is withdrawn.")

        ok = guarded(self.notice, action)
        self.close_confirm()
        self.after()
        return ok

    def close_confirm(self) -> None:
        self.confirming = None
        theme.set_visible(self.confirm, False)

    def close(self) -> None:
        theme.close_tree(self.root)
