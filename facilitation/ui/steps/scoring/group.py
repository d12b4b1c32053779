"""The group view of impact scoring: ranking, agreement, a chart per item × criterion, robustness.

Live on the facilitator's console and the presenter's screen; shown to participants once the
facilitator reveals it. With breakout groups each group scores on its own: the view reads the
scope its page was built for (a participant's group, a group facilitator's, the presenter's
choice; :func:`facilitation.ui.steps.groups.view_scope`), and the facilitator's view of every
group can show one group's results at a time (``fk-score-group``). Everything is rendered from the store through
:func:`facilitation.store.scoring_data` and the pure maths in :mod:`facilitation.scoring`
and :mod:`facilitation.scoring.results`.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import scoring, store
from facilitation.domain.groups import ALL_GROUPS, GroupFilter, group_label
from facilitation.scoring import Agreement, ItemResult
from facilitation.scoring import results as scoring_views
from facilitation.store import ScoringData
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.markup import el
from facilitation.ui.steps.scoring.group_html import agreement_html, charts_html, ranking_html
from facilitation.ui.steps.scoring.robustness import RobustnessPanel


class GroupView:
    """Ranking (``fk-ranking``), agreement (``fk-agreement``), charts and (optionally) robustness."""

    def __init__(self, ctx: Context, role: str = "facilitator", *, robustness: str = "open",
                 scope: GroupFilter = ALL_GROUPS) -> None:
        """``robustness``: ``open`` (shown), ``button`` (behind an "explore" button) or ``none``;
        ``scope``: whose scoring this page reads (one breakout group's, or ``"all"``)."""
        self.ctx = ctx
        self.t = t = ctx.t
        self.role = role
        self.scope = self.shown = scope
        # The facilitator's view of every group picks one group's results (read-only: it narrows a read).
        self.pick = theme.dropdown(t("Results of"), [(t("All groups together"), ALL_GROUPS)], value=ALL_GROUPS,
                                   classes=["fk-score-group", "fk-hidden"])
        self.pick.layout.max_width = "360px"
        self.pick.observe(self._picked, names="value")
        self._groups: dict[int, str] = {}
        workshop = ctx.workshop
        self.wid, self.language = workshop.id, workshop.language
        self.data: ScoringData | None = None
        self.results: list[ItemResult] = []
        self.agreement_result: Agreement | None = None
        self.header = widgets.HTML()
        self.header.add_class("fk-group-header")
        self.ranking = widgets.HTML()
        self.ranking.add_class("fk-ranking")
        self.agreement = widgets.HTML()
        self.agreement.add_class("fk-agreement")
        self.charts = widgets.HTML()
        self.charts.add_class("fk-score-chart-grid")
        ranking_card = theme.panel([self.ranking], classes=["fk-sc-card"], flex="3 1 420px")
        agreement_card = theme.panel([self.agreement], classes=["fk-sc-card"], flex="2 1 300px")
        top = widgets.HBox([ranking_card, agreement_card],
                           layout=widgets.Layout(flex_flow="row wrap", width="100%", align_items="stretch"))
        top.add_class("fk-sc-row")
        self.charts_card = theme.panel([self.charts], classes=["fk-sc-card"], width="100%")
        self.robustness: RobustnessPanel | None = None
        self.explore: widgets.Button | None = None
        parts: list[widgets.Widget] = [self.header, self.pick, top, self.charts_card]
        if robustness == "open":
            self.robustness = RobustnessPanel(ctx, self.language)
            parts.append(self.robustness.root)
        elif robustness == "button":
            self.explore = theme.button(t("Explore the weights"), classes=["fk-robustness-open"])
            self.explore.on_click(lambda _b: self.open_robustness())
            parts.append(self.explore)
        self.root = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
        self.root.add_class("fk-sc")
        self.root.add_class("fk-group-view")
        if role == "presenter":
            self.root.add_class("fk-sc-presenter")
        self.refresh({"scores", "groups"})

    def _groups_changed(self) -> None:
        """Re-read the groups: the picker's options (facilitator, every group) and the title's names."""
        self._groups = {g.id: group_label(g, self.t) for g in store.list_groups(self.ctx.db, self.wid)}
        can_pick = self.role == "facilitator" and self.scope == ALL_GROUPS and bool(self._groups)
        theme.show(self.pick, can_pick)
        options = [(self.t("All groups together"), ALL_GROUPS)] + [(n, gid) for gid, n in self._groups.items()]
        if list(self.pick.options) != options:
            keep = self.shown if any(v == self.shown for _n, v in options) else ALL_GROUPS
            self.pick.unobserve(self._picked, names="value")
            try:
                self.pick.options, self.pick.value = options, keep
            finally:
                self.pick.observe(self._picked, names="value")
        if not can_pick:
            self.shown = self.scope
        elif self.shown != self.pick.value:
            self.shown = self.pick.value

    def _picked(self, change: dict) -> None:
        value = change["new"]
        self.shown = value if value == ALL_GROUPS or value in self._groups else ALL_GROUPS
        self.refresh({"scores"})

    def _title(self) -> str:
        t = self.t
        if isinstance(self.shown, int) and self.shown in self._groups:
            return t("Results of {group}").format(group=self._groups[self.shown])
        if self.shown is None and self._groups:
            return t("Results of the participants in no group")
        return t("Results of all groups together") if self._groups else t("Group results")

    def open_robustness(self) -> None:
        if self.robustness is not None:
            return
        self.robustness = RobustnessPanel(self.ctx, self.language)
        theme.replace_children(self.root, [c for c in self.root.children if c is not self.explore]
                               + [self.robustness.root])
        if self.data is not None:
            self.robustness.update(self.data, self.results)

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-read the scores and re-render (ranking and agreement first; robustness just after)."""
        t, lang = self.t, self.language
        if topics is None or "groups" in topics:
            self._groups_changed()
        data = store.scoring_data(self.ctx.db, self.wid, group_id=self.shown)
        self.data = data
        criteria = list(data.criteria)
        if data.items and criteria:
            self.results = scoring.group_result(data.ballots, data.item_keys, criteria)
            self.agreement_result = scoring.agreement(data.ballots, data.item_keys, criteria)
        else:
            self.results, self.agreement_result = [], None
        progress = scoring_views.progress(data.ballots, data.item_keys, criteria)
        line = t("{started} of {total} participants have scored; {complete} answered every item and criterion.").format(
            started=progress.started, total=data.participants, complete=progress.complete)
        title = self._title()
        self.header.value = (f'<div class="fk-panel-title">{esc(title)}</div>'
                             f'<p class="fk-sc-lead fk-scoring-progress">{esc(line)}</p>')
        self.ranking.value = ranking_html(data, self.results, t, lang)
        if self.agreement_result is not None:
            self.agreement.value = agreement_html(data, self.agreement_result, t, lang)
        else:
            self.agreement.value = (el("div", "fk-sc-kicker", t("Agreement"))
                                    + el("p", "fk-sc-muted", t("No scores yet.")))
        self.charts.value = charts_html(data, self.results, self.agreement_result, t, lang)
        self.charts_card.layout.display = None if data.items and criteria and data.ballots else "none"
        if self.robustness is not None:
            self.robustness.update(data, self.results)

    def close(self) -> None:
        theme.close_tree(self.root)
        if self.robustness is not None:
            self.robustness.close()
