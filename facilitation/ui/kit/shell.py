"""Pieces shared by the three pages (participant, console, presenter).

* :class:`StepHost` shows the view of the current step for one role, builds it lazily via
  :func:`facilitation.ui.steps.view_class`, passes on only the topics that step cares about and
  the page's tick (``view.tick(now)``, about once a second, for views that have one).
* :class:`LivePage` connects the change feed and that tick once per page (one asyncio task: the
  feed's; the tick stops with it when the page is gone).
* :func:`step_name`, :func:`step_lead`, :func:`stepbar`, :func:`workshop_header` and
  :func:`polite_page` give every page the same header and the same words for each step.

Light: on the participant's path (no pandas, ipyleaflet, bqplot or segno here).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.domain.gazetteer import place_name
from facilitation.i18n import Translate
from facilitation.domain.records import AgendaItem, Workshop
from facilitation.domain.timer import session_started
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.domain import steps
from facilitation.domain.clock import utc_now
from facilitation.ui.steps import TOPICS, view_class

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0  # how often a page calls its open view's ``tick(now)`` (countdowns, "time left")


def step_name(t: Translate, step: str) -> str:
    """The step's name in the page's language."""
    entry = steps.step(step)
    return t(entry.label) if entry else step


def step_lead(t: Translate, step: str, role: str = "participant") -> str:
    """One line telling the group what to do in this step."""
    entry = steps.step(step)
    if role == "presenter" or entry is None or not entry.lead:
        return ""
    return t(entry.lead)


def stepbar(t: Translate, items: list[AgendaItem], index: int, role: str = "participant") -> str:
    """The "Step 3 of 7 · Brainstorm solutions" banner of the current step, with the facilitator's
    instruction for it (``fk-step-instruction``) when the agenda gives one."""
    if not items or not session_started(items):  # before the start the page shows the plan, not a step
        return ""
    index = max(0, min(index, len(items) - 1))
    item = items[index]
    note = instruction_html(t, item)
    if not steps.numbered(item.step):
        return note
    numbered = [i for i in items if steps.numbered(i.step)]
    position = next((n for n, i in enumerate(numbered, start=1) if i.position == item.position), 1)
    kicker = t("Step {n} of {total}").format(n=position, total=len(numbered))
    return theme.stepbar_html(kicker, item.title or step_name(t, item.step), step_lead(t, item.step, role)) + note


def instruction_html(t: Translate, item: AgendaItem) -> str:
    """The agenda item's instruction to the group (escaped; line breaks kept), or ''."""
    if not item.instruction:
        return ""
    label = t("From the facilitator")
    lines = "<br>".join(esc(line) for line in item.instruction.splitlines())
    return (f'<div class="fk-step-instruction" role="note"><span class="fk-step-instruction-label">{esc(label)}'
            f'</span><p>{lines}</p></div>')


def subtitle(workshop: Workshop, language: str | None = None) -> str:
    """City, country (named in the page's ``language``, else the workshop's) and date of the workshop."""
    place = place_name(workshop.city, workshop.country, language or workshop.language)
    when = workshop.date.isoformat() if workshop.date else ""
    return " · ".join(p for p in (place, when) if p)


def workshop_header(workshop: Workshop, *, side: list[widgets.Widget] | None = None, extra: str = "",
                    language: str | None = None) -> widgets.HBox:
    """The page header: the workshop's title, place and date (in the page's ``language``), live widgets
    on the right."""
    sub = " · ".join(p for p in (subtitle(workshop, language), extra) if p)
    return theme.header_box(workshop.title, sub, side=side or [])


def polite_page(t: Translate, role: str, title: str, text: str, *, icon: str = "lock") -> widgets.VBox:
    """A whole page that says one thing kindly (a bad link, a missing key): never a traceback."""
    body = theme.panel([theme.html(theme.empty_html(title, text, icon=icon))], classes=["fk-narrow", "fk-polite"])
    return theme.app_root([theme.header_box(t("Workshop"), ""), body],
                          role=role, classes=["fk-page-polite"])


def find_workshop(ctx: Context) -> Workshop | None:
    """The page's workshop, or None when its join code is missing or unknown (the page then
    shows a polite message instead of a traceback)."""
    try:
        return ctx.workshop if ctx.code else None
    except FacilitationError:
        return None


