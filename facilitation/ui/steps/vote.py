"""Vote step: dot voting on the wall with the workshop's budget per participant.

Participants add dots (``fk-vote-button``), take them back (``fk-vote-withdraw``) and see
their remaining budget (``fk-votes-left``); counts are live on every page. The budget and
the per-idea limit are enforced by the store; a refused dot explains itself in ``fk-notice``.
The facilitator sees the wall ranked, with hide/merge; the presenter shows the ranking.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Idea
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.steps.brainstorm import IdeaBoard
from facilitation.ui.kit.ideas import ranking_html, votes_text


class VoteView(IdeaBoard):
    """The vote step (``fk-view-vote``)."""

    step = "vote"
    voting = True

    def _build(self) -> widgets.VBox:
        self.ranking = theme.html(classes=["fk-ranking"])
        if self.role != "participant":
            return super()._build()
        self.budget = theme.html(classes=["fk-votes-left"])
        return theme.box([self.banner, self.budget, self.notice, self._board()], classes=["fk-view"])

    def _off_page(self) -> tuple[widgets.Widget, ...]:
        return (*super()._off_page(), self.ranking)

    def _presenter_main(self) -> widgets.Widget:
        return self.ranking

    def ordered(self, ideas: list[Idea]) -> list[Idea]:
        if self.role == "participant":
            return ideas  # a stable order while voting: no bandwagon from a moving leader board
        return sorted(ideas, key=lambda i: (i.hidden, -i.total_votes, i.id or 0))  # carried votes count (issue 22)

    def _empty_text(self) -> tuple[str, str]:
        return self.t("Nothing to vote on yet"), self.t("Ideas from the brainstorm appear here.")

    def _refresh_extra(self) -> None:
        t = self.t
        if self.role == "presenter":
            self.ranking.value = ranking_html(t, self._ideas)
        if self.role != "participant":
            return
        budget = self.workshop.vote_budget
        left = max(self._left, 0)
        text = t.ngettext("{n} vote left", "{n} votes left", left).format(n=left)
        per_idea = self.workshop.votes_per_idea
        rule = (t.ngettext("Up to {n} dot on one idea.", "Up to {n} dots on one idea.", per_idea).format(n=per_idea)
                if per_idea > 1
                else t("One dot per idea."))
        of_budget = t("of {n}").format(n=budget)
        move = t("Withdraw a dot to move it.")
        self.budget.value = (
            f'<div class="fk-budget">{theme.dots_html(left, budget, big=True)}'
            f'<span class="fk-budget-text">{esc(text)}</span>'
            f'<span class="fk-help">{esc(of_budget)} · {esc(rule)} {esc(move)}</span></div>')

    def _summary_html(self) -> str:
        if self.role == "participant":
            return super()._summary_html()
        t = self.t
        visible = [i for i in self._ideas if not i.hidden]
        dots = sum(i.total_votes for i in visible)
        carried = sum(i.carried_votes for i in visible)
        shown = {int(i.id) for i in visible}  # a group's page counts the voters on its own ideas
        voters = len({r["participant_id"] for r in store.vote_rows(self.ctx.db, self.workshop.id)
                      if r["withdrawn_at"] is None and r["idea_id"] in shown})
        ideas = t.ngettext("{n} idea", "{n} ideas", len(visible)).format(n=len(visible))
        people = t.ngettext("{n} voter", "{n} voters", voters).format(n=voters)
        text = " · ".join((votes_text(t, dots, carried), ideas, people))
        return f'<div class="fk-panel-title">{esc(text)}</div>'
