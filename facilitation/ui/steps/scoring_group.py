"""The group view of impact scoring: ranking, agreement, a chart per item × criterion, robustness.

Live on the facilitator's console and the presenter's screen; shown to participants once the
facilitator reveals it. Everything is rendered from the store through
:func:`facilitation.store.scoring_data` and the pure maths in :mod:`facilitation.scoring`
and :mod:`facilitation.scoring.results`. Charts are HTML/CSS, so no plotting library loads.

The robustness panel's weight sliders are a "what if" for this page only: they never change
the workshop's criteria (those are the facilitator's, in the store).
"""

from __future__ import annotations

import asyncio
import math
from typing import Any, Callable, Hashable, Sequence

import ipywidgets as widgets

from facilitation import scoring, store

from facilitation.scoring import results as scoring_views
from facilitation.domain.records import Criterion
from facilitation.scoring import Agreement, ItemResult
from facilitation.store import ScoringData
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.html import card, el, style

ItemKey = Hashable


def number(value: float | None, digits: int, language: str) -> str:
    """A number for people: fixed digits, the language's decimal mark (``0,82`` in Polish)."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "pl" else text


def percent(share: float, language: str) -> str:
    return f"{round(share * 100):d}\u00a0%"


def scale_value(value: float, lo: int) -> str:
    """A scale value as participants saw it (signed when the scale has negative values)."""
    v = int(value)
    return f"{v:+d}".replace("-", "\u2212") if lo < 0 and v != 0 else str(v)


class _Later:
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


# --- HTML pieces -------------------------------------------------------------------------


def ranking_html(data: ScoringData, results: Sequence[ItemResult], t: Callable[[str], str], language: str) -> str:
    """The group ranking table (best first)."""
    if not data.items:
        return el("p", "fk-sc-muted", t("Nothing to rank yet: there are no items to score."))
    labels = {"close": t("high"), "mixed": t("partial"), "split": t("low"), "none": t("no scores")}
    rows = []
    for r in results:
        width = 0 if r.score is None else round(r.score * 100, 1)
        value = "–" if r.score is None else str(round(r.score * 100))
        kind = scoring_views.closeness(r.spread if r.n >= 2 else None)
        spread = "" if r.spread is None or r.n < 2 else f" ±{round(r.spread * 100)}"
        top = " fk-sc-top" if r.rank == 1 and r.score is not None else ""
        rows.append(
            f'<tr class="fk-ranking-row{top}"><td class="fk-sc-rank">{r.rank if r.score is not None else "–"}</td>'
            f'<td class="fk-sc-item">{esc(data.title(r.item))}</td>'
            f'<td><div class="fk-sc-scorecell"><div class="fk-sc-scorebar"><div style="width:{width}%"></div></div>'
            f'<span class="fk-sc-scoreval">{value}</span></div></td>'
            f'<td class="fk-sc-wide"><span class="fk-sc-pill fk-sc-{kind}">{esc(labels[kind])}{spread}</span></td>'
            f'<td class="fk-sc-num">{r.n}</td></tr>'
        )
    head = ('<tr><th>#</th>' + el("th", "", t("Item")) + el("th", "", t("Group score (0–100)"))
            + el("th", "fk-sc-wide", t("Consensus")) + el("th", "fk-sc-num", t("Scored by")) + '</tr>')
    note = t("Group score: the mean of each participant's weighted score; 100 would be the best mark on every "
             "criterion. ± is how far the participants' scores spread.")
    return (el("div", "fk-sc-kicker", t("Group ranking"))
            + f'<table class="fk-sc-table">{head}{"".join(rows)}</table><div class="fk-sc-note">{esc(note)}</div>')


def agreement_html(data: ScoringData, agreement: Agreement, t: Callable[[str], str], language: str) -> str:
    """Kendall's W as a headline, a gauge, and the most contested item × criterion."""
    scored = sum(1 for v in agreement.per_item.values() if v is not None)
    if agreement.overall_w is None:
        css = "unknown"
        headline = t("Not enough scores yet")
        if scored < 2:
            detail = t("Agreement compares how people rank the items, so it needs scores on at least two items.")
        else:
            detail = t("Agreement needs at least two participants who scored every item and did not tie them all.")
        gauge = ""
    else:
        css = agreement.label
        headline = {"strong": t("Strong agreement"), "moderate": t("Moderate agreement"),
                    "weak": t("Weak agreement"), "none": t("Little agreement")}[agreement.label]
        detail = t("Kendall's W = {w} across the rankings of {n} participants (0 = no agreement, 1 = the same order)."
                   ).format(w=number(agreement.overall_w, 2, language), n=agreement.raters)
        pos = round(agreement.overall_w * 100, 1)
        gauge = (f'<div class="fk-sc-gauge" role="img" aria-label="W {number(agreement.overall_w, 2, language)}">'
                 f'<div class="fk-sc-needle" style="left:{pos}%"></div></div>'
                 '<div class="fk-sc-gauge-scale"><span style="left:0">0</span>'
                 '<span style="left:30%">' + esc(t("weak")) + f' {number(0.3, 1, language)}</span>'
                 '<span style="left:50%">' + esc(t("moderate")) + f' {number(0.5, 1, language)}</span>'
                 '<span style="left:70%">' + esc(t("strong")) + f' {number(0.7, 1, language)}</span>'
                 '<span style="left:100%">1</span></div>')
    contested = ""
    if agreement.most_contested is not None:
        item, name = agreement.most_contested
        crit = next((c for c in data.criteria if c.name == name), None)
        span = scoring_views.contested_range(data.ballots, agreement, list(data.criteria))
        if crit is not None and span is not None:
            lo, hi = span
            detail_range = t("scores from {lo} to {hi} on a {a} to {b} scale").format(
                lo=scale_value(lo, crit.scale_min), hi=scale_value(hi, crit.scale_min),
                a=scale_value(crit.scale_min, crit.scale_min), b=scale_value(crit.scale_max, crit.scale_min))
            contested = ('<div class="fk-sc-contested fk-agreement-contested">' + el("b", "", t("Most contested:")) + ' '
                         f'{esc(data.title(item))} — {esc(name)} <span class="fk-sc-muted">({esc(detail_range)})'
                         '</span><br>' + el("span", "fk-sc-muted", t("A good place to ask the group why.")) + '</div>')
    elif agreement.overall_w is not None:
        contested = el("div", "fk-sc-note", t("No item × criterion stands out: scores are equally close everywhere."))
    return (f'<div class="fk-sc-agree-{css}">' + el("div", "fk-sc-kicker", t("Agreement"))
            + f'<div class="fk-sc-big">{esc(headline)}</div>{gauge}'
            f'<div class="fk-sc-muted">{esc(detail)}</div>{contested}</div>')


