"""Breakout groups on the pages: which group's work a view shows, the participant's group, the plenary.

* :mod:`.scope` – :func:`view_scope`, the read filter a step's view passes to the store (a
  participant's own group, a group facilitator's group, the presenter's choice, or every group),
  and :func:`group_names` for the group chip on cards.
* :mod:`.badge` – the participant's group (``fk-group-name``), the group's own challenge
  (``fk-group-challenge``) and, while the facilitator lets people pick, the picker
  (``fk-group-pick``, ``fk-group-choose``).
* :mod:`.compare` – the plenary board (``fk-plenary``): every group side by side with its counts
  and top ideas (``fk-plenary-group``), on the console and the presenter.

Light: on the participant's path (ipywidgets and the store only). The store decides every
membership and permission; these widgets only show what it answered.
"""

from __future__ import annotations

from facilitation.ui.steps.groups.scope import group_names, view_scope

__all__ = ["group_names", "view_scope"]
