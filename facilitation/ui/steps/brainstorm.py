"""Brainstorm step: participants put ideas on a shared wall, placed on scale × driver.

:class:`IdeaBoard` holds what the brainstorm and the vote step share (reading the wall as
this viewer may see it, the facilitator's hide/merge, the 2×2 matrix); :class:`BrainstormView`
adds the idea form. Roles: ``participant`` (form + wall), ``facilitator`` (everything,
hidden ideas flagged, hide/merge on each card), ``presenter`` (the matrix, big).

A participant edits or withdraws their own ideas on the brainstorm wall until voting opens
(:class:`~facilitation.ui.kit.idea_edit.IdeaEditor`); each card names its author as the
workshop's naming mode allows (``store.author_label``).

Every action goes through the store with this page's token or key, so a forged click or a
participant calling :meth:`IdeaBoard.hide` is refused there (shown in ``fk-notice``).
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import InvalidValue, StoreUnreachable
from facilitation.domain.records import MAX_NAME, MAX_TEXT, MAX_TITLE, Idea, Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.live_region import LiveRegion
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.idea_edit import IdeaEditor
from facilitation.ui.kit.ideas import IdeaCard, driver_options, matrix_html, scale_options
from facilitation.ui.kit.moderation import MergeBar
from facilitation.ui.kit.wall import CardStyles, CardWall
from facilitation.ui.steps import TOPICS
from facilitation.ui.steps.groups import group_names, view_scope
from facilitation.domain.steps import ROLES


class IdeaBoard:
    """The shared part of the brainstorm and vote views (see the module docstring)."""

    step = "brainstorm"
    voting = False

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop: Workshop = ctx.workshop
        self.scope = view_scope(ctx, role, self.workshop.id)  # whose ideas: a group's or all (issue 14)
        self.group_names = group_names(ctx, self.workshop.id, self.scope)
        self.notice = Notice(self.t)
        self.live = LiveRegion(self.t)  # new ideas, read out by screen readers
        self.card_styles = CardStyles()
        self.wall: CardWall[int, Idea] = CardWall(
            self._make_card, self._update_card, key=lambda i: int(i.id),
            empty_html=theme.empty_html(*self._empty_text(), icon="bulb"), shared=self.card_styles.parts,
            state=self._card_state)
        self.matrix = theme.html(classes=["fk-matrix-view"])
        self.banner = theme.html(classes=["fk-view-banner"])
        self.summary = theme.html(classes=["fk-wall-summary"])
        self.mode = widgets.ToggleButtons(options=[(self.t("Wall"), "wall"), (self.t("Matrix"), "matrix")],
                                          value="matrix" if role == "presenter" else "wall",
                                          style={"button_width": "auto"}, _dom_classes=("fk-switch", "fk-wall-mode"))
        self.mode.observe(lambda _c: self._show_mode(), names="value")
        self.merging = MergeBar(self.t, self.notice, on_merge=self.merge) if role == "facilitator" else None
        # Participants edit their own ideas on the brainstorm wall (the store says until when).
        self.editor = (IdeaEditor(ctx, self.notice, lookup=self._visible_idea, after=self._after_edit)
                       if role == "participant" and not self.voting else None)
        self._can_edit = False
        self._authors: dict[int, str] = {}
        self._ideas: list[Idea] = []
        self._my_votes: dict[int, int] = {}
        self._left = 0
        self.root = self._build()
        theme.add_classes(self.root, [f"fk-view-{self.step}", f"fk-role-view-{role}"])
        self._show_mode()
        self.refresh(set(TOPICS[self.step]))

    # --- building -------------------------------------------------------------------

    def _empty_text(self) -> tuple[str, str]:
        t = self.t
        if self.role == "participant":
            return t("No ideas yet"), t("Be the first: add an idea with the form.")
        return t("No ideas yet"), t("Ideas appear here as participants add them.")

    def _board(self) -> widgets.VBox:
        head = theme.box([self.summary, self.mode], classes=["fk-board-head"], horizontal=True)
        editor = [self.editor.root] if self.editor is not None else []
        return theme.box([head, self.live.root, *editor, self.wall.box, self.matrix])

    def _build(self) -> widgets.VBox:
        if self.role == "presenter":
            return theme.box([self.banner, self.summary, self._presenter_main()], classes=["fk-view"])
        children: list[widgets.Widget] = [self.banner, self.notice]
        if self.merging is not None:
            children.append(self.merging.root)
        children.append(self._board())
        return theme.box(children, classes=["fk-view"])

    def _presenter_main(self) -> widgets.Widget:
        """What the projector shows big: the matrix here, the ranking in the vote step."""
        return self.matrix

    def _card_flags(self) -> dict[str, bool]:
        return {"counts": self.role != "participant" or self.voting, "voting": self.voting and self.role == "participant",
                "moderation": self.role == "facilitator"}

    def _mine(self, idea: Idea) -> bool:
        return self.role == "participant" and idea.author_id is not None and idea.author_id == self.ctx.participant_id

    def _make_card(self, idea: Idea) -> IdeaCard:
        editing = self.editor is not None and self._mine(idea)  # an idea's author never changes
        return IdeaCard(self.t, idea, styles=self.card_styles, on_vote=self.vote, on_withdraw=self.withdraw,
                        on_hide=self.hide, on_merge=self.open_merge, editing=editing,
                        on_edit=self.open_edit, on_retract=self.ask_withdraw_idea,
                        **self._card_flags(), **self._card_state(idea))

    def _card_state(self, idea: Idea) -> dict:
        mine = self._mine(idea)
        return {"mine": mine, "my_dots": self._my_votes.get(int(idea.id), 0),
                "per_idea": self.workshop.votes_per_idea, "spent": self._left <= 0,
                "author": self._author(idea), "editable": mine and self._can_edit,
                "group": self.group_names.get(idea.group_id, "") if idea.group_id is not None else ""}

    def _author(self, idea: Idea) -> str:
        """The author as the workshop's naming mode shows them ('' for an idea from no one known)."""
        if idea.author_id is None:
            return ""
        if idea.author_id not in self._authors:  # someone new: read the labels again (names rarely change)
            self._authors = store.author_labels(self.ctx.db, self.workshop, translate=self.t)
        return self._authors.get(idea.author_id, "")

    def _update_card(self, card: IdeaCard, idea: Idea) -> None:
        card.update(idea, **self._card_state(idea))

    def _show_mode(self) -> None:
        if self.role == "presenter":
            return
        matrix = self.mode.value == "matrix"
        theme.show(self.wall.box, not matrix)
        theme.show(self.matrix, matrix)

    # --- reading --------------------------------------------------------------------

    @property
    def private_open(self) -> bool:
        """True while a private brainstorm is running and not yet revealed."""
        settings = self.workshop.settings or {}
        return bool(settings.get("private_brainstorm")) and not settings.get("ideas_revealed")

    def visible_ideas(self) -> list[Idea]:
        """The wall as this role may see it (the presenter never shows hidden or unrevealed ideas)."""
        wid = self.workshop.id
        if self.role == "facilitator":
            return store.list_ideas(self.ctx.db, wid, facilitator=True, group_id=self.scope)
        if self.role == "presenter":
            if self.private_open:
                return []
            return [i for i in store.list_ideas(self.ctx.db, wid, facilitator=True, group_id=self.scope) if not i.hidden]
        return store.list_ideas(self.ctx.db, wid, viewer_id=self.ctx.participant_id, group_id=self.scope)

    def refresh(self, topics: set[str]) -> None:
        """Re-read the store and update the wall, the matrix and the counts in place."""
        if not set(topics) & TOPICS[self.step]:
            return
        self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
        if "workshop" in topics:
            self._authors = {}  # the naming mode may have changed
        self._ideas = self.visible_ideas()
        if self.editor is not None:
            self._can_edit = store.can_edit_ideas(self.ctx.db, self.ctx.code)
        if self.role == "participant" and self.ctx.participant_id is not None:
            self._my_votes = store.my_votes(self.ctx.db, self.workshop.id, self.ctx.participant_id)
            self._left = self.workshop.vote_budget - sum(self._my_votes.values())
        shown = self.ordered(self._ideas)
        self.wall.render(shown)
        self.live.new_ideas((int(i.id), i.title, self._mine(i)) for i in shown)
        self.matrix.value = matrix_html(self.t, shown, counts=self.voting)
        self.banner.value = self._banner_html()
        self.summary.value = self._summary_html()
        if self.merging is not None:
            self.merging.offer([(int(i.id), i.title) for i in self._ideas if i.merged_into is None])
        self._refresh_extra()

    def ordered(self, ideas: list[Idea]) -> list[Idea]:
        return ideas

    def _refresh_extra(self) -> None:
        """Hook for subclasses (e.g. the vote budget)."""

    def _summary_html(self) -> str:
        t = self.t
        n = len([i for i in self._ideas if not i.hidden])
        text = t.ngettext("{n} idea", "{n} ideas", n).format(n=n)
        hidden = len([i for i in self._ideas if i.hidden])
        extra = " " + theme.chip(t("{n} hidden").format(n=hidden), "danger") if hidden else ""
        return f'<div class="fk-panel-title">{esc(text)}{extra}</div>'

    def _banner_html(self) -> str:
        t = self.t
        if not self.private_open:
            return ""
        if self.role == "participant":
            return theme.banner_html(t("Private writing: only you see your ideas until the facilitator reveals them."))
        if self.role == "presenter":
            count = len(store.list_ideas(self.ctx.db, self.workshop.id, facilitator=True, group_id=self.scope))
            return theme.banner_html(t.ngettext(
                "{n} idea written so far. It appears here when the facilitator reveals it.",
                "{n} ideas written so far. They appear here when the facilitator reveals them.", count).format(n=count))
        return theme.banner_html(t("Private writing is on: participants see only their own ideas until you reveal them."),
                                 "warn")

    # --- facilitator actions (checked by the store with the facilitator key) --------

    def hide(self, idea_id: int, hidden: bool = True) -> bool:
        """Hide an idea from participants (it stays in the data) or show it again."""
        t = self.t

        def action() -> str:
            store.set_hidden(self.ctx.db, self.ctx.code, self.ctx.key, idea_id, hidden)
            return t("The idea is hidden from participants.") if hidden else t("The idea is visible again.")

        ok = guarded(self.notice, action)
        self._after_action()
        return ok

    def merge(self, duplicate_id: int, keep_id: int | None) -> bool:
        """Merge a duplicate into the kept idea; its votes move over."""
        t = self.t

        def action() -> str:
            if keep_id is None:
                raise InvalidValue(t("merge"), t("choose the idea to keep."))
            kept = store.merge_ideas(self.ctx.db, self.ctx.code, self.ctx.key, keep_id, duplicate_id)
            return t("Merged into “{title}”; its votes moved over.").format(title=kept.title)

        ok = guarded(self.notice, action)
        if ok and self.merging is not None:
            self.merging.close()
        self._after_action()
        return ok

    def open_merge(self, idea_id: int) -> None:
        """A card's *Merge…*: the bar for this duplicate (a participant page asks the store, which refuses)."""
        if self.merging is None:
            self.merge(idea_id, None)
            return
        self.merging.open(idea_id, next((i.title for i in self._ideas if i.id == idea_id), ""))

    # --- participant actions (checked by the store with this device's token) --------

    def vote(self, idea_id: int) -> bool:
        t = self.t

        def action() -> str:
            left = store.vote(self.ctx.db, self.ctx.code, self.ctx.token, idea_id)
            return t("Dot added. {n} left.").format(n=left)

        ok = guarded(self.notice, action)
        self._after_action()
        return ok

    def withdraw(self, idea_id: int) -> bool:
        t = self.t

        def action() -> str:
            left = store.withdraw_vote(self.ctx.db, self.ctx.code, self.ctx.token, idea_id)
            return t("Dot taken back. {n} left.").format(n=left)

        ok = guarded(self.notice, action)
        self._after_action()
        return ok

    # --- a participant's own ideas (the store checks author and time with the token) --

    def _visible_idea(self, idea_id: int) -> Idea | None:
        return next((i for i in self._ideas if i.id == idea_id), None)

    def _after_edit(self) -> None:
        self._after_action()

    def _after_action(self) -> None:
        """Re-read the wall after an action. A store that cannot be reached was said in the notice
        already; the change feed brings the wall up to date when it answers again."""
        try:
            self.refresh(set(TOPICS[self.step]))
        except StoreUnreachable:
            pass

    def open_edit(self, idea_id: int) -> bool:
        """A card's *Edit*: the inline form with the idea (only pages with the form have the button)."""
        return self.editor.open(idea_id) if self.editor is not None else False

    def ask_withdraw_idea(self, idea_id: int) -> bool:
        """A card's *Withdraw idea*: asks to confirm first."""
        return self.editor.ask_withdraw(idea_id) if self.editor is not None else False

    def _off_page(self) -> tuple[widgets.Widget, ...]:
        """Widgets every role builds though some roles do not show them (closed with the view)."""
        editor = (self.editor.root,) if self.editor is not None else ()
        return self.notice, self.live.root, self.mode, self.matrix, self.summary, self.banner, *editor

    def close(self) -> None:
        # The view first, then what it held off the page (and the cards' shared styles).
        theme.close_tree(self.root, *self._off_page())
        self.wall.close()


