"""The console a group facilitator's link opens: their group only.

The link (role ``group-facilitator``, bound to one group) may moderate that group's ideas and
stakeholders and present its work; it may not steer the room. The page follows the step the
facilitator opens, shows the step as the console does but read for the bound group
(:func:`facilitation.ui.steps.groups.view_scope` gives the views the group from the key), and a
card of the group's members, counts and top ideas. The store checks every hide and merge per
item, so a forged click on another group's idea is refused and shown in ``fk-notice``.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.domain.groups import group_label
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice
from facilitation.ui.kit.shell import StepHost, current_position, stepbar, workshop_header
from facilitation.ui.steps.groups.compare import TOPICS, group_column_html


class GroupLeadPage:
    """The group facilitator's page body; ``on_change`` is the console's, for this role."""

    def __init__(self, ctx: Context, workshop: Workshop, *, link: widgets.Widget, notice: Notice,
                 host: StepHost) -> None:
        self.ctx, self.t, self.workshop, self.host = ctx, ctx.t, workshop, host
        t = self.t
        group = store.key_group(ctx.db, ctx.code, ctx.key)
        name = group_label(group, t) if group is not None else t("Group")
        header = workshop_header(workshop, extra=t("Group facilitator: {group}").format(group=name), language=t.language)
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        self.card = theme.html(classes=["fk-group-lead-card", "fk-plenary"])
        self.root = theme.app_root([link, header, self.stepbar, self.card, notice, host.box], role="facilitator",
                                   classes=["fk-console", "fk-console-group"])

    def on_change(self, topics: set[str]) -> None:
        switched = False
        if topics & {"phase", "agenda"}:
            self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
            items, index, step = current_position(self.ctx, self.workshop)
            self.stepbar.value = stepbar(self.t, items, index, "facilitator")
            switched = self.host.show(step)
        if not switched:
            self.host.refresh(topics)
        if topics & TOPICS:
            self._card()

    def _card(self) -> None:
        try:
            summaries = store.group_summaries(self.ctx.db, self.ctx.code, self.ctx.key, translate=self.t)
        except FacilitationError:
            summaries = []
        self.card.value = ('<div class="fk-plenary-grid fk-plenary-one">'
                           + "".join(group_column_html(self.t, s) for s in summaries) + "</div>")
