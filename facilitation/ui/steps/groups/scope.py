"""Which group's work a step's view shows, asked of the store once when the view is built.

A participant sees their own group's wall (and what the whole room wrote before there were
groups); in plenary, or without groups, everything. A page opened with a link bound to one
group (a group facilitator) sees that group. A presenter or console may choose one group with
``ctx.query["group"]`` (the presenter's selector sets it); otherwise every group. The store
filters by the value returned here and checks every write on its own, so a forged value only
changes what a page reads, never what it may write.
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain.groups import ALL_GROUPS, GroupFilter, group_label
from facilitation.ui.kit.base import Context


def chosen_group(ctx: Context) -> int | None:
    """The group a presenter or console chose to show (``ctx.query["group"]``), or None for all."""
    raw = str(ctx.query.get("group", "") or "")
    return int(raw) if raw.isdigit() else None


def view_scope(ctx: Context, role: str, workshop_id: int) -> GroupFilter:
    """The read filter of a view built for ``role`` on ``ctx``'s page (see the module docstring)."""
    if role == "participant":
        return store.wall_group(ctx.db, workshop_id, ctx.participant_id)
    bound = store.key_group(ctx.db, ctx.code, ctx.key) if ctx.key else None
    if bound is not None:
        return bound.id
    chosen = chosen_group(ctx)
    if chosen is not None and any(g.id == chosen for g in store.list_groups(ctx.db, workshop_id)):
        return chosen
    return ALL_GROUPS


def group_names(ctx: Context, workshop_id: int, scope: GroupFilter) -> dict[int, str]:
    """Group id → label, for a chip on each card when a view shows several groups (empty otherwise)."""
    if scope != ALL_GROUPS:
        return {}
    return {g.id: group_label(g, ctx.t) for g in store.list_groups(ctx.db, workshop_id)}
