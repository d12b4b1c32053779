"""The participant's page: join (optional name), then whatever step the facilitator opened.

Identity: the page's :class:`~facilitation.ui.kit.identity.PageLink` brings the device token
from the browser's localStorage. A token the store already knows skips the join form, so
a reload or a second tab keeps the same participant, their ideas and their used votes.

Live: a :class:`~facilitation.live.Feed` tells the page which topics changed; a new phase
swaps the step view in place (no reload), an agenda edit re-renders the step's banner and
instruction, other topics refresh the current view.

When the workshop asks for it (``settings["ask_affiliation"]``), the join form also asks
for an organisation and a city (``fk-join-organisation``, ``fk-join-city``; both optional).
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import FacilitationError, NotAllowed
from facilitation.live import Feed
from facilitation.domain.records import MAX_AFFILIATION, MAX_NAME, Participant, Workshop
from facilitation.i18n import translator
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.identity import PageLink, storage_key
from facilitation.ui.kit.language import LanguageSwitch
from facilitation.ui.kit.shell import LivePage, StepHost, current_position, polite_page, stepbar, workshop_header
from facilitation.ui.steps.groups.badge import GroupBadge


class ParticipantApp(LivePage):
    """The participant page for ``ctx`` (``ctx.code`` from the link; no key needed).

    ``root`` is the widget to display; :meth:`start` starts live updates (needs the
    kernel's running event loop; tests call ``app.feed.poll_once()`` instead).
    """

    role = "participant"
    materials = None  # the workshop's materials and meeting record, mounted once the participant is known

    def __init__(self, ctx: Context, *, link: PageLink | None = None) -> None:
        ctx.key = None  # a participant acts with the device token only, whatever key the link carries
        self.ctx, self.t = ctx, ctx.t
        self.participant: Participant | None = None
        self.feed: Feed | None = None
        self.workshop: Workshop | None = self._find_workshop()
        if self.workshop is None:
            self.root = polite_page(self.t, self.role, self.t("We could not find this workshop"), self.t(
                "The link may be incomplete or the workshop may have ended. Please check the link or scan "
                "the QR code shown in the room again."), icon="search")
            return
        ctx.code = self.workshop.code
        self.link = link or PageLink(storage_key(self.workshop.code), t=ctx.t)
        self.whoami = theme.html(classes=["fk-whoami"])
        self.groups = GroupBadge(ctx, after=lambda: self.on_change({"groups"}))  # breakout groups (issue 14)
        self.lang_switch = LanguageSwitch(self.t, first=self.workshop.language, on_pick=self.switch_language)
        self.header = self._header()
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        self.host = StepHost(ctx, self.role)
        self.notice = Notice(self.t)
        self.body = theme.box(classes=["fk-body"])
        self.join_panel = self._build_join()
        self.body.children = (theme.panel([theme.html(theme.spinner_html(self.t(
            "Connecting… If this message stays, please reload the page.")))], classes=["fk-narrow"]),)
        self.root = theme.app_root([self.link, self.header, self.stepbar, self.groups.root, self.body],
                                   role=self.role)
        self.feed = Feed(ctx.db, self.workshop.id)
        self.feed.subscribe(self.on_change)
        self.feed.bind(self.root)
        self.link.on_ping(self.feed.touch)
        self.link.observe(lambda change: self.use_token(change["new"]), names="token")
        if self.link.token:
            self.use_token(self.link.token)

    def _header(self) -> widgets.HBox:
        """Title, place (the country in the page's language) and date; the language switch, who and group."""
        return workshop_header(self.workshop, side=[self.lang_switch.root, self.whoami, self.groups.chip],
                               language=self.t.language)

    def _show_body(self, widget: widgets.Widget) -> None:
        """Show the join form or the step host; both stay for later, the "connecting" panel closes."""
        theme.replace_children(self.body, (widget,), keep=self._kept_aside())

    def _kept_aside(self) -> tuple[widgets.Widget, ...]:
        return (self.join_panel, self.host.box) if self.feed is not None else ()

    def _find_workshop(self) -> Workshop | None:
        if not self.ctx.code:
            return None
        try:
            return self.ctx.workshop
        except FacilitationError:
            return None

    # --- joining ----------------------------------------------------------------------

    def _build_join(self) -> widgets.VBox:
        t = self.t
        self.name = theme.text(t("Your name (optional)"), placeholder=t("e.g. Anna from the planning office"),
                               classes=["fk-join-name"])
        self.organisation = theme.text(t("Your organisation (optional)"),
                                       placeholder=t("e.g. the city's planning office"), classes=["fk-join-organisation"])
        self.city = theme.text(t("Your city (optional)"), classes=["fk-join-city"])
        self.affiliation = theme.row([self.organisation, self.city], classes=["fk-join-affiliation"])
        self.join_button = theme.button(t("Join the workshop"), kind="primary", wide=True, classes=["fk-join-submit"])
        self.join_button.on_click(lambda _b: self.join())
        # Babel does not look inside f-strings: translate first, then format.
        welcome = t("Welcome")
        lead = t("Take part from this device: no account, nothing to install.")
        help_text = t("Leave the name empty to take part anonymously: you will get a pseudonym.")
        intro = (f'<div class="fk-panel-title">{esc(welcome)}</div><p class="fk-lead">{esc(lead)}</p>'
                 f'<p class="fk-help">{esc(help_text)}</p>')
        return theme.panel([theme.html(intro), self.name, self.affiliation, self.notice, self.join_button],
                           classes=["fk-narrow", "fk-form", "fk-join"])

    def use_token(self, token: str) -> None:
        """The browser sent its device token: resume as that participant, or ask to join."""
        self.ctx.token = token if isinstance(token, str) and token else None
        found = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token) if self.ctx.token else None
        if found is not None:
            self.enter(found)
        else:
            self.participant = None
            self.ctx.participant_id = None
            self.host.close_view()
            self.whoami.value = ""
            self.stepbar.value = ""
            self.groups.clear()
            self._show_affiliation()
            self._show_body(self.join_panel)

    def _asks_affiliation(self) -> bool:
        self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
        return bool((self.workshop.settings or {}).get("ask_affiliation"))

    def _show_affiliation(self) -> None:
        theme.set_visible(self.affiliation, self._asks_affiliation())

    def join(self) -> bool:
        """Join with the typed name (empty = anonymous); the store checks the token and the name."""
        t = self.t
        joined: list[Participant] = []

        def action() -> None:
            if not self.ctx.token:
                raise NotAllowed(t("Still connecting to your browser; please try again in a moment."))
            name = self.name.value if isinstance(self.name.value, str) else ""
            if len(name.strip()) > MAX_NAME:
                raise NotAllowed(t("Please use a shorter name (at most {n} characters).").format(n=MAX_NAME))
            where = {"organisation": "", "city": ""}
            if self._asks_affiliation():  # a forged value for a field the workshop does not ask for is dropped
                where = {"organisation": str(self.organisation.value or ""), "city": str(self.city.value or "")}
                if any(len(value.strip()) > MAX_AFFILIATION for value in where.values()):
                    raise NotAllowed(t("Please keep the organisation and the city under {n} characters.")
                                     .format(n=MAX_AFFILIATION))
            joined.append(store.join(self.ctx.db, self.ctx.code, self.ctx.token, name, **where))

        if not guarded(self.notice, action):
            return False
        self.enter(joined[0])
        return True

    def enter(self, participant: Participant) -> None:
        """Show the page as ``participant``: who they are, then the open step."""
        self.participant = participant
        self.ctx.participant_id = participant.id
        self.notice.clear()
        self._show_whoami()
        self.groups.render()
        self._show_body(self.host.box)
        self.show_current_step()
        if self.materials is None:  # before, during and after the session (issue 13)
            from facilitation.ui.steps.meeting import ParticipantMaterialsPanel

            self.materials = ParticipantMaterialsPanel(self.ctx)
            self.root.children = (*self.root.children, self.materials.root)

    def _show_whoami(self) -> None:
        """Who this is, as others see them under the workshop's naming mode (``fk-whoami``)."""
        person = self.participant
        shown = store.author_labels(self.ctx.db, self.workshop, translate=self.t).get(person.id, person.shown_name)
        hint, label = self.t("This is how others see you"), self.t("You are")
        self.whoami.value = (f'<span class="fk-chip fk-chip-primary" title="{esc(hint)}">'
                             f'{esc(label)}&nbsp;<b>{esc(shown)}</b></span>')

    def switch_language(self, language: str) -> None:
        """Show the page in ``language``, rebuilt from the store: the join form, the open step
        and the materials (the participant, their ideas and votes are in the store, not here)."""
        self.ctx.t = self.t = self.groups.t = translator(language)
        self.notice.t = self.t
        self.link.speak(self.t)  # the connection banner too
        old_header, self.header = self.header, self._header()
        self.root.children = tuple(self.header if c is old_header else c for c in self.root.children)
        theme.close_tree(old_header, keep=(self.lang_switch.root, self.whoami, self.groups.chip))
        self.host.close_view()
        if self.materials is not None:
            self.root.children = tuple(c for c in self.root.children if c is not self.materials.root)
            self.materials.close()
            self.materials = None
        old_join, self.join_panel = self.join_panel, self._build_join()
        self.use_token(self.ctx.token or "")
        if old_join not in self.body.children:  # (shown, it was closed when the new one took its place)
            theme.close_tree(old_join, keep=(self.join_panel,))

    # --- live ---------------------------------------------------------------------------

    def show_current_step(self) -> bool:
        """Show the step the facilitator has open; True when the view was switched."""
        self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
        items, index, step = current_position(self.ctx, self.workshop)
        self.stepbar.value = stepbar(self.t, items, index, self.role)
        switched = self.host.show(step)
        self.groups.follow(step)  # the group picker shows only on the steps where picking makes sense
        return switched

    def _merged_away(self) -> bool:
        """The facilitator merged this participant into another entry of the same person: show the page as
        the kept one (this device's token leads there now). True when the page was rebuilt."""
        found = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token)
        if found is None or found.id == self.participant.id:
            return False
        self.host.close_view()
        self.enter(found)
        return True

    def on_change(self, topics: set[str]) -> None:
        """Called by the feed with the topics that changed in the store."""
        if self.participant is None:
            if "workshop" in topics:
                self._show_affiliation()
            return
        if "participants" in topics and self._merged_away():
            return
        switched = bool(topics & {"phase", "agenda"}) and self.show_current_step()
        if topics & {"groups", "workshop"} and self.groups.render() and not switched:
            self.host.close_view()  # moved, or the plenary began or ended: the step shows another group's work
            switched = self.show_current_step()
        if "workshop" in topics:
            self._show_whoami()  # the naming mode may have changed
        if not switched:
            self.host.refresh(topics)
        if self.materials is not None:
            self.materials.refresh(topics)
