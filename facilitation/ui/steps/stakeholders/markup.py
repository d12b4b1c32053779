"""The stakeholder step's HTML: a card's inside, the quadrants' advice, the list of mismatches, the
grid's legend (every name escaped here)."""

from __future__ import annotations

from facilitation.domain import mendelow
from facilitation.domain.palette import CATEGORY_COLOURS
from facilitation.domain.records import CATEGORIES, Stakeholder
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.steps.stakeholders.labels import (category_label, level_label, levels_text, mismatch_text,
                                                       quadrant_advice, quadrant_label)


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
