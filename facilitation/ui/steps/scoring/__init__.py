"""The impact scoring step: participants score items on criteria; the group sees the results.

- participant: one ``fk-score-input`` per item × criterion with a "don't know" choice that
  is stored as no value (never a zero), ``fk-score-submit``; scores can change until the
  step closes. The group results appear once the facilitator reveals them.
- facilitator: choose what is scored (scenarios or top-voted ideas), edit the criteria
  until the first score is in, reveal the results, and the live group view.
- presenter: the live group view, large.

Every write goes through the store with the participant's token or the facilitator's key.

One small part per module: :mod:`.score_form` (the participant's form), :mod:`.setup_panel`
and :mod:`.criteria_editor` (the facilitator's setup), :mod:`.group` and :mod:`.group_html`
(the group results), :mod:`.robustness` and :mod:`.robustness_html` (the what-if panel),
:mod:`.view` (the step's view for each role, ``facilitation.ui.steps.scoring:ScoringView``).
"""

from __future__ import annotations

from facilitation.ui.steps.scoring.group import GroupView
from facilitation.ui.steps.scoring.score_form import DONT_KNOW
from facilitation.ui.steps.scoring.view import ScoringView

__all__ = ["DONT_KNOW", "GroupView", "ScoringView"]
