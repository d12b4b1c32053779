"""The poll step (issue 24): single and multiple choice, a rating scale, or a word cloud.

``view`` holds :class:`PollView` (one per page and role), ``answer`` the participant's form and
``results`` the bars and the word cloud as HTML.
"""

from facilitation.ui.steps.poll.view import PollView

__all__ = ["PollView"]