def charts_html(data: ScoringData, results: Sequence[ItemResult], agreement: Agreement | None,
                t: Callable[[str], str], language: str) -> str:
    """A small distribution chart per item × criterion: how many gave each score, don't know apart."""
    if not data.items or not data.criteria:
        return ""
    hot = agreement.most_contested if agreement else None
    head = ['<th class="fk-sc-rowhead"></th>']
    for c in data.criteria:
        direction = t("↑ higher is better") if c.direction == "higher" else t("↓ lower is better")
        head.append(f'<th>{esc(c.name)}<span class="fk-sc-muted">' + esc(t("weight")) + ' '
                    f'{esc(number(c.weight, 0 if float(c.weight).is_integer() else 1, language))} · '
                    f'{esc(direction)}</span></th>')
    order = [r.item for r in results] or [i.key for i in data.items]
    rows = []
    for key in order:
        cells = [f'<th class="fk-sc-rowhead">{esc(data.title(key))}</th>']
        for c in data.criteria:
            dist = scoring_views.distribution(data.ballots, key, c)
            cells.append(_cell_html(dist, c, (key, c.name) == hot, t, language))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    note = t("Bars: how many participants gave each score. ? = don't know (left out, never counted as zero). "
             "Ø = mean score.")
    return (el("div", "fk-sc-kicker", t("Scores by criterion"))
            + f'<div class="fk-sc-scroll"><table class="fk-sc-grid fk-score-charts"><tr>{"".join(head)}</tr>'
            f'{"".join(rows)}</table></div>'
            f'<div class="fk-sc-note">{esc(note)}</div>')


