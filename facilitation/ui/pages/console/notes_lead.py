"""The console a note-taker's link opens: the notes of the discussion steps, nothing else (issue 24).

The link (role ``note-taker``) may write notes and take-aways (action ``notes``); it may not
steer. The page follows the step the facilitator opens: during a discussion step it shows the
step's console view (the note form and the notes, live); during any other step, where the store
would refuse a note, it says when the form comes back.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc
from facilitation.ui.kit.shell import StepHost, current_position, stepbar, workshop_header

NOTES_STEP = "discussion"


class NoteTakerPage:
    """The note-taker's page body; ``on_change`` is the console's, for this role."""

    def __init__(self, ctx: Context, workshop: Workshop, *, link: widgets.Widget, notice: Notice,
                 host: StepHost) -> None:
        self.ctx, self.t, self.workshop, self.host = ctx, ctx.t, workshop, host
        t = self.t
        header = workshop_header(workshop, extra=t("Note-taker"), language=t.language)
        self.stepbar = theme.html(classes=["fk-stepbar-box"])
        wait = t("The note form opens here when the facilitator opens a discussion step.")
        self.waiting = theme.html(f'<p class="fk-help">{esc(wait)}</p>', classes=["fk-note-waiting"])
        self.root = theme.app_root([link, header, self.stepbar, self.waiting, notice, host.box], role="facilitator",
                                   classes=["fk-console", "fk-console-notes"])

    def on_change(self, topics: set[str]) -> None:
        switched = False
        if topics & {"phase", "agenda"}:
            self.workshop = store.get_workshop_by_id(self.ctx.db, self.workshop.id)
            items, index, step = current_position(self.ctx, self.workshop)
            self.stepbar.value = stepbar(self.t, items, index, "facilitator")
            theme.show(self.waiting, step != NOTES_STEP)
            if step == NOTES_STEP:
                switched = self.host.show(step)
            else:
                self.host.close_view()
                switched = True
        if not switched:
            self.host.refresh(topics)
