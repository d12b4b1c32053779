"""Merge two participants who are the same person (``fk-merge``), under the console's joined list.

Opening the join link in a second browser makes a second participant with the same name. The
facilitator picks the one to keep and the other, confirms, and the store moves everything of the
other to the one kept (``store.merge_participants``, which checks the key and both people).
Two people shown under the same name are offered first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from facilitation import store
from facilitation.domain.errors import InvalidValue
from facilitation.store.people import Joined
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.markup import help_html

NOBODY = 0


class MergePanel:
    """*Keep* (``fk-merge-keep``), *the same person as* (``fk-merge-other``), *Merge* (``fk-merge-go``),
    then a confirmation (``fk-merge-confirm`` / ``fk-merge-cancel``); folded behind ``fk-merge-open``."""

    def __init__(self, ctx: Context, *, after: Callable[[], None] | None = None) -> None:
        self.ctx, self.t, self.after = ctx, ctx.t, after
        t = self.t
        self.labels: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.notice = Notice(t)
        self.is_open = False
        self.open_button = theme.button(t("Merge two people"), kind="ghost", small=True, classes=["fk-merge-open"])
        self.open_button.on_click(lambda _b: self.unfold(not self.is_open))
        self.keep = theme.dropdown(t("Keep"), [], classes=["fk-merge-keep"])
        self.other = theme.dropdown(t("The same person as"), [], classes=["fk-merge-other"])
        self.go = theme.button(t("Merge"), small=True, classes=["fk-merge-go"])
        self.go.on_click(lambda _b: self.ask())
        self.question = theme.html(classes=["fk-merge-question"])
        self.yes = theme.button(t("Yes, merge them"), kind="danger", small=True, classes=["fk-merge-confirm"])
        self.yes.on_click(lambda _b: self.merge())
        self.no = theme.button(t("Cancel"), kind="ghost", small=True, classes=["fk-merge-cancel"])
        self.no.on_click(lambda _b: self.cancel())
        self.confirm = theme.box([self.question, theme.row([self.yes, self.no], classes=["fk-actions"])],
                                 classes=["fk-merge-confirm-box"])
        why = help_html(t("Someone who opened the join link in a second browser shows twice. Their ideas, votes, "
                          "stakeholders, scores, feedback and group go to the person kept; both devices lead there."))
        self.form = theme.box([theme.html(why), self.keep, self.other, theme.row([self.go], classes=["fk-actions"]),
                               self.confirm], classes=["fk-merge-form"])
        self.root = theme.box([self.open_button, self.form, self.notice], classes=["fk-merge"])
        theme.set_visible(self.form, False)
        theme.set_visible(self.confirm, False)

    def unfold(self, on: bool = True) -> None:
        self.is_open = bool(on)
        theme.set_visible(self.form, self.is_open)
        if not on:
            theme.set_visible(self.confirm, False)

    def render(self, people: Sequence[Joined], labels: dict[int, str]) -> None:
        """Offer the people who joined; a pair shown under the same name comes first."""
        self.names = {p.participant_id: labels.get(p.participant_id, p.shown_name) for p in people}
        # The number tells two entries under one name apart (here and in the sentences).
        self.labels = {pid: f"{name} (#{pid})" for pid, name in self.names.items()}
        options = [(self.t("Choose…"), NOBODY)] + [(label, pid) for pid, label in self.labels.items()]
        theme.set_visible(self.root, len(people) >= 2)
        if list(self.keep.options) == options:
            return
        keep, other = self.keep.value, self.other.value
        if keep not in self.labels or other not in self.labels:
            keep, other = self._twins()
        self.keep.options, self.other.options = options, options
        self.keep.value, self.other.value = keep, other
        theme.set_visible(self.confirm, False)

    def _twins(self) -> tuple[int, int]:
        seen: dict[str, int] = {}
        for pid, name in self.names.items():
            folded = name.strip().casefold()
            if folded in seen:
                return seen[folded], pid  # keep the older one
            seen[folded] = pid
        return NOBODY, NOBODY

    def _pair(self) -> tuple[int, int]:
        keep, other = self.keep.value, self.other.value
        if keep not in self.labels or other not in self.labels:
            raise InvalidValue(self.t("Merge"), self.t("choose the person to keep and the same person's other entry."))
        if keep == other:
            raise InvalidValue(self.t("Merge"), self.t("choose two different entries."))
        return keep, other

    def ask(self) -> bool:
        """Say what the merge will do and wait for *Yes*."""
        def action() -> None:
            keep, other = self._pair()
            text = self.t("Merge “{other}” into “{keep}”? Everything of “{other}” moves to “{keep}”; votes over the "
                          "budget are withdrawn.").format(other=self.labels[other], keep=self.labels[keep])
            self.question.value = f'<p class="fk-help">{esc(text)}</p>'
            theme.set_visible(self.confirm, True)

        return guarded(self.notice, action)

    def cancel(self) -> None:
        theme.set_visible(self.confirm, False)
        self.notice.clear()

    def merge(self) -> bool:
        """Merge the chosen pair in the store (the key and both people are checked there)."""
        t = self.t

        def action() -> str:
            keep, other = self._pair()
            done = store.merge_participants(self.ctx.db, self.ctx.code, self.ctx.key, keep, other)
            parts = [t("“{other}” merged into “{keep}”.").format(other=self.labels[other], keep=self.labels[keep])]
            if done.votes_withdrawn:
                parts.append(t.ngettext("{n} vote over the budget or the per-idea limit was withdrawn.",
                                        "{n} votes over the budget or the per-idea limit were withdrawn.",
                                        done.votes_withdrawn).format(n=done.votes_withdrawn))
            if done.scores_doubled:
                parts.append(t.ngettext("{n} score was given twice: the later one is kept.",
                                        "{n} scores were given twice: the later ones are kept.",
                                        done.scores_doubled).format(n=done.scores_doubled))
            return " ".join(parts)

        ok = guarded(self.notice, action)
        theme.set_visible(self.confirm, False)
        if ok:
            self.unfold(False)  # done: the notice stays beside the list
        if ok and self.after is not None:
            self.after()  # this page at once; the others (and both participants' pages) through the feed
        return ok

    def close(self) -> None:
        theme.close_tree(self.root)
