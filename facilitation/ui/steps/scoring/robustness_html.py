"""The robustness panel's HTML: the verdict, the what-if ranking, rank stability, tipping points
and leave-one-out (every title and name escaped here)."""

from __future__ import annotations

import math
from typing import Callable, Hashable, Sequence

from facilitation.scoring import results as scoring_views
from facilitation.store import ScoringData
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import number, percent

ItemKey = Hashable


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
        swapped = t.ngettext("{n} pair of items swaps places compared with the workshop weights",
                             "{n} pairs of items swap places compared with the workshop weights",
                             rob.reversals).format(n=rob.reversals)
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
