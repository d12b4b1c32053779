"""The report's sections "Discussion" and "Decisions and actions" (issue 24).

Built from the exported rows (``notes.csv``, ``decisions.csv``) and the workshop's action items, so
the report and the CSVs agree. A workshop without notes gets no "Discussion" section, and one
without decisions or action items no "Decisions and actions"; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from facilitation.domain.escaping import esc
from facilitation.i18n import Translate
from facilitation.outputs.meeting_tables import ACTIONS_KEY
from facilitation.outputs.report import Tables, open_section, tag, thead

Rows = Sequence[Mapping[str, Any]]


def _note(t: Translate, n: Mapping[str, Any]) -> str:
    who = " · ".join(x for x in (n.get("author") or "", n.get("organisation") or "", n.get("note_city") or "") if x)
    kind = t("Take-away") if n["kind"] == "take-away" else ""
    cite = " · ".join(x for x in (kind, who) if x)
    return f'<blockquote class="fk-quote">{esc(n["text"])}<cite class="fk-muted">{esc(cite)}</cite></blockquote>'


def discussion_html(t: Translate, tables: Tables) -> str:
    """The notes and contributions, step by step, then the take-aways by city."""
    notes: Rows = tables.get("notes", ())
    if not notes:
        return ""
    body = [open_section("discussion", t("Discussion"))]
    steps: dict[Any, list[Mapping[str, Any]]] = {}
    for n in notes:
        steps.setdefault((n.get("agenda_id"), n.get("step") or ""), []).append(n)
    for (_, title), rows in steps.items():
        if len(steps) > 1 and title:
            body.append(tag("h3", title))
        body.append("".join(_note(t, n) for n in rows if n["kind"] != "take-away"))
    by_city: dict[str, list[str]] = {}
    for n in notes:
        if n["kind"] == "take-away":
            by_city.setdefault(n.get("note_city") or "", []).append(n["text"])
    if by_city:
        body.append(tag("h3", t("Take-aways by city")))
        for city in sorted(by_city, key=str.casefold):
            body.append(tag("h4", city) + "<ul>" + "".join(tag("li", x) for x in by_city[city]) + "</ul>")
    return "".join(body) + "</section>"


def decisions_html(t: Translate, tables: Tables) -> str:
    """The decisions in the order taken, then the action items with owner, due date and state."""
    decisions: Rows = tables.get("decisions", ())
    actions: Rows = tables.get(ACTIONS_KEY, ())
    if not decisions and not actions:
        return ""
    body = [open_section("decisions", t("Decisions and actions"))]
    if decisions:
        body.append("<ol>" + "".join(tag("li", d["text"]) for d in decisions) + "</ol>")
    if actions:
        head = thead((t("Action"), False), (t("Owner"), False), (t("Due"), False), (t("State"), False))
        rows = "".join("<tr>" + tag("td", a["text"]) + tag("td", a["owner"] or "")
                       + tag("td", a["due"].isoformat() if a["due"] else "")
                       + tag("td", t("Done") if a["done"] else t("Open")) + "</tr>" for a in actions)
        body.append(tag("h3", t("Action items")) + f"<table>{head}<tbody>{rows}</tbody></table>")
    return "".join(body) + "</section>"


def meetings_sections(t: Translate, tables: Tables) -> list[str]:
    """The two sections (each empty when the workshop has nothing for it)."""
    return [discussion_html(t, tables), decisions_html(t, tables)]