class LivePage:
    """The part every live page shares (participant, console, presenter): a step host fed
    by the change feed, started once and stopped when the page closes.

    Subclasses set ``root``, ``host``, ``feed`` and ``workshop``.
    """

    root: widgets.Widget
    host: "StepHost"
    feed: Any
    workshop: Workshop | None

    @property
    def step(self) -> str | None:
        return self.host.step if self.workshop is not None else None

    def start(self) -> bool:
        """Start the feed, and with it the page's tick (connected once)."""
        if self.feed is None:
            return False
        if not getattr(self, "_ticking", False):
            self._ticking = True
            self.feed.every(TICK_SECONDS, self.tick)
        return self.feed.start()

    def tick(self, now: datetime | None = None) -> None:
        """About once a second while the page is open: the open view's ``tick`` (timezone-aware UTC)."""
        if self.feed is not None:
            self.host.tick(now or utc_now())

    def close(self) -> None:
        """Stop the feed, close the page (its root before what it lists), then the step's view."""
        if self.feed is not None:
            self.feed.stop("closed")
        theme.close_tree(self.root, *self._kept_aside())
        if self.feed is not None:
            self.host.close()  # the view's own tasks and widgets off the page

    def _kept_aside(self) -> tuple[widgets.Widget, ...]:
        """Widgets the page owns that may be off the page right now (closed with it)."""
        return ()


class StepHost:
    """The area of a page showing the current step's view for one role."""

    def __init__(self, ctx: Context, role: str) -> None:
        self.ctx, self.role = ctx, role
        self.box = theme.box(classes=["fk-step-host"])
        self.step: str | None = None
        self.view = None

    def show(self, step: str) -> bool:
        """Switch to ``step``; False (and nothing done) when it is already shown."""
        if step == self.step and self.view is not None:
            return False
        old = self.view
        self.step = step
        started = time.perf_counter()
        self.view = self._build(step)
        self.box.children = (self.view.root,)  # the new view on the page before the old one closes
        built = time.perf_counter()
        self._close(old, step)
        log.debug("%s page: %s view built in %.3f s, previous view closed in %.3f s", self.role, step,
                 built - started, time.perf_counter() - built)
        return True

    def _build(self, step: str):
        try:
            return view_class(step)(self.ctx, role=self.role)
        except Exception:  # a step's view failing must not take the page down: say so, log it
            log.exception("the %s view could not be built for the %s page", step, self.role)
            return UnavailableView(self.ctx, step, self.role)

    def refresh(self, topics: set[str]) -> None:
        """Pass the changed topics this step cares about to its view."""
        if self.view is None or self.step is None:
            return
        relevant = set(topics) & TOPICS.get(self.step, set())
        if relevant:
            try:
                self.view.refresh(relevant)
            except Exception:
                log.exception("the %s view failed to refresh on %s", self.step, sorted(relevant))

    def tick(self, now: datetime) -> None:
        """Give the open view the time, when it has a ``tick`` (views without one are never called)."""
        tick = getattr(self.view, "tick", None)
        if tick is None:
            return
        try:
            tick(now)
        except Exception:  # a broken countdown must not stop the page's feed
            log.exception("the %s view failed to tick", self.step)

    def close_view(self) -> None:
        """Take the current view off the page and free it."""
        old, self.view = self.view, None
        self._close(old, self.step)
        self.step = None

    def _close(self, view, step: str | None) -> None:
        """Free a view that left; the box stops listing it first, so nothing open lists it closed."""
        if view is None:
            return
        if any(child is view.root for child in self.box.children):
            self.box.children = tuple(child for child in self.box.children if child is not view.root)
        try:
            view.close()
        except Exception:
            log.exception("closing the %s view failed", step)

    def close(self) -> None:
        """Free the view and the box (after the page that lists the box, see :meth:`LivePage.close`)."""
        self.close_view()
        theme.close_tree(self.box)


class UnavailableView:
    """Stands in for a step whose view cannot be shown on this installation (logged)."""

    def __init__(self, ctx: Context, step: str, role: str) -> None:
        t = ctx.t
        self.root = theme.box(
            [theme.panel([theme.html(theme.empty_html(
                t("This step opens soon"),
                t("{step} cannot be shown on this page yet. Please follow the facilitator on the main screen.")
                .format(step=step_name(t, step)), icon="clock"))])],
            classes=["fk-view", f"fk-view-{step}", "fk-step-unavailable"])

    def refresh(self, topics: set[str]) -> None:
        """Nothing to refresh."""

    def close(self) -> None:
        theme.close_tree(self.root)


def current_position(ctx: Context, workshop: Workshop) -> tuple[list[AgendaItem], int, str]:
    """(agenda, index of the open step, its step name) as stored now."""
    items = store.agenda(ctx.db, workshop.id)
    if not items:
        return [], 0, steps.WELCOME
    index = max(0, min(workshop.phase_index, len(items) - 1))
    if not session_started(items):  # until the facilitator starts the session, pages wait with the plan
        return items, index, steps.WELCOME
    return items, index, items[index].step

