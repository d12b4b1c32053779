"""The meeting record as participants see it: read-only, live (topic ``meeting``).

Agenda items with their topic, notes and decisions, then the action items (``fk-action-item``)
with owner, due date and whether they are done. Built as escaped HTML from the store.
"""

from __future__ import annotations

from typing import Sequence

from facilitation import store
from facilitation.domain.programmes import ActionItem, MeetingItem
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc

TOPICS = {"meeting"}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def action_html(t: Translate, a: ActionItem) -> str:
    """One action item: what, who, by when, done or open."""
    state = t("Done") if a.done else t("Open")
    tone = "fk-chip-primary" if a.done else "fk-chip-warn"
    who = f'<span class="fk-action-owner">{esc(a.owner)}</span>' if a.owner else ""
    due = t("due {date}").format(date=a.due.isoformat()) if a.due else ""
    due = f'<span class="fk-action-due">{esc(due)}</span>' if due else ""
    done = " fk-action-done" if a.done else ""
    return (f'<li class="fk-action-item{done}"><span class="fk-chip {tone}">{esc(state)}</span>'
            f'<span class="fk-action-text">{esc(a.text)}</span>{who}{due}</li>')


def actions_html(t: Translate, actions: Sequence[ActionItem]) -> str:
    if not actions:
        return ""
    label = t("Action items")
    return (f'<div class="fk-meeting-label">{esc(label)}</div><ul class="fk-action-list">'
            + "".join(action_html(t, a) for a in actions) + "</ul>")


def item_html(t: Translate, n: int, item: MeetingItem, actions: Sequence[ActionItem]) -> str:
    """One agenda item: number and topic, notes, decisions, its action items."""
    notes = "".join(f"<p>{esc(line)}</p>" for line in _lines(item.notes))
    decisions = _lines(item.decisions)
    notes_label, decisions_label = t("Notes"), t("Decisions")
    city = theme.chip(item.city, "accent") if item.city else ""  # a session's take-away of one city
    parts = [f'<h3 class="fk-meeting-topic"><span class="fk-meeting-n">{n}</span>{esc(item.topic)}{city}</h3>']
    if notes:
        parts.append(f'<div class="fk-meeting-label">{esc(notes_label)}</div><div class="fk-meeting-notes">{notes}</div>')
    if decisions:
        parts.append(f'<div class="fk-meeting-label">{esc(decisions_label)}</div><ul class="fk-meeting-decisions">'
                     + "".join(f"<li>{esc(d)}</li>" for d in decisions) + "</ul>")
    parts.append(actions_html(t, actions))
    return f'<section class="fk-meeting-item" data-item="{item.id}">{"".join(parts)}</section>'


def record_html(t: Translate, items: Sequence[MeetingItem], actions: Sequence[ActionItem]) -> str:
    """The whole record; actions without an agenda item come last, under "Other action items"."""
    if not items and not actions:
        return theme.empty_html(t("No meeting record yet"), t("The agenda, notes and decisions appear here."))
    body = [item_html(t, n, item, [a for a in actions if a.item_id == item.id])
            for n, item in enumerate(items, start=1)]
    known = {i.id for i in items}
    loose = [a for a in actions if a.item_id not in known]
    if loose:
        other = t("Other action items")
        body.append(f'<section class="fk-meeting-item"><h3 class="fk-meeting-topic">{esc(other)}'
                    f'</h3>{actions_html(t, loose)}</section>')
    return '<div class="fk-meeting-doc">' + "".join(body) + "</div>"


class MeetingRecord:
    """The read-only record of ``ctx``'s workshop (participants, presenter, programme view)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.t = ctx, ctx.t
        self.body = theme.html(classes=["fk-meeting-body"])
        heading = self.t("Meeting record")
        title = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div>')
        self.root = theme.panel([title, self.body], classes=["fk-meeting", "fk-meeting-read"])
        self.refresh(TOPICS)

    def refresh(self, topics: set[str]) -> None:
        if not set(topics) & TOPICS:
            return
        value = record_html(self.t, store.meeting(self.ctx.db, self.ctx.code),
                            store.list_actions(self.ctx.db, code=self.ctx.code))
        if value != self.body.value:
            self.body.value = value

    def close(self) -> None:
        theme.close_tree(self.root)
