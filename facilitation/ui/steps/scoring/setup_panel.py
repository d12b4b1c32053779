"""The facilitator's scoring setup: what is scored, the criteria, and revealing the results."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.store import ScoringSetup
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.markup import el
from facilitation.ui.steps.scoring.criteria_editor import CriteriaEditor


class ScoringSetupPanel:
    """Facilitator: what is scored, the criteria, and revealing the results."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        self.notice = Notice(self.t)
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
        self.editor = CriteriaEditor(ctx, on_change=lambda: self.update(store.scoring_setup(ctx.db, ctx.workshop.id)))
        what = widgets.VBox([
            widgets.HTML(el("div", "fk-sc-kicker", t("What is scored"))),
            widgets.HBox([self.source, self.top], layout=widgets.Layout(align_items="center")),
            self.items])
        crit = widgets.VBox([widgets.HTML(el("div", "fk-sc-kicker", t("Criteria"))), self.editor.root])
        reveal = widgets.HBox([
            self.reveal,
            widgets.HTML(el("span", "fk-sc-muted", t("Participants see the ranking once you show it; the live view below is yours.")))],
            layout=widgets.Layout(align_items="center"))
        self.root = theme.panel([what, crit, reveal, self.notice], classes=["fk-sc-card", "fk-scoring-setup"],
                                 width="100%")

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
