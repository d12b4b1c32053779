"""The kit's look, and small builders every view can reuse.

Use on any page::

    root = theme.app_root([header, ...], role="participant")

Conventions of the helpers below (they are shared by every step's views):

* Parameters holding **plain text** (``title``, ``text``, ``label``...) are escaped here with
  :func:`facilitation.ui.kit.base.esc`; pass user text straight in.
* Parameters ending in ``_html`` take HTML the kit built itself (already escaped); never pass
  user text to them unescaped.
* Widgets get ``fk-*`` classes; the kit's stylesheets (``facilitation/resources/css/*.css``)
  style only those, so a view looks right by using ``button()``, ``field()``, ``panel()`` and
  the ``*_html`` helpers. No widget carries CSS: the page template links the stylesheets once
  per page (``facilitation/resources/jupyter``, see :mod:`facilitation.serve.launcher`).
* Widgets leave through :func:`replace_children` and :func:`close_tree`: a container lists
  its new children before the old ones close, and a whole view closes before its parts, so
  no open widget ever refers to a closed one (the kernel could no longer answer a front
  end's ``request_states``; ``tests/test_request_states.py`` checks every page).

Light on purpose: imports ipywidgets only (on the participant's path).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import ipywidgets as widgets
from ipywidgets.widgets.widget_style import Style

from facilitation.ui.kit.base import esc


def _names(classes: Iterable[str], existing: Iterable[str] = ()) -> tuple[str, ...]:
    out = list(existing)
    for name in classes:
        if name and name not in out:
            out.append(name)
    return tuple(out)


def add_classes(widget: widgets.Widget, classes: Iterable[str]) -> widgets.Widget:
    """Add several ``fk-*`` classes to a widget in one update; returns the widget.

    (Each ``add_class`` call is a message to the browser; building a view sends hundreds of
    messages, so the builders below pass classes to the constructor instead.)
    """
    names = _names(classes, widget._dom_classes)
    if names != tuple(widget._dom_classes):
        widget._dom_classes = names
    return widget


_WIDGET_TO_JSON = widgets.widget_serialization["to_json"]
PARTS = (widgets.Layout, Style)


def _widgets_in(value: object) -> Iterator[widgets.Widget]:
    if isinstance(value, widgets.Widget):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _widgets_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _widgets_in(item)


@lru_cache(maxsize=None)
def _widget_traits(cls: type) -> tuple[str, ...]:
    """The synced traits of a widget class that hold widgets (sent as ``IPY_MODEL_`` references)."""
    return tuple(name for name, trait in cls.class_traits(sync=True).items()
                 if trait.metadata.get("to_json") is _WIDGET_TO_JSON)


def refs(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widgets ``widget``'s synced state refers to: children, layout, style, marks, layers…"""
    for name in _widget_traits(type(widget)):
        yield from _widgets_in(getattr(widget, name, None))


def reachable(roots: Iterable[widgets.Widget]) -> set[int]:
    """Ids of ``roots`` and of every widget they refer to, directly or not."""
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        widget = todo.pop()
        if id(widget) not in seen:
            seen.add(id(widget))
            todo.extend(refs(widget))
    return seen


def close_tree(*roots: widgets.Widget, parts: bool = True, keep: Iterable[widgets.Widget] = ()) -> None:
    """Close widgets and everything they refer to (frees kernel and browser memory).

    Each widget closes before the widgets it refers to, so at no moment does an open widget
    list a closed one (a front end asking for the widgets' state would then fail). Widgets
    reachable from ``keep`` stay open: parts still used elsewhere, e.g. the layouts shared by
    a wall's cards. ``parts=False`` keeps every Layout and Style open.
    """
    skip = reachable(keep)
    order: list[widgets.Widget] = []

    def visit(widget: widgets.Widget) -> None:
        if id(widget) in skip or (not parts and isinstance(widget, PARTS)):
            return
        skip.add(id(widget))
        for ref in refs(widget):
            visit(ref)
        order.append(widget)

    for root in roots:
        visit(root)
    for widget in reversed(order):  # reverse post-order: holders before what they hold
        widget.close()


