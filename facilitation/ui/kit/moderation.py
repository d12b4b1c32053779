"""The facilitator's moderation of a wall: the bar that merges a duplicate into another record.

Shared by every step whose records the facilitator moderates (ideas on the brainstorm and
vote walls, stakeholders on the grid). Each card's *Merge…* button opens the bar for that
card's record (:meth:`MergeBar.open`); the bar offers the other records; *Merge* calls
``on_merge(duplicate_id, keep_id)`` (``keep_id`` None when nothing is chosen), and the step's
view asks the store, which checks the facilitator key. Hiding is one store call per card, in
the view. Participants' pages have no bar at all.
"""

from __future__ import annotations

from typing import Callable, Sequence

from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice, esc
from facilitation.ui.kit.markup import title_html


class MergeBar:
    """"Merge a duplicate": which record, into which one, Merge or Cancel (``fk-merge-bar``).

    ``prefix`` names the bar's controls: ``fk-merge-target`` / ``-confirm`` / ``-cancel`` for
    ideas (``fk-``), ``fk-stakeholder-merge-target`` … for stakeholders (``fk-stakeholder-``).
    """

    def __init__(self, t: Translate, notice: Notice, *, on_merge: Callable[[int, int | None], object],
                 prefix: str = "fk-") -> None:
        self.t, self.notice, self.on_merge = t, notice, on_merge
        self.duplicate: int | None = None
        self.label = theme.html(classes=["fk-merge-label"])
        self.target = theme.dropdown(t("Merge into"), [], classes=[f"{prefix}merge-target"])
        self.confirm_button = theme.button(t("Merge"), kind="primary", small=True, classes=[f"{prefix}merge-confirm"])
        self.cancel_button = theme.button(t("Cancel"), kind="ghost", small=True, classes=[f"{prefix}merge-cancel"])
        self.confirm_button.on_click(lambda _b: self.confirm())
        self.cancel_button.on_click(lambda _b: self.close())
        self.root = theme.panel([self.label, self.target, theme.box([self.confirm_button, self.cancel_button],
                                                                    classes=["fk-actions"], horizontal=True)],
                                classes=["fk-merge-bar"])
        theme.set_visible(self.root, False)
        self._choices: list[tuple[int, str]] = []

    def open(self, record_id: int, name: str) -> None:
        """Show the bar for the duplicate ``record_id`` (called ``name``)."""
        self.duplicate = record_id
        self.label.value = title_html(self.t("Merge a duplicate")) + f'<p class="fk-lead">“{esc(name)}”</p>'
        self.offer(self._choices)
        theme.set_visible(self.root, True)

    def close(self) -> None:
        self.duplicate = None
        theme.set_visible(self.root, False)

    def offer(self, choices: Sequence[tuple[int, str]]) -> None:
        """The records one may keep, as ``(id, name)``; the duplicate itself is left out."""
        self._choices = list(choices)
        options = [(f"#{rid} {name[:60]}", int(rid)) for rid, name in self._choices if rid != self.duplicate]
        current = self.target.value
        if list(self.target.options) != options:
            self.target.options = options
            self.target.value = current if current in [v for _, v in options] else None

    def confirm(self) -> None:
        if self.duplicate is None:
            self.notice.error(self.t("Choose the duplicate first: press Merge… on its card."))
            return
        self.on_merge(self.duplicate, self.target.value)
