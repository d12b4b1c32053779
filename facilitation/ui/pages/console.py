"""The facilitator console: drives every page of the workshop.

Opened with the facilitator link (``?code=…&key=…``); without a valid key (checked in the
store) it shows only a polite refusal. It shows the agenda with planned and actual times,
next/previous step, a countdown with ahead/behind, the join link and its QR code, how many
people joined, the private-writing switch with its reveal, a link to the presenter view,
and the facilitator's version of the current step's view (hide/merge on idea cards).

Every control calls the store with the page's key, so the store decides, not the widget.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.live import Feed
from facilitation.domain.records import AgendaItem, Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.identity import PageLink
from facilitation.ui.kit.shell import find_workshop, LivePage, StepHost, current_position, polite_page, step_name, stepbar, workshop_header

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Naive UTC, like every stamp in the store."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) of a non-negative number of seconds."""
    seconds = int(max(0, round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(item: AgendaItem, now: datetime) -> float | None:
    """Seconds a step ran (to ``ended_at``, or to ``now`` while open); None if never started."""
    if item.started_at is None:
        return None
    end = item.ended_at or now
    return max(0.0, (end - item.started_at).total_seconds())


def remaining(item: AgendaItem, now: datetime) -> float:
    """Seconds left of the open step's planned time (negative when over time)."""
    return item.minutes * 60 - (elapsed(item, now) or 0.0)


def schedule_delta(items: list[AgendaItem], index: int, now: datetime) -> float:
    """Seconds behind (positive) or ahead (negative) of the plan.

    Finished steps count their actual minus planned time; the open step counts only once it
    runs over (a step in progress is on plan until its time is up).
    """
    delta = 0.0
    for item in items[:index]:
        spent = elapsed(item, now)
        if spent is not None:
            delta += spent - item.minutes * 60
    if 0 <= index < len(items):
        over = -remaining(items[index], now)
        delta += max(0.0, over)
    return delta


class ConsoleApp(LivePage):
    """The facilitator's page for ``ctx`` (needs ``ctx.key``)."""

    role = "facilitator"

    def __init__(self, ctx: Context, *, link: PageLink | None = None, now: Clock = utc_now) -> None:
        self.ctx, self.t, self.now = ctx, ctx.t, now
        self.feed: Feed | None = None
        t = self.t
        self.workshop: Workshop | None = find_workshop(ctx)
        if self.workshop is None:
            self.root = polite_page(t, self.role, t("We could not find this workshop"),
                                    t("Check the facilitator link: its join code does not match a workshop here."),
                                    icon="search")
            return
        if not ctx.is_facilitator:
            self.root = polite_page(t, self.role, t("This page is for the facilitator"), t(
                "It needs the facilitator link with its key. If you are a participant, please use the join "
                "link or the QR code shown in the room."))
            self.workshop = None
            return
        ctx.code = self.workshop.code
        self.link = link or PageLink("")
        self.notice = Notice()
        self.count = theme.html(classes=["fk-participant-count"])
        self.header = workshop_header(self.workshop, side=[self.count], extra=t("Facilitator console"))
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        self.host = StepHost(ctx, self.role)
        sidebar = theme.box([self._now_panel(), self._join_panel(), self._private_panel(), self._agenda_panel()],
                            classes=["fk-col", "fk-console-side"])
        main = theme.box([self.stepbar, self.host.box], classes=["fk-col", "fk-console-main"])
        grid = theme.box([sidebar, main], classes=["fk-console-grid"], horizontal=True)
        self.root = theme.app_root([self.link, self.header, grid], role=self.role,
                                   classes=["fk-console"])
        self.feed = Feed(ctx.db, self.workshop.id)
        self.feed.subscribe(self.on_change)
        self.feed.every(1.0, self.tick)
        self.feed.bind(self.root)
        self.link.on_ping(self.feed.touch)
        self.refresh_all()

    # --- panels -------------------------------------------------------------------------

    def _now_panel(self) -> widgets.VBox:
        t = self.t
        self.current = theme.html(classes=["fk-phase-current"])
        self.timer = theme.html(classes=["fk-timer"])
        self.prev_button = theme.button(t("Previous"), classes=["fk-phase-prev"])
        self.next_button = theme.button(t("Next step"), kind="primary", classes=["fk-phase-next"])
        self.prev_button.on_click(lambda _b: self.previous())
        self.next_button.on_click(lambda _b: self.next())
        buttons = theme.box([self.prev_button, self.next_button], classes=["fk-actions"], horizontal=True)
        title = t("Now")
        return theme.panel([theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'), self.current,
                            self.timer, buttons, self.notice], classes=["fk-now"])

    def _join_panel(self) -> widgets.VBox:
        from facilitation.ui.kit.links import is_local, participant_url, presenter_url, qr_png  # segno stays off other pages

        t = self.t
        url = participant_url(self.workshop.code)
        self.join_url = theme.html(f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>',
                                   classes=["fk-join-url"])
        self.qr = widgets.Image(value=qr_png(url), format="png", _dom_classes=("fk-join-qr",))
        warn = ""
        if is_local(url):
            warn = theme.banner_html(t("This address works only on this computer. To let phones join, serve with "
                                       "--host 0.0.0.0 and open the console with the link it prints."), "warn")
        presenter = presenter_url(self.workshop.code, self.ctx.key or "")
        join, join_code, open_presenter = t("Join"), t("Join code"), t("Open the presenter view for the projector")
        info = theme.html(
            f'<div class="fk-panel-title">{esc(join)}</div>'
            f'<p class="fk-help">{esc(join_code)} <span class="fk-code">{esc(self.workshop.code)}</span></p>{warn}')
        self.presenter_link = theme.html(
            f'<a class="fk-chip fk-chip-primary" href="{esc(presenter)}" target="_blank" rel="noopener">'
            f'{esc(open_presenter)} ↗</a>', classes=["fk-presenter-link"])
        return theme.panel([info, self.qr, self.join_url, self.presenter_link], classes=["fk-join-panel"])

    def _private_panel(self) -> widgets.VBox:
        t = self.t
        self.private_toggle = widgets.Checkbox(value=False, description=t("Private writing first"), indent=False)
        theme.add_classes(self.private_toggle, ["fk-check", "fk-private-toggle"])
        self.reveal_button = theme.button(t("Reveal ideas"), small=True, classes=["fk-reveal"])
        self.private_state = theme.html(classes=["fk-private-state"])
        self._syncing = False
        self.private_toggle.observe(self._on_private_toggle, names="value")
        self.reveal_button.on_click(lambda _b: self.reveal())
        title = t("Brainstorm")
        why = t("Private writing avoids anchoring on the first ideas: everyone writes alone, then you reveal.")
        head = theme.html(f'<div class="fk-panel-title">{esc(title)}</div><p class="fk-help">{esc(why)}</p>')
        return theme.panel([head, self.private_toggle, self.private_state, self.reveal_button],
                           classes=["fk-private-panel"])

    def _agenda_panel(self) -> widgets.VBox:
        self.agenda = theme.html(classes=["fk-agenda-box"])
        title = self.t("Agenda")
        return theme.panel([theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'), self.agenda])

    # --- actions (each checked by the store with the facilitator key) --------------------

    def go_to(self, index: int) -> bool:
        t = self.t

        def action() -> str:
            ws = store.set_phase(self.ctx.db, self.ctx.code, self.ctx.key, index)
            items = store.agenda(self.ctx.db, ws.id)
            item = items[ws.phase_index]
            return t("Everyone now sees: {step}.").format(step=item.title or step_name(t, item.step))

        ok = guarded(self.notice, action)
        self.refresh_all()
        return ok

    def next(self) -> bool:
        return self.go_to(self._index() + 1)

    def previous(self) -> bool:
        return self.go_to(self._index() - 1)

    def set_private(self, on: bool) -> bool:
        t = self.t

        def action() -> str:
            changes = {"private_brainstorm": bool(on)}
            if on:
                changes["ideas_revealed"] = False
            store.update_settings(self.ctx.db, self.ctx.code, self.ctx.key, **changes)
            return t("Private writing is on.") if on else t("Private writing is off: everyone sees all ideas.")

        ok = guarded(self.notice, action)
        self.refresh_all()
        return ok

    def reveal(self) -> bool:
        t = self.t

        def action() -> str:
            store.update_settings(self.ctx.db, self.ctx.code, self.ctx.key, ideas_revealed=True)
            return t("Ideas revealed: everyone sees the whole wall.")

        ok = guarded(self.notice, action)
        self.refresh_all()
        return ok

    def _on_private_toggle(self, change: dict) -> None:
        if not self._syncing:
            self.set_private(bool(change["new"]))

    # --- rendering ---------------------------------------------------------------------

    def _index(self) -> int:
        return store.get_workshop_by_id(self.ctx.db, self.workshop.id).phase_index

    def refresh_all(self) -> None:
        self.on_change({"workshop", "phase", "participants", "ideas", "votes"}, force=True)

    def on_change(self, topics: set[str], force: bool = False) -> None:
        """Called by the feed with the topics that changed in the store."""
        self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
        if "participants" in topics:
            n = store.participant_count(self.ctx.db, self.workshop.id)
            text = esc(self.t("{n} joined")).format(n=f"<b>{n}</b>")
            title = self.t("Participants")
            self.count.value = f'<span class="fk-chip fk-chip-accent" title="{esc(title)}">{text}</span>'
        if "workshop" in topics:
            self._render_private()
        switched = False
        if "phase" in topics:
            items, index, step = current_position(self.ctx, self.workshop)
            self.stepbar.value = stepbar(self.t, items, index, "facilitator")
            switched = self.host.show(step)
            self._render_phase(items, index)
        if not switched:
            self.host.refresh(topics)

    def _render_private(self) -> None:
        t = self.t
        settings = self.workshop.settings or {}
        private = bool(settings.get("private_brainstorm"))
        revealed = bool(settings.get("ideas_revealed"))
        self._syncing = True
        try:
            self.private_toggle.value = private
        finally:
            self._syncing = False
        theme.show(self.reveal_button, private and not revealed)
        if private and not revealed:
            state = theme.chip(t("Ideas are private"), "warn")
        elif private:
            state = theme.chip(t("Ideas revealed"), "accent")
        else:
            state = theme.chip(t("Everyone sees every idea"))
        self.private_state.value = state

    def _render_phase(self, items: list[AgendaItem], index: int) -> None:
        t = self.t
        if not items:
            return
        item = items[index]
        self.current.value = (
            f'<div class="fk-phase-name">{esc(item.title or step_name(t, item.step))}</div>'
            f'<div class="fk-chips" style="margin-top:6px">{theme.chip(step_name(t, item.step), "primary")}</div>')
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index >= len(items) - 1
        self._items, self._index_now = items, index
        self.tick()

    def tick(self) -> None:
        """Once a second: the countdown, ahead/behind and the agenda's actual times."""
        items = getattr(self, "_items", None)
        if not items:
            return
        t, now, index = self.t, self.now(), self._index_now
        item = items[index]
        left = remaining(item, now)
        delta = schedule_delta(items, index, now)
        if item.minutes == 0:
            clock, sub, over = "—", t("No time planned for this step."), False
        elif left >= 0:
            clock, sub, over = clock_text(left), t("left of {n} min planned").format(n=item.minutes), False
        else:
            clock, sub, over = "+" + clock_text(-left), t("over the {n} min planned").format(n=item.minutes), True
        minutes = round(abs(delta) / 60)
        if minutes == 0:
            plan = theme.chip(t("On schedule"), "accent")
        elif delta > 0:
            plan = theme.chip(t("{n} min behind schedule").format(n=minutes), "danger")
        else:
            plan = theme.chip(t("{n} min ahead of schedule").format(n=minutes), "accent")
        self.timer.value = (f'<div class="{"fk-timer-over" if over else ""}"><div class="fk-timer-clock">{esc(clock)}</div>'
                            f'<div class="fk-timer-sub">{esc(sub)}</div></div>'
                            f'<div class="fk-chips" style="margin-top:8px">{plan}</div>')
        self.agenda.value = self._agenda_html(items, index, now)

    def _agenda_html(self, items: list[AgendaItem], index: int, now: datetime) -> str:
        t = self.t
        rows = []
        for i, item in enumerate(items):
            state = "fk-agenda-current" if i == index else ("fk-agenda-done" if i < index else "")
            planned = t("{n} min").format(n=item.minutes)
            spent = elapsed(item, now)
            timing = esc(planned)
            if spent is not None and i <= index and item.minutes:
                actual = round(spent / 60)
                tone = "fk-agenda-late" if spent > item.minutes * 60 + 30 else "fk-agenda-early"
                spent_text = t("{n} min").format(n=actual)
                timing = f'<span class="{tone}">{esc(spent_text)}</span> / {esc(planned)}'
            rows.append(f'<li class="{state}"><span class="fk-agenda-n">{i + 1}</span>'
                        f'<span>{esc(item.title or step_name(t, item.step))}</span>'
                        f'<span class="fk-agenda-time">{timing}</span></li>')
        return f'<ol class="fk-agenda">{"".join(rows)}</ol>'
