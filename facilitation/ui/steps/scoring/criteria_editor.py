"""The facilitator's criteria: a list, and one form to edit or add a criterion (until scoring begins)."""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Criterion
from facilitation.store import ScoringSetup
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import scale_value


class CriteriaEditor:
    """The facilitator's criteria: a list, and one form to edit or add a criterion.

    Editable until the first score is in; after that a read-only table says why it is locked.
    """

    def __init__(self, ctx: Context, *, on_change: Callable[[], None] | None = None) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        self.criteria: dict[int, Criterion] = {}
        self.editing: int | None = None  # criterion id in the form; None = a new one
        self.on_change = on_change  # called after a successful change (the panel re-reads the store)
        self.notice = Notice(self.t)
        self.list_box = widgets.VBox([], layout=widgets.Layout(width="100%"))
        self.list_box.add_class("fk-criteria-list")
        self.locked_note = widgets.HTML()
        self.fields = self._fields()
        self.save_button = theme.button(t("Save"), kind="primary", small=True, classes=["fk-criterion-save"])
        self.save_button.on_click(lambda _b: self.save())
        self.remove_button = theme.button(t("Remove"), kind="danger", small=True, classes=["fk-criterion-remove"])
        self.remove_button.on_click(lambda _b: self.remove())
        cancel = theme.button(t("Cancel"), kind="ghost", small=True, classes=["fk-criterion-cancel"])
        cancel.on_click(lambda _b: self.close_form())
        self.form_title = widgets.HTML()
        f = self.fields
        self.form = theme.panel([
            self.form_title,
            theme.row([f["name"], f["weight"], f["direction"]]),
            f["description"],
            theme.row([f["scale_min"], f["scale_max"]]),
            theme.add_classes(widgets.HBox([self.save_button, self.remove_button, cancel]), ["fk-actions"]),
        ], classes=["fk-criterion-form", "fk-form"])
        self.form.layout.display = "none"
        self.add_button = theme.button(t("Add criterion"), small=True, classes=["fk-criterion-add"])
        self.add_button.on_click(lambda _b: self.open_form(None))
        self.add_button.layout.align_self = "flex-start"
        self.editable = widgets.VBox([self.list_box, self.form, self.add_button], layout=widgets.Layout(width="100%"))
        self.root = widgets.VBox([self.locked_note, self.editable, self.notice], layout=widgets.Layout(width="100%"))
        self.root.add_class("fk-criteria-editor")

    def _fields(self) -> dict[str, Any]:
        t = self.t
        f: dict[str, Any] = {
            "name": widgets.Text(description=t("Criterion"), placeholder=t("e.g. Air quality")),
            "weight": widgets.BoundedFloatText(description=t("Weight"), value=1.0, min=0, max=100, step=0.5),
            "direction": widgets.Dropdown(description=t("Direction"), value="higher",
                                          options=[(t("Higher is better"), "higher"), (t("Lower is better"), "lower")]),
            "description": widgets.Text(description=t("Description"), placeholder=t("What participants should think of")),
            "scale_min": widgets.BoundedIntText(description=t("Scale from"), value=0, min=-10, max=10),
            "scale_max": widgets.BoundedIntText(description=t("Scale to"), value=5, min=-10, max=10),
        }
        for name, w in f.items():
            theme.field(w, classes=[f"fk-criterion-{name.replace('_', '-')}"])
        return f

    def values(self) -> dict[str, Any]:
        return {name: w.value for name, w in self.fields.items()}

    def _row(self, c: Criterion, locked: bool) -> widgets.Widget:
        t = self.t
        direction = t("↑ higher is better") if c.direction == "higher" else t("↓ lower is better")
        scale = f"{scale_value(c.scale_min, c.scale_min)} – {scale_value(c.scale_max, c.scale_min)}"
        info = (f'<div class="fk-sc-crit">{esc(c.name)}</div>'
                f'<div class="fk-sc-critdesc"><span class="fk-sc-dirbadge fk-sc-{c.direction}">{esc(direction)}</span>'
                + esc(t("weight {w} · scale {scale}").format(w=f"{c.weight:g}", scale=scale))
                + (f' · {esc(c.description)}' if c.description else "") + '</div>')
        children: list[widgets.Widget] = [widgets.HTML(info, layout=widgets.Layout(flex="1 1 auto"))]
        if not locked:
            edit = theme.button(t("Edit"), small=True, classes=["fk-criterion-edit"])
            edit.on_click(lambda _b, cid=c.id: self.open_form(cid))
            children.append(edit)
        row = widgets.HBox(children, layout=widgets.Layout(width="100%", align_items="center"))
        row.add_class("fk-criterion-row")
        return row

    def update(self, setup: ScoringSetup) -> None:
        """Follow the store; an open form keeps what was typed."""
        self.criteria = {c.id: c for c in setup.criteria}
        if setup.locked:
            self.locked_note.value = self._locked_html(setup)
            self.close_form()
        else:
            self.locked_note.value = ""
        self.editable.layout.display = "none" if setup.locked else None
        theme.replace_children(self.list_box, [self._row(c, setup.locked) for c in setup.criteria])
        if self.editing is not None and self.editing not in self.criteria:
            self.close_form()

    def open_form(self, criterion_id: int | None) -> None:
        """Edit criterion ``criterion_id`` in the form, or a new one (None)."""
        t = self.t
        c = self.criteria.get(criterion_id) if criterion_id is not None else None
        c = c or Criterion(name="new", weight=1.0)
        self.editing = criterion_id if criterion_id in self.criteria else None
        for name, value in dict(name=c.name if self.editing is not None else "", weight=c.weight,
                                direction=c.direction, description=c.description if self.editing is not None else "",
                                scale_min=c.scale_min, scale_max=c.scale_max).items():
            self.fields[name].value = value
        title = t("Edit the criterion") if self.editing is not None else t("New criterion")
        self.form_title.value = el("div", "fk-panel-title", title)
        self.remove_button.layout.display = None if self.editing is not None else "none"
        self.form.layout.display = None
        self.add_button.layout.display = "none"

    def close_form(self) -> None:
        self.editing = None
        self.form.layout.display = "none"
        self.add_button.layout.display = None

    def _locked_html(self, setup: ScoringSetup) -> str:
        t = self.t
        rows = []
        for c in setup.criteria:
            direction = t("↑ higher is better") if c.direction == "higher" else t("↓ lower is better")
            weight = f"{c.weight:g}"
            rows.append(f'<tr><td class="fk-sc-crit">{esc(c.name)}</td><td class="fk-sc-muted">{esc(c.description)}</td>'
                        f'<td class="fk-sc-num">{esc(weight)}</td><td><span class="fk-sc-dirbadge fk-sc-{c.direction}">'
                        f'{esc(direction)}</span></td><td class="fk-sc-num">{scale_value(c.scale_min, c.scale_min)} – '
                        f'{scale_value(c.scale_max, c.scale_min)}</td></tr>')
        head = ('<tr>' + el("th", "", t("Criterion")) + el("th", "", t("Description"))
                + el("th", "fk-sc-num", t("Weight")) + el("th", "", t("Direction")) + el("th", "fk-sc-num", t("Scale"))
                + '</tr>')
        note = t("Scoring has begun, so the criteria are locked: changing a scale or direction now would change "
                 "what the scores given mean. Try other weights in the robustness panel below.")
        return (f'<table class="fk-sc-table fk-criteria-table">{head}{"".join(rows)}</table>'
                f'<div class="fk-sc-lock" style="margin-top:8px">{esc(note)}</div>')

    def save(self) -> bool:
        """Save the form: update the criterion being edited, or add a new one."""
        values = self.values()
        editing = self.editing

        def action() -> str:
            if editing is None:
                c = store.add_criterion(self.ctx.db, self.ctx.code, self.ctx.key, **values)
                message = self.t("Added the criterion “{name}”.").format(name=c.name)
            else:
                c = store.update_criterion(self.ctx.db, self.ctx.code, self.ctx.key, editing, **values)
                message = self.t("Saved the criterion “{name}”.").format(name=c.name)
            self.close_form()
            return message

        return self._after(guarded(self.notice, action))

    def _after(self, ok: bool) -> bool:
        if ok and self.on_change is not None:
            self.on_change()
        return ok

    def remove(self) -> bool:
        """Remove the criterion being edited (only before scoring begins)."""
        if self.editing is None:
            return False
        cid, name = self.editing, self.criteria[self.editing].name

        def action() -> str:
            store.remove_criterion(self.ctx.db, self.ctx.code, self.ctx.key, cid)
            self.close_form()
            return self.t("Removed the criterion “{name}”.").format(name=name)

        return self._after(guarded(self.notice, action))
