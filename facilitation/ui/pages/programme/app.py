"""The programme view itself (see :mod:`facilitation.ui.pages.programme`)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.domain.programmes import Programme
from facilitation.i18n import Translate, translator
from facilitation.ui.kit import theme
from facilitation.ui.kit.access import OrganiserWatch
from facilitation.ui.kit.base import Context, Notice, esc
from facilitation.ui.kit.shell import polite_page
from facilitation.ui.pages.programme.calendar import calendar_html
from facilitation.ui.pages.programme.participation import participation_html
from facilitation.ui.pages.programme.practices import PracticeLibrary
from facilitation.ui.pages.programme.quotes import quotes_html
from facilitation.ui.pages.programme.venue_map import VenueMap
from facilitation.ui.pages.programme.workshops import WorkshopCards

ROLE = "organiser"


def intro_html(t: Translate, p: Programme) -> str:
    """What the programme is: description, themes, organisers, hosts, phases."""
    rows = []
    if p.description:
        rows.append(f'<p class="fk-lead">{esc(p.description)}</p>')
    for label, values in ((t("Organisers"), p.organisers), (t("Hosts"), p.hosts)):
        if values:
            rows.append(f'<p><span class="fk-muted">{esc(label)}:</span> {esc(", ".join(values))}</p>')
    if p.themes:
        rows.append('<div class="fk-chips">' + "".join(theme.chip(x, "primary") for x in p.themes) + "</div>")
    return '<div class="fk-programme-intro">' + "".join(rows) + "</div>"


def section(title: str, children: list[widgets.Widget], name: str) -> widgets.VBox:
    head = theme.html(f'<h2 class="fk-panel-title">{esc(title)}</h2>')
    return theme.panel([head, *children], classes=["fk-programme-section", f"fk-programme-{name}-section"])


class ProgrammeApp:
    """The organisers' programme view: ``programme.ipynb?key=ORGANISER_KEY[&programme=NAME]``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.key = (ctx.key or "").strip()
        t = ctx.t
        if not self.key or not store.is_organiser(ctx.db, self.key):
            self.root = polite_page(t, ROLE, t("The programme view is for organisers"),
                                    t("Open it with the organiser link: programme.ipynb?key=…"))
            self.root.add_class("fk-programme-locked")
            return
        self.programmes = store.list_programmes(ctx.db)
        if not self.programmes:
            self.root = polite_page(t, ROLE, t("No programmes yet"),
                                    t("A programme groups workshops in phases; 'facilitation demo' loads examples."),
                                    icon="clock")
            return
        names = [p.name for p in self.programmes]
        wanted = ctx.query.get("programme", "").strip()
        self.name = wanted if wanted in names else names[0]
        self.picker = theme.dropdown("", [(n, n) for n in names], value=self.name, classes=["fk-programme-pick"])
        theme.show(self.picker, len(names) > 1)
        self.picker.observe(self._on_pick, names="value")
        self.notice = Notice(t)
        self.root = theme.app_root([], role=ROLE, classes=["fk-programme"])
        self.watch = OrganiserWatch(ctx.db, self.key, self.root, t)  # a revoked organiser key withdraws it (issue 23)
        self.show(self.name)

    # --- building ----------------------------------------------------------------------------

    def translator_for(self, programme: Programme) -> Translate:
        """The page speaks the programme's language (``lang=`` in the URL overrides it)."""
        return translator(self.ctx.query.get("lang") or programme.language)

    def show(self, name: str) -> None:
        """Show the programme called ``name`` (everything read again from the store)."""
        db = self.ctx.db
        programme = store.get_programme(db, name)
        self.name, self.programme = name, programme
        self.t = t = self.translator_for(programme)
        rows = store.programme_workshops(db, name)
        self.picker.description = t("Programme")
        header = theme.header_box(programme.name, t("Programme overview"), side=[self.picker])
        self.calendar = theme.html(calendar_html(t, programme, rows), classes=["fk-programme-calendar"])
        self.venues = VenueMap(t, rows)
        self.workshops = WorkshopCards(db, t, rows, self.key)
        self.participation = theme.html(participation_html(t, store.unique_participants(db, name), rows),
                                        classes=["fk-programme-participation-box"])
        self.quotes = theme.html(quotes_html(t, store.feedback_quotes(db, name)), classes=["fk-programme-quotes"])
        self.practices = PracticeLibrary(db, t, organiser_key=self.key, programme=name)
        children = [
            header, self.notice, theme.panel([theme.html(intro_html(t, programme))], classes=["fk-programme-about"]),
            theme.box([section(t("Calendar"), [self.calendar], "calendar"),
                       section(t("Venues"), [self.venues.root], "venues")], classes=["fk-programme-top"]),
            section(t("Workshops"), [self.workshops.root], "workshops"),
            theme.box([section(t("Participation"), [self.participation], "participation"),
                       section(t("Feedback by city"), [self.quotes], "quotes")], classes=["fk-programme-top"]),
            section(t("Practice library"), [self.practices.root], "practices"),
        ]
        # The previous programme's sections close as they leave; the picker stays for the next pick.
        theme.replace_children(self.root, children, keep=[self.picker])

    def _on_pick(self, change: dict) -> None:
        name = change.get("new")
        if isinstance(name, str) and name in [p.name for p in self.programmes] and name != self.name:
            try:
                self.show(name)
            except FacilitationError as exc:
                self.notice.error(exc)

    # --- page lifecycle ------------------------------------------------------------------------

    def start(self) -> bool:
        """A snapshot of the store when opened (pick the programme again to re-read); only the organiser
        key's revocation is followed live."""
        watch = getattr(self, "watch", None)
        return watch.start() if watch is not None else False

    def close(self) -> None:
        if getattr(self, "watch", None) is not None:
            self.watch.stop()
        theme.close_tree(self.root)
