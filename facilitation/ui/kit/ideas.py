"""How the kit shows ideas: labels, the idea card, the 2×2 matrix and the vote ranking.

Shared by the brainstorm and vote steps and by any later step that lists ideas (challenge
pins, scenarios). Every piece of idea text goes through :func:`facilitation.ui.kit.base.esc`.

* :func:`idea_card_html` – the inside of a card (title, description, chips) as HTML.
* :class:`IdeaCard` – one card widget (``fk-idea-card``) with optional vote, moderation and
  (on the author's own card) edit/withdraw buttons; :meth:`IdeaCard.update` changes it in
  place, so a refresh sends only what changed.
  Cards sit on a :class:`facilitation.ui.kit.wall.CardWall`.
* :func:`matrix_html` – the method's scale × driver matrix; :func:`ranking_html` – vote bars.
"""

from __future__ import annotations

from typing import Callable, Iterable

import ipywidgets as widgets

from facilitation.i18n import Translate
from facilitation.domain.records import DRIVERS, SCALES, Idea
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.wall import CardStyles

# Quadrants in reading order: large scale on top, centrally driven on the left.
QUADRANTS = (("large", "central"), ("large", "individual"), ("small", "central"), ("small", "individual"))


def scale_label(t: Translate, scale: str) -> str:
    return {"small": t("Small scale"), "large": t("Large scale")}.get(scale, scale)


def driver_label(t: Translate, driver: str) -> str:
    return {"central": t("Centrally driven"), "individual": t("Individually driven")}.get(driver, driver)


def scale_options(t: Translate) -> list[tuple[str, str]]:
    """Dropdown options for the scale, with a "choose" placeholder first (value '')."""
    return [(t("Choose the scale…"), "")] + [(scale_label(t, s), s) for s in SCALES]


def driver_options(t: Translate) -> list[tuple[str, str]]:
    """Dropdown options for the driver, with a "choose" placeholder first (value '')."""
    return [(t("Choose who drives it…"), "")] + [(driver_label(t, d), d) for d in DRIVERS]


def votes_text(t: Translate, n: int, carried: int = 0) -> str:
    """"5 votes", or with votes carried from the previous round "5 votes (2 from the previous round)"."""
    if carried:
        return t.ngettext("{n} vote ({carried} from the previous round)",
                          "{n} votes ({carried} from the previous round)", n).format(n=n, carried=carried)
    return t.ngettext("{n} vote", "{n} votes", n).format(n=n)


def count_html(t: Translate, n: int, carried: int = 0) -> str:
    """A vote count: a dot and the number (the number alone is the text, for people and tests).

    ``n`` is the total; ``carried`` the part of it carried from the previous round (named in the title)."""
    zero = " fk-count-zero" if n == 0 else ""
    label = esc(votes_text(t, n, carried))
    return f'<span class="fk-count{zero}" title="{label}" aria-label="{label}"><span class="fk-dot"></span>{n}</span>'


def carried_html(t: Translate, carried: int) -> str:
    """The part of a count carried from the previous round (``fk-count-carried``); empty when none."""
    if not carried:
        return ""
    text = t("{n} from the previous round").format(n=carried)
    return f'<span class="fk-count-carried fk-help">{esc(text)}</span>'


def idea_count_html(t: Translate, idea: Idea) -> str:
    """An idea's votes: this round's dots and those it carried from the previous round, the carried part told apart."""
    return count_html(t, idea.total_votes, idea.carried_votes) + carried_html(t, idea.carried_votes)


def idea_chips_html(t: Translate, idea: Idea, *, mine: bool = False, group: str = "") -> str:
    chips = [f'<span class="fk-chip fk-chip-group">{esc(group)}</span>'] if group else []  # its breakout group
    chips += [theme.chip(scale_label(t, idea.scale)), theme.chip(driver_label(t, idea.driver))]
    if idea.theme:
        chips.append(theme.chip(idea.theme, "accent"))
    if mine:
        chips.append(theme.chip(t("Yours"), "primary"))
    if idea.hidden:
        chips.append(theme.chip(t("Hidden from participants"), "danger"))
    return "".join(chips)


def idea_card_html(t: Translate, idea: Idea, *, mine: bool = False, description: bool = True,
                   author: str = "", group: str = "") -> str:
    """The inside of an idea card (title in ``fk-idea-card-title``, the author as the workshop's
    naming mode shows them in ``fk-idea-author``); every text escaped."""
    byline = f'<div class="fk-idea-author">{esc(author)}</div>' if author else ""
    return theme.card_html(idea.title, idea.description if description else "",
                           chips_html=idea_chips_html(t, idea, mine=mine, group=group),
                           title_class="fk-idea-card-title") + byline


