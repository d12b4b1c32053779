"""The impact scoring step: participants score items on criteria; the group sees the results.

- participant: one ``fk-score-input`` per item × criterion with a "don't know" choice that
  is stored as no value (never a zero), ``fk-score-submit``; scores can change until the
  step closes. The group results appear once the facilitator reveals them.
- facilitator: choose what is scored (scenarios or top-voted ideas), edit the criteria
  until the first score is in, reveal the results, and the live group view.
- presenter: the live group view, large.

Every write goes through the store with the participant's token or the facilitator's key.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Criterion
from facilitation.store import ScoringItem, ScoringSetup
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.steps.scoring_group import GroupView, scale_value
from facilitation.ui.kit.html import card, el, style

DONT_KNOW = "dont-know"  # the Dropdown value of "don't know"; saved as None, never as 0
CellKey = tuple[str, int, int]


def _signature(setup: ScoringSetup) -> tuple:
    """What the form is built from: a change here rebuilds it."""
    return (tuple((i.kind, i.id, i.title, i.description) for i in setup.items),
            tuple((c.id, c.name, c.description, c.direction, c.scale_min, c.scale_max) for c in setup.criteria))


class ScoreForm:
    """The participant's scoring form (keeps unsaved choices when the items or criteria change)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        self.inputs: dict[CellKey, widgets.Dropdown] = {}
        self.saved: dict[CellKey, float | None] = {}
        self._signature: tuple | None = None
        self.items_box = widgets.VBox([])
        self.notice = Notice()
        self.status = widgets.HTML()
        self.status.add_class("fk-score-status")
        self.submit = theme.button(t("Save my scores"), kind="primary", classes=["fk-score-submit"])
        self.submit.on_click(lambda _b: self.save())
        bar = widgets.HBox([self.submit, self.status], layout=widgets.Layout(width="100%"))
        bar.add_class("fk-sc-submitbar")
        intro = widgets.HTML(
            el("p", "fk-sc-lead", t("What would each option do? Score it on every criterion. Choose “Don’t know” when you cannot judge: it is left out of the results, never counted as zero.")))
        self.root = widgets.VBox([intro, self.items_box, bar, self.notice], layout=widgets.Layout(width="100%"))
        self.root.add_class("fk-score-form")

    @property
    def participant_id(self) -> int | None:
        if self.ctx.participant_id is None:
            p = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token)
            self.ctx.participant_id = p.id if p else None
        return self.ctx.participant_id

    def update(self, setup: ScoringSetup) -> None:
        """Rebuild the controls when the items or criteria changed; unsaved choices survive."""
        signature = _signature(setup)
        if signature != self._signature:
            unsaved = {k: w.value for k, w in self.inputs.items() if self._dirty(k)}
            pid = self.participant_id
            self.saved = store.my_scores(self.ctx.db, self.ctx.workshop.id, pid) if pid is not None else {}
            self._build(setup, unsaved)
            self._signature = signature
        disabled = not setup.step_open
        for w in self.inputs.values():
            w.disabled = disabled
        self.submit.disabled = disabled or not self.inputs
        self._status(closed=disabled)

    def _build(self, setup: ScoringSetup, unsaved: dict[CellKey, Any]) -> None:
        t = self.t
        self.inputs = {}
        cards = []
        if not setup.items:
            note = t("There is nothing to score yet; the facilitator will add the options.")
            theme.replace_children(self.items_box, [widgets.HTML(f'<p class="fk-sc-muted">{esc(note)}</p>')])
            return
        for item in setup.items:
            rows: list[widgets.Widget] = [widgets.HTML(self._item_head(item))]
            for c in setup.criteria:
                key = (item.kind, item.id, c.id)
                control = self._control(c, key, unsaved)
                label = widgets.HTML(self._criterion_label(c), layout=widgets.Layout(flex="1 1 220px"))
                row = widgets.HBox([label, control], layout=widgets.Layout(width="100%"))
                row.add_class("fk-score-row")
                rows.append(row)
            cards.append(card(rows, "fk-score-item", f"fk-score-item-{item.kind}-{item.id}", width="100%"))
        theme.replace_children(self.items_box, cards)

    def _item_head(self, item: ScoringItem) -> str:
        text = item.description
        if len(text) > 400:
            text = text[:400].rstrip() + "…"
        desc = f'<div class="fk-sc-itemtext">{esc(text)}</div>' if text else ""
        return f'<div class="fk-sc-itemtitle">{esc(item.title)}</div>{desc}'

    def _criterion_label(self, c: Criterion) -> str:
        t = self.t
        direction = t("↑ higher is better") if c.direction == "higher" else t("↓ lower is better")
        desc = esc(c.description) if c.description else ""
        return (f'<div class="fk-sc-crit">{esc(c.name)}</div>'
                f'<div class="fk-sc-critdesc"><span class="fk-sc-dirbadge fk-sc-{c.direction}">{esc(direction)}</span>'
                f'{desc}</div>')

    def _control(self, c: Criterion, key: CellKey, unsaved: dict[CellKey, Any]) -> widgets.Dropdown:
        t = self.t
        options: list[tuple[str, Any]] = [(t("Choose…"), None)]
        for v in range(c.scale_min, c.scale_max + 1):
            label = scale_value(v, c.scale_min)
            if v == c.scale_min:
                label = t("{v} (lowest)").format(v=label)
            elif v == c.scale_max:
                label = t("{v} (highest)").format(v=label)
            options.append((label, v))
        options.append((t("Don’t know"), DONT_KNOW))
        if key in unsaved:
            value = unsaved[key]
        elif key in self.saved:
            saved = self.saved[key]
            value = DONT_KNOW if saved is None else int(saved)
        else:
            value = None
        allowed = {v for _, v in options}
        control = widgets.Dropdown(options=options, value=value if value in allowed else None,
                                   layout=widgets.Layout(width="170px"))
        control.add_class("fk-score-input")
        control.add_class(f"fk-score-{key[0]}-{key[1]}-{key[2]}")
        control.observe(lambda _change, k=key: self._changed(k), names="value")
        self.inputs[key] = control
        self._mark(key)
        return control

    def _stored_choice(self, key: CellKey) -> Any:
        if key not in self.saved:
            return None
        return DONT_KNOW if self.saved[key] is None else int(self.saved[key])

    def _dirty(self, key: CellKey) -> bool:
        value = self.inputs[key].value
        return value is not None and value != self._stored_choice(key)

    def _mark(self, key: CellKey) -> None:
        control = self.inputs[key]
        for css, on in (("fk-sc-unset", control.value is None), ("fk-sc-dontknow", control.value == DONT_KNOW)):
            if on and css not in control._dom_classes:
                control.add_class(css)
            elif not on and css in control._dom_classes:
                control.remove_class(css)

    def _changed(self, key: CellKey) -> None:
        self._mark(key)
        self._status()

    def _status(self, closed: bool = False) -> None:
        t = self.t
        total = len(self.inputs)
        answered = sum(1 for w in self.inputs.values() if w.value is not None)
        dirty = any(self._dirty(k) for k in self.inputs)
        if closed:
            text = t("Scoring is closed.")
        elif dirty:
            text = t("{a} of {n} answered · not saved yet").format(a=answered, n=total)
        elif self.saved:
            text = t("{a} of {n} answered · saved; you can change your scores until the step closes").format(
                a=answered, n=total)
        else:
            text = t("{a} of {n} answered").format(a=answered, n=total)
        self.status.value = f'<span class="fk-sc-muted">{esc(text)}</span>'

    def choices(self) -> dict[CellKey, float | None]:
        """The cells to save: chosen values, ``None`` for don't know; unanswered cells are left out."""
        out: dict[CellKey, float | None] = {}
        for key, w in self.inputs.items():
            if w.value is None:
                continue
            out[key] = None if w.value == DONT_KNOW else int(w.value)
        return out

    def save(self) -> bool:
        t = self.t
        cells = self.choices()

        def action() -> str:
            if not cells:
                return t("Choose a score (or “Don’t know”) first.")
            store.set_scores(self.ctx.db, self.ctx.code, self.ctx.token, cells)
            pid = self.participant_id
            self.saved = store.my_scores(self.ctx.db, self.ctx.workshop.id, pid) if pid is not None else {}
            open_cells = len(self.inputs) - len(cells)
            if open_cells:
                return t("Saved. {n} still open: choose a score or “Don’t know”.").format(n=open_cells)
            return t("Saved. You can change your scores until the step closes.")

        ok = guarded(self.notice, action)
        self._status()
        return ok


