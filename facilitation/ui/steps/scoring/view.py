"""The scoring step's view for one page (see :mod:`facilitation.ui.steps.scoring`)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.store import ScoringSetup
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.steps.groups import view_scope
from facilitation.ui.steps.scoring.group import GroupView
from facilitation.ui.steps.scoring.score_form import ScoreForm
from facilitation.ui.steps.scoring.setup_panel import ScoringSetupPanel


class ScoringView:
    """The scoring step for one page: ``role`` is participant, facilitator or presenter."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        self.ctx = ctx
        self.role = role
        self.form: ScoreForm | None = None
        self.setup_panel: ScoringSetupPanel | None = None
        self.group: GroupView | None = None
        self._revealed: bool | None = None
        self.wid = ctx.workshop.id  # read once: refreshes then cost one query less
        self.scope = view_scope(ctx, role, self.wid)  # each breakout group scores on its own (issue 14)
        setup = store.scoring_setup(ctx.db, self.wid, group_id=self.scope)
        if role == "participant":
            self.form = ScoreForm(ctx)
            self.results_box = widgets.VBox([])
            self.root = widgets.VBox([self.form.root, self.results_box], layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-view-scoring")
        elif role == "facilitator":
            self.setup_panel = ScoringSetupPanel(ctx)
            self.group = GroupView(ctx, role, scope=self.scope)
            self.root = widgets.VBox([self.setup_panel.root, self.group.root],
                                     layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-scoring-console")
        elif role == "presenter":
            self.group = GroupView(ctx, role, scope=self.scope)
            self.root = widgets.VBox([self.group.root], layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-scoring-presenter")
        else:
            raise ValueError(f"unknown role {role!r}")
        self.root.add_class("fk-sc")
        self._apply(setup, {"scores"})

    def refresh(self, topics: set[str]) -> None:
        """Re-render what the changed store topics touch (unsaved choices are kept)."""
        if not topics & {"scores", "criteria", "scenarios", "ideas", "votes", "workshop", "phase", "participants",
                         "groups"}:
            return
        self._apply(store.scoring_setup(self.ctx.db, self.wid, group_id=self.scope), topics)

    def _apply(self, setup: ScoringSetup, topics: set[str]) -> None:
        if self.form is not None:
            if topics - {"scores", "participants", "groups"}:
                self.form.update(setup)
            elif self.form._signature is None:
                self.form.update(setup)
            self._participant_results(setup)
        if self.setup_panel is not None and (topics - {"scores", "participants"} or self._revealed is None
                                             or setup.locked != getattr(self, "_locked", None)):
            self.setup_panel.update(setup)
            self._locked = setup.locked
        if self.group is not None and self.role != "participant":
            self.group.refresh(topics)
        self._revealed = setup.revealed

    def _participant_results(self, setup: ScoringSetup) -> None:
        if setup.revealed:
            if self.group is None:
                self.group = GroupView(self.ctx, "participant", robustness="button", scope=self.scope)
                theme.replace_children(self.results_box, [self.group.root])
            else:
                self.group.refresh({"scores"})
        elif self.group is not None:
            group, self.group = self.group, None
            theme.replace_children(self.results_box, [])  # off the page first, then closed
            group.close()

    def close(self) -> None:
        theme.close_tree(self.root)
        if self.group is not None:
            self.group.close()
