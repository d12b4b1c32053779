"""A city's homework for one breakout group: the group's own challenge (``fk-group-homework``).

The homework page (``challenge.ipynb``) opened with a city link bound to a group shows this form
instead of the workshop's challenge form: the store saves the text with
``save_group_challenge`` and refuses any other group for that key, and the map features the
link draws go to its group. Every text is escaped where it is shown.
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain.groups import Group, group_label
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded


class GroupChallengeForm:
    """The title and description of ``group``'s challenge, saved with the page's key."""

    def __init__(self, ctx: Context, group: Group) -> None:
        self.ctx, self.t, self.group_id = ctx, ctx.t, group.id
        t = self.t
        self.notice = Notice(self.t)
        self.title = theme.text(t("Challenge title"), value=group.challenge_title,
                                classes=["fk-group-challenge-title-input"])
        self.text = theme.textarea(t("Challenge description"), value=group.challenge_text,
                                   classes=["fk-group-challenge-text"])
        self.save_button = theme.button(t("Save the group's challenge"), kind="primary",
                                        classes=["fk-group-challenge-save"])
        self.save_button.on_click(lambda _b: self.save())
        heading = t("The challenge of {group}").format(group=group_label(group, t))
        why = t("This link is for one group: its members see this challenge and what you mark on the map.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(why)}</p>')
        self.root = theme.panel([head, self.title, self.text, self.notice, self.save_button],
                                classes=["fk-form", "fk-group-homework"])

    def save(self) -> bool:
        t = self.t

        def action() -> str:
            group = store.save_group_challenge(self.ctx.db, self.ctx.code, self.ctx.key or "", self.group_id,
                                               title=str(self.title.value or ""), text=str(self.text.value or ""))
            return t("The challenge of {group} is saved.").format(group=group_label(group, t))

        return guarded(self.notice, action)
