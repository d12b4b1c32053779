"""Discussion step (``fk-view-discussion``): a round table with live notes and participants' contributions.

Roles: ``participant`` adds short contributions (``fk-note-text``, ``fk-note-submit``), tagged with
their organisation and city (asked here when their profile has none), optionally as a take-away of
their city; ``facilitator`` (the console's Run tab, also a note-taker's link) writes notes and
take-aways; ``presenter`` shows the notes live, big. Every note or contribution is one
``fk-note-card``. The store decides the step, the group, the tags and who may write.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.groups import ALL_GROUPS
from facilitation.domain.notes import Note
from facilitation.domain.roles import ROLE_LABELS
from facilitation.domain.steps import ROLES
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.steps import TOPICS
from facilitation.ui.steps.groups import group_names

STEP = "discussion"


def _text(widget: widgets.Widget) -> str:
    return widget.value if isinstance(widget.value, str) else ""


class DiscussionView:
    """The discussion step for one page (see the module docstring)."""

    step = STEP

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        t = self.t
        self.notice = Notice(t)
        self.cards = theme.box(classes=["fk-note-list"])
        self.count = theme.html(classes=["fk-note-count"])
        self._shown: tuple = ()
        children: list[widgets.Widget] = [self.count]
        if role != "presenter":
            children = [self._form(), self.notice, *children]
        self.root = theme.box([*children, self.cards],
                              classes=["fk-view", f"fk-role-view-{role}", "fk-discussion"]
                              + ([f"fk-view-{STEP}"] if role == "participant" else [f"fk-discussion-{role}"]))
        self.refresh(set(TOPICS[STEP]))

    # --- the form -----------------------------------------------------------------------

    def _form(self) -> widgets.Widget:
        t = self.t
        if self.role == "participant":
            label, hint = t("Your contribution"), t("A short point: what your city does, asks or proposes.")
        else:
            label, hint = t("Note"), t("What was said, as it is said.")
        self.text = theme.textarea(label, placeholder=hint, classes=["fk-note-text"])
        self.take_away = widgets.Checkbox(value=False, indent=False, description=t("Take-away for a city"),
                                          _dom_classes=("fk-note-takeaway",))
        self.organisation = theme.text(t("Your organisation"), classes=["fk-note-organisation"])
        self.city = theme.text(t("City"), classes=["fk-note-city"])
        submit = theme.button(t("Add") if self.role == "participant" else t("Add note"), kind="primary",
                              classes=["fk-note-submit"])
        submit.on_click(lambda _b: self.submit())
        self.tags = theme.box([self.organisation, self.city], classes=["fk-note-tags"])
        if self.role != "participant":
            theme.show(self.organisation, False)
        self._sync_tags()
        return theme.panel([self.text, self.tags, self.take_away, submit], classes=["fk-note-form"])

    def _me(self):
        return store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token) if self.ctx.token else None

    def _sync_tags(self) -> None:
        """A participant types organisation and city only when their profile has none."""
        if self.role != "participant":
            return
        me = self._me()
        theme.show(self.organisation, not (me and me.organisation))
        theme.show(self.city, not (me and me.city))

    def submit(self) -> bool:
        """Post the typed note or contribution; the text is kept unless the store took it."""
        t, ctx = self.t, self.ctx

        def action() -> str:
            if self.role == "participant":
                store.add_contribution(ctx.db, ctx.code, ctx.token, text=_text(self.text),
                                       take_away=bool(self.take_away.value),
                                       organisation=_text(self.organisation), city=_text(self.city))
                message = t("Your contribution is on the table.")
            else:
                store.add_note(ctx.db, ctx.code, ctx.key, text=_text(self.text),
                               take_away=bool(self.take_away.value), city=_text(self.city))
                message = t("Note added.")
            self.text.value = ""
            self.take_away.value = False
            return message

        ok = guarded(self.notice, action)
        self.refresh({"notes"})
        return ok

    # --- the notes ----------------------------------------------------------------------

    def _agenda_id(self) -> int | None:
        item = store.current_step(self.ctx.db, self.ctx.workshop)
        return item.id if item.step == STEP else None

    def _author(self, note: Note, labels: dict[int, str]) -> str:
        if note.participant_id is None:
            return self.t(ROLE_LABELS.get(note.by, "Facilitator"))
        return labels.get(note.participant_id, "")

    def card_html(self, note: Note, labels: dict[int, str], groups: dict[int, str]) -> str:
        """One note or contribution: its text, who, organisation and city, group, take-away."""
        t = self.t
        chips = []
        if note.kind == "take-away":
            chips.append(theme.chip(t("Take-away"), "primary"))
        if note.city:
            chips.append(theme.chip(note.city, "accent"))
        if note.organisation:
            chips.append(theme.chip(note.organisation))
        if note.group_id is not None and note.group_id in groups:
            chips.append(theme.chip(groups[note.group_id]))
        who = self._author(note, labels)
        return (f'<div class="fk-note fk-note-{esc(note.kind)}"><p class="fk-note-body">{esc(note.text)}</p>'
                f'<div class="fk-note-meta"><span class="fk-note-author">{esc(who)}</span>{"".join(chips)}</div></div>')

    def refresh(self, topics: set[str]) -> None:
        if not set(topics) & TOPICS[STEP]:
            return
        if "participants" in topics:
            self._sync_tags()
        workshop = self.ctx.workshop
        notes = store.list_notes(self.ctx.db, self.ctx.code, self._agenda_id() or -1)
        labels = store.author_labels(self.ctx.db, workshop, self.t)
        groups = group_names(self.ctx, workshop.id, ALL_GROUPS) if any(n.group_id for n in notes) else {}
        values = tuple(self.card_html(n, labels, groups) for n in reversed(notes))  # newest first
        if values == self._shown:
            return
        self._shown = values
        if not notes:
            empty = (self.t("No notes yet"), self.t("Notes and contributions appear here as they are written."))
            theme.replace_children(self.cards, [theme.html(theme.empty_html(*empty))])
        else:
            theme.replace_children(self.cards, [theme.html(v, classes=["fk-note-card"]) for v in values])
        count = self.t.ngettext("{n} note", "{n} notes", len(notes)).format(n=len(notes))
        self.count.value = esc(count) if notes else ""

    def close(self) -> None:
        theme.close_tree(self.root)
