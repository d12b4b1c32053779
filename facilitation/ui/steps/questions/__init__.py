"""The questions step (issue 24): participants ask and upvote, the facilitator marks and hides, the
presenter shows the question being answered, large, then the most upvoted ones.

- participant (``fk-view-questions``): ``fk-question-text``, ``fk-question-submit``; each
  ``fk-question-card`` with ``fk-question-votes`` and ``fk-question-upvote`` (a second click takes
  the upvote back; one's own question cannot be upvoted).
- facilitator (console's Run tab): each card with ``fk-question-answering``, ``fk-question-answered``
  (Reopen on an answered one) and ``fk-question-hide`` (Show on a hidden one).
- presenter: ``fk-question-presenter`` with ``fk-question-now`` (being answered) and ``fk-question-top``.
"""

from __future__ import annotations

from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.steps.questions.panel import QuestionsPanel

__all__ = ["QuestionsPanel", "QuestionsView"]


class QuestionsView:
    """The questions step for one page (``role``: participant, facilitator or presenter)."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        self.ctx, self.role = ctx, role
        self.panel = QuestionsPanel(ctx, role)
        self.root = theme.box([self.panel.root], classes=["fk-view", f"fk-view-questions-{role}"])
        if role == "participant":
            self.root.add_class("fk-view-questions")

    def refresh(self, topics: set[str]) -> None:
        """Every topic of the registry entry (questions, the open step, names, groups) changes what shows."""
        self.panel.refresh(topics)

    def close(self) -> None:
        theme.close_tree(self.root)
