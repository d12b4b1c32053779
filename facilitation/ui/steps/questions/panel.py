"""The questions panel for one page: a participant asks and upvotes, the console marks and hides, the
presenter shows the question being answered with the most upvoted ones.

The panel shows the questions of the open agenda step (a "questions" step also those asked during the
presentations right before it, :func:`facilitation.domain.questions.question_steps`); the store decides
everything (the step, the group, who may upvote), the panel only reads and asks. It is the questions
step's view and is embedded in the presentation step's.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.groups import group_label
from facilitation.domain.questions import MAX_QUESTION, Question, question_steps
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.steps.questions.cards import ConsoleCard, ParticipantCard, presenter_html

TOP_ON_SCREEN = 5  # the presenter lists this many after the one being answered


class QuestionsPanel:
    """Questions of the open step for ``role`` ("participant", "facilitator" or "presenter")."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ("participant", "facilitator", "presenter"):
            raise ValueError(f"unknown role {role!r}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        t = self.t
        self.cards: dict[int, ParticipantCard | ConsoleCard] = {}
        self.notice = Notice(t)
        self.list = theme.box(classes=["fk-question-list"])
        self.empty = theme.html(classes=["fk-question-empty"])
        self.summary = theme.html(classes=["fk-question-summary"])
        self.screen = theme.html(classes=["fk-question-screen"])
        parts: list[widgets.Widget] = []
        if role == "participant":
            self.text = theme.textarea(t("Your question"), placeholder=t("Ask the speaker or the room…"),
                                       classes=["fk-question-text"])
            self.text.layout.width = "100%"
            self.submit = theme.button(t("Ask"), kind="primary", classes=["fk-question-submit"])
            self.submit.on_click(lambda _b: self.ask())
            hint = t("Up to {n} characters. Upvote the questions you want answered first.").format(n=MAX_QUESTION)
            form = theme.panel([self.text, theme.html(f'<p class="fk-help">{esc(hint)}</p>'),
                                theme.add_classes(widgets.HBox([self.submit]), ["fk-actions"]), self.notice],
                               classes=["fk-question-form"])
            parts = [form, self.empty, self.list]
        elif role == "facilitator":
            parts = [self.summary, self.notice, self.empty, self.list]
        else:
            parts = [self.screen]
        self.root = theme.box(parts, classes=["fk-questions", f"fk-questions-{role}"])
        self.refresh()

    # --- reading ---------------------------------------------------------------------------

    def _viewer(self) -> int | None:
        if self.role != "participant":
            return None
        if self.ctx.participant_id is None and self.ctx.token:
            found = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token)
            self.ctx.participant_id = found.id if found else None
        return self.ctx.participant_id

    def _steps(self, workshop) -> tuple[int, ...]:
        items = store.agenda(self.ctx.db, workshop.id)
        return question_steps([(i.id, i.step) for i in items], min(workshop.phase_index, len(items) - 1))

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-read the questions of the open step and show them (cards updated in place)."""
        workshop = self.ctx.workshop
        steps = self._steps(workshop)
        questions = store.list_questions(self.ctx.db, workshop.id, agenda_id=steps, viewer_id=self._viewer(),
                                         include_hidden=self.role == "facilitator") if steps else []
        authors = store.author_labels(self.ctx.db, workshop, self.t)
        groups = {g.id: group_label(g, self.t) for g in store.list_groups(self.ctx.db, workshop.id)}
        if self.role == "presenter":
            self._screen(workshop.id, questions, authors)
            return
        self._cards(questions, authors, groups)
        if self.role == "facilitator":
            self._summary(questions)

    def _cards(self, questions: list[Question], authors: dict[int, str], groups: dict[int, str]) -> None:
        t = self.t
        shown = [q for q in questions if not q.hidden] + [q for q in questions if q.hidden]  # hidden ones last
        for q in shown:
            card = self.cards.get(q.id)
            if card is None:
                card = self.cards[q.id] = (ParticipantCard(t, self.upvote) if self.role == "participant"
                                           else ConsoleCard(t, self.mark, self.hide))
            card.show(q, authors.get(q.author_id, ""), groups.get(q.group_id, "") if len(groups) > 1 else "")
        theme.replace_children(self.list, [self.cards[q.id].root for q in shown])
        for qid in set(self.cards) - {q.id for q in shown}:
            del self.cards[qid]  # its widgets were closed as they left the list
        self.empty.value = "" if shown else theme.empty_html(
            t("No questions yet"), t("Be the first to ask.") if self.role == "participant"
            else t("Questions from the room appear here as they are asked."))

    def _summary(self, questions: list[Question]) -> None:
        t = self.t
        asked = t.ngettext("{n} question", "{n} questions", len(questions)).format(n=len(questions))
        votes = sum(q.votes for q in questions if not q.hidden)
        upvotes = t.ngettext("{n} upvote", "{n} upvotes", votes).format(n=votes)
        hidden = sum(q.hidden for q in questions)
        parts = [asked, upvotes] + ([t.ngettext("{n} hidden", "{n} hidden", hidden).format(n=hidden)] if hidden else [])
        self.summary.value = f'<p class="fk-help">{esc(" · ".join(parts))}</p>'

    def _screen(self, workshop_id: int, questions: list[Question], authors: dict[int, str]) -> None:
        now = store.answering_question(self.ctx.db, workshop_id)
        top = [q for q in questions if q.status == "open" and (now is None or q.id != now.id)][:TOP_ON_SCREEN]
        self.screen.value = presenter_html(self.t, now, top, authors)

    # --- actions (the store checks each) ---------------------------------------------------

    def ask(self) -> bool:
        """Send the typed question; the text stays in the field unless the store took it."""
        t = self.t

        def action() -> str:
            store.ask_question(self.ctx.db, self.ctx.code, self.ctx.token, self.text.value)
            return t("Your question is in. Others can upvote it now.")

        ok = guarded(self.notice, action)
        if ok:
            self.text.value = ""
            self.refresh()
        return ok

    def upvote(self, question_id: int, on: bool) -> bool:
        """Put (``on``) or take back the participant's upvote."""
        act = store.upvote_question if on else store.withdraw_upvote
        ok = guarded(self.notice, lambda: act(self.ctx.db, self.ctx.code, self.ctx.token, question_id) and None)
        self.refresh()
        return ok

    def mark(self, question_id: int, status: str) -> bool:
        """Facilitator: mark a question open, being answered or answered."""
        ok = guarded(self.notice, lambda: store.mark_question(self.ctx.db, self.ctx.code, self.ctx.key, question_id,
                                                              status) and None)
        self.refresh()
        return ok

    def hide(self, question_id: int, hidden: bool) -> bool:
        """Facilitator: hide a question from the room, or show it again."""
        ok = guarded(self.notice, lambda: store.set_question_hidden(self.ctx.db, self.ctx.code, self.ctx.key,
                                                                    question_id, hidden) and None)
        self.refresh()
        return ok

    def close(self) -> None:
        theme.close_tree(self.root)
