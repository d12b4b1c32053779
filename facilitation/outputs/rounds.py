"""Rounds side by side: per city, what each round of its workshops produced (for the review).

A city's workshops are compared in round order (then date, then creation): participants,
ideas on the wall, standing votes, the votes ideas carried from the previous round and the
top ideas. Cities with a single workshop are left out unless asked for. Every text is
escaped in :func:`round_comparison_html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from facilitation import store
from facilitation.domain.escaping import esc
from facilitation.domain.groups import TopIdea, fold_city
from facilitation.domain.records import Workshop
from facilitation.i18n import Translate

TOP_IDEAS = 3


@dataclass(frozen=True)
class RoundColumn:
    """One workshop (one round) of a city."""

    code: str
    title: str
    round: int
    date: date | None
    participants: int
    ideas: int
    votes: int  # this round's standing dots
    carried_votes: int  # the votes its ideas carried from the previous round
    top_ideas: tuple[TopIdea, ...]  # ranked by both together

    @property
    def total_votes(self) -> int:
        """This round's dots and the carried votes together (issue 22)."""
        return self.votes + self.carried_votes


@dataclass(frozen=True)
class CityRounds:
    city: str
    country: str
    rounds: tuple[RoundColumn, ...]


def round_column(db: store.Database, workshop: Workshop) -> RoundColumn:
    """What one workshop produced, as a column of the comparison."""
    ideas = [i for i in store.list_ideas(db, workshop.id, facilitator=True) if not i.hidden]
    ranked = sorted(ideas, key=lambda i: (-(i.votes + i.carried_votes), i.id))
    return RoundColumn(code=workshop.code, title=workshop.title, round=workshop.round, date=workshop.date,
                       participants=store.people_here(db, workshop.id), ideas=len(ideas),
                       votes=sum(i.votes for i in ideas), carried_votes=sum(i.carried_votes for i in ideas),
                       top_ideas=tuple(TopIdea(id=i.id, title=i.title, votes=i.votes + i.carried_votes)
                                       for i in ranked[:TOP_IDEAS]))


def round_comparison(db: store.Database, city: str | None = None, *, single: bool = False,
                     workshops: Sequence[Workshop] | None = None) -> list[CityRounds]:
    """Per city (or only ``city``), its workshops' rounds side by side; ``single`` keeps cities with one workshop.

    ``workshops``: compare only these (e.g. the review's filtered list); default every workshop.
    """
    by_city: dict[tuple[str, str], list[Workshop]] = {}
    for w in (store.list_workshops(db) if workshops is None else workshops):
        if city is None or fold_city(w.city) == fold_city(city):
            by_city.setdefault((fold_city(w.city), fold_city(w.country)), []).append(w)
    out = []
    for found in by_city.values():
        if len(found) < 2 and not single:
            continue
        found.sort(key=lambda w: (w.round, w.date or date.max, w.id or 0))
        out.append(CityRounds(city=found[0].city, country=found[0].country,
                              rounds=tuple(round_column(db, w) for w in found)))
    return sorted(out, key=lambda c: fold_city(c.city))


def round_comparison_html(t: Translate, comparison: Sequence[CityRounds]) -> str:
    """A table per city: one column per round (participants, ideas, votes, carried votes, top ideas)."""
    parts = []
    round_n, top_ideas = t("Round {n}"), t("Top ideas")  # translated outside the f-strings (Babel skips those)
    for c in comparison:
        heads = "".join(f'<th class="fk-n">{esc(round_n.format(n=r.round))}<br>'
                        f'<span class="fk-muted">{esc(r.code)}</span></th>' for r in c.rounds)
        rows = [(t("Participants"), [r.participants for r in c.rounds]), (t("Ideas"), [r.ideas for r in c.rounds]),
                (t("Votes, carried ones included"), [r.total_votes for r in c.rounds]),
                (t("Votes in this round"), [r.votes for r in c.rounds]),
                (t("Votes carried from the previous round"), [r.carried_votes for r in c.rounds])]
        body = "".join(f"<tr><th>{esc(label)}</th>" + "".join(f'<td class="fk-n">{esc(v)}</td>' for v in values)
                       + "</tr>" for label, values in rows)
        tops = "".join("<td>" + "".join(f"<div>{esc(i.title)} ({esc(i.votes)})</div>" for i in r.top_ideas) + "</td>"
                       for r in c.rounds)
        body += f"<tr><th>{esc(top_ideas)}</th>{tops}</tr>"
        place = ", ".join(x for x in (c.city, c.country) if x)
        parts.append(f'<section class="fk-rounds" data-city="{esc(c.city)}"><h3>{esc(place)}</h3>'
                     f"<table><thead><tr><th></th>{heads}</tr></thead><tbody>{body}</tbody></table></section>")
    return "".join(parts)
