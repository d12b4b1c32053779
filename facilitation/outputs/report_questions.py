"""The report's section "Questions" (issue 24): what the room asked, most upvoted first, step by step.

Built from the exported rows (``questions.csv``), so the report and the CSV agree. Hidden questions
(moderated) are left out of the report, as they were left off the participants' pages; a workshop
without questions gets no section. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from facilitation.domain.steps import N_
from facilitation.i18n import Translate
from facilitation.outputs.report import Tables, open_section, tag, thead

Rows = Sequence[Mapping[str, Any]]
STATUS = {"open": N_("Open"), "answering": N_("Being answered"), "answered": N_("Answered")}


def questions_html(t: Translate, tables: Tables) -> str:
    """The questions of each questions or presentation step: text, upvotes and whether it was answered."""
    asked: Rows = [q for q in tables.get("questions", ()) if q["status"] != "hidden"]
    if not asked:
        return ""
    body = [open_section("questions", t("Questions"))]
    steps: dict[Any, list[Mapping[str, Any]]] = {}
    for q in asked:
        steps.setdefault((q.get("agenda_id"), q.get("step") or ""), []).append(q)
    answered = sum(1 for q in asked if q["status"] == "answered")
    body.append(tag("p", t.ngettext("{n} question asked", "{n} questions asked", len(asked)).format(n=len(asked))
                    + " · " + t.ngettext("{n} answered", "{n} answered", answered).format(n=answered), "fk-muted"))
    for (_, title), rows in steps.items():
        if len(steps) > 1 and title:
            body.append(tag("h3", title))
        ranked = sorted(rows, key=lambda q: (-(q.get("votes") or 0), q.get("id") or 0))
        cells = "".join("<tr>" + tag("td", q["text"]) + tag("td", str(q.get("votes") or 0), "fk-n")
                        + tag("td", t(STATUS.get(q["status"], q["status"]))) + "</tr>" for q in ranked)
        body.append('<table class="fk-report-questions">' + thead((t("Question"), False), (t("Upvotes"), True),
                                                       (t("Status"), False)) + f"<tbody>{cells}</tbody></table>")
    return "".join(body) + "</section>"