def replace_children(box: widgets.Box, children: Iterable[widgets.Widget], *,
                     keep: Iterable[widgets.Widget] = ()) -> None:
    """Show ``children`` in ``box``, then close the children that left (never the other way round).

    What the new children (or ``keep``) still use stays open. Do not use it to move a widget
    to another box: it would be closed.
    """
    old, new = tuple(box.children), tuple(children)
    if old != new:
        box.children = new
    staying = {id(child) for child in new}
    left = [child for child in old if id(child) not in staying]
    if left:
        close_tree(*left, keep=(*new, *keep))


def app_root(children: Sequence[widgets.Widget], *, role: str, classes: Iterable[str] = ()) -> widgets.VBox:
    """The outermost box of a page (``fk-app fk-role-ROLE``): centred, themed, responsive."""
    return widgets.VBox(list(children), _dom_classes=_names(["fk-app", f"fk-role-{role}", *classes]))


def panel(children: Sequence[widgets.Widget], *, classes: Iterable[str] = (), **layout: str) -> widgets.VBox:
    """A white rounded surface holding widgets (``fk-panel``); ``layout`` sets flex sizes and margins."""
    box = widgets.VBox(list(children), _dom_classes=_names(["fk-panel", *classes]))
    for name, value in layout.items():
        setattr(box.layout, name, value)
    return box


def box(children: Sequence[widgets.Widget] = (), *, classes: Iterable[str] = (), horizontal: bool = False) -> widgets.Box:
    """A plain VBox (or HBox) with classes, for layout inside views."""
    kind = widgets.HBox if horizontal else widgets.VBox
    return kind(list(children), _dom_classes=_names(classes))


def html(value: str = "", *, classes: Iterable[str] = ()) -> widgets.HTML:
    """An HTML widget for kit-built markup (escape user text first, or use the helpers here)."""
    return widgets.HTML(value=value, _dom_classes=_names(classes))


def button(description: str, *, kind: str = "secondary", small: bool = False, wide: bool = False,
           classes: Iterable[str] = (), tooltip: str = "") -> widgets.Button:
    """A themed button. ``kind``: ``primary``, ``secondary``, ``dot`` (voting), ``danger``, ``ghost``."""
    names = ["fk-btn", f"fk-btn-{kind}"]
    if small:
        names.append("fk-btn-small")
    if wide:
        names.append("fk-btn-wide")
    return widgets.Button(description=description, tooltip=tooltip or description,
                          layout=widgets.Layout(width="auto"), _dom_classes=_names([*names, *classes]))


def submitted(widget: widgets.Widget, *, live: bool = False) -> widgets.Widget:
    """Make a text field send what it shows before any button's click (every form's fields pass here).

    ipywidgets throttles a field's per-keystroke updates while the kernel is busy but sends a
    click at once, so a fast typist's Tab+Enter submitted "Ka" for "Kasia". Without
    ``continuous_update`` the browser sends the whole value when the field loses focus or on
    Enter, which happens before the click it precedes. ``live=True`` keeps per-keystroke updates
    for a field nothing submits (a search that filters as one types).
    """
    if isinstance(widget, (widgets.Text, widgets.Textarea)) and not live:
        widget.continuous_update = False
    return widget


def field(widget: widgets.Widget, *, classes: Iterable[str] = (), live: bool = False) -> widgets.Widget:
    """Style an existing Text/Textarea/Dropdown as a form field: label above, full width.

    Prefer :func:`text`, :func:`textarea` and :func:`dropdown`, which build it styled. Text fields
    send their value on leaving them (:func:`submitted`).
    """
    return add_classes(submitted(widget, live=live), ["fk-field", *classes])


def text(description: str, *, placeholder: str = "", value: str = "", classes: Iterable[str] = (),
         live: bool = False) -> widgets.Text:
    """A one-line text field with its label above (``.NAME input`` in the browser); see :func:`submitted`."""
    return submitted(widgets.Text(value=value, description=description, placeholder=placeholder,
                                  _dom_classes=_names(["fk-field", *classes])), live=live)


