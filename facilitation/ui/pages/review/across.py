"""The review's "Across workshops" tab: charts per workshop, recurring themes, the kinds of measures
and similar ideas in different cities (inline SVG from :mod:`facilitation.outputs.charts`, as in
``report.html``; every text escaped here)."""

from __future__ import annotations

from typing import Any, Sequence

from facilitation.domain.similarity import recurring, similar_ideas
from facilitation.i18n import Translate
from facilitation.outputs import charts as svgcharts
from facilitation.outputs import report
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.pages.review.access import Entry


def matches_table(t: Translate, matches) -> str:  # noqa: ANN001 - similarity.Match list
    rows = "".join(
        f'<tr><td>{esc(m.idea["title"])} <span class="fk-muted">({esc(m.idea["_city"])})</span></td>'
        f'<td>{esc(m.other["title"])} <span class="fk-muted">({esc(m.other["_city"])}, '
        f'{esc(m.other["workshop_code"])})</span></td><td class="fk-n">{round(100 * m.score)}%</td></tr>'
        for m in matches)
    head = report.thead((t("Idea"), False), (t("Similar idea elsewhere"), False), (t("Similarity"), True))
    return f"<table>{head}<tbody>{rows}</tbody></table>"


def across_html(t: Translate, shown: Sequence[Entry], all_ideas: Sequence[dict[str, Any]]) -> str:
    """The workshops ``shown`` side by side; ``all_ideas`` are every workshop's ideas (with ``_city``)."""
    names = report.labels(t)
    if not shown:
        return theme.empty_html(t("No workshop matches these filters."))
    round_label = t("Round {n}")
    cats = [f"{x.workshop.city} · {round_label.format(n=x.workshop.round)} ({x.workshop.code})" for x in shown]
    chart = svgcharts.grouped_bar_chart(cats, [
        (t("Ideas"), [x.row["ideas"] for x in shown]),
        (t("Participants"), [x.row["participants"] for x in shown]),
        (t("Votes"), [x.row["votes"] for x in shown])], label=t("Ideas, participants and votes per workshop"),
        width=760)
    parts = ['<section id="per-workshop"><h2>' + esc(t("Ideas, participants and votes per workshop")) + "</h2>"
             + f'<figure class="fk-chart" data-chart="per-workshop">{chart}</figure></section>']
    themes = recurring({x.workshop.code: x.themes for x in shown})
    chart = svgcharts.bar_chart(themes[:12], label=t("Themes across workshops"), color="#0f7b6c",
                                empty=t("No themes yet."), width=760)
    parts.append('<section id="themes"><h2>' + esc(t("Recurring themes")) + "</h2>"
                 + f'<figure class="fk-chart" data-chart="themes">{chart}<figcaption>'
                 + esc(t("In how many of the workshops shown each theme appears (challenge or ideas)"))
                 + "</figcaption></figure></section>")
    cells: dict[tuple[str, str], list[tuple[str, float]]] = {}
    ideas = [(i, x.workshop.city) for x in shown for i in report.live(x.tables["ideas"])]
    for i, city in sorted(ideas, key=lambda pair: -pair[0]["votes"]):
        cells.setdefault((i["scale"], i["driver"]), []).append((f'{city} · {i["title"]}', i["votes"]))
    matrix = svgcharts.matrix_chart(
        cells, rows=[("large", names["scale"]["large"]), ("small", names["scale"]["small"])],
        cols=[("central", names["driver"]["central"]), ("individual", names["driver"]["individual"])],
        label=t("Kinds of measures across workshops"), count_text=lambda n: t("Ideas: {n}").format(n=n),
        per_cell=5, width=760)
    parts.append('<section id="measures"><h2>' + esc(t("Kinds of measures across cities")) + "</h2>"
                 + f'<figure class="fk-chart" data-chart="measures">{matrix}<figcaption>'
                 + esc(t("Ideas of the workshops shown by scale and driver, most voted first"))
                 + "</figcaption></figure></section>")
    codes = {x.workshop.code for x in shown}
    pool = [i for i in all_ideas if i["workshop_code"] in codes]
    matches = similar_ideas(pool, limit=15)
    parts.append('<section id="similar-across" class="fk-review-similar"><h2>'
                 + esc(t("Similar ideas in different cities")) + "</h2>"
                 + (matches_table(t, matches) if matches else
                    report.tag("p", t("No similar ideas in the other workshops yet."), "fk-muted"))
                 + "</section>")
    return '<div class="fk-doc" style="display:grid;gap:16px">' + "".join(parts) + "</div>"


def rounds_html(t: Translate, db, shown: Sequence[Entry]) -> str:  # noqa: ANN001 - a store.Database
    """The "Rounds by city" tab: each city's rounds side by side (round 2 built on round 1), for the
    workshops shown (the filters and the keys decide which)."""
    from facilitation.outputs.rounds import round_comparison, round_comparison_html

    comparison = round_comparison(db, workshops=[x.workshop for x in shown])
    if not comparison:
        return theme.empty_html(t("No city has a second round yet"), t(
            "Create round 2 from a workshop's console (Prepare tab): its rounds then show here side by side."))
    return '<div class="fk-doc fk-review-rounds-doc">' + round_comparison_html(t, comparison) + "</div>"
