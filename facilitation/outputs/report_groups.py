"""The report's sections per breakout group: who took part, what the group produced, its top ideas.

Built from the exported rows (their ``group`` and ``group_city`` columns), so the report and
the CSVs agree. A workshop without groups gets no section. Every text is escaped.
"""

from __future__ import annotations

from typing import Any, Mapping

from facilitation.domain.escaping import esc
from facilitation.i18n import Translate
from facilitation.outputs.report import Tables, live, open_section, tag, thead

TOP_IDEAS = 5


def group_names(tables: Tables) -> list[tuple[str, str]]:
    """(group, city) of every group named in the tables, in the order first met (participants first)."""
    seen: dict[str, str] = {}
    for name in ("participants", "ideas", "stakeholders", "votes", "scores"):
        for row in tables.get(name, ()):
            if row.get("group") and row["group"] not in seen:
                seen[row["group"]] = row.get("group_city") or ""
    return list(seen.items())


def _count(rows: Any, group: str) -> int:
    return sum(1 for r in rows if r.get("group") == group)


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
    return "".join(body) + "</section>"


def groups_html(t: Translate, tables: Mapping[str, Any]) -> str:
    """A section per breakout group ("" when the workshop worked as one room)."""
    return "".join(group_html(t, tables, n, group, city)
                   for n, (group, city) in enumerate(group_names(tables), start=1))
