"""The console page: what it shows depends on the role its key carries (asked of the store).

* facilitator, co-facilitator, organiser: the full console (see the package docstring);
* expert: the console limited to the scenarios step (scenarios and case studies, no phase
  control), whatever step the room is in;
* note-taker: the open discussion step's notes only (:mod:`.notes_lead`, issue 24);
* anything else (no key, a wrong or revoked key, a city or presenter link): a polite refusal.

A page whose key is revoked while open turns into "This link was withdrawn" when the feed
says ``access`` changed (:class:`~facilitation.ui.kit.access.AccessWatch`).
"""

from __future__ import annotations

from datetime import datetime

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Workshop
from facilitation.domain.roles import PERMISSIONS
from facilitation.live import Feed
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import AccessWatch, page_role
from facilitation.ui.kit.base import Context, Notice, esc
from facilitation.ui.kit.identity import PageLink
from facilitation.ui.kit.shell import LivePage, StepHost, current_position, find_workshop, polite_page, stepbar, workshop_header
from facilitation.ui.pages.console.clock import Clock, utc_now
from facilitation.ui.pages.console.control import PhaseControl, agenda_html
from facilitation.ui.pages.console.groups import GroupsPanel
from facilitation.ui.pages.console.groups_lead import GroupLeadPage
from facilitation.ui.pages.console.groups_round import RoundTwoPanel
from facilitation.ui.pages.console.notes_lead import NoteTakerPage
from facilitation.ui.pages.console.panels import JoinedPanel, PrivatePanel, join_panel, panel_title
from facilitation.ui.pages.console.prepare import PrepareArea
from facilitation.ui.pages.guide import guide_link_html
from facilitation.ui.steps.groups.compare import PlenaryBoard

ALL_TOPICS = {"workshop", "phase", "agenda", "participants", "ideas", "votes", "groups"}


