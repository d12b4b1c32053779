"""The big-screen presenter view for a projector: the current step's results, large.

Opened from the console or with a presenter link (``presenter.ipynb?code=…&key=…``): the
key must allow "present" (facilitator, co-facilitator, organiser, expert or presenter),
because the view may show results before participants see them. It is read-only, follows
the facilitator's step by itself (with the step's instruction from the agenda) and never
shows hidden or still-private ideas. A key revoked while the screen is open withdraws it.
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain import steps
from facilitation.live import Feed
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import AccessWatch, may
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.identity import PageLink
from facilitation.ui.kit.shell import find_workshop, LivePage, StepHost, current_position, polite_page, stepbar, workshop_header
from facilitation.ui.steps.groups.choice import GroupChoice


class PresenterApp(LivePage):
    """The presenter page for ``ctx`` (needs ``ctx.key`` allowing "present")."""

    role = "presenter"

    def __init__(self, ctx: Context, *, link: PageLink | None = None) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.feed: Feed | None = None
        self.workshop: Workshop | None = find_workshop(ctx)
        if self.workshop is None or not may(ctx, "present"):
            self.workshop = None
            self.root = polite_page(t, self.role, t("This screen is for the facilitator"), t(
                "Open it from the facilitator console (it needs the facilitator link)."))
            return
        ctx.code = self.workshop.code
        self.link = link or PageLink("", t=ctx.t)
        self.join_hint = theme.html(classes=["fk-footer-join"])
        self.groups = GroupChoice(ctx, on_pick=self._regroup)  # all groups side by side, or one (issue 14)
        self.header = workshop_header(self.workshop, side=[self.groups.pick, self.join_hint], language=self.t.language)
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        self.host = StepHost(ctx, self.role)
        self.root = theme.app_root([self.link, self.header, self.stepbar, self.groups.board.root, self.host.box],
                                   role=self.role)
        self.watch = AccessWatch(ctx, "present", self.root, on_withdrawn=self.host.close)
        self.feed = Feed(ctx.db, self.workshop.id)
        self.feed.subscribe(self.on_change)
        self.feed.bind(self.root)
        self.link.on_ping(self.feed.touch)
        self.on_change({"phase", "groups"})

    def _regroup(self) -> None:
        """The screen shows another group (or all): the step is built again for it."""
        self.host.close_view()
        self.on_change({"phase"})

    def _join_hint_html(self, step: str) -> str:
        entry = steps.step(step)
        if entry is None or entry.shows_join:  # the welcome screen shows the join link big already
            return ""
        from facilitation.ui.kit.links import participant_url

        join = self.t("Join")
        return (f'{esc(join)}: <b>{esc(participant_url(self.workshop.code))}</b>'
                f' · <span class="fk-code">{esc(self.workshop.code)}</span>')

    def on_change(self, topics: set[str]) -> None:
        """Called by the feed with the topics that changed in the store."""
        if not self.watch.check(topics):
            return
        switched = False
        if topics & {"phase", "agenda"}:
            self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
            items, index, step = current_position(self.ctx, self.workshop)
            self.stepbar.value = stepbar(self.t, items, index, self.role)
            self.join_hint.value = self._join_hint_html(step)
            switched = self.host.show(step)
        if not switched:
            self.host.refresh(topics)
        self.groups.refresh(topics)

