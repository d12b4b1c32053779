"""The report's sections per breakout group: who took part, what the group produced, its top ideas,
its own scenarios and the ranking its scores give (several cities in one workshop, issue 22).

Built from the exported rows (their ``group`` and ``group_city`` columns), so the report and
the CSVs agree; a group's ranking is computed from its members' rows of ``scores.csv`` with the
same maths as the console. Votes count those carried from the previous round (``ideas.csv``'s
``votes``). A workshop without groups gets no section. Every text is escaped.
"""

from __future__ import annotations

from typing import Any, Mapping

from facilitation import scoring
from facilitation.domain.escaping import esc
from facilitation.domain.records import Criterion
from facilitation.i18n import Translate
from facilitation.outputs.report import Tables, live, open_section, tag, thead

TOP_IDEAS = 5


def group_names(tables: Tables) -> list[tuple[str, str]]:
    """(group, city) of every group named in the tables, in the order first met (participants first)."""
    seen: dict[str, str] = {}
    for name in ("participants", "ideas", "scenarios", "stakeholders", "votes", "scores"):
        for row in tables.get(name, ()):
            if row.get("group") and row["group"] not in seen:
                seen[row["group"]] = row.get("group_city") or ""
    return list(seen.items())


def _count(rows: Any, group: str) -> int:
    return sum(1 for r in rows if r.get("group") == group)


def group_ranking(tables: Tables, group: str) -> list[tuple[str, int, str, float]]:
    """``(item kind, rank, item, score 0..1)`` from the scores given in ``group``, best first per kind."""
    criteria = [Criterion(name=c["name"], weight=c["weight"], direction=c["direction"], scale_min=c["scale_min"],
                          scale_max=c["scale_max"], id=c["id"]) for c in tables.get("criteria", ())]
    names = {c.id: c.name for c in criteria}
    out = []
    for kind in ("scenario", "idea"):
        ballots: dict[int, dict[int, dict[str, float | None]]] = {}
        items: dict[int, str] = {}
        for r in tables.get("scores", ()):
            if r.get("group") == group and r["item_kind"] == kind and r["criterion_id"] in names:
                ballots.setdefault(r["participant_id"], {}).setdefault(r["item_id"], {})[
                    names[r["criterion_id"]]] = r["value"]
                items.setdefault(r["item_id"], r.get("item") or "")
        if items and criteria:
            out += [(kind, res.rank, items[res.item], res.score or 0.0)
                    for res in scoring.group_result(ballots, list(items), criteria)]
    return out


def _scenarios_html(t: Translate, tables: Tables, group: str) -> str:
    """The group's own scenarios and the ranking its scores give them ("" when it has neither)."""
    own = [sc for sc in tables.get("scenarios", ()) if sc.get("group") == group and not sc["hidden"]]
    ranking = group_ranking(tables, group)
    parts = []
    if own:
        votes = [t.ngettext("{n} vote", "{n} votes", sc["votes"]).format(n=sc["votes"]) for sc in own]
        items = "".join(f'<li>{esc(sc["name"])} <span class="fk-muted">{esc(n)}</span></li>'
                        for sc, n in zip(own, votes))
        parts.append(tag("h3", t("This group's scenarios")) + f'<ul class="fk-report-group-scenarios">{items}</ul>')
    if ranking:
        kinds = {"scenario": t("Scenario"), "idea": t("Idea")}
        rows = "".join(f'<tr><td class="fk-n">{rank}</td><td>{esc(kinds.get(kind, kind))}: {esc(item)}</td>'
                       f'<td class="fk-n">{round(100 * score)} / 100</td></tr>' for kind, rank, item, score in ranking)
        parts.append(tag("h3", t("This group's ranking")) + '<table class="fk-report-group-results">'
                     + thead((t("Rank"), True), (t("Item"), False), (t("Score"), True))
                     + f"<tbody>{rows}</tbody></table>")
    return "".join(parts)


def group_html(t: Translate, tables: Tables, index: int, group: str, city: str) -> str:
    """One group's section: figures and its top ideas by votes."""
    ideas = sorted((i for i in live(tables["ideas"]) if i.get("group") == group and not i.get("withdrawn_at")),
                   key=lambda i: (-i["votes"], i["id"]))
    votes = sum(i["votes"] for i in ideas)
    figures = [(_count(tables["participants"], group), t("participants")), (len(ideas), t("ideas")),
               (votes, t("votes")), (_count(live(tables["stakeholders"]), group), t("stakeholders"))]
    title = f"{group} · {city}" if city else group
    body = [open_section(f"group-{index}", title, "fk-report-group"), '<div class="fk-figures">',
            *(f'<div class="fk-figure"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for v, k in figures), "</div>"]
    if ideas:
        body.append(tag("h3", t("Top ideas by votes")) + "<table>" + thead((t("Idea"), False), (t("Votes"), True))
                    + "<tbody>" + "".join(f'<tr><td>{esc(i["title"])}</td><td class="fk-n">{esc(i["votes"])}</td></tr>'
                                          for i in ideas[:TOP_IDEAS]) + "</tbody></table>")
    else:
        body.append(tag("p", t("No ideas yet."), "fk-muted"))
    body.append(_scenarios_html(t, tables, group))
    return "".join(body) + "</section>"


def groups_html(t: Translate, tables: Mapping[str, Any]) -> str:
    """A section per breakout group ("" when the workshop worked as one room)."""
    return "".join(group_html(t, tables, n, group, city)
                   for n, (group, city) in enumerate(group_names(tables), start=1))