class CriteriaEditor:
    """The facilitator's criteria: a list, and one form to edit or add a criterion.

    Editable until the first score is in; after that a read-only table says why it is locked.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        self.criteria: dict[int, Criterion] = {}
        self.editing: int | None = None  # criterion id in the form; None = a new one
        self.on_change: Any = None  # called after a successful change (the panel re-reads the store)
        self.notice = Notice()
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


class ScoringSetupPanel:
    """Facilitator: what is scored, the criteria, and revealing the results."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        self.notice = Notice()
        self._syncing = False
        self.source = widgets.ToggleButtons(options=[(t("Scenarios"), "scenarios"), (t("Top-voted ideas"), "ideas")])
        theme.add_classes(self.source, ["fk-switch", "fk-scoring-items"])
        self.source.style.button_width = "auto"
        self.top = widgets.Dropdown(options=[(t("top {n}").format(n=n), n) for n in range(2, 13)], value=5,
                                    layout=widgets.Layout(width="110px"))
        self.top.add_class("fk-scoring-top")
        self.source.observe(lambda _c: self._choose(), names="value")
        self.top.observe(lambda _c: self._choose(), names="value")
        self.items = widgets.HTML()
        self.items.add_class("fk-scoring-item-list")
        self.reveal = theme.button(t("Show results to participants"), kind="primary", classes=["fk-results-reveal"])
        self.reveal.layout.flex = "0 0 auto"
        self.reveal.on_click(lambda _b: self.toggle_reveal())
        self.revealed = False
        self.editor = CriteriaEditor(ctx)
        self.editor.on_change = lambda: self.update(store.scoring_setup(ctx.db, ctx.workshop.id))
        what = widgets.VBox([
            widgets.HTML(el("div", "fk-sc-kicker", t("What is scored"))),
            widgets.HBox([self.source, self.top], layout=widgets.Layout(align_items="center")),
            self.items])
        crit = widgets.VBox([widgets.HTML(el("div", "fk-sc-kicker", t("Criteria"))), self.editor.root])
        reveal = widgets.HBox([
            self.reveal,
            widgets.HTML(el("span", "fk-sc-muted", t("Participants see the ranking once you show it; the live view below is yours.")))],
            layout=widgets.Layout(align_items="center"))
        self.root = card([what, crit, reveal, self.notice], "fk-scoring-setup", width="100%")

    def update(self, setup: ScoringSetup) -> None:
        t = self.t
        self._syncing = True
        try:
            self.source.value = setup.source
            self.top.value = setup.top if 2 <= setup.top <= 12 else 5
        finally:
            self._syncing = False
        self.source.disabled = self.top.disabled = setup.locked
        self.top.layout.display = None if setup.source == "ideas" else "none"
        if setup.items:
            names = ", ".join(esc(i.title) for i in setup.items)
            self.items.value = '<div class="fk-sc-muted">' + esc(t("Being scored:")) + f' {names}</div>'
        elif setup.source == "scenarios":
            self.items.value = el("div", "fk-sc-muted", t("There are no scenarios yet: add them in the scenarios step, or score the top-voted ideas."))
        else:
            self.items.value = el("div", "fk-sc-muted", t("No idea has votes yet."))
        self.revealed = setup.revealed
        self.reveal.description = t("Hide results from participants") if setup.revealed else t(
            "Show results to participants")
        self.editor.update(setup)

    def _choose(self) -> None:
        if self._syncing:
            return
        source, top = self.source.value, self.top.value

        def action() -> str:
            store.set_scoring_items(self.ctx.db, self.ctx.code, self.ctx.key, source, top)
            return ""

        if not guarded(self.notice, action):
            self.update(store.scoring_setup(self.ctx.db, self.ctx.workshop.id))
            return
        self.update(store.scoring_setup(self.ctx.db, self.ctx.workshop.id))

    def toggle_reveal(self) -> bool:
        target = not self.revealed

        def action() -> str:
            store.set_results_revealed(self.ctx.db, self.ctx.code, self.ctx.key, target)
            self.revealed = target
            return self.t("Participants now see the results.") if target else self.t(
                "The results are hidden from participants.")

        ok = guarded(self.notice, action)
        if ok:
            self.reveal.description = self.t("Hide results from participants") if target else self.t(
                "Show results to participants")
        return ok


