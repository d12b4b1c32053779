"""The robustness panel: weight sliders that re-rank at once, then tipping points, leave-one-out
and rank stability.

The sliders are a "what if" for this page only: they never change the workshop's criteria
(those are the facilitator's, in the store). The slow parts run a moment later, stage by
stage (:class:`Later`), so a slider stays responsive.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Sequence

import ipywidgets as widgets

from facilitation import scoring
from facilitation.domain.records import Criterion
from facilitation.scoring import ItemResult
from facilitation.scoring import results as scoring_views
from facilitation.store import ScoringData
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import percent
from facilitation.ui.steps.scoring.robustness_html import (leave_one_out_html, stability_html, swap_html,
                                                           verdict_html, whatif_html)


class Later:
    """Run the slow part of a refresh a moment later, stage by stage, on the kernel's event loop.

    Between stages the kernel handles other messages (a slider move, a click), and a new call
    cancels the stages not yet run. Without a running loop (widget tests) all run at once.
    """

    def __init__(self, delay: float = 0.15) -> None:
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self, *stages: Callable[[], None]) -> None:
        self.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            for stage in stages:
                stage()
            return

        def run(i: int) -> None:
            self._handle = None
            if i < len(stages):
                stages[i]()
                self._handle = loop.call_later(0, run, i + 1)

        self._handle = loop.call_later(self.delay, run, 0)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


class RobustnessPanel:
    """Weight sliders that re-rank at once, plus tipping points, leave-one-out and rank stability."""

    def __init__(self, ctx: Context, language: str) -> None:
        self.ctx = ctx
        self.t = ctx.t
        self.language = language
        self.data: ScoringData | None = None
        self.official: list[ItemResult] = []
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self._shares: dict[str, widgets.HTML] = {}
        self._signature: tuple = ()
        self._later = Later()
        self.last: scoring_views.Robustness | None = None
        t = self.t
        self.verdict = widgets.HTML()
        self.verdict.add_class("fk-robustness-verdict")
        self.whatif = widgets.HTML()
        self.whatif.add_class("fk-whatif-ranking")
        self.stability = widgets.HTML()
        self.stability.add_class("fk-rank-stability")
        self.swap = widgets.HTML()
        self.swap.add_class("fk-swap-weight")
        self.loo = widgets.HTML()
        self.loo.add_class("fk-leave-one-out")
        self.reset = theme.button(t("Back to the workshop weights"), small=True, classes=["fk-weights-reset"])
        self.reset.on_click(lambda _b: self.reset_weights())
        self.slider_box = widgets.VBox([])
        intro = widgets.HTML(
            el("div", "fk-sc-kicker", t("Robustness"))
            + el("p", "fk-sc-lead", t("Would the ranking hold if the criteria mattered a little more or less? Move a weight to see the ranking change at once; the workshop weights stay as they are.")))
        weights_card = widgets.VBox([widgets.HTML(el("div", "fk-sc-kicker", t("Weights"))),
                                     self.slider_box, self.reset],
                                    layout=widgets.Layout(flex="1 1 340px", min_width="300px", margin="0 18px 0 0"))
        whatif_box = widgets.VBox([self.whatif], layout=widgets.Layout(flex="1 1 340px", min_width="280px"))
        self.reset.layout.align_self = "flex-start"
        top_row = widgets.HBox([weights_card, whatif_box], layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        lower = widgets.HBox(
            [widgets.VBox([self.stability], layout=widgets.Layout(flex="1 1 320px", margin="0 24px 0 0")),
             widgets.VBox([self.swap], layout=widgets.Layout(flex="1 1 320px"))],
            layout=widgets.Layout(flex_flow="row wrap", width="100%", margin="16px 0 0"))
        loo = widgets.VBox([self.loo], layout=widgets.Layout(width="100%", margin="16px 0 0"))
        self.body = widgets.VBox([top_row, lower, loo], layout=widgets.Layout(width="100%"))
        self.root = theme.panel([intro, self.verdict, self.body], classes=["fk-sc-card", "fk-robustness"])

    def update(self, data: ScoringData, official: list[ItemResult]) -> None:
        """New scores or criteria from the store; keeps the slider positions unless the criteria changed."""
        self.data = data
        self.official = official
        signature = tuple((c.name, c.weight) for c in data.criteria)
        if signature != self._signature:
            self._signature = signature
            self._build_sliders(data.criteria)
        self.recompute()

    def _build_sliders(self, criteria: Sequence[Criterion]) -> None:
        rows = []
        self.sliders, self._shares = {}, {}
        top = max([10.0] + [c.weight * 2 for c in criteria])
        for c in criteria:
            slider = widgets.FloatSlider(value=c.weight, min=0.0, max=top, step=0.5, readout=True,
                                         readout_format=".1f", continuous_update=True,
                                         layout=widgets.Layout(width="100%"))
            slider.add_class("fk-weight-slider")
            slider.observe(lambda _change: self.recompute(), names="value")
            share = widgets.HTML(layout=widgets.Layout(width="auto", flex="0 0 auto"))
            share.add_class("fk-sc-share")
            share.add_class("fk-weight-share")
            label = widgets.HTML(f'<span class="fk-sc-crit">{esc(c.name)}</span>',
                                 layout=widgets.Layout(flex="1 1 auto"))
            head = widgets.HBox([label, share], layout=widgets.Layout(width="100%"))
            row = widgets.VBox([head, slider], layout=widgets.Layout(width="100%"))
            row.add_class("fk-sc-weightrow")
            self.sliders[c.name] = slider
            self._shares[c.name] = share
            rows.append(row)
        theme.replace_children(self.slider_box, rows)

    @property
    def weights(self) -> dict[str, float]:
        return {name: float(s.value) for name, s in self.sliders.items()}

    def reset_weights(self) -> None:
        if self.data is None:
            return
        with self.slider_box.hold_trait_notifications():
            for c in self.data.criteria:
                if c.name in self.sliders:
                    self.sliders[c.name].value = c.weight
        self.recompute()

    def recompute(self) -> None:
        """The what-if ranking now; tipping points, leave-one-out and stability just after."""
        data = self.data
        scored = 0 if data is None else sum(1 for r in self.official if r.score is not None)
        self.body.layout.display = None if scored >= 2 else "none"
        if data is None or not data.items or not data.criteria:
            self.verdict.value = el("p", "fk-sc-muted", self.t("Robustness needs items and criteria."))
            return
        if scored < 2:
            self.verdict.value = el("p", "fk-sc-muted", self.t("Robustness needs scores on at least two items."))
            return
        t = self.t
        weights = self.weights
        total = sum(weights.values())
        for name, html in self._shares.items():
            html.value = (t("{share} of the total").format(share=percent(weights[name] / total, self.language))
                          if total > 0 else "–")
        if total <= 0:
            self.whatif.value = el("p", "fk-sc-muted", self.t("Give at least one criterion a weight."))
            return
        results = scoring.group_result(data.ballots, data.item_keys, list(data.criteria), weights)
        quick = scoring_views.Robustness(weights=weights, results=results,
                                         reversals=scoring.rank_reversals(self.official, results), swap=[],
                                         leave_one_out=[], stability={}, draws=0, spread=0.0)
        self.whatif.value = whatif_html(data, quick, self.t, self.language)
        self._slow(data, weights, results)

    def _slow(self, data: ScoringData, weights: dict[str, float], results: list[ItemResult]) -> None:
        """Stability, leave-one-out, tipping points, then the verdict: one stage at a time."""
        items, criteria = data.item_keys, list(data.criteria)
        t, lang = self.t, self.language
        parts: dict[str, Any] = {"results": results}

        def current() -> bool:
            return data is self.data and weights == self.weights  # else superseded by newer scores or sliders

        def stage(name: str, compute: Callable[[], Any]) -> Callable[[], None]:
            def run() -> None:
                if current():
                    parts[name] = compute()
            return run

        def finish() -> None:
            if not current() or len(parts) < 4:
                return
            rob = scoring_views.Robustness(
                weights=weights, results=parts["results"], reversals=scoring.rank_reversals(self.official,
                                                                                            parts["results"]),
                swap=parts["swap"], leave_one_out=parts["loo"], stability=parts["stability"],
                draws=scoring_views.STABILITY_DRAWS, spread=scoring_views.STABILITY_SPREAD)
            self.last = rob
            self.whatif.value = whatif_html(data, rob, t, lang)
            self.verdict.value = verdict_html(data, rob, t, lang)
            self.stability.value = stability_html(data, rob, t, lang)
            self.swap.value = swap_html(data, rob, t, lang)
            self.loo.value = leave_one_out_html(data, rob, t, lang)

        self._later(
            stage("stability", lambda: scoring.rank_stability(
                data.ballots, items, criteria, weights, spread=scoring_views.STABILITY_SPREAD,
                draws=scoring_views.STABILITY_DRAWS)),
            stage("loo", lambda: scoring_views.leave_one_out_rows(data.ballots, items, criteria, weights,
                                                                  results)
                  if len(criteria) > 1 else []),
            stage("swap", lambda: scoring.swap_weight(data.ballots, items, criteria, weights)),
            finish)

    def close(self) -> None:
        self._later.cancel()
        theme.close_tree(self.root)
