"""The participant's answer form of a poll: one toggle per option or scale point
(``fk-poll-choice``), or a line of words for a word cloud (``fk-poll-words``), and ``fk-poll-submit``.

The form shows the answer given before and may be sent again to change it while the poll is
open; the store checks every answer (the toggles only help: a forged click is refused there).
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import polls as P
from facilitation.domain.escaping import esc
from facilitation.store import PollAnswer
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded


class AnswerForm:
    """One participant's answer to the poll at agenda row ``agenda_id``."""

    def __init__(self, ctx: Context, agenda_id: int, settings: P.PollSettings, saved: PollAnswer | None,
                 on_saved=None) -> None:  # noqa: ANN001 - a callback without arguments
        self.ctx, self.t = ctx, ctx.t
        self.agenda_id, self.settings = agenda_id, settings
        self.on_saved = on_saved
        t = self.t
        self.choices: list[widgets.ToggleButton] = []
        self.words: widgets.Text | None = None
        parts: list[widgets.Widget] = []
        if settings.kind == "words":
            self.words = theme.text(t("Your words"), placeholder=t("e.g. green roofs, shade"),
                                    classes=["fk-poll-words"])
            parts += [self.words, theme.html(f'<p class="fk-help">{esc(self._words_help())}</p>')]
        else:
            labels = [str(p) for p in settings.points] if settings.kind == "rating" else list(settings.options)
            for label in labels:
                toggle = widgets.ToggleButton(description=label, value=False, tooltip=label,
                                              layout=widgets.Layout(width="auto"))
                toggle.add_class("fk-poll-choice")
                if settings.kind != "multiple":
                    toggle.observe(self._only_one, names="value")
                self.choices.append(toggle)
            kind = "fk-poll-scale" if settings.kind == "rating" else "fk-poll-options"
            parts.append(theme.box(self.choices, classes=["fk-poll-choices", kind],
                                   horizontal=settings.kind == "rating"))
            parts.append(theme.html(f'<p class="fk-help">{esc(self._choice_help())}</p>'))
        self.submit = theme.button(t("Send answer"), kind="primary", classes=["fk-poll-submit"])
        self.submit.on_click(lambda _b: self.save())
        self.notice = Notice(t)
        parts += [theme.add_classes(widgets.HBox([self.submit]), ["fk-actions"]), self.notice]
        self.root = theme.box(parts, classes=["fk-poll-form"])
        if saved is not None:
            self._fill(saved)

    def _words_help(self) -> str:
        return self.t("Up to {n} entries of up to {w} words each, separated by commas.").format(
            n=P.MAX_ENTRIES, w=P.MAX_ENTRY_WORDS)

    def _choice_help(self) -> str:
        t, s = self.t, self.settings
        if s.kind == "rating":
            ends = " · ".join(x for x in (f"1 = {s.low_label}" if s.low_label else "",
                                          f"{s.scale} = {s.high_label}" if s.high_label else "") if x)
            return ends or t("Pick one point of the scale.")
        if s.kind == "multiple":
            if s.max_choices:
                return t.ngettext("Choose up to {n} option.", "Choose up to {n} options.",
                                  s.max_choices).format(n=s.max_choices)
            return t("Choose all that apply.")
        return t("Choose one option.")

    def _only_one(self, change: dict) -> None:
        """Single choice and rating: turning one toggle on turns the others off."""
        if change["new"]:
            for toggle in self.choices:
                if toggle is not change["owner"] and toggle.value:
                    toggle.value = False

    def _fill(self, saved: PollAnswer) -> None:
        if self.words is not None:
            self.words.value = ", ".join(saved.words)
        else:
            picked = {c - 1 if self.settings.kind == "rating" else c for c in saved.choices}
            for i, toggle in enumerate(self.choices):
                toggle.value = i in picked
        self.submit.description = self.t("Change answer")

    def picked(self) -> list[int]:
        """The choices as toggled: option indexes, or the scale's point for a rating."""
        offset = 1 if self.settings.kind == "rating" else 0
        return [i + offset for i, toggle in enumerate(self.choices) if toggle.value]

    def save(self) -> bool:
        """Send the answer (or the changed one); the typed words stay when it is refused."""
        t = self.t
        if self.words is None and not self.picked():
            self.notice.error(t("Please choose an answer first."))
            return False

        def action() -> str:
            if self.words is not None:
                store.answer_poll(self.ctx.db, self.ctx.code, self.ctx.token, self.agenda_id,
                                  words=P.split_entries(self.words.value))
            else:
                store.answer_poll(self.ctx.db, self.ctx.code, self.ctx.token, self.agenda_id, choices=self.picked())
            self.submit.description = t("Change answer")
            return t("Thank you! Your answer is saved; you can change it while the poll is open.")

        done = guarded(self.notice, action)
        if done and self.on_saved is not None:
            self.on_saved()
        return done
