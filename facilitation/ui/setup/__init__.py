"""Editing a workshop from a page, before and during the session (organiser page and console).

Three components, each built as ``Component(ctx, key)`` with a ``root`` widget and a
``refresh(topics=None)`` that re-renders from the store (the page calls it on live changes):

* :class:`AgendaEditor` — the agenda rows: title, minutes, the instruction participants see,
  move up/down, remove, and add a step;
* :class:`SettingsEditor` — voting (budget, dots per idea), private writing, how names show,
  asking for organisation and city, the criteria (until the first score) and the map view;
* :class:`RolesPanel` — role links (co-facilitator, expert, city representative, presenter):
  issue one (its full link is shown once), revoke.

``ctx.code`` names the workshop; ``key`` is the key every store call carries (the organiser
key, the workshop's facilitator key or a co-facilitator's). The store checks every value and
permission and names what is wrong; the components only show it (``fk-notice``).
Their look is ``setup.css`` (``facilitation/resources/css``).
"""

from __future__ import annotations

from facilitation.ui.setup.agenda import AgendaEditor
from facilitation.ui.setup.roles import RolesPanel
from facilitation.ui.setup.settings import SettingsEditor

__all__ = ["AgendaEditor", "RolesPanel", "SettingsEditor"]
