"""The cards of the questions panel: a participant's (upvote), the console's (marks, hide) and the presenter's HTML.

A card keeps its widgets while its question changes (its text, votes and marks are updated in
place), so a live update never takes the focus from a button someone is about to press.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitation.domain.questions import Question
from facilitation.domain.steps import N_
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

STATUS_LABELS = {"open": N_("Open"), "answering": N_("Being answered"), "answered": N_("Answered"),
                 "hidden": N_("Hidden")}
STATUS_TONES = {"open": "", "answering": "accent", "answered": "primary", "hidden": "danger"}


def status_chip(t: Translate, question: Question) -> str:
    """The question's mark as a chip ("Being answered"); nothing for an open question."""
    status = question.shown_status
    if status == "open":
        return ""
    return theme.chip(t(STATUS_LABELS[status]), STATUS_TONES[status])


def body_html(t: Translate, question: Question, author: str, group: str = "") -> str:
    """The question's text, who asked it and its chips (every piece of user text escaped)."""
    chips = status_chip(t, question)
    if group:
        chips += theme.chip(group, title=t("Group"))
    meta = f'<span class="fk-question-author">{esc(author)}</span>'
    return (f'<p class="fk-question-body">{esc(question.text)}</p>'
            f'<div class="fk-question-meta">{meta}{chips}</div>')


def votes_html(t: Translate, votes: int) -> str:
    """The upvote count, with a full sentence for screen readers."""
    label = t.ngettext("{n} upvote", "{n} upvotes", votes).format(n=votes)
    return f'<span aria-label="{esc(label)}" title="{esc(label)}">{votes}</span>'


class ParticipantCard:
    """One question on a participant's page: its text and author, the count and the upvote button."""

    def __init__(self, t: Translate, on_upvote: Callable[[int, bool], None]) -> None:
        self.t = t
        self.question: Question | None = None
        self.body = theme.html(classes=["fk-question-main"])
        self.votes = theme.html(classes=["fk-question-votes"])
        self.upvote = theme.button(t("Upvote"), small=True, classes=["fk-question-upvote"])
        self.upvote.on_click(lambda _b: self.question and on_upvote(self.question.id, not self.question.upvoted))
        side = theme.box([self.votes, self.upvote], classes=["fk-question-side"])
        self.root = theme.box([self.body, side], classes=["fk-card", "fk-question-card"], horizontal=True)

    def show(self, question: Question, author: str, group: str = "") -> None:
        t = self.t
        self.question = question
        self.body.value = body_html(t, question, t("You asked") if question.mine else author, group)
        self.votes.value = votes_html(t, question.votes)
        description = t("Upvoted") if question.upvoted else t("Upvote")
        if self.upvote.description != description:
            self.upvote.description = description
        self.upvote.tooltip = (t("Your own question") if question.mine
                               else t("Take your upvote back") if question.upvoted else t("Upvote this question"))
        self.upvote.disabled = question.mine  # the store refuses it too
        for css, on in (("fk-question-mine", question.mine), ("fk-question-upvoted", question.upvoted),
                        ("fk-question-is-answering", question.status == "answering")):
            (self.root.add_class if on else self.root.remove_class)(css)


class ConsoleCard:
    """One question on the console: its text, count and marks, with the facilitator's three buttons."""

    def __init__(self, t: Translate, on_mark: Callable[[int, str], None], on_hide: Callable[[int, bool], None]) -> None:
        self.t = t
        self.question: Question | None = None
        self.body = theme.html(classes=["fk-question-main"])
        self.votes = theme.html(classes=["fk-question-votes"])
        self.answering = theme.button(t("Answer now"), small=True, kind="primary", classes=["fk-question-answering"])
        self.answered = theme.button(t("Answered"), small=True, classes=["fk-question-answered"])
        self.hide = theme.button(t("Hide"), small=True, kind="ghost", classes=["fk-question-hide"])
        self.answering.on_click(lambda _b: self.question and on_mark(self.question.id, "answering"))
        self.answered.on_click(lambda _b: self.question and on_mark(
            self.question.id, "open" if self.question.status == "answered" else "answered"))
        self.hide.on_click(lambda _b: self.question and on_hide(self.question.id, not self.question.hidden))
        actions = theme.row([self.answering, self.answered, self.hide], classes=["fk-question-actions"])
        side = theme.box([self.votes], classes=["fk-question-side"])
        top = theme.box([self.body, side], classes=["fk-question-row"], horizontal=True)
        self.root = theme.box([top, actions], classes=["fk-card", "fk-question-card"])

    def show(self, question: Question, author: str, group: str = "") -> None:
        t = self.t
        self.question = question
        self.body.value = body_html(t, question, author, group)
        self.votes.value = votes_html(t, question.votes)
        self.answering.disabled = question.hidden or question.status == "answering"
        self.answered.description = t("Reopen") if question.status == "answered" else t("Answered")
        self.answered.disabled = question.hidden
        self.hide.description = t("Show") if question.hidden else t("Hide")
        for css, on in (("fk-question-hidden", question.hidden),
                        ("fk-question-is-answering", question.status == "answering")):
            (self.root.add_class if on else self.root.remove_class)(css)


def presenter_html(t: Translate, answering: Question | None, top: list[Question], authors: dict[int, str]) -> str:
    """The big screen: the question being answered, large, then the most upvoted open ones."""
    parts: list[str] = []
    if answering is not None:
        kicker = t("Being answered")
        upvotes = f" · {votes_html(t, answering.votes)} ▲" if answering.votes else ""
        parts.append(f'<div class="fk-question-now"><div class="fk-question-kicker">{esc(kicker)}</div>'
                     f'<blockquote class="fk-question-big">{esc(answering.text)}</blockquote>'
                     f'<div class="fk-question-meta">{esc(authors.get(answering.author_id, ""))}{upvotes}</div></div>')
    if top:
        rows = "".join(f'<li class="fk-question-top-item"><span class="fk-question-count">{votes_html(t, q.votes)}'
                       f'</span><span class="fk-question-top-text">{esc(q.text)}</span></li>' for q in top)
        most = t("Most upvoted")
        parts.append(f'<div class="fk-question-kicker">{esc(most)}</div>'
                     f'<ol class="fk-question-top">{rows}</ol>')
    if answering is None and not top:
        parts.append(theme.empty_html(t("No questions yet"), t("Questions from the room appear here.")))
    return f'<div class="fk-question-presenter">{"".join(parts)}</div>'
