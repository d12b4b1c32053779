"""``report.html``: one self-contained page a city council can read, in the workshop's language.

Everything is inside the file: the stylesheet (``resources/css/report.css``) inlined, charts
as inline SVG, no scripts, no fonts or images from elsewhere, so it opens offline and makes
no request. All user text is escaped with the one helper (:func:`facilitation.domain.escaping.esc`).
The section builders are shared with the review page.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from facilitation.domain import mendelow
from facilitation.domain.escaping import esc
from facilitation.domain.gazetteer import place_name
from facilitation.domain.palette import ACCENT, CATEGORY_COLOURS, KIND_COLOURS, RANKING_COLOUR, RATING_COLOUR
from facilitation.domain.records import Workshop
from facilitation.domain.resources import resource
from facilitation.i18n import Translate, translator
from facilitation.outputs import charts

CSS_PATH = resource("css", "report.css")
CSS = CSS_PATH.read_text(encoding="utf-8")  # inlined in <style>: report.html links to nothing

TOP_IDEAS = 10


def labels(t: Translate) -> dict[str, dict[str, str]]:
    """Translated names of the method's categories (shared with the review page)."""
    return {
        "scale": {"small": t("Small scale"), "large": t("Large scale")},
        "driver": {"central": t("Centrally driven"), "individual": t("Individually driven")},
        "kind": {"problem": t("Problem"), "asset": t("Asset"), "opportunity": t("Opportunity")},
        "category": {"public": t("Public authority"), "business": t("Business"),
                     "knowledge": t("Academia and knowledge"), "civil": t("Civil society")},
        "level": {"inform": t("Inform"), "consult": t("Consult"), "involve": t("Involve"),
                  "collaborate": t("Collaborate"), "empower": t("Empower")},
        "quadrant": {mendelow.MANAGE_CLOSELY: t("Manage closely"), mendelow.KEEP_SATISFIED: t("Keep satisfied"),
                     mendelow.KEEP_INFORMED: t("Keep informed"), mendelow.MONITOR: t("Monitor")},
        "agreement": {"strong": t("strong agreement"), "moderate": t("moderate agreement"),
                      "weak": t("weak agreement"), "none": t("no clear agreement")},
        "item_kind": {"scenario": t("Scenario"), "idea": t("Idea")},
    }


Rows = Sequence[Mapping[str, Any]]
Tables = Mapping[str, Rows]


def _rows_where(rows: Sequence[Mapping[str, Any]], **match: Any) -> list[Mapping[str, Any]]:
    return [r for r in rows if all(r.get(k) == v for k, v in match.items())]


def _figure(svg: str, caption: str, chart: str) -> str:
    return f'<figure class="fk-chart" data-chart="{esc(chart)}">{svg}<figcaption>{esc(caption)}</figcaption></figure>'


def live(rows: Rows) -> list[Mapping[str, Any]]:
    """Rows neither hidden nor merged into another (what the workshop showed)."""
    return [r for r in rows if not r.get("hidden") and r.get("merged_into") is None]


def open_section(section_id: str, title: str, classes: str = "") -> str:
    """``<section id=…><h2>title</h2>`` (close it with ``</section>``)."""
    cls = f' class="{esc(classes)}"' if classes else ""
    return f'<section id="{esc(section_id)}"{cls}><h2>{esc(title)}</h2>'


def tag(name: str, text: str, classes: str = "") -> str:
    """One element holding escaped text, e.g. ``tag("h3", title)``."""
    cls = f' class="{esc(classes)}"' if classes else ""
    return f"<{name}{cls}>{esc(text)}</{name}>"


def thead(*headers: tuple[str, bool]) -> str:
    """A table head from (text, numeric) pairs; numeric columns align right."""
    return "<thead><tr>" + "".join(tag("th", h, "fk-n" if numeric else "") for h, numeric in headers) + "</tr></thead>"


