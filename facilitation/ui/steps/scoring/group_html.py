"""The group view's HTML: the ranking table, the agreement gauge, a chart per item × criterion.

Pure functions of the store's :class:`~facilitation.store.ScoringData` and the results of
:mod:`facilitation.scoring`; every title and name is escaped here. Charts are HTML/CSS bars
(``scoring.css``), so no plotting library loads.
"""

from __future__ import annotations

from typing import Callable, Sequence

from facilitation.domain.records import Criterion
from facilitation.scoring import Agreement, ItemResult
from facilitation.scoring import results as scoring_views
from facilitation.store import ScoringData
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import number, scale_value


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
