"""The participant's scoring form: one ``fk-score-input`` per item × criterion, ``fk-score-submit``.

"Don't know" is stored as no value (never a zero); scores can change until the step closes;
unsaved choices survive when the items or criteria change.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Criterion
from facilitation.store import ScoringItem, ScoringSetup
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import scale_value

DONT_KNOW = "dont-know"  # the Dropdown value of "don't know"; saved as None, never as 0
# "Choose…" is a real option: with a value of None a select shows an empty box.
UNSET = "unset"


def answered(value: Any) -> bool:
    """A cell the participant has answered (a score or don't know); a forged None counts as unset."""
    return value is not None and value != UNSET
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
        self.notice = Notice(self.t)
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
                control = self._control(c, key, unsaved, item.title)
                label = widgets.HTML(self._criterion_label(c), layout=widgets.Layout(flex="1 1 220px"))
                row = widgets.HBox([label, control], layout=widgets.Layout(width="100%"))
                row.add_class("fk-score-row")
                rows.append(row)
            cards.append(theme.panel(rows, classes=["fk-sc-card", "fk-score-item", f"fk-score-item-{item.kind}-{item.id}"],
                                      width="100%"))
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

    def _control(self, c: Criterion, key: CellKey, unsaved: dict[CellKey, Any], item: str) -> widgets.Dropdown:
        t = self.t
        options: list[tuple[str, Any]] = [(t("Choose…"), UNSET)]
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
            value = UNSET
        allowed = {v for _, v in options}
        # Named for screen readers ("criterion: option"); the row's text shows it to everyone else.
        control = widgets.Dropdown(options=options, value=value if value in allowed else UNSET,
                                   description=t("{criterion}: {option}").format(criterion=c.name, option=item),
                                   layout=widgets.Layout(width="170px"))
        control.add_class("fk-score-input")
        control.add_class("fk-label-sr")
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
        return answered(value) and value != self._stored_choice(key)

    def _mark(self, key: CellKey) -> None:
        control = self.inputs[key]
        for css, on in (("fk-sc-unset", not answered(control.value)), ("fk-sc-dontknow", control.value == DONT_KNOW)):
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
        done = sum(1 for w in self.inputs.values() if answered(w.value))
        dirty = any(self._dirty(k) for k in self.inputs)
        if closed:
            text = t("Scoring is closed.")
        elif dirty:
            text = t("{a} of {n} answered · not saved yet").format(a=done, n=total)
        elif self.saved:
            text = t("{a} of {n} answered · saved; you can change your scores until the step closes").format(
                a=done, n=total)
        else:
            text = t("{a} of {n} answered").format(a=done, n=total)
        self.status.value = f'<span class="fk-sc-muted">{esc(text)}</span>'

    def choices(self) -> dict[CellKey, float | None]:
        """The cells to save: chosen values, ``None`` for don't know; unanswered cells are left out."""
        out: dict[CellKey, float | None] = {}
        for key, w in self.inputs.items():
            if not answered(w.value):
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