def _empty(text: str) -> str:
    return tag("p", text, "fk-muted")


def summary_html(t: Translate, w: Mapping[str, Any]) -> str:
    """Key figures of one workshop (its ``workshops`` row)."""
    # The count stays in the bold figure; the label is the count's own plural form without it.
    counted = [(w["participants"], t.ngettext("{n} participant", "{n} participants", w["participants"])),
               (w["ideas"], t.ngettext("{n} idea", "{n} ideas", w["ideas"])),
               (w["votes"], t.ngettext("{n} vote", "{n} votes", w["votes"])),
               (w["scenarios"], t.ngettext("{n} scenario", "{n} scenarios", w["scenarios"])),
               (w["stakeholders"], t.ngettext("{n} stakeholder", "{n} stakeholders", w["stakeholders"]))]
    figures = [(n, form.replace("{n}", "").strip()) for n, form in counted]
    if w["mean_rating"] is not None:
        figures.append((f'{w["mean_rating"]:.1f} / 5', t("session rating")))
    return ('<section id="summary"><h2>' + esc(t("The workshop in numbers")) + '</h2><div class="fk-figures">'
            + "".join(f'<div class="fk-figure"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in figures)
            + "</div></section>")


def features_legend_html(t: Translate, features: Rows, *, numbered: bool = True) -> str:
    """The map's features as a list: (number,) colour of the kind, label, kind and note."""
    names = labels(t)
    items = []
    for n, f in enumerate(features, start=1):
        number = f'<span class="fk-num">{n}</span>' if numbered else ""
        colour = KIND_COLOURS.get(f["kind"], ACCENT)
        note = f" — {esc(f['note'])}" if f["note"] else ""
        items.append(f'<li>{number}<span class="fk-swatch" style="background:{colour}"></span>'
                     f'<b>{esc(f["label"])}</b> <span class="fk-muted">({esc(names["kind"].get(f["kind"], f["kind"]))})'
                     f"</span>{note}</li>")
    return f'<ul class="fk-legend">{"".join(items)}</ul>' if items else ""


def group_challenges(tables: Tables) -> list[Mapping[str, Any]]:
    """The groups (not removed) that carry their own challenge, by number."""
    return [g for g in tables.get("groups", ()) if g.get("challenge_title") and not g.get("removed")]


def challenge_html(t: Translate, tables: Tables, *, with_map: bool = True) -> str:
    """The challenge in words and its themes; with ``with_map`` also its map (inline SVG) and legend."""
    w = tables["workshops"][0]
    body = [open_section("challenge", t("The challenge"))]
    own = group_challenges(tables)
    if w["challenge_title"]:
        body.append(f'<h3>{esc(w["challenge_title"])}</h3><p>{esc(w["challenge_description"])}</p>')
        if w["challenge_themes"]:
            body.append('<div class="fk-tags">' + "".join(f"<span>{esc(x)}</span>" for x in w["challenge_themes"])
                        + "</div>")
    elif not own:
        body.append(_empty(t("The challenge has not been written down yet.")))
    for g in own:  # each city's challenge, written with its group's link (issue 22)
        where = " · ".join(x for x in (g["group"], g["group_city"]) if x)
        body.append(f'<div class="fk-report-group-challenge"><div class="fk-report-kicker">{esc(where)}</div>'
                    f'<h3>{esc(g["challenge_title"])}</h3><p>{esc(g["challenge_description"])}</p></div>')
    features = tables["map_features"]
    if features and with_map:
        shapes = [(f["geometry"], str(n), KIND_COLOURS.get(f["kind"], ACCENT), f["label"])
                  for n, f in enumerate(features, start=1)]
        svg = charts.map_chart(shapes, label=t("Map of the challenge"))
        body.append(_figure(svg, t("The city's map: problems, assets and opportunities"), "map")
                    + features_legend_html(t, features))
    return "".join(body) + "</section>"


def ideas_html(t: Translate, tables: Tables, *, full_list: bool = False) -> str:
    """Top ideas by votes, the scale × driver matrix and (``full_list``) a table of every idea."""
    names = labels(t)
    ideas = sorted(live(tables["ideas"]), key=lambda i: (-i["votes"], i["id"]))
    body = [open_section("ideas", t("Solutions proposed"))]
    if not ideas:
        return "".join(body) + _empty(t("No ideas yet.")) + "</section>"
    svg = charts.bar_chart([(i["title"], i["votes"]) for i in ideas[:TOP_IDEAS]], label=t("Top ideas by votes"))
    body.append(_figure(svg, t("Top ideas by votes"), "votes"))
    cells: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for i in ideas:
        cells.setdefault((i["scale"], i["driver"]), []).append((i["title"], i["votes"]))
    svg = charts.matrix_chart(
        cells, rows=[("large", names["scale"]["large"]), ("small", names["scale"]["small"])],
        cols=[("central", names["driver"]["central"]), ("individual", names["driver"]["individual"])],
        label=t("Ideas by scale and driver"), count_text=lambda n: t("Ideas: {n}").format(n=n))
    body.append(_figure(svg, t("Ideas by scale and driver, with their votes"), "matrix"))
    if full_list:
        body.append('<table class="fk-idea-table">' + thead(
            (t("Idea"), False), (t("Scale"), False), (t("Driver"), False), (t("Theme"), False), (t("Votes"), True),
            (t("Status"), False)) + "<tbody>")
        for i in sorted(tables["ideas"], key=lambda i: (-i["votes"], i["id"])):
            status = (t("hidden") if i["hidden"] else t("merged") if i["merged_into"] is not None else "")
            body.append(f'<tr><td><b>{esc(i["title"])}</b><br><span class="fk-muted">{esc(i["description"])}</span>'
                        f'</td><td>{esc(names["scale"].get(i["scale"], i["scale"]))}</td>'
                        f'<td>{esc(names["driver"].get(i["driver"], i["driver"]))}</td><td>{esc(i["theme"])}</td>'
                        f'<td class="fk-n">{esc(i["votes"])}</td><td>{esc(status)}</td></tr>')
        body.append("</tbody></table>")
    return "".join(body) + "</section>"


def scenarios_html(t: Translate, tables: Tables) -> str:
    """Each scenario with its narrative, its ideas and its case studies."""
    titles = {i["id"]: i["title"] for i in tables["ideas"]}
    scenarios = [sc for sc in tables["scenarios"] if not sc["hidden"]]
    body = [open_section("scenarios", t("Alternative scenarios"))]
    for sc in scenarios:
        whose = " · ".join(x for x in (sc.get("group"), sc.get("group_city")) if x)  # a city's own (issue 22)
        kicker = f'<div class="fk-report-kicker">{esc(whose)}</div>' if whose else ""
        body.append(f'<div class="fk-scenario">{kicker}<h3>{esc(sc["name"])}</h3><p>{esc(sc["narrative"])}</p>')
        if sc["idea_ids"]:
            body.append(tag("div", t("Solutions in this scenario"), "fk-muted") + "<ul>"
                        + "".join(f"<li>{esc(titles.get(i, ''))}</li>" for i in sc["idea_ids"]) + "</ul>")
        cases = _rows_where(tables["case_studies"], scenario_id=sc["id"])
        if cases:
            body.append(tag("div", t("Case studies from other cities"), "fk-muted") + "<ul>")
            for c in cases:
                title = esc(c["title"])
                if c["link"]:
                    title = f'<a href="{esc(c["link"])}" rel="noopener noreferrer" target="_blank">{title}</a>'
                city = f" ({esc(c['case_city'])})" if c["case_city"] else ""
                lesson = f" — {esc(c['lesson'])}" if c["lesson"] else ""
                body.append(f"<li>{title}{city}{lesson}</li>")
            body.append("</ul>")
        body.append("</div>")
    if not scenarios:
        body.append(_empty(t("No scenarios yet.")))
    return "".join(body) + "</section>"


def stakeholders_html(t: Translate, tables: Tables) -> str:
    """The power/interest grid with a category legend, and the list by approach."""
    names = labels(t)
    stakeholders = live(tables["stakeholders"])
    body = [open_section("stakeholders", t("Stakeholders"))]
    if not stakeholders:
        return "".join(body) + _empty(t("No stakeholders yet.")) + "</section>"
    points = [(st["name"], st["power"], st["interest"], CATEGORY_COLOURS.get(st["category"], ACCENT))
              for st in stakeholders]
    svg = charts.grid_chart(points, quadrants=names["quadrant"], x_title=t("Interest"), y_title=t("Power"),
                            label=t("Stakeholders by power and interest"), high_from=mendelow.HIGH_FROM)
    legend = "".join(f'<li><span class="fk-swatch" style="background:{color}"></span>'
                     f'{esc(names["category"][cat])}</li>' for cat, color in CATEGORY_COLOURS.items())
    body.append(_figure(svg, t("Stakeholders by power and interest"), "grid")
                + f'<ul class="fk-legend fk-inline">{legend}</ul>')
    body.append("<table>" + thead((t("Stakeholder"), False), (t("Category"), False), (t("Approach"), False),
                                  (t("Engagement"), False)) + "<tbody>")
    order = list(names["quadrant"])
    for st in sorted(stakeholders, key=lambda st: (order.index(st["quadrant"]), -st["power"], st["name"])):
        body.append(f'<tr><td>{esc(st["name"])}</td><td>{esc(names["category"].get(st["category"], ""))}</td>'
                    f'<td>{esc(names["quadrant"].get(st["quadrant"], ""))}</td>'
                    f'<td>{esc(names["level"].get(st["level"], ""))}</td></tr>')
    return "".join(body) + "</tbody></table></section>"


def scoring_html(t: Translate, tables: Tables) -> str:
    """The group ranking per kind of item, the agreement, the criteria and their weights."""
    names = labels(t)
    w = tables["workshops"][0]
    results = tables["results"]
    body = [open_section("scoring", t("Impact scoring"))]
    if not results:
        return "".join(body) + _empty(t("No scores yet.")) + "</section>"
    for kind in ("scenario", "idea"):
        rows = sorted(_rows_where(results, item_kind=kind), key=lambda r: (r["rank"], r["item_id"]))
        if not rows:
            continue
        svg = charts.bar_chart([(r["item"], round(100 * (r["score"] or 0))) for r in rows],
                               label=t("Group ranking"), max_value=100, color=RANKING_COLOUR,
                               value_text=lambda v: f"{v:g} / 100")
        caption = t("Group ranking of the scenarios") if kind == "scenario" else t("Group ranking of the ideas")
        body.append(_figure(svg, caption, "ranking"))
    if w["agreement_w"] is not None:
        body.append("<p>" + esc(t("The group showed {label} (Kendall's W = {w}).").format(
            label=names["agreement"].get(w["agreement"], w["agreement"]), w=f'{w["agreement_w"]:.2f}')) + "</p>")
    if tables["criteria"]:
        weights = "; ".join(f'{c["name"]} ({c["weight"]:g})' for c in tables["criteria"])
        body.append(tag("p", t("Criteria and weights: {list}").format(list=weights), "fk-muted"))
    return "".join(body) + "</section>"


def feedback_html(t: Translate, tables: Tables) -> str:
    """How participants rated the session, what they take home and what should change."""
    fb = tables["feedback"]
    body = [open_section("feedback", t("Feedback"))]
    if not fb:
        return "".join(body) + _empty(t("No feedback yet.")) + "</section>"
    by_group: dict[str, list[Mapping[str, Any]]] = {}
    for f in fb:
        by_group.setdefault(f.get("group") or "", []).append(f)
    if list(by_group) == [""]:
        return "".join(body) + _feedback_part(t, fb, "ratings", "h3") + "</section>"
    order = {g["group"]: n for n, g in enumerate(tables.get("groups", ()))}  # by group number, no group last
    for n, (group, rows) in enumerate(sorted(by_group.items(), key=lambda x: (x[0] == "", order.get(x[0], 0), x[0])),
                                      start=1):
        city = rows[0].get("group_city") or ""
        title = " · ".join(x for x in (group, city) if x) if group else t("In no group")
        count = t.ngettext("{n} participant gave feedback", "{n} participants gave feedback", len(rows)).format(
            n=len(rows))
        body.append(f'<div class="fk-report-feedback-group">{tag("h3", title)}{tag("p", count, "fk-muted")}'
                    + _feedback_part(t, rows, f"ratings-{n}", "h4") + "</div>")
    return "".join(body) + "</section>"


def _feedback_part(t: Translate, fb: Rows, chart: str, heading: str) -> str:
    """The ratings chart and the quotes of some feedback rows (the whole room's or one group's)."""
    dist = [("★" * r, sum(1 for f in fb if f["rating"] == r)) for r in (5, 4, 3, 2, 1)]
    svg = charts.bar_chart(dist, label=t("Session ratings"), color=RATING_COLOUR, label_chars=8)
    body = ['<div class="fk-two"><div>' + _figure(svg, t("Session ratings"), chart) + "</div><div>"]
    take = [f["take_home"] for f in fb if f["take_home"]]
    change = [f["change"] for f in fb if f["change"]]
    if take:
        body.append(tag(heading, t("What participants take home"))
                    + "".join(f'<blockquote class="fk-quote">{esc(x)}</blockquote>' for x in take))
    if change:
        body.append(tag(heading, t("What should change"))
                    + "".join(f'<blockquote class="fk-quote">{esc(x)}</blockquote>' for x in change))
    return "".join(body) + "</div></div>"


def build_report(workshop: Workshop, tables: Tables) -> str:
    """The report of one workshop as a complete HTML document."""
    t = translator(workshop.language)
    w = tables["workshops"][0]
    kicker = " · ".join(x for x in (
        w["programme"], t("Round {n}").format(n=workshop.round),
        workshop.date.isoformat() if workshop.date else "") if x)
    place = place_name(workshop.city, workshop.country, workshop.language)  # "Radolfzell, Niemcy" in Polish
    head = (f'<header class="fk-report-head"><div class="fk-report-kicker">{esc(kicker)}</div>'
            f'<h1>{esc(workshop.title)}</h1><div class="fk-muted">{esc(place)}</div></header>')
    from facilitation.outputs.report_groups import groups_html  # it builds on this module's helpers
    from facilitation.outputs.report_meetings import meetings_sections  # discussion, decisions (issue 24)
    from facilitation.outputs.report_questions import questions_html  # questions from the room (issue 24)
    from facilitation.outputs.report_polls import polls_html  # polls and word clouds (issue 24)

    sections = [summary_html(t, w), challenge_html(t, tables), ideas_html(t, tables), groups_html(t, tables),
                scenarios_html(t, tables), stakeholders_html(t, tables), scoring_html(t, tables),
                feedback_html(t, tables), *meetings_sections(t, tables),
                questions_html(t, tables), polls_html(t, tables, workshop.language)]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    footer = t("Report generated on {date} by the workshop facilitation kit.").format(date=stamp)
    title = f"{workshop.title} — {workshop.city}"
    return (f'<!DOCTYPE html>\n<html lang="{esc(workshop.language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body class=\"fk-report-page\">"
            f'<main class="fk-report fk-doc">{head}' + "".join(sections)
            + f"<footer>{esc(footer)}</footer></main></body></html>\n")