class ScoringView:
    """The scoring step for one page: ``role`` is participant, facilitator or presenter."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        self.ctx = ctx
        self.role = role
        self.form: ScoreForm | None = None
        self.setup_panel: ScoringSetupPanel | None = None
        self.group: GroupView | None = None
        self._revealed: bool | None = None
        self.wid = ctx.workshop.id  # read once: refreshes then cost one query less
        setup = store.scoring_setup(ctx.db, self.wid)
        if role == "participant":
            self.form = ScoreForm(ctx)
            self.results_box = widgets.VBox([])
            self.root = widgets.VBox([style(), self.form.root, self.results_box], layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-view-scoring")
        elif role == "facilitator":
            self.setup_panel = ScoringSetupPanel(ctx)
            self.group = GroupView(ctx, role)
            self.root = widgets.VBox([style(), self.setup_panel.root, self.group.root],
                                     layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-scoring-console")
        elif role == "presenter":
            self.group = GroupView(ctx, role)
            self.root = widgets.VBox([self.group.root], layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-scoring-presenter")
        else:
            raise ValueError(f"unknown role {role!r}")
        self.root.add_class("fk-sc")
        self._apply(setup, {"scores"})

    def refresh(self, topics: set[str]) -> None:
        """Re-render what the changed store topics touch (unsaved choices are kept)."""
        if not topics & {"scores", "criteria", "scenarios", "ideas", "votes", "workshop", "phase", "participants"}:
            return
        self._apply(store.scoring_setup(self.ctx.db, self.wid), topics)

    def _apply(self, setup: ScoringSetup, topics: set[str]) -> None:
        if self.form is not None:
            if topics - {"scores", "participants"}:
                self.form.update(setup)
            elif self.form._signature is None:
                self.form.update(setup)
            self._participant_results(setup)
        if self.setup_panel is not None and (topics - {"scores", "participants"} or self._revealed is None
                                             or setup.locked != getattr(self, "_locked", None)):
            self.setup_panel.update(setup)
            self._locked = setup.locked
        if self.group is not None and self.role != "participant":
            self.group.refresh(topics)
        self._revealed = setup.revealed

    def _participant_results(self, setup: ScoringSetup) -> None:
        if setup.revealed:
            if self.group is None:
                self.group = GroupView(self.ctx, "participant", robustness="button")
                theme.replace_children(self.results_box, [self.group.root])
            else:
                self.group.refresh({"scores"})
        elif self.group is not None:
            group, self.group = self.group, None
            theme.replace_children(self.results_box, [])  # off the page first, then closed
            group.close()

    def close(self) -> None:
        theme.close_tree(self.root)
        if self.group is not None:
            self.group.close()
