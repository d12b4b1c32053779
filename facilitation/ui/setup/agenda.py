"""The agenda editor: one row per step (title, minutes, planned start, instruction, the kind's settings,
move, remove), and adding a step of any kind at any position with its settings and start time.

A kind's settings editor comes from :mod:`facilitation.ui.setup.step_settings` (built only when shown);
the store checks every value (:func:`facilitation.store.add_agenda_item`, ``set_step_settings``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import steps
from facilitation.domain.records import AgendaItem
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.kit.shell import step_name
from facilitation.ui.setup import step_settings
from facilitation.ui.setup.common import Editor, section

TOPICS = frozenset({"agenda", "phase", "workshop"})


class AgendaRow:
    """The widgets of one agenda row (``fk-agenda-item``); ``position`` follows the store."""

    def __init__(self, editor: AgendaEditor) -> None:
        t = editor.t
        self.editor = editor
        self.position = 0
        self.item_id: int | None = None
        self.item: AgendaItem | None = None
        self.label = theme.html(classes=["fk-agenda-label"])
        self.title = theme.text(t("Title"), classes=["fk-agenda-title"])
        self.minutes = widgets.IntText(description=t("Minutes"), value=0, _dom_classes=("fk-field", "fk-agenda-minutes"))
        self.start = theme.text(t("Starts at"), placeholder=t("HH:MM"), classes=["fk-agenda-start"])
        self.instruction = theme.textarea(t("Instruction for participants"),
                                          placeholder=t("Shown to participants during this step (optional)"),
                                          classes=["fk-agenda-instruction"])
        self.instruction.rows = 1  # grows as the person types (setup.css)
        for w in (self.title, self.minutes, self.start, self.instruction):
            w.continuous_update = False  # saved when the person leaves the field or presses Enter
        self.up = theme.button("↑", small=True, classes=["fk-agenda-up"], tooltip=t("Move up"))
        self.down = theme.button("↓", small=True, classes=["fk-agenda-down"], tooltip=t("Move down"))
        self.remove = theme.button(t("Remove"), kind="danger", small=True, classes=["fk-agenda-remove"])
        self.settings_open = theme.button(t("Settings"), small=True, classes=["fk-agenda-settings-open"])
        self.settings_box = theme.box(classes=["fk-agenda-settings"])
        self.settings_editor: step_settings.SettingsEditor | None = None
        theme.set_visible(self.settings_box, False)
        editor.on_edit(self.title, lambda v: editor.update(self.position, title=str(v)))
        editor.on_edit(self.minutes, lambda v: editor.update(self.position, minutes=v))
        editor.on_edit(self.start, lambda v: editor.update(self.position, starts_at=str(v).strip()))
        editor.on_edit(self.instruction, lambda v: editor.update(self.position, instruction=str(v)))
        self.up.on_click(lambda _b: editor.move(self.position, -1))
        self.down.on_click(lambda _b: editor.move(self.position, 1))
        self.remove.on_click(lambda _b: editor.remove(self.position))
        self.settings_open.on_click(lambda _b: self.toggle_settings())
        buttons = theme.box([self.settings_open, self.up, self.down, self.remove],
                            classes=["fk-actions", "fk-agenda-buttons"], horizontal=True)
        fields = theme.box([self.title, self.minutes, self.start], classes=["fk-agenda-fields"], horizontal=True)
        head = theme.box([self.label, buttons], classes=["fk-agenda-head"], horizontal=True)
        self.root = theme.box([head, fields, self.instruction, self.settings_box], classes=["fk-agenda-item"])

    def show(self, editor: AgendaEditor, item: AgendaItem, index: int, count: int, open_index: int) -> None:
        t = editor.t
        if item.id != self.item_id:  # the row now shows another step: an open settings form is not its own
            self.close_settings()
        self.position, self.item_id, self.item = item.position, item.id, item
        name = step_name(t, item.step)
        state = ""
        if index == open_index:
            state = theme.chip(t("Now"), "accent")
        elif index < open_index:
            state = theme.chip(t("Done"))
        when = theme.chip(item.starts_at) if item.starts_at else ""
        self.label.value = (f'<span class="fk-agenda-n">{index + 1}</span>'
                            f'{theme.chip(name, "primary")}{when}{state}')
        self.title.placeholder = name
        editor.synced(self.title, item.title)
        editor.synced(self.minutes, item.minutes)
        editor.synced(self.start, item.starts_at)
        editor.synced(self.instruction, item.instruction)
        theme.set_visible(self.settings_open, step_settings.has_editor(item.step))
        self.up.disabled = index == 0
        self.down.disabled = index >= count - 1
        self.remove.disabled = count <= 1 or index == open_index

    # --- the step kind's settings ------------------------------------------------------------

    def toggle_settings(self) -> None:
        if self.settings_editor is not None:
            self.close_settings()
            return
        if self.item is None:
            return
        built = step_settings.build(self.item.step, self.editor.t, self.item.settings,
                                    **self.editor.settings_context())
        if built is None:
            return
        self.settings_editor = built
        save = theme.button(self.editor.t("Save settings"), kind="primary", small=True,
                            classes=["fk-agenda-settings-save"])
        save.on_click(lambda _b: self.save_settings())
        theme.replace_children(self.settings_box, [built.root, theme.box([save], classes=["fk-actions"],
                                                                         horizontal=True)])
        theme.set_visible(self.settings_box, True)

    def save_settings(self) -> bool:
        if self.settings_editor is None:
            return False
        typed = self.settings_editor
        ok = self.editor.set_settings(self.position, typed.value)
        if ok:
            self.close_settings()
        return ok

    def close_settings(self) -> None:
        if self.settings_editor is None:
            return
        old = list(self.settings_box.children)
        theme.replace_children(self.settings_box, [])
        theme.close_tree(*old)
        self.settings_editor = None
        theme.set_visible(self.settings_box, False)


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
                                        value="brainstorm", classes=["fk-agenda-step", "fk-agenda-kind"])
        self.position_pick = theme.dropdown(t("Where"), [(t("At the start"), 0)], value=0,
                                            classes=["fk-agenda-position"])
        self._default_position = 0
        self.new_start = theme.text(t("Starts at"), placeholder=t("HH:MM"), classes=["fk-agenda-new-start"])
        self.new_settings_box = theme.box(classes=["fk-agenda-new-settings"])
        self.new_settings: step_settings.SettingsEditor | None = None
        self.add_button = theme.button(t("Add step"), kind="primary", classes=["fk-agenda-add"])
        self.add_button.on_click(lambda _b: self.add(self.step_pick.value, self.position_pick.value,
                                                     self.typed_settings, self.new_start.value))
        self.step_pick.observe(lambda _change: self.show_new_settings(), names="value")
        adder = theme.box([self.step_pick, self.position_pick, self.new_start], classes=["fk-agenda-adder"],
                          horizontal=True)
        adding = theme.box([adder, self.new_settings_box, theme.box([self.add_button], classes=["fk-actions"],
                                                                    horizontal=True)],
                           classes=["fk-agenda-adding"])
        self.root = section(t("Agenda"), t("Steps in order, with the minutes planned and what participants are "
                                           "asked to do. Changes reach open pages at once."),
                            [self.total, self.rows_box, adding, self.notice], classes=["fk-agenda-editor"])
        self.show_new_settings()
        self.refresh()

    # --- actions (the store checks each) -------------------------------------------------

    def update(self, position: int, **changes: object) -> bool:
        def action() -> str:
            store.update_agenda_item(self.ctx.db, self.ctx.code, self.key, position, **changes)
            return self.t("Agenda saved.")

        return self.act(action)

    def set_settings(self, position: int, typed: Any) -> bool:
        """Store the settings ``typed()`` returns for the step at ``position`` (checked by its kind)."""
        def action() -> str:
            store.set_step_settings(self.ctx.db, self.ctx.code, self.key, position, typed())
            return self.t("Settings saved.")

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

    def add(self, step: object, position: object = None, settings: Any = None, starts_at: object = "") -> bool:
        """Insert a ``step`` at ``position`` (None: at the end); ``settings`` is a dict or a callable giving one."""
        def action() -> str:
            typed = settings() if callable(settings) else settings
            items = store.add_agenda_item(self.ctx.db, self.ctx.code, self.key, step=step, position=position,
                                          settings=typed, starts_at=starts_at)
            at = len(items) if position is None else int(position) + 1  # checked by the store
            return self.t("Added “{title}” as step {n}.").format(title=step_name(self.t, str(step)), n=at)

        ok = self.act(action)
        if ok:  # what was typed stays after a refusal, to be corrected
            self.new_start.value = ""
            self.position_pick.value = self._default_position
            self.show_new_settings()
        return ok

    def typed_settings(self) -> dict[str, Any]:
        return self.new_settings.value() if self.new_settings is not None else {}

    def settings_context(self) -> dict[str, Any]:
        """What a kind's settings editor may ask beside its settings (the presentation's material picker)."""
        return {"materials": [(m.shown_title, m.id) for m in store.list_materials(self.ctx.db, self.ctx.code)]}

    # --- rendering -----------------------------------------------------------------------

    def show_new_settings(self) -> None:
        """Show the settings editor of the kind picked for a new step (none for a kind without settings)."""
        old = list(self.new_settings_box.children)
        self.new_settings = step_settings.build(str(self.step_pick.value), self.t, **self.settings_context())
        theme.replace_children(self.new_settings_box, [self.new_settings.root] if self.new_settings else [])
        theme.close_tree(*old)
        theme.set_visible(self.new_settings_box, self.new_settings is not None)

    def _positions(self) -> None:
        """Offer every place in the agenda; a new step goes before "Thank you" unless the person picks another."""
        t = self.t
        options = [(t("At the start"), 0)] + [
            (t("After {n}. {title}").format(n=i + 1, title=item.title or step_name(t, item.step)), i + 1)
            for i, item in enumerate(self.items)]
        ends_closed = bool(self.items) and self.items[-1].step == "closed"
        default = len(self.items) - 1 if ends_closed else len(self.items)
        picked = self.position_pick.value
        keep = picked != self._default_position and picked is not None and picked <= len(self.items)
        if tuple(options) != tuple(self.position_pick.options):
            self.position_pick.options = options
        self.position_pick.value = picked if keep else default
        self._default_position = default

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-render from the store (``topics``: what changed; None = everything)."""
        if topics is not None and not set(topics) & TOPICS:
            return
        workshop = self.workshop
        self.items = store.agenda(self.ctx.db, workshop.id)
        if len(self.rows) != len(self.items):
            # Rows are reused where possible: a field keeps its focus while another row changes.
            keep = self.rows[:len(self.items)]
            gone = self.rows[len(self.items):]
            self.rows = keep + [AgendaRow(self) for _ in range(len(self.items) - len(keep))]
            theme.replace_children(self.rows_box, [row.root for row in self.rows])
            theme.close_tree(*(row.root for row in gone))
        open_index = workshop.phase_index
        for index, (row, item) in enumerate(zip(self.rows, self.items, strict=True)):
            row.show(self, item, index, len(self.items), open_index)
        self._positions()
        minutes = self.t("{n} min").format(n=sum(i.minutes for i in self.items))
        count = self.t.ngettext("{n} step", "{n} steps", len(self.items)).format(n=len(self.items))
        planned = self.t("Planned: {time}").format(time=minutes)
        self.total.value = f'<div class="fk-chips">{theme.chip(count)}{theme.chip(planned, "primary")}</div>'
