"""The scenarios step: experts bundle ideas into alternative scenarios; everyone compares them.

Roles:

* ``facilitator`` (the facilitator or an expert with the key): build scenarios by picking
  ideas from the wall, with a name, a narrative and case studies from other cities (a link
  and a one-line lesson); take one out of the comparison. Below, the comparison.
* ``participant`` and ``presenter``: the comparison, read-only.

The comparison (``fk-scenario-compare``) puts the scenarios side by side: narrative, the
ideas each carries with their votes, the scale × driver mix, the votes carried and the
case studies. Ideas merged after a scenario was built count as the idea they went into;
hidden ideas are shown to the facilitator only.

One part per module: :mod:`.markup` (the comparison's HTML), :mod:`.case_row` (a case study
being edited) and :mod:`.view` (the step's view, ``facilitation.ui.steps.scenarios:ScenariosView``).
"""

from __future__ import annotations

from facilitation.ui.steps.scenarios.view import TOPICS, ScenariosView

__all__ = ["TOPICS", "ScenariosView"]
