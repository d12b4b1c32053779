"""Several cities in one workshop (issue 22): whose scenarios a page edits or shows.

* :class:`ScenarioGroupPick` – the editor's ``fk-scenario-group`` Dropdown: the whole room or one
  group (shown only when the workshop has groups). A group facilitator's page offers its own
  group only; the store refuses any other whatever the page sends.
* :func:`sections` – the scenarios a read-only page shows, one section per group when it shows
  every group (the presenter, the plenary), else the one list its scope reads.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.groups import ALL_GROUPS, GroupFilter, group_label
from facilitation.domain.records import Scenario
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context

ROOM = 0  # the Dropdown's value for "the whole room" (group ids start at 1)

Section = tuple[int | None, str, list[Scenario]]  # (group id, its label, its scenarios); None: the room's


class ScenarioGroupPick:
    """The editor's group picker; ``scope`` is the page's read filter (a bound or chosen group first)."""

    def __init__(self, ctx: Context, scope: GroupFilter, on_change: Callable[[], None]) -> None:
        self.ctx, self.t = ctx, ctx.t
        bound = store.key_group(ctx.db, ctx.code, ctx.key) if ctx.key else None
        self.bound: int | None = bound.id if bound is not None else None
        self._first: int | None = scope if isinstance(scope, int) else -1  # -1: the first city
        self.has_groups = False
        self.widget = theme.dropdown(self.t("Scenarios of"), [(self.t("The whole room"), ROOM)], value=ROOM,
                                     classes=["fk-scenario-group"])
        self._quiet = False
        self.widget.observe(lambda _c: None if self._quiet else on_change(), names="value")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the groups (a renamed, added or removed group shows at once)."""
        t = self.t
        groups = store.list_groups(self.ctx.db, self.ctx.workshop.id)
        self.has_groups = bool(groups)
        options = [(group_label(g, t), g.id) for g in groups if self.bound is None or g.id == self.bound]
        if self.bound is None or not options:  # (a bound group since removed: the store refuses its saves)
            options = [(t("The whole room"), ROOM)] + options
        values = [v for _label, v in options]
        current = self.widget.value
        if self._first is not None and self.has_groups:
            # Built: the page's own group (a bound or chosen one), else the first city, whose
            # scenarios are the usual work when a workshop has several.
            current = self._first if self._first in values else values[min(1, len(values) - 1)]
            self._first = None
        if list(self.widget.options) != options or self.widget.value != current:
            self._quiet = True
            try:
                self.widget.options = options
                self.widget.value = current if current in values else values[0]
            finally:
                self._quiet = False
        self.widget.disabled = self.bound is not None
        theme.set_visible(self.widget, self.has_groups)

    @property
    def group_id(self) -> int | None:
        """The group a new scenario is written for (None: the whole room)."""
        value = self.widget.value
        return value if self.has_groups and isinstance(value, int) and value != ROOM else None

    @property
    def scenario_filter(self) -> GroupFilter:
        """What the editor lists: every scenario without groups, else the chosen group's (with the room's)."""
        if not self.has_groups:
            return ALL_GROUPS
        return self.group_id

    @property
    def idea_filter(self) -> GroupFilter:
        """The ideas offered: the chosen group's wall (with the room's ideas), or every idea for the room."""
        return ALL_GROUPS if self.group_id is None else self.group_id


def sections(ctx: Context, workshop_id: int, scope: GroupFilter) -> list[Section]:
    """The scenarios a read-only page shows: one section per group (then the room's) when it shows
    every group of a workshop with groups, else one section with what ``scope`` reads."""
    if scope != ALL_GROUPS:
        return [(None, "", store.list_scenarios(ctx.db, workshop_id, group_id=scope))]
    every = store.list_scenarios(ctx.db, workshop_id)
    if not any(s.group_id is not None for s in every):
        return [(None, "", every)]
    named = store.all_groups(ctx.db, workshop_id)
    out: list[Section] = []
    for gid in sorted({s.group_id for s in every if s.group_id is not None},
                      key=lambda g: named[g].number if g in named else g):
        label = group_label(named[gid], ctx.t) if gid in named else ""
        out.append((gid, label, [s for s in every if s.group_id == gid]))
    room = [s for s in every if s.group_id is None]
    if room:
        out.append((None, ctx.t("The whole room"), room))
    return out


def picker_row(pick: ScenarioGroupPick, new_button: widgets.Button) -> widgets.HBox:
    """The group picker beside the "New scenario" button."""
    return theme.add_classes(widgets.HBox([pick.widget, new_button]), ["fk-actions", "fk-scenario-group-row"])