def _cell_html(dist: scoring_views.CellDistribution, c: Criterion, hot: bool, t: Callable[[str], str],
               language: str) -> str:
    peak = max(dist.peak, 1)
    bars, axis = [], []
    values = list(dist.counts)
    label_all = len(values) <= 7
    for i, v in enumerate(values):
        n = dist.counts[v]
        zero = " fk-sc-zero" if n == 0 else ""
        count = f"<span>{n}</span>" if n else ""
        bars.append(f'<div class="fk-sc-bar{zero}" style="height:{max(4, round(n / peak * 100))}%">{count}</div>')
        show = label_all or i in (0, len(values) - 1)
        axis.append(f"<span>{scale_value(v, c.scale_min) if show else ''}</span>")
    title = t("{n} scores, {dk} don't know").format(n=dist.n, dk=dist.dont_know)
    mean = number(dist.mean, 1, language)
    dk = f'<span class="fk-sc-dk">? {dist.dont_know}</span>' if dist.dont_know else '<span></span>'
    css = ' class="fk-sc-hot fk-score-chart"' if hot else ' class="fk-score-chart"'
    return (f'<td{css} title="{esc(title)}"><div class="fk-sc-bars">{"".join(bars)}</div>'
            f'<div class="fk-sc-axis">{"".join(axis)}</div>'
            f'<div class="fk-sc-cellfoot"><b>Ø {esc(mean)}</b>{dk}</div></td>')


def _names(data: ScoringData, keys: Sequence[ItemKey], t: Callable[[str], str]) -> str:
    return t(" and ").join(data.title(k) for k in keys) if keys else "–"


def verdict_html(data: ScoringData, rob: scoring_views.Robustness, t: Callable[[str], str], language: str) -> str:
    """One sentence a council can act on: is the top place robust or does it hang on the weights?"""
    top = scoring_views.firsts(rob.results)
    if len([r for r in rob.results if r.score is not None]) < 2:
        return el("p", "fk-sc-muted", t("Robustness needs scores on at least two items."))
    if len(top) > 1:
        return ('<div class="fk-sc-verdict fk-sc-fragile">' + esc(t("There is no single winner:")) + ' '
                f'{esc(_names(data, top, t))} ' + esc(t("are tied for first place.")) + '</div>')
    share = rob.stability.get(top[0], 0.0)
    changes = [row.criterion for row in rob.leave_one_out if row.top_changed]
    robust = share >= 0.9 and not changes
    css = "fk-sc-robust" if robust else "fk-sc-fragile"
    head = t("The top place is robust.") if robust else t("The top place depends on the weights.")
    parts = [t("{item} ranks first in {share} of {n} draws with every weight varied by ±{pct}.").format(
        item=data.title(top[0]), share=percent(share, language), n=rob.draws, pct=percent(rob.spread, language))]
    if changes:
        parts.append(t("Leaving out {criteria} changes who ranks first.").format(criteria=t(", ").join(changes)))
    elif rob.leave_one_out:
        parts.append(t("Leaving out any one criterion does not change who ranks first."))
    return f'<div class="fk-sc-verdict {css}">{esc(head)}</div><div class="fk-sc-muted">{esc(" ".join(parts))}</div>'


def whatif_html(data: ScoringData, rob: scoring_views.Robustness, t: Callable[[str], str], language: str) -> str:
    rows = []
    for r in rob.results:
        width = 0 if r.score is None else round(r.score * 100, 1)
        value = "–" if r.score is None else str(round(r.score * 100))
        top = " fk-sc-top" if r.rank == 1 and r.score is not None else ""
        rows.append(f'<tr class="fk-whatif-row{top}"><td class="fk-sc-rank">{r.rank if r.score is not None else "–"}'
                    f'</td><td class="fk-sc-item">{esc(data.title(r.item))}</td><td><div class="fk-sc-scorecell">'
                    f'<div class="fk-sc-scorebar"><div style="width:{width}%"></div></div>'
                    f'<span class="fk-sc-scoreval">{value}</span></div></td></tr>')
    if rob.reversals:
        swapped = t("{n} pair(s) of items swap places compared with the workshop weights").format(n=rob.reversals)
        change = f'<span class="fk-sc-pill fk-sc-changed">{esc(swapped)}</span>'
    else:
        change = el("span", "fk-sc-pill fk-sc-same", t("Same order as with the workshop weights"))
    return (el("div", "fk-sc-kicker", t("Ranking with these weights"))
            + f'<table class="fk-sc-table fk-sc-compact">{"".join(rows)}</table>'
            f'<div style="margin-top:8px">{change}</div>')


