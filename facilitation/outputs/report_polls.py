"""The report's section "Polls" (issue 24): each poll's question and its results.

Built from the exported rows (``polls.csv``, ``poll_answers.csv``) so the report and the CSVs agree:
a choice poll's options with counts and shares, a rating's distribution and mean, a word cloud's
words by count. A workshop without polls gets no section; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from facilitation.domain import polls as P
from facilitation.i18n import Translate
from facilitation.outputs.poll_tables import OPTION_SEPARATOR
from facilitation.outputs.report import Tables, open_section, tag, thead

Rows = Sequence[Mapping[str, Any]]
MAX_REPORT_WORDS = 40


def _settings(row: Mapping[str, Any]) -> P.PollSettings:
    options = tuple(row["options"].split(OPTION_SEPARATOR)) if row.get("options") else ()
    return P.PollSettings(question=row["question"], kind=row["kind"], options=options,
                          scale=row.get("scale") or 5, low_label=row.get("low_label") or "",
                          high_label=row.get("high_label") or "")


def _entries(answer: Mapping[str, Any]) -> list[str]:
    return [w for w in (answer.get("answer") or "").split("; ") if w]


def poll_html(t: Translate, row: Mapping[str, Any], answers: Rows, language: str) -> str:
    """One poll: its question, kind and answers count, then its results as a table."""
    settings = _settings(row)
    result = P.results(settings, ((list(a.get("choices") or ()), _entries(a)) for a in answers))
    kind = t(P.KIND_LABELS.get(settings.kind, settings.kind))
    count = t.ngettext("{n} answer", "{n} answers", result.answers).format(n=result.answers)
    head = tag("h3", settings.question) + tag("p", f"{kind} · {count}", "fk-muted")
    if settings.kind == "words":
        if not result.words:
            return head
        body = "".join("<tr>" + tag("td", word) + tag("td", str(n), "fk-n") + "</tr>"
                       for word, n in result.words[:MAX_REPORT_WORDS])
        words_head = thead((t("Word"), False), (t("Times"), True))
        return head + f"<table>{words_head}<tbody>{body}</tbody></table>"
    labels = list(result.labels) or [str(i + 1) for i in range(len(result.counts))]
    body = "".join("<tr>" + tag("td", labels[i]) + tag("td", str(result.counts[i]), "fk-n")
                   + tag("td", f"{result.percent(i)}%", "fk-n") + "</tr>" for i in range(len(result.counts)))
    table_head = thead((t("Answer"), False), (t("People"), True), (t("Share"), True))
    table = f"<table>{table_head}<tbody>{body}</tbody></table>"
    if settings.kind == "rating" and result.mean is not None:
        mean = f"{result.mean:.1f}".replace(".", "," if language == "pl" else ".")
        table += tag("p", t("Mean: {mean} of {scale}").format(mean=mean, scale=settings.scale))
    return head + table


def polls_html(t: Translate, tables: Tables, language: str = "en") -> str:
    """Every poll of the workshop in agenda order ("" when it had none)."""
    polls: Rows = tables.get("polls", ())
    if not polls:
        return ""
    answers: Rows = tables.get("poll_answers", ())
    parts = [poll_html(t, row, [a for a in answers if a["poll_id"] == row["id"]], language) for row in polls]
    return open_section("polls", t("Polls")) + "".join(parts) + "</section>"