class IdeaCard(widgets.VBox):
    """One idea on the wall (``fk-idea-card``), updated in place.

    ``voting`` adds ``fk-vote-button`` / ``fk-vote-withdraw``; ``counts`` shows
    ``fk-vote-count``; ``moderation`` adds ``fk-idea-hide`` and ``fk-idea-merge``; ``editing``
    adds ``fk-idea-edit`` and ``fk-idea-withdraw`` (the author's own card; shown while the state
    says ``editable``). The callbacks receive the idea id; permissions are checked by the
    store, not here. Pass one
    :class:`CardStyles` to all cards of a wall. The keyword arguments of :meth:`update` may
    be given to the constructor too, so a new card reaches the browser complete, in one go.
    """

    def __init__(
        self,
        t: Translate,
        idea: Idea,
        *,
        styles: CardStyles | None = None,
        counts: bool = False,
        voting: bool = False,
        moderation: bool = False,
        on_vote: Callable[[int], None] | None = None,
        on_withdraw: Callable[[int], None] | None = None,
        on_hide: Callable[[int, bool], None] | None = None,
        on_merge: Callable[[int], None] | None = None,
        editing: bool = False,
        on_edit: Callable[[int], None] | None = None,
        on_retract: Callable[[int], None] | None = None,
        **state: object,
    ) -> None:
        self.styles = styles or CardStyles()
        self.t = t
        self.idea_id = int(idea.id)
        self.hidden = idea.hidden
        self.counts = counts or voting or moderation
        view = self._view(idea, **state)
        self.body = self.styles.html(["fk-idea-card-body"])
        self.body.value = view["body"]
        self.vote_button = self.withdraw_button = self.hide_button = self.merge_button = None
        self.edit_button = self.retract_button = None
        actions: list[widgets.Widget] = []
        if voting:
            self.vote_button = self.styles.button(t("Add a dot"), "dot", view["vote"])
            self.withdraw_button = self.styles.button(t("Withdraw"), "ghost", view["withdraw"])
            if on_vote:
                self.vote_button.on_click(lambda _b: on_vote(self.idea_id))
            if on_withdraw:
                self.withdraw_button.on_click(lambda _b: on_withdraw(self.idea_id))
            actions += [self.vote_button, self.withdraw_button]
        if moderation:
            self.hide_button = self.styles.button(view["hide"], "danger", ["fk-idea-hide"])
            self.merge_button = self.styles.button(t("Merge…"), "secondary", ["fk-idea-merge"],
                                                   tooltip=t("Merge this duplicate into another idea"))
            if on_hide:
                self.hide_button.on_click(lambda _b: on_hide(self.idea_id, not self.hidden))
            if on_merge:
                self.merge_button.on_click(lambda _b: on_merge(self.idea_id))
            actions += [self.hide_button, self.merge_button]
        if editing:
            self.edit_button = self.styles.button(t("Edit"), "secondary", view["edit"])
            self.retract_button = self.styles.button(t("Withdraw idea"), "ghost", view["retract"],
                                                     tooltip=t("Take your idea off the wall"))
            if on_edit:
                self.edit_button.on_click(lambda _b: on_edit(self.idea_id))
            if on_retract:
                self.retract_button.on_click(lambda _b: on_retract(self.idea_id))
            actions += [self.edit_button, self.retract_button]
        children: list[widgets.Widget] = [self.body]
        if actions:
            children.append(widgets.HBox(actions, layout=self.styles.box_layout, _dom_classes=("fk-actions",)))
        super().__init__(children, layout=self.styles.box_layout, _dom_classes=view["card"])

    def _view(self, idea: Idea, *, mine: bool = False, my_dots: int = 0, per_idea: int = 1,
              spent: bool = False, description: bool = True, author: str = "", editable: bool = False,
              group: str = "") -> dict:
        """Everything the card shows for this state: body HTML and the class lists."""
        t = self.t
        foot = ""
        if self.counts or my_dots:
            yours = t("Your dots")
            mine_html = (f'<span class="fk-my-dots"><span class="fk-help">{esc(yours)}</span> '
                         f'{theme.dots_html(my_dots, per_idea)}</span>' if my_dots else "")
            count = (f'<span class="fk-vote-count">{count_html(t, idea.total_votes, idea.carried_votes)}</span>'
                     f'{carried_html(t, idea.carried_votes)}' if self.counts else "")
            foot = f'<div class="fk-card-foot">{count}{mine_html}</div>'
        card = ["fk-card", "fk-idea-card", f"fk-idea-id-{self.idea_id}", f"fk-q-{idea.scale}-{idea.driver}"]
        card += ["fk-card-hidden"] if idea.hidden else []
        card += ["fk-card-mine"] if mine else []
        return {
            "body": idea_card_html(t, idea, mine=mine, description=description, author=author, group=group) + foot,
            "card": tuple(card),
            "vote": ("fk-btn", "fk-btn-dot", "fk-btn-small", "fk-vote-button",
                     *(("fk-btn-spent",) if spent or my_dots >= per_idea else ())),
            "withdraw": ("fk-btn", "fk-btn-ghost", "fk-btn-small", "fk-vote-withdraw",
                         *(() if my_dots else ("fk-hidden",))),
            "hide": t("Show again") if idea.hidden else t("Hide"),
            "edit": ("fk-btn", "fk-btn-secondary", "fk-btn-small", "fk-idea-edit",
                     *(() if editable else ("fk-hidden",))),
            "retract": ("fk-btn", "fk-btn-ghost", "fk-btn-small", "fk-idea-withdraw",
                        *(() if editable else ("fk-hidden",))),
        }

    def update(self, idea: Idea, *, mine: bool = False, my_dots: int = 0, per_idea: int = 1,
               spent: bool = False, description: bool = True, author: str = "", editable: bool = False,
               group: str = "") -> None:
        """Show ``idea`` as it is now (only values that changed reach the browser)."""
        self.hidden = idea.hidden
        view = self._view(idea, mine=mine, my_dots=my_dots, per_idea=per_idea, spent=spent,
                          description=description, author=author, editable=editable, group=group)
        self.body.value = view["body"]
        _set_classes(self, view["card"])
        if self.vote_button is not None:
            _set_classes(self.vote_button, view["vote"])
            _set_classes(self.withdraw_button, view["withdraw"])
        if self.hide_button is not None:
            self.hide_button.description = view["hide"]
            self.hide_button.tooltip = view["hide"]
        if self.edit_button is not None:
            _set_classes(self.edit_button, view["edit"])
            _set_classes(self.retract_button, view["retract"])