def textarea(description: str, *, placeholder: str = "", value: str = "",
             classes: Iterable[str] = (), live: bool = False) -> widgets.Textarea:
    """A multi-line text field with its label above (``.NAME textarea`` in the browser); see :func:`submitted`."""
    return submitted(widgets.Textarea(value=value, description=description, placeholder=placeholder,
                                      _dom_classes=_names(["fk-field", *classes])), live=live)


def dropdown(description: str, options: Sequence, *, value=None, classes: Iterable[str] = ()) -> widgets.Dropdown:
    """A select field with its label above (``.NAME select`` in the browser)."""
    kwargs = {"value": value} if value is not None else {}
    return widgets.Dropdown(options=list(options), description=description,
                            _dom_classes=_names(["fk-field", *classes]), **kwargs)


def row(children: Sequence[widgets.Widget], *, classes: Iterable[str] = ()) -> widgets.HBox:
    """Widgets side by side, wrapping on phones (``fk-row``)."""
    return widgets.HBox(list(children), _dom_classes=_names(["fk-row", *classes]))


def grid(children: Sequence[widgets.Widget] = (), *, classes: Iterable[str] = ()) -> widgets.Box:
    """A responsive grid of cards (``fk-grid``): several columns on screens, one on phones."""
    return widgets.Box(list(children), _dom_classes=_names(["fk-grid", *classes]))


def show(widget: widgets.DOMWidget, visible: bool) -> None:
    """Show or hide a widget with the ``fk-hidden`` class (works when layouts are shared)."""
    has = "fk-hidden" in widget._dom_classes
    if visible and has:
        widget._dom_classes = tuple(c for c in widget._dom_classes if c != "fk-hidden")
    elif not visible and not has:
        widget._dom_classes = (*widget._dom_classes, "fk-hidden")


def set_visible(widget: widgets.DOMWidget, visible: bool) -> None:
    """Show or hide a widget by its class and its own layout (``fk-hidden`` wins over the theme's
    ``display: … !important`` rules); for widgets whose layout is their own, unlike :func:`show`."""
    hidden = "fk-hidden" in widget._dom_classes
    if visible and hidden:
        widget.remove_class("fk-hidden")
    elif not visible and not hidden:
        widget.add_class("fk-hidden")
    widget.layout.display = None if visible else "none"


# --- HTML snippets (return strings) -----------------------------------------------------


def chip(text: str, tone: str = "", *, title: str = "") -> str:
    """A small rounded label. ``tone``: ``primary``, ``accent``, ``warn``, ``danger``, ``dot`` or ''."""
    tone_class = f" fk-chip-{tone}" if tone else ""
    title_attr = f' title="{esc(title)}"' if title else ""
    return f'<span class="fk-chip{tone_class}"{title_attr}>{esc(text)}</span>'


def header_html(title: str, subtitle: str = "", *, side_html: str = "", brand: str = "") -> str:
    """The page header: a brand mark, the workshop title and a subtitle (city, date, role)."""
    mark = esc((brand or title or "W").strip()[:1].upper())
    sub = f'<div class="fk-header-sub">{esc(subtitle)}</div>' if subtitle else ""
    side = f'<div class="fk-header-side">{side_html}</div>' if side_html else ""
    return (f'<div class="fk-header"><div class="fk-brand" aria-hidden="true">{mark}</div>'
            f'<div class="fk-header-text"><h1 class="fk-header-title">{esc(title)}</h1>{sub}</div>{side}</div>')


def header_box(title: str, subtitle: str = "", *, side: Sequence[widgets.Widget] = (), brand: str = "") -> widgets.HBox:
    """The page header as a widget, with live widgets on its right (e.g. ``fk-whoami``)."""
    mark = esc((brand or title or "W").strip()[:1].upper())
    sub = f'<div class="fk-header-sub">{esc(subtitle)}</div>' if subtitle else ""
    main = html(f'<div class="fk-brand" aria-hidden="true">{mark}</div>'
                f'<div class="fk-header-text"><h1 class="fk-header-title">{esc(title)}</h1>{sub}</div>',
                classes=["fk-header-main"])
    return box([main, box(side, classes=["fk-header-side"], horizontal=True)], classes=["fk-header"], horizontal=True)