def stability_html(data: ScoringData, rob: scoring_views.Robustness, t: Callable[[str], str], language: str) -> str:
    rows = []
    order = sorted(data.items, key=lambda i: -rob.stability.get(i.key, 0.0))
    for item in order:
        share = rob.stability.get(item.key, 0.0)
        rows.append(f'<div>{esc(item.title)}</div><div class="fk-sc-scorebar"><div style="width:{round(share * 100, 1)}%">'
                    f'</div></div><div class="fk-sc-num fk-sc-share">{percent(share, language)}</div>')
    note = t("Share of {n} random draws (every weight varied by up to ±{pct}, seeded) in which each item ranks first."
             ).format(n=rob.draws, pct=percent(rob.spread, language))
    return (el("div", "fk-sc-kicker", t("Rank stability")) + f'<div class="fk-sc-stab">{"".join(rows)}</div>'
            f'<div class="fk-sc-note">{esc(note)}</div>')


def swap_html(data: ScoringData, rob: scoring_views.Robustness, t: Callable[[str], str], language: str) -> str:
    if not rob.swap:
        return ""
    first, second = data.title(rob.swap[0].first), data.title(rob.swap[0].second)
    found = [p for p in rob.swap if p.crossing_weight is not None]
    missing = [p for p in rob.swap if p.crossing_weight is None]
    found.sort(key=lambda p: abs(math.log(p.factor)) if p.factor else math.inf)
    items = []
    for p in found:
        if p.factor is not None and abs(p.factor - 1) < 1e-9:
            text = t("{second} and {first} are level now.").format(second=second, first=first)
        else:
            text = t("{second} draws level with {first} if the weight of {criterion} goes from {old} to {new}.").format(
                second=second, first=first, criterion=p.criterion, old=number(p.weight, 1, language),
                new=number(p.crossing_weight, 1, language))
        items.append(f"<li>{esc(text)}</li>")
    if missing:
        text = t("No change to the weight of {criteria} alone lets {second} catch up.").format(
            criteria=t(", ").join(p.criterion for p in missing), second=second)
        items.append(f'<li class="fk-sc-muted">{esc(text)}</li>')
    return (el("div", "fk-sc-kicker", t("Tipping points"))
            + f'<ul class="fk-sc-list">{"".join(items)}</ul>'
            + el("div", "fk-sc-note", t("One weight changes, the others stay as set above.")))


def leave_one_out_html(data: ScoringData, rob: scoring_views.Robustness, t: Callable[[str], str], language: str) -> str:
    if not rob.leave_one_out:
        return ""
    rows = []
    for row in rob.leave_one_out:
        pill = (el("span", "fk-sc-pill fk-sc-changed", t("changes")) if row.top_changed
                else el("span", "fk-sc-pill fk-sc-same", t("same")))
        rows.append(f'<tr><td>{esc(row.criterion)}</td><td>{esc(_names(data, row.first, t))}</td><td>{pill}</td>'
                    f'<td class="fk-sc-num">{row.reversals}</td></tr>')
    head = ('<tr>' + el("th", "", t("Without")) + el("th", "", t("Ranks first")) + el("th", "", t("Top place"))
            + el("th", "fk-sc-num", t("Pairs swapped")) + '</tr>')
    return (el("div", "fk-sc-kicker", t("Leave one criterion out"))
            + f'<table class="fk-sc-table">{head}{"".join(rows)}</table>')


