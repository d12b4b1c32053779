"""The presenter's choice of what the big screen shows: all groups side by side, or one group.

``fk-presenter-group`` (shown once the workshop has groups): "All groups side by side" shows the
plenary board (:class:`~facilitation.ui.steps.groups.compare.PlenaryBoard`) above the step, which
then reads every group's work; choosing a group hides the board and rebuilds the step for that
group (``ctx.query["group"]``, read by :func:`~facilitation.ui.steps.groups.scope.view_scope`).
What a page with a key may read is decided by the store; the choice only narrows it.
"""

from __future__ import annotations

from typing import Callable

from facilitation import store
from facilitation.domain.groups import group_label
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.steps.groups.compare import PlenaryBoard
from facilitation.ui.steps.groups.scope import chosen_group

ALL = 0  # the option "all groups" (group ids start at 1)


class GroupChoice:
    """The selector (``pick``) and the board (``board``) of a presenter page; ``on_pick`` rebuilds its step."""

    def __init__(self, ctx: Context, *, on_pick: Callable[[], None]) -> None:
        self.ctx, self.t, self.on_pick = ctx, ctx.t, on_pick
        self.pick = theme.dropdown(self.t("Show"), [(self.t("All groups side by side"), ALL)], value=ALL,
                                   classes=["fk-presenter-group", "fk-hidden"])
        self.board = PlenaryBoard(ctx, always=True)
        self._syncing = False
        self.pick.observe(self._picked, names="value")

    def refresh(self, topics: set[str] | None) -> None:
        if topics is None or "groups" in topics:
            groups = store.list_groups(self.ctx.db, self.ctx.workshop.id)
            options = [(self.t("All groups side by side"), ALL)] + [(group_label(g, self.t), g.id) for g in groups]
            theme.show(self.pick, bool(groups))
            if list(self.pick.options) != options:
                self._syncing = True
                try:
                    self.pick.options = options
                    chosen = chosen_group(self.ctx)
                    self.pick.value = chosen if chosen in [v for _, v in options] else ALL
                finally:
                    self._syncing = False
                if self.pick.value == ALL:
                    self.ctx.query.pop("group", None)
        self.board.enabled = self.pick.value == ALL
        self.board.refresh(topics)

    def _picked(self, change: dict) -> None:
        if self._syncing:
            return
        value = change["new"]
        if isinstance(value, int) and not isinstance(value, bool) and value != ALL:
            self.ctx.query["group"] = str(value)
        else:
            self.ctx.query.pop("group", None)
        self.board.enabled = value == ALL
        self.board.refresh(None)
        self.on_pick()
