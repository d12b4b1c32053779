"""The organiser page itself (see :mod:`facilitation.ui.pages.organiser`)."""

from __future__ import annotations

from facilitation import store
from facilitation.live import Feed
from facilitation.store import Created
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import OrganiserWatch
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.identity import PageLink
from facilitation.ui.kit.links import base_url
from facilitation.ui.kit.shell import polite_page, subtitle
from facilitation.ui.pages.organiser.create_form import CreateForm
from facilitation.ui.pages.organiser.keys_panel import OrganiserKeysPanel
from facilitation.ui.pages.organiser.links_panel import LinksPanel
from facilitation.ui.pages.organiser.workshop_list import WorkshopList
from facilitation.ui.setup import AgendaEditor, RolesPanel, SettingsEditor


class OrganiserApp:
    """The organiser's page for ``ctx`` (the organiser key in ``ctx.key``)."""

    role = "organiser"

    def __init__(self, ctx: Context, *, base: str | None = None) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.feed: Feed | None = None
        self.watch: OrganiserWatch | None = None  # its organiser key revoked anywhere: this page withdraws
        self.started = False
        self.code: str | None = None  # the workshop in the editor
        self.editors: list = []
        if not store.is_organiser(ctx.db, ctx.key):
            self.root = polite_page(t, self.role, t("This page is for organisers"), t(
                "It opens with the organiser link that 'facilitation serve' prints (organiser.ipynb?key=…). "
                "Facilitators open their console with the facilitator link."))
            self.root.add_class("fk-organiser-locked")
            return
        self.key: str = ctx.key or ""
        base = base if base is not None else base_url()
        self.link = PageLink("", t=ctx.t)
        self.link.on_ping(self._touch)
        self.form = CreateForm(ctx, self.key, on_created=self.created)
        self.workshops = WorkshopList(ctx, self.key, base=base, on_edit=self.open_workshop)
        self.links = LinksPanel(ctx, base=base)
        self.keys = OrganiserKeysPanel(ctx, self.key, on_self_revoked=self.withdraw)
        self.base = base
        self.editor_head = theme.html(classes=["fk-organiser-editing"])
        self.editor_box = theme.box(classes=["fk-organiser-editor"])
        header = theme.header_box(t("Organiser"), t("Create and prepare the workshops of your programme"),
                                  side=[theme.html(self._other_pages_html(), classes=["fk-organiser-nav"])])
        top = theme.box([self.form.root, self.workshops.root], classes=["fk-organiser-grid"])
        self.root = theme.app_root([self.link, header, top, self.links.root, self.editor_head, self.editor_box,
                                    self.keys.root], role=self.role, classes=["fk-organiser"])
        self.watch = OrganiserWatch(ctx.db, self.key, self.root, t, on_valid=self.keys.refresh,
                                    on_withdrawn=self._withdrawn)

    def withdraw(self) -> None:
        """The page's organiser key was revoked: a polite page replaces everything (``fk-page-withdrawn``)."""
        if self.watch is not None:
            self.watch.withdraw()

    def _withdrawn(self) -> None:
        if self.feed is not None:
            self.feed.stop("withdrawn")

    def _other_pages_html(self) -> str:
        """Links to the review of every workshop's outputs and, when there are programmes, their overview."""
        from facilitation.domain import links as pages
        from facilitation.ui.pages.programme.links import programme_link_html

        review = pages.page_link(self.base, pages.REVIEW_NOTEBOOK, key=self.key)
        label = self.t("Review the outputs")
        return (programme_link_html(self.t, self.ctx.db, [self.key]) +
                f' <a class="fk-btn fk-btn-ghost fk-review-link" href="{esc(review)}" target="_blank" '
                f'rel="noopener">{esc(label)}</a>')

    def start(self) -> bool:
        """Start the live updates of the workshop in the editor (once one is open)."""
        self.started = True
        if self.watch is not None:
            self.watch.start()
        return self.feed.start() if self.feed is not None else False

    def close(self) -> None:
        """Stop the live updates and close the page (its root before what it lists)."""
        for feed in (self.feed, self.watch.feed if self.watch else None):
            if feed is not None:
                feed.stop("closed")
        theme.close_tree(self.root)

    def _touch(self) -> None:
        if self.feed is not None:
            self.feed.touch()

    def created(self, created: Created) -> None:
        """A workshop was created: show its links, list it and open its editor."""
        self.links.show(created.workshop, created.key)
        self.workshops.refresh()
        self.open_workshop(created.workshop.code)

    def open_workshop(self, code: str) -> None:
        """Show the editor (agenda, settings, role links) of workshop ``code``."""
        t = self.t
        workshop = store.get_workshop(self.ctx.db, code)
        if self.feed is not None:
            self.feed.stop("switched")
        ctx = Context(db=self.ctx.db, code=workshop.code, t=t, key=self.key, query=dict(self.ctx.query))
        self.code = workshop.code
        self.agenda = AgendaEditor(ctx, self.key)
        self.settings = SettingsEditor(ctx, self.key)
        self.roles = RolesPanel(ctx, self.key, base=self.base)
        from facilitation.ui.pages.console.groups_round import RoundTwoPanel  # round 2 from this one (issue 14)

        self.round_two = RoundTwoPanel(ctx, base=self.base, after=lambda _created: self.workshops.refresh())
        self.editors = [self.agenda, self.settings, self.roles, self.round_two]
        kicker = t("Preparing")
        self.editor_head.value = theme.stepbar_html(kicker, workshop.title, subtitle(workshop, self.t.language))
        theme.replace_children(self.editor_box, [editor.root for editor in self.editors])
        self.feed = Feed(self.ctx.db, workshop.id)
        self.feed.subscribe(self.on_change)
        self.feed.bind(self.root)
        if self.started:
            self.feed.start()

    def on_change(self, topics: set[str]) -> None:
        """Another page changed the workshop in the editor: every part re-reads what it shows."""
        for editor in self.editors:
            editor.refresh(topics)
        if "workshop" in topics:
            self.workshops.refresh()
            workshop = store.get_workshop(self.ctx.db, self.code)
            self.editor_head.value = theme.stepbar_html(self.t("Preparing"), workshop.title, subtitle(workshop, self.t.language))

