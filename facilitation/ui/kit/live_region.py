"""A polite live region (``fk-live``): what changed on the page, read out by screen readers.

The region's outer element is stable (the page template marks every ``.fk-live`` and
``.fk-notice`` with ``role="status"`` and ``aria-live="polite"``), and only its text changes, so a
screen reader announces each new text once. It is visually hidden (``fk-sr-only``).
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from facilitation.domain.escaping import esc
from facilitation.i18n import Translate


class LiveRegion:
    """Announces new ideas (or any short sentence) to assistive technology, politely."""

    def __init__(self, t: Translate) -> None:
        self.t = t
        self.root = widgets.HTML(value="", _dom_classes=("fk-live", "fk-sr-only"))
        self._known: set[int] | None = None  # ideas already on the page (None: nothing rendered yet)
        self._count = 0

    def announce(self, text: str) -> None:
        """Say ``text`` (a counter keeps a repeated sentence a change the reader hears again)."""
        self._count += 1
        self.root.value = f'<span data-n="{self._count}">{esc(text)}</span>'

    def new_ideas(self, ideas: Iterable[tuple[int, str, bool]]) -> None:
        """Announce the ideas not seen before, ``(id, title, mine)``; the first render says nothing."""
        ideas = list(ideas)
        ids = {i for i, _title, _mine in ideas}
        if self._known is not None:
            fresh = [title for i, title, mine in ideas if i not in self._known and not mine]
            if len(fresh) == 1:
                self.announce(self.t("New idea on the wall: {title}").format(title=fresh[0]))
            elif fresh:
                n = len(fresh)
                self.announce(self.t.ngettext("{n} new idea on the wall", "{n} new ideas on the wall", n).format(n=n))
        self._known = ids if self._known is None else self._known | ids