class BrainstormView(IdeaBoard):
    """The brainstorm step (``fk-view-brainstorm``): idea form, wall and 2×2 matrix."""

    step = "brainstorm"

    def _build(self) -> widgets.VBox:
        if self.role != "participant":
            return super()._build()
        t = self.t
        self.title = theme.text(t("Your idea"), placeholder=t("A short title"), classes=["fk-idea-title"])
        self.description = theme.textarea(t("Details (optional)"), placeholder=t("What, where, for whom?"),
                                          classes=["fk-idea-description"])
        self.scale = theme.dropdown(t("Scale"), scale_options(t), value="", classes=["fk-idea-scale"])
        self.driver = theme.dropdown(t("Driven by"), driver_options(t), value="", classes=["fk-idea-driver"])
        themes = [(t("No particular theme"), "")] + [(name, name) for name in self.workshop.themes]
        self.theme = theme.dropdown(t("Theme (optional)"), themes, value="", classes=["fk-idea-theme"])
        self.submit = theme.button(t("Add idea"), kind="primary", wide=True, classes=["fk-idea-submit"])
        self.submit.on_click(lambda _b: self.add())
        heading, guidance = t("Add your idea"), t("One idea per card. Place it on the two axes of the method.")
        form = theme.panel([
            theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(guidance)}</p>'),
            self.title, self.description, theme.row([self.scale, self.driver]), self.theme, self.notice, self.submit,
        ], classes=["fk-form", "fk-idea-form"])
        board = theme.add_classes(self._board(), ["fk-col"])
        body = theme.box([form, board], classes=["fk-two-col"], horizontal=True)
        return theme.box([self.banner, body], classes=["fk-view"])

    def add(self) -> bool:
        """Put the typed idea on the wall; on a problem the text stays in the fields."""
        t = self.t

        def action() -> str:
            title = self.title.value
            if not isinstance(title, str) or not title.strip():
                raise InvalidValue(t("Your idea"), t("please give your idea a short title."))
            if len(title.strip()) > MAX_TITLE:
                raise InvalidValue(t("Your idea"), t("please keep the title under {n} characters.").format(n=MAX_TITLE))
            if len(self.description.value or "") > MAX_TEXT:
                raise InvalidValue(t("Details"), t("please keep the details under {n} characters.").format(n=MAX_TEXT))
            if len(self.theme.value or "") > MAX_NAME:
                raise InvalidValue(t("Theme"), t("please choose a theme from the list."))
            if not self.scale.value:
                raise InvalidValue(t("Scale"), t("please choose small or large scale."))
            if not self.driver.value:
                raise InvalidValue(t("Driven by"), t("please choose centrally or individually driven."))
            store.add_idea(self.ctx.db, self.ctx.code, self.ctx.token, title=title, scale=self.scale.value,
                           driver=self.driver.value, description=self.description.value or "",
                           theme=self.theme.value or "")
            return t("Your idea is on the wall.")

        ok = guarded(self.notice, action)
        if ok:
            self.title.value = ""
            self.description.value = ""
            self.scale.value = ""
            self.driver.value = ""
            self.theme.value = ""
            self._after_action()
        return ok
