"""Who may do what: the roles a key can carry, the actions they guard, and the naming modes.

Pure data. The store checks every write against :data:`PERMISSIONS` (``store.access.require_role``);
pages only use it to decide what to show. A role link a facilitator issues carries one of
:data:`KEY_ROLES`; the workshop's own key is ``facilitator``; a server-wide organiser key is
``organiser`` and passes for every workshop.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from facilitation.domain.steps import N_

KEY_ROLES = ("co-facilitator", "expert", "city", "presenter", "group-facilitator", "note-taker")
# Roles whose link may be bound to one breakout group (facilitator_keys.group_id).
GROUP_BOUND_ROLES = ("city", "group-facilitator")
ALL_ROLES = ("organiser", "facilitator") + KEY_ROLES

# steer: phase, timer, agenda, settings, criteria, moderation, scoring setup, idea reveal;
# roles: issue and revoke role links; scenarios: scenarios and case studies (a group facilitator:
# its own group's, which the store checks per scenario);
# challenge: challenge text and map features (the homework); present: the big-screen view;
# moderate: hide and merge ideas and stakeholders (a group facilitator: in its own group only,
# which the store checks per item); notes: write a discussion step's notes and take-aways (a note-taker
# does only this).
ACTIONS = ("steer", "roles", "scenarios", "challenge", "present", "moderate", "notes")

_STEERING = frozenset({"organiser", "facilitator", "co-facilitator"})
PERMISSIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    "steer": _STEERING,
    "roles": _STEERING,
    "scenarios": _STEERING | {"expert", "group-facilitator"},
    "challenge": _STEERING | {"city"},
    "present": _STEERING | {"expert", "presenter", "group-facilitator"},
    "moderate": _STEERING | {"group-facilitator"},
    "notes": _STEERING | {"note-taker"},
})

ROLE_LABELS: Mapping[str, str] = MappingProxyType({
    "organiser": N_("Organiser"),
    "facilitator": N_("Facilitator"),
    "co-facilitator": N_("Co-facilitator"),
    "expert": N_("Expert"),
    "city": N_("City representative"),
    "presenter": N_("Presenter"),
    "group-facilitator": N_("Group facilitator"),
    "note-taker": N_("Note-taker"),
})

# How authors show on walls and in the joined list: the display name (or pseudonym), only
# the pseudonym, or "Participant N".
NAMING_MODES = ("named", "pseudonymous", "anonymous")


def allowed(role: str | None, action: str) -> bool:
    """True when ``role`` may do ``action`` (an unknown action or no role is never allowed)."""
    return role is not None and role in PERMISSIONS.get(action, frozenset())


def roles_for(action: str) -> tuple[str, ...]:
    """The roles allowed to do ``action``, in :data:`ALL_ROLES` order (for messages and tests)."""
    return tuple(r for r in ALL_ROLES if allowed(r, action))
