"""What a page mounts in one line: the console's meeting-and-materials panel, the participant's materials.

Both follow the live feed: pass the changed topics to ``refresh``. They are built lazily by
their page (``anywidget`` and the record's queries are not on a participant's first paint).
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain.programmes import MeetingItem
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.materials import MaterialsList, MaterialUpload
from facilitation.ui.steps.meeting.record import MeetingRecord

MATERIAL_TOPICS = {"materials", "meeting"}
PANEL_TOPICS = MATERIAL_TOPICS


def has_record(ctx: Context) -> bool:
    """True when the workshop keeps a meeting record (agenda items or action items stored)."""
    return bool(store.meeting(ctx.db, ctx.code)) or bool(store.list_actions(ctx.db, code=ctx.code))


class ConsoleMeetingPanel:
    """The facilitator's panel on the Prepare tab: the materials and their upload, and where the meeting
    record went (a decisions step of the agenda records decisions and action items; issue 24)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.materials = MaterialsList(ctx.db, ctx.code, ctx.t, key=ctx.key)
        self.upload = MaterialUpload(ctx.db, ctx.code, ctx.key, ctx.t, on_added=self.materials.refresh)
        files = theme.panel([self.materials.root, self.upload.root], classes=["fk-materials-panel"])
        heading = t("Decisions and action items")
        hint = t("Record them in a Decisions step: add one to the agenda above, "
                 "open it in the “Run the session” tab.")
        where = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(hint)}</p>',
                           classes=["fk-meeting-moved"])
        self.root = theme.box([theme.panel([where]), files], classes=["fk-meeting-console"])
        self._items_changed(store.meeting(ctx.db, ctx.code))

    def _items_changed(self, items: list[MeetingItem]) -> None:
        self.upload.set_items([(i.topic or self.t("Item {n}").format(n=i.position), i.id) for i in items])

    def refresh(self, topics: set[str] | None) -> None:
        """Re-render from the store for the topics that changed (None: everything, as on opening)."""
        topics = PANEL_TOPICS if topics is None else set(topics)
        if topics & PANEL_TOPICS:
            if "meeting" in topics:
                self._items_changed(store.meeting(self.ctx.db, self.ctx.code))
            self.materials.refresh(topics)
            self.upload.refresh(topics)

    def close(self) -> None:
        theme.close_tree(self.root)


class ParticipantMaterialsPanel:
    """The participant's panel: the workshop's materials (before and after the session) and,
    when the workshop keeps one, the live meeting record (hidden while a decisions step, which shows
    it, is open)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.materials = MaterialsList(ctx.db, ctx.code, ctx.t, token=ctx.token)
        self.record: MeetingRecord | None = None
        self.record_box = theme.box(classes=["fk-meeting-slot"])
        self.root = theme.box([self.record_box, theme.panel([self.materials.root], classes=["fk-materials-panel"])],
                              classes=["fk-participant-materials"])
        self._sync_record()
        self._sync_step()

    def _sync_step(self) -> None:
        """Show the record except while the decisions step is open (the step shows the same record)."""
        workshop = self.ctx.workshop
        open_step = store.current_step(self.ctx.db, workshop).step if store.agenda(self.ctx.db, workshop.id) else ""
        theme.show(self.record_box, open_step != "decisions")

    def _sync_record(self) -> None:
        if self.record is None and has_record(self.ctx):
            self.record = MeetingRecord(self.ctx)
            self.record_box.children = (self.record.root,)

    def refresh(self, topics: set[str]) -> None:
        if "phase" in topics or "agenda" in topics:
            self._sync_step()
        if not set(topics) & PANEL_TOPICS:
            return
        self.materials.refresh(topics)
        if self.record is None:
            self._sync_record()
        else:
            self.record.refresh(topics)

    def close(self) -> None:
        theme.close_tree(self.root)
