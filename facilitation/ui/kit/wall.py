"""Walls of cards: a grid kept in step with a list of records, and the layouts its cards share.

* :class:`CardWall` – a grid that reconciles card widgets by id (new ones added, gone ones
  removed, the others updated in place), for any record: ideas, stakeholders, map features.
* :class:`CardStyles` – Layout and Style widgets shared by every card of one wall.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Hashable, Iterable, Sequence, TypeVar

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from facilitation.ui.kit import theme


class CardStyles:
    """Layout and style widgets shared by every card of one wall.

    Each ipywidget normally brings its own Layout (and Style) widget; sharing them turns
    ~3 browser-side models per button or text into 1, which keeps a 40-idea wall quick to
    open on every participant's phone. Visibility inside cards is therefore switched with
    CSS classes (``fk-hidden``), never with ``layout.display``.
    """

    def __init__(self) -> None:
        self.box_layout = widgets.Layout()
        self.button_layout = widgets.Layout(width="auto")
        self.button_style = widgets.ButtonStyle()
        self.html_style = HTMLStyle()

    def html(self, classes: Iterable[str] = ()) -> widgets.HTML:
        return widgets.HTML(layout=self.box_layout, style=self.html_style, _dom_classes=tuple(classes))

    def button(self, description: str, kind: str, classes: Iterable[str], tooltip: str = "") -> widgets.Button:
        names = tuple(classes) if "fk-btn" in classes else ("fk-btn", f"fk-btn-{kind}", "fk-btn-small", *classes)
        return widgets.Button(description=description, tooltip=tooltip or description, layout=self.button_layout,
                              style=self.button_style, _dom_classes=names)

    @property
    def parts(self) -> tuple[widgets.Widget, ...]:
        """The shared layout and style widgets."""
        return (self.box_layout, self.button_layout, self.button_style, self.html_style)

    def close(self) -> None:
        theme.close_tree(*self.parts)


K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


class CardWall(Generic[K, R]):
    """A grid of card widgets kept in step with a list of records, keyed by id.

    ``make(record)`` builds a card; ``update(card, record)`` refreshes it. Cards of records
    still present are reused, so refreshing an unchanged wall sends nothing to the browser.
    ``state(record)``, when given, is what a card shows besides its record (the viewer's dots,
    may they edit it): a card whose record and state compare equal to the last render's is
    not updated at all, so a live change costs the one card that changed, not the wall
    (every page of a busy room re-renders on every idea: measured in ``benchmarks.scale``).
    ``shared`` are widgets the cards share (e.g. :attr:`CardStyles.parts`): they stay open
    when cards leave, for the cards still to come, and close with the wall.
    """

    def __init__(self, make: Callable[[R], widgets.Widget], update: Callable[[widgets.Widget, R], None],
                 key: Callable[[R], K], *, empty_html: str = "", classes: Iterable[str] = (),
                 shared: Sequence[widgets.Widget] = (), state: Callable[[R], Any] | None = None) -> None:
        self.make, self.update_card, self.key, self.state = make, update, key, state
        self.shown: dict[K, tuple[R, Any]] = {}  # what each card showed at the last render (with state)
        self.shared = tuple(shared)
        self.cards: dict[K, widgets.Widget] = {}
        self.grid = theme.grid(classes=["fk-wall", *classes])
        self.empty = theme.html(empty_html, classes=["fk-wall-empty"])
        self.box = theme.box([self.empty, self.grid], classes=["fk-wall-box"])

    def render(self, records: Sequence[R]) -> None:
        keys = [self.key(r) for r in records]
        for record, k in zip(records, keys):
            card = self.cards.get(k)
            if card is None:
                card = self.cards[k] = self.make(record)
            if self.state is None:
                self.update_card(card, record)
                continue
            shown = (record, self.state(record))
            if self.shown.get(k) != shown:
                self.update_card(card, record)
                self.shown[k] = shown
        for gone in set(self.cards) - set(keys):
            del self.cards[gone]
            self.shown.pop(gone, None)
        # The grid lists the new cards before the cards that left are closed.
        theme.replace_children(self.grid, (self.cards[k] for k in keys), keep=self.shared)
        theme.show(self.empty, not records)
        theme.show(self.grid, bool(records))

    def close(self) -> None:
        theme.close_tree(self.box, *self.cards.values(), *self.shared)
        self.cards.clear()
        self.shown.clear()
