"""Decisions step (``fk-view-decisions``): the decisions and action items of a meeting, as an agenda step.

Roles: ``participant`` and ``presenter`` read the decisions (``fk-decision-card``) and the action
items (``fk-action-item``: what, who, by when, done) live; ``facilitator`` (the console's Run tab)
records a decision (``fk-decision-text``, ``fk-decision-add``) and adds or edits action items. A
workshop that kept a meeting record before this step existed (agenda topics with their notes) shows
that record here too, read-only for participants and in its editor on the console, so the record
has one home. The store checks the key and that a decisions step is open.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.notes import Decision
from facilitation.domain.steps import ROLES
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.steps import TOPICS
from facilitation.ui.steps.meeting.actions import ActionsEditor, text_value
from facilitation.ui.steps.meeting.record import actions_html, record_html

STEP = "decisions"


class DecisionsView:
    """The decisions step for one page (see the module docstring)."""

    step = STEP

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        t = self.t
        self.notice = Notice(t)
        self.cards = theme.box(classes=["fk-decision-list"])
        self.actions = theme.html(classes=["fk-decision-actions"])
        self.record = theme.html(classes=["fk-decision-record"])
        self.editor: ActionsEditor | None = None
        self.meeting_editor = None  # the older meeting record's editor, built when the workshop has one
        self.meeting_slot = theme.box(classes=["fk-meeting-slot"])
        heading = theme.html(self._heading(t("Decisions")))
        actions_heading = theme.html(self._heading(t("Action items")))
        children: list[widgets.Widget] = [heading]
        if role == "facilitator":
            self.text = theme.textarea(t("Decision"), placeholder=t("What the meeting decided, in one sentence."),
                                       classes=["fk-decision-text"])
            add = theme.button(t("Record decision"), kind="primary", classes=["fk-decision-add"])
            add.on_click(lambda _b: self.add())
            self.editor = ActionsEditor(ctx, self.notice, after=lambda: self.refresh({"meeting"}))
            children += [theme.panel([self.text, add], classes=["fk-decision-form"]), self.notice, self.cards,
                         actions_heading, self.editor.root, self.meeting_slot]
        else:
            children += [self.cards, self.actions, self.record]  # the actions carry their own heading
        names = ["fk-view", f"fk-role-view-{role}", "fk-decisions"]
        names.append(f"fk-view-{STEP}" if role == "participant" else f"fk-decisions-{role}")
        self.root = theme.box(children, classes=names)
        self._shown: tuple = ()
        self.refresh(set(TOPICS[STEP]))

    @staticmethod
    def _heading(text: str) -> str:
        return f'<h3 class="fk-decision-heading">{esc(text)}</h3>'

    def add(self) -> bool:
        """Record the typed decision; the text stays when the store refuses it."""
        def action() -> str:
            store.add_decision(self.ctx.db, self.ctx.code, self.ctx.key, text_value(self.text))
            self.text.value = ""
            return self.t("Decision recorded.")
        ok = guarded(self.notice, action)
        self.refresh({"decisions"})
        return ok

    def _agenda_id(self) -> int:
        item = store.current_step(self.ctx.db, self.ctx.workshop)
        return item.id if item.step == STEP and item.id is not None else -1

    def card_html(self, n: int, decision: Decision) -> str:
        return (f'<div class="fk-decision"><span class="fk-decision-n">{n}</span>'
                f'<p class="fk-decision-body">{esc(decision.text)}</p></div>')

    def refresh(self, topics: set[str]) -> None:
        if not set(topics) & TOPICS[STEP]:
            return
        t, ctx = self.t, self.ctx
        decisions = store.list_decisions(ctx.db, ctx.code, self._agenda_id())
        values = tuple(self.card_html(n, d) for n, d in enumerate(decisions, start=1))
        if values != self._shown:
            self._shown = values
            if values:
                theme.replace_children(self.cards, [theme.html(v, classes=["fk-decision-card"]) for v in values])
            else:
                empty = t("No decisions yet"), t("Decisions appear here as they are recorded.")
                theme.replace_children(self.cards, [theme.html(theme.empty_html(*empty))])
        items = store.meeting(ctx.db, ctx.code)
        known = {i.id for i in items}
        actions = store.list_actions(ctx.db, code=ctx.code)
        loose = [a for a in actions if a.item_id not in known]
        if self.editor is not None:
            self.editor.show(loose)
            self._sync_meeting_editor(bool(items), topics)
            return
        listed = actions_html(t, loose) or theme.empty_html(t("No action items yet"))
        if listed != self.actions.value:
            self.actions.value = listed
        record = record_html(t, items, [a for a in actions if a.item_id in known]) if items else ""
        if record != self.record.value:
            self.record.value = record

    def _sync_meeting_editor(self, has_items: bool, topics: set[str]) -> None:
        if self.meeting_editor is None and has_items:
            from facilitation.ui.steps.meeting.editor import MeetingEditor

            self.meeting_editor = MeetingEditor(self.ctx)
            self.meeting_slot.children = (self.meeting_editor.root,)
        elif self.meeting_editor is not None:
            self.meeting_editor.refresh(topics)

    def close(self) -> None:
        theme.close_tree(self.root)
