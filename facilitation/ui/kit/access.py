"""Pages opened with a key: which role the key carries, and withdrawing a page whose key was revoked.

The store checks every action against the key (``store.require_role``); pages only use the
role to decide what to show. A facilitator who revokes a link bumps the feed topic
``access``: each page opened with a key listens for it and, when its key no longer passes,
replaces its whole content with a polite page (:class:`AccessWatch`). Its controls were
already refused by the store; now they are gone from the screen too.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.i18n import Translate
from facilitation.live import Feed
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context


def page_role(ctx: Context) -> str | None:
    """The role the page's key carries for its workshop (None: no key, unknown or revoked)."""
    if not ctx.key or not ctx.code:
        return None
    try:
        return store.key_role(ctx.db, ctx.code, ctx.key)
    except FacilitationError:
        return None


def may(ctx: Context, action: str) -> bool:
    """True when the page's key may do ``action`` (one of ``domain.roles.ACTIONS``) right now."""
    return bool(ctx.key and ctx.code) and store.can(ctx.db, ctx.code, ctx.key, action)


def withdrawn_children(t: Translate) -> list[widgets.Widget]:
    """The content of the page a revoked link shows: a header and one kind sentence."""
    body = theme.panel([theme.html(theme.empty_html(
        t("This link was withdrawn by the facilitator"),
        t("It no longer opens this workshop. If you still need it, please ask the facilitator for a new link."),
        icon="lock"))], classes=["fk-narrow", "fk-polite", "fk-withdrawn"])
    return [theme.header_box(t("Workshop"), ""), body]


class AccessWatch:
    """Withdraws a page when its key stops passing ``action`` (checked on the feed topic ``access``).

    ``on_withdrawn`` runs after the page's content was replaced (e.g. to free its step view).
    """

    def __init__(self, ctx: Context, action: str, root: widgets.Box, *,
                 on_withdrawn: Callable[[], None] | None = None) -> None:
        self.ctx, self.action, self.root = ctx, action, root
        self.on_withdrawn = on_withdrawn
        self.withdrawn = False

    def check(self, topics: set[str]) -> bool:
        """True while the page may stay; on ``access`` re-asks the store, and withdraws the page if not."""
        if self.withdrawn:
            return False
        if "access" in topics and not may(self.ctx, self.action):
            self.withdraw()
            return False
        return True

    def withdraw(self) -> None:
        """Show the polite page in place of everything else (the old content is closed after)."""
        self.withdrawn = True
        theme.replace_children(self.root, withdrawn_children(self.ctx.t))
        theme.add_classes(self.root, ["fk-page-polite", "fk-page-withdrawn"])
        if self.on_withdrawn is not None:
            self.on_withdrawn()


class OrganiserWatch:
    """Withdraws a page opened with an organiser key once that key is revoked, anywhere (issue 23).

    Organiser keys are server-wide, so it listens on the server-wide feed (``store.SERVER_WIDE``,
    topic ``organisers``), every 2 s and with no idle stop: the server culls a closed page's kernel
    by its connection. ``on_valid`` runs when organiser keys changed and this one still passes.
    """

    INTERVAL = 2.0

    def __init__(self, db: store.Database, key: str | None, root: widgets.Box, t: Translate, *,
                 on_valid: Callable[[], None] | None = None, on_withdrawn: Callable[[], None] | None = None) -> None:
        self.db, self.key, self.root, self.t = db, key, root, t
        self.on_valid, self.on_withdrawn = on_valid, on_withdrawn
        self.withdrawn = False
        self.feed = Feed(db, store.SERVER_WIDE, interval=self.INTERVAL, idle_timeout=float("inf"))
        self.feed.subscribe(self.check)
        self.feed.bind(root)

    def start(self) -> bool:
        return self.feed.start()

    def stop(self) -> None:
        self.feed.stop("closed")

    def check(self, topics: set[str]) -> bool:
        """True while the page may stay; on ``organisers`` re-asks the store and withdraws the page if not."""
        if self.withdrawn:
            return False
        if "organisers" in topics:
            if not store.is_organiser(self.db, self.key):
                self.withdraw()
                return False
            if self.on_valid is not None:
                self.on_valid()
        return True

    def withdraw(self) -> None:
        """A polite page replaces everything (``fk-page-withdrawn``); the old content is closed."""
        t = self.t
        self.withdrawn = True
        self.feed.stop("withdrawn")
        body = theme.panel([theme.html(theme.empty_html(
            t("This organiser link was revoked"),
            t("It no longer opens the organiser page. Ask the server's administrator for a new organiser link."),
            icon="lock"))], classes=["fk-narrow", "fk-polite", "fk-withdrawn"])
        theme.replace_children(self.root, [theme.header_box(t("Organiser"), ""), body])
        theme.add_classes(self.root, ["fk-page-polite", "fk-page-withdrawn"])
        if self.on_withdrawn is not None:
            self.on_withdrawn()
