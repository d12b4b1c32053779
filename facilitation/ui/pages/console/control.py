"""The console's "Now" panel: the open step, its countdown, and every control that steers it.

Until the facilitator starts the session (``fk-session-start`` in ``fk-session-not-started``)
no timer runs and the schedule is not counted; next, a jump or the start button starts it, and
from then on the step timer and the ahead/behind count from the start, never from the
workshop's creation.

Previous / next (``fk-phase-prev``, ``fk-phase-next``), a jump to any step (``fk-phase-jump``
with ``fk-phase-jump-go``), pause / resume (``fk-timer-pause``) and one minute more or less
(``fk-timer-plus``, ``fk-timer-minus``). Every control calls the store with the page's key:
the store decides, the panel only shows what it answered (in the console's ``fk-notice``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from facilitation import store
from facilitation.domain.errors import StoreUnreachable
from facilitation.domain.records import AgendaItem
from facilitation.domain.timer import session_started
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.shell import step_name
from facilitation.ui.pages.console.clock import Clock, clock_text, elapsed, is_paused, remaining, schedule_delta


class PhaseControl:
    """The "Now" panel (``fk-now``); ``after()`` runs after each action so the page re-reads the store."""

    def __init__(self, ctx: Context, notice: Notice, *, now: Clock, after: Callable[[], None]) -> None:
        self.ctx, self.t, self.notice, self.now, self.after = ctx, ctx.t, notice, now, after
        t = self.t
        self.items: list[AgendaItem] = []
        self.index = 0
        self.current = theme.html(classes=["fk-phase-current"])
        self.timer = theme.html(classes=["fk-timer"])
        self.prev_button = theme.button(t("Previous"), classes=["fk-phase-prev"])
        self.next_button = theme.button(t("Next step"), kind="primary", classes=["fk-phase-next"])
        self.prev_button.on_click(lambda _b: self.previous())
        self.next_button.on_click(lambda _b: self.next())
        self.pause_button = theme.button(t("Pause"), small=True, classes=["fk-timer-pause"])
        self.minus_button = theme.button(t("−1 min"), small=True, classes=["fk-timer-minus"],
                                         tooltip=t("One minute less for this step"))
        self.plus_button = theme.button(t("+1 min"), small=True, classes=["fk-timer-plus"],
                                        tooltip=t("One minute more for this step"))
        self.pause_button.on_click(lambda _b: self.toggle_pause())
        self.minus_button.on_click(lambda _b: self.extend(-1))
        self.plus_button.on_click(lambda _b: self.extend(1))
        self.jump = theme.dropdown(t("Go to a step"), [], classes=["fk-phase-jump"])
        self.jump_button = theme.button(t("Go"), small=True, classes=["fk-phase-jump-go"],
                                        tooltip=t("Open the chosen step for everyone"))
        self.jump_button.on_click(lambda _b: self.jump_to())
        steps = theme.box([self.prev_button, self.next_button], classes=["fk-actions"], horizontal=True)
        clock = theme.box([self.pause_button, self.minus_button, self.plus_button],
                          classes=["fk-actions", "fk-timer-actions"], horizontal=True)
        jump = theme.box([self.jump, self.jump_button], classes=["fk-phase-jump-row"], horizontal=True)
        self.start_button = theme.button(t("Start the session"), kind="primary", classes=["fk-session-start"],
                                         tooltip=t("Participants see the first step; the timer starts now"))
        self.start_button.on_click(lambda _b: self.start())
        waiting = t("The session has not started. Participants see the plan of the day until you start it.")
        self.not_started = theme.box([theme.html(f'<p class="fk-help">{esc(waiting)}</p>'), self.start_button],
                                     classes=["fk-session-not-started"])
        self.started = True
        title = t("Now")
        self.root = theme.panel([theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'), self.not_started,
                                 self.current, self.timer, clock, steps, jump, notice], classes=["fk-now"])

    # --- actions (each checked by the store with the page's key) ------------------------

    def _act(self, action: Callable[[], str | None]) -> bool:
        ok = guarded(self.notice, action)
        try:
            self.after()
        except StoreUnreachable:  # the notice says so already; the live feed redraws once it is back
            pass
        return ok

    def go_to(self, index: int | Callable[[], int]) -> bool:
        """Open the step at ``index`` (or the one a function of the store gives) for everyone."""
        t = self.t

        def action() -> str:
            # Read inside the guarded action: a store that cannot be reached becomes the notice.
            target = index() if callable(index) else index
            ws = store.set_phase(self.ctx.db, self.ctx.code, self.ctx.key, target)
            item = store.agenda(self.ctx.db, ws.id)[ws.phase_index]
            return t("Everyone now sees: {step}.").format(step=item.title or step_name(t, item.step))

        return self._act(action)

    def start(self) -> bool:
        """Start the session at the step it shows (the store does nothing when it runs already)."""
        t = self.t

        def action() -> str:
            ws = store.start_session(self.ctx.db, self.ctx.code, self.ctx.key)
            item = store.agenda(self.ctx.db, ws.id)[ws.phase_index]
            return t("The session has started: everyone now sees {step}.").format(
                step=item.title or step_name(t, item.step))

        return self._act(action)

    def next(self) -> bool:
        return self.go_to(lambda: self._stored_index() + 1)

    def previous(self) -> bool:
        return self.go_to(lambda: self._stored_index() - 1)

    def jump_to(self) -> bool:
        """The step chosen in ``fk-phase-jump`` (the store checks the index again)."""
        value = self.jump.value
        return self.go_to(value if isinstance(value, int) else -1)

    def toggle_pause(self) -> bool:
        """Pause the open step's timer, or resume it (as the store has it now, not as the button says)."""
        t = self.t

        def action() -> str:
            ws = store.get_workshop(self.ctx.db, self.ctx.code)
            items = store.agenda(self.ctx.db, ws.id)
            paused = bool(items) and is_paused(items[min(ws.phase_index, len(items) - 1)])
            if paused:
                store.resume_timer(self.ctx.db, self.ctx.code, self.ctx.key)
                return t("The timer runs again.")
            store.pause_timer(self.ctx.db, self.ctx.code, self.ctx.key)
            return t("The timer is paused.")

        return self._act(action)

    def extend(self, minutes: int) -> bool:
        """Give the open step ``minutes`` more (negative: less)."""
        t = self.t

        def action() -> str:
            store.extend_timer(self.ctx.db, self.ctx.code, self.ctx.key, minutes)
            if minutes > 0:
                return t("{n} min added to this step.").format(n=minutes)
            return t("{n} min taken from this step.").format(n=-minutes)

        return self._act(action)

    def _stored_index(self) -> int:
        return store.get_workshop(self.ctx.db, self.ctx.code).phase_index

    # --- rendering ---------------------------------------------------------------------

    def render(self, items: list[AgendaItem], index: int) -> None:
        """Show the open step, the buttons that apply to it and the steps to jump to."""
        t = self.t
        self.items, self.index = items, index
        if not items:
            return
        item = items[index]
        self.started = session_started(items)
        theme.show(self.not_started, not self.started)
        self.current.value = (
            f'<div class="fk-phase-name">{esc(item.title or step_name(t, item.step))}</div>'
            f'<div class="fk-chips" style="margin-top:6px">{theme.chip(step_name(t, item.step), "primary")}</div>')
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index >= len(items) - 1
        options = [(f"{n}. {i.title or step_name(t, i.step)}", n - 1) for n, i in enumerate(items, start=1)]
        if list(self.jump.options) != options:
            self.jump.options = options
        self.jump.value = index
        paused = is_paused(item)
        self.pause_button.description = t("Resume") if paused else t("Pause")
        self.pause_button.tooltip = (t("Let the timer run again") if paused
                                     else t("Stop the clock, e.g. for a question from the room"))
        timed = (item.minutes > 0 or item.extra_seconds != 0) and self.started  # no timer before the start
        for button in (self.pause_button, self.minus_button, self.plus_button):
            button.disabled = not timed
        self.tick()

    def tick(self) -> None:
        """The countdown and ahead/behind, as of ``now()`` (the console calls it once a second)."""
        if not self.items:
            return
        t, now = self.t, self.now()
        item = self.items[self.index]
        left = remaining(item, now)
        planned = item.minutes + round(item.extra_seconds / 60)
        if not self.started:  # the plan only: nothing runs, nobody is behind
            sub = t("{n} min planned; the timer starts with the session").format(n=planned)
            chip = theme.chip(t("Not started"))
            self.timer.value = (f'<div class="fk-timer-idle"><div class="fk-timer-clock">{esc(clock_text(left))}</div>'
                                f'<div class="fk-timer-sub">{esc(sub)}</div></div><div class="fk-chips" '
                                f'style="margin-top:8px">{chip}</div>')
            return
        if item.minutes == 0 and item.extra_seconds == 0:
            clock, sub, over = "—", t("No time planned for this step."), False
        elif left >= 0:
            clock, sub, over = clock_text(left), t("left of {n} min planned").format(n=planned), False
        else:
            clock, sub, over = "+" + clock_text(-left), t("over the {n} min planned").format(n=planned), True
        chips = [self._plan_chip(schedule_delta(self.items, self.index, now))]
        if is_paused(item):
            chips.insert(0, theme.chip(t("paused"), "warn"))
        state = " ".join(c for c in ("fk-timer-over" if over else "", "fk-timer-paused" if is_paused(item) else "") if c)
        self.timer.value = (f'<div class="{state}"><div class="fk-timer-clock">{esc(clock)}</div>'
                            f'<div class="fk-timer-sub">{esc(sub)}</div></div>'
                            f'<div class="fk-chips" style="margin-top:8px">{"".join(chips)}</div>')

    def _plan_chip(self, delta: float) -> str:
        t = self.t
        minutes = round(abs(delta) / 60)
        if minutes == 0:
            return theme.chip(t("On schedule"), "accent")
        if delta > 0:
            return theme.chip(t("{n} min behind schedule").format(n=minutes), "danger")
        return theme.chip(t("{n} min ahead of schedule").format(n=minutes), "accent")


def agenda_html(t: Translate, items: list[AgendaItem], index: int, now: datetime) -> str:
    """The agenda with planned and actual minutes, the open step marked."""
    rows = []
    for i, item in enumerate(items):
        state = "fk-agenda-current" if i == index else ("fk-agenda-done" if i < index else "")
        planned = t("{n} min").format(n=item.minutes)
        spent = elapsed(item, now)
        timing = esc(" · ".join(part for part in (item.starts_at, planned) if part))  # a planned start first
        if spent is not None and i <= index and item.minutes:
            tone = "fk-agenda-late" if spent > item.minutes * 60 + 30 else "fk-agenda-early"
            spent_text = t("{n} min").format(n=round(spent / 60))
            timing = f'<span class="{tone}">{esc(spent_text)}</span> / {esc(planned)}'
        rows.append(f'<li class="{state}"><span class="fk-agenda-n">{i + 1}</span>'
                    f'<span>{esc(item.title or step_name(t, item.step))}</span>'
                    f'<span class="fk-agenda-time">{timing}</span></li>')
    return f'<ol class="fk-agenda">{"".join(rows)}</ol>'
