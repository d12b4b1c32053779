"""The scenario comparison as HTML: the scenarios side by side, their scale × driver mix and case
studies (every text escaped here)."""

from __future__ import annotations

from facilitation.domain.compare import ScenarioSummary, dominant, shared_ideas
from facilitation.domain.records import DRIVERS, SCALES, CaseStudy
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.ideas import count_html, driver_label, scale_label, votes_text
from facilitation.ui.kit.markup import help_html


def letter(index: int) -> str:
    """A, B, C… for the scenarios in the order they were made (then A2, B2… after Z)."""
    base = chr(ord("A") + index % 26)
    return base if index < 26 else f"{base}{index // 26 + 1}"


def mix_html(t: Translate, mix: dict[tuple[str, str], int]) -> str:
    """The scale × driver mix as a small 2×2 table (large on top, central on the left)."""
    top = dominant(mix)
    central, individual, large, small = t("Central"), t("Individual"), t("Large"), t("Small")
    # ARIA rows with display:contents keep the CSS grid and give screen readers a real table.
    rows = [f'<div role="row" class="fk-mix-row"><span role="cell" class="fk-mix-head"></span>'
            f'<span role="columnheader" class="fk-mix-head">{esc(central)}</span>'
            f'<span role="columnheader" class="fk-mix-head">{esc(individual)}</span></div>']
    for scale in reversed(SCALES):
        cells = [f'<span role="rowheader" class="fk-mix-head">{esc(large if scale == "large" else small)}</span>']
        for driver in DRIVERS:
            n = mix.get((scale, driver), 0)
            extra = " fk-mix-0" if n == 0 else (" fk-mix-top" if top == (scale, driver) else "")
            title = t("{scale}, {driver}").format(scale=scale_label(t, scale), driver=driver_label(t, driver).lower())
            cells.append(f'<span role="cell" class="fk-mix-cell{extra}" title="{esc(title)}">{n}</span>')
        rows.append(f'<div role="row" class="fk-mix-row">{"".join(cells)}</div>')
    name = t("Scale × driver")
    return f'<div class="fk-mix" role="table" aria-label="{esc(name)}">{"".join(rows)}</div>'


def case_html(t: Translate, case: CaseStudy) -> str:
    where = f" — {esc(case.city)}" if case.city else ""
    lesson = f'<div class="fk-case-lesson">{esc(case.lesson)}</div>' if case.lesson else ""
    more = t("Read more")
    link = (f' <a href="{esc(case.link)}" target="_blank" rel="noopener noreferrer">{esc(more)}</a>'
            if case.link else "")
    return f'<div class="fk-case"><span class="fk-case-title">{esc(case.title)}</span>{where}{link}{lesson}</div>'


