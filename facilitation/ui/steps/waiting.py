"""The first and the last screen: waiting for the start (``fk-view-waiting``) and thanks (``fk-view-closed``).

The presenter's waiting screen is the room's invitation: the join link big, its QR code and
the join code, with the number of people in. The QR code (segno) is drawn only there.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.shell import step_name
from facilitation.ui.steps import TOPICS
from facilitation.domain.steps import ROLES, numbered
from facilitation.domain.timer import session_started



class WaitingView:
    """Before the session starts: what will happen (the plan of the day), and who is here."""

    step = "waiting"

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.count = theme.html(classes=["fk-waiting-count"])
        self.agenda = theme.html(classes=["fk-waiting-agenda", "fk-session-plan"])
        children: list[widgets.Widget] = []
        if role == "presenter":
            children.append(self._invitation())
        else:
            children.append(theme.panel([theme.html(self._welcome_html()), self.count]))
        children.append(theme.panel([self.agenda]))
        self.root = theme.box(children, classes=["fk-view", f"fk-view-{self.step}"])
        self.refresh(set(TOPICS[self.step]))

    def _welcome_html(self) -> str:
        t = self.t
        title = t("Welcome! The session starts soon.")
        if self.role == "facilitator":
            lead = t("Participants join with the link or the QR code. Press “Start the session” (or Next step) "
                     "when the room is ready.")
        else:
            lead = t("The facilitator will open the first step in a moment. This page follows along by itself.")
        return (f'<div class="fk-empty-icon">{theme.icon_html("people")}</div>'
                f'<p class="fk-empty-title">{esc(title)}</p>'
                f'<p class="fk-help">{esc(lead)}</p>')

    def _invitation(self) -> widgets.Widget:
        from facilitation.ui.kit.links import participant_url, qr_png  # presenter only: keeps segno off other pages

        t = self.t
        url = participant_url(self.ctx.code)
        qr = widgets.Image(value=qr_png(url, scale=10), format="png", _dom_classes=("fk-join-qr",))
        invite, join_code = t("Join from your phone or laptop"), t("Join code")
        text = theme.html(
            f'<p class="fk-panel-title">{esc(invite)}</p><div class="fk-presenter-url">{esc(url)}</div>'
            f'<p class="fk-help">{esc(join_code)}</p><div class="fk-presenter-code">{esc(self.ctx.code)}</div>')
        side = theme.box([text, self.count])
        return theme.panel([theme.box([qr, side], classes=["fk-presenter-join"], horizontal=True)])

    def refresh(self, topics: set[str]) -> None:
        if not set(topics) & TOPICS[self.step]:
            return
        t = self.t
        # Before the facilitator starts the session every page waits here (fk-session-waiting), whatever step
        # the agenda opens with; afterwards this is the agenda's own welcome step.
        items = store.agenda(self.ctx.db, self.workshop.id)
        waiting = "fk-session-waiting"
        if not session_started(items) and waiting not in self.root._dom_classes:
            self.root.add_class(waiting)
        elif session_started(items) and waiting in self.root._dom_classes:
            self.root.remove_class(waiting)
        n = store.participant_count(self.ctx.db, self.workshop.id)
        people = t.ngettext("{n} person has joined", "{n} people have joined", n).format(n=n)
        self.count.value = f'<div class="fk-chips fk-center">{theme.chip(people, "accent")}</div>'
        steps = [item for item in items if numbered(item.step)]
        rows = "".join(
            f'<li><span class="fk-agenda-n">{n}</span><span>{esc(item.title or step_name(t, item.step))}</span>'
            f'<span class="fk-agenda-time">{esc(_when(t, item.starts_at, item.minutes))}</span></li>'
            for n, item in enumerate(steps, start=1))
        plan = t("Today’s plan")
        self.agenda.value = f'<div class="fk-panel-title">{esc(plan)}</div><ol class="fk-agenda">{rows}</ol>'

    def close(self) -> None:
        theme.close_tree(self.root)


def _when(t: Translate, starts_at: str, minutes: int) -> str:
    """"14:30 · 20 min", "20 min", "14:30" or "" for one line of the plan (start times are optional)."""
    length = t("{n} min").format(n=minutes) if minutes else ""
    return " · ".join(part for part in (starts_at, length) if part)


class ClosedView:
    """After the session: thanks, and what the group produced."""

    step = "closed"

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.summary = theme.html(classes=["fk-closed-summary"])
        self.root = theme.box([theme.panel([self.summary])], classes=["fk-view", f"fk-view-{self.step}"])
        self.refresh(set(TOPICS[self.step]))

    def refresh(self, topics: set[str]) -> None:
        if not set(topics) & TOPICS[self.step]:
            return
        t = self.t
        ideas = [i for i in store.list_ideas(self.ctx.db, self.workshop.id, facilitator=True) if not i.hidden]
        people = store.participant_count(self.ctx.db, self.workshop.id)
        dots = sum(i.votes for i in ideas)
        chips = [theme.chip(t.ngettext("{n} person", "{n} people", people).format(n=people), "accent")]
        if ideas:  # a meeting or a seminar has no brainstorm: no "0 ideas, 0 dots" at its end
            chips += [theme.chip(t.ngettext("{n} idea", "{n} ideas", len(ideas)).format(n=len(ideas)), "primary"),
                      theme.chip(t.ngettext("{n} dot", "{n} dots", dots).format(n=dots), "dot")]
        chips = "".join(chips)
        thanks = t("Thank you for taking part!")
        closed = t("The session is closed. The city team will share the results.")
        self.summary.value = (
            f'<div class="fk-empty-icon">{theme.icon_html("leaf")}</div>'
            f'<p class="fk-empty-title">{esc(thanks)}</p><p class="fk-help">{esc(closed)}</p>'
            f'<div class="fk-chips fk-center">{chips}</div>')

    def close(self) -> None:
        theme.close_tree(self.root)
