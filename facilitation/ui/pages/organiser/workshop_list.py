"""The workshops on this server: title, place, date, language, join code and their links."""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import links as pages
from facilitation.domain.gazetteer import place_name
from facilitation.domain.records import Workshop
from facilitation.i18n import NATIVE_NAMES
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc



def _sort_key(w: Workshop) -> tuple:
    # Upcoming and recent first; workshops without a date after those with one, newest first.
    return (w.date is None, -(w.date.toordinal() if w.date else 0), -(w.id or 0))


class WorkshopList:
    """The list (``fk-workshop-item`` each); ``on_edit(code)`` opens a workshop's editor."""

    def __init__(self, ctx: Context, key: str, *, base: str, on_edit: Callable[[str], None]) -> None:
        self.ctx, self.t, self.key, self.base, self.on_edit = ctx, ctx.t, key, base, on_edit
        self.count = theme.html(classes=["fk-workshop-count"])
        self.items = theme.box(classes=["fk-workshop-list"])
        title = self.t("Workshops")
        self.root = theme.panel([theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'), self.count,
                                 self.items], classes=["fk-organiser-workshops"])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the workshops from the store."""
        t = self.t
        workshops = sorted(store.list_workshops(self.ctx.db), key=_sort_key)
        count = t("Workshops on this server: {n}").format(n=len(workshops))
        self.count.value = f'<p class="fk-help">{esc(count)}</p>'
        rows = [self._item(w) for w in workshops] or [theme.html(theme.empty_html(
            t("No workshops yet"), t("Create the first one with the form."), icon="leaf"))]
        theme.replace_children(self.items, rows)

    def _item(self, w: Workshop) -> widgets.Widget:
        t = self.t
        place = place_name(w.city, w.country, t.language)  # the country in the page's language
        chips = [theme.chip(place)] if place else []
        if w.date:
            chips.append(theme.chip(w.date.isoformat(), "primary"))
        chips.append(theme.chip(NATIVE_NAMES.get(w.language, w.language)))  # in its own words
        # A co-facilitator key derived from the organiser key: the organiser key never travels (issue 23).
        console = pages.facilitator_link(self.base, w.code, store.console_key(self.ctx.db, self.key, w.code))
        join = pages.participant_link(self.base, w.code)
        open_console, join_page, code_word = t("Open the console"), t("Participant page"), t("Join code")
        body = (f'<div class="fk-workshop-title">{esc(w.title)}</div>'
                f'<div class="fk-chips">{"".join(chips)}'
                f'<span class="fk-code" title="{esc(code_word)}">{esc(w.code)}</span></div>'
                f'<div class="fk-workshop-links">'
                f'<a class="fk-console-link" href="{esc(console)}" target="_blank" rel="noopener">{esc(open_console)} ↗</a>'
                f'<a class="fk-participant-link" href="{esc(join)}" target="_blank" rel="noopener">{esc(join_page)} ↗</a>'
                f'</div>')
        edit = theme.button(t("Edit"), small=True, classes=["fk-workshop-edit"])
        edit.on_click(lambda _b, code=w.code: self.on_edit(code))
        return theme.box([theme.html(body, classes=["fk-workshop-info"]), edit], classes=["fk-workshop-item"],
                         horizontal=True)