def stepbar_html(kicker: str, title: str, lead: str = "") -> str:
    """What the group is doing now: a small kicker ("Step 3 of 9"), a big title, one line of guidance."""
    lead_html = f'<p class="fk-stepbar-lead">{esc(lead)}</p>' if lead else ""
    return (f'<div class="fk-stepbar"><span class="fk-stepbar-kicker">{esc(kicker)}</span>'
            f'<h2 class="fk-stepbar-title">{esc(title)}</h2>{lead_html}</div>')


def card_html(title: str, text: str = "", *, chips_html: str = "", title_class: str = "fk-card-title") -> str:
    """The inside of a card: a title, optional text and a row of chips."""
    body = f'<p class="fk-card-text">{esc(text)}</p>' if text else ""
    chips = f'<div class="fk-chips">{chips_html}</div>' if chips_html else ""
    return f'<div class="{esc(title_class)}">{esc(title)}</div>{body}{chips}'


def record_card(title: str, text: str = "", *, chips_html: str = "", classes: Iterable[str] = ()) -> widgets.HTML:
    """A record shown as one HTML widget (``fk-card``), for records without buttons."""
    return html(card_html(title, text, chips_html=chips_html), classes=["fk-card", *classes])


# Simple line icons drawn for the kit (24×24, stroke = currentColor); no icon font needed offline.
ICONS = {
    "people": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/>'
              '<circle cx="17" cy="9" r="2.5"/><path d="M16 14.2c3 .1 5.5 2.2 5.5 5.3"/>',
    "bulb": '<path d="M9 18h6M10 21h4"/><path d="M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2V16h5v-.1c0-.8.4-1.5 '
            '1-2A6 6 0 0 0 12 3z"/>',
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>',
    "search": '<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>',
    "clock": '<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/>',
    "leaf": '<path d="M5 19c0-8 5-13 14-14-1 9-6 14-14 14z"/><path d="M5 19l8-8"/>',
    "alert": '<path d="M12 3l9.5 17h-19z"/><path d="M12 10v4M12 17.5v.01"/>',
    "dots": '<circle cx="6" cy="12" r="2.5"/><circle cx="12" cy="12" r="2.5"/><circle cx="18" cy="12" r="2.5"/>',
}


def icon_html(name: str, *, size: int = 26) -> str:
    """One of :data:`ICONS` as inline SVG (unknown names give an empty string)."""
    paths = ICONS.get(name)
    if not paths:
        return ""
    return (f'<svg class="fk-icon" width="{size}" height="{size}" viewBox="0 0 24 24" fill="none" '
            f'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
            f'aria-hidden="true">{paths}</svg>')


def empty_html(title: str, text: str = "", *, icon: str = "") -> str:
    """A friendly empty state ("No ideas yet") instead of a blank area; ``icon`` names one of :data:`ICONS`."""
    icon_html_ = f'<div class="fk-empty-icon">{icon_html(icon)}</div>' if icon in ICONS else ""
    body = f'<p class="fk-help">{esc(text)}</p>' if text else ""
    return f'<div class="fk-empty">{icon_html_}<p class="fk-empty-title">{esc(title)}</p>{body}</div>'


def banner_html(text: str, tone: str = "info") -> str:
    """A one-line banner across the view. ``tone``: ``info`` or ``warn``."""
    return f'<div class="fk-banner fk-banner-{esc(tone)}" role="status">{esc(text)}</div>'


def dots_html(filled: int, total: int, *, big: bool = False) -> str:
    """Voting dots: ``filled`` solid, the rest dashed outlines (e.g. the remaining budget)."""
    size = " fk-dot-big" if big else ""
    filled = max(0, min(filled, total))
    return '<span class="fk-dots" aria-hidden="true">' + "".join(
        f'<span class="fk-dot{size}{"" if i < filled else " fk-dot-empty"}"></span>' for i in range(total)
    ) + "</span>"


def spinner_html(text: str) -> str:
    """A small loading state."""
    return f'<div class="fk-empty"><div class="fk-spinner"></div><p class="fk-help">{esc(text)}</p></div>'
