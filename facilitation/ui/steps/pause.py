"""Break step (``fk-view-break``): a countdown screen and "back at HH:MM" (``break`` is a keyword, hence the name).

The time left is the step timer's (:mod:`facilitation.domain.timer`: the planned minutes, the
time the facilitator added or took away with +/-, pauses); the page's tick (``tick(now)``, about
once a second, timezone-aware UTC) moves the countdown, the feed's ``phase`` topic re-reads the
step. "Back at" is shown in each viewer's own time zone: the page template turns the
``<time class="fk-local-time">`` into the browser's local HH:MM (an online cohort spans zones).
The same view serves the participant, the console and the presenter.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

from facilitation import store
from facilitation.domain.agenda import AgendaItem
from facilitation.domain.clock import naive_utc, utc_now
from facilitation.domain.steps import ROLES
from facilitation.domain.timer import is_paused, remaining
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.steps import TOPICS

STEP = "break"


def countdown_text(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour) of the seconds left; ``0:00`` once over."""
    seconds = int(max(0.0, seconds) + 0.999)  # 59.2 s left shows 1:00 until a whole second has gone
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def back_at(item: AgendaItem, now: datetime, zone: tzinfo | None = None) -> datetime:
    """When the break ends: ``now`` plus the time left, as an aware time in ``zone`` (None: the server's)."""
    end = naive_utc(now) + timedelta(seconds=max(0.0, remaining(item, naive_utc(now))))
    return end.replace(tzinfo=utc_now().tzinfo).astimezone(zone)


class BreakView:
    """The countdown for one page (see the module docstring)."""

    step = STEP

    def __init__(self, ctx: Context, role: str = "participant", *, zone: tzinfo | None = None) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t, self.zone = ctx, role, ctx.t, zone
        title = self.t("Break")
        self.title = theme.html(f'<h2 class="fk-break-title">{esc(title)}</h2>')
        self.countdown = theme.html(classes=["fk-break-countdown"])
        self.back = theme.html(classes=["fk-break-back"])
        names = ["fk-view", f"fk-role-view-{role}", "fk-break"]
        names.append(f"fk-view-{STEP}" if role == "participant" else f"fk-break-{role}")
        self.root = theme.box([theme.panel([self.title, self.countdown, self.back], classes=["fk-break-panel"])],
                              classes=names)
        self.item: AgendaItem | None = None
        self.refresh(set(TOPICS[STEP]))

    def refresh(self, topics: set[str]) -> None:
        """Re-read the open step (its timer moved: +/-, pause, another step) and redraw."""
        if not set(topics) & TOPICS[STEP]:
            return
        item = store.current_step(self.ctx.db, self.ctx.workshop)
        self.item = item if item.step == STEP else None
        self.tick(utc_now())

    def tick(self, now: datetime) -> None:
        """Move the countdown to ``now`` (timezone-aware UTC); a widget changes only when its text does."""
        t, item = self.t, self.item
        if item is None:
            count, back = "", ""
        else:
            left = remaining(item, naive_utc(now))
            count = countdown_text(left)
            if is_paused(item):
                back = t("The break's timer is paused.")
            elif left <= 0:
                back = t("We start again now.")
            else:
                back = None
        count_html = f'<div class="fk-break-count" role="timer">{esc(count)}</div>'
        if back is None:  # the time is shown in each viewer's own zone (the page template converts it)
            sentence = esc(t("Back at {time}")).format(time=self._end(now))
            back_html = f'<p class="fk-break-back-text">{sentence}</p>'
        else:
            back_html = f'<p class="fk-break-back-text">{esc(back)}</p>'
        if self.countdown.value != count_html:
            self.countdown.value = count_html
        if self.back.value != back_html:
            self.back.value = back_html

    def _end(self, now: datetime) -> str:
        """The break's end as a ``<time>`` the page shows in the viewer's own time zone; before that
        script runs (and in tests) it reads in ``zone``, by default UTC, which it then names."""
        assert self.item is not None
        end = back_at(self.item, now, self.zone or timezone.utc)
        label = end.strftime("%H:%M") + ("" if self.zone else " UTC")
        return f'<time class="fk-local-time" datetime="{esc(end.isoformat())}">{esc(label)}</time>'

    def close(self) -> None:
        theme.close_tree(self.root)
