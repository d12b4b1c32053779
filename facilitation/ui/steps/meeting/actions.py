"""Action items as a facilitator edits them: one row each (``fk-action-item``) and the form that adds one.

Shared by the meeting record's editor (actions under an agenda item of the record) and the
decisions step (the meeting's actions). Every control writes through the store with the page's
key; ``steer`` is checked there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.programmes import ActionItem
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded

SaveAction = Callable[..., bool]


def due_value(value: object) -> date | None:
    return value if isinstance(value, date) else None


def text_value(widget: widgets.Widget) -> str:
    return widget.value if isinstance(widget.value, str) else ""


def action_row(t: Translate, a: ActionItem, save: SaveAction) -> widgets.Widget:
    """One editable action item; ``save(action_id, text=…, owner=…, due=…, done=…, set_due=…)`` stores it."""
    text = theme.text(t("Action"), value=a.text, classes=["fk-action-text-input"])
    owner = theme.text(t("Owner"), value=a.owner, classes=["fk-action-owner-input"])
    due = theme.add_classes(widgets.DatePicker(description=t("Due"), value=a.due), ["fk-field", "fk-action-due-input"])
    done = widgets.Checkbox(value=a.done, description=t("Done"), indent=False, _dom_classes=("fk-action-done-input",))
    done.observe(lambda change: save(a.id, done=bool(change["new"])), names="value")
    button = theme.button(t("Save"), kind="ghost", small=True, classes=["fk-action-save"])
    button.on_click(lambda _b: save(a.id, text=text_value(text), owner=text_value(owner), due=due_value(due.value),
                                    set_due=True))
    return theme.row([done, text, owner, due, button], classes=["fk-action-item"])


class ActionsEditor:
    """The action items of ``ctx``'s workshop not tied to an agenda item of the record, and the form to add one."""

    def __init__(self, ctx: Context, notice: Notice, *, after: Callable[[], None] = lambda: None) -> None:
        self.ctx, self.t, self.notice, self.after = ctx, ctx.t, notice, after
        t = self.t
        self.rows = theme.box(classes=["fk-action-rows"])
        self.new_text = theme.text(t("New action"), placeholder=t("What is to be done"), classes=["fk-action-new-text"])
        self.new_owner = theme.text(t("Owner"), classes=["fk-action-new-owner"])
        self.new_due = theme.add_classes(widgets.DatePicker(description=t("Due")), ["fk-field", "fk-action-new-due"])
        add = theme.button(t("Add action"), kind="secondary", classes=["fk-action-add"])
        add.on_click(lambda _b: self.add())
        self.root = theme.box([self.rows, theme.row([self.new_text, self.new_owner, self.new_due, add],
                                                    classes=["fk-action-form"])], classes=["fk-actions-edit"])
        self._shown: tuple = ()

    def show(self, actions: list[ActionItem]) -> None:
        """Rebuild the rows when the stored actions differ from those shown (typing is never overwritten by an echo)."""
        if tuple(actions) == self._shown:
            return
        self._shown = tuple(actions)
        theme.replace_children(self.rows, [action_row(self.t, a, self.save) for a in actions])

    def add(self) -> bool:
        def action() -> str:
            store.add_action(self.ctx.db, self.ctx.code, self.ctx.key, text=text_value(self.new_text),
                             owner=text_value(self.new_owner), due=due_value(self.new_due.value))
            self.new_text.value = self.new_owner.value = ""
            self.new_due.value = None
            return self.t("Action item added.")
        ok = guarded(self.notice, action)
        self.after()
        return ok

    def save(self, action_id: int, **edits: object) -> bool:
        ok = guarded(self.notice, update_action(self.ctx, action_id, **edits))
        self.after()
        return ok


def update_action(ctx: Context, action_id: int, *, text: str | None = None, owner: str | None = None,
                  due: date | None = None, done: bool | None = None, set_due: bool = False) -> Callable[[], str]:
    """The guarded action that stores an action item's edited fields (``set_due``: ``due`` too, None clears it);
    shared by the decisions step and the meeting record's editor."""
    changes: dict = {k: v for k, v in (("text", text), ("owner", owner), ("done", done)) if v is not None}
    if set_due:
        changes["due"] = due

    def action() -> str:
        store.update_action(ctx.db, ctx.code, ctx.key, action_id, **changes)
        return ctx.t("Saved.")
    return action
