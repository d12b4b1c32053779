"""The city's homework page (``challenge.ipynb?code=JOIN&key=KEY``): its challenge on the map.

Before the session the city's representative opens this link (it carries a city
representative's key, or the facilitator's: the store lets a key that allows "challenge"
write the challenge and its map), writes the challenge, tags its themes and draws or
imports the places it concerns. Everyone sees the result at the start of round 1 (the
challenge step). Without a valid key the page says so kindly; a key revoked while the page
is open withdraws it.
"""

from __future__ import annotations

from facilitation import store
from facilitation.live import Feed
from facilitation.domain.groups import group_label
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import AccessWatch, may
from facilitation.ui.kit.base import Context
from facilitation.ui.steps.challenge import HOMEWORK_NOTEBOOK, TOPICS, ChallengeView, homework_link
from facilitation.ui.kit.identity import PageLink
from facilitation.ui.kit.shell import find_workshop, polite_page, workshop_header

__all__ = ["ChallengeApp", "HOMEWORK_NOTEBOOK", "homework_link"]


class ChallengeApp:
    """The homework page for ``ctx`` (needs ``ctx.key`` allowing "challenge"); ``root`` is the widget to display."""

    role = "facilitator"

    def __init__(self, ctx: Context, *, link: PageLink | None = None) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.feed: Feed | None = None
        self.view: ChallengeView | None = None
        self.workshop: Workshop | None = find_workshop(ctx)
        if self.workshop is None:
            self.root = polite_page(t, self.role, t("We could not find this workshop"), t(
                "The link may be incomplete. Please ask the facilitator for the homework link again."), icon="search")
            return
        if not may(ctx, "challenge"):
            self.root = polite_page(t, self.role, t("This page is for the city's representative"), t(
                "Open it with the homework link the facilitator sent you (it carries a key)."))
            self.workshop = None
            return
        ctx.code = self.workshop.code
        self.link = link or PageLink("", t=ctx.t)
        bound = store.key_group(ctx.db, ctx.code, ctx.key)  # a city link for one breakout group (issue 14)
        # A group's link is that group's city's homework: its header names the group and its city (issue 22).
        extra = t("Homework before the workshop")
        if bound is not None:
            label = group_label(bound, t)
            named = " · ".join([label] + ([bound.city] if bound.city and bound.city != label else []))
            extra = t("Homework of {group}").format(group=named)
        header = workshop_header(self.workshop, extra=extra, language=t.language)
        intro = theme.html(theme.stepbar_html(
            t("Homework"), t("Your city's challenge"),
            t("Describe your key local challenge and show on the map where it is: areas, lines and points, each "
              "with a label and a note. Everyone sees it at the start of the first round.")),
            classes=["fk-stepbar-box"])
        self.view = ChallengeView(ctx, role="facilitator", homework_link=False)
        parts = [self.link, header, intro, self.view.root]
        self.group_form = None
        if bound is not None and self.view.challenge_form is not None:
            from facilitation.ui.steps.groups.homework import GroupChallengeForm

            self.group_form = GroupChallengeForm(ctx, bound)
            theme.show(self.view.challenge_form.root, False)  # the workshop's own challenge is not this link's
            parts.insert(3, self.group_form.root)
        self.root = theme.app_root(parts, role=self.role, classes=["fk-page-challenge"])
        self.watch = AccessWatch(ctx, "challenge", self.root, on_withdrawn=self._withdrawn)
        self.feed = Feed(ctx.db, self.workshop.id)
        self.feed.subscribe(self.on_change)
        self.feed.bind(self.root)
        self.link.on_ping(self.feed.touch)

    def on_change(self, topics: set[str]) -> None:
        """Another page changed the challenge or the map: show it."""
        if not self.watch.check(topics):
            return
        if self.view is not None and set(topics) & TOPICS:
            self.view.refresh(set(topics) & TOPICS)

    def _withdrawn(self) -> None:
        if self.view is not None:
            self.view.close()

    def start(self) -> bool:
        return self.feed.start() if self.feed is not None else False

    def close(self) -> None:
        if self.feed is not None:
            self.feed.stop("closed")
        theme.close_tree(self.root)  # the page before the view it shows
        if self.view is not None:
            self.view.close()