class ConsoleApp(LivePage):
    """The facilitator's page for ``ctx`` (needs ``ctx.key``; see the module docstring)."""

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
        ctx.code = self.workshop.code
        self.access = page_role(ctx)
        if self.access in PERMISSIONS["steer"]:
            self.expert, action = False, "steer"
        elif self.access == "expert":
            self.expert, action = True, "scenarios"
        elif self.access == "group-facilitator":  # their group only (issue 14)
            self.expert, action = True, "moderate"
        elif self.access == "note-taker":  # a discussion's notes only (issue 24)
            self.expert, action = True, "notes"
        else:
            self.root = polite_page(t, self.role, t("This page is for the facilitator"), t(
                "It needs the facilitator link with its key. If you are a participant, please use the join "
                "link or the QR code shown in the room."))
            self.workshop = None
            return
        self.link = link or PageLink("", t=ctx.t)
        self.notice = Notice(t)
        self.host = StepHost(ctx, self.role)
        lead = {"group-facilitator": GroupLeadPage, "note-taker": NoteTakerPage}.get(self.access)
        self.lead = lead(ctx, self.workshop, link=self.link, notice=self.notice, host=self.host) if lead else None
        self.root = self.lead.root if self.lead else self._expert_page() if self.expert else self._console_page()
        self.watch = AccessWatch(ctx, action, self.root, on_withdrawn=self._withdrawn)
        self.feed = Feed(ctx.db, self.workshop.id)
        self.feed.subscribe(self.on_change)
        # The page's one tick (LivePage.start): the console's clock below, then the open view's.
        self.feed.bind(self.root)
        self.link.on_ping(self.feed.touch)
        self.refresh_all()

    # --- building ------------------------------------------------------------------------

    def _console_page(self) -> widgets.VBox:
        t = self.t
        self.count = theme.html(classes=["fk-participant-count"])
        guide = theme.html(guide_link_html(t), classes=["fk-guide-link-box"])  # in the console's language
        header = workshop_header(self.workshop, side=[guide, self.count], extra=t("Facilitator console"),
                                 language=t.language)
        self.control = PhaseControl(self.ctx, self.notice, now=self.now, after=self.refresh_all)
        self.joined = JoinedPanel(self.ctx)
        self.private = PrivatePanel(self.ctx, self.notice, after=self.refresh_all)
        self.agenda = theme.html(classes=["fk-agenda-box"])
        agenda = theme.panel([panel_title(t("Agenda")), self.agenda])
        # Names the console's tests and the rest of the kit have always used.
        self.next_button, self.prev_button = self.control.next_button, self.control.prev_button
        self.current, self.timer = self.control.current, self.control.timer
        self.private_toggle, self.reveal_button = self.private.toggle, self.private.reveal_button
        sidebar = theme.box([self.control.root, self.joined.root, join_panel(self.ctx, self.workshop),
                             self.private.root, agenda], classes=["fk-col", "fk-console-side"])
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        self.plenary = PlenaryBoard(self.ctx)  # all groups side by side while the plenary is on
        self.run_box = theme.box([self.stepbar, self.plenary.root, self.host.box], classes=["fk-col", "fk-console-run"])
        self.prepare = PrepareArea(self.ctx)
        self.groups = GroupsPanel(self.ctx, after=self.refresh_all, now=self.now)
        self.round_two = RoundTwoPanel(self.ctx)
        # Prepare stays the second tab, where facilitators (and earlier links to this page) know it.
        self.tabs = widgets.ToggleButtons(options=[(t("Run the session"), "run"), (t("Prepare"), "prepare"),
                                                   (t("Groups"), "groups")],
                                          value="run", style={"button_width": "auto"},
                                          tooltips=[t("The step everyone sees now"),
                                                    t("Agenda, settings and role links"),
                                                    t("Breakout groups, their work and the plenary")],
                                          _dom_classes=("fk-switch", "fk-console-tabs"))
        self.tabs.observe(lambda change: self.show_tab(change["new"]), names="value")
        self.main = theme.box([self.tabs, self.run_box], classes=["fk-col", "fk-console-main"])
        grid = theme.box([sidebar, self.main], classes=["fk-console-grid"], horizontal=True)
        return theme.app_root([self.link, header, grid], role=self.role, classes=["fk-console"])

    def _expert_page(self) -> widgets.VBox:
        t = self.t
        header = workshop_header(self.workshop, extra=t("Expert: scenarios and case studies"), language=t.language)
        intro = theme.html(theme.stepbar_html(
            t("Between the rounds"), t("Scenarios and case studies"),
            t("Bundle ideas from the wall into alternative scenarios and add case studies from other cities. "
              "The facilitator steers the session; this page shows only your part.")), classes=["fk-stepbar-box"])
        self.host.show("scenarios")
        return theme.app_root([self.link, header, intro, self.notice, self.host.box], role=self.role,
                              classes=["fk-console", "fk-console-expert"])

    def show_tab(self, tab: str) -> None:
        """Show the running session or the Prepare editors in the main column (the sidebar stays)."""
        if self.watch.withdrawn:
            return
        self.groups.hide()
        if tab == "prepare":
            self.prepare.open()
            self.main.children = (self.tabs, self.prepare.root, self.round_two.root)
        elif tab == "groups":
            self.groups.open()
            self.main.children = (self.tabs, self.groups.root)
        else:
            self.main.children = (self.tabs, self.run_box)
        if self.tabs.value != tab:
            self.tabs.value = tab

    # --- actions (the store checks each with the page's key) ------------------------------

    def go_to(self, index: int) -> bool:
        return self.control.go_to(index)

    def next(self) -> bool:
        return self.control.next()

    def previous(self) -> bool:
        return self.control.previous()

    def set_private(self, on: bool) -> bool:
        return self.private.set_private(on)

    def reveal(self) -> bool:
        return self.private.reveal()

    # --- live ----------------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.on_change(set(ALL_TOPICS))

    def on_change(self, topics: set[str]) -> None:
        """Called by the feed with the topics that changed in the store."""
        if not self.watch.check(topics):
            return
        if self.lead is not None:
            self.lead.on_change(topics)
            return
        if self.expert:
            self.host.refresh(topics)
            return
        self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
        if "participants" in topics:
            n = store.participant_count(self.ctx.db, self.workshop.id)
            text = esc(self.t("{n} joined")).format(n=f"<b>{n}</b>")
            title = self.t("Participants")
            self.count.value = f'<span class="fk-chip fk-chip-accent" title="{esc(title)}">{text}</span>'
        if topics & {"participants", "workshop"}:
            self.joined.render(self.workshop)
        if "workshop" in topics:
            self.private.render(self.workshop)
        switched = False
        if topics & {"phase", "agenda"}:
            items, index, step = current_position(self.ctx, self.workshop)
            self.stepbar.value = stepbar(self.t, items, index, "facilitator")
            switched = self.host.show(step)
            self.control.render(items, index)
            self.tick()
        if not switched:
            self.host.refresh(topics)
        if self.prepare.built:
            self.prepare.refresh(topics)
        self.groups.refresh(topics)
        self.plenary.refresh(topics)
        self.round_two.refresh(topics)

    def tick(self, now: datetime | None = None) -> None:
        """Once a second: the countdown, ahead/behind and the agenda's actual times; then the open view's tick."""
        if self.watch.withdrawn:
            return
        if not self.expert and self.control.items:
            self.control.tick()
            self.agenda.value = agenda_html(self.t, self.control.items, self.control.index, self.now())
        super().tick(now)

    def _withdrawn(self) -> None:
        """The key was revoked: the page shows the polite refusal; free what it showed."""
        self.host.close()
        if not self.expert:
            self.prepare.close()
            self.groups.close()
            theme.close_tree(self.run_box, self.tabs, self.round_two.root)

    def _kept_aside(self) -> tuple[widgets.Widget, ...]:
        if self.workshop is None or self.expert:
            return ()
        return (self.run_box, self.prepare.root, self.tabs, self.groups.root, self.round_two.root)
