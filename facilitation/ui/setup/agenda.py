"""The agenda editor: one row per step (title, minutes, instruction, move, remove), and add a step."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import steps
from facilitation.domain.records import AgendaItem
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.kit.shell import step_name
from facilitation.ui.setup.common import Editor, section

TOPICS = frozenset({"agenda", "phase", "workshop"})


class AgendaRow:
    """The widgets of one agenda row (``fk-agenda-item``); ``position`` follows the store."""

    def __init__(self, editor: "AgendaEditor") -> None:
        t = editor.t
        self.position = 0
        self.label = theme.html(classes=["fk-agenda-label"])
        self.title = theme.text(t("Title"), classes=["fk-agenda-title"])
        self.minutes = widgets.IntText(description=t("Minutes"), value=0, _dom_classes=("fk-field", "fk-agenda-minutes"))
        self.instruction = theme.textarea(t("Instruction for participants"),
                                          placeholder=t("Shown to participants during this step (optional)"),
                                          classes=["fk-agenda-instruction"])
        self.instruction.rows = 1  # grows as the person types (setup.css)
        for w in (self.title, self.minutes, self.instruction):
            w.continuous_update = False  # saved when the person leaves the field or presses Enter
        self.up = theme.button("↑", small=True, classes=["fk-agenda-up"], tooltip=t("Move up"))
        self.down = theme.button("↓", small=True, classes=["fk-agenda-down"], tooltip=t("Move down"))
        self.remove = theme.button(t("Remove"), kind="danger", small=True, classes=["fk-agenda-remove"])
        editor.on_edit(self.title, lambda v: editor.update(self.position, title=str(v)))
        editor.on_edit(self.minutes, lambda v: editor.update(self.position, minutes=v))
        editor.on_edit(self.instruction, lambda v: editor.update(self.position, instruction=str(v)))
        self.up.on_click(lambda _b: editor.move(self.position, -1))
        self.down.on_click(lambda _b: editor.move(self.position, 1))
        self.remove.on_click(lambda _b: editor.remove(self.position))
        buttons = theme.box([self.up, self.down, self.remove], classes=["fk-actions", "fk-agenda-buttons"],
                            horizontal=True)
        fields = theme.box([self.title, self.minutes], classes=["fk-agenda-fields"], horizontal=True)
        head = theme.box([self.label, buttons], classes=["fk-agenda-head"], horizontal=True)
        self.root = theme.box([head, fields, self.instruction], classes=["fk-agenda-item"])

    def show(self, editor: "AgendaEditor", item: AgendaItem, index: int, count: int, open_index: int) -> None:
        t = editor.t
        self.position = item.position
        name = step_name(t, item.step)
        state = ""
        if index == open_index:
            state = theme.chip(t("Now"), "accent")
        elif index < open_index:
            state = theme.chip(t("Done"))
        self.label.value = (f'<span class="fk-agenda-n">{index + 1}</span>'
                            f'{theme.chip(name, "primary")}{state}')
        self.title.placeholder = name
        editor.synced(self.title, item.title)
        editor.synced(self.minutes, item.minutes)
        editor.synced(self.instruction, item.instruction)
        self.up.disabled = index == 0
        self.down.disabled = index >= count - 1
        self.remove.disabled = count <= 1 or index == open_index


class AgendaEditor(Editor):
    """Edit the agenda of ``ctx.code`` with ``key`` (see :mod:`facilitation.ui.setup`)."""

    def __init__(self, ctx: Context, key: str) -> None:
        super().__init__(ctx, key)
        t = self.t
        self.rows: list[AgendaRow] = []
        self.items: list[AgendaItem] = []
        self.rows_box = theme.box(classes=["fk-agenda-rows"])
        self.total = theme.html(classes=["fk-agenda-total"])
        self.step_pick = theme.dropdown(t("Add a step"), [(t(s.label), s.name) for s in steps.REGISTRY],
                                        value="brainstorm", classes=["fk-agenda-step"])
        self.add_button = theme.button(t("Add step"), kind="primary", classes=["fk-agenda-add"])
        self.add_button.on_click(lambda _b: self.add(self.step_pick.value))
        adder = theme.box([self.step_pick, self.add_button], classes=["fk-agenda-adder"], horizontal=True)
        self.root = section(t("Agenda"), t("Steps in order, with the minutes planned and what participants are "
                                           "asked to do. Changes reach open pages at once."),
                            [self.total, self.rows_box, adder, self.notice], classes=["fk-agenda-editor"])
        self.refresh()

    # --- actions (the store checks each) -------------------------------------------------

    def update(self, position: int, **changes: object) -> bool:
        def action() -> str:
            store.update_agenda_item(self.ctx.db, self.ctx.code, self.key, position, **changes)
            return self.t("Agenda saved.")

        return self.act(action)

    def move(self, position: int, delta: int) -> bool:
        def action() -> str:
            store.move_agenda_item(self.ctx.db, self.ctx.code, self.key, position, delta)
            return self.t("Agenda saved.")

        return self.act(action)

    def remove(self, position: int) -> bool:
        title = next((i.title or step_name(self.t, i.step) for i in self.items if i.position == position), "")

        def action() -> str:
            store.remove_agenda_item(self.ctx.db, self.ctx.code, self.key, position)
            return self.t("Removed “{title}” from the agenda.").format(title=title)

        return self.act(action)

    def add(self, step: object) -> bool:
        def action() -> str:
            store.add_agenda_item(self.ctx.db, self.ctx.code, self.key, step=step)
            return self.t("Added a step at the end of the agenda.")

        return self.act(action)

    # --- rendering -----------------------------------------------------------------------

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-render from the store (``topics``: what changed; None = everything)."""
        if topics is not None and not set(topics) & TOPICS:
            return
        workshop = self.workshop
        self.items = store.agenda(self.ctx.db, workshop.id)
        if len(self.rows) != len(self.items):
            # Rows are reused where possible: a field keeps its focus while another row changes.
            keep = self.rows[:len(self.items)]
            self.rows = keep + [AgendaRow(self) for _ in range(len(self.items) - len(keep))]
            theme.replace_children(self.rows_box, [row.root for row in self.rows])
        open_index = workshop.phase_index
        for index, (row, item) in enumerate(zip(self.rows, self.items)):
            row.show(self, item, index, len(self.items), open_index)
        minutes = self.t("{n} min").format(n=sum(i.minutes for i in self.items))
        count = self.t.ngettext("{n} step", "{n} steps", len(self.items)).format(n=len(self.items))
        planned = self.t("Planned: {time}").format(time=minutes)
        self.total.value = f'<div class="fk-chips">{theme.chip(count)}{theme.chip(planned, "primary")}</div>'
