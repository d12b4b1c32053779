"""A breakout group's own challenge and map on the challenge step (issue 14).

When a group carries its own challenge (a city's, written with that city's link), a page that
shows that group (:func:`~facilitation.ui.steps.groups.scope.view_scope`) reads it instead of the
workshop's, and centres the map on the group's place when one was given. The map's features are
read with the same scope (the group's own and the workshop's). Pages that edit the workshop's
challenge keep the workshop's: the group's is written on its own form.
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain.groups import Group, GroupFilter
from facilitation.domain.records import Challenge, Workshop
from facilitation.ui.kit.base import Context


def scope_group(ctx: Context, scope: GroupFilter) -> Group | None:
    """The live group a scope names (None for every group, no group, or a group since removed)."""
    if isinstance(scope, bool) or not isinstance(scope, int):
        return None
    return next((g for g in store.list_groups(ctx.db, ctx.workshop.id) if g.id == scope), None)


def scoped_challenge(group: Group | None, workshop_challenge: Challenge | None, workshop_id: int) -> Challenge | None:
    """The group's challenge when it has one (with the workshop's themes), else the workshop's."""
    if group is None or not group.has_challenge:
        return workshop_challenge
    themes = workshop_challenge.themes if workshop_challenge is not None else ()
    return Challenge(workshop_id=workshop_id, title=group.challenge_title, description=group.challenge_text,
                     themes=themes)


def map_centre(group: Group | None, workshop: Workshop) -> tuple[float | None, float | None]:
    """Where the map opens: the group's place when it has one, else its city's (offline gazetteer), else the
    workshop's city."""
    if group is not None and group.lat is not None and group.lon is not None:
        return group.lat, group.lon
    if group is not None and group.city.strip():
        from facilitation.domain import gazetteer  # the place list loads only for a group with a city

        place = gazetteer.lookup(group.city, workshop.country) or gazetteer.lookup(group.city)
        if place is not None:
            return place.lat, place.lon
    return workshop.lat, workshop.lon
