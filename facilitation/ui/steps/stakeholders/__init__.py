"""The stakeholder step: who must be consulted and involved, on a shared power/interest grid.

Roles:

* ``participant``: adds stakeholders (``fk-stakeholder-name``, ``-category``, ``-power``,
  ``-interest``, ``-level``, ``-add``); sees everyone's on the grid and as cards
  (``fk-stakeholder-card``); moves their own by dragging the dot or with *Edit*.
* ``facilitator``: moves or edits any stakeholder, hides one, merges duplicates.
* ``presenter``: the grid large with the quadrants' advice.

The grid (:mod:`.grid`, bqplot, imported only when a grid is built) shows the four Mendelow
quadrants with their advice; a red ring marks a stakeholder whose IAP2 level does not fit its
quadrant, and the list beside the grid says why (:mod:`facilitation.domain.mendelow`). A drag
ends in :meth:`StakeholdersView.move`, which the store allows for the author or the
facilitator only; a refused or finished move redraws the grid from the store, for everyone.

One part per module: :mod:`.labels` (the step's words), :mod:`.markup` (its HTML),
:mod:`.grid` (the chart), :mod:`.card` (one stakeholder), :mod:`.form` (add and edit),
:mod:`.view` (the step's view, ``facilitation.ui.steps.stakeholders:StakeholdersView``).
"""

from __future__ import annotations

from facilitation.ui.steps.stakeholders.view import TOPICS, StakeholdersView

__all__ = ["TOPICS", "StakeholdersView"]
