"""Round 2 from this workshop (``fk-round-two``): its date, its steps and one button on the console's Prepare tab.

The form asks for the next round's date (``fk-round-two-date``) and which steps of this round's
agenda it runs (``fk-round-two-steps``: one checkbox ``fk-round-two-step`` per step, all but the
welcome ticked): the chosen steps, in this agenda's order, are the new round's agenda, so it
starts where the work goes on instead of at "Welcome".

``store.create_round_two`` copies the challenge(s), the map, the groups, the ideas with their
votes (as carried votes) and the participants who chose to be recognised into a new workshop,
and returns its facilitator key once; the panel shows the new join link and console link
(``fk-round-two-links``). Once a next round exists the panel names it instead of offering a
second copy. The store checks the key (a steering role of this round, or an organiser's key: the
organiser page shows the same panel in a workshop's editor).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import InvalidValue
from facilitation.store import Created
from facilitation.domain import links as pages
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.shell import step_name


class RoundTwoPanel:
    """The "Create round 2" panel of ``ctx``'s workshop (``ctx.key`` must steer it)."""

    def __init__(self, ctx: Context, *, base: str | None = None,
                 after: Callable[[Created], None] | None = None) -> None:
        """``base``: the server's address for the links (None: as the page's browser reached it);
        ``after``: called with the new round once it is created (the organiser lists it)."""
        self.ctx, self.t, self.base, self.after = ctx, ctx.t, base, after
        t = self.t
        self.notice = Notice(self.t)
        self.title = theme.text(t("Title of the next round (optional)"), classes=["fk-round-two-title"])
        self.date = widgets.DatePicker(description=t("Date of round 2"), _dom_classes=("fk-field", "fk-round-two-date"))
        self.date.style.description_width = "initial"
        agenda = store.agenda(ctx.db, ctx.workshop.id)
        self.step_names = [item.step for item in agenda]
        self.step_boxes = [widgets.Checkbox(value=item.step != store.ROUND_TWO_WELCOME, indent=False,
                                            description=item.title or step_name(t, item.step),
                                            _dom_classes=("fk-check", "fk-round-two-step", f"fk-round-two-step-{n}"))
                           for n, item in enumerate(agenda, start=1)]
        steps_label = t("Steps of round 2 (its agenda, in this order)")
        self.steps = theme.box([theme.html(f'<p class="fk-help">{esc(steps_label)}</p>'), *self.step_boxes],
                               classes=["fk-round-two-steps"])
        self.create_button = theme.button(t("Create round 2"), kind="primary", classes=["fk-round-two-create"],
                                          tooltip=t("A new workshop that starts from this one's results"))
        self.create_button.on_click(lambda _b: self.create())
        self.links = theme.html(classes=["fk-round-two-links"])
        heading = t("The next round")
        why = t("Round 2 starts from this session: the same challenge, map and groups, every idea on the wall "
                "with its votes, and the participants who chose to be recognised. Experts build scenarios on it. "
                "Choose its date and the steps it runs.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(why)}</p>')
        self.form = theme.box([self.title, self.date, self.steps, self.create_button], classes=["fk-round-two-form"])
        self.root = theme.panel([head, self.form, self.notice, self.links], classes=["fk-form", "fk-round-two"])
        self.refresh(None)

    def refresh(self, topics: set[str] | None) -> None:
        """Name the next round when one exists (created here or elsewhere)."""
        if topics is not None and "workshop" not in topics:
            return
        nxt = store.next_round(self.ctx.db, self.ctx.workshop.id)
        theme.show(self.form, nxt is None)
        if nxt is not None and not self.links.value:
            text = self.t("Round {n} exists: “{title}”, join code {code}.").format(n=nxt.round, title=nxt.title,
                                                                                  code=nxt.code)
            self.links.value = f'<p class="fk-help">{esc(text)}</p>'

    def create(self) -> bool:
        t = self.t

        def action() -> str:
            from facilitation.ui.kit.links import base_url

            title = self.title.value.strip() if isinstance(self.title.value, str) else ""
            if not isinstance(self.date.value, Date):
                raise InvalidValue(t("Date of round 2"), t("choose the day round 2 takes place."))
            steps = [name for name, box in zip(self.step_names, self.step_boxes, strict=True) if box.value is True]
            created = store.create_round_two(self.ctx.db, self.ctx.code, self.ctx.key or "", title=title or None,
                                             date=self.date.value, steps=steps)
            base = self.base if self.base is not None else base_url()
            w = created.workshop
            join = pages.participant_link(base, w.code)
            console = pages.facilitator_link(base, w.code, created.key)
            ready = t("Round {n} is ready: “{title}”").format(n=w.round, title=w.title)
            join_label = t("Participant link")
            console_label = t("Facilitator link (it carries the key; shown only now):")
            self.links.value = (f'<div class="fk-panel-title">{esc(ready)}</div>'
                                f'<p class="fk-help">{esc(join_label)}</p><a class="fk-round-two-join" '
                                f'href="{esc(join)}" target="_blank" rel="noopener">{esc(join)}</a>'
                                f'<p class="fk-help">{esc(console_label)}</p><a class="fk-round-two-console" '
                                f'href="{esc(console)}" target="_blank" rel="noopener">{esc(console)}</a>')
            theme.show(self.form, False)
            made.append(created)
            return t.ngettext("Round {n} created for {date} with {count} step, the ideas and votes of this round.",
                              "Round {n} created for {date} with {count} steps, the ideas and votes of this round.",
                              len(steps)).format(n=w.round, date=w.date.isoformat() if w.date else "",
                                                 count=len(steps))

        made: list[Created] = []
        ok = guarded(self.notice, action)
        if made and self.after is not None:
            self.after(made[0])
        return ok

    def close(self) -> None:
        theme.close_tree(self.root)