# --- widgets -----------------------------------------------------------------------------


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
        self._later = _Later()
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
        self.root = card([intro, self.verdict, self.body], "fk-robustness")

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


class GroupView:
    """Ranking (``fk-ranking``), agreement (``fk-agreement``), charts and (optionally) robustness."""

    def __init__(self, ctx: Context, role: str = "facilitator", *, robustness: str = "open") -> None:
        """``robustness``: ``open`` (shown), ``button`` (behind an "explore" button) or ``none``."""
        self.ctx = ctx
        self.t = t = ctx.t
        self.role = role
        workshop = ctx.workshop
        self.wid, self.language = workshop.id, workshop.language
        self.data: ScoringData | None = None
        self.results: list[ItemResult] = []
        self.agreement_result: Agreement | None = None
        self.header = widgets.HTML()
        self.header.add_class("fk-group-header")
        self.ranking = widgets.HTML()
        self.ranking.add_class("fk-ranking")
        self.agreement = widgets.HTML()
        self.agreement.add_class("fk-agreement")
        self.charts = widgets.HTML()
        self.charts.add_class("fk-score-chart-grid")
        ranking_card = card([self.ranking], flex="3 1 420px")
        agreement_card = card([self.agreement], flex="2 1 300px")
        top = widgets.HBox([ranking_card, agreement_card],
                           layout=widgets.Layout(flex_flow="row wrap", width="100%", align_items="stretch"))
        top.add_class("fk-sc-row")
        self.charts_card = card([self.charts], width="100%")
        self.robustness: RobustnessPanel | None = None
        self.explore: widgets.Button | None = None
        parts: list[widgets.Widget] = [style(), self.header, top, self.charts_card]
        if robustness == "open":
            self.robustness = RobustnessPanel(ctx, self.language)
            parts.append(self.robustness.root)
        elif robustness == "button":
            self.explore = theme.button(t("Explore the weights"), classes=["fk-robustness-open"])
            self.explore.on_click(lambda _b: self.open_robustness())
            parts.append(self.explore)
        self.root = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
        self.root.add_class("fk-sc")
        self.root.add_class("fk-group-view")
        if role == "presenter":
            self.root.add_class("fk-sc-presenter")
        self.refresh({"scores"})

    def open_robustness(self) -> None:
        if self.robustness is not None:
            return
        self.robustness = RobustnessPanel(self.ctx, self.language)
        theme.replace_children(self.root, [c for c in self.root.children if c is not self.explore]
                               + [self.robustness.root])
        if self.data is not None:
            self.robustness.update(self.data, self.results)

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-read the scores and re-render (ranking and agreement first; robustness just after)."""
        t, lang = self.t, self.language
        data = store.scoring_data(self.ctx.db, self.wid)
        self.data = data
        criteria = list(data.criteria)
        if data.items and criteria:
            self.results = scoring.group_result(data.ballots, data.item_keys, criteria)
            self.agreement_result = scoring.agreement(data.ballots, data.item_keys, criteria)
        else:
            self.results, self.agreement_result = [], None
        progress = scoring_views.progress(data.ballots, data.item_keys, criteria)
        line = t("{started} of {total} participants have scored; {complete} answered every item and criterion.").format(
            started=progress.started, total=data.participants, complete=progress.complete)
        title = t("Group results")
        self.header.value = (f'<div class="fk-panel-title">{esc(title)}</div>'
                             f'<p class="fk-sc-lead fk-scoring-progress">{esc(line)}</p>')
        self.ranking.value = ranking_html(data, self.results, t, lang)
        if self.agreement_result is not None:
            self.agreement.value = agreement_html(data, self.agreement_result, t, lang)
        else:
            self.agreement.value = (el("div", "fk-sc-kicker", t("Agreement"))
                                    + el("p", "fk-sc-muted", t("No scores yet.")))
        self.charts.value = charts_html(data, self.results, self.agreement_result, t, lang)
        self.charts_card.layout.display = None if data.items and criteria and data.ballots else "none"
        if self.robustness is not None:
            self.robustness.update(data, self.results)

    def close(self) -> None:
        theme.close_tree(self.root)
        if self.robustness is not None:
            self.robustness.close()