def _set_classes(widget: widgets.DOMWidget, classes: tuple[str, ...]) -> None:
    if tuple(widget._dom_classes) != classes:
        widget._dom_classes = classes


# --- the matrix and the ranking ---------------------------------------------------------------


def matrix_html(t: Translate, ideas: Iterable[Idea], *, counts: bool = False) -> str:
    """The 2×2 of the method: scale (large on top) × driver (central on the left), titles escaped."""
    ideas = list(ideas)
    cells = []
    for scale, driver in QUADRANTS:
        inside = [i for i in ideas if i.scale == scale and i.driver == driver]
        if counts:
            inside.sort(key=lambda i: (-i.total_votes, i.id or 0))
        items = "".join(
            f'<li><span>{esc(i.title)}</span>{idea_count_html(t, i) if counts else ""}</li>' for i in inside)
        name = t("{scale}, {driver}").format(scale=scale_label(t, scale), driver=driver_label(t, driver).lower())
        cells.append(
            f'<div class="fk-quadrant fk-quadrant-{scale}-{driver}"><div class="fk-quadrant-head">'
            f'<span class="fk-quadrant-name">{esc(name)}</span>'
            f'<span class="fk-quadrant-n">{esc(str(len(inside)))}</span></div><ul>{items}</ul></div>')
    y_axis = "".join(f"<span>{esc(label)}</span>" for label in (t("Small"), t("Scale"), t("Large")))
    x_axis = "".join(f"<span>{esc(label)}</span>" for label in (t("Central"), t("Driver"), t("Individual")))
    return (f'<div class="fk-matrix-wrap"><div class="fk-matrix-yaxis">{y_axis}</div>'
            f'<div class="fk-matrix">{"".join(cells)}</div><div class="fk-matrix-xaxis">{x_axis}</div></div>')


def ranking_html(t: Translate, ideas: Iterable[Idea], *, limit: int = 10) -> str:
    """Ideas ranked by votes as horizontal bars (ties share a rank); titles escaped."""
    ranked = sorted(ideas, key=lambda i: (-i.total_votes, i.id or 0))[:limit]  # carried votes count (issue 22)
    if not ranked:
        return theme.empty_html(t("No ideas to rank yet."))
    top = max(ranked[0].total_votes, 1)
    rows, rank, previous = [], 0, None
    for position, idea in enumerate(ranked, start=1):
        n = idea.total_votes
        if n != previous:
            rank, previous = position, n
        width = round(100 * n / top)
        rows.append(
            f'<div class="fk-rank fk-idea-card"><span class="fk-rank-n">{rank}</span>'
            f'<div><div class="fk-rank-title fk-idea-card-title">{esc(idea.title)}</div>'
            f'<div class="fk-rank-bar"><span style="width:{width}%"></span></div>{carried_html(t, idea.carried_votes)}'
            f'</div><span class="fk-rank-votes fk-vote-count" title="{esc(votes_text(t, n, idea.carried_votes))}">'
            f'{n}</span></div>')
    return f'<div class="fk-ranking-list">{"".join(rows)}</div>'
