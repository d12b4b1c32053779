"""The plenary board (``fk-plenary``): every group side by side, its counts and its top ideas.

Read from ``store.group_summaries`` with the page's key (it needs "present"; a group
facilitator's key gets only its own group). The console shows the board while the plenary is
on; the presenter whenever it shows all groups. Every text is escaped here.
"""

from __future__ import annotations

from typing import Sequence

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.domain.groups import GroupSummary
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.ideas import votes_text

TOPICS = frozenset({"groups", "ideas", "votes", "stakeholders", "scores", "workshop", "participants"})


def group_column_html(t: Translate, s: GroupSummary, *, leader: bool = False) -> str:
    """One group's column: name, city, challenge, the counts and its top ideas with their votes."""
    g = s.group
    named = g.city and g.city.strip().casefold() != s.label.strip().casefold()  # "Kościerzyna" once, not twice
    city = f'<span class="fk-chip">{esc(g.city)}</span>' if named else ""
    lead = theme.chip(t("Most votes"), "dot") if leader else ""
    challenge = (f'<p class="fk-plenary-challenge">{esc(g.challenge_title)}</p>' if g.challenge_title else "")
    stats = [t.ngettext("{n} person", "{n} people", len(s.members)).format(n=len(s.members)),
             t.ngettext("{n} idea", "{n} ideas", s.ideas).format(n=s.ideas),
             t.ngettext("{n} vote", "{n} votes", s.votes).format(n=s.votes)]
    if s.stakeholders:
        stats.append(t.ngettext("{n} stakeholder", "{n} stakeholders", s.stakeholders).format(n=s.stakeholders))
    stats_html = "".join(f'<span class="fk-plenary-stat">{esc(label)}</span>' for label in stats)
    heading, none = t("Top ideas"), t("No ideas yet")
    if s.top_ideas:
        items = "".join(f'<li><span class="fk-plenary-idea">{esc(i.title)}</span>'
                        f'<span class="fk-count{" fk-count-zero" if not i.votes else ""}" '
                        f'title="{esc(votes_text(t, i.votes))}">'
                        f'<span class="fk-dot"></span>{i.votes}</span></li>' for i in s.top_ideas)
        top = f'<div class="fk-plenary-sub">{esc(heading)}</div><ol class="fk-plenary-top">{items}</ol>'
    else:
        top = f'<p class="fk-help">{esc(none)}</p>'
    return (f'<section class="fk-plenary-group" data-group="{g.id}"><div class="fk-plenary-name">'
            f'<span>{esc(s.label)}</span>{city}{lead}</div>{challenge}'
            f'<div class="fk-plenary-stats">{stats_html}</div>{top}</section>')


def compare_html(t: Translate, summaries: Sequence[GroupSummary], *, plenary: bool) -> str:
    """The groups side by side (the group with the most votes marked when there is one)."""
    if not summaries:
        return theme.empty_html(t("No groups yet"), t("Split the room into groups on the console."), icon="people")
    most = max(s.votes for s in summaries)
    leaders = [s for s in summaries if s.votes == most]
    title = t("Plenary: all groups side by side") if plenary else t("All groups side by side")
    note = (t("Everyone sees every group's ideas and may vote across groups.") if plenary
            else t("Each group works on its own wall."))
    columns = "".join(group_column_html(t, s, leader=most > 0 and len(leaders) == 1 and s is leaders[0])
                      for s in summaries)
    return (f'<div class="fk-plenary-head"><div class="fk-panel-title">{esc(title)}</div>'
            f'<p class="fk-help">{esc(note)}</p></div><div class="fk-plenary-grid">{columns}</div>')


class PlenaryBoard:
    """The board as a widget; ``always``: show it whenever there are groups (else only in plenary)."""

    def __init__(self, ctx: Context, *, always: bool = False) -> None:
        self.ctx, self.t, self.always = ctx, ctx.t, always
        self.root = theme.html(classes=["fk-plenary", "fk-hidden"])
        self.shown = False
        self.enabled = True  # False while a page shows one group only

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-read the groups when something they show changed (None: always)."""
        if topics is not None and not set(topics) & TOPICS:
            return
        setup = store.group_setup(self.ctx.db, self.ctx.workshop.id)
        self.shown = self.enabled and bool(setup.groups) and (setup.plenary or self.always)
        theme.show(self.root, self.shown)
        if not self.shown:
            return
        try:
            summaries = store.group_summaries(self.ctx.db, self.ctx.code, self.ctx.key, translate=self.t)
        except FacilitationError:  # a key that may not present: nothing to compare
            summaries = []
        self.root.value = compare_html(self.t, summaries, plenary=setup.plenary)