def comparison_html(t: Translate, summaries: list[ScenarioSummary]) -> str:
    """The scenarios side by side (every text escaped)."""
    shared = shared_ideas(summaries)
    top_votes = max([s.votes for s in summaries] + [1])
    head = "".join(
        f'<th class="fk-scenario-card" scope="col"><span class="fk-scenario-letter">{esc(letter(i))}</span>'
        f'<span class="fk-scenario-card-title">{esc(s.scenario.name)}</span></th>'
        for i, s in enumerate(summaries))

    def row(name: str, cells: list[str], css: str) -> str:
        tds = "".join(f"<td>{c}</td>" for c in cells)
        return f'<tr class="{css}"><th class="fk-compare-rowhead" scope="row">{esc(name)}</th>{tds}</tr>'

    narratives = ["".join(f"<p>{esc(p)}</p>" for p in s.scenario.narrative.split("\n") if p.strip())
                  or help_html(t("No narrative yet.")) for s in summaries]

    also_text = t("Also in another scenario")

    def ideas_cell(s: ScenarioSummary) -> str:
        if not s.ideas:
            return help_html(t("No ideas picked yet."))
        items = []
        for idea in sorted(s.ideas, key=lambda i: (-i.total_votes, i.id or 0)):
            also = int(idea.id) in shared
            flags = theme.chip(t("Hidden from participants"), "danger") if idea.hidden else ""
            items.append(f'<li class="{"fk-shared" if also else ""}" title="{esc(also_text) if also else ""}">'
                         f'<span>{esc(idea.title)} {flags}</span>{count_html(t, idea.total_votes, idea.carried_votes)}'
                         '</li>')
        return f'<ul class="fk-compare-ideas">{"".join(items)}</ul>'

    def votes_cell(s: ScenarioSummary) -> str:
        width = round(100 * s.votes / top_votes)
        n = len(s.ideas)
        ideas_text = t.ngettext("{n} idea", "{n} ideas", n).format(n=n)
        return (f'<div class="fk-votes-carried"><b>{s.votes}</b><div class="fk-votes-bar"><span style="width:{width}%">'
                f'</span></div></div><p class="fk-help">{esc(votes_text(t, s.votes, s.carried_votes))} · '
                f'{esc(ideas_text)}</p>')

    def cases_cell(s: ScenarioSummary) -> str:
        if not s.scenario.case_studies:
            return help_html(t("None attached."))
        return "".join(case_html(t, c) for c in s.scenario.case_studies)

    rows = [
        row(t("Narrative"), narratives, "fk-compare-narrative"),
        row(t("Ideas"), [ideas_cell(s) for s in summaries], "fk-compare-ideas-row"),
        row(t("Scale × driver"), [mix_html(t, dict(s.mix)) for s in summaries], "fk-compare-mix"),
        row(t("Votes carried"), [votes_cell(s) for s in summaries], "fk-compare-votes"),
        row(t("Case studies"), [cases_cell(s) for s in summaries], "fk-compare-cases"),
    ]
    width = 150 + 240 * len(summaries)
    legend = (help_html(t("Dashed: the idea is also in another scenario.")) if shared else "")
    # A wide screen gets the table; a phone gets the same cells stacked one scenario under the other
    # (``fk-compare-stack``, CSS picks one), so no scenario hides behind a sideways scroll.
    name = t("Scenarios side by side")
    cells = [(t("Narrative"), narratives), (t("Ideas"), [ideas_cell(s) for s in summaries]),
             (t("Scale × driver"), [mix_html(t, dict(s.mix)) for s in summaries]),
             (t("Votes carried"), [votes_cell(s) for s in summaries]),
             (t("Case studies"), [cases_cell(s) for s in summaries])]
    stack = "".join(
        f'<article class="fk-scenario-stack-card"><h4 class="fk-scenario-stack-title"><span class="fk-scenario-letter">'
        f'{esc(letter(i))}</span>{esc(s.scenario.name)}</h4>'
        + "".join(f'<div class="fk-scenario-stack-part"><div class="fk-compare-rowhead">{esc(label)}</div>{column[i]}</div>'
                  for label, column in cells) + "</article>"
        for i, s in enumerate(summaries))
    return (f'<div class="fk-compare-wrap" tabindex="0" role="region" aria-label="{esc(name)}">'
            f'<table class="fk-compare" style="min-width:{width}px">'
            f'<thead><tr><td class="fk-compare-rowhead"></td>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'<div class="fk-compare-stack">{stack}</div>{legend}')


def sections_html(t: Translate, parts: list[tuple[int | None, str, list[ScenarioSummary]]]) -> str:
    """Each group's scenarios side by side under its name (``fk-scenario-group-section``), then the room's."""
    out = []
    for gid, label, summaries in parts:
        data = f' data-group="{gid}"' if gid is not None else ""
        out.append(f'<section class="fk-scenario-group-section"{data}>'
                   f'<h3 class="fk-scenario-group-title">{esc(label)}</h3>{comparison_html(t, summaries)}</section>')
    return "".join(out)
