"""The meeting record as its facilitator edits it: agenda items, notes, decisions, action items.

Every control writes through the store with the page's key (``steer`` is checked there); the
store bumps topic ``meeting`` so participants' pages follow. The editor rebuilds its rows only
when the stored record differs from what it shows, so typing is never overwritten by the
page's own echo.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.programmes import ActionItem, MeetingItem
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.steps.meeting.actions import action_row, due_value, update_action
from facilitation.ui.steps.meeting.record import TOPICS


def _text(widget: widgets.Widget) -> str:
    return widget.value if isinstance(widget.value, str) else ""


class MeetingEditor:
    """The facilitator's editor of ``ctx``'s meeting record (needs ``ctx.key``)."""

    def __init__(self, ctx: Context, *, on_items: Callable[[list[MeetingItem]], None] | None = None) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.on_items = on_items
        self.notice = Notice(self.t)
        self.items_box = theme.box(classes=["fk-meeting-items"])
        self.new_topic = theme.text(t("New agenda item"), placeholder=t("e.g. Partner updates"),
                                    classes=["fk-meeting-new-topic"])
        add = theme.button(t("Add item"), kind="primary", classes=["fk-meeting-add"])
        add.on_click(lambda _b: self.add_item())
        heading, hint = t("Meeting record"), t("Participants see it live, read-only.")
        title = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(hint)}</p>')
        self.root = theme.panel([title, self.notice, self.items_box, theme.row([self.new_topic, add])],
                                classes=["fk-meeting", "fk-meeting-edit"])
        self._shown: tuple | None = None
        self.refresh(TOPICS)

    # --- rendering -------------------------------------------------------------------------

    def refresh(self, topics: set[str]) -> None:
        """Rebuild the rows when the stored record changed (by anyone, this page included)."""
        if not set(topics) & TOPICS:
            return
        items = store.meeting(self.ctx.db, self.ctx.code)
        actions = store.list_actions(self.ctx.db, code=self.ctx.code)
        shown = (tuple(items), tuple(actions))
        if shown == self._shown:
            return
        self._shown = shown
        known = {i.id for i in items}
        rows = [self._item_panel(n, item, [a for a in actions if a.item_id == item.id])
                for n, item in enumerate(items, start=1)]
        loose = [a for a in actions if a.item_id not in known]
        if loose:
            other = self.t("Other action items")
            rows.append(theme.box([theme.html(f'<h3 class="fk-meeting-topic">{esc(other)}</h3>'),
                                   *[self._action_row(a) for a in loose]], classes=["fk-meeting-item"]))
        if not rows:
            rows = [theme.html(theme.empty_html(self.t("No agenda items yet"),
                                                self.t("Add the meeting's topics below.")))]
        theme.replace_children(self.items_box, rows)
        if self.on_items:
            self.on_items(items)

    def _item_panel(self, n: int, item: MeetingItem, actions: list[ActionItem]) -> widgets.Widget:
        t = self.t
        topic = theme.text(t("Topic {n}").format(n=n), value=item.topic, classes=["fk-meeting-topic-input"])
        notes = theme.textarea(t("Notes"), value=item.notes, classes=["fk-meeting-notes-input"])
        decisions = theme.textarea(t("Decisions (one a line)"), value=item.decisions,
                                   classes=["fk-meeting-decisions-input"])
        save = theme.button(t("Save item"), kind="secondary", small=True, classes=["fk-meeting-save"])
        save.on_click(lambda _b: self.save_item(item.id, _text(topic), _text(notes), _text(decisions)))
        new_text = theme.text(t("New action"), placeholder=t("What is to be done"), classes=["fk-action-new-text"])
        new_owner = theme.text(t("Owner"), classes=["fk-action-new-owner"])
        new_due = theme.add_classes(widgets.DatePicker(description=t("Due")), ["fk-field", "fk-action-new-due"])
        add = theme.button(t("Add action"), kind="ghost", small=True, classes=["fk-action-add"])
        add.on_click(lambda _b: self.add_action(item.id, _text(new_text), _text(new_owner), due_value(new_due.value)))
        return theme.box([topic, notes, decisions, save, *[self._action_row(a) for a in actions],
                          theme.row([new_text, new_owner, new_due, add], classes=["fk-action-form"])],
                         classes=["fk-meeting-item"])

    def _action_row(self, a: ActionItem) -> widgets.Widget:
        return action_row(self.t, a, self.save_action)

    # --- actions (each one store call with the page's key) ----------------------------------

    def _after(self, action: Callable[[], str]) -> bool:
        ok = guarded(self.notice, action)
        self.refresh(TOPICS)
        return ok

    def add_item(self, topic: str | None = None) -> bool:
        text = _text(self.new_topic) if topic is None else topic

        def action() -> str:
            store.add_meeting_item(self.ctx.db, self.ctx.code, self.ctx.key, topic=text)
            self.new_topic.value = ""
            return self.t("Agenda item added.")
        return self._after(action)

    def save_item(self, item_id: int, topic: str, notes: str, decisions: str) -> bool:
        def action() -> str:
            store.update_meeting_item(self.ctx.db, self.ctx.code, self.ctx.key, item_id, topic=topic, notes=notes,
                                      decisions=decisions)
            return self.t("Saved.")
        return self._after(action)

    def add_action(self, item_id: int | None, text: str, owner: str, due: date | None) -> bool:
        def action() -> str:
            store.add_action(self.ctx.db, self.ctx.code, self.ctx.key, text=text, owner=owner, due=due,
                             item_id=item_id)
            return self.t("Action item added.")
        return self._after(action)

    def save_action(self, action_id: int, **edits: object) -> bool:
        return self._after(update_action(self.ctx, action_id, **edits))

    def close(self) -> None:
        theme.close_tree(self.root)
