"""The stakeholder step: who must be consulted and involved, on a shared power/interest grid.

Roles:

* ``participant``: adds stakeholders (``fk-stakeholder-name``, ``-category``, ``-power``,
  ``-interest``, ``-level``, ``-add``); sees everyone's on the grid and as cards
  (``fk-stakeholder-card``); moves their own by dragging the dot or with *Edit*.
* ``facilitator``: moves or edits any stakeholder, hides one, merges duplicates.
* ``presenter``: the grid large with the quadrants' advice.

The grid (bqplot, imported only when this view is built) shows the four Mendelow quadrants
with their advice; a red ring marks a stakeholder whose IAP2 level does not fit its
quadrant, and the list beside the grid says why (:mod:`facilitation.domain.mendelow`). A drag
ends in :meth:`StakeholdersView.move`, which the store allows for the author or the
facilitator only; a refused or finished move redraws the grid from the store, for everyone.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation import store

from facilitation.domain import mendelow
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.i18n import Translate
from facilitation.domain.records import CATEGORIES, LEVELS, MAX_TITLE, Scenario, Stakeholder
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.cards import CardWall
from facilitation.ui.kit.panels import help_html, set_visible, title_html
from facilitation.ui.kit.panels import stylesheet as mapping_stylesheet
from facilitation.domain.steps import ROLES
from facilitation.domain.palette import CATEGORY_COLOURS

TOPICS = {"stakeholders", "scenarios"}
QUADRANT_FILLS = {mendelow.MANAGE_CLOSELY: "#fdf1ec", mendelow.KEEP_SATISFIED: "#eef4ff",
                  mendelow.KEEP_INFORMED: "#eaf7f3", mendelow.MONITOR: "#f6f7f9"}
MISMATCH_COLOUR = "#b42318"
ALL_SCENARIOS = 0
EDGE = 0.5 + mendelow.HIGH_FROM - 1  # the line between low and high on the 1–5 axes (3.5)


def category_label(t: Translate, category: str) -> str:
    return {"public": t("Public authority"), "business": t("Business"), "knowledge": t("Knowledge institution"),
            "civil": t("Civil society & citizens")}.get(category, category)


def level_label(t: Translate, level: str) -> str:
    return {"inform": t("Inform"), "consult": t("Consult"), "involve": t("Involve"), "collaborate": t("Collaborate"),
            "empower": t("Empower")}.get(level, level)


def quadrant_label(t: Translate, quadrant: str) -> str:
    return {mendelow.MANAGE_CLOSELY: t("Manage closely"), mendelow.KEEP_SATISFIED: t("Keep satisfied"),
            mendelow.KEEP_INFORMED: t("Keep informed"), mendelow.MONITOR: t("Monitor")}.get(quadrant, quadrant)


def quadrant_advice(t: Translate, quadrant: str) -> str:
    return {
        mendelow.MANAGE_CLOSELY: t("Key players: involve them early and shape the decisions with them."),
        mendelow.KEEP_SATISFIED: t("Meet their needs and consult them on what affects them; do not overload them."),
        mendelow.KEEP_INFORMED: t("Keep them informed and listen to them; they can become strong allies."),
        mendelow.MONITOR: t("Watch for changes; light-touch information is enough."),
    }.get(quadrant, "")


def levels_text(t: Translate, levels: tuple[str, ...]) -> str:
    return ", ".join(level_label(t, lv).lower() for lv in levels)


def mismatch_text(t: Translate, m: mendelow.Mismatch) -> str:
    """One sentence: why the IAP2 level does not fit the quadrant, and what would."""
    values = dict(level=level_label(t, m.level), quadrant=quadrant_label(t, m.quadrant).lower(),
                  levels=levels_text(t, m.suggested))
    if m.direction == mendelow.UNDER:
        return t("“{level}” is less engagement than “{quadrant}” calls for: consider {levels}.").format(**values)
    return t("“{level}” is more engagement than “{quadrant}” needs: {levels} would do.").format(**values)


def stakeholder_card_html(t: Translate, st: Stakeholder, *, mine: bool = False, scenario: str = "") -> str:
    quadrant = mendelow.quadrant(st.power, st.interest)
    pair = t("Power {p} · Interest {i}").format(p=st.power, i=st.interest)
    chips = [theme.chip(category_label(t, st.category)),
             f'<span class="fk-chip fk-score-pair">{esc(pair)}</span>',
             theme.chip(level_label(t, st.level), "primary"),
             theme.chip(quadrant_label(t, quadrant), "accent")]
    if scenario:
        chips.append(theme.chip(scenario))
    if mine:
        chips.append(theme.chip(t("Yours"), "dot"))
    if st.hidden:
        chips.append(theme.chip(t("Hidden from participants"), "danger"))
    m = mendelow.mismatch(st.power, st.interest, st.level)
    warn = f'<div class="fk-stakeholder-mismatch" role="note">{esc(mismatch_text(t, m))}</div>' if m else ""
    return (f'<div class="fk-card-title fk-stakeholder-card-title">{esc(st.name)}</div>'
            f'<div class="fk-chips">{"".join(chips)}</div>{warn}')


def advice_html(t: Translate, stakeholders: list[Stakeholder]) -> str:
    """The four quadrants in grid order with their advice, fitting IAP2 levels and how many are in each."""
    counts = {q: 0 for q in mendelow.QUADRANTS}
    for st in stakeholders:
        counts[mendelow.quadrant(st.power, st.interest)] += 1
    boxes = []
    for q in mendelow.QUADRANTS:
        fit = t("Fitting levels: {levels}").format(levels=levels_text(t, mendelow.fitting_levels(q)))
        boxes.append(f'<div class="fk-advice fk-advice-{q}"><div class="fk-advice-name"><span>{esc(quadrant_label(t, q))}'
                     f'</span><span class="fk-chip">{counts[q]}</span></div><p class="fk-advice-text">'
                     f'{esc(quadrant_advice(t, q))}</p><div class="fk-advice-levels">{esc(fit)}</div></div>')
    return f'<div class="fk-quadrant-advice">{"".join(boxes)}</div>'


def mismatches_html(t: Translate, stakeholders: list[Stakeholder]) -> str:
    rows = []
    for st in stakeholders:
        m = mendelow.mismatch(st.power, st.interest, st.level)
        if m:
            rows.append(f"<li><b>{esc(st.name)}</b>: {esc(mismatch_text(t, m))}</li>")
    title = title_html(t("Engagement to check"))
    if not stakeholders:
        return title + help_html(t("Stakeholders whose engagement level does not fit their quadrant are listed here."))
    if not rows:
        return title + help_html(t("Every engagement level fits its quadrant."))
    return title + f'<ul class="fk-mismatch-list">{"".join(rows)}</ul>'


def legend_html(t: Translate) -> str:
    items = [f'<span><span class="fk-dot-cat" style="background:{CATEGORY_COLOURS[c]}"></span>{esc(category_label(t, c))}</span>'
             for c in CATEGORIES]
    ring = t("Level does not fit the quadrant")
    items.append(f'<span><span class="fk-ring"></span>{esc(ring)}</span>')
    return f'<div class="fk-grid-legend">{"".join(items)}</div>'


def short(name: str, n: int = 20) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


class StakeholderGrid:
    """The power/interest grid as a bqplot figure; ``on_move(id, power, interest)`` after a drag.

    Dots the viewer may move sit in a scatter with ``enable_move`` (float arrays, so the
    browser does not truncate positions); the others are fixed. Dots sharing a cell fan out.
    """

    def __init__(self, t: Translate, *, height: str, on_move: Callable[[int, int, int], None],
                 big: bool = False) -> None:
        import bqplot as bq
        import numpy as np

        self.np, self.on_move = np, on_move
        lo, hi = 0.2, 5.8
        sx, sy = bq.LinearScale(min=lo, max=hi), bq.LinearScale(min=lo, max=hi)
        scales = {"x": sx, "y": sy}
        ticks = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
        axis_style = {"font-size": "15px" if big else "13px"}
        ax_x = bq.Axis(scale=sx, label=t("Interest →"), tick_values=ticks, grid_lines="none", tick_format="d",
                       label_offset="36px", tick_style=axis_style)
        ax_y = bq.Axis(scale=sy, label=t("Power →"), orientation="vertical", tick_values=ticks, grid_lines="none",
                       tick_format="d", label_offset="38px", tick_style=axis_style)
        quads = [(mendelow.KEEP_SATISFIED, lo, EDGE, EDGE, hi), (mendelow.MANAGE_CLOSELY, EDGE, hi, EDGE, hi),
                 (mendelow.MONITOR, lo, EDGE, lo, EDGE), (mendelow.KEEP_INFORMED, EDGE, hi, lo, EDGE)]
        self.background = bq.Lines(
            x=[[x0, x1, x1, x0, x0] for _, x0, x1, _y0, _y1 in quads],
            y=[[y0, y0, y1, y1, y0] for _, _x0, _x1, y0, y1 in quads],
            fill="inside", fill_colors=[QUADRANT_FILLS[q] for q, *_ in quads], fill_opacities=[1.0] * 4,
            colors=["#ffffff"] * 4, stroke_width=2, scales=scales)
        self.divider = bq.Lines(x=[[EDGE, EDGE], [lo, hi]], y=[[lo, hi], [EDGE, EDGE]], colors=["#cbd3df"],
                                stroke_width=1.5, line_style="dashed", scales=scales)
        # Names sit in the outer corners (top for high power, bottom for low), clear of the dots.
        self.quadrant_names = bq.Label(
            x=[(x0 + x1) / 2 for _, x0, x1, _y0, _y1 in quads],
            y=[hi - 0.2 if y1 == hi else lo + 0.14 for *_, y1 in quads],
            text=[quadrant_label(t, q).upper() for q, *_ in quads], colors=["#5a6577"], align="middle",
            default_size=16 if big else 12, font_weight="bold", scales=scales, apply_clip=False)
        dot = 260 if big else 170
        self.rings = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                fill=False, colors=[MISMATCH_COLOUR], stroke=MISMATCH_COLOUR, stroke_width=3,
                                default_size=dot * 3, display_names=False)
        self.fixed = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                colors=["#999999"], stroke="white", stroke_width=1.5, default_size=dot,
                                display_names=True, enable_move=False, names=[], apply_clip=False)
        self.movable = bq.Scatter(x=np.array([], dtype=float), y=np.array([], dtype=float), scales=scales,
                                  colors=["#999999"], stroke="white", stroke_width=1.5, default_size=dot,
                                  display_names=True, enable_move=True, names=[], apply_clip=False)
        self.movable.on_drag_end(self._dragged)
        self.figure = bq.Figure(marks=[self.background, self.divider, self.quadrant_names, self.rings, self.fixed,
                                       self.movable], axes=[ax_x, ax_y], animation_duration=0,
                                fig_margin={"top": 12, "bottom": 52, "left": 58, "right": 72}, display_toolbar=False,
                                layout=widgets.Layout(width="100%", height=height), padding_x=0, padding_y=0,
                                background_style={"fill": "white"})
        self.figure.add_class("fk-stakeholder-figure")
        self._movable_ids: list[int] = []
        self._fixed_ids: list[int] = []

    def show(self, stakeholders: list[Stakeholder], can_move: Callable[[Stakeholder], bool]) -> None:
        """Draw these stakeholders; those ``can_move`` accepts can be dragged."""
        np = self.np
        places = mendelow.spread([(st.interest, st.power) for st in stakeholders])
        moving = [(st, p) for st, p in zip(stakeholders, places) if can_move(st)]
        fixed = [(st, p) for st, p in zip(stakeholders, places) if not can_move(st)]
        self._movable_ids = [int(st.id) for st, _ in moving]
        self._fixed_ids = [int(st.id) for st, _ in fixed]
        self._set(self.movable, moving)
        self._set(self.fixed, fixed)
        ringed = [p for st, p in zip(stakeholders, places) if mendelow.mismatch(st.power, st.interest, st.level)]
        self._set_xy(self.rings, np.array([p[0] for p in ringed], dtype=float),
                     np.array([p[1] for p in ringed], dtype=float))

    def _set(self, mark: Any, items: list[tuple[Stakeholder, tuple[float, float]]]) -> None:
        np = self.np
        x = np.array([p[0] for _, p in items], dtype=float)
        y = np.array([p[1] for _, p in items], dtype=float)
        names = [short(st.name) for st, _ in items]
        colours = [CATEGORY_COLOURS.get(st.category, "#999999") for st, _ in items] or ["#999999"]
        with mark.hold_sync():
            if list(mark.names if mark.names is not None else []) != names:
                mark.names = names
            if list(mark.colors) != colours:
                mark.colors = colours
            self._set_xy(mark, x, y)

    def _set_xy(self, mark: Any, x: Any, y: Any) -> None:
        np = self.np
        same = (len(mark.x) == len(x) and len(mark.y) == len(y) and np.allclose(mark.x, x) and np.allclose(mark.y, y))
        if not same:
            with mark.hold_sync():
                mark.x, mark.y = x, y

    def _dragged(self, _mark: Any, content: dict) -> None:
        """A dot was dropped: snap it to the nearest cell and report it (the store decides)."""
        index = content.get("index") if isinstance(content, dict) else None
        point = content.get("point") if isinstance(content, dict) else None
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self._movable_ids):
            return
        if not isinstance(point, dict):
            return
        try:
            interest = mendelow.snap(point.get("x"), "interest")
            power = mendelow.snap(point.get("y"), "power")
        except InvalidValue:
            return
        self.on_move(self._movable_ids[index], power, interest)

    def close(self) -> None:
        theme.close_tree(self.figure)  # with its marks, axes and scales


class StakeholderCard(widgets.VBox):
    """One stakeholder (``fk-stakeholder-card``) with Edit (author/facilitator) and moderation buttons."""

    def __init__(self, t: Translate, st: Stakeholder, *, can_edit: bool, moderation: bool,
                 on_edit: Callable[[int], None], on_hide: Callable[[int, bool], None],
                 on_merge: Callable[[int], None]) -> None:
        super().__init__()
        self.t, self.stakeholder_id, self.hidden = t, int(st.id), st.hidden
        self.body = widgets.HTML()
        self.edit_button = theme.button(t("Edit"), small=True, classes=["fk-stakeholder-edit"])
        self.edit_button.on_click(lambda _b: on_edit(self.stakeholder_id))
        actions: list[widgets.Widget] = [self.edit_button]
        self.hide_button = self.merge_button = None
        if moderation:
            self.hide_button = theme.button(t("Hide"), kind="danger", small=True, classes=["fk-stakeholder-hide"])
            self.merge_button = theme.button(t("Merge…"), small=True, classes=["fk-stakeholder-merge"],
                                             tooltip=t("Merge this duplicate into another stakeholder"))
            self.hide_button.on_click(lambda _b: on_hide(self.stakeholder_id, not self.hidden))
            self.merge_button.on_click(lambda _b: on_merge(self.stakeholder_id))
            actions += [self.hide_button, self.merge_button]
        self.actions = theme.add_classes(widgets.HBox(actions), ["fk-actions"])
        self.children = [self.body, self.actions]
        theme.add_classes(self, ["fk-card", "fk-stakeholder-card", f"fk-stakeholder-id-{self.stakeholder_id}"])
        self._classes: list[str] = []
        self.can_edit = can_edit

    def update(self, st: Stakeholder, *, mine: bool, can_edit: bool, scenario: str = "") -> None:
        self.hidden = st.hidden
        self.body.value = stakeholder_card_html(self.t, st, mine=mine, scenario=scenario)
        wanted = [f"fk-cat-{st.category}"] + (["fk-card-mine"] if mine else []) + (
            ["fk-stakeholder-mismatched"] if mendelow.mismatch(st.power, st.interest, st.level) else [])
        for name in set(self._classes) - set(wanted):
            self.remove_class(name)
        for name in set(wanted) - set(self._classes):
            self.add_class(name)
        self._classes = wanted
        set_visible(self.edit_button, can_edit)
        if self.hide_button is not None:
            self.hide_button.description = self.t("Show again") if st.hidden else self.t("Hide")
        set_visible(self.actions, can_edit or self.hide_button is not None)


class StakeholdersView:
    """The stakeholder step for one role (see the module docstring)."""

    step = "stakeholders"

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.notice = Notice()
        self.stakeholders: list[Stakeholder] = []
        self.scenarios: list[Scenario] = []
        self.editing: int | None = None
        self._merge_from: int | None = None
        big = role == "presenter"
        self.grid = StakeholderGrid(self.t, height="640px" if big else "480px", on_move=self.move, big=big)
        self.wall: CardWall[int, Stakeholder] = CardWall(
            self._make_card, self._update_card, key=lambda s: int(s.id),
            empty_html=theme.empty_html(*self._empty_text(), icon="people"), classes=["fk-stakeholder-cards"])
        self.advice = theme.html(classes=["fk-quadrant-advice-box"])
        self.mismatches = theme.html(classes=["fk-stakeholder-mismatches"])
        self.summary = theme.html(classes=["fk-stakeholder-summary"])
        self.root = self._build()
        theme.add_classes(self.root, ["fk-view", f"fk-view-{self.step}", f"fk-role-view-{role}"])
        self.refresh(set(TOPICS))

    # --- building -----------------------------------------------------------------------

    def _empty_text(self) -> tuple[str, str]:
        t = self.t
        if self.role == "participant":
            return t("No stakeholders yet"), t("Add the first one with the form.")
        return t("No stakeholders yet"), t("Stakeholders appear here as participants add them.")

    def _grid_panel(self) -> widgets.VBox:
        t = self.t
        head = theme.html(title_html(t("Power and interest")))
        help_text = ""
        if self.role == "participant":
            help_text = t("Drag your own dots to move them; everyone sees the change.")
        elif self.role == "facilitator":
            help_text = t("Drag any dot to move it; everyone sees the change.")
        parts: list[widgets.Widget] = [theme.add_classes(widgets.HBox([head, self.summary]), ["fk-board-head"]),
                                       self.grid.figure, theme.html(legend_html(t))]
        if help_text:
            parts.append(theme.html(help_html(help_text)))
        return theme.panel(parts, classes=["fk-stakeholder-grid"])

    def _build(self) -> widgets.VBox:
        t = self.t
        advice = theme.panel([self.advice], classes=["fk-advice-panel"])
        checks = theme.panel([self.mismatches], classes=["fk-mismatch-panel"])
        if self.role == "presenter":
            side = theme.add_classes(widgets.VBox([advice, checks]), ["fk-col"])
            body = theme.add_classes(widgets.HBox([self._grid_panel(), side]),
                                     ["fk-stakeholder-layout", "fk-stakeholder-layout-wide"])
            return widgets.VBox([mapping_stylesheet(), body])
        below = theme.add_classes(widgets.HBox([advice, checks]), ["fk-advice-row"])
        list_title = t("Everyone's stakeholders")
        cards = theme.panel([theme.html(title_html(list_title)), self.wall.box], classes=["fk-stakeholder-list"])
        self.form = self._build_form()
        if self.role == "participant":
            body = theme.add_classes(widgets.HBox([self.form, self._grid_panel()]), ["fk-stakeholder-layout"])
            return widgets.VBox([mapping_stylesheet(), body, below, cards])
        self.merge_bar = self._build_merge_bar()
        set_visible(self.form, False)  # the facilitator edits; participants add
        return widgets.VBox([mapping_stylesheet(), self.notice, self.form, self.merge_bar, self._grid_panel(), below,
                             cards])

    def _build_form(self) -> widgets.VBox:
        t = self.t
        self.form_head = theme.html(classes=["fk-stakeholder-form-head"])
        self.name = theme.field(widgets.Text(description=t("Stakeholder"), placeholder=t(
            "e.g. Regional water utility")), classes=["fk-stakeholder-name"])
        self.category = theme.field(widgets.Dropdown(options=[(category_label(t, c), c) for c in CATEGORIES],
                                                     value="public", description=t("Category")),
                                    classes=["fk-stakeholder-category"])
        scale = [(str(n), n) for n in mendelow.SCALE]
        self.power = theme.field(widgets.Dropdown(options=scale, value=3, description=t("Power (1 low – 5 high)")),
                                 classes=["fk-stakeholder-power"])
        self.interest = theme.field(widgets.Dropdown(options=scale, value=3,
                                                     description=t("Interest (1 low – 5 high)")),
                                    classes=["fk-stakeholder-interest"])
        self.level = theme.field(widgets.Dropdown(options=[(level_label(t, lv), lv) for lv in LEVELS], value="inform",
                                                  description=t("Engagement (IAP2)")), classes=["fk-stakeholder-level"])
        self.scenario = theme.field(widgets.Dropdown(options=[(t("All scenarios"), ALL_SCENARIOS)],
                                                     value=ALL_SCENARIOS, description=t("Matters for")),
                                    classes=["fk-stakeholder-scenario"])
        self.preview = theme.html(classes=["fk-stakeholder-preview"])
        for w in (self.power, self.interest, self.level):
            w.observe(lambda _c: self._show_preview(), names="value")
        self.add_button = theme.button(t("Add stakeholder"), kind="primary", wide=True, classes=["fk-stakeholder-add"])
        self.add_button.on_click(lambda _b: self.add())
        self.save_button = theme.button(t("Save changes"), kind="primary", classes=["fk-stakeholder-save"])
        self.save_button.on_click(lambda _b: self.save_edit())
        self.cancel_button = theme.button(t("Cancel"), kind="ghost", classes=["fk-stakeholder-cancel"])
        self.cancel_button.on_click(lambda _b: self.stop_editing())
        self.edit_actions = theme.add_classes(widgets.HBox([self.save_button, self.cancel_button]), ["fk-actions"])
        children = [self.form_head, self.name, self.category, theme.row([self.power, self.interest]), self.level,
                    self.scenario, self.preview, self.add_button, self.edit_actions]
        if self.role == "participant":
            children.insert(7, self.notice)
        panel = theme.panel(children, classes=["fk-form", "fk-stakeholder-form"])
        self._show_form_mode()
        return panel

    def _build_merge_bar(self) -> widgets.VBox:
        t = self.t
        self.merge_label = theme.html(classes=["fk-merge-label"])
        self.merge_target = theme.field(widgets.Dropdown(options=[], description=t("Merge into")),
                                        classes=["fk-stakeholder-merge-target"])
        confirm = theme.button(t("Merge"), kind="primary", small=True, classes=["fk-stakeholder-merge-confirm"])
        cancel = theme.button(t("Cancel"), kind="ghost", small=True, classes=["fk-stakeholder-merge-cancel"])
        confirm.on_click(lambda _b: self._confirm_merge())
        cancel.on_click(lambda _b: self._close_merge())
        bar = theme.panel([self.merge_label, self.merge_target, theme.add_classes(widgets.HBox([confirm, cancel]),
                                                                                   ["fk-actions"])],
                          classes=["fk-merge-bar"])
        set_visible(bar, False)
        return bar

    # --- cards --------------------------------------------------------------------------

    def _mine(self, st: Stakeholder) -> bool:
        return self.role == "participant" and st.author_id is not None and st.author_id == self.ctx.participant_id

    def _can_edit(self, st: Stakeholder) -> bool:
        return self.role == "facilitator" or self._mine(st)

    def _scenario_name(self, st: Stakeholder) -> str:
        return next((s.name for s in self.scenarios if s.id == st.scenario_id), "") if st.scenario_id else ""

    def _make_card(self, st: Stakeholder) -> StakeholderCard:
        return StakeholderCard(self.t, st, can_edit=self._can_edit(st), moderation=self.role == "facilitator",
                               on_edit=self.start_editing, on_hide=self.hide, on_merge=self._open_merge)

    def _update_card(self, card: StakeholderCard, st: Stakeholder) -> None:
        card.update(st, mine=self._mine(st), can_edit=self._can_edit(st) and self.role != "presenter",
                    scenario=self._scenario_name(st))

    # --- reading ------------------------------------------------------------------------

    def _visible(self) -> list[Stakeholder]:
        everyone = store.list_stakeholders(self.ctx.db, self.workshop.id, include_merged=self.role == "facilitator")
        if self.role == "facilitator":
            return [s for s in everyone if s.merged_into is None]  # hidden ones stay, flagged
        return everyone

    def refresh(self, topics: set[str]) -> None:
        """Re-read the store; redraw the grid, the cards, the advice and the mismatch list."""
        topics = set(topics) & TOPICS
        if not topics:
            return
        if "scenarios" in topics:
            self.scenarios = store.list_scenarios(self.ctx.db, self.workshop.id)
            if self.role != "presenter":
                self._show_scenario_options()
        self.stakeholders = self._visible()
        shown = [s for s in self.stakeholders if not s.hidden]
        self.grid.show(shown, lambda st: self._can_edit(st) and self.role != "presenter")
        self.wall.render(self.stakeholders)
        self.advice.value = advice_html(self.t, shown)
        self.mismatches.value = mismatches_html(self.t, shown)
        n = len(shown)
        text = self.t("1 stakeholder") if n == 1 else self.t("{n} stakeholders").format(n=n)
        self.summary.value = title_html(text)
        if self.editing is not None and self.editing not in {int(s.id) for s in shown}:
            self.stop_editing()
        if self.role == "facilitator":
            self._refresh_merge_options()

    def _show_scenario_options(self) -> None:
        options = [(self.t("All scenarios"), ALL_SCENARIOS)] + [(s.name[:60], int(s.id)) for s in self.scenarios]
        if list(self.scenario.options) != options:
            current = self.scenario.value
            self.scenario.options = options
            self.scenario.value = current if current in [v for _, v in options] else ALL_SCENARIOS
        set_visible(self.scenario, bool(self.scenarios))

    def _show_preview(self) -> None:
        t = self.t
        quadrant = mendelow.quadrant(self.power.value, self.interest.value)
        m = mendelow.mismatch(self.power.value, self.interest.value, self.level.value)
        text = f'<b>{esc(quadrant_label(t, quadrant))}</b> · {esc(quadrant_advice(t, quadrant))}'
        warn = f'<div class="fk-stakeholder-mismatch">{esc(mismatch_text(t, m))}</div>' if m else ""
        self.preview.value = f'<p class="fk-help">{text}</p>{warn}'

    def _show_form_mode(self) -> None:
        t = self.t
        editing = self.editing is not None
        title = t("Edit stakeholder") if editing else t("Add a stakeholder")
        lead = (t("Change what you entered; the grid updates for everyone.") if editing else
                t("Who must be consulted or involved? Power: how much they can shape the outcome. "
                  "Interest: how much they care about it."))
        self.form_head.value = f'<div class="fk-panel-title">{esc(title)}</div><p class="fk-help">{esc(lead)}</p>'
        set_visible(self.add_button, not editing and self.role == "participant")
        set_visible(self.edit_actions, editing)
        if self.role == "facilitator" and hasattr(self, "form"):
            set_visible(self.form, editing)
        self._show_preview()

    # --- participant: add ---------------------------------------------------------------

    def _check_form(self) -> str:
        t = self.t
        name = self.name.value if isinstance(self.name.value, str) else ""
        if not name.strip():
            raise InvalidValue(t("Stakeholder"), t("please give the stakeholder a name."))
        if len(name.strip()) > MAX_TITLE:
            raise InvalidValue(t("Stakeholder"), t("please keep the name under {n} characters.").format(n=MAX_TITLE))
        return name

    def _scenario_id(self) -> int | None:
        value = self.scenario.value
        return None if value in (ALL_SCENARIOS, None) else value

    def add(self) -> bool:
        """Put the stakeholder in the form on the shared grid; the text stays on a problem."""
        t = self.t

        def action() -> str:
            name = self._check_form()
            if not self.ctx.token:
                raise NotAllowed(t("Please join the workshop first."))
            st = store.add_stakeholder(self.ctx.db, self.ctx.code, self.ctx.token, name=name,
                                       category=self.category.value, power=self.power.value,
                                       interest=self.interest.value, level=self.level.value,
                                       scenario_id=self._scenario_id())
            return t("“{name}” is on the grid.").format(name=st.name)

        ok = guarded(self.notice, action)
        if ok:
            self.name.value = ""
        self.refresh({"stakeholders"})
        return ok

    # --- author or facilitator: move and edit -------------------------------------------

    def _who(self) -> dict[str, str | None]:
        return {"key": self.ctx.key} if self.role == "facilitator" else {"token": self.ctx.token}

    def move(self, stakeholder_id: int, power: int, interest: int) -> bool:
        """A dot was dropped on the grid: the store decides whether this page may move it."""
        t = self.t

        def action() -> str:
            st = store.move_stakeholder(self.ctx.db, self.ctx.code, stakeholder_id, power=power, interest=interest,
                                        **self._who())
            q = quadrant_label(t, mendelow.quadrant(st.power, st.interest))
            return t("“{name}” moved to power {p}, interest {i} ({quadrant}).").format(
                name=st.name, p=st.power, i=st.interest, quadrant=q.lower())

        ok = guarded(self.notice, action)
        self.refresh({"stakeholders"})  # a refused move snaps back
        return ok

    def start_editing(self, stakeholder_id: int) -> None:
        st = next((s for s in self.stakeholders if int(s.id) == stakeholder_id), None)
        if st is None or not self._can_edit(st):
            self.notice.error(self.t("Only the person who added this stakeholder, or the facilitator, can change it."))
            return
        self.editing = stakeholder_id
        self.name.value, self.category.value = st.name, st.category
        self.power.value, self.interest.value, self.level.value = st.power, st.interest, st.level
        if st.scenario_id in [v for _, v in self.scenario.options]:
            self.scenario.value = st.scenario_id
        else:
            self.scenario.value = ALL_SCENARIOS
        self._show_form_mode()

    def stop_editing(self) -> None:
        self.editing = None
        if not hasattr(self, "name"):  # the presenter has no form
            return
        self.name.value = ""
        self.power.value, self.interest.value, self.level.value = 3, 3, "inform"
        self._show_form_mode()

    def save_edit(self) -> bool:
        t = self.t

        def action() -> str:
            if self.editing is None:
                raise InvalidValue(t("Stakeholder"), t("press Edit on a stakeholder first."))
            name = self._check_form()
            st = store.update_stakeholder(self.ctx.db, self.ctx.code, self.editing, name=name,
                                          category=self.category.value, power=self.power.value,
                                          interest=self.interest.value, level=self.level.value,
                                          scenario_id=self._scenario_id(), **self._who())
            return t("“{name}” is updated.").format(name=st.name)

        ok = guarded(self.notice, action)
        if ok:
            self.stop_editing()
        self.refresh({"stakeholders"})
        return ok

    # --- facilitator: hide and merge -----------------------------------------------------

    def hide(self, stakeholder_id: int, hidden: bool = True) -> bool:
        t = self.t

        def action() -> str:
            store.set_stakeholder_hidden(self.ctx.db, self.ctx.code, self.ctx.key, stakeholder_id, hidden)
            return t("The stakeholder is hidden from the grid.") if hidden else t("The stakeholder is back on the grid.")

        ok = guarded(self.notice, action)
        self.refresh({"stakeholders"})
        return ok

    def merge(self, duplicate_id: int, keep_id: int | None) -> bool:
        t = self.t

        def action() -> str:
            if keep_id is None:
                raise InvalidValue(t("merge"), t("choose the stakeholder to keep."))
            kept = store.merge_stakeholders(self.ctx.db, self.ctx.code, self.ctx.key, keep_id, duplicate_id)
            return t("Merged into “{name}”.").format(name=kept.name)

        ok = guarded(self.notice, action)
        if ok:
            self._close_merge()
        self.refresh({"stakeholders"})
        return ok

    def _open_merge(self, stakeholder_id: int) -> None:
        if self.role != "facilitator":
            self.merge(stakeholder_id, None)
            return
        self._merge_from = stakeholder_id
        name = next((s.name for s in self.stakeholders if s.id == stakeholder_id), "")
        self.merge_label.value = (title_html(self.t("Merge a duplicate")) +
                                  f'<p class="fk-lead">“{esc(name)}”</p>')
        self._refresh_merge_options()
        set_visible(self.merge_bar, True)

    def _close_merge(self) -> None:
        self._merge_from = None
        if self.role == "facilitator":
            set_visible(self.merge_bar, False)

    def _refresh_merge_options(self) -> None:
        options = [(f"#{s.id} {s.name[:60]}", int(s.id)) for s in self.stakeholders if s.id != self._merge_from]
        if list(self.merge_target.options) != options:
            current = self.merge_target.value
            self.merge_target.options = options
            self.merge_target.value = current if current in [v for _, v in options] else None

    def _confirm_merge(self) -> None:
        if self._merge_from is None:
            self.notice.error(self.t("Choose the duplicate first: press Merge… on its card."))
            return
        self.merge(self._merge_from, self.merge_target.value)

    def close(self) -> None:
        # The view before its parts (nothing open lists a closed widget); the presenter shows no notice.
        theme.close_tree(self.root, self.notice)
        self.wall.close()
        self.grid.close()
