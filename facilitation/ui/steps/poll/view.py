"""The poll step for one page (``role``: participant, facilitator or presenter).

- participant (``fk-view-poll``): the question, the answer form, then the results once they
  answered, unless the facilitator hides them (the poll's ``show_results`` setting).
- facilitator (the console's Run tab): the results live (``fk-poll-results`` or ``fk-word-cloud``),
  per group when there are groups, and ``fk-poll-results-toggle`` to show or hide them to participants.
- presenter: the question and the results, large.

Two polls in a row are one step name to the page's host, so the view follows the open agenda row
itself on a phase or agenda change.
"""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import polls as P
from facilitation.domain.escaping import esc
from facilitation.domain.groups import group_label
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded
from facilitation.ui.steps.poll.answer import AnswerForm
from facilitation.ui.steps.poll.results import results_html

_FOLLOW = {"workshop", "phase", "agenda"}


class PollView:
    """A poll's question, answers and results for one page."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ("participant", "facilitator", "presenter"):
            raise ValueError(f"unknown role {role!r}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        workshop = ctx.workshop
        self.wid, self.language = workshop.id, workshop.language
        self.form: AnswerForm | None = None
        self.notice = Notice(self.t)
        self.head = theme.html(classes=["fk-poll-head"])
        self.results = theme.html(classes=["fk-poll-live"])
        self.groups = theme.html(classes=["fk-poll-groups"])
        self.toggle = theme.button("", small=True, classes=["fk-poll-results-toggle"])
        self.toggle.on_click(lambda _b: self._toggle_results())
        self.body = theme.box(classes=["fk-poll-body"])
        self.root = theme.box([theme.panel([self.head, self.body], classes=["fk-poll-card"])],
                              classes=["fk-view", "fk-view-poll" if role == "participant" else f"fk-poll-{role}"])
        self.agenda_id: int | None = None
        self.settings = P.PollSettings()
        self._load()

    # --- which poll, and its parts --------------------------------------------------------

    def _load(self) -> None:
        """Read the open agenda row and build the page's parts for it."""
        item = store.current_step(self.ctx.db, store.get_workshop_by_id(self.ctx.db, self.wid))
        if item.step != "poll":
            return  # the host replaces this view; keep the poll shown until then
        self.agenda_id, self.settings = item.id, P.poll_settings(item.settings)
        self.head.value = self._head_html()
        old = self.form
        self.form = None
        if not self.settings.ready:
            self.body.children = (theme.html(theme.empty_html(
                self.t("The poll opens soon"), self.t("The facilitator is still setting up the question."),
                icon="clock")),)
        elif self.role == "participant":
            self.form = AnswerForm(self.ctx, item.id, self.settings, self._mine(), on_saved=self._show_results)
            self.body.children = (self.form.root, self.results)
        elif self.role == "facilitator":
            self.body.children = (theme.add_classes(widgets.HBox([self.toggle]), ["fk-actions"]), self.notice,
                                  self.results, self.groups)
        else:
            self.body.children = (self.results,)
        if old is not None:
            theme.close_tree(old.root)
        self._show_results()

    def _mine(self) -> store.PollAnswer | None:
        if self.ctx.participant_id is None and self.ctx.token:
            p = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token)
            self.ctx.participant_id = p.id if p else None
        return store.my_answer(self.ctx.db, self.agenda_id, self.ctx.participant_id) if self.agenda_id else None

    def _head_html(self) -> str:
        s, t = self.settings, self.t
        kind = t(P.KIND_LABELS[s.kind])
        question = s.question or t("Poll")
        return (f'<div class="fk-sc-kicker">{esc(kind)}</div>'
                f'<h2 class="fk-poll-question">{esc(question)}</h2>')

    # --- results --------------------------------------------------------------------------

    def _show_results(self) -> None:
        """Render the results where this page may see them (participants: after answering, when shown)."""
        if self.agenda_id is None or not self.settings.ready:
            return
        t = self.t
        if self.role == "participant":
            if self._mine() is None:
                self.results.value = ""
                return
            if not self.settings.show_results:
                elsewhere = t("The results are shown on the main screen.")
                self.results.value = f'<p class="fk-help">{esc(elsewhere)}</p>'
                return
        result = store.poll_results(self.ctx.db, self.wid, self.agenda_id, self.settings)
        self.results.value = results_html(t, self.settings, result, self.language)
        if self.role == "facilitator":
            self.toggle.description = (t("Hide results from participants") if self.settings.show_results
                                       else t("Show results to participants"))
            self.groups.value = self._groups_html()

    def _groups_html(self) -> str:
        """The console's per-group results when answers came from groups ("" without groups)."""
        per_group = store.results_by_group(self.ctx.db, self.wid, self.agenda_id, self.settings)
        if not per_group:
            return ""
        groups = {g.id: g for g in store.list_groups(self.ctx.db, self.wid)}
        parts = []
        for gid, result in per_group.items():
            group = groups.get(gid) if gid is not None else None
            name = group_label(group, self.t) if group is not None else self.t("No group")
            parts.append(f'<div class="fk-poll-group"><div class="fk-panel-title">{esc(name)}</div>'
                         f'{results_html(self.t, self.settings, result, self.language)}</div>')
        by_group = self.t("By group")
        return (f'<div class="fk-sc-kicker">{esc(by_group)}</div>'
                f'<div class="fk-poll-group-grid">{"".join(parts)}</div>')

    def _toggle_results(self) -> None:
        agenda_id, shown = self.agenda_id, not self.settings.show_results

        def action() -> str:
            self.settings = store.set_results_shown(self.ctx.db, self.ctx.code, self.ctx.key, agenda_id, shown)
            self._show_results()
            return (self.t("Participants see the results after answering.") if shown
                    else self.t("The results are hidden from participants."))

        guarded(self.notice, action)

    # --- the step-view contract ----------------------------------------------------------

    def refresh(self, topics: set[str]) -> None:
        """Follow another poll opened or the poll's settings edited; redraw the results on new answers."""
        if topics & _FOLLOW:
            item = store.current_step(self.ctx.db, store.get_workshop_by_id(self.ctx.db, self.wid))
            read = P.poll_settings(item.settings)
            if item.step == "poll" and (item.id != self.agenda_id or replace(read, show_results=True)
                                        != replace(self.settings, show_results=True)):
                self._load()
                return
            if item.step == "poll" and read != self.settings:  # only the results shown or hidden: keep what is typed
                self.settings = read
                self._show_results()
        if topics & {"polls", "groups"}:
            self._show_results()

    def close(self) -> None:
        theme.close_tree(self.root, self.toggle, self.notice, self.results, self.groups)
